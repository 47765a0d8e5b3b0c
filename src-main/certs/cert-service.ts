// The certificate workshop as one service for the UI (through IPC): request, import, export.
// Keys live under <home>/certs/<id>/ as encrypted PKCS#8; their passphrases only in the SecretStore.
import { createHash, type KeyObject, randomBytes, randomUUID, type X509Certificate } from 'node:crypto';
import { link, lstat, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

import { checkOutputTarget, FileTooLargeError, readBoundedFile } from '../fsio';
import type { SecretStore } from '../secrets';
import {
  AppError,
  type CertChainEntryDto,
  type CertFindingDto,
  type CertPreviewDto,
  type CertreqInfDto,
  type CertValidationDto,
  type CmgNameDto,
  type CsrCreatedDto,
  type ImportedAnswerDto,
  type LastRequestDto,
  type Locale,
  type PfxExportedDto,
  translate,
} from '../shared';
import {
  findLeafForKey,
  keyMatchesCertificate,
  MAX_CERT_FILE_BYTES,
  orderChain,
  type OrderedChain,
  readCertificates,
} from './cert-import';
import { buildCertreqInf, certreqFileNames, encodeInf, renderSteps } from './certreq-inf';
import type { CmgNameAnalysis } from './cn-rules';
import { buildCsrPem } from './csr-builder';
import { inspectPfxOffThread, type InspectResult, MAX_PFX_BYTES, readPfx, tooLargeResult } from './inspect';
import { decryptPrivateKey, encryptPrivateKey, generateRsaKey } from './key-pair';
import { type OutputFile, writeOutputFiles } from './output-files';
import type { PfxEncryption } from './pfx-builder';
import { type CspChoice, exportPfx, type PfxExportResult } from './pfx-export';
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

/** A PFX built in memory, not written yet; `password` never leaves the process except to the keychain. */
export interface BuiltPfx {
  readonly path: string;
  readonly result: PfxExportResult;
  readonly password: string;
  /** True when the password was generated here (shown to the admin once). */
  readonly generated: boolean;
  readonly thumbprintSha256: string;
  readonly secretName: string;
}

const PFX_PASSWORD_PREFIX = 'pfx-password:';

/**
 * The keychain entry of one exported file: bound to the certificate and to the file's absolute
 * path (hashed to keep the name short), so two files of the same certificate never share one.
 */
export function pfxPasswordSecretName(path: string, thumbprintSha256: string): string {
  const pathId = createHash('sha256').update(resolve(path)).digest('hex').slice(0, 16);
  return `${PFX_PASSWORD_PREFIX}${thumbprintSha256.toUpperCase()}:${pathId}`;
}

/** Where an export waits until its password is safely in the keychain (hidden, beside the target). */
export function pendingPfxPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.pending`);
}

async function isFile(path: string): Promise<boolean> {
  return lstat(path)
    .then((info) => info.isFile())
    .catch(() => false);
}

async function refuseExisting(path: string): Promise<void> {
  const present = await lstat(path)
    .then(() => true)
    .catch(() => false);
  if (present) throw new AppError('conflict', 'certs.output.exists', { file: basename(path) });
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** Moves the staged file into place; `link` refuses a target that exists (no silent replace). */
async function promote(pending: string, target: string, overwrite: boolean): Promise<void> {
  try {
    if (overwrite) {
      await rename(pending, target);
      return;
    }
    try {
      await link(pending, target);
    } catch (error) {
      // Hard links are missing on FAT/exFAT drives: check, then rename (a narrow race, not none).
      if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      await refuseExisting(target);
      await rename(pending, target);
    }
    await rm(pending, { force: true });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'EEXIST') throw new AppError('conflict', 'certs.output.exists', { file: basename(target) });
    throw new AppError('unavailable', 'certs.output.writeFailed', { code }, { cause: error });
  }
}

/** The export's result as it crosses; the password only when it was generated (shown once). */
export function exportedDto(built: BuiltPfx, locale: Locale): PfxExportedDto {
  return {
    path: built.path,
    encryption: built.result.encryption,
    cspName: built.result.cspName,
    certificateCount: built.result.certificateCount,
    passwordSecretName: built.secretName,
    ...(built.generated ? { generatedPassword: built.password } : {}),
    warnings: built.result.warnings.map((key) => ({
      field: 'encryption',
      messageKey: key,
      message: translate(locale, key),
    })),
  };
}

/** A new key and its CSR, written all-or-nothing: the key encrypted, never over an existing key file. */
export async function writeRequestFiles(files: {
  readonly request: CertRequest;
  readonly keyPath: string;
  readonly csrPath: string;
  readonly passphrase: string;
  /** Allow replacing the key file (only for the workshop's own key whose passphrase is gone). */
  readonly replaceKey?: boolean;
  readonly companions?: readonly { readonly path: string; readonly data: string }[];
  readonly signal?: AbortSignal;
  /** How messages name the key file (the CLI passes what was typed). */
  readonly keyLabel?: string;
  /** The CLI's rules for the CSR file: its label, and refusing to replace it without --force. */
  readonly csrOutput?: Pick<OutputFile, 'label' | 'noOverwrite' | 'existsMessageKey'>;
}): Promise<{ readonly csrPem: string }> {
  const key = await generateRsaKey(files.request.keySize);
  // Key generation is the long part: a cancel during it writes nothing.
  files.signal?.throwIfAborted();
  const csrPem = buildCsrPem(files.request, key);
  await writeOutputFiles([
    {
      path: files.keyPath,
      data: encryptPrivateKey(key, files.passphrase),
      mode: 0o600,
      noOverwrite: files.replaceKey !== true,
      ...(files.keyLabel !== undefined ? { label: files.keyLabel } : {}),
    },
    { path: files.csrPath, data: csrPem, mode: 0o644, ...files.csrOutput },
    ...(files.companions ?? []).map(({ path, data }) => ({ path, data, mode: 0o644 })),
  ]);
  return { csrPem };
}

export interface PfxParts {
  readonly privateKey: KeyObject;
  /** The CA's certificates in any order; the leaf is found by the key. */
  readonly pool: readonly X509Certificate[];
  readonly password: string;
  readonly encryption?: PfxEncryption;
  readonly csp?: CspChoice;
  readonly friendlyName?: string;
}

/** Orders the chain leaf → root and builds the PFX (reopened before it is returned). */
export function assemblePfx(parts: PfxParts, now: Date): { chain: OrderedChain; result: PfxExportResult } {
  const chain = orderChain(findLeafForKey(parts.pool, parts.privateKey), parts.pool);
  const result = exportPfx(
    {
      privateKey: parts.privateKey,
      leaf: chain.leaf,
      chain: chain.issuers,
      password: parts.password,
      ...(parts.encryption ? { encryption: parts.encryption } : {}),
      ...(parts.csp ? { csp: parts.csp } : {}),
      ...(parts.friendlyName ? { friendlyName: parts.friendlyName } : {}),
    },
    now,
  );
  return { chain, result };
}

/** What exists of one request on disk and in the keychain (read only). */
export interface RequestObservation {
  readonly key: boolean;
  readonly csr: boolean;
  readonly passphrase: boolean;
  readonly chain: boolean;
  readonly csrSha256: string | null;
  /** Thumbprint of the leaf in chain.pem, when the answer is there. */
  readonly leafSha256: string | null;
}

export const keyPassphraseName = (id: string): string => `cert-key-passphrase:${id}`;

// The CN analysis without its raw message refs (the findings already carry localized text).
const nameDto = ({ kind, prefix, region, azureName, cname }: CmgNameAnalysis): CmgNameDto => ({
  kind,
  prefix,
  ...(region !== undefined ? { region } : {}),
  ...(azureName !== undefined ? { azureName } : {}),
  ...(cname !== undefined ? { cname } : {}),
});

const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
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

  validate(input: CertRequestInput, locale: Locale): CertValidationDto {
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
      cn: nameDto(result.cnAnalysis),
    };
  }

  preview(input: CertRequestInput, locale: Locale): CertPreviewDto {
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

  /** The INF and its commands; with `infName`, the commands name that file and its siblings. */
  certreqInf(input: CertRequestInput, locale: Locale, infName?: string): CertreqInfDto {
    const inf = buildCertreqInf(this.requireValid(input), certreqFileNames(infName));
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

  /**
   * Builds the PFX (verified by reopening it) without writing anything: the stage writes the file
   * and stores the password as separate, journaled actions.
   */
  async buildPfx(id: string, options: PfxExportOptions): Promise<BuiltPfx> {
    if (!isAbsolute(options.path)) throw new AppError('invalid-input', 'certs.service.pathNotAbsolute');
    const key = await this.loadKey(id);
    const pool = await this.earlierChain(id);
    if (pool.length === 0) throw new AppError('not-found', 'certs.service.noAnswer');
    const generated = options.password === undefined ? generatePassword() : undefined;
    const password = options.password ?? (generated as string);
    const { chain, result } = assemblePfx(
      {
        privateKey: key,
        pool,
        password,
        ...(options.encryption ? { encryption: options.encryption } : {}),
        ...(options.csp ? { csp: options.csp } : {}),
        ...(options.friendlyName ? { friendlyName: options.friendlyName } : {}),
      },
      this.now(),
    );
    const thumbprintSha256 = chain.leaf.fingerprint256.replace(/:/g, '');
    return {
      path: options.path,
      result,
      password,
      generated: generated !== undefined,
      thumbprintSha256,
      secretName: pfxPasswordSecretName(options.path, thumbprintSha256),
    };
  }

  /** The request folder and keychain entry of one request, read only. */
  async observeRequest(id: string): Promise<RequestObservation> {
    const dir = this.requestDir(id);
    const [key, csr, passphrase, chain] = await Promise.all([
      isFile(join(dir, 'private-key.pem')),
      readFile(join(dir, 'request.csr')).catch(() => null),
      this.deps.secrets.get(keyPassphraseName(id)),
      readFile(join(dir, 'chain.pem')).catch(() => null),
    ]);
    let leafSha256: string | null = null;
    if (chain !== null && key && passphrase !== null) {
      const privateKey = await this.loadKey(id).catch(() => null);
      const leaf = privateKey
        ? readCertificates(chain).find((cert) => keyMatchesCertificate(cert, privateKey))
        : undefined;
      leafSha256 = leaf ? leaf.fingerprint256.replace(/:/g, '') : null;
    }
    return {
      key,
      csr: csr !== null,
      passphrase: passphrase !== null,
      chain: chain !== null,
      csrSha256: csr === null ? null : createHash('sha256').update(csr).digest('hex'),
      leafSha256,
    };
  }

  /**
   * Writes a request's key (encrypted with the passphrase already in the keychain), CSR and
   * fields under its own id. Replaces the key only when told to (a key that no longer opens).
   */
  async writeRequest(
    id: string,
    request: CertRequest,
    options: { readonly replaceKey: boolean; readonly signal?: AbortSignal },
  ): Promise<{ readonly csrPem: string }> {
    const dir = this.requestDir(id);
    const passphrase = await this.deps.secrets.get(keyPassphraseName(id));
    if (passphrase === null) throw new AppError('not-found', 'certs.stage.passphraseLost');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const { csrPem } = await writeRequestFiles({
      request,
      keyPath: join(dir, 'private-key.pem'),
      csrPath: join(dir, 'request.csr'),
      passphrase,
      replaceKey: options.replaceKey,
      companions: [
        {
          path: join(dir, 'request.json'),
          data: `${JSON.stringify({ request, created: this.now() }, null, 2)}\n`,
        },
      ],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { csrPem };
  }

  /** Keeps a request key's passphrase (read back); restores the previous value on failure. */
  async storeKeyPassphrase(id: string, passphrase: string): Promise<void> {
    await this.setVerified(keyPassphraseName(id), passphrase);
  }

  async hasKeyPassphrase(id: string): Promise<boolean> {
    return (await this.deps.secrets.get(keyPassphraseName(id))) !== null;
  }

  /** True when the keychain's passphrase opens the request's key. */
  async keyOpens(id: string): Promise<boolean> {
    return this.loadKey(id)
      .then(() => true)
      .catch(() => false);
  }

  /** True when the file at `path` opens with the password kept under `secretName`. */
  async pfxOpens(path: string, secretName: string): Promise<boolean> {
    const password = await this.deps.secrets.get(secretName);
    if (password === null) return false;
    const data = await readFile(path).catch(() => null);
    return data !== null && readPfx(data, password).ok;
  }

  private async setVerified(name: string, value: string): Promise<void> {
    const previous = await this.deps.secrets.get(name);
    try {
      await this.deps.secrets.set(name, value);
      if ((await this.deps.secrets.get(name)) !== value) {
        throw new AppError('keychain-unavailable', 'certs.service.passwordNotStored');
      }
    } catch (error) {
      await (
        previous === null ? this.deps.secrets.delete(name) : this.deps.secrets.set(name, previous)
      ).catch(() => undefined);
      throw error;
    }
  }

  /**
   * First half of an export: the PFX goes to a hidden file beside its target (`pendingPfxPath`),
   * so nothing the admin already has changes yet. An existing target is refused here unless the
   * admin said to replace it, before any secret is touched.
   */
  async stagePfx(built: BuiltPfx, overwrite: boolean): Promise<void> {
    // A device, folder, FIFO or link there is never replaced, even when the admin said "replace".
    await checkOutputTarget(built.path, basename(built.path));
    if (!overwrite) await refuseExisting(built.path);
    await writeOutputFiles([{ path: pendingPfxPath(built.path), data: built.result.data, mode: 0o600 }]);
  }

  /**
   * Second half: the password under the file's own keychain entry (read back), then the staged
   * file moves into place (without `overwrite`, a file that appeared meanwhile is not replaced).
   * If anything fails the entry gets its previous value back and the staged file is removed, so
   * the earlier file and its password stay a pair.
   */
  async commitPfx(
    built: BuiltPfx,
    overwrite: boolean,
    hooks: {
      /** Runs once the password is kept, just before the file moves (the stage records it). */
      readonly beforeMove?: () => Promise<void>;
    } = {},
  ): Promise<void> {
    const pending = pendingPfxPath(built.path);
    if (!(await isFile(pending))) throw new AppError('not-found', 'certs.service.pfxNotStaged');
    await checkOutputTarget(built.path, basename(built.path));
    if (!overwrite) await refuseExisting(built.path);
    const previous = await this.deps.secrets.get(built.secretName);
    try {
      await this.setVerified(built.secretName, built.password);
      await hooks.beforeMove?.();
      await promote(pending, built.path, overwrite);
    } catch (error) {
      // setVerified puts the previous value back on its own failure; a later failure does it here.
      await (
        previous === null
          ? this.deps.secrets.delete(built.secretName)
          : this.deps.secrets.set(built.secretName, previous)
      ).catch(() => undefined);
      await rm(pending, { force: true });
      throw error;
    }
  }

  /** The whole export, in the order that loses nothing (see `stagePfx` and `commitPfx`). */
  async exportPfx(id: string, options: PfxExportOptions, locale: Locale): Promise<PfxExportedDto> {
    const overwrite = options.overwrite === true;
    if (!overwrite) await refuseExisting(options.path);
    const built = await this.buildPfx(id, options);
    await this.stagePfx(built, overwrite);
    await this.commitPfx(built, overwrite);
    return exportedDto(built, locale);
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
      secretName = `${PFX_PASSWORD_PREFIX}${result.summary.thumbprintSha256}`;
      await this.deps.secrets.set(secretName, request.password);
    }
    return { ...result, passwordSecretName: secretName };
  }

  private async pfxPassword(request: PfxInspectRequest): Promise<string> {
    if (request.password !== undefined) return request.password;
    const name = request.passwordSecretName;
    if (name === undefined || !name.startsWith(PFX_PASSWORD_PREFIX)) {
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
