import type { EventEmitter } from 'node:events';

import { describe, expect, it, type Mock, vi } from 'vitest';

import type { SavePathChooser } from '/@/src-main/ipc/context';
import type { NodeProcessLauncher } from '/@/src-main/rehearsal/intune';
import { KeyringSecretStore } from '/@/src-main/secrets';

import type { FakeWindow } from './fakes';
import { fakeRuntime } from './fakes';

const mocks = vi.hoisted(() => ({ windows: [] as unknown[], createRuntime: vi.fn() }));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const { FakeApp, FakeIpcMain, FakeWindow: Window, fakeSession } = await import('./fakes');
  const app = Object.assign(new FakeApp(), {
    getLocale: () => 'fr-BE',
    getVersion: () => '9.8.7',
    exit: vi.fn(),
  });
  return {
    app,
    BrowserWindow: Object.assign(
      vi.fn(function (this: unknown, options: object) {
        const window = new Window(options);
        mocks.windows.push(window);
        return window;
      }),
      { getFocusedWindow: vi.fn(() => mocks.windows[0] ?? null) },
    ),
    dialog: { showSaveDialog: vi.fn() },
    ipcMain: new FakeIpcMain(),
    Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((template: unknown) => ({ template })) },
    nativeTheme: { shouldUseDarkColors: false },
    session: { defaultSession: fakeSession() },
    shell: { openExternal: vi.fn() },
    utilityProcess: { fork: vi.fn(() => Object.assign(new EventEmitter(), { pid: 77, stderr: null })) },
  };
});

vi.mock('/@/src-main/ipc', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  createRuntime: mocks.createRuntime,
}));

describe('main entry', () => {
  it('should start the shell over an Electron runtime with the OS locale and the keychain when loaded', async () => {
    mocks.createRuntime.mockResolvedValue(fakeRuntime('fr'));
    const electron = (await import('electron')) as unknown as {
      app: EventEmitter;
      ipcMain: { handle: unknown };
    };
    await import('/@/src-main/app/main');
    await vi.waitFor(() => expect(mocks.windows).toHaveLength(1));
    const options = mocks.createRuntime.mock.calls[0]?.[0];
    expect(options).toMatchObject({ transport: 'electron', osLocale: 'fr-BE', version: '9.8.7' });
    expect(options.secrets).toBeInstanceOf(KeyringSecretStore);
    const window = mocks.windows[0] as FakeWindow;
    expect(window.loadFile.mock.calls[0]?.[0]).toMatch(/[\\/]renderer[\\/]index\.html$/);
    expect(window.options.webPreferences?.preload).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(electron.ipcMain.handle).toHaveBeenCalledOnce();
  });

  it('should start the simulated tenant and open only the Microsoft sign-in page in the system browser', async () => {
    mocks.createRuntime.mockResolvedValue(fakeRuntime('fr'));
    await import('/@/src-main/app/main');
    await vi.waitFor(() => expect(mocks.createRuntime).toHaveBeenCalled());
    const options = mocks.createRuntime.mock.calls[0]?.[0] as {
      rehearsalTenant?: boolean;
      nodeLauncher: NodeProcessLauncher;
      openBrowser: (url: string) => Promise<void>;
    };
    expect(options.rehearsalTenant).toBe(true);
    // Azurite runs as a utility process: the packaged app cannot run itself as Node.
    const { utilityProcess } = (await import('electron')) as unknown as { utilityProcess: { fork: Mock } };
    const azurite = options.nodeLauncher('/app/azurite/main.js', ['--silent'], { cwd: '/tmp' });
    expect(utilityProcess.fork).toHaveBeenCalledWith(
      '/app/azurite/main.js',
      ['--silent'],
      expect.objectContaining({ cwd: '/tmp', serviceName: expect.stringContaining('Azurite') }),
    );
    expect(azurite.pid).toBe(77);
    const { shell } = (await import('electron')) as unknown as { shell: { openExternal: Mock } };
    shell.openExternal.mockResolvedValue(undefined);
    const signInPage =
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=x';
    await options.openBrowser(signInPage);
    expect(shell.openExternal).toHaveBeenCalledWith(signInPage);
    await expect(options.openBrowser('http://evil.example/authorize')).rejects.toMatchObject({
      code: 'unavailable',
      messageKey: 'identity.error.noBrowser',
    });
    expect(shell.openExternal).toHaveBeenCalledOnce();
  });

  it('should ask the native Save dialog, parented to the window, where a file goes', async () => {
    mocks.createRuntime.mockResolvedValue(fakeRuntime('fr'));
    await import('/@/src-main/app/main');
    await vi.waitFor(() => expect(mocks.createRuntime).toHaveBeenCalled());
    await vi.waitFor(() => expect(mocks.windows.length).toBeGreaterThan(0));
    const options = mocks.createRuntime.mock.calls[0]?.[0] as { chooseSavePath: SavePathChooser };
    const { dialog } = (await import('electron')) as unknown as { dialog: { showSaveDialog: Mock } };
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: 'C:\\certs\\cmg.pfx' });
    const request = {
      defaultPath: 'C:\\Users\\admin\\Documents\\cmg.pfx',
      filters: [{ name: 'PFX', extensions: ['pfx'] }],
    };
    await expect(options.chooseSavePath(request)).resolves.toBe('C:\\certs\\cmg.pfx');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(mocks.windows[0], {
      defaultPath: request.defaultPath,
      filters: [{ name: 'PFX', extensions: ['pfx'] }],
    });
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    await expect(options.chooseSavePath(request)).resolves.toBeNull();
  });
});
