import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';

import type { Dispatch, EventBus, RpcResponse } from '../ipc';
import type { Locale, Logger } from '../shared';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';
import { isOwnRendererUrl } from './security-restrictions';
import { SHELL_TEXT } from './shell-text';

export type IpcMainPort = Pick<IpcMain, 'handle' | 'removeHandler'>;
export type TrustedContents = Pick<WebContents, 'mainFrame' | 'send' | 'isDestroyed'>;
type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

export interface IpcBridgeOptions {
  readonly ipcMain: IpcMainPort;
  readonly dispatch: Dispatch;
  readonly events: Pick<EventBus, 'subscribe'>;
  /** Our window's contents, or null while there is none. Only it may call, only it is told. */
  readonly trustedContents: () => TrustedContents | null;
  /** `file://…/out/renderer/index.html` */
  readonly rendererUrl: string;
  readonly locale: () => Locale;
  readonly logger: Logger;
}

/**
 * Why a sender is refused, or null when it is our renderer's main frame showing our page.
 * Like VS Code's validated ipcMain: the frame must still exist (it is null once navigated away
 * or destroyed), be the top frame of our own window, and be showing our file:// page, so an
 * iframe or a page that somehow got into a window cannot reach the services.
 */
export function senderRefusal(
  event: SenderEvent,
  trusted: TrustedContents | null,
  rendererUrl: string,
): string | null {
  if (!trusted || trusted.isDestroyed()) return 'no window';
  if (event.sender !== trusted) return 'other web contents';
  const frame = event.senderFrame;
  if (!frame) return 'frame gone';
  const main = trusted.mainFrame;
  if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId)
    return 'not the main frame';
  if (!isOwnRendererUrl(frame.url, rendererUrl)) return 'foreign page';
  return null;
}

/**
 * The only `ipcMain.handle` of the app: one channel carrying (channel name, args) to the
 * runtime's dispatcher, which validates both. Runtime events go to our window only.
 * Returns a function that removes the handler and the subscription.
 */
export function registerIpcBridge(options: IpcBridgeOptions): () => void {
  const { ipcMain, dispatch, events, trustedContents, rendererUrl, locale, logger } = options;

  ipcMain.handle(INVOKE_CHANNEL, async (event, channelName: unknown, args: unknown): Promise<RpcResponse> => {
    const refusal = senderRefusal(event, trustedContents(), rendererUrl);
    if (refusal !== null) {
      logger.warn('refused an IPC call from an untrusted sender', { reason: refusal });
      return {
        ok: false,
        error: {
          code: 'forbidden',
          messageKey: 'shell.forbiddenSender',
          message: SHELL_TEXT[locale()].forbiddenSender,
        },
      };
    }
    return dispatch(channelName, args);
  });

  const unsubscribe = events.subscribe((name, payload) => {
    const contents = trustedContents();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(INVOKE_CHANNEL);
  };
}
