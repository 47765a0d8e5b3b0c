import { describe, expect, it } from 'vitest';

import {
  buildCertreqInf,
  certreqFileNames,
  encodeInf,
  infQuote,
  renderSteps,
} from '/@/src-main/certs/certreq-inf';
import { validateRequest } from '/@/src-main/certs/request-fields';

const request = (provider: 'schannel' | 'ksp' = 'schannel') =>
  validateRequest({
    cn: 'cmg.contoso.com',
    sans: ['cmg2.contoso.com'],
    org: 'Contoso',
    country: 'BE',
    provider,
  }).request!;

describe('buildCertreqInf', () => {
  it('should write the SChannel request with exportable machine key, SHA-256 and the SAN lines', () => {
    const inf = buildCertreqInf(request());
    const lines = inf.text.split('\r\n');
    expect(lines).toContain('Subject = "CN=cmg.contoso.com, O=Contoso, C=BE"');
    expect(lines).toEqual(
      expect.arrayContaining([
        'KeyLength = 2048',
        'KeySpec = 1',
        'KeyUsage = 0xA0',
        'MachineKeySet = TRUE',
        'Exportable = TRUE',
        'ProviderName = "Microsoft RSA SChannel Cryptographic Provider"',
        'ProviderType = 12',
        'RequestType = PKCS10',
        'HashAlgorithm = SHA256',
        'OID = 1.3.6.1.5.5.7.3.1',
        '2.5.29.17 = "{text}"',
        '_continue_ = "dns=cmg.contoso.com&"',
        '_continue_ = "dns=cmg2.contoso.com&"',
      ]),
    );
    expect(inf.text).not.toMatch(/[^\r]\n/);
    expect(inf.encoding).toBe('ascii');
  });

  it('should name the KSP without a provider type 12 or KeySpec when the KSP is chosen', () => {
    const text = buildCertreqInf(request('ksp')).text;
    expect(text).toContain('ProviderName = "Microsoft Software Key Storage Provider"');
    expect(text).not.toContain('ProviderType = 12');
    expect(text).not.toContain('KeySpec');
  });

  it('should write UTF-16LE with a BOM when a value is not ASCII', () => {
    const inf = buildCertreqInf(validateRequest({ cn: 'cmg.contoso.com', locality: 'Liège' }).request!);
    expect(inf.encoding).toBe('utf16le');
    const bytes = encodeInf(inf);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toContain('L=Liège');
  });

  it('should list certreq -new, -accept and a PFX export when the steps are rendered', () => {
    const inf = buildCertreqInf(request(), certreqFileNames('cmg-2026.inf'));
    const text = renderSteps(inf.steps, 'nl');
    expect(text).toContain('certreq -new cmg-2026.inf cmg-2026.csr');
    expect(text).toContain('certreq -accept cmg-2026.cer');
    expect(text).toContain("Get-ChildItem Cert:\\LocalMachine\\My -DnsName 'cmg.contoso.com'");
    expect(text).toContain('Export-PfxCertificate');
    expect(text).toContain('certificeringsinstantie');
  });

  it('should name the files actually chosen, quoted for each shell, in two separate blocks', () => {
    const files = certreqFileNames('CMG request 2026.txt');
    expect(files).toEqual({
      inf: 'CMG request 2026.txt',
      csr: 'CMG request 2026.csr',
      cer: 'CMG request 2026.cer',
      pfx: 'CMG request 2026.pfx',
    });
    const text = renderSteps(buildCertreqInf(request(), files).steps, 'en');
    const [cmdBlock, psBlock] = text.split('\r\n\r\n');
    expect(cmdBlock).toMatch(/^REM Command Prompt/);
    expect(cmdBlock).toContain('certreq -new "CMG request 2026.txt" "CMG request 2026.csr"');
    expect(cmdBlock).toContain('certreq -accept "CMG request 2026.cer"');
    expect(cmdBlock).toContain('certutil -p * -exportPFX My <serial-number> "CMG request 2026.pfx"');
    expect(cmdBlock).not.toMatch(/^#/m);
    expect(psBlock).toMatch(/^# Or Windows PowerShell/);
    expect(psBlock).toContain("certreq -new '.\\CMG request 2026.txt' '.\\CMG request 2026.csr'");
    expect(psBlock).toContain("-FilePath '.\\CMG request 2026.pfx'");
    expect(psBlock).not.toMatch(/^REM/m);
  });

  it('should double a quote in a PowerShell name and refuse % for the Command Prompt', () => {
    const text = renderSteps(buildCertreqInf(request(), certreqFileNames("o'brien.inf")).steps, 'en');
    expect(text).toContain("certreq -new '.\\o''brien.inf' '.\\o''brien.csr'");
    expect(() => buildCertreqInf(request(), certreqFileNames('100%.inf'))).toThrow(
      expect.objectContaining({ messageKey: 'certs.inf.fileName' }),
    );
  });

  it.each([
    ['fr', '<numéro-de-série>', "'Mot de passe du PFX'"],
    ['nl', '<serienummer>', "'PFX-wachtwoord'"],
  ] as const)('should translate the placeholders into %s', (locale, serial, prompt) => {
    const text = renderSteps(buildCertreqInf(request()).steps, locale);
    expect(text).toContain(serial);
    expect(text).toContain(`Read-Host -AsSecureString ${prompt}`);
    expect(text).not.toContain('serial-number');
  });
});

describe('infQuote', () => {
  it('should double quotes and refuse control characters', () => {
    expect(infQuote('a "b"')).toBe('"a ""b"""');
    expect(() => infQuote('a\r\nb')).toThrow(
      expect.objectContaining({ messageKey: 'certs.inf.controlCharacter' }),
    );
  });
});
