import { join } from 'node:path';

import { checkForUpdate, forgetAll, readThirdPartyLicenses, UPDATE_URL_VARIABLE } from '../../maintenance';
import { AppError } from '../../shared';
import type { AppContext } from '../context';
import type { Handlers } from '../contract';
import { PRODUCT_NAME } from './wizard-handlers';

type AppHandlers = Pick<
  Handlers,
  'app:get-about' | 'app:check-update' | 'app:open-logs-folder' | 'app:forget-everything'
>;

/** The About dialog, the update check that only tells, and "Forget everything". */
export function createAppHandlers(ctx: AppContext): AppHandlers {
  const logsFolder = join(ctx.home, 'logs');
  return {
    'app:get-about': async () => ({
      productName: PRODUCT_NAME,
      version: ctx.version,
      runtime: ctx.runtimeVersions,
      dataFolder: ctx.home,
      logsFolder,
      licenses: ctx.licensesFile ? await readThirdPartyLicenses(ctx.licensesFile) : null,
      updateCheckConfigured: Boolean(ctx.env[UPDATE_URL_VARIABLE]?.trim()),
      canOpenFolders: ctx.openFolder !== null,
    }),
    'app:check-update': () =>
      checkForUpdate({ url: ctx.env[UPDATE_URL_VARIABLE], currentVersion: ctx.version }),
    'app:open-logs-folder': async () => {
      if (!ctx.openFolder) throw new AppError('unavailable', 'app.folder.unavailable');
      await ctx.openFolder(logsFolder);
    },
    'app:forget-everything': async () => {
      const summary = await forgetAll({
        home: ctx.home,
        secrets: ctx.secrets,
        state: ctx.state,
        signOut: () => ctx.identity.signOut(),
        ...(ctx.tenant ? { resetRehearsalTenant: ctx.tenant.reset } : {}),
      });
      const state = ctx.state.read();
      ctx.events.emit('wizard:changed', { currentStage: state.currentStage, stages: state.stages });
      return summary;
    },
  };
}
