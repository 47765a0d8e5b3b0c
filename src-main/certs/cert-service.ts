// The certificate workshop as one service for the UI (through IPC): request, import, export.
// Keys live under <home>/certs/<id>/ as encrypted PKCS#8; their passphrases only in the SecretStore.
import { randomBytes, randomUUID, type X509Certificate } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';

import { FileTooLargeError, readBoundedFile } from '../fsio';
import type { SecretStore } from '../secrets';
import {
  AppError,
  type CertChainEntryDto,
  type CertFindingDto,
  type CertreqInfDto,
  type CsrCreatedDto,
  type ImportedAnswerDto,
  type LastRequestDto,
  type Locale,
  type PfxExportedDto,
  translate,
} from '../shared';
import {
  keyMatchesCertificate,
  MAX_CERT_FILE_BYTES,
  orderChain,
  type OrderedChain,
  readCertificates,
} from './cert-import';
import { buildCertreqInf, encodeInf, renderSteps } from './certreq-inf';
import type { CmgNameAnalysis } from './cn-rules';
import { buildCsrPem } from './csr-builder';
import { inspectPfxOffThread, type InspectResult, MAX_PFX_BYTES, tooLargeResult } from './inspect';
import { decryptPrivateKey, encryptPrivateKey, generateRsaKey } from './key-pair';
import { writeOutputFiles } from './output-files';
import type { PfxEncryption } from './pfx-builder';
import { type CspChoice, exportPfx } from './pfx-export';
import { importPfxOffThread } from './pfx-import';
import {
  type CertRequest,
  type CertRequestInput,
  type FieldFinding,
  PROVIDER_NAMES,
  subjectText,
  validateRequest,
} from './request-fields';
import { subjectForDisplay } from './subject-display';

export interface RequestValidationDto {
  readonly valid: boolean;
  readonly errors: readonly CertFindingDto[];
  readonly warnings: readonly CertFindingDto[];
  readonly cn: CmgNameAnalysis;
}

export interface RequestPreviewDto extends RequestValidationDto {
  readonly subject: string | null;
  readonly sans: readonly string[];
  readonly keySize: number | null;
  readonly providerName: string | null;
}

export type AnswerSource = { readonly contentBase64: string } | { readonly path: string };

export interface PfxExportOptions {
  readonly path: string;
  /** Absent: a password is generated and returned once. */
  readonly password?: string;
  readonly encryption?: PfxEncryption;
  readonly csp?: CspChoice;
  readonly friendlyName?: string;
  /** Replace an existing file; without it an existing file is refused (`certs.output.exists`). */
  readonly overwrite?: boolean;
}

/** A PFX to check: its bytes (dropped in the UI) or a path, with its password or the keychain entry holding it. */
export interface PfxInspectRequest {
  readonly source: AnswerSource;
  readonly password?: string;
  readonly passwordSecretName?: string;
  readonly expectCn?: string;
  readonly previousCn?: string;
}

export interface PfxInspection extends InspectResult {
  /** Keychain entry now holding the password (set when the typed password opened the file). */
  readonly passwordSecretName: string | null;
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
const chainPem = (chain: OrderedChain): string =>
  [chain.leaf, ...chain.issuers].map((cert) => cert.toString()).join('');

function answerDto(id: string, chain: OrderedChain): ImportedAnswerDto {
  return {
    id,
    leaf: { ...entry(chain.leaf), subjectAltName: chain.leaf.subjectAltName ?? '' },
    issuers: chain.issuers.map(entry),
    endsAtRoot: chain.endsAtRoot,
    missingIssuer: chain.missingIssuer === null ? null : subjectForDisplay(chain.missingIssuer),
    unrelatedCount: chain.unrelated.length,
  };
}

const entry = (cert: X509Certificate): CertChainEntryDto => ({
  subject: subjectForDisplay(cert.subject),
  issuer: subjectForDisplay(cert.issuer),
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
    const localize = (finding: FieldFinding): CertFindingDto => ({
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
    await this.storeKey(id, key, [
      { name: 'request.csr', data: csrPem },
      { name: 'request.json', data: `${JSON.stringify({ request, created: this.now() }, null, 2)}\n` },
    ]);
    return { id, csrPem, subject: subjectText(request), sans: request.sans };
  }

  /**
   * Brings a PFX made elsewhere into the workshop: its key (re-encrypted, passphrase in the
   * keychain) and its chain become a request of their own, which `exportPfx` then writes again
   * with the Windows profile, the CSP attribute and the full chain.
   */
  async importExistingPfx(request: PfxInspectRequest): Promise<ImportedAnswerDto> {
    const password = await this.pfxPassword(request);
    const data = await this.readPfxSource(request.source);
    if (typeof data === 'number') throw new AppError('invalid-input', 'certs.pfxImport.tooLarge');
    const imported = await importPfxOffThread(data, password);
    const id = randomUUID();
    const chain = imported.chain;
    const pem = chainPem(chain);
    await this.storeKey(id, imported.privateKey, [{ name: 'chain.pem', data: pem }]);
    return answerDto(id, chain);
  }

  /** Writes the encrypted key and its companions all-or-nothing; the passphrase goes to the keychain. */
  private async storeKey(
    id: string,
    key: Parameters<typeof encryptPrivateKey>[0],
    companions: readonly { readonly name: string; readonly data: string }[],
  ): Promise<void> {
    const passphrase = randomBytes(32).toString('base64url');
    const keyPem = encryptPrivateKey(key, passphrase);
    await this.deps.secrets.set(keyPassphraseName(id), passphrase);
    try {
      const dir = this.requestDir(id);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeOutputFiles([
        { path: join(dir, 'private-key.pem'), data: keyPem, mode: 0o600, noOverwrite: true },
        ...companions.map(({ name, data }) => ({ path: join(dir, name), data, mode: 0o644 })),
      ]);
    } catch (error) {
      await this.deps.secrets.delete(keyPassphraseName(id));
      throw error;
    }
  }

  certreqInf(input: CertRequestInput, locale: Locale): CertreqInfDto {
    const inf = buildCertreqInf(this.requireValid(input));
    return { text: inf.text, encoding: inf.encoding, commands: renderSteps(inf.steps, locale) };
  }

  /**
   * Adds the CA's answer (or, later, a missing intermediate) to the request: the certificates of
   * earlier imports stay in the pool, so a chain can be completed one file at a time. A new
   * certificate for the key (a re-issue) replaces the earlier leaf.
   */
  async importAnswer(id: string, source: AnswerSource): Promise<ImportedAnswerDto> {
    const key = await this.loadKey(id);
    const added = readCertificates(await this.readAnswer(source));
    const earlier = await this.earlierChain(id);
    const leaf =
      added.find((cert) => keyMatchesCertificate(cert, key)) ??
      earlier.find((cert) => keyMatchesCertificate(cert, key));
    if (!leaf) throw new AppError('invalid-input', 'certs.import.noMatchingKey', { count: added.length });
    const pool = [...added, ...earlier].filter(
      (cert, index, all) => all.findIndex((other) => other.fingerprint256 === cert.fingerprint256) === index,
    );
    const chain = orderChain(leaf, pool);
    const pem = chainPem(chain);
    await writeOutputFiles([{ path: join(this.requestDir(id), 'chain.pem'), data: pem, mode: 0o644 }]);
    return answerDto(id, chain);
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
    const noOverwrite = options.overwrite !== true;
    await writeOutputFiles([{ path: options.path, data: result.data, mode: 0o600, noOverwrite }]);
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

  /** Copies the request's CSR (PEM) to a place the admin chose, e.g. to send to the CA. */
  async saveRequest(id: string, path: string, overwrite: boolean): Promise<{ path: string }> {
    if (!isAbsolute(path)) throw new AppError('invalid-input', 'certs.service.pathNotAbsolute');
    const csr = await readFile(join(this.requestDir(id), 'request.csr')).catch(() => null);
    if (csr === null) throw new AppError('not-found', 'certs.service.unknownRequest');
    await writeOutputFiles([{ path, data: csr, mode: 0o644, noOverwrite: !overwrite }]);
    return { path };
  }

  /** Writes the certreq INF in the encoding certreq reads (ASCII, or UTF-16LE with BOM). */
  async saveInf(input: CertRequestInput, path: string, overwrite: boolean): Promise<{ path: string }> {
    if (!isAbsolute(path)) throw new AppError('invalid-input', 'certs.service.pathNotAbsolute');
    const inf = buildCertreqInf(this.requireValid(input));
    await writeOutputFiles([{ path, data: encodeInf(inf), mode: 0o644, noOverwrite: !overwrite }]);
    return { path };
  }

  /** Where the UI proposes to save files: the Documents folder when there is one, else home. */
  async defaultFolder(): Promise<string> {
    const documents = join(homedir(), 'Documents');
    const isDir = await stat(documents)
      .then((info) => info.isDirectory())
      .catch(() => false);
    return isDir ? documents : homedir();
  }

  /** The newest request of this computer (by `lastRequestId`), or null when it is gone. */
  async lastRequest(id: string | undefined): Promise<LastRequestDto | null> {
    if (id === undefined || !ID_PATTERN.test(id)) return null;
    const dir = this.requestDir(id);
    const [csrPem, meta, chain] = await Promise.all([
      readFile(join(dir, 'request.csr'), 'utf8').catch(() => null),
      readFile(join(dir, 'request.json'), 'utf8').catch(() => null),
      stat(join(dir, 'chain.pem')).catch(() => null),
    ]);
    if (csrPem === null || meta === null) return null;
    try {
      const parsed = JSON.parse(meta) as { request: CertRequest; created: string };
      return {
        id,
        subject: subjectText(parsed.request),
        cn: parsed.request.cn,
        sans: parsed.request.sans,
        csrPem,
        created: parsed.created,
        answerImported: chain !== null,
      };
    } catch {
      return null;
    }
  }

  /**
   * The preflight of a PFX from anywhere. A typed password that opens the file is kept in the
   * keychain (by thumbprint) so the later steps never ask for it again.
   */
  async inspect(request: PfxInspectRequest, locale: Locale): Promise<PfxInspection> {
    const password = await this.pfxPassword(request);
    const data = await this.readPfxSource(request.source);
    if (typeof data === 'number') return { ...tooLargeResult(data, locale), passwordSecretName: null };
    const result = await inspectPfxOffThread(data, password, {
      locale,
      now: this.now(),
      ...(request.expectCn ? { expectCn: request.expectCn } : {}),
      ...(request.previousCn ? { previousCn: request.previousCn } : {}),
    });
    const opened = result.checks.some((check) => check.id === 'password' && check.severity !== 'error');
    let secretName = request.passwordSecretName ?? null;
    if (request.password !== undefined && opened && result.summary) {
      secretName = `pfx-password:${result.summary.thumbprintSha256}`;
      await this.deps.secrets.set(secretName, request.password);
    }
    return { ...result, passwordSecretName: secretName };
  }

  private async pfxPassword(request: PfxInspectRequest): Promise<string> {
    if (request.password !== undefined) return request.password;
    const name = request.passwordSecretName;
    if (name === undefined || !name.startsWith('pfx-password:')) {
      throw new AppError('invalid-input', 'certs.service.passwordMissing');
    }
    const stored = await this.deps.secrets.get(name);
    if (stored === null) throw new AppError('not-found', 'certs.service.passwordGone');
    return stored;
  }

  /** The file's bytes, or its size when it is too large to be read at all. */
  private async readPfxSource(source: AnswerSource): Promise<Buffer | number> {
    if ('contentBase64' in source) return Buffer.from(source.contentBase64, 'base64');
    try {
      return await readNamedFile(source.path, MAX_PFX_BYTES);
    } catch (error) {
      if (error instanceof FileTooLargeError) return error.size;
      throw error;
    }
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

  /** The certificates imported for this request before (none when there was no answer yet). */
  private async earlierChain(id: string): Promise<X509Certificate[]> {
    const pem = await readFile(join(this.requestDir(id), 'chain.pem')).catch(() => null);
    return pem === null ? [] : readCertificates(pem);
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
    return readNamedFile(source.path, MAX_CERT_FILE_BYTES);
  }
}

/**
 * A file the admin named by path (over RPC): absolute, a regular file, read up to its limit only.
 * Messages name it by its base name, never by the full path.
 */
async function readNamedFile(path: string, maxBytes: number): Promise<Buffer> {
  if (!isAbsolute(path)) throw new AppError('invalid-input', 'certs.service.pathNotAbsolute');
  return readBoundedFile(path, { maxBytes, label: basename(path) });
}
