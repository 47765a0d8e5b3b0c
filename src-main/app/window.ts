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

export type WindowPort = Pick<
  BrowserWindow,
  'once' | 'on' | 'show' | 'focus' | 'restore' | 'isMinimized' | 'isDestroyed' | 'loadFile' | 'webContents'
>;
/** Electron's BrowserWindow class, or a fake of it in tests. */
export type WindowConstructor = new (options: BrowserWindowConstructorOptions) => WindowPort;

/**
 * Creates the window hidden and shows it once the first frame is painted (no white flash).
 * Every hardening flag is spelled out even where it is Electron's default, so a reviewer, the
 * unit test and electronegativity (which reads the literal at the `new BrowserWindow` site)
 * see the whole policy here, and a future default change cannot loosen it.
 */
export function createMainWindow(BrowserWindow: WindowConstructor, settings: WindowSettings): WindowPort {
  const window = new BrowserWindow({
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
      // Middle-click would otherwise open links past setWindowOpenHandler's usual path.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: settings.devTools,
    },
  });
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
