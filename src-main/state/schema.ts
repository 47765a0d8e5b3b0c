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

const path = z.string().max(4096);
const SavedFileSchema = z.object({
  path,
  /** The admin confirmed replacing an existing file there (one time; cleared once written). */
  replace: z.boolean().default(false),
});

/** The request's fields as the admin typed them: structured, never a subject string to re-parse. */
export const RequestFieldsSchema = z.object({
  cn: z.string().max(1024),
  sans: z.array(z.string().max(1024)).max(200).default([]),
  org: z.string().max(1024).optional(),
  ou: z.string().max(1024).optional(),
  locality: z.string().max(1024).optional(),
  state: z.string().max(1024).optional(),
  country: z.string().max(16).optional(),
  keySize: z.number().int().optional(),
  provider: z.enum(['schannel', 'ksp']).optional(),
  previousCn: z.string().max(1024).optional(),
});
export type RequestFields = z.output<typeof RequestFieldsSchema>;

/** The "Server certificate" stage: its inputs and what the renderer needs to resume. No secrets. */
export const CertificateStateSchema = z.object({
  /** CN of the CMG certificate in use, pinned for renewal (case-sensitive). */
  currentCn: z.string().max(64).optional(),
  /** The request being worked on (key + CSR under `<home>/certs/<id>/`). */
  lastRequestId: z.string().max(64).optional(),
  /** Sub-page to reopen at: Request → CA answer → Export → Check. */
  subPage: z.enum(['request', 'answer', 'export', 'check']).default('request'),
  /** Renewal of the pinned CN: only when the admin says so. */
  renewal: z.boolean().default(false),
  request: z.object({ id: z.string().uuid(), fields: RequestFieldsSchema }).optional(),
  csrCopy: SavedFileSchema.optional(),
  inf: SavedFileSchema.extend({ fields: RequestFieldsSchema }).optional(),
  answerImported: z.boolean().default(false),
  export: SavedFileSchema.extend({
    requestId: z.string().uuid(),
    encryption: z.enum(['3des', 'aes256']).default('3des'),
    csp: z.enum(['schannel', 'ksp', 'none']).default('schannel'),
    friendlyName: z.string().max(128).optional(),
    /** Generated here (kept in the keychain) or typed by the admin (handed in for the run only). */
    password: z.enum(['generated', 'typed']).default('generated'),
    /** False from the admin's request until the file and its password are both in place. */
    done: z.boolean().default(false),
  }).optional(),
  /** The last preflight of the exported PFX (counts and severities, no secret). */
  preflight: z
    .object({
      path,
      thumbprintSha256: z.string().max(64),
      /** Size and modification time of the file checked, to tell whether it changed since. */
      fileStamp: z.string().max(64),
      passwordSecretName: z.string().max(200),
      passed: z.boolean(),
      errors: z.number().int(),
      warnings: z.number().int(),
      commonName: z.string().max(1024).nullable(),
      checks: z.record(z.string(), z.enum(['pass', 'info', 'warning', 'error'])),
      checkedAt: z.string().max(40),
    })
    .optional(),
});
export type CertificateState = z.output<typeof CertificateStateSchema>;

/**
 * The persisted wizard state: non-secret facts only. A section per stage is added as the stage
 * is built; unknown keys are dropped on read, so an older file always loads.
 */
export const WizardStateSchema = z.object({
  version: z.literal(STATE_VERSION),
  language: z.enum(LOCALES).nullable().default(null),
  currentStage: z.enum(STAGE_IDS).default('prerequisites'),
  stages: StageStatusesSchema.prefault({}),
  certificate: CertificateStateSchema.prefault({}),
});
export type WizardState = z.output<typeof WizardStateSchema>;

export function defaultState(): WizardState {
  return WizardStateSchema.parse({ version: STATE_VERSION });
}
