import {
  type AccessTokenRequest,
  GraphClient,
  type GraphClientOptions,
  MemoryRequestLog,
  type Sleep,
} from '/@/src-main/graph';
import type { Emulator, EmulatorOptions } from '/@/src-main/rehearsal';

import { adminToken, manualClock, startTestEmulator, tempDir } from '../emulator/support';

/** Records every wait the client asks for and moves the emulator's clock instead of sleeping. */
export interface SleepRecorder {
  readonly waits: number[];
  readonly sleep: Sleep;
}

export function sleepRecorder(advance: (ms: number) => void = () => {}): SleepRecorder {
  const waits: number[] = [];
  const sleep: Sleep = (ms, signal) => {
    waits.push(ms);
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    advance(ms);
    return Promise.resolve();
  };
  return { waits, sleep };
}

export interface Rig {
  readonly emulator: Emulator;
  readonly clock: ReturnType<typeof manualClock>;
  readonly log: MemoryRequestLog;
  readonly recorder: SleepRecorder;
  readonly tokenRequests: AccessTokenRequest[];
  /** Every token handed to the client so far (to check none reaches the log). */
  readonly issuedTokens: string[];
  /** A fresh admin token for the API, signed by this emulator. */
  token(resource?: 'graph' | 'arm'): Promise<string>;
  readonly client: GraphClient;
  /** A client on the same emulator with other options (same log and recorder unless given). */
  clientWith(overrides: Partial<GraphClientOptions>): GraphClient;
  /** Before each test: a freshly seeded tenant, an empty log, no recorded waits or token requests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** An emulator on a manual clock plus a client with a sleep recorder, an in-memory log and fast retries. */
export async function startRig(options: EmulatorOptions = {}): Promise<Rig> {
  const clock = manualClock();
  const data = tempDir();
  const emulator = await startTestEmulator({ port: 0, dataDir: data.dir, now: clock.now, ...options });
  const log = new MemoryRequestLog();
  const recorder = sleepRecorder(clock.advance);
  const tokenRequests: AccessTokenRequest[] = [];
  const issuedTokens: string[] = [];
  const token = async (resource: 'graph' | 'arm' = 'graph'): Promise<string> => {
    const issued = await adminToken(emulator, resource);
    issuedTokens.push(issued);
    return issued;
  };
  const base: GraphClientOptions = {
    graphBaseUrl: emulator.graphBaseUrl,
    armBaseUrl: emulator.armBaseUrl,
    // Issued per request on the emulator's clock, so a test that moves the clock never ages it out.
    getAccessToken: (request) => {
      tokenRequests.push(request);
      return token(request.resource);
    },
    requestLog: log,
    sleep: recorder.sleep,
    retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 60_000, maxTotalMs: 120_000, random: () => 0.5 },
    timeoutMs: 5_000,
  };
  return {
    emulator,
    clock,
    log,
    recorder,
    tokenRequests,
    issuedTokens,
    token,
    client: new GraphClient(base),
    clientWith: (overrides) => new GraphClient({ ...base, ...overrides }),
    reset: async () => {
      await emulator.reset();
      log.entries.length = 0;
      recorder.waits.length = 0;
      tokenRequests.length = 0;
    },
    close: async () => {
      await emulator.close();
      data.cleanup();
    },
  };
}

export async function objectCounts(emulator: Emulator): Promise<Record<string, number>> {
  const response = await fetch(`${emulator.baseUrl}/_emulator/objects`, {
    headers: { Authorization: `Bearer ${emulator.controlToken}` },
  });
  return (await response.json()) as Record<string, number>;
}

/** Catches the rejection of `promise` so its fields can be asserted. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
