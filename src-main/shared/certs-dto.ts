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
