import { z } from 'zod';

import type { StageId, StageStatus } from '../../shared';
import { channel } from './define';
import type { RpcErrorDto } from './error';
import { StageIdSchema } from './wizard';

// The generic stage channels (stage:*): every stage is observed, planned and applied through
// these, so a new stage adds no transport code. A stage's own inputs and live validation keep
// their domain channels (certs:validate-request…). Additive changes only from here on: the
// renderer's stage frame is built on these shapes.

/** What an action does to its object, as a plan line shows it (a symbol, the object, the fields). */
export const PLANNED_ACTION_KINDS = [
  'create',
  'update',
  'adopt',
  'skip',
  'check',
  'write-file',
  'store-secret',
] as const;
export type PlannedActionKind = (typeof PLANNED_ACTION_KINDS)[number];

/** A message as it crosses: its key and parameters (to re-render) and its text in the admin's language. */
export interface LocalizedTextDto {
  readonly messageKey: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly message: string;
}

/** A value that exists only once the object does (an appId, a thumbprint): "known after apply". */
export interface KnownAfterApplyDto {
  readonly knownAfterApply: true;
}
export type PlannedFieldValue = string | number | boolean | null;

export interface PlannedFieldDto {
  readonly name: string;
  /** Absent for an object that does not exist yet. */
  readonly before?: PlannedFieldValue;
  readonly after: PlannedFieldValue | KnownAfterApplyDto;
}

/** The object an action works on: its type and stable key (a path, a display name + tag, an id). */
export interface ActionTargetDto {
  /** e.g. `file`, `keychain-entry`, `application`, `service-principal`, `pfx-preflight`. */
  readonly type: string;
  readonly key: string;
  /** What the admin reads in the plan (a file name, an app's display name). */
  readonly label: string;
}

export interface PlannedActionDto {
  /** Stable: `<stage-id>:<object key>`, never derived from time; the journal is keyed by it. */
  readonly id: string;
  readonly kind: PlannedActionKind;
  readonly target: ActionTargetDto;
  readonly summary: LocalizedTextDto;
  /** Ids of actions that must succeed first. */
  readonly dependsOn: readonly string[];
  readonly fields?: readonly PlannedFieldDto[];
}

export type StageCheckSeverityDto = 'pass' | 'info' | 'warning' | 'error';

export interface StageCheckDto {
  readonly id: string;
  readonly severity: StageCheckSeverityDto;
  readonly message: LocalizedTextDto;
  readonly hint?: LocalizedTextDto;
}

export interface StagePlanDto {
  readonly stageId: StageId;
  /** Of the observation the plan was made from; apply refuses a plan whose world has moved. */
  readonly fingerprint: string;
  readonly actions: readonly PlannedActionDto[];
  /** What stops apply altogether (a missing input, a refused name): nothing is applied while any is left. */
  readonly blockers: readonly StageCheckDto[];
  /** Read-only findings shown with the plan (warnings, passes). */
  readonly checks: readonly StageCheckDto[];
}

/** One object as observe saw it: for the stage frame's "what exists" list. */
export interface ObservedObjectDto {
  readonly type: string;
  readonly key: string;
  readonly label: string;
  readonly exists: boolean;
}

export interface StageObservationDto {
  readonly stageId: StageId;
  /** Derived from state and journal, never set by hand. */
  readonly status: StageStatus;
  readonly fingerprint: string;
  readonly objects: readonly ObservedObjectDto[];
}

export const ACTION_OUTCOMES = [
  'pending',
  'running',
  'planned',
  'applied',
  'adopted',
  'skipped',
  'failed',
  'cancelled',
] as const;
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number];

export interface ActionRunDto {
  readonly actionId: string;
  readonly outcome: ActionOutcome;
  /** What happened, e.g. "Adopted the existing file" or the failure's text. */
  readonly message?: LocalizedTextDto;
}

export const RUN_STATES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

export interface StageRunDto {
  readonly runId: string;
  readonly stageId: StageId;
  readonly state: RunState;
  /** A dry run journals `planned` only and changes nothing. */
  readonly dryRun: boolean;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly plan: StagePlanDto;
  readonly actions: readonly ActionRunDto[];
  /** Set when state is `failed` (the first failing action's error) or `cancelled`. */
  readonly error?: RpcErrorDto;
}

/** Pushed as `stage:progress` while a run goes: one per action change, and inside long actions. */
export interface StageProgressDto {
  readonly runId: string;
  readonly stageId: StageId;
  readonly actionId: string;
  readonly outcome: ActionOutcome;
  /** Actions finished so far / in the plan. */
  readonly done: number;
  readonly total: number;
  /** Inside an action that moves bytes (an upload): how far it is. */
  readonly bytes?: { readonly done: number; readonly total: number };
  /** Bytes per second, where it applies. */
  readonly rate?: number;
  /** Seconds left, where it applies. */
  readonly etaSeconds?: number;
}

export const StageApplyRequestSchema = z
  .object({
    stageId: StageIdSchema,
    /** The fingerprint of the plan the admin reviewed; a different world gets `plan-stale`. */
    fingerprint: z.string().min(1).max(128),
    dryRun: z.boolean().optional(),
  })
  .strict();
export type StageApplyRequestDto = z.input<typeof StageApplyRequestSchema>;

/** Started, or refused because the world moved since the plan was shown: here is the new one. */
export type StageApplyResultDto =
  | { readonly outcome: 'started'; readonly runId: string }
  | { readonly outcome: 'plan-stale'; readonly plan: StagePlanDto };

export const RunIdSchema = z.string().uuid();

/** A run by its id, or the latest run of a stage (to resume the view after a reload). */
export const StageRunQuerySchema = z.union([
  z.object({ runId: RunIdSchema }).strict(),
  z.object({ stageId: StageIdSchema }).strict(),
]);

export const stagesChannels = {
  /** Reads what exists (files, keychain entries, tenant objects); changes nothing. */
  'stage:observe': channel(z.tuple([StageIdSchema])).returns<StageObservationDto>(),
  /** A fresh observe, then the stage's pure plan. */
  'stage:plan': channel(z.tuple([StageIdSchema])).returns<StagePlanDto>(),
  /** Starts a run in the background; follow it with `stage:progress` / `stage:run` or `stage:get-run`. */
  'stage:apply': channel(z.tuple([StageApplyRequestSchema])).returns<StageApplyResultDto>(),
  /** Asks the run to stop (between actions, or inside one that can stop); resolves to its state. */
  'stage:cancel': channel(z.tuple([RunIdSchema])).returns<StageRunDto | null>(),
  'stage:get-run': channel(z.tuple([StageRunQuerySchema])).returns<StageRunDto | null>(),
} as const;

export type { StageId, StageStatus };
