import type { CliCommand, CliCommandEntry } from '../command';

// `comanage --help` needs only names and summaries, so each command's module (and what it pulls in:
// node-forge, the emulator, the web host, zod…) is imported only when that command runs. Each
// `import()` below becomes its own chunk in out/main/chunks/: `inspect` never loads the web host.

/** A command as listed by `--help`, with the loader of its implementation. */
export interface LazyCommand extends CliCommandEntry {
  load(): Promise<CliCommand>;
}

function lazy(name: string, summary: string, load: () => Promise<CliCommand>): LazyCommand {
  return { name, summary, load, run: async (argv, io) => (await load()).run(argv, io) };
}

/**
 * Every `comanage` sub-command, in the order `--help` lists them. The summaries repeat the
 * commands' own (test/unit/src-main/cli/commands.spec.ts keeps them equal).
 */
export const COMMANDS: readonly LazyCommand[] = [
  lazy(
    'serve',
    'serve the assistant to a browser on 127.0.0.1 (rehearsal mode)',
    async () => (await import('./serve')).serveCommand,
  ),
  lazy(
    'csr',
    'create a private key and a certificate request (CSR) for the CMG',
    async () => (await import('./csr')).csrCommand,
  ),
  lazy(
    'certreq-inf',
    'write a certreq INF (Windows route) and the commands to run with it',
    async () => (await import('./certreq-inf')).certreqInfCommand,
  ),
  lazy(
    'pfx',
    'build a PFX from the CA certificate, its chain and the private key',
    async () => (await import('./pfx')).pfxCommand,
  ),
  lazy(
    'inspect',
    'check a PFX file against the cloud management gateway certificate rules',
    async () => (await import('./inspect')).inspectCommand,
  ),
  lazy(
    'ccmsetupcmd',
    'build or check the CCMSETUPCMD line for ccmsetup.msi',
    async () => (await import('./ccmsetupcmd')).ccmsetupcmdCommand,
  ),
  lazy(
    'explain-log',
    'explain errors and known signatures in ConfigMgr (CMTrace) logs',
    async () => (await import('./explain-log')).explainLogCommand,
  ),
  lazy(
    'forget',
    'remove all state, logs, keys and keychain entries of the assistant',
    async () => (await import('./forget')).forgetCommand,
  ),
  lazy(
    'emulator',
    'run the simulated tenant (Graph/ARM emulator) for rehearsals and tests',
    async () => (await import('./emulator')).emulatorCommand,
  ),
  lazy(
    'lob-package',
    'encrypt ccmsetup.msi into an offline Intune LOB app package',
    async () => (await import('./lob-package')).lobPackageCommand,
  ),
];
