import { resolve } from 'node:path';

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

import { icuCatalogues } from './scripts/icu-catalogues.mjs';

// One build for the three Electron contexts. The main build also emits the CLI (`cli.js`),
// which is plain Node: it serves the renderer over the loopback web host when Electron is absent.
// Each CLI command is a dynamic import, so a chunk of its own; `cli-commands.js` exports the same
// command list for `npm run bench` to time the commands inside one process.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/app/main.ts'),
          cli: resolve('src-main/cli/main.ts'),
          'cli-commands': resolve('src-main/cli/commands/index.ts'),
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
