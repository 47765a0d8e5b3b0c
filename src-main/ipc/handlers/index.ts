import type { AppContext } from '../context';
import type { Handlers } from '../contract';
import { createWizardHandlers } from './wizard-handlers';

/** All handlers, one factory per domain; each handler only validates, delegates and maps. */
export function createHandlers(ctx: AppContext): Handlers {
  return {
    ...createWizardHandlers(ctx),
  };
}

export { PRODUCT_NAME } from './wizard-handlers';
