import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { checkOutputTarget, readBoundedFile } from '../fsio';
import { AppError } from '../shared';
import {
  type EncryptedFile,
  encryptFileForIntune,
  type FileEncryptionInfo,
  intuneEncryptedSize,
  verifyIntuneEncryptedStream,
} from './encryption';
import { type MsiInfo, readMsiInfo } from './msi-reader';

// The offline Intune LOB package: what the upload step sends, prepared without a tenant (on
// another machine if need be). Four files in one folder:
//   content.bin  the encrypted MSI (HMAC || IV || AES-256-CBC ciphertext)
//   commit.json  {"fileEncryptionInfo": {...}}: the only file holding the content keys
//   file.json    the content file body (name, size, sizeEncrypted, manifest, isDependency)
//   app.json     the windowsMobileMSI body (Graph v1.0 fields only)

export const PACKAGE_FILES = ['content.bin', 'commit.json', 'file.json', 'app.json'] as const;
export type PackageFileName = (typeof PACKAGE_FILES)[number];

/** ccmsetup.msi's ProductName (the name the tutorial's Intune app shows). */
export const CCMSETUP_PRODUCT_NAME = 'ConfigMgr Client Setup Bootstrap';
/** client.msi's ProductName: installing it directly fails with 25502. */
export const CLIENT_MSI_PRODUCT_NAME = 'Configuration Manager Client';
/** Windows Installer's limit for the value of one property on the command line (tutorial rule). */
export const MAX_COMMAND_LINE_LENGTH = 1024;

/** Refuses an MSI that is not ccmsetup.msi, naming what it is when we know. */
export function checkCcmsetup(info: MsiInfo, label: string): void {
  if (info.productName === CCMSETUP_PRODUCT_NAME) return;
  if (info.productName === CLIENT_MSI_PRODUCT_NAME) {
    throw new AppError('invalid-input', 'intune.msi.clientMsi', { file: label });
  }
  throw new AppError('invalid-input', 'intune.msi.notCcmsetup', { file: label, product: info.productName });
}

/**
 * The basic rules of the LOB app's command line (a CCMSETUPCMD="…" line): not empty, at most
 * 1024 characters, no `msiexec /i` (Intune runs msiexec itself), one pair of double quotes at
 * most (no nested quotes), no line breaks or control characters. Returns the trimmed line.
 * Kept in one function so that it can later call the full CCMSETUPCMD linter of `configmgr`.
 */
export function checkCommandLine(line: string): string {
  const trimmed = line.trim();
  const refuse = (reason: string, params: Record<string, number> = {}): never => {
    throw new AppError('invalid-input', `intune.commandLine.${reason}`, params);
  };
  if (trimmed === '') refuse('empty');
  if (trimmed.length > MAX_COMMAND_LINE_LENGTH) {
    refuse('tooLong', { length: trimmed.length, max: MAX_COMMAND_LINE_LENGTH });
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) refuse('control');
  if (/\bmsiexec(\.exe)?\b/i.test(trimmed) || /(^|\s)[/-]i(\s|$)/i.test(trimmed)) refuse('msiexec');
  const quotes = trimmed.split('"').length - 1;
  if (quotes !== 0 && quotes !== 2) refuse('quotes', { count: quotes });
  return trimmed;
}

const xmlAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The MobileMsiData manifest as the portal builds it from the MSI: the execution context from
 * ALLUSERS (System for a per-machine package, User per user, Any for dual mode), the MSI's
 * UpgradeCode (Microsoft's sample wrongly sends the ProductCode here). MsiRequiresReboot is
 * false: ccmsetup schedules no reboot, and we do not read the sequence tables.
 */
export function mobileMsiManifest(info: MsiInfo): string {
  const flag = (value: boolean): string => (value ? 'true' : 'false');
  const attributes: [string, string][] = [
    ['MsiExecutionContext', info.executionContext],
    ['MsiRequiresReboot', 'false'],
    ['MsiUpgradeCode', info.upgradeCode],
    ['MsiIsMachineInstall', flag(info.executionContext !== 'User')],
    ['MsiIsUserInstall', flag(info.executionContext !== 'System')],
    ['MsiIncludesServices', flag(info.includesServices)],
    ['MsiContainsSystemRegistryKeys', flag(info.containsSystemRegistryKeys)],
    ['MsiContainsSystemFolders', flag(info.containsSystemFolders)],
  ];
  const text = attributes.map(([name, value]) => `${name}="${xmlAttribute(value)}"`).join(' ');
  return `<MobileMsiData ${text}></MobileMsiData>`;
}

/** The windowsMobileMSI body for POST /deviceAppManagement/mobileApps (Graph v1.0 fields only). */
export interface WindowsMobileMsiBody {
  readonly '@odata.type': '#microsoft.graph.windowsMobileMSI';
  readonly displayName: string;
  readonly publisher: string;
  readonly fileName: string;
  readonly productCode: string;
  readonly productVersion: string;
  readonly commandLine: string;
  readonly ignoreVersionDetection: boolean;
}

export function windowsMobileMsiBody(
  info: MsiInfo,
  fileName: string,
  commandLine: string,
): WindowsMobileMsiBody {
  return {
    '@odata.type': '#microsoft.graph.windowsMobileMSI',
    displayName: info.productName,
    publisher: info.manufacturer,
    fileName,
    productCode: info.productCode,
    productVersion: info.productVersion,
    commandLine,
    ignoreVersionDetection: false,
  };
}

/** The body for POST …/contentVersions/{v}/files. */
export interface ContentFileBody {
  readonly name: string;
  readonly size: number;
  readonly sizeEncrypted: number;
  /** base64 of the MobileMsiData XML. */
  readonly manifest: string;
  readonly isDependency: false;
}

export function contentFileBody(info: MsiInfo, fileName: string, encrypted: EncryptedFile): ContentFileBody {
  return {
    name: fileName,
    size: encrypted.size,
    sizeEncrypted: encrypted.sizeEncrypted,
    manifest: Buffer.from(mobileMsiManifest(info), 'utf8').toString('base64'),
    isDependency: false,
  };
}

export interface LobPackageOptions {
  readonly msiPath: string;
  /** How messages name the MSI (what the admin typed). */
  readonly msiLabel: string;
  readonly outDir: string;
  /** The CCMSETUPCMD line; empty string when none was given. */
  readonly commandLine: string;
  /** Replace existing package files. */
  readonly force: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export interface LobPackageResult {
  readonly info: MsiInfo;
  readonly app: WindowsMobileMsiBody;
  readonly file: ContentFileBody;
  /** Full paths of the files written, by name. */
  readonly paths: Readonly<Record<PackageFileName, string>>;
}

/**
 * Reads and checks the MSI (it must be ccmsetup.msi) and the command line, encrypts the MSI and
 * writes the four package files. All or nothing: every file goes to a temp name in `outDir`
 * first and is renamed into place at the end; on failure nothing new is left. An existing
 * package file is replaced only with `force`; a symlink, folder or device in its place is
 * refused either way, and so is an `outDir` that is a symlink.
 */
export async function writeLobPackage(options: LobPackageOptions): Promise<LobPackageResult> {
  const commandLine = options.commandLine === '' ? '' : checkCommandLine(options.commandLine);
  const info = await readMsiInfo(options.msiPath, options.msiLabel);
  checkCcmsetup(info, options.msiLabel);
  const paths = Object.fromEntries(PACKAGE_FILES.map((name) => [name, join(options.outDir, name)])) as Record<
    PackageFileName,
    string
  >;
  await asWriteFailure(async () => {
    await prepareOutDir(options.outDir);
    for (const name of PACKAGE_FILES) {
      const found = await checkOutputTarget(paths[name], name);
      if (found === 'file' && !options.force)
        throw new AppError('conflict', 'intune.cli.packageExists', { file: name });
    }
  });

  const fileName = basename(options.msiPath);
  const temp = (name: string): string =>
    join(options.outDir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const temps = new Map<PackageFileName, string>();
  const renamed: string[] = [];
  try {
    const contentTemp = temp('content.bin');
    temps.set('content.bin', contentTemp);
    const encrypted = await encryptFileForIntune(options.msiPath, contentTemp, {
      signal: options.signal,
      onProgress: options.onProgress,
    });
    const app = windowsMobileMsiBody(info, fileName, commandLine);
    const file = contentFileBody(info, fileName, encrypted);
    const commit: { fileEncryptionInfo: FileEncryptionInfo } = {
      fileEncryptionInfo: encrypted.fileEncryptionInfo,
    };
    const json: [PackageFileName, unknown, number][] = [
      ['file.json', file, 0o644],
      ['app.json', app, 0o644],
      ['commit.json', commit, 0o600],
    ];
    for (const [name, body, mode] of json) {
      const path = temp(name);
      temps.set(name, path);
      await writeNewFile(path, `${JSON.stringify(body, null, 2)}\n`, mode);
    }
    if (options.signal?.aborted) throw new AppError('cancelled', 'intune.encrypt.cancelled');
    for (const name of PACKAGE_FILES) {
      await rename(temps.get(name) as string, paths[name]);
      renamed.push(paths[name]);
    }
    return { info, app, file, paths };
  } catch (error) {
    await Promise.all([...temps.values(), ...renamed].map((path) => rm(path, { force: true })));
    throw toWriteFailure(error);
  }
}

function toWriteFailure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  return new AppError('unavailable', 'intune.package.writeFailed', { code }, { cause: error });
}

async function asWriteFailure(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    throw toWriteFailure(error);
  }
}

async function prepareOutDir(outDir: string): Promise<void> {
  const found = await lstat(outDir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  });
  if (found === null) {
    // 0o700: commit.json holds the content keys.
    await mkdir(outDir, { recursive: true, mode: 0o700 });
    return;
  }
  if (!found.isDirectory()) throw new AppError('invalid-input', 'intune.package.outDirNotADirectory', {});
}

async function writeNewFile(path: string, data: string, mode: number): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A package folder read back for upload: the bodies as written and where the content is. */
export interface LobPackage {
  readonly app: WindowsMobileMsiBody;
  readonly file: ContentFileBody;
  readonly fileEncryptionInfo: FileEncryptionInfo;
  readonly contentPath: string;
}

const MAX_PACKAGE_JSON_BYTES = 64 * 1024;

function packageInvalid(file: PackageFileName, detail: string): AppError {
  return new AppError('invalid-input', 'intune.package.invalid', { file, detail });
}

async function readPackageJson(dir: string, name: PackageFileName): Promise<Record<string, unknown>> {
  const bytes = await readBoundedFile(join(dir, name), { maxBytes: MAX_PACKAGE_JSON_BYTES, label: name });
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw packageInvalid(name, 'JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw packageInvalid(name, 'object');
  return parsed as Record<string, unknown>;
}

function field<T>(
  record: Record<string, unknown>,
  name: string,
  file: PackageFileName,
  ok: (value: unknown) => boolean,
): T {
  if (!ok(record[name])) throw packageInvalid(file, name);
  return record[name] as T;
}

const isString = (value: unknown): boolean => typeof value === 'string';
const isSize = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * Reads a folder written by `writeLobPackage` (possibly on another machine) for the upload step:
 * the three JSON files (bounded, regular files only, every field the upload sends checked), and
 * content.bin, which must be a regular file of exactly `sizeEncrypted` bytes that decrypts under
 * commit.json's keys to a file of `size` bytes with the declared digest, as Intune will check on
 * commit. Refuses with `intune.package.invalid` / `intune.package.verifyFailed`.
 */
export async function readLobPackage(dir: string): Promise<LobPackage> {
  const appJson = await readPackageJson(dir, 'app.json');
  const fileJson = await readPackageJson(dir, 'file.json');
  const commitJson = await readPackageJson(dir, 'commit.json');
  if (appJson['@odata.type'] !== '#microsoft.graph.windowsMobileMSI')
    throw packageInvalid('app.json', '@odata.type');
  const app: WindowsMobileMsiBody = {
    '@odata.type': '#microsoft.graph.windowsMobileMSI',
    displayName: field(appJson, 'displayName', 'app.json', isString),
    publisher: field(appJson, 'publisher', 'app.json', isString),
    fileName: field(appJson, 'fileName', 'app.json', isString),
    productCode: field(appJson, 'productCode', 'app.json', isString),
    productVersion: field(appJson, 'productVersion', 'app.json', isString),
    commandLine: field(appJson, 'commandLine', 'app.json', isString),
    ignoreVersionDetection: field(
      appJson,
      'ignoreVersionDetection',
      'app.json',
      (v) => typeof v === 'boolean',
    ),
  };
  if (app.commandLine !== '') checkCommandLine(app.commandLine);
  const file: ContentFileBody = {
    name: field(fileJson, 'name', 'file.json', isString),
    size: field(fileJson, 'size', 'file.json', isSize),
    sizeEncrypted: field(fileJson, 'sizeEncrypted', 'file.json', isSize),
    manifest: field(
      fileJson,
      'manifest',
      'file.json',
      (v) => typeof v === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(v),
    ),
    isDependency: field(fileJson, 'isDependency', 'file.json', (v) => v === false),
  };
  if (file.sizeEncrypted !== intuneEncryptedSize(file.size))
    throw packageInvalid('file.json', 'sizeEncrypted');
  const info = commitJson['fileEncryptionInfo'];
  const contentPath = join(dir, 'content.bin');
  const stats = await lstat(contentPath).catch(() => null);
  if (!stats?.isFile()) throw packageInvalid('content.bin', 'file');
  if (stats.size !== file.sizeEncrypted) throw packageInvalid('content.bin', 'size');
  const verified = await verifyIntuneEncryptedStream(createReadStream(contentPath), info, {
    expectedSize: file.sizeEncrypted,
  });
  if (!verified.ok)
    throw new AppError('invalid-input', 'intune.package.verifyFailed', { reason: verified.reason });
  return { app, file, fileEncryptionInfo: info as FileEncryptionInfo, contentPath };
}
