import type { DeviceCodeDto } from './identity';
import type { StageProgressDto, StageRunDto } from './stages';
import type { WizardSummary } from './wizard';

/** Progress of a long-running task (key generation, upload…), pushed from main to renderer. */
export interface TaskProgress {
  readonly taskId: string;
  readonly done: number;
  readonly total: number;
  readonly messageKey: string;
}

/** Main → renderer push events: name → payload. */
export interface EventMap {
  'wizard:changed': WizardSummary;
  'task:progress': TaskProgress;
  /** A device-code sign-in waits: show the code, the page to open and a copy button. */
  'identity:device-code': DeviceCodeDto;
  /** A stage run moved on: an action started or finished, or a long action made progress. */
  'stage:progress': StageProgressDto;
  /** A stage run changed state (started, an action finished, succeeded, failed, cancelled). */
  'stage:run': StageRunDto;
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = [
  'wizard:changed',
  'task:progress',
  'identity:device-code',
  'stage:progress',
  'stage:run',
];
