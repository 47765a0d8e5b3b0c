import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { App, Menu, NativeTheme } from 'electron';

import type { Runtime } from '../ipc';
import type { Locale, Logger } from '../shared';
import { type IpcMainPort, registerIpcBridge } from './ipc-bridge';
import { buildMenuTemplate } from './menu';
import {
  type AppEventsPort,
  hardenSession,
  installWebContentsRestrictions,
  openExternalIfAllowed,
  type SessionPort,
  type ShellPort,
} from './security-restrictions';
import { createMainWindow, focusWindow, type WindowConstructor, type WindowPort } from './window';

/** The parts of Electron the shell uses, passed in so that tests can hand over fakes. */
export interface ElectronPorts {
  readonly app: AppEventsPort &
    Pick<App, 'requestSingleInstanceLock' | 'quit' | 'enableSandbox' | 'whenReady' | 'isPackaged'>;
  readonly BrowserWindow: WindowConstructor;
  readonly ipcMain: IpcMainPort;
  readonly shell: ShellPort;
  /** `session.defaultSession`; only read after the app is ready. */
  readonly defaultSession: () => SessionPort;
  readonly menu: {
    setApplicationMenu(menu: Menu | null): void;
    buildFromTemplate: typeof Menu.buildFromTemplate;
  };
  readonly nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors'>;
  readonly platform: NodeJS.Platform;
}

export interface MainAppOptions {
  /** Folder holding the build: `main/`, `preload/`, `renderer/` (that is, `out/`). */
  readonly outDir: string;
  /** Called once the app is ready (the OS locale is only known then). */
  readonly createRuntime: () => Promise<Runtime>;
  readonly logger: Logger;
}

/** The Electron shell: one hardened window over the shared runtime. */
export class MainApp {
  readonly rendererPath: string;
  readonly rendererUrl: string;
  readonly preloadPath: string;
  #window: WindowPort | null = null;
  #runtime: Runtime | null = null;
  #disposeBridge: (() => void) | null = null;
  #menuLocale: Locale | null = null;
  #closed = false;

  constructor(
    private readonly electron: ElectronPorts,
    private readonly options: MainAppOptions,
  ) {
    this.rendererPath = join(options.outDir, 'renderer', 'index.html');
    this.rendererUrl = pathToFileURL(this.rendererPath).href;
    this.preloadPath = join(options.outDir, 'preload', 'index.cjs');
  }

  get window(): WindowPort | null {
    return this.#window;
  }

  /** Returns false (and quits) when another instance already runs; that one gets the focus. */
  async start(): Promise<boolean> {
    const { app, ipcMain, shell } = this.electron;
    const { logger } = this.options;
    if (!app.requestSingleInstanceLock()) {
      app.quit();
      return false;
    }
    app.on('second-instance', () => focusWindow(this.#window));
    // Sandbox every renderer, including any the window options might forget; must precede ready.
    app.enableSandbox();
    installWebContentsRestrictions(app, { rendererUrl: this.rendererUrl, shell, logger });
    app.on('window-all-closed', () => app.quit());
    // Hold the quit until the runtime has closed (pending writes, emulator, Azurite), then quit again.
    app.on('will-quit', (event) => {
      if (this.#closed) return;
      event.preventDefault();
      this.#closed = true;
      this.#disposeBridge?.();
      this.#disposeBridge = null;
      const closing = this.#runtime?.close() ?? Promise.resolve();
      closing
        .catch((error: unknown) => {
          logger.error('the runtime did not close cleanly', {
            error: error instanceof Error ? error.message : String(error),
          });
        })
        .finally(() => app.quit());
    });

    await app.whenReady();
    hardenSession(this.electron.defaultSession(), this.rendererUrl);
    const runtime = await this.options.createRuntime();
    this.#runtime = runtime;
    this.#disposeBridge = registerIpcBridge({
      ipcMain,
      dispatch: runtime.dispatch,
      events: runtime.events,
      trustedContents: () => (this.#window && !this.#window.isDestroyed() ? this.#window.webContents : null),
      rendererUrl: this.rendererUrl,
      locale: () => runtime.context.locale(),
      logger,
    });
    this.#applyMenu(runtime.context.locale());
    // The admin can switch language in the wizard; the native menu follows.
    runtime.events.subscribe(() => this.#applyMenu(runtime.context.locale()));
    app.on('activate', () => {
      if (!this.#window || this.#window.isDestroyed()) void this.#openWindow();
    });
    await this.#openWindow();
    return true;
  }

  async #openWindow(): Promise<void> {
    const window = createMainWindow(this.electron.BrowserWindow, {
      preloadPath: this.preloadPath,
      darkTheme: this.electron.nativeTheme.shouldUseDarkColors,
      devTools: !this.electron.app.isPackaged,
    });
    this.#window = window;
    await window.loadFile(this.rendererPath);
  }

  #applyMenu(locale: Locale): void {
    if (locale === this.#menuLocale) return;
    this.#menuLocale = locale;
    const { menu, shell, app, platform } = this.electron;
    const template = buildMenuTemplate({
      locale,
      isDev: !app.isPackaged,
      platform,
      openLink: (url) => openExternalIfAllowed(shell, url, this.options.logger),
    });
    menu.setApplicationMenu(menu.buildFromTemplate(template));
  }
}
