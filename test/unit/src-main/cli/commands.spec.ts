import { describe, expect, it } from 'vitest';

import { type CliIo, COMMANDS, runCli, usage } from '/@/src-main/cli';

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

describe('COMMANDS (lazy entries)', () => {
  it('should list the commands in the documented order', () => {
    expect(COMMANDS.map((command) => command.name)).toEqual([
      'serve',
      'csr',
      'certreq-inf',
      'pfx',
      'inspect',
      'ccmsetupcmd',
      'explain-log',
      'forget',
      'emulator',
      'lob-package',
    ]);
  });

  it.each(COMMANDS.map((entry) => [entry.name, entry] as const))(
    'should load a %s implementation with the same name and summary as its entry',
    async (_name, entry) => {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({
        name: entry.name,
        summary: entry.summary,
      });
      expect(command.usage).toMatch(new RegExp(`^Usage: comanage ${entry.name} `));
    },
  );

  it('should run the loaded implementation (its --help prints its usage)', async () => {
    const cli = io();
    expect(await runCli(['inspect', '--help'], cli, COMMANDS)).toBe(0);
    const inspect = await COMMANDS.find((entry) => entry.name === 'inspect')?.load();
    expect(cli.out.join('')).toBe(`${inspect?.usage}\n`);
  });

  it('should print the same --help as the loaded implementations would', async () => {
    const loaded = await Promise.all(COMMANDS.map((entry) => entry.load()));
    const cli = io();
    expect(await runCli(['--help'], cli, COMMANDS)).toBe(0);
    expect(cli.out.join('')).toBe(`${usage(loaded)}\n`);
  });
});
