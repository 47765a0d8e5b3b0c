import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

// setup-test.mjs prepares the system packages this keychain suite (and the others) depend on.
const ROOT = resolve(import.meta.dirname, '../../..');
const SCRIPT = join(ROOT, 'scripts/setup-test.mjs');
const execFileAsync = promisify(execFile);
const NOBODY = 65534;

function readableCopy(file: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'setup-test-'));
  chmodSync(dir, 0o755);
  const copy = join(dir, basename(file));
  copyFileSync(file, copy);
  chmodSync(copy, 0o644);
  return copy;
}

async function setupTest(
  args: string[],
  asNobody = false,
): Promise<{ code: number; stdout: string; stderr: string }> {
  // The checkout may sit in a folder only root can enter (mktemp -d is 0700): the unprivileged
  // run gets its own world-readable copy of the (self-contained) script.
  const script = asNobody ? readableCopy(SCRIPT) : SCRIPT;
  const [command, commandArgs] = asNobody
    ? [
        'setpriv',
        [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, script, ...args],
      ]
    : [process.execPath, [script, ...args]];
  try {
    const { stdout, stderr } = await execFileAsync(command, commandArgs, { cwd: dirname(script) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  } finally {
    if (asNobody) rmSync(dirname(script), { recursive: true, force: true });
  }
}

const debian = process.platform === 'linux' && existsSync('/usr/bin/dpkg-query');
const canDropRoot = debian && process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');

describe.runIf(debian)('setup-test on Debian', () => {
  it('should print one summary line and exit 0 when every test package is already installed', async () => {
    const outcome = await setupTest([]);
    expect(outcome.code, outcome.stdout + outcome.stderr).toBe(0);
    expect(outcome.stdout.trim().split('\n')).toHaveLength(1);
    expect(outcome.stdout).toMatch(/all 8 packages are installed/);
    for (const name of ['chromium', 'gnome-keyring', 'libsecret-1-dev', 'dbus', 'wixl', 'msitools']) {
      expect(outcome.stdout).toContain(name);
    }
  });

  it('should list what is missing and exit 1 without installing when --check finds a gap', async () => {
    const outcome = await setupTest(['--check', 'comanage-no-such-package', 'openssl']);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('missing: comanage-no-such-package');
    expect(outcome.stdout).not.toMatch(/missing:.*openssl/);
  });

  it('should refuse something that is not a package name when it is given as an argument', async () => {
    const outcome = await setupTest(['openssl; rm -rf /']);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toContain('not Debian package names');
  });

  it.runIf(canDropRoot)(
    'should print the exact root command and exit 1 when it is not root and has no sudo',
    async () => {
      const outcome = await setupTest(['comanage-no-such-package'], true);
      expect(outcome.code).toBe(1);
      expect(outcome.stdout).toContain(
        'DEBIAN_FRONTEND=noninteractive apt-get install -y comanage-no-such-package',
      );
    },
  );
});

if (!debian) {
  console.info('setup-test tests skipped: they need Debian (dpkg-query); elsewhere the script does nothing.');
}
if (debian && !canDropRoot) {
  console.info('setup-test non-root test skipped: it needs root and setpriv to run the script as nobody.');
}
