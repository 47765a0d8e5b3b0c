import { describe, expect, it } from 'vitest';

import { type CliCommand, type CliIo, runCli } from '/@/src-main/cli';

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    cwd: '/',
    locale: 'en',
  };
}
const echo: CliCommand = {
  name: 'echo',
  summary: 'prints its arguments',
  usage: 'Usage: comanage echo ARGS',
  run: async (argv, cli) => {
    cli.stdout(argv.join(' '));
    return 0;
  },
};
const boom: CliCommand = {
  name: 'boom',
  summary: 'throws',
  usage: '',
  run: async () => Promise.reject(new Error('kaput')),
};

describe('runCli', () => {
  it('should route to the named command with the remaining arguments', async () => {
    const cli = io();
    expect(await runCli(['echo', 'a', 'b'], cli, [echo])).toBe(0);
    expect(cli.out).toEqual(['a b']);
  });
  it('should exit 2 with the usage on stderr when the command is unknown or missing', async () => {
    const cli = io();
    expect(await runCli(['nope'], cli, [echo])).toBe(2);
    expect(cli.err.join('')).toContain('Unknown command "nope"');
    expect(cli.out).toEqual([]);
    expect(await runCli([], io(), [echo])).toBe(2);
  });
  it('should exit 1 with a short message instead of a stack when a command throws', async () => {
    const cli = io();
    expect(await runCli(['boom'], cli, [boom])).toBe(1);
    expect(cli.err.join('')).toBe('comanage boom: kaput\n');
  });
  it('should print help on stdout and exit 0 when asked', async () => {
    const cli = io();
    expect(await runCli(['--help'], cli, [echo, boom])).toBe(0);
    expect(cli.out.join('')).toContain('echo  prints its arguments');
  });
});
