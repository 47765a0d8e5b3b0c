import { describe, expect, it } from 'vitest';

import type { CliIo } from '/@/src-main/cli/command';
import { parseCommandLine, parsePortOption, waitForStopSignal } from '/@/src-main/cli/serve-options';

function recordingIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd: '/tmp',
    locale: 'en',
  };
}

const OPTIONS = { port: { type: 'string' }, 'no-open': { type: 'boolean' } } as const;

describe('parseCommandLine', () => {
  it('should return the typed option values when the arguments are valid', () => {
    const io = recordingIo();
    const line = parseCommandLine(['--port', '8080', '--no-open'], OPTIONS, 'Usage: x', io);
    expect(line).toEqual({ values: { port: '8080', 'no-open': true } });
    expect(io.out).toEqual([]);
    expect(io.err).toEqual([]);
  });

  it('should print the problem and the usage to stderr and exit 2 when an option is unknown', () => {
    const io = recordingIo();
    expect(parseCommandLine(['--bogus'], OPTIONS, 'Usage: x', io)).toEqual({ exit: 2 });
    expect(io.err.join('')).toBe("Unknown option '--bogus'\nUsage: x\n");
  });

  it('should refuse positional arguments with the usage', () => {
    const io = recordingIo();
    expect(parseCommandLine(['extra'], OPTIONS, 'Usage: x', io)).toEqual({ exit: 2 });
    expect(io.err.join('')).toContain('Usage: x');
  });

  it('should print the usage to stdout and exit 0 when --help is given', () => {
    const io = recordingIo();
    expect(parseCommandLine(['--port', '1', '--help'], OPTIONS, 'Usage: x', io)).toEqual({ exit: 0 });
    expect(io.out).toEqual(['Usage: x\n']);
    expect(io.err).toEqual([]);
  });
});

describe('parsePortOption', () => {
  it('should take 0 when omitted and accept whole numbers from 0 to 65535', () => {
    expect(parsePortOption(undefined)).toBe(0);
    expect(parsePortOption('0')).toBe(0);
    expect(parsePortOption('8080')).toBe(8080);
    expect(parsePortOption('65535')).toBe(65535);
  });

  it.each(['65536', '-1', '1.5', '0x10', '1e3', ' 80', '', 'abc', '123456'])('should refuse %j', (text) => {
    expect(parsePortOption(text)).toBeNull();
  });
});

describe('waitForStopSignal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('should resolve on %s and stop listening', async (signal) => {
    const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
    const stopped = waitForStopSignal();
    expect(process.listenerCount('SIGINT')).toBe(before.int + 1);
    expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
    process.emit(signal);
    await stopped;
    expect(process.listenerCount('SIGINT')).toBe(before.int);
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
  });
});
