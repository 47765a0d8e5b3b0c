import type {
  AppInfo,
  ChannelName,
  EventMap,
  EventName,
  RpcApi,
  RpcErrorDto,
  StageId,
  StageStatus,
  WizardSummary,
} from '/@/src-main/ipc/contract';
import { STAGE_IDS } from '/@/src-main/shared/stages';
import { RpcError } from '/@/src-renderer/lib/api';

export interface RecordedCall {
  readonly channel: ChannelName;
  readonly args: readonly unknown[];
}

type Listener = (payload: unknown) => void;

export function summaryWith(
  currentStage: StageId,
  statuses: Partial<Record<StageId, StageStatus>> = {},
): WizardSummary {
  const stages = Object.fromEntries(STAGE_IDS.map((id) => [id, statuses[id] ?? 'not-started'])) as Record<
    StageId,
    StageStatus
  >;
  return { currentStage, stages };
}

/**
 * An in-memory RpcApi that behaves like the host for the shell's channels: it keeps the
 * language and the current stage, records every call, and can be told to refuse a channel.
 */
export class FakeApi implements RpcApi {
  info: AppInfo = {
    productName: 'Co-management Setup Assistant',
    version: '9.8.7',
    mode: 'rehearsal',
    tenantName: null,
    locale: 'en',
    localeChosen: false,
    nativeDialogs: false,
    notices: [],
  };
  summary: WizardSummary = summaryWith('prerequisites');
  /** What the "native" Save dialog answers (null: cancelled). */
  chosenSavePath: string | null = null;
  readonly calls: RecordedCall[] = [];
  readonly failures = new Map<ChannelName, RpcErrorDto | Error>();
  readonly #listeners = new Map<EventName, Set<Listener>>();

  invoke = (async (channel: ChannelName, ...args: unknown[]): Promise<unknown> => {
    this.calls.push({ channel, args });
    const failure = this.failures.get(channel);
    if (failure instanceof Error) throw failure;
    if (failure) throw new RpcError(failure);
    switch (channel) {
      case 'app:get-info':
        return this.info;
      case 'settings:set-language':
        this.info = { ...this.info, locale: args[0] as AppInfo['locale'], localeChosen: true };
        return this.info;
      case 'wizard:get-state':
        return this.summary;
      case 'app:choose-save-path':
        return { path: this.chosenSavePath };
      case 'identity:status':
        return { mode: this.info.mode, signedIn: false };
      case 'wizard:set-current-stage':
        this.summary = { ...this.summary, currentStage: args[0] as StageId };
        return this.summary;
      default:
        throw new RpcError({ code: 'invalid-input', messageKey: 'error.unknownChannel', message: channel });
    }
  }) as RpcApi['invoke'];

  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set<Listener>();
    this.#listeners.set(event, set);
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload);
  }

  listenerCount(event: EventName): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  callsTo(channel: ChannelName): readonly (readonly unknown[])[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.args);
  }
}
