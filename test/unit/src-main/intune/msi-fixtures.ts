import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a fixture MSI declares; every field has a ccmsetup-like default. */
export interface MsiFixture {
  readonly productName?: string;
  readonly manufacturer?: string;
  readonly version?: string;
  readonly productCode?: string;
  /** null leaves the UpgradeCode attribute out. */
  readonly upgradeCode?: string | null;
  /** perMachine → ALLUSERS=1, perUser → no ALLUSERS. */
  readonly scope?: 'perMachine' | 'perUser';
  /** Extra Property rows (name → value). */
  readonly properties?: Readonly<Record<string, string>>;
  /** Size of the payload file inside the embedded cabinet. */
  readonly payloadBytes?: number;
  readonly service?: boolean;
}

export const CCMSETUP_PRODUCT_CODE = '{8864FB91-94EE-4F16-A144-0D82A232049D}';
export const CCMSETUP_UPGRADE_CODE = '{252DA259-82CA-4177-B8D0-49C78937BA3E}';

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Builds a real MSI with wixl (Debian package wixl) in a fresh folder under `parent` and returns
 * its path. wixl resolves Source= against its working directory, so it runs inside that folder.
 */
export function buildMsi(parent: string, fixture: MsiFixture = {}): string {
  const dir = mkdtempSync(join(parent, 'msi-'));
  // Random: incompressible, so the cabinet (and the MSI) is as large as asked.
  const payload = randomBytes(fixture.payloadBytes ?? 64);
  writeFileSync(join(dir, 'payload.bin'), payload);
  const properties = Object.entries(fixture.properties ?? {})
    .map(([name, value]) => `<Property Id="${name}" Value="${escape(value)}"/>`)
    .join('\n');
  const service = fixture.service
    ? '<ServiceInstall Id="Svc" Name="ccmsetup" Start="auto" Type="ownProcess" ErrorControl="normal"/>'
    : '';
  const wxs = `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="${fixture.productCode ?? CCMSETUP_PRODUCT_CODE}" Name="${escape(fixture.productName ?? 'ConfigMgr Client Setup Bootstrap')}"
    Language="1033" Version="${fixture.version ?? '5.0.9128.1000'}" Manufacturer="${escape(fixture.manufacturer ?? 'Microsoft Corporation')}"
    ${fixture.upgradeCode === null ? '' : `UpgradeCode="${fixture.upgradeCode ?? CCMSETUP_UPGRADE_CODE}"`}>
    <Package InstallerVersion="200" Compressed="yes" InstallScope="${fixture.scope ?? 'perMachine'}"/>
    <Media Id="1" Cabinet="payload.cab" EmbedCab="yes"/>
    ${properties}
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="ccmsetup">
          <Component Id="Main" Guid="{0B0E8A1C-3C57-4B5B-9C0A-6D1A3A0F2E11}">
            <File Id="Payload" Source="payload.bin" KeyPath="yes"/>
            ${service}
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Complete" Level="1"><ComponentRef Id="Main"/></Feature>
  </Product>
</Wix>
`;
  writeFileSync(join(dir, 'package.wxs'), wxs);
  execFileSync('wixl', ['-o', 'package.msi', 'package.wxs'], { cwd: dir, stdio: 'pipe' });
  return join(dir, 'package.msi');
}

/** The Property table as msitools reads it (`msiinfo export FILE Property`), the independent oracle. */
export function msiinfoProperties(path: string): Map<string, string> {
  const text = execFileSync('msiinfo', ['export', path, 'Property'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const rows = text
    .split(/\r?\n/)
    .slice(3)
    .filter((line) => line.length > 0);
  return new Map(rows.map((line) => [line.slice(0, line.indexOf('\t')), line.slice(line.indexOf('\t') + 1)]));
}
