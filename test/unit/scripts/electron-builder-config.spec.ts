import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

import Ajv from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
// electron-builder's own validation (the function `electron-builder` runs before a build), offline.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const SCHEMA = JSON.parse(
  readFileSync(resolve(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
) as object;
const PACKAGE = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  productName: string;
  main: string;
  author?: { name?: string };
  engines: { node: string };
};

type Target = { target: string; arch: string[] };
type Config = Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  nsis: Record<string, unknown>;
  portable: Record<string, unknown>;
  win: { target: Target[]; icon: string };
  files: string[];
  directories: { buildResources: string };
};

function readConfig(): Config {
  return load(readFileSync(resolve(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
}

const validate = (config: unknown): Promise<void> => validateConfiguration(config, new DebugLogger(false));

// The raw schema too, to list every error at once (electron-builder stops at the first message).
const schemaErrors = (config: unknown): string[] => {
  const check = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);
  return check(config) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
};

/** Sizes of the images inside an .ico file (0 in the directory means 256). */
function icoSizes(path: string): number[] {
  const data = readFileSync(path);
  expect(data.readUInt16LE(0)).toBe(0);
  expect(data.readUInt16LE(2)).toBe(1);
  const count = data.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => data[6 + i * 16] || 256);
}

/** Width, height and bits per pixel of an uncompressed BMP. */
function bmpInfo(path: string): { width: number; height: number; bits: number; compression: number } {
  const data = readFileSync(path);
  expect(data.toString('latin1', 0, 2)).toBe('BM');
  return {
    width: data.readInt32LE(18),
    height: Math.abs(data.readInt32LE(22)),
    bits: data.readUInt16LE(28),
    compression: data.readUInt32LE(30),
  };
}

describe('electron-builder.yml', () => {
  it("should pass electron-builder's own configuration validation when parsed", async () => {
    await expect(validate(readConfig())).resolves.toBeUndefined();
    expect(schemaErrors(readConfig())).toEqual([]);
  });

  it('should be refused by the same validation when a key is misspelt or a fuse is not a boolean', async () => {
    await expect(validate({ ...readConfig(), nsiss: {} })).rejects.toThrow(/nsiss/);
    const config = readConfig();
    await expect(
      validate({ ...config, electronFuses: { ...config.electronFuses, runAsNode: 'no' } }),
    ).rejects.toThrow(/runAsNode/);
  });

  it('should flip the security fuses when the app is packaged', () => {
    expect(readConfig().electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('should pack only the build output and package.json into an asar, without maps or rebuilds', () => {
    const config = readConfig();
    expect(config.appId).toBe('com.comanage.setup');
    expect(config.productName).toBe(PACKAGE.productName);
    expect(config.files.slice(0, 3)).toEqual(['out/**', '!out/**/*.map', 'package.json']);
    // Every other pattern only excludes.
    expect(config.files.slice(3).every((pattern) => pattern.startsWith('!'))).toBe(true);
    expect(PACKAGE.main.startsWith('out/')).toBe(true);
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    expect(config.publish).toBeNull();
  });

  it('should build a per-machine NSIS installer for x64 and arm64 and a portable build', () => {
    const config = readConfig();
    expect(config.win.target).toEqual([
      { target: 'nsis', arch: ['x64', 'arm64'] },
      { target: 'portable', arch: ['x64'] },
    ]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false,
    });
    for (const name of [config.artifactName, config.nsis.artifactName, config.portable.artifactName]) {
      expect(name).toMatch(/\$\{version\}/);
      expect(name).toMatch(/\$\{arch\}/);
    }
  });

  it('should name a publisher for Apps & features and support both Node lines it is tested on', () => {
    expect(PACKAGE.author?.name).toBeTruthy();
    // Linux CI runs Node 20; the Windows release job runs the current LTS (electron-builder wants ≥ 22.12).
    expect(PACKAGE.engines.node).toBe('^20.18 || >=22.12');
  });
});

describe('installer resources in build/', () => {
  it('should hold a multi-size icon from 16 to 256 pixels and a 512-pixel PNG', () => {
    const config = readConfig();
    expect(icoSizes(resolve(ROOT, config.win.icon))).toEqual([16, 24, 32, 48, 64, 128, 256]);
    const png = readFileSync(resolve(ROOT, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('should hold uncompressed 24-bit header and sidebar bitmaps of the sizes NSIS expects', () => {
    const config = readConfig();
    expect(bmpInfo(resolve(ROOT, config.nsis.installerHeader as string))).toEqual({
      width: 150,
      height: 57,
      bits: 24,
      compression: 0,
    });
    expect(bmpInfo(resolve(ROOT, config.nsis.installerSidebar as string))).toEqual({
      width: 164,
      height: 314,
      bits: 24,
      compression: 0,
    });
  });

  it('should show the licence the package declares', () => {
    const text = readFileSync(resolve(ROOT, readConfig().nsis.license as string), 'utf8');
    expect(text).toMatch(/^MIT License/);
    expect(readFileSync(resolve(ROOT, 'LICENSE'), 'utf8')).toBe(text);
  });
});

describe('native keyring binaries for Windows', () => {
  it('should lock the Windows x64 and arm64 builds of @napi-rs/keyring with their integrity', () => {
    const lock = JSON.parse(readFileSync(resolve(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; integrity?: string; os?: string[]; cpu?: string[] }>;
    };
    const main = lock.packages['node_modules/@napi-rs/keyring'];
    for (const arch of ['x64', 'arm64']) {
      const entry = lock.packages[`node_modules/@napi-rs/keyring-win32-${arch}-msvc`];
      expect(entry?.version).toBe(main?.version);
      expect(entry?.integrity).toMatch(/^sha512-/);
      expect(entry).toMatchObject({ os: ['win32'], cpu: [arch] });
    }
  });
});
