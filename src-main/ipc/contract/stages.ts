import { z } from 'zod';

import type { StageObservationDto, StagePlanDto, StageRunDto } from '../../shared';
import { channel } from './define';
import { StageIdSchema } from './wizard';

export {
  ACTION_OUTCOMES,
  type ActionOutcome,
  type ActionRunDto,
  type ActionTargetDto,
  type KnownAfterApplyDto,
  type LocalizedTextDto,
  type ObservedObjectDto,
  PLANNED_ACTION_KINDS,
  type PlannedActionDto,
  type PlannedActionKind,
  type PlannedFieldDto,
  type PlannedFieldValue,
  RUN_STATES,
  type RunState,
  type StageCheckDto,
  type StageCheckSeverityDto,
  type StageErrorDto,
  type StageObservationDto,
  type StagePlanDto,
  type StageProgressDto,
  type StageRunDto,
} from '../../shared';

// The generic stage channels (stage:*): every stage is observed, planned and applied through
// these, so a new stage adds no transport code. A stage's own inputs and live validation keep
// their domain channels (certs:validate-request…). Additive changes only from here on: the
// renderer's stage frame is built on these shapes.

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
