// The certificate workshop as one service for the UI (through IPC): request, import, export.
// Keys live under <home>/certs/<id>/ as encrypted PKCS#8; their passphrases only in the SecretStore.
import { randomBytes, randomUUID, type X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

import type { SecretStore } from '../secrets';
import { AppError, type Locale, translate } from '../shared';
import {
  findLeafForKey,
  MAX_CERT_FILE_BYTES,
  orderChain,
  type OrderedChain,
  readCertificates,
} from './cert-import';
import { buildCertreqInf, renderSteps } from './certreq-inf';
import type { CmgNameAnalysis } from './cn-rules';
import { buildCsrPem } from './csr-builder';
import { decryptPrivateKey, encryptPrivateKey, generateRsaKey } from './key-pair';
import { writeOutputFiles } from './output-files';
import type { PfxEncryption } from './pfx-builder';
import { type CspChoice, exportPfx } from './pfx-export';
import {
  type CertRequest,
  type CertRequestInput,
  type FieldFinding,
  PROVIDER_NAMES,
  subjectText,
  validateRequest,
} from './request-fields';

export interface LocalizedFinding {
  readonly field: string;
  readonly messageKey: string;
  readonly message: string;
}

export interface RequestValidationDto {
  readonly valid: boolean;
  readonly errors: readonly LocalizedFinding[];
  readonly warnings: readonly LocalizedFinding[];
  readonly cn: CmgNameAnalysis;
}

export interface RequestPreviewDto extends RequestValidationDto {
  readonly subject: string | null;
  readonly sans: readonly string[];
  readonly keySize: number | null;
  readonly providerName: string | null;
}

export interface CsrCreatedDto {
  readonly id: string;
  readonly csrPem: string;
  readonly subject: string;
  readonly sans: readonly string[];
}

export interface CertreqInfDto {
  readonly text: string;
  readonly encoding: 'ascii' | 'utf16le';
  readonly commands: string;
}

export interface ChainEntryDto {
  readonly subject: string;
  readonly issuer: string;
  readonly notAfter: string;
  readonly thumbprintSha256: string;
}

export interface ImportedAnswerDto {
  readonly id: string;
  readonly leaf: ChainEntryDto & { readonly subjectAltName: string };
  readonly issuers: readonly ChainEntryDto[];
  readonly endsAtRoot: boolean;
  readonly missingIssuer: string | null;
  readonly unrelatedCount: number;
}

export type AnswerSource = { readonly contentBase64: string } | { readonly path: string };

export interface PfxExportOptions {
  readonly path: string;
  /** Absent: a password is generated and returned once. */
  readonly password?: string;
  readonly encryption?: PfxEncryption;
  readonly csp?: CspChoice;
  readonly friendlyName?: string;
}

export interface PfxExportedDto {
  readonly path: string;
  readonly encryption: PfxEncryption;
  readonly cspName: string | null;
  readonly certificateCount: number;
  /** Keychain entry holding the password (a name, never the value). */
  readonly passwordSecretName: string;
  /** Only when the password was generated: shown once, then only in the keychain. */
  readonly generatedPassword?: string;
  readonly warnings: readonly LocalizedFinding[];
}

export interface CertServiceDeps {
  readonly secrets: SecretStore;
  /** App home; requests go to `<home>/certs/<id>/`. */
  readonly home: string;
  readonly now?: () => Date;
}

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
export const GENERATED_PASSWORD_LENGTH = 24;

/** 24 characters from crypto.randomBytes, without modulo bias and without look-alike characters. */
export function generatePassword(length = GENERATED_PASSWORD_LENGTH): string {
  const limit = 256 - (256 % PASSWORD_ALPHABET.length);
  let result = '';
  while (result.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && result.length < length)
        result += PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length];
    }
  }
  return result;
}

const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const keyPassphraseName = (id: string): string => `cert-key-passphrase:${id}`;
const entry = (cert: X509Certificate): ChainEntryDto => ({
  subject: cert.subject.replace(/\n/g, ', '),
  issuer: cert.issuer.replace(/\n/g, ', '),
  notAfter: new Date(cert.validTo).toISOString(),
  thumbprintSha256: cert.fingerprint256.replace(/:/g, ''),
});

export class CertService {
  private readonly now: () => Date;

  constructor(private readonly deps: CertServiceDeps) {
    this.now = deps.now ?? ((): Date => new Date());
  }

  validate(input: CertRequestInput, locale: Locale): RequestValidationDto {
    const result = validateRequest(input);
    const localize = (finding: FieldFinding): LocalizedFinding => ({
      field: finding.field,
      messageKey: finding.key,
      message: translate(locale, finding.key, finding.params),
    });
    return {
      valid: result.request !== undefined,
      errors: result.errors.map(localize),
      warnings: result.warnings.map(localize),
      cn: result.cnAnalysis,
    };
  }

  preview(input: CertRequestInput, locale: Locale): RequestPreviewDto {
    const request = validateRequest(input).request;
    return {
      ...this.validate(input, locale),
      subject: request ? subjectText(request) : null,
      sans: request?.sans ?? [],
      keySize: request?.keySize ?? null,
      providerName: request ? PROVIDER_NAMES[request.provider] : null,
    };
  }

  async createCsr(input: CertRequestInput): Promise<CsrCreatedDto> {
    const request = this.requireValid(input);
    const id = randomUUID();
    const key = await generateRsaKey(request.keySize);
    const csrPem = buildCsrPem(request, key);
    const passphrase = randomBytes(32).toString('base64url');
    const keyPem = encryptPrivateKey(key, passphrase);
    await this.deps.secrets.set(keyPassphraseName(id), passphrase);
    try {
      const dir = this.requestDir(id);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeOutputFiles([
        { path: join(dir, 'private-key.pem'), data: keyPem, mode: 0o600, noOverwrite: true },
        { path: join(dir, 'request.csr'), data: csrPem, mode: 0o644 },
        {
          path: join(dir, 'request.json'),
          data: `${JSON.stringify({ request, created: this.now() }, null, 2)}\n`,
          mode: 0o644,
        },
      ]);
    } catch (error) {
      await this.deps.secrets.delete(keyPassphraseName(id));
      throw error;
    }
    return { id, csrPem, subject: subjectText(request), sans: request.sans };
  }

  certreqInf(input: CertRequestInput, locale: Locale): CertreqInfDto {
    const inf = buildCertreqInf(this.requireValid(input));
    return { text: inf.text, encoding: inf.encoding, commands: renderSteps(inf.steps, locale) };
  }

  async importAnswer(id: string, source: AnswerSource): Promise<ImportedAnswerDto> {
    const key = await this.loadKey(id);
    const data = await this.readAnswer(source);
    const chain = orderChain(findLeafForKey(readCertificates(data), key), readCertificates(data));
    const pem = [chain.leaf, ...chain.issuers].map((cert) => cert.toString()).join('');
    await writeOutputFiles([{ path: join(this.requestDir(id), 'chain.pem'), data: pem, mode: 0o644 }]);
    return {
      id,
      leaf: { ...entry(chain.leaf), subjectAltName: chain.leaf.subjectAltName ?? '' },
      issuers: chain.issuers.map(entry),
      endsAtRoot: chain.endsAtRoot,
      missingIssuer: chain.missingIssuer?.replace(/\n/g, ', ') ?? null,
      unrelatedCount: chain.unrelated.length,
    };
  }

  async exportPfx(id: string, options: PfxExportOptions, locale: Locale): Promise<PfxExportedDto> {
    if (!isAbsolute(options.path)) throw new AppError('invalid-input', 'certs.service.pathNotAbsolute');
    const key = await this.loadKey(id);
    const chain = await this.loadChain(id);
    const generated = options.password === undefined ? generatePassword() : undefined;
    const password = options.password ?? (generated as string);
    const result = exportPfx(
      {
        privateKey: key,
        leaf: chain.leaf,
        chain: chain.issuers,
        password,
        ...(options.encryption ? { encryption: options.encryption } : {}),
        ...(options.csp ? { csp: options.csp } : {}),
        ...(options.friendlyName ? { friendlyName: options.friendlyName } : {}),
      },
      this.now(),
    );
    const secretName = `pfx-password:${chain.leaf.fingerprint256.replace(/:/g, '')}`;
    await this.deps.secrets.set(secretName, password);
    await writeOutputFiles([{ path: options.path, data: result.data, mode: 0o600 }]);
    return {
      path: options.path,
      encryption: result.encryption,
      cspName: result.cspName,
      certificateCount: result.certificateCount,
      passwordSecretName: secretName,
      ...(generated !== undefined ? { generatedPassword: generated } : {}),
      warnings: result.warnings.map((key) => ({
        field: 'encryption',
        messageKey: key,
        message: translate(locale, key),
      })),
    };
  }

  private requireValid(input: CertRequestInput): CertRequest {
    const result = validateRequest(input);
    if (!result.request) {
      const first = result.errors[0];
      throw new AppError('invalid-input', first?.key ?? 'certs.service.invalidRequest', first?.params ?? {});
    }
    return result.request;
  }

  private requestDir(id: string): string {
    if (!ID_PATTERN.test(id)) throw new AppError('invalid-input', 'certs.service.unknownRequest');
    return join(this.deps.home, 'certs', id);
  }

  private async loadKey(id: string): Promise<ReturnType<typeof decryptPrivateKey>> {
    const path = join(this.requestDir(id), 'private-key.pem');
    const passphrase = await this.deps.secrets.get(keyPassphraseName(id));
    const pem = await readFile(path, 'utf8').catch(() => null);
    if (pem === null || passphrase === null) throw new AppError('not-found', 'certs.service.unknownRequest');
    return decryptPrivateKey(pem, passphrase);
  }

  private async loadChain(id: string): Promise<OrderedChain> {
    const pem = await readFile(join(this.requestDir(id), 'chain.pem')).catch(() => null);
    if (pem === null) throw new AppError('not-found', 'certs.service.noAnswer');
    const certs = readCertificates(pem);
    return orderChain(certs[0] as X509Certificate, certs);
  }

  private async readAnswer(source: AnswerSource): Promise<Buffer> {
    if ('contentBase64' in source) {
      if (source.contentBase64.length > (MAX_CERT_FILE_BYTES * 4) / 3 + 4) {
        throw new AppError('invalid-input', 'certs.import.tooLarge', { max: MAX_CERT_FILE_BYTES });
      }
      return Buffer.from(source.contentBase64, 'base64');
    }
    if (!isAbsolute(source.path)) throw new AppError('invalid-input', 'certs.service.pathNotAbsolute');
    const data = await readFile(source.path).catch((error: NodeJS.ErrnoException) => {
      throw new AppError('not-found', 'certs.service.readFailed', { code: error.code ?? 'EIO' });
    });
    return data;
  }
}
