import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { explainLogFile, MAX_LINE_CHARS, readLines } from '/@/src-main/logs';
import { AppError } from '/@/src-main/shared';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'comanage-logs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cmtrace(message: string, time: string, type = '1', component = 'ccmsetup'): string {
  return `<![LOG[${message}]LOG]!><time="${time}" date="11-20-2026" component="${component}" context="" type="${type}" thread="4312" file="">`;
}

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function keyOf(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).messageKey;
  }
  throw new Error('expected a refusal');
}

describe('explainLogFile', () => {
  it('should make one entry with count and first and last time when identical lines repeat', async () => {
    const lines = [
      cmtrace(
        'Failed to send HTTP request. (Error at WinHttpSendRequest: 12175)',
        '10:00:00.000-60',
        '3',
        'LocationServices',
      ),
      cmtrace('Client is on internet', '10:00:01.000-60'),
      cmtrace(
        'Failed to send HTTP request. (Error at WinHttpSendRequest: 12175)',
        '10:05:00.000-60',
        '3',
        'LocationServices',
      ),
      cmtrace(
        'Failed to send HTTP request. (Error at WinHttpSendRequest: 12175)',
        '10:10:00.000-60',
        '3',
        'LocationServices',
      ),
    ];
    const { entries, summary } = await explainLogFile(
      write('LocationServices.log', `${lines.join('\r\n')}\r\n`),
      'LocationServices.log',
    );
    expect(entries).toEqual([
      {
        file: 'LocationServices.log',
        line: 1,
        time: '2026-11-20T09:00:00.000Z',
        component: 'LocationServices',
        severity: 'error',
        message: 'Failed to send HTTP request. (Error at WinHttpSendRequest: 12175)',
        rule: 'winhttp-12175',
        count: 3,
        lastTime: '2026-11-20T09:10:00.000Z',
      },
    ]);
    expect(summary).toMatchObject({ lines: 4, records: 4, truncatedLines: 0, looksBinary: false });
  });

  it('should list an info line when it matches a known signature, and skip other info lines', async () => {
    const text = [
      'Starting discovery  $$<SMS_AZUREAD_DISCOVERY_AGENT><11-20-2026 10:05:44.217+300><thread=5820 (0x16BC)>',
      'Successfully published UDX for Azure Active Directory users.  $$<SMS_AZUREAD_DISCOVERY_AGENT><11-20-2026 10:05:45.000+300><thread=5820 (0x16BC)>',
    ].join('\n');
    const { entries } = await explainLogFile(write('SMS_AZUREAD_DISCOVERY_AGENT.log', text), 'disco.log');
    expect(entries.map((entry) => [entry.severity, entry.rule, entry.line])).toEqual([
      ['info', 'udx-published', 2],
    ]);
  });

  it('should judge an old-format line by its words when the line carries no type', async () => {
    const text = [
      'Failed to connect to CMG service  $$<SMS_CLOUD_PROXYCONNECTOR><11-20-2026 10:05:44.217-60><thread=5820 (0x16BC)>',
      'Warning: proxy not configured  $$<SMS_CLOUD_PROXYCONNECTOR><11-20-2026 10:05:45.000-60><thread=5820 (0x16BC)>',
      'Connection established  $$<SMS_CLOUD_PROXYCONNECTOR><11-20-2026 10:05:46.000-60><thread=5820 (0x16BC)>',
    ].join('\n');
    const { entries } = await explainLogFile(write('legacy.log', text), 'legacy.log');
    expect(entries.map((entry) => [entry.severity, entry.line, entry.component, entry.time])).toEqual([
      ['error', 1, 'SMS_CLOUD_PROXYCONNECTOR', '2026-11-20T09:05:44.217Z'],
      ['warning', 2, 'SMS_CLOUD_PROXYCONNECTOR', '2026-11-20T09:05:45.000Z'],
    ]);
  });

  it('should read a UTF-16LE log when it starts with a byte order mark', async () => {
    const text = `${cmtrace('CcmSetup is exiting with return code 7', '11:00:00.000+000', '2')}\r\n`;
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { entries, summary } = await explainLogFile(write('utf16.log', bytes), 'utf16.log');
    expect(summary.encoding).toBe('utf-16le');
    expect(entries.map((entry) => [entry.severity, entry.rule, entry.message])).toEqual([
      ['warning', 'ccmsetup-exit-7', 'CcmSetup is exiting with return code 7'],
    ]);
  });

  it('should read a UTF-8 log when it starts with a byte order mark', async () => {
    const text = `\uFEFF${cmtrace('CcmSetup is exiting with return code 0', '11:00:00.000+000')}\n`;
    const { entries, summary } = await explainLogFile(write('bom8.log', text), 'bom8.log');
    expect(summary.records).toBe(1);
    expect(entries[0]?.rule).toBe('ccmsetup-exit-0');
  });

  it('should say the file looks binary when it is random bytes, without crashing', async () => {
    let state = 7;
    const bytes = Buffer.from(
      Buffer.alloc(300_000, 0).map(() => {
        state = (state * 1103515245 + 12345) >>> 0;
        return state >>> 24;
      }),
    );
    const { summary } = await explainLogFile(write('garbage.bin', bytes), 'garbage.bin');
    expect(summary.looksBinary).toBe(true);
    expect(summary.records).toBe(0);
  });

  it('should cut and report a line when it is longer than the cap', async () => {
    const long = `${'A'.repeat(MAX_LINE_CHARS + 500_000)}\n${cmtrace('CcmSetup is exiting with return code 6', '11:00:00.000+000', '3')}\n`;
    const { entries, summary } = await explainLogFile(write('long.log', long), 'long.log');
    expect(summary).toMatchObject({ truncatedLines: 1, firstTruncatedLine: 1, lines: 2 });
    expect(entries.map((entry) => entry.rule)).toEqual(['ccmsetup-exit-6']);
  });

  it('should refuse a folder when one is named instead of a log', async () => {
    const folder = join(dir, 'folder.log');
    mkdirSync(folder);
    expect(await keyOf(() => explainLogFile(folder, 'folder.log'))).toBe('fsio.read.notAFile.directory');
  });

  it('should refuse a FIFO without waiting for a writer when one is named', async () => {
    const fifo = join(dir, 'pipe.log');
    execFileSync('mkfifo', [fifo]);
    expect(await keyOf(() => explainLogFile(fifo, 'pipe.log'))).toBe('fsio.read.notAFile.fifo');
  });

  it('should say the file does not exist when the path names nothing', async () => {
    expect(await keyOf(() => explainLogFile(join(dir, 'missing.log'), 'missing.log'))).toBe(
      'fsio.read.notFound',
    );
  });
});

describe('readLines', () => {
  it('should keep at most the cap of a 200 MB line without newline, reading it as a stream', async () => {
    const total = 200 * 1024 * 1024;
    let served = 0;
    // A file handle that serves 200 MB of "A" and never a newline: nothing else is on disk.
    const handle = {
      read(buffer: Buffer, offset: number, length: number, position: number) {
        const bytesRead = Math.max(0, Math.min(length, total - position));
        buffer.fill(0x41, offset, offset + bytesRead);
        served += bytesRead;
        return Promise.resolve({ bytesRead, buffer });
      },
    } as unknown as FileHandle;
    const before = process.memoryUsage().heapUsed;
    const lines = [];
    for await (const line of readLines(handle))
      lines.push({ length: line.text.length, truncated: line.truncated });
    expect(served).toBe(total);
    expect(lines).toEqual([{ length: MAX_LINE_CHARS, truncated: true }]);
    // The 200 MB never sat in memory at once (a generous bound: garbage collection is lazy).
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024);
  });
});
