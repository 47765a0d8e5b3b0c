import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Three projects: plain-Node unit tests, renderer component tests (jsdom), and integration
// tests against real components (keychain, Azurite, emulator over HTTP, openssl).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'test/unit/src-main/**/*.spec.ts',
            'test/unit/scripts/**/*.spec.ts',
            'test/unit/i18n/**/*.spec.ts',
          ],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        plugins: [svelte({ compilerOptions: { runes: true } })],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          include: ['test/unit/src-renderer/**/*.spec.ts'],
          environment: 'jsdom',
          setupFiles: ['test/unit/src-renderer/setup.ts'],
        },
      },
      {
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
