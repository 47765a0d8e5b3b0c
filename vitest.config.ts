import { fileURLToPath } from 'node:url';

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Tests import the sources as '/@/src-main/certs' (the repository root), like tsconfig's paths.
const alias = [{ find: /^\/@\//, replacement: fileURLToPath(new URL('./', import.meta.url)) }];

// Three projects: plain-Node unit tests, renderer component tests (jsdom), and integration
// tests against real components (keychain, Azurite, emulator over HTTP, openssl).
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: [
            'test/unit/src-main/**/*.spec.ts',
            'test/unit/scripts/**/*.spec.ts',
            'test/unit/i18n/**/*.spec.ts',
            'test/unit/lint/**/*.spec.ts',
          ],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        plugins: [svelte({ compilerOptions: { runes: true } })],
        resolve: { alias, conditions: ['browser'] },
        test: {
          name: 'renderer',
          include: ['test/unit/src-renderer/**/*.spec.ts'],
          environment: 'jsdom',
          setupFiles: ['test/unit/src-renderer/setup.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
