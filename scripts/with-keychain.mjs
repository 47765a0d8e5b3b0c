// Runs a command with a real OS keychain and COMANAGE_KEYCHAIN_SESSION=1.
//   node scripts/with-keychain.mjs CMD [ARGS...]
// Linux: a private D-Bus session (dbus-run-session) with gnome-keyring-daemon serving the
// Secret Service, unlocked with a throwaway password and keeping its files in a temp folder,
// so the developer's own keyring is never touched. Windows and macOS: the command runs
// directly, their keychain is always there. CMD is looked up in node_modules/.bin first.
// Exit code: the command's own (128 + signal number when it was killed by a signal).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SCRIPT), '..');
const INSIDE = '--inside-keychain-session';
const SECRETS_BUS_NAME = 'org.freedesktop.secrets';
const READY_TIMEOUT_MS = 15_000;
// Debian package that ships each tool the Linux session needs.
const TOOLS = [
  ['dbus-run-session', 'dbus'],
  ['dbus-send', 'dbus'],
  ['gnome-keyring-daemon', 'gnome-keyring'],
];

function fail(message, code = 1) {
  process.stderr.write(`with-keychain: ${message}\n`);
  process.exit(code);
}

function onPath(name) {
  const extensions = process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    for (const extension of extensions) {
      if (existsSync(join(folder, name + extension))) return join(folder, name + extension);
    }
  }
  return null;
}

/** node_modules/.bin of this project first, then PATH (left to spawn). */
function resolveCommand(command) {
  if (/[\\/]/.test(command)) return command;
  const names = process.platform === 'win32' ? [`${command}.cmd`, `${command}.exe`, command] : [command];
  for (const name of names) {
    const candidate = join(ROOT, 'node_modules', '.bin', name);
    if (existsSync(candidate)) return candidate;
  }
  return command;
}

function quoteForCmd(arg) {
  return /^[\w\-./:=@\\]+$/.test(arg) ? arg : `"${arg.replace(/"/g, '""')}"`;
}

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs the command with inherited stdio; resolves to the exit code the caller should use.
 * Signals this process receives go to `target(child)`'s pid (the child by default), each
 * kind once: on a terminal Ctrl-C the command already gets its own SIGINT.
 */
function run(command, args, env, target = (child) => child.pid) {
  // Node refuses to spawn .cmd/.bat without a shell (CVE-2024-27980), which npm shims are.
  const needsShell = process.platform === 'win32' && /\.(cmd|bat)$/i.test(command);
  const child = needsShell
    ? spawn([command, ...args].map(quoteForCmd).join(' '), { stdio: 'inherit', env, shell: true })
    : spawn(command, args, { stdio: 'inherit', env });
  const forwarded = new Set();
  const forward = (signal) => {
    if (forwarded.has(signal)) return;
    forwarded.add(signal);
    const pid = target(child);
    if (pid === undefined) return;
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone: its exit is on the way.
    }
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  return new Promise((resolveExit) => {
    child.on('error', (error) => {
      process.stderr.write(`with-keychain: cannot run ${command}: ${error.code ?? error.message}\n`);
      resolveExit(127);
    });
    child.on('exit', (code, signal) => {
      for (const name of FORWARDED_SIGNALS) process.off(name, forward);
      resolveExit(code ?? 128 + (constants.signals[signal] ?? 1));
    });
  });
}

function secretServiceIsUp() {
  const reply = spawnSync(
    'dbus-send',
    [
      '--session',
      '--dest=org.freedesktop.DBus',
      '--print-reply',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      `string:${SECRETS_BUS_NAME}`,
    ],
    { encoding: 'utf8' },
  );
  return reply.status === 0 && /boolean true/.test(reply.stdout);
}

/** Inside dbus-run-session: start and unlock the keyring, run the command, stop the keyring. */
async function insideSession(command, args) {
  const workDir = process.env.COMANAGE_KEYCHAIN_DIR;
  if (!workDir) fail('internal: COMANAGE_KEYCHAIN_DIR is not set');
  const data = join(workDir, 'data');
  const runtime = join(workDir, 'run');
  mkdirSync(data, { recursive: true, mode: 0o700 });
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  // The outer process signals us here: dbus-run-session itself would die without passing it on.
  writeFileSync(join(workDir, 'inner.pid'), String(process.pid));
  const logPath = join(workDir, 'gnome-keyring.log');
  const log = openSync(logPath, 'w');
  // --foreground keeps the daemon our child, so it is stopped and reaped with the session.
  const daemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    stdio: ['pipe', log, log],
    env: { ...process.env, XDG_DATA_HOME: data, XDG_RUNTIME_DIR: runtime },
  });
  closeSync(log);
  let daemonExit = null;
  daemon.on('exit', (code, signal) => {
    daemonExit = signal ?? code;
  });
  daemon.on('error', () => {
    daemonExit = 'spawn-error';
  });
  // A throwaway password: the keyring only lives as long as this session.
  daemon.stdin.end(randomBytes(18).toString('base64'));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!secretServiceIsUp()) {
    if (daemonExit !== null || Date.now() > deadline) {
      daemon.kill('SIGTERM');
      process.stderr.write(readFileSync(logPath, 'utf8'));
      fail(`gnome-keyring-daemon did not start the Secret Service (${daemonExit ?? 'timeout'})`);
    }
    await new Promise((wake) => setTimeout(wake, 50));
  }

  const env = { ...process.env };
  delete env.COMANAGE_KEYCHAIN_DIR;
  const code = await run(command, args, env);
  if (daemonExit === null) {
    const stopped = new Promise((wake) => daemon.once('exit', wake));
    daemon.kill('SIGTERM');
    await stopped;
  }
  process.exit(code);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === INSIDE) {
    await insideSession(argv[1], argv.slice(2));
    return;
  }
  if (argv.length === 0 || argv[0] === '--help') {
    fail('usage: node scripts/with-keychain.mjs CMD [ARGS...]', 2);
  }
  const [command, ...args] = argv;
  const env = { ...process.env, COMANAGE_KEYCHAIN_SESSION: '1' };
  if (process.platform !== 'linux') {
    process.exit(await run(resolveCommand(command), args, env));
  }

  const missing = TOOLS.filter(([tool]) => onPath(tool) === null);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
    fail(
      `${missing.map(([tool]) => tool).join(', ')} not found: run \`npm run setup:test\` (installs the Debian packages ${packages}).`,
    );
  }

  const workDir = mkdtempSync(join(tmpdir(), 'comanage-keychain-'));
  env.COMANAGE_KEYCHAIN_DIR = workDir;
  try {
    const innerPid = () => {
      try {
        return Number(readFileSync(join(workDir, 'inner.pid'), 'utf8')) || undefined;
      } catch {
        return undefined;
      }
    };
    const code = await run(
      'dbus-run-session',
      ['--', process.execPath, SCRIPT, INSIDE, resolveCommand(command), ...args],
      env,
      (session) => innerPid() ?? session.pid,
    );
    process.exitCode = code;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
