// Vite resolves `import.meta.glob` at build time (electron-vite, vitest); only its type is needed here.
import type { ImportGlobFunction } from 'vite/types/importGlob.js';

declare global {
  interface ImportMeta {
    readonly glob: ImportGlobFunction;
  }
}
