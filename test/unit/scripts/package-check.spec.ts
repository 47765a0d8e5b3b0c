import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { checkPackage, productionPackages, shippableLicense } from '/@/scripts/package-check.mjs';

let root: string;

function write(path: string, data: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), data);
}

function project(packages: Record<string, { version: string; license?: string; dev?: boolean }>): void {
  write(
    'package-lock.json',
    JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'app' }, ...packages } }),
  );
  write('package.json', '{"name":"app"}');
  write('out/main/index.js', 'x'.repeat(100));
  write('out/main/index.js.map', 'm'.repeat(1000));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'package-check-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('package-check', () => {
  it('should count installed production packages only, not dev or absent optional ones', () => {
    project({
      'node_modules/zod': { version: '4.0.0', license: 'MIT' },
      'node_modules/vitest': { version: '4.1.0', license: 'MIT', dev: true },
      'node_modules/@napi-rs/keyring-win32-x64-msvc': { version: '2.1.2', license: 'MIT' },
    });
    write('node_modules/zod/index.js', 'z');
    write('node_modules/vitest/index.js', 'v');
    expect(productionPackages(root).map((pkg) => pkg.name)).toEqual(['zod']);
  });

  it('should leave out source maps, type sources, docs and test folders of dependencies', () => {
    project({ 'node_modules/dep': { version: '1.0.0', license: 'ISC' } });
    write('node_modules/dep/index.js', 'a'.repeat(10));
    write('node_modules/dep/index.d.ts', 'b'.repeat(10));
    write('node_modules/dep/README.md', 'c'.repeat(10));
    write('node_modules/dep/test/spec.js', 'd'.repeat(10));
    write('node_modules/dep/dist/index.js.map', 'e'.repeat(10));
    const { files, total } = checkPackage(root);
    expect(files.map((file) => relative(root, file.path)).sort()).toEqual([
      'node_modules/dep/index.js',
      'out/main/index.js',
      'package.json',
    ]);
    expect(total).toBe(10 + 100 + '{"name":"app"}'.length);
  });

  it('should refuse a dependency whose licence is copyleft or unknown until it is reviewed', () => {
    project({
      'node_modules/gpl-thing': { version: '1.0.0', license: 'GPL-3.0' },
      'node_modules/no-licence': { version: '1.0.0' },
      'node_modules/node-forge': { version: '1.4.3', license: '(BSD-3-Clause OR GPL-2.0)' },
    });
    for (const name of ['gpl-thing', 'no-licence', 'node-forge']) write(`node_modules/${name}/index.js`, '1');
    expect(
      checkPackage(root)
        .refused.map((pkg) => pkg.name)
        .sort(),
    ).toEqual(['gpl-thing', 'no-licence']);
    expect(shippableLicense({ name: 'node-forge', license: '(BSD-3-Clause OR GPL-2.0)' })).toBe(
      'BSD-3-Clause',
    );
    expect(shippableLicense({ name: 'x', license: 'Apache-2.0' })).toBe('Apache-2.0');
  });

  it('should say what to run when the build output is missing', () => {
    write('package-lock.json', '{"packages":{}}');
    expect(() => checkPackage(root)).toThrow(/npm run build/);
  });
});
