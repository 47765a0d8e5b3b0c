import type { AppContext } from '../context';
import type { Handlers } from '../contract';
import { createAppHandlers } from './app-handlers';
import { createCertsHandlers } from './certs-handlers';
import { createIdentityHandlers } from './identity-handlers';
import { createWizardHandlers } from './wizard-handlers';

/** All handlers, one factory per domain; each handler only validates, delegates and maps. */
export function createHandlers(ctx: AppContext): Handlers {
  return {
    ...createWizardHandlers(ctx),
    ...createAppHandlers(ctx),
    ...createCertsHandlers({
      secrets: ctx.secrets,
      home: ctx.home,
      locale: ctx.locale,
      state: ctx.state,
      events: ctx.events,
      journal: ctx.journal,
    }),
    ...createIdentityHandlers(ctx),
  };
}

export { PRODUCT_NAME } from './wizard-handlers';
