import type { AppContext } from '../context';
import type { Handlers } from '../contract';
import { createCertsHandlers } from './certs-handlers';
import { createIdentityHandlers } from './identity-handlers';
import { createStageHandlers } from './stage-handlers';
import { createWizardHandlers } from './wizard-handlers';

/** All handlers, one factory per domain; each handler only validates, delegates and maps. */
export function createHandlers(ctx: AppContext): Handlers {
  return {
    ...createWizardHandlers(ctx),
    ...createCertsHandlers({ ctx: ctx.stageContext, engine: ctx.engine, journal: ctx.journal }),
    ...createIdentityHandlers(ctx),
    ...createStageHandlers(ctx),
  };
}

export { PRODUCT_NAME, wizardSummary } from './wizard-handlers';
