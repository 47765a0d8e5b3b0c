// Small stand-ins for the Electron objects the shell touches. They record calls and let a test
// fire the events Electron would fire. Cast through `unknown` where the real types are huge.
import { EventEmitter } from 'node:events';

import type { BrowserWindowConstructorOptions, HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import { vi } from 'vitest';

import type { ElectronPorts } from '/@/src-main/app/main-app';
import { EventBus, type Runtime } from '/@/src-main/ipc';
import type { Locale, Logger } from '/@/src-main/shared';

export const OUT_DIR = '/opt/comanage/resources/app.asar/out';
export const RENDERER_URL = 'file:///opt/comanage/resources/app.asar/out/renderer/index.html';

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

export function fakeFrame(url: string, ids: Partial<Omit<FakeFrame, 'url'>> = {}): FakeFrame {
  return { url, parent: null, processId: 7, routingId: 1, ...ids };
}

export class FakeWebContents extends EventEmitter {
  mainFrame: FakeFrame = fakeFrame(RENDERER_URL);
  destroyed = false;
  readonly send = vi.fn();
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  readonly setWindowOpenHandler = vi.fn((handler: (details: HandlerDetails) => WindowOpenHandlerResponse) => {
    this.windowOpenHandler = handler;
  });
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  minimized = false;
  destroyed = false;
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn(() => {
    this.minimized = false;
  });
  readonly loadFile = vi.fn(async (_path: string) => undefined);
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeApp extends EventEmitter {
  lockGranted = true;
  isPackaged = true;
  readonly requestSingleInstanceLock = vi.fn(() => this.lockGranted);
  readonly quit = vi.fn();
  readonly enableSandbox = vi.fn();
  readonly whenReady = vi.fn(async () => undefined);
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();
  readonly handle = vi.fn((channel: string, handler: InvokeHandler) => {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  });
  readonly removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
}

export interface FakeSession {
  permissionRequestHandler:
    | ((
        contents: unknown,
        permission: string,
        callback: (granted: boolean) => void,
        details?: { requestingUrl?: string },
      ) => void)
    | null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null;
  headersListener:
    | ((
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void)
    | null;
  setPermissionRequestHandler: ReturnType<typeof vi.fn>;
  setPermissionCheckHandler: ReturnType<typeof vi.fn>;
  webRequest: { onHeadersReceived: ReturnType<typeof vi.fn> };
}

export function fakeSession(): FakeSession {
  const session: FakeSession = {
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    headersListener: null,
    setPermissionRequestHandler: vi.fn((handler: FakeSession['permissionRequestHandler']) => {
      session.permissionRequestHandler = handler;
    }),
    setPermissionCheckHandler: vi.fn((handler: FakeSession['permissionCheckHandler']) => {
      session.permissionCheckHandler = handler;
    }),
    webRequest: {
      onHeadersReceived: vi.fn((listener: FakeSession['headersListener']) => {
        session.headersListener = listener;
      }),
    },
  };
  return session;
}

export interface RecordingLogger extends Logger {
  readonly lines: string[];
}

/** Keeps `level message fields` lines so a test can check what was (not) logged. */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    };
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}

export interface FakeRuntime extends Runtime {
  setLocale(locale: Locale): void;
}

export function fakeRuntime(locale: Locale = 'en'): FakeRuntime {
  let current = locale;
  const runtime = {
    dispatch: vi.fn(async () => ({ ok: true as const, value: 'dispatched' })),
    events: new EventBus(),
    context: { locale: () => current },
    close: vi.fn(async () => undefined),
    setLocale: (next: Locale) => {
      current = next;
    },
  };
  return runtime as unknown as FakeRuntime;
}

export interface FakeElectron {
  ports: ElectronPorts;
  app: FakeApp;
  windows: FakeWindow[];
  ipcMain: FakeIpcMain;
  session: FakeSession;
  openExternal: ReturnType<typeof vi.fn>;
  setApplicationMenu: ReturnType<typeof vi.fn>;
}

export function fakeElectron(options: { dark?: boolean; platform?: NodeJS.Platform } = {}): FakeElectron {
  const app = new FakeApp();
  const windows: FakeWindow[] = [];
  const ipcMain = new FakeIpcMain();
  const session = fakeSession();
  const openExternal = vi.fn(async () => undefined);
  const setApplicationMenu = vi.fn();
  const ports = {
    app,
    BrowserWindow: class extends FakeWindow {
      constructor(windowOptions: BrowserWindowConstructorOptions) {
        super(windowOptions);
        windows.push(this);
      }
    },
    ipcMain,
    shell: { openExternal },
    defaultSession: () => session,
    menu: { setApplicationMenu, buildFromTemplate: (template: unknown) => ({ template }) },
    nativeTheme: { shouldUseDarkColors: options.dark ?? false },
    platform: options.platform ?? 'win32',
  } as unknown as ElectronPorts;
  return { ports, app, windows, ipcMain, session, openExternal, setApplicationMenu };
}
