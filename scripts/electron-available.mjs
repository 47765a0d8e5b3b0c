// Can the Electron shell start on this machine? Decided WITHOUT `require('electron')`: that
// module resolves its binary on load and, when the binary is missing, tries to download it
// (impossible on build machines without internet) and throws.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isInside(child, parent) {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * @param {{ root: string, platform?: NodeJS.Platform, env?: Record<string, string | undefined> }} options
 * @returns {{ canRun: true, binary: string } | { canRun: false, reason: string }}
 */
export function electronLaunchDecision({ root, platform = process.platform, env = process.env }) {
  const packageDir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(packageDir, 'package.json'))) {
    return { canRun: false, reason: 'Electron is not installed (node_modules/electron is missing)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const named = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  // Electron's own override for a binary kept outside node_modules (same rule as its index.js).
  const overrideDir = env.ELECTRON_OVERRIDE_DIST_PATH;
  let binary;
  if (overrideDir) {
    binary = resolve(overrideDir, named || 'electron');
  } else {
    if (!named) return { canRun: false, reason: 'Electron binary not installed (cannot download here)' };
    const distDir = join(packageDir, 'dist');
    binary = resolve(distDir, named);
    if (!isInside(binary, distDir)) {
      return { canRun: false, reason: 'node_modules/electron/path.txt names a file outside dist/' };
    }
  }
  if (!isFile(binary))
    return { canRun: false, reason: 'Electron binary not installed (cannot download here)' };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { canRun: false, reason: 'No display to show a window (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { canRun: true, binary };
}

/**
 * What `npm start` runs: the Electron binary on the project, or else the CLI's loopback web
 * host, with the caller's extra arguments either way.
 * @param {{ root: string, args?: string[], execPath?: string, platform?: NodeJS.Platform, env?: Record<string, string | undefined> }} options
 * @returns {{ command: string, args: string[], notice: string | null }}
 */
export function planLaunch({ root, args = [], execPath = process.execPath, platform, env }) {
  const decision = electronLaunchDecision({ root, platform, env });
  if (decision.canRun) return { command: decision.binary, args: ['.', ...args], notice: null };
  return {
    command: execPath,
    args: [join(root, 'out', 'main', 'cli.js'), 'serve', ...args],
    notice: `${decision.reason} — starting the web host instead.`,
  };
}
