// certreq INF for the Windows-native route: the key is made in the machine store by certreq itself.
import { AppError, type Locale, translate } from '../shared';
import { type CertRequest, INVISIBLE, PROVIDER_NAMES, subjectText } from './request-fields';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const SERVER_AUTH_OID = '1.3.6.1.5.5.7.3.1';

/** A quoted INF string value: `"` doubled; control characters cannot be expressed, so refused. */
export function infQuote(value: string): string {
  if (CONTROL.test(value) || INVISIBLE.test(value)) {
    throw new AppError('invalid-input', 'certs.inf.controlCharacter');
  }
  return `"${value.replace(/"/g, '""')}"`;
}

export interface CertreqInf {
  /** INF text with CRLF line endings. */
  readonly text: string;
  /** How to write it: ASCII when possible, else UTF-16LE with a BOM (what certreq reads as Unicode). */
  readonly encoding: 'ascii' | 'utf16le';
  /** What the admin runs on the Windows server, in order. */
  readonly steps: readonly CommandStep[];
}

function providerLines(request: CertRequest): string[] {
  if (request.provider === 'ksp') {
    // CNG key: the provider name alone selects it; ProviderType 0 and no KeySpec (AT_NONE).
    return [`ProviderName = ${infQuote(PROVIDER_NAMES.ksp)}`, 'ProviderType = 0', 'KeyAlgorithm = RSA'];
  }
  return ['KeySpec = 1', `ProviderName = ${infQuote(PROVIDER_NAMES.schannel)}`, 'ProviderType = 12'];
}

/** The files the commands name, as the admin sees them in the folder where they run them. */
export interface CertreqFileNames {
  readonly inf: string;
  readonly csr: string;
  readonly cer: string;
  readonly pfx: string;
}

/** The INF name as chosen, and the other files beside it with the same base name. */
export function certreqFileNames(infName = 'cmg-server.inf'): CertreqFileNames {
  const dot = infName.lastIndexOf('.');
  const base = dot > 0 ? infName.slice(0, dot) : infName;
  return { inf: infName, csr: `${base}.csr`, cer: `${base}.cer`, pfx: `${base}.pfx` };
}

/** Builds the INF and the command sequences for a validated request and the chosen file names. */
export function buildCertreqInf(
  request: CertRequest,
  files: CertreqFileNames = certreqFileNames(),
): CertreqInf {
  const lines = [
    '[Version]',
    'Signature = "$Windows NT$"',
    '',
    '[NewRequest]',
    `Subject = ${infQuote(subjectText(request, 'windows'))}`,
    `KeyLength = ${request.keySize}`,
    ...providerLines(request),
    'KeyUsage = 0xA0',
    'MachineKeySet = TRUE',
    'Exportable = TRUE',
    'RequestType = PKCS10',
    'HashAlgorithm = SHA256',
    '',
    '[EnhancedKeyUsageExtension]',
    `OID = ${SERVER_AUTH_OID}`,
    '',
    '[Extensions]',
    '2.5.29.17 = "{text}"',
    ...request.sans.map((name) => `_continue_ = ${infQuote(`dns=${name}&`)}`),
    '',
  ];
  const text = lines.join('\r\n');
  // eslint-disable-next-line no-control-regex -- ASCII range test
  const encoding = /^[\u0000-\u007f]*$/.test(text) ? 'ascii' : 'utf16le';
  return { text, encoding, steps: certreqSteps(request.cn, files) };
}

/** INF bytes as certreq reads them. */
export function encodeInf(inf: CertreqInf): Buffer {
  if (inf.encoding === 'ascii') return Buffer.from(inf.text, 'ascii');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(inf.text, 'utf16le')]);
}

/** A piece of a command: literal text, or a placeholder the admin replaces, translated when rendered. */
export type CommandPart = string | { readonly placeholderKey: string; readonly form: 'angle' | 'ps-string' };

export interface CommandStep {
  /** Message key of the step's one-line explanation (certs catalogue). */
  readonly titleKey: string;
  readonly shell: 'cmd' | 'powershell';
  readonly command: readonly CommandPart[];
}

// eslint-disable-next-line no-control-regex -- control characters cannot be typed in a command
const CMD_UNSAFE = /["%\u0000-\u001f]/;

/**
 * A file name as a Command Prompt argument: double quotes when it has spaces or shell characters
 * (inside them & | < > ^ are literal). `"` cannot be in a Windows file name, and `%` would be
 * expanded even inside quotes, so both are refused.
 */
export function cmdQuote(name: string): string {
  if (CMD_UNSAFE.test(name)) throw new AppError('invalid-input', 'certs.inf.fileName', { name });
  return /^[A-Za-z0-9._\-\\:]+$/.test(name) ? name : `"${name}"`;
}

/** PowerShell single-quoted literal: every quote character PowerShell accepts is doubled. */
export const psQuote = (value: string): string =>
  `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;

/** A file in the current folder as a PowerShell path argument. */
const psFile = (name: string): string => psQuote(`.\\${name}`);

const SERIAL: CommandPart = { placeholderKey: 'certs.inf.placeholder.serialNumber', form: 'angle' };
const PASSWORD_PROMPT: CommandPart = { placeholderKey: 'certs.inf.placeholder.password', form: 'ps-string' };

/** Two complete sequences, one per shell: their quoting differs, so neither is mixed into the other. */
export function certreqSteps(cn: string, files: CertreqFileNames): CommandStep[] {
  const cmd = (titleKey: string, ...command: CommandPart[]): CommandStep => ({
    titleKey,
    shell: 'cmd',
    command,
  });
  const ps = (titleKey: string, ...command: CommandPart[]): CommandStep => ({
    titleKey,
    shell: 'powershell',
    command,
  });
  return [
    cmd('certs.inf.step.new', `certreq -new ${cmdQuote(files.inf)} ${cmdQuote(files.csr)}`),
    cmd('certs.inf.step.accept', `certreq -accept ${cmdQuote(files.cer)}`),
    cmd('certs.inf.step.exportCertutil', 'certutil -p * -exportPFX My ', SERIAL, ` ${cmdQuote(files.pfx)}`),
    ps('certs.inf.step.new', `certreq -new ${psFile(files.inf)} ${psFile(files.csr)}`),
    ps('certs.inf.step.accept', `certreq -accept ${psFile(files.cer)}`),
    ps(
      'certs.inf.step.export',
      `$cert = Get-ChildItem Cert:\\LocalMachine\\My -DnsName ${psQuote(cn)} | Where-Object HasPrivateKey | Sort-Object NotAfter | Select-Object -Last 1\r\n`,
      `Export-PfxCertificate -Cert $cert -FilePath ${psFile(files.pfx)} -ChainOption BuildChain -Password (Read-Host -AsSecureString `,
      PASSWORD_PROMPT,
      ')',
    ),
  ];
}

function renderCommand(parts: readonly CommandPart[], locale: Locale): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const text = translate(locale, part.placeholderKey);
      return part.form === 'angle' ? `<${text}>` : psQuote(text);
    })
    .join('');
}

/**
 * The steps as text: a Command Prompt block, then a PowerShell block, each under a localized
 * heading, with a comment line (`REM` / `#`) above each command; CRLF line ends.
 */
export function renderSteps(steps: readonly CommandStep[], locale: Locale): string {
  const blocks = (['cmd', 'powershell'] as const)
    .map((shell) => {
      const ofShell = steps.filter((step) => step.shell === shell);
      if (ofShell.length === 0) return null;
      const comment = shell === 'cmd' ? 'REM' : '#';
      const heading = `${comment} ${translate(locale, `certs.inf.shell.${shell}`)}`;
      const lines = ofShell.map(
        (step) => `${comment} ${translate(locale, step.titleKey)}\r\n${renderCommand(step.command, locale)}`,
      );
      return [heading, ...lines].join('\r\n');
    })
    .filter((block): block is string => block !== null);
  return `${blocks.join('\r\n\r\n')}\r\n`;
}
