import type { EmulatorContext } from '../context';
import type { Router } from '../router';
import type { EmulatorRequest, EmulatorResponse } from '../types';
import { registerApplicationRoutes } from './applications';
import { registerArmRoutes } from './arm';
import { registerBatchRoute } from './batch';
import { registerDirectoryRoutes } from './directory';
import { registerPolicyRoutes } from './policies';
import { registerServicePrincipalRoutes } from './service-principals';

/** Registers the built-in Graph and ARM routes; `dispatch` lets `$batch` re-enter the pipeline. */
export function registerBuiltInRoutes(
  router: Router,
  ctx: EmulatorContext,
  dispatch: (request: EmulatorRequest) => Promise<EmulatorResponse>,
): void {
  registerDirectoryRoutes(router, ctx);
  registerPolicyRoutes(router, ctx);
  registerApplicationRoutes(router, ctx);
  registerServicePrincipalRoutes(router, ctx);
  registerBatchRoute(router, ctx, dispatch);
  registerArmRoutes(router, ctx);
}
