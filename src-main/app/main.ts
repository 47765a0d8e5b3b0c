// Electron main entry (built to out/main/index.js). Wiring only: the behaviour is in MainApp.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  session,
  shell,
  utilityProcess,
} from 'electron';

import { createRuntime } from '../ipc';
import { THIRD_PARTY_LICENSES_FILE } from '../maintenance';
import { KeyringSecretStore } from '../secrets';
import { AppError, createRedactingLogger } from '../shared';
import { APP_LOG_FILE, resolveHome, rotatingLogSink } from '../state';
import { MainApp } from './main-app';
import { openExternalIfAllowed } from './security-restrictions';
import { utilityProcessLauncher } from './utility-process';

// Every line goes to stderr and, rotated, to <home>/logs/app.log (the About dialog links the folder).
const appLog = rotatingLogSink(join(resolveHome(process.env), 'logs', APP_LOG_FILE));
const logger = createRedactingLogger((line) => {
  process.stderr.write(`${line}\n`);
  appLog(line);
});
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const mainApp = new MainApp(
  {
    app,
    BrowserWindow,
    ipcMain,
    shell,
    defaultSession: () => session.defaultSession,
    menu: Menu,
    nativeTheme,
    platform: process.platform,
  },
  {
    outDir,
    createRuntime: () =>
      createRuntime({
        transport: 'electron',
        osLocale: app.getLocale(),
        version: app.getVersion(),
        logger,
        secrets: new KeyringSecretStore(),
        rehearsalTenant: true,
        licensesFile: join(outDir, THIRD_PARTY_LICENSES_FILE),
        openFolder: async (path) => {
          const failure = await shell.openPath(path);
          if (failure) throw new AppError('unavailable', 'app.folder.unavailable');
        },
        // Azurite cannot run through `process.execPath` (the app itself, `runAsNode` fuse off).
        nodeLauncher: utilityProcessLauncher(utilityProcess, {
          serviceName: 'Azurite (rehearsal blob store)',
        }),
        // Files the admin saves (CSR, INF, PFX) go where the native Save dialog says.
        chooseSavePath: async ({ defaultPath, filters }) => {
          const options = {
            defaultPath,
            filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
          };
          const parent = BrowserWindow.getFocusedWindow();
          const result = parent
            ? await dialog.showSaveDialog(parent, options)
            : await dialog.showSaveDialog(options);
          return result.canceled || !result.filePath ? null : result.filePath;
        },
        // MSAL's sign-in page (login.microsoftonline.com) goes to the system browser, past the allow-list.
        openBrowser: async (url) => {
          if (!openExternalIfAllowed(shell, url, logger)) {
            throw new AppError('unavailable', 'identity.error.noBrowser');
          }
        },
      }),
    logger,
  },
);

mainApp.start().catch((error: unknown) => {
  logger.error('the assistant could not start', {
    error: error instanceof Error ? error.message : String(error),
  });
  app.exit(1);
});
