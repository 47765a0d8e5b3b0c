import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { CliIo } from '/@/src-main/cli/command';
import { certreqInfCommand } from '/@/src-main/cli/commands/certreq-inf';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'cli-inf-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    cwd,
    locale: 'nl',
  };
  const code = await certreqInfCommand.run(argv, io);
  return { code, stdout, stderr };
}

describe('comanage certreq-inf', () => {
  it('should write a CRLF INF and print the certreq steps when the input is valid', async () => {
    const result = await run([
      '--cn',
      'cmg.contoso.com',
      '--san',
      'cmg2.contoso.com',
      '--org',
      'Contoso',
      '--out',
      'cmg.inf',
    ]);
    expect(result.code).toBe(0);
    const text = readFileSync(join(cwd, 'cmg.inf'), 'latin1');
    expect(text).toContain('Subject = "CN=cmg.contoso.com, O=Contoso"\r\n');
    expect(text).toContain('_continue_ = "dns=cmg2.contoso.com&"\r\n');
    expect(text).toContain('ProviderType = 12');
    expect(result.stdout).toContain('certreq -new cmg.inf cmg.csr');
    expect(result.stdout).toContain('certreq -accept cmg.cer');
    expect(result.stdout).toContain('Export-PfxCertificate');
  });

  it('should print the commands with the INF name as chosen, not the base name plus .inf', async () => {
    const result = await run(['--cn', 'cmg.contoso.com', '--out', 'my request.txt']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('certreq -new "my request.txt" "my request.csr"');
    expect(result.stdout).toContain("certreq -new '.\\my request.txt' '.\\my request.csr'");
  });

  it('should write the KSP variant when --provider ksp is given', async () => {
    expect((await run(['--cn', 'cmg.contoso.com', '--provider', 'ksp', '--out', 'k.inf'])).code).toBe(0);
    expect(readFileSync(join(cwd, 'k.inf'), 'latin1')).toContain('"Microsoft Software Key Storage Provider"');
  });

  it.each([
    [['--org', 'Contoso\r\n[NewRequest]'], 'stuurteken'],
    [['--ou', 'a"b'], '"'],
    [['--san', 'bad name'], 'bad name'],
  ])('should exit 1 and write no INF when a field is hostile: %j', async (extra, fragment) => {
    const result = await run(['--cn', 'cmg.contoso.com', ...extra, '--out', 'x.inf']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(fragment);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('should exit 2 when --out is missing', async () => {
    const result = await run(['--cn', 'cmg.contoso.com']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out');
  });
});
