import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

import { productionPackages, shippableLicense } from './scripts/package-check.mjs';

/** Writes out/third-party-licenses.json (the About dialog's list) beside the main build. */
function thirdPartyLicenses(): Plugin {
  return {
    name: 'third-party-licenses',
    apply: 'build',
    writeBundle(options) {
      const list = productionPackages()
        .map(({ name, version, license }) => ({
          name,
          version,
          license: shippableLicense({ name, license }) ?? license ?? 'UNKNOWN',
        }))
        // One line per name@version: npm may install the same version in several nested folders.
        .filter(
          (entry, index, all) =>
            all.findIndex((other) => other.name === entry.name && other.version === entry.version) === index,
        )
        .sort((a, b) => a.name.localeCompare(b.name));
      // Beside main/, preload/ and renderer/ of this build (`--outDir` moves all of them).
      const outDir = resolve(options.dir ?? 'out/main', '..');
      mkdirSync(outDir, { recursive: true });
      writeFileSync(resolve(outDir, 'third-party-licenses.json'), `${JSON.stringify(list)}\n`);
    },
  };
}

import { icuCatalogues } from './scripts/icu-catalogues.mjs';

// One build for the three Electron contexts. The main build also emits the CLI (`cli.js`),
// which is plain Node: it serves the renderer over the loopback web host when Electron is absent.
// Each CLI command is a dynamic import, so a chunk of its own; `cli-commands.js` exports the same
// command list for `npm run bench` to time the commands inside one process. `pfx-worker.js` is the
// entry of the worker thread that reads PFX files for the host.
export default defineConfig({
  main: {
    plugins: [thirdPartyLicenses()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/app/main.ts'),
          cli: resolve('src-main/cli/main.ts'),
          'cli-commands': resolve('src-main/cli/commands/index.ts'),
          // The PFX reader's worker thread (src-main/certs/inspect/pfx-worker-client.ts finds it here).
          'pfx-worker': resolve('src-main/certs/inspect/pfx-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/app/preload.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
    // The UI catalogues arrive precompiled, so the ICU parser stays out of the bundle.
    resolve: {
      alias: [
        {
          find: /^@formatjs\/icu-messageformat-parser$/,
          replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
        },
      ],
    },
    plugins: [svelte({ configFile: resolve('svelte.config.js') }), icuCatalogues()],
  },
});
