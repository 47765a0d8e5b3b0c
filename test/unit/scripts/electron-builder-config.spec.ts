import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import Ajv from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SCHEMA = JSON.parse(
  readFileSync(resolve(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
) as object;
const PACKAGE = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  productName: string;
  main: string;
};

type Config = Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  nsis: Record<string, unknown>;
  win: { target: { target: string; arch: string[] }[] };
  files: string[];
};

function readConfig(): Config {
  return load(readFileSync(resolve(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
}

// electron-builder's schema carries its own annotation keywords, hence strict: false.
const validate = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);

function errorsOf(config: unknown): string[] {
  return validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('electron-builder.yml', () => {
  it("should satisfy electron-builder's own JSON schema when parsed", () => {
    expect(errorsOf(readConfig())).toEqual([]);
  });

  it('should be rejected by the same schema when a key is misspelt or a fuse is not a boolean', () => {
    expect(errorsOf({ ...readConfig(), nsiss: {} })).not.toEqual([]);
    const config = readConfig();
    expect(errorsOf({ ...config, electronFuses: { ...config.electronFuses, runAsNode: 'no' } })).not.toEqual(
      [],
    );
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

  it('should package only the build output into an asar without rebuilding native modules', () => {
    const config = readConfig();
    expect(config.appId).toBe('com.comanage.setup');
    expect(config.productName).toBe(PACKAGE.productName);
    expect(config.files).toEqual(['out/**', 'package.json']);
    expect(PACKAGE.main.startsWith('out/')).toBe(true);
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
  });

  it('should build an assisted NSIS installer for Windows offering a per-machine install', () => {
    const config = readConfig();
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      selectPerMachineByDefault: true,
      allowToChangeInstallationDirectory: true,
    });
  });
});
