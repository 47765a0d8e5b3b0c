// Builds with electron-vite when out/ is missing or older than any source file.
// Build output goes to stderr so that commands piping the CLI's stdout see only the CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
const OUTPUTS = ['out/main/cli.js', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const INPUTS = ['src-main', 'src-renderer', 'package.json', 'electron.vite.config.ts', 'svelte.config.js'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function isBuildStale(root = ROOT) {
  const outputs = OUTPUTS.map((p) => join(root, p));
  if (outputs.some((p) => !existsSync(p))) return true;
  const oldestOutput = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  return INPUTS.some((p) => newestMtime(join(root, p)) > oldestOutput);
}

export function ensureBuilt({ quiet = false } = {}) {
  if (!isBuildStale()) return;
  if (!quiet) process.stderr.write('Building the assistant (first run or sources changed)…\n');
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: ROOT,
      stdio: ['ignore', quiet ? 'ignore' : process.stderr, process.stderr],
    },
  );
  if (result.status !== 0) {
    process.stderr.write('The build failed; see the messages above.\n');
    process.exit(result.status ?? 1);
  }
}
