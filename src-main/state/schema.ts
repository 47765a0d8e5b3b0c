import { z } from 'zod';

import { LOCALES, STAGE_IDS, STAGE_STATUSES, type StageId, type StageStatus } from '../shared';

export const STATE_VERSION = 1;

const StageStatusesSchema = z
  .partialRecord(z.enum(STAGE_IDS), z.enum(STAGE_STATUSES))
  .transform(
    (partial) =>
      Object.fromEntries(STAGE_IDS.map((id) => [id, partial[id] ?? 'not-started'])) as Record<
        StageId,
        StageStatus
      >,
  );

/**
 * The persisted wizard state: non-secret facts only. A section per stage is added as the stage
 * is built; unknown keys are dropped on read, so an older file always loads.
 */
export const WizardStateSchema = z.object({
  version: z.literal(STATE_VERSION),
  language: z.enum(LOCALES).nullable().default(null),
  currentStage: z.enum(STAGE_IDS).default('prerequisites'),
  stages: StageStatusesSchema.prefault({}),
  certificate: z
    .object({
      /** CN of the CMG certificate in use, pinned for renewal (case-sensitive). */
      currentCn: z.string().max(64).optional(),
      lastRequestId: z.string().max(64).optional(),
    })
    .default({}),
});
export type WizardState = z.output<typeof WizardStateSchema>;

export function defaultState(): WizardState {
  return WizardStateSchema.parse({ version: STATE_VERSION });
}
