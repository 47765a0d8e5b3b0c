import { z } from 'zod';

import type {
  CertFindingDto,
  CertreqInfDto,
  CsrCreatedDto,
  ImportedAnswerDto,
  LastRequestDto,
  PfxExportedDto,
} from '../../shared';
import { channel } from './define';

export type {
  CertChainEntryDto,
  CertFindingDto,
  CertreqInfDto,
  CsrCreatedDto,
  ImportedAnswerDto,
  LastRequestDto,
  PfxExportedDto,
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

export interface CmgNameDto {
  readonly kind: 'vmss' | 'custom' | 'legacy-cloudapp-net' | 'invalid';
  readonly prefix: string | null;
  readonly region?: string;
  readonly azureName?: string;
  readonly cname?: { readonly from: string; readonly to: string };
}

export interface CertValidationDto {
  readonly valid: boolean;
  readonly errors: readonly CertFindingDto[];
  readonly warnings: readonly CertFindingDto[];
  readonly cn: CmgNameDto;
}

export interface CertPreviewDto extends CertValidationDto {
  readonly subject: string | null;
  readonly sans: readonly string[];
  readonly keySize: number | null;
  readonly providerName: string | null;
}

export type CheckSeverityDto = 'pass' | 'info' | 'warning' | 'error';

export interface PreflightCheckDto {
  /** Stable id (password, key-match, key-size, signature-hash, server-auth-eku, …). */
  readonly id: string;
  readonly severity: CheckSeverityDto;
  readonly message: string;
  readonly hint: string;
}

export interface PfxSummaryDto {
  readonly subject: string;
  readonly commonName: string | null;
  readonly subjectAltNames: readonly string[];
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly thumbprintSha1: string;
  readonly keySize: number | null;
  readonly cspName: string | null;
  readonly chainSubjects: readonly string[];
}

export interface PfxInspectedDto {
  readonly checks: readonly PreflightCheckDto[];
  readonly summary: PfxSummaryDto | null;
  readonly passwordSecretName: string | null;
}

/** What the stage needs to resume: the last request, the CN in use (renewal) and a folder to save to. */
export interface CertWorkshopDto {
  readonly lastRequest: LastRequestDto | null;
  readonly currentCn: string | null;
  readonly defaultFolder: string;
  readonly pathSeparator: '/' | '\\';
}

export const certsChannels = {
  'certs:get-workshop': channel(z.tuple([])).returns<CertWorkshopDto>(),
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
  'certs:certreq-inf': channel(z.tuple([CertRequestInputSchema])).returns<CertreqInfDto>(),
  'certs:import-answer': channel(
    z.tuple([CertRequestIdSchema, AnswerSourceSchema]),
  ).returns<ImportedAnswerDto>(),
  'certs:export-pfx': channel(
    z.tuple([CertRequestIdSchema, PfxExportOptionsSchema]),
  ).returns<PfxExportedDto>(),
} as const;
