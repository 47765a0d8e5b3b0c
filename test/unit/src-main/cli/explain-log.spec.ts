import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CliIo } from '/@/src-main/cli';
import { explainLogCommand } from '/@/src-main/cli/commands/explain-log';
import type { Locale } from '/@/src-main/shared';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'comanage-explain-'));
  const line = (message: string, time: string, type: string, component: string): string =>
    `<![LOG[${message}]LOG]!><time="${time}" date="11-20-2026" component="${component}" context="" type="${type}" thread="1" file="">`;
  writeFileSync(
    join(dir, 'SMS_Cloud_ProxyConnector.log'),
    [
      line('Text from CMG: 403 CMGConnector_Forbidden', '08:00:00.000-60', '3', 'SMS_CLOUD_PROXYCONNECTOR'),
      line('Text from CMG: 403 CMGConnector_Forbidden', '08:01:00.000-60', '3', 'SMS_CLOUD_PROXYCONNECTOR'),
      line('Retrying in 60 seconds', '08:01:01.000-60', '2', 'SMS_CLOUD_PROXYCONNECTOR'),
      line('Connection state: connected', '08:02:00.000-60', '1', 'SMS_CLOUD_PROXYCONNECTOR'),
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(locale: Locale = 'en'): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd: dir,
    locale,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('comanage explain-log', () => {
  it('should print one object with the entries of the contract when --json is given', async () => {
    const cli = io();
    expect(await explainLogCommand.run(['SMS_Cloud_ProxyConnector.log', '--json'], cli)).toBe(0);
    const document = JSON.parse(cli.out()) as { entries: Record<string, unknown>[] };
    expect(Object.keys(document)).toEqual(['entries']);
    expect(document.entries).toHaveLength(2);
    expect(Object.keys(document.entries[0] ?? {})).toEqual([
      'file',
      'line',
      'time',
      'component',
      'severity',
      'message',
      'rule',
      'explanation',
      'fix',
      'count',
      'lastTime',
    ]);
    expect(document.entries[0]).toMatchObject({
      file: 'SMS_Cloud_ProxyConnector.log',
      line: 1,
      time: '2026-11-20T07:00:00.000Z',
      severity: 'error',
      rule: 'cmg-connector-forbidden',
      count: 2,
      lastTime: '2026-11-20T07:01:00.000Z',
    });
    expect(document.entries[0]?.explanation).toMatch(/IIS/);
    expect(document.entries[1]).toMatchObject({
      severity: 'warning',
      rule: null,
      explanation: null,
      fix: null,
      count: 1,
    });
  });

  it('should group entries with counts and explain them in the admin language when printing text', async () => {
    const cli = io('nl');
    expect(await explainLogCommand.run(['SMS_Cloud_ProxyConnector.log'], cli)).toBe(0);
    const out = cli.out();
    expect(out).toContain('SMS_Cloud_ProxyConnector.log: 4 regels, waarvan 4 in CMTrace-indeling (utf-8)');
    expect(out).toContain('Fouten (2)');
    expect(out).toContain(
      '✗ [cmg-connector-forbidden] regel 1 · SMS_CLOUD_PROXYCONNECTOR · 2026-11-20T07:00:00.000Z — 2 keer',
    );
    expect(out).toContain('Waarom: Het beheerpunt antwoordde 403.');
    expect(out).toContain('Waarschuwingen (1)');
    expect(out).toContain('2 fouten, 1 waarschuwing, 2 bekende signaturen in 1 bestand.');
  });

  it('should still report the readable files and exit 2 when one file cannot be read', async () => {
    const cli = io();
    expect(await explainLogCommand.run(['SMS_Cloud_ProxyConnector.log', 'missing.log', '--json'], cli)).toBe(
      2,
    );
    expect(cli.err()).toBe('missing.log does not exist. Check the path and pick the file again.\n');
    expect((JSON.parse(cli.out()) as { entries: unknown[] }).entries).toHaveLength(2);
  });

  it('should exit 2 with the usage when no file is given', async () => {
    const cli = io();
    expect(await explainLogCommand.run(['--json'], cli)).toBe(2);
    expect(cli.err()).toMatch(/Usage: comanage explain-log FILE/);
  });
});
