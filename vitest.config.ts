import { fileURLToPath } from 'node:url';

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Tests import the sources as '/@/src-main/certs' (the repository root), like tsconfig's paths.
const alias = [{ find: /^\/@\//, replacement: fileURLToPath(new URL('./', import.meta.url)) }];

// Three projects: plain-Node unit tests, renderer component tests (jsdom), and integration
// tests against real components (keychain, Azurite, emulator over HTTP, openssl).
// Hooks get the same time as tests: a beforeAll that builds fixtures is test work too, and on a
// loaded machine vitest's default 10 s hook timeout failed whole files that would have passed.
const UNIT_TIMEOUT_MS = 30_000;
const INTEGRATION_TIMEOUT_MS = 120_000;

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
          testTimeout: UNIT_TIMEOUT_MS,
          hookTimeout: UNIT_TIMEOUT_MS,
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
          testTimeout: UNIT_TIMEOUT_MS,
          hookTimeout: UNIT_TIMEOUT_MS,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.spec.ts'],
          environment: 'node',
          testTimeout: INTEGRATION_TIMEOUT_MS,
          hookTimeout: INTEGRATION_TIMEOUT_MS,
          fileParallelism: false,
        },
      },
    ],
  },
});
