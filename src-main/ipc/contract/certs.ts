import { z } from 'zod';

import type {
  CertPreviewDto,
  CertreqInfDto,
  CertValidationDto,
  CertWorkshopDto,
  CsrCreatedDto,
  ImportedAnswerDto,
  PfxExportedDto,
  PfxInspectedDto,
} from '../../shared';
import { channel } from './define';

// The DTOs are defined once, in shared/certs-dto.ts (the service returns exactly these).
export type {
  CertChainEntryDto,
  CertFindingDto,
  CertPreviewDto,
  CertreqInfDto,
  CertValidationDto,
  CertWorkshopDto,
  CheckSeverityDto,
  CmgNameDto,
  CsrCreatedDto,
  ImportedAnswerDto,
  LastRequestDto,
  PfxExportedDto,
  PfxInspectedDto,
  PfxSummaryDto,
  PreflightCheckDto,
  WorkshopExportDto,
  WorkshopPreflightDto,
} from '../../shared';

// Channels of the "Server certificate" stage (certs:*). Results carry no secret, except the
// one-time `generatedPassword` of certs:export-pfx, which the UI shows once.

const text = (max: number) => z.string().max(max);

export const CertRequestInputSchema = z.object({
  cn: text(1024),
  sans: z.array(text(1024)).max(200).optional(),
  org: text(1024).optional(),
  ou: text(1024).optional(),
  locality: text(1024).optional(),
  state: text(1024).optional(),
  country: text(16).optional(),
  keySize: z.number().int().optional(),
  provider: z.enum(['schannel', 'ksp']).optional(),
  previousCn: text(1024).optional(),
});
export type CertRequestInputDto = z.input<typeof CertRequestInputSchema>;

export const CertRequestIdSchema = z.string().uuid();

/** A file name (no folder), as certreq's commands will name it. */
export const CertreqFileNameSchema = z
  .string()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex -- control characters are refused in a file name
  .regex(/^[^\\/\u0000-\u001f"]+$/);

export const AnswerSourceSchema = z.union([
  // 1 MiB of certificate data as base64.
  z.object({ contentBase64: z.string().max(1_400_000) }),
  z.object({ path: text(4096) }),
]);

export const PfxExportOptionsSchema = z.object({
  path: text(4096),
  /** Absent: generate one (returned once). Present: must not be empty. */
  password: z.string().min(1).max(1024).optional(),
  encryption: z.enum(['3des', 'aes256']).optional(),
  csp: z.enum(['schannel', 'ksp', 'none']).optional(),
  friendlyName: text(128).optional(),
  /** Replace an existing file (the UI asks first); without it an existing file is refused. */
  overwrite: z.boolean().optional(),
});

export const SaveFileOptionsSchema = z.object({
  path: text(4096),
  /** Replace an existing file (the UI asks first). */
  overwrite: z.boolean().optional(),
});

// The password is typed (existing PFX) or named by its keychain entry (a PFX exported here).
export const PfxInspectRequestSchema = z
  .object({
    source: AnswerSourceSchema,
    password: z.string().max(1024).optional(),
    passwordSecretName: text(200).optional(),
    expectCn: text(1024).optional(),
    previousCn: text(1024).optional(),
  })
  .refine((value) => (value.password === undefined) !== (value.passwordSecretName === undefined), {
    message: 'password or passwordSecretName, exactly one',
  });

export const WorkshopChangeSchema = z
  .object({
    subPage: z.enum(['request', 'answer', 'export', 'check']).optional(),
    /** Renewal of the pinned CN: only when the admin ticks it. */
    renewal: z.boolean().optional(),
  })
  .strict();

export const certsChannels = {
  'certs:get-workshop': channel(z.tuple([])).returns<CertWorkshopDto>(),
  /** Remembers the sub-page and the renewal choice, for the next visit. */
  'certs:set-workshop': channel(z.tuple([WorkshopChangeSchema])).returns<CertWorkshopDto>(),
  'certs:save-request': channel(z.tuple([CertRequestIdSchema, SaveFileOptionsSchema])).returns<{
    readonly path: string;
  }>(),
  'certs:save-inf': channel(z.tuple([CertRequestInputSchema, SaveFileOptionsSchema])).returns<{
    readonly path: string;
  }>(),
  'certs:inspect-pfx': channel(z.tuple([PfxInspectRequestSchema])).returns<PfxInspectedDto>(),
  /** A PFX made elsewhere becomes a request of its own, to export again with the Windows profile. */
  'certs:import-pfx': channel(z.tuple([PfxInspectRequestSchema])).returns<ImportedAnswerDto>(),
  'certs:validate-request': channel(z.tuple([CertRequestInputSchema])).returns<CertValidationDto>(),
  'certs:preview-request': channel(z.tuple([CertRequestInputSchema])).returns<CertPreviewDto>(),
  'certs:create-csr': channel(z.tuple([CertRequestInputSchema])).returns<CsrCreatedDto>(),
  /** `fileName`: the INF's name as saved, so the commands name the files actually chosen. */
  'certs:certreq-inf': channel(
    z.tuple([CertRequestInputSchema, z.object({ fileName: CertreqFileNameSchema }).strict().optional()]),
  ).returns<CertreqInfDto>(),
  'certs:import-answer': channel(
    z.tuple([CertRequestIdSchema, AnswerSourceSchema]),
  ).returns<ImportedAnswerDto>(),
  'certs:export-pfx': channel(
    z.tuple([CertRequestIdSchema, PfxExportOptionsSchema]),
  ).returns<PfxExportedDto>(),
} as const;
