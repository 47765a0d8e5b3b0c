// Results of the certificate workshop as they cross the RPC boundary. Defined once here (plain
// TypeScript) so the service returns exactly what the contract promises the renderer.

export interface CertFindingDto {
  readonly field: string;
  readonly messageKey: string;
  /** Localized text with what to do. */
  readonly message: string;
}

export interface CsrCreatedDto {
  readonly id: string;
  readonly csrPem: string;
  readonly subject: string;
  readonly sans: readonly string[];
}

export interface CertreqInfDto {
  /** CRLF text; save as UTF-16LE with BOM when `encoding` says so. */
  readonly text: string;
  readonly encoding: 'ascii' | 'utf16le';
  readonly commands: string;
}

export interface CertChainEntryDto {
  readonly subject: string;
  readonly issuer: string;
  readonly notAfter: string;
  readonly thumbprintSha256: string;
}

export interface ImportedAnswerDto {
  readonly id: string;
  readonly leaf: CertChainEntryDto & { readonly subjectAltName: string };
  readonly issuers: readonly CertChainEntryDto[];
  readonly endsAtRoot: boolean;
  readonly missingIssuer: string | null;
  readonly unrelatedCount: number;
}

export interface PfxExportedDto {
  readonly path: string;
  readonly encryption: '3des' | 'aes256';
  readonly cspName: string | null;
  readonly certificateCount: number;
  /** Keychain entry holding the password (a name, never the value). */
  readonly passwordSecretName: string;
  /** Only when the password was generated: shown once, then only in the keychain. */
  readonly generatedPassword?: string;
  readonly warnings: readonly CertFindingDto[];
}

/** The last request made on this computer, so the stage resumes where the admin left it. */
export interface LastRequestDto {
  readonly id: string;
  readonly subject: string;
  readonly cn: string;
  readonly sans: readonly string[];
  readonly csrPem: string;
  readonly created: string;
  readonly answerImported: boolean;
}

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

export interface WorkshopExportDto {
  readonly path: string;
  readonly encryption: '3des' | 'aes256';
  readonly csp: 'schannel' | 'ksp' | 'none';
  /** False until the file and its password are both in place. */
  readonly done: boolean;
}

export interface WorkshopPreflightDto {
  readonly path: string;
  readonly passed: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly checkedAt: string;
  readonly passwordSecretName: string;
}

/** The request's fields as typed (structured; a CN is never pulled out of a subject string). */
export interface RequestFieldsDto {
  readonly cn: string;
  readonly sans: readonly string[];
  readonly org?: string;
  readonly ou?: string;
  readonly locality?: string;
  readonly state?: string;
  readonly country?: string;
  readonly keySize?: number;
  readonly provider?: 'schannel' | 'ksp';
  readonly previousCn?: string;
}

/**
 * What the stage needs to resume at the right sub-page (Request → CA answer → Export → Check):
 * the last request, the CN in use (renewal), the inputs and paths chosen, the last preflight.
 */
export interface CertWorkshopDto {
  readonly lastRequest: LastRequestDto | null;
  readonly currentCn: string | null;
  readonly defaultFolder: string;
  readonly pathSeparator: '/' | '\\';
  readonly subPage: 'request' | 'answer' | 'export' | 'check';
  /** The admin's choice; never ticked because a CN is pinned. */
  readonly renewal: boolean;
  readonly requestFields: RequestFieldsDto | null;
  readonly csrSavePath: string | null;
  readonly infSavePath: string | null;
  readonly answerImported: boolean;
  readonly export: WorkshopExportDto | null;
  readonly preflight: WorkshopPreflightDto | null;
}
