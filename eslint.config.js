import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

import svelteConfig from './svelte.config.js';

const NODE_ONLY = ['electron', 'electron/*', 'node:*', 'fs', 'path', 'os', 'child_process', 'crypto'];

// ---------------------------------------------------------------------------------------------
// Layers. Each folder of src-main is one module; MAY_IMPORT lists, per module, the other
// modules it may import (always through their index.ts). Everything points down:
//   app | host | cli  →  ipc  →  stages (+ engine), rehearsal  →  services  →  foundation  →  shared
// Peers in the services and foundation tiers may use each other (identity keeps its cache key in
// secrets). Folders that do not exist yet are listed so their first import is already checked;
// test/unit/lint/layers.spec.ts fails when a folder of src-main is missing from this table.
// maintenance: what the app does about itself (About facts, update check, "Forget everything").
const SERVICES = ['certs', 'entra', 'azure', 'configmgr', 'intune', 'logs', 'maintenance'];
const FOUNDATION = ['graph', 'identity', 'secrets', 'state', 'fsio'];
const BELOW_STAGES = [...SERVICES, ...FOUNDATION, 'shared'];
export const MAY_IMPORT = {
  app: ['host', 'ipc', 'stages', 'engine', 'rehearsal', ...BELOW_STAGES],
  cli: ['host', 'ipc', 'stages', 'engine', 'rehearsal', ...BELOW_STAGES],
  host: ['ipc', 'stages', 'engine', 'rehearsal', ...BELOW_STAGES],
  ipc: ['stages', 'engine', 'rehearsal', ...BELOW_STAGES],
  // A stage drives the generic engine; the engine gets the stage passed in, never imports it.
  stages: ['engine', ...BELOW_STAGES],
  engine: [...BELOW_STAGES],
  // The simulated tenant is wired in by the composition roots (ipc/runtime, cli, app) only:
  // stages and services must not know whether the tenant is simulated.
  rehearsal: [...BELOW_STAGES],
  ...Object.fromEntries(SERVICES.map((name) => [name, [...BELOW_STAGES]])),
  ...Object.fromEntries(FOUNDATION.map((name) => [name, [...FOUNDATION, 'shared']])),
  shared: [],
};
/** Files of a module other modules may import: its index.ts, plus these documented extras. */
export const PUBLIC_ENTRIES = {
  // The contract has its own index (plain types + zod schemas, for the renderer's `import type`),
  // and the preload imports only the zod-free event list: a sandboxed preload cannot require zod.
  ipc: ['./index.ts', './contract/index.ts', './contract/events.ts'],
};
const LAYERS_HINT =
  'Layers: app|host|cli → ipc → stages(+engine), rehearsal → services → graph/identity/secrets/state/fsio → shared (README, Architecture).';
const MODULES = Object.keys(MAY_IMPORT);
const mainDir = (name) => `src-main/${name}`;

const allowedList = (name) =>
  MAY_IMPORT[name].filter((other) => other !== name).join(', ') || 'its own files';
const layerZones = MODULES.map((name) => ({
  target: mainDir(name),
  from: [
    ...MODULES.filter((other) => other !== name && !MAY_IMPORT[name].includes(other)).map(mainDir),
    'src-renderer',
  ],
  message: `src-main/${name} may import only ${allowedList(name)}. ${LAYERS_HINT}`,
}));
const entryZones = MODULES.map((name) => ({
  target: MODULES.filter((other) => other !== name).map(mainDir),
  from: mainDir(name),
  except: PUBLIC_ENTRIES[name] ?? ['./index.ts'],
  message: `Import src-main/${name} through its index.ts: another module's files are private to it.`,
}));
const contractZones = [
  {
    target: 'src-main/ipc/contract',
    from: [...MODULES.filter((name) => name !== 'shared' && name !== 'ipc').map(mainDir)],
    message: 'The contract is plain types and schemas: it may import only src-main/shared.',
  },
  {
    target: 'src-main/ipc/contract',
    from: 'src-main/ipc',
    except: ['./contract'],
    message: 'The contract is plain types and schemas: it may import only src-main/shared.',
  },
];
const rendererZones = [
  {
    target: 'src-renderer',
    from: 'src-main',
    except: ['./ipc/contract/index.ts'],
    message: 'The renderer sees only the types of src-main/ipc/contract, through its index.ts.',
  },
];
// Test files that still climb to the sources. The codemod that moves them to the /@/ alias
// (see the lint branch's report) empties this list; new files are checked from the start.
const CLIMBING_TEST_FILES = [];

const ALIAS_IN_SOURCES = {
  regex: '^/@/',
  message: 'The /@/ alias is for tests only; the build does not know it (import relatively).',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'test-results/',
      'playwright-report/',
      'bench/results/',
      '.tmpout/',
      '*.config.ts.*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    plugins: { 'simple-import-sort': simpleImportSort },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.ts', '**/*.svelte'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
        parser: tseslint.parser,
        svelteConfig,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  // Layering, by resolved path (so '../x', '/@/src-main/x' and re-exports all count).
  {
    files: ['src-main/**', 'src-renderer/**'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: 'tsconfig.json',
          extensions: ['.ts', '.svelte', '.js', '.json'],
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [...layerZones, ...entryZones, ...contractZones, ...rendererZones],
        },
      ],
    },
  },
  // The renderer is browser code and sees only the contract's types: a value import would pull
  // the contract's zod schemas into the renderer bundle.
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_ONLY, message: 'The renderer never imports Node or Electron code.' },
            ALIAS_IN_SOURCES,
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src-main(/|$)',
              allowTypeImports: true,
              message: 'The renderer imports only types from src-main/ipc/contract: use `import type`.',
            },
          ],
        },
      ],
    },
  },
  // Services and the shared/contract layers never import Electron (the CLI and web host reuse them).
  {
    files: ['src-main/**'],
    ignores: ['src-main/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src-main/app may import electron.' }],
          patterns: [ALIAS_IN_SOURCES],
        },
      ],
    },
  },
  {
    files: ['src-main/app/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ALIAS_IN_SOURCES] }] },
  },
  {
    files: ['src-main/shared/**', 'src-main/ipc/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: NODE_ONLY,
              message: 'Contract and shared code are plain TypeScript (no Node, no Electron).',
            },
            ALIAS_IN_SOURCES,
          ],
        },
      ],
    },
  },
  // Tests reach the sources through the /@/ alias instead of climbing ('../../../../src-main/x').
  {
    files: ['test/**'],
    // Fixture scripts run in a child process through jiti, which does not know the alias.
    ignores: ['test/**/fixtures/**', ...CLIMBING_TEST_FILES],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./){3,}|^(\\.\\./)+(src-main|src-renderer|scripts|bench)(/|$)',
              message:
                "Import through the alias, e.g. '/@/src-main/certs' or '/@/test/support/…', instead of climbing.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteConfig } },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
