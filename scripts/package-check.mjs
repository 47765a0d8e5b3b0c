// `npm run package:check`: what the installer would pack, offline. electron-builder cannot run here
// (it downloads the Electron binary), so this walks the same sources electron-builder.yml names —
// the build output (out/) and the installed production dependencies of package-lock.json — with
// the same exclusions, then:
//   1. writes the packed file list to test-results/package-files.txt and prints a summary;
//   2. fails when the unpacked app folder exceeds the size budget (PACKAGE_BUDGET_MB);
//   3. fails when a production dependency has a licence we cannot ship, and writes the
//      third-party licence list (test-results/third-party-licenses.json) for the About dialog.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Unpacked app folder budget (out/ + production node_modules), in MB of 10^6 bytes. */
export const PACKAGE_BUDGET_MB = 100;

/** Licences (SPDX ids) a closed or open redistribution of the app may carry without more work. */
export const SHIPPABLE_LICENSES = new Set([
  'MIT',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  '0BSD',
  'BlueOak-1.0.0',
  'CC0-1.0',
  'Unlicense',
  'Python-2.0',
  'MIT-0',
]);

/**
 * Packages whose lock entry has no plain SPDX id, each read and decided by hand: the licence we
 * ship them under and why. A new odd licence fails the check until it is reviewed here.
 */
export const REVIEWED_LICENSES = {
  'node-forge': {
    license: 'BSD-3-Clause',
    why: 'dual-licensed "(BSD-3-Clause OR GPL-2.0)"; we take BSD-3-Clause',
  },
  // Pulled in by Azurite (rehearsal blob store); goes when the built-in blob store replaces it.
  'uri-templates': {
    license: 'Unlicense',
    why: 'README: released as public domain, re-licensable for any purpose',
  },
};

const EXCLUDED_EXTENSIONS = /\.(md|markdown|map|ts|mts|cts|tsbuildinfo)$/i;
const EXCLUDED_DIRECTORIES = new Set([
  'test',
  'tests',
  '__tests__',
  'docs',
  'example',
  'examples',
  '.github',
  '.bin',
]);

function walk(dir, keep, files = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (keep(path, true)) walk(path, keep, files);
    } else if (entry.isFile() && keep(path, false)) {
      files.push({ path, size: statSync(path).size });
    }
  }
  return files;
}

const keepOutput = (path, isDir) => isDir || !path.endsWith('.map');
function keepDependency(path, isDir) {
  const name = path.split(sep).pop() ?? '';
  if (isDir) return !EXCLUDED_DIRECTORIES.has(name) && name !== 'node_modules';
  return !EXCLUDED_EXTENSIONS.test(name);
}

/** Production packages that are installed (optional binaries of other platforms are not). */
export function productionPackages(root = ROOT) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const packages = [];
  for (const [location, entry] of Object.entries(lock.packages ?? {})) {
    if (location === '' || entry.dev === true || !existsSync(join(root, location))) continue;
    const name = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages.push({ location, name, version: entry.version, license: entry.license ?? null });
  }
  return packages;
}

/** The licence a package ships under, or null when it needs a human decision. */
export function shippableLicense(pkg) {
  const reviewed = REVIEWED_LICENSES[pkg.name];
  if (reviewed) return reviewed.license;
  return pkg.license !== null && SHIPPABLE_LICENSES.has(pkg.license) ? pkg.license : null;
}

export function checkPackage(root = ROOT) {
  const output = join(root, 'out');
  if (!existsSync(output)) throw new Error('out/ is missing: run `npm run build` first');
  const files = walk(output, keepOutput);
  const packages = productionPackages(root);
  const perPackage = [];
  for (const pkg of packages) {
    const own = walk(join(root, pkg.location), keepDependency);
    files.push(...own);
    perPackage.push({ ...pkg, size: own.reduce((sum, file) => sum + file.size, 0) });
  }
  files.push({ path: join(root, 'package.json'), size: statSync(join(root, 'package.json')).size });
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const refused = perPackage.filter((pkg) => shippableLicense(pkg) === null);
  return { files, total, perPackage, refused };
}

function main() {
  const { files, total, perPackage, refused } = checkPackage();
  const results = join(ROOT, 'test-results');
  mkdirSync(results, { recursive: true });
  const list = files.map((file) => `${file.size}\t${relative(ROOT, file.path)}`).join('\n');
  writeFileSync(join(results, 'package-files.txt'), `${list}\n`);
  const licenses = perPackage
    .map(({ name, version, license }) => ({
      name,
      version,
      license: shippableLicense({ name, license }) ?? license,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  writeFileSync(join(results, 'third-party-licenses.json'), `${JSON.stringify(licenses, null, 2)}\n`);

  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  const biggest = [...perPackage].sort((a, b) => b.size - a.size).slice(0, 12);
  process.stdout.write(
    `package: ${files.length} files, ${mb(total)} MB unpacked (budget ${PACKAGE_BUDGET_MB} MB), ` +
      `${perPackage.length} production packages; list in test-results/package-files.txt\n`,
  );
  for (const pkg of biggest)
    process.stdout.write(`  ${mb(pkg.size).padStart(7)} MB  ${pkg.name}@${pkg.version}\n`);
  let failed = false;
  if (total > PACKAGE_BUDGET_MB * 1e6) {
    process.stdout.write(`package: over budget by ${mb(total - PACKAGE_BUDGET_MB * 1e6)} MB\n`);
    failed = true;
  }
  for (const pkg of refused) {
    process.stdout.write(
      `package: ${pkg.name}@${pkg.version} has licence "${pkg.license}", not reviewed for shipping\n`,
    );
    failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
