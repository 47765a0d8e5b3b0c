// Installs the Debian packages the test suites need (`npm run setup:test`).
//   node scripts/setup-test.mjs [--check] [PACKAGE...]
// Without package names it installs the test set below. --check only reports what is missing
// (exit 1 if anything is). Idempotent: installed packages are skipped, `apt-get update` runs
// only when something is missing, and a successful run prints one summary line.
// Windows and macOS need nothing: their keychain and tools come with the OS or npm.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const TEST_PACKAGES = [
  'chromium', // Playwright drives Debian's browser (/usr/bin/chromium)
  'libsecret-1-dev', // libsecret for keychain clients built from source (keytar)
  'gnome-keyring', // the Secret Service the keychain tests talk to
  'dbus', // dbus-run-session and dbus-send for the private session bus
  'dbus-x11', // dbus-launch, for tools that start a bus on their own
  'openssl', // independent verifier for certificates, keys and encryption
  'wixl', // builds real MSI fixtures
  'msitools', // msiinfo reads them back
];

function say(line) {
  process.stdout.write(`setup-test: ${line}\n`);
}

function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
}

/** Packages dpkg reports as fully installed, from one dpkg-query call. */
function installedAmong(packages) {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...packages], {
    encoding: 'utf8',
  });
  const installed = new Set();
  for (const line of (query.stdout ?? '').split('\n')) {
    const [name, ...status] = line.trim().split(' ');
    if (name && status.join(' ') === 'install ok installed') installed.add(name);
  }
  return installed;
}

function missingAmong(packages) {
  const installed = installedAmong(packages);
  return packages.filter((name) => !installed.has(name));
}

/** Runs quietly; on failure prints the command's output and exits. */
function runQuietly(prefix, command, args) {
  const [program, ...programArgs] = [...prefix, command, ...args];
  const result = spawnSync(program, programArgs, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').slice(-30).join('\n'));
    say(
      `\`${[command, ...args].join(' ')}\` failed (exit ${result.status ?? result.signal ?? result.error?.code}).`,
    );
    process.exit(1);
  }
}

function main() {
  const argv = process.argv.slice(2);
  const checkOnly = argv.includes('--check');
  const named = argv.filter((arg) => arg !== '--check');
  const invalid = named.filter((name) => !/^[a-z0-9][a-z0-9+.-]+$/.test(name));
  if (invalid.length > 0) {
    say(`not Debian package names: ${invalid.join(' ')}`);
    process.exit(2);
  }
  const packages = named.length > 0 ? named : TEST_PACKAGES;

  if (process.platform === 'win32' || process.platform === 'darwin') {
    say('nothing to install on this OS (the keychain and test tools are already there).');
    return;
  }
  if (process.platform !== 'linux' || !onPath('apt-get') || !onPath('dpkg-query')) {
    say(`only Debian/Ubuntu (apt-get) is supported; install the equivalent of: ${packages.join(' ')}`);
    process.exit(1);
  }

  const missing = missingAmong(packages);
  if (missing.length === 0) {
    say(`all ${packages.length} packages are installed (${packages.join(' ')}).`);
    return;
  }
  if (checkOnly) {
    const fix = named.length > 0 ? `node scripts/setup-test.mjs ${missing.join(' ')}` : 'npm run setup:test';
    say(`missing: ${missing.join(' ')} (run \`${fix}\`).`);
    process.exit(1);
  }

  let prefix = [];
  if (process.getuid?.() !== 0) {
    const sudoWorks = onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
    if (!sudoWorks) {
      const install = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing.join(' ')}`;
      const asRoot = onPath('sudo') ? `sudo sh -c '${install}'` : install;
      say(`missing ${missing.join(' ')}; not root and no password-less sudo, so run as root:\n  ${asRoot}`);
      process.exit(1);
    }
    // sudo may reset the environment, so DEBIAN_FRONTEND is passed through env(1).
    prefix = ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'];
  }
  runQuietly(prefix, 'apt-get', ['update', '-qq']);
  runQuietly(prefix, 'apt-get', ['install', '-y', '-qq', ...missing]);

  const stillMissing = missingAmong(packages);
  if (stillMissing.length > 0) {
    say(`apt-get finished but these are still not installed: ${stillMissing.join(' ')}`);
    process.exit(1);
  }
  say(`installed ${missing.join(' ')} (${packages.length - missing.length} already present).`);
}

main();
