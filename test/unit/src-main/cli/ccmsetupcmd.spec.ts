import { describe, expect, it } from 'vitest';

import type { CliIo } from '/@/src-main/cli';
import { ccmsetupcmdCommand } from '/@/src-main/cli/commands/ccmsetupcmd';
import type { Locale } from '/@/src-main/shared';

const HOST = 'contosocmg.westeurope.cloudapp.azure.com/CCM_Proxy_MutualAuth/72057594037927939';

function io(locale: Locale = 'en'): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd: '/',
    locale,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('comanage ccmsetupcmd', () => {
  it('should print the line and exit 0 when build gets valid flags', async () => {
    const cli = io();
    const code = await ccmsetupcmdCommand.run(
      ['build', '--site-code', 'XYZ', '--cmg-host', HOST, '--no-crl-check', '--provision-ts', 'XYZ00012'],
      cli,
    );
    expect(code).toBe(0);
    expect(cli.out()).toBe(
      `CCMSETUPCMD="/NoCRLCheck CCMHOSTNAME=${HOST} SMSSITECODE=XYZ PROVISIONTS=XYZ00012"\n`,
    );
  });

  it('should exit 2 with the usage when build misses --cmg-host', async () => {
    const cli = io();
    expect(await ccmsetupcmdCommand.run(['build', '--site-code', 'XYZ'], cli)).toBe(2);
    expect(cli.err()).toMatch(/--cmg-host is required\.\nUsage: comanage ccmsetupcmd/);
  });

  it('should exit 2 when an unknown action or flag is given', async () => {
    expect(await ccmsetupcmdCommand.run(['check', 'x'], io())).toBe(2);
    expect(await ccmsetupcmdCommand.run(['build', '--site', 'XYZ'], io())).toBe(2);
    expect(await ccmsetupcmdCommand.run(['lint'], io())).toBe(2);
  });

  it('should exit 1 with a localized reason when build gets https:// in the CMG host', async () => {
    const cli = io('nl');
    expect(
      await ccmsetupcmdCommand.run(['build', '--site-code', 'XYZ', '--cmg-host', `https://${HOST}`], cli),
    ).toBe(1);
    expect(cli.err()).toMatch(/^--cmg-host: geef CCMHOSTNAME precies/);
    expect(cli.out()).toBe('');
  });

  it('should explain each problem with its fix and the corrected line, and exit 1, when lint finds errors', async () => {
    const cli = io('fr');
    const code = await ccmsetupcmdCommand.run(
      ['lint', `CCMSETUPCMD="CCMHOSTNAME=https://${HOST}" SMSSiteCode="XYZ"`],
      cli,
    );
    expect(code).toBe(1);
    const out = cli.out();
    expect(out).toContain('✗ [sitecode-outside] SMSSITECODE est en dehors des guillemets');
    expect(out).toContain('✗ [ccmhostname-https] CCMHOSTNAME commence par un schéma');
    expect(out).toContain('    → Correction\u202F: Retirez https:// de CCMHOSTNAME');
    expect(out).toContain(`Ligne corrigée\u202F:\nCCMSETUPCMD="CCMHOSTNAME=${HOST} SMSSITECODE=XYZ"\n`);
    expect(out).toContain('2 erreurs, 0 avertissement, 0 remarque.');
  });

  it('should exit 0 when lint finds only warnings and notes', async () => {
    const cli = io();
    const line = `CCMSETUPCMD="/mp:https://${HOST} CCMHOSTNAME=${HOST} SMSSITECODE=XYZ"`;
    expect(await ccmsetupcmdCommand.run(['lint', line], cli)).toBe(0);
    expect(cli.out()).toContain('! [mp-switch]');
  });

  it('should print one JSON document when lint is given --json', async () => {
    const cli = io();
    const line = `CCMSETUPCMD="CCMHOSTNAME=${HOST}"`;
    expect(await ccmsetupcmdCommand.run(['lint', line, '--json'], cli)).toBe(1);
    const document = JSON.parse(cli.out()) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(['line', 'findings', 'corrected', 'errors', 'warnings']);
    expect(document).toMatchObject({
      line,
      corrected: null,
      errors: 1,
      warnings: 0,
      findings: [{ id: 'sitecode-missing', severity: 'error' }],
    });
    const [finding] = document.findings as { message: string; fix: string }[];
    expect(finding?.message).toMatch(/^SMSSITECODE is missing/);
    expect(finding?.fix).toMatch(/^Add SMSSITECODE=/);
  });
});
