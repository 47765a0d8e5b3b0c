import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';

import {
  BACKGROUND_DARK,
  BACKGROUND_LIGHT,
  createMainWindow,
  focusWindow,
  type WindowSettings,
} from '/@/src-main/app/window';

import { FakeWindow } from './fakes';

const SETTINGS = { preloadPath: '/app/out/preload/index.cjs', darkTheme: false, devTools: false };

function created(settings: WindowSettings = SETTINGS): FakeWindow {
  return createMainWindow(FakeWindow as never, settings) as unknown as FakeWindow;
}

function mainWindowOptions(settings: WindowSettings): BrowserWindowConstructorOptions {
  return created(settings).options;
}

describe('createMainWindow options', () => {
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['webviewTag', false],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['disableBlinkFeatures', 'Auxclick'],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
  ] as const)('should set %s to %s when building the window', (flag, value) => {
    expect(mainWindowOptions(SETTINGS).webPreferences?.[flag]).toBe(value);
  });

  it('should load the sandboxed CommonJS preload and nothing else when built', () => {
    const prefs = mainWindowOptions(SETTINGS).webPreferences ?? {};
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('partition');
  });

  it('should stay hidden until ready-to-show when created', () => {
    expect(mainWindowOptions(SETTINGS).show).toBe(false);
  });

  it('should follow the OS theme for the first frame when dark mode is on or off', () => {
    expect(mainWindowOptions({ ...SETTINGS, darkTheme: true }).backgroundColor).toBe(BACKGROUND_DARK);
    expect(mainWindowOptions({ ...SETTINGS, darkTheme: false }).backgroundColor).toBe(BACKGROUND_LIGHT);
  });

  it('should allow devtools only when asked to (unpackaged builds)', () => {
    expect(mainWindowOptions(SETTINGS).webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions({ ...SETTINGS, devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('createMainWindow', () => {
  it('should show the window only when its first frame is ready', () => {
    const window = created();
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });
});

describe('focusWindow', () => {
  it('should restore and focus the window when it is minimised', () => {
    const window = new FakeWindow({});
    window.minimized = true;
    focusWindow(window as never);
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
  });

  it('should do nothing when there is no window or it was destroyed', () => {
    const window = new FakeWindow({});
    window.destroyed = true;
    expect(() => focusWindow(null)).not.toThrow();
    focusWindow(window as never);
    expect(window.focus).not.toHaveBeenCalled();
  });
});
