import { isAbsolute, resolve } from 'node:path';

import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

const ENTRY = resolve(import.meta.dirname, '../../../../src-main/app/preload.ts');

/**
 * A sandboxed preload can `require` only `electron` and a few built-ins; anything else throws
 * when the window loads. electron-vite leaves packages external, as this build does, so a
 * stray runtime import (the contract index pulls in zod, for example) shows up here.
 */
async function bundlePreload(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: ENTRY, formats: ['cjs'], fileName: 'index' },
      rollupOptions: { external: (id) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0') },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
  return chunks.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
}

describe('preload bundle', () => {
  it('should require nothing but electron when bundled as CommonJS', async () => {
    const code = await bundlePreload();
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code.length).toBeLessThan(20_000);
  });
});
