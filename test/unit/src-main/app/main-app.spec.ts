import { describe, expect, it, vi } from 'vitest';

import { INVOKE_CHANNEL } from '/@/src-main/app/ipc-channels';
import { MainApp } from '/@/src-main/app/main-app';
import { SHELL_TEXT } from '/@/src-main/app/shell-text';
import type { WizardSummary } from '/@/src-main/ipc';

import { fakeElectron, fakeRuntime, OUT_DIR, recordingLogger, RENDERER_URL } from './fakes';

function setup(options: { dark?: boolean; locale?: 'en' | 'fr' | 'nl' } = {}) {
  const electron = fakeElectron({ dark: options.dark ?? false });
  const runtime = fakeRuntime(options.locale ?? 'en');
  const createRuntime = vi.fn(async () => runtime);
  const mainApp = new MainApp(electron.ports, { outDir: OUT_DIR, createRuntime, logger: recordingLogger() });
  return { electron, runtime, createRuntime, mainApp };
}

type MenuTemplate = { template: { label?: string }[] };

describe('MainApp', () => {
  it('should derive the renderer file URL and preload path from the build folder', () => {
    const { mainApp } = setup();
    expect(mainApp.rendererUrl).toBe(RENDERER_URL);
    expect(mainApp.preloadPath).toBe(`${OUT_DIR}/preload/index.cjs`);
  });

  it('should quit without a window or runtime when another instance holds the lock', async () => {
    const { electron, createRuntime, mainApp } = setup();
    electron.app.lockGranted = false;
    await expect(mainApp.start()).resolves.toBe(false);
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(electron.app.enableSandbox).not.toHaveBeenCalled();
    expect(createRuntime).not.toHaveBeenCalled();
    expect(electron.windows).toHaveLength(0);
    expect(electron.ipcMain.handle).not.toHaveBeenCalled();
  });

  it('should take the lock and enable the sandbox before the app is ready when starting', async () => {
    const { electron, mainApp } = setup();
    const order: string[] = [];
    electron.app.requestSingleInstanceLock.mockImplementation(() => (order.push('lock'), true));
    electron.app.enableSandbox.mockImplementation(() => void order.push('sandbox'));
    electron.app.whenReady.mockImplementation(async () => void order.push('ready'));
    await mainApp.start();
    expect(order).toEqual(['lock', 'sandbox', 'ready']);
  });

  it('should open one hidden hardened window on our renderer file when started', async () => {
    const { electron, mainApp } = setup();
    await expect(mainApp.start()).resolves.toBe(true);
    expect(electron.windows).toHaveLength(1);
    const [window] = electron.windows;
    expect(window?.options.show).toBe(false);
    expect(window?.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(window?.options.webPreferences?.devTools).toBe(false);
    expect(window?.loadFile).toHaveBeenCalledWith(`${OUT_DIR}/renderer/index.html`);
  });

  it('should paint the first frame dark when the OS uses dark colours', async () => {
    const { electron, mainApp } = setup({ dark: true });
    await mainApp.start();
    expect(electron.windows[0]?.options.backgroundColor).toBe('#202020');
  });

  it('should focus the existing window when a second instance is started', async () => {
    const { electron, mainApp } = setup();
    await mainApp.start();
    const window = electron.windows[0];
    if (!window) throw new Error('no window');
    window.minimized = true;
    electron.app.emit('second-instance', {}, ['comanage'], '/');
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
    expect(electron.windows).toHaveLength(1);
  });

  it('should harden the default session when the app is ready', async () => {
    const { electron, mainApp } = setup();
    await mainApp.start();
    const callback = vi.fn();
    electron.session.permissionRequestHandler?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(electron.session.webRequest.onHeadersReceived).toHaveBeenCalledOnce();
  });

  it('should restrict web contents created later when the window opens a page', async () => {
    const { electron, mainApp } = setup();
    await mainApp.start();
    const contents = electron.windows[0]?.webContents;
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents?.windowOpenHandler?.({ url: 'https://evil.example/' } as never)).toEqual({
      action: 'deny',
    });
  });

  it('should serve RPC from our window through the runtime when started', async () => {
    const { electron, runtime, mainApp } = setup();
    await mainApp.start();
    const contents = electron.windows[0]?.webContents;
    const handler = electron.ipcMain.handlers.get(INVOKE_CHANNEL);
    await expect(
      handler?.({ sender: contents, senderFrame: contents?.mainFrame }, 'wizard:get', []),
    ).resolves.toEqual({
      ok: true,
      value: 'dispatched',
    });
    expect(runtime.dispatch).toHaveBeenCalledOnce();
  });

  it('should build the menu in the runtime language and rebuild it when the language changes', async () => {
    const { electron, runtime, mainApp } = setup({ locale: 'fr' });
    await mainApp.start();
    const labels = (call: number) =>
      (electron.setApplicationMenu.mock.calls[call]?.[0] as MenuTemplate).template.map((item) => item.label);
    expect(labels(0)).toEqual([SHELL_TEXT.fr.file, SHELL_TEXT.fr.view, SHELL_TEXT.fr.help]);
    runtime.events.emit('wizard:changed', {} as WizardSummary);
    expect(electron.setApplicationMenu).toHaveBeenCalledOnce();
    runtime.setLocale('nl');
    runtime.events.emit('wizard:changed', {} as WizardSummary);
    expect(labels(1)).toEqual([SHELL_TEXT.nl.file, SHELL_TEXT.nl.view, SHELL_TEXT.nl.help]);
  });

  it('should quit when the last window closes', async () => {
    const { electron, mainApp } = setup();
    await mainApp.start();
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).toHaveBeenCalledOnce();
  });

  it('should hold the quit until the runtime has closed, then quit again, when the app quits', async () => {
    const { electron, runtime, mainApp } = setup();
    await mainApp.start();
    let release: () => void = () => undefined;
    vi.mocked(runtime.close).mockImplementationOnce(
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    const event = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(runtime.close).toHaveBeenCalledOnce();
    expect(electron.app.quit).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledOnce());
    const second = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(runtime.close).toHaveBeenCalledOnce();
  });

  it('should still quit when closing the runtime fails', async () => {
    const { electron, runtime, mainApp } = setup();
    await mainApp.start();
    vi.mocked(runtime.close).mockRejectedValueOnce(new Error('disk full'));
    electron.app.emit('will-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledOnce());
  });

  it('should reopen a window when the app is activated without one', async () => {
    const { electron, mainApp } = setup();
    await mainApp.start();
    electron.app.emit('activate');
    expect(electron.windows).toHaveLength(1);
    if (electron.windows[0]) electron.windows[0].destroyed = true;
    electron.app.emit('activate');
    expect(electron.windows).toHaveLength(2);
  });

  it('should fail the start when the runtime cannot be created', async () => {
    const { electron, createRuntime, mainApp } = setup();
    createRuntime.mockRejectedValueOnce(new Error('state folder not writable'));
    await expect(mainApp.start()).rejects.toThrow('state folder not writable');
    expect(electron.windows).toHaveLength(0);
  });
});
