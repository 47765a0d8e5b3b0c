import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

/** The product name shown in the title bar before the renderer sets its own title. */
export const WINDOW_TITLE = 'Co-management Setup Assistant';
/** Same colours as the renderer's `--bg` (src-renderer/app.css), so the first frame doesn't flash. */
export const BACKGROUND_LIGHT = '#f3f3f3';
export const BACKGROUND_DARK = '#202020';

export interface WindowSettings {
  readonly preloadPath: string;
  readonly darkTheme: boolean;
  readonly devTools: boolean;
}

/**
 * Every hardening flag is spelled out even where it is Electron's default, so a reviewer (and
 * the unit test) sees the whole policy here and a future default change cannot loosen it.
 */
export function mainWindowOptions(settings: WindowSettings): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    title: WINDOW_TITLE,
    show: false,
    backgroundColor: settings.darkTheme ? BACKGROUND_DARK : BACKGROUND_LIGHT,
    webPreferences: {
      preload: settings.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: settings.devTools,
    },
  };
}

export type WindowPort = Pick<
  BrowserWindow,
  'once' | 'on' | 'show' | 'focus' | 'restore' | 'isMinimized' | 'isDestroyed' | 'loadFile' | 'webContents'
>;
export type WindowFactory = (options: BrowserWindowConstructorOptions) => WindowPort;

/** Creates the window hidden and shows it once the first frame is painted (no white flash). */
export function createMainWindow(factory: WindowFactory, settings: WindowSettings): WindowPort {
  const window = factory(mainWindowOptions(settings));
  window.once('ready-to-show', () => window.show());
  return window;
}

/** Brings an existing window to the front (used when a second instance is started). */
export function focusWindow(window: WindowPort | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
