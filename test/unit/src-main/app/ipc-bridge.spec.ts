import { describe, expect, it } from 'vitest';

import { registerIpcBridge, senderRefusal } from '/@/src-main/app/ipc-bridge';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '/@/src-main/app/ipc-channels';
import { SHELL_TEXT } from '/@/src-main/app/shell-text';
import type { WizardSummary } from '/@/src-main/ipc';

import { fakeFrame, FakeIpcMain, fakeRuntime, FakeWebContents, recordingLogger, RENDERER_URL } from './fakes';

function setup(locale: 'en' | 'fr' | 'nl' = 'en') {
  const ipcMain = new FakeIpcMain();
  const runtime = fakeRuntime(locale);
  const contents = new FakeWebContents();
  const logger = recordingLogger();
  let trusted: FakeWebContents | null = contents;
  const dispose = registerIpcBridge({
    ipcMain,
    dispatch: runtime.dispatch,
    events: runtime.events,
    trustedContents: () => trusted as never,
    rendererUrl: RENDERER_URL,
    locale: () => runtime.context.locale(),
    logger,
  });
  const call = (event: unknown, ...args: unknown[]) => ipcMain.handlers.get(INVOKE_CHANNEL)?.(event, ...args);
  const fromOurPage = { sender: contents, senderFrame: contents.mainFrame };
  return {
    ipcMain,
    runtime,
    contents,
    logger,
    dispose,
    call,
    fromOurPage,
    setTrusted: (next: FakeWebContents | null) => (trusted = next),
  };
}

describe('registerIpcBridge', () => {
  it('should register exactly one invoke handler when installed', () => {
    const { ipcMain } = setup();
    expect(ipcMain.handle).toHaveBeenCalledOnce();
    expect([...ipcMain.handlers.keys()]).toEqual([INVOKE_CHANNEL]);
  });

  it('should pass channel name and arguments to the dispatcher when our main frame calls', async () => {
    const { call, fromOurPage, runtime } = setup();
    const reply = await call(fromOurPage, 'wizard:get', ['x']);
    expect(runtime.dispatch).toHaveBeenCalledWith('wizard:get', ['x']);
    expect(reply).toEqual({ ok: true, value: 'dispatched' });
  });

  it('should hand hostile channel names and arguments to the validating dispatcher untouched', async () => {
    const { call, fromOurPage, runtime } = setup();
    await call(fromOurPage, { toString: 'x' }, 'not-a-tuple');
    expect(runtime.dispatch).toHaveBeenCalledWith({ toString: 'x' }, 'not-a-tuple');
  });

  it.each([
    [
      'a subframe of our window',
      (c: FakeWebContents) => ({
        sender: c,
        senderFrame: fakeFrame(RENDERER_URL, { parent: c.mainFrame, routingId: 9 }),
      }),
    ],
    [
      'a child frame reporting the main frame ids',
      (c: FakeWebContents) => ({ sender: c, senderFrame: { ...c.mainFrame, parent: c.mainFrame } }),
    ],
    [
      'a frame with the main frame URL but another routing id',
      (c: FakeWebContents) => ({ sender: c, senderFrame: fakeFrame(RENDERER_URL, { routingId: 2 }) }),
    ],
    [
      'a frame in another renderer process',
      (c: FakeWebContents) => ({ sender: c, senderFrame: fakeFrame(RENDERER_URL, { processId: 99 }) }),
    ],
    [
      'our main frame showing a foreign site',
      (c: FakeWebContents) => ({ sender: c, senderFrame: { ...c.mainFrame, url: 'https://evil.example/' } }),
    ],
    [
      'our main frame showing another local file',
      (c: FakeWebContents) => ({ sender: c, senderFrame: { ...c.mainFrame, url: 'file:///tmp/index.html' } }),
    ],
    ['a frame that is gone', (c: FakeWebContents) => ({ sender: c, senderFrame: null })],
    [
      'another web contents',
      () => {
        const other = new FakeWebContents();
        return { sender: other, senderFrame: other.mainFrame };
      },
    ],
  ])('should refuse with forbidden and never dispatch when the caller is %s', async (_name, makeEvent) => {
    const { call, contents, runtime, logger } = setup();
    const reply = await call(makeEvent(contents), 'wizard:get', []);
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        messageKey: 'shell.forbiddenSender',
        message: SHELL_TEXT.en.forbiddenSender,
      },
    });
    expect(runtime.dispatch).not.toHaveBeenCalled();
    expect(logger.lines.join('\n')).toContain('refused an IPC call');
  });

  it('should refuse every caller when the window is closed or destroyed', async () => {
    const { call, fromOurPage, runtime, contents, setTrusted } = setup();
    setTrusted(null);
    expect(await call(fromOurPage, 'wizard:get', [])).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    setTrusted(contents);
    contents.destroyed = true;
    expect(await call(fromOurPage, 'wizard:get', [])).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(runtime.dispatch).not.toHaveBeenCalled();
  });

  it('should word the refusal in the assistant language when it is French', async () => {
    const { call, contents } = setup('fr');
    const reply = (await call({ sender: contents, senderFrame: null })) as { error: { message: string } };
    expect(reply.error.message).toBe(SHELL_TEXT.fr.forbiddenSender);
  });

  it('should forward runtime events to our window when they are emitted', () => {
    const { runtime, contents } = setup();
    const summary = { stage: 'prerequisites' } as unknown as WizardSummary;
    runtime.events.emit('wizard:changed', summary);
    runtime.events.emit('task:progress', { taskId: 't', done: 1, total: 2, messageKey: 'k' });
    expect(contents.send.mock.calls).toEqual([
      [EVENT_CHANNEL, 'wizard:changed', summary],
      [EVENT_CHANNEL, 'task:progress', { taskId: 't', done: 1, total: 2, messageKey: 'k' }],
    ]);
  });

  it('should drop events when there is no live window to receive them', () => {
    const { runtime, contents, setTrusted } = setup();
    contents.destroyed = true;
    runtime.events.emit('task:progress', { taskId: 't', done: 0, total: 1, messageKey: 'k' });
    setTrusted(null);
    expect(() =>
      runtime.events.emit('task:progress', { taskId: 't', done: 1, total: 1, messageKey: 'k' }),
    ).not.toThrow();
    expect(contents.send).not.toHaveBeenCalled();
  });

  it('should remove the handler and stop forwarding when disposed', () => {
    const { dispose, ipcMain, runtime, contents } = setup();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    runtime.events.emit('task:progress', { taskId: 't', done: 1, total: 1, messageKey: 'k' });
    expect(contents.send).not.toHaveBeenCalled();
  });
});

describe('senderRefusal', () => {
  it('should accept our main frame when its URL carries a fragment', () => {
    const contents = new FakeWebContents();
    contents.mainFrame.url = `${RENDERER_URL}#/certificate`;
    expect(
      senderRefusal(
        { sender: contents, senderFrame: contents.mainFrame } as never,
        contents as never,
        RENDERER_URL,
      ),
    ).toBeNull();
  });
});
