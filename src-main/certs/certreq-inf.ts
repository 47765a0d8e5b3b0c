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

/** Builds the INF and the command sequence for a validated request. */
export function buildCertreqInf(request: CertRequest, baseName = 'cmg-server'): CertreqInf {
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
  return { text, encoding, steps: certreqSteps(request.cn, baseName) };
}

/** INF bytes as certreq reads them. */
export function encodeInf(inf: CertreqInf): Buffer {
  if (inf.encoding === 'ascii') return Buffer.from(inf.text, 'ascii');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(inf.text, 'utf16le')]);
}

export interface CommandStep {
  /** Message key of the step's one-line explanation (certs catalogue). */
  readonly titleKey: string;
  readonly shell: 'cmd' | 'powershell';
  readonly command: string;
}

/** PowerShell single-quoted literal (the CN is a validated DNS name, this is belt and braces). */
const psQuote = (value: string): string => `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;

export function certreqSteps(cn: string, base: string): CommandStep[] {
  return [
    { titleKey: 'certs.inf.step.new', shell: 'cmd', command: `certreq -new ${base}.inf ${base}.csr` },
    { titleKey: 'certs.inf.step.accept', shell: 'cmd', command: `certreq -accept ${base}.cer` },
    {
      titleKey: 'certs.inf.step.export',
      shell: 'powershell',
      command: [
        `$cert = Get-ChildItem Cert:\\LocalMachine\\My -DnsName ${psQuote(cn)} | Where-Object HasPrivateKey | Sort-Object NotAfter | Select-Object -Last 1`,
        `Export-PfxCertificate -Cert $cert -FilePath .\\${base}.pfx -ChainOption BuildChain -Password (Read-Host -AsSecureString 'PFX password')`,
      ].join('\r\n'),
    },
    {
      titleKey: 'certs.inf.step.exportCertutil',
      shell: 'cmd',
      command: `certutil -p * -exportPFX My <serial-number> ${base}.pfx`,
    },
  ];
}

/** The steps as one text block: a localized `REM`/`#` comment line above each command, CRLF. */
export function renderSteps(steps: readonly CommandStep[], locale: Locale): string {
  return steps
    .map((step) => {
      const comment = step.shell === 'cmd' ? 'REM' : '#';
      return `${comment} ${translate(locale, step.titleKey)}\r\n${step.command}`;
    })
    .join('\r\n\r\n')
    .concat('\r\n');
}
