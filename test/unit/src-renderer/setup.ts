// Renderer test setup: DOM matchers, automatic cleanup between tests, and the browser APIs
// jsdom lacks that the shell may touch.
import '@testing-library/jest-dom/vitest';
import '@testing-library/svelte/vitest';

import { vi } from 'vitest';

if (typeof window.matchMedia !== 'function') {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    value: vi.fn((query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
      addListener: vi.fn(),
      removeListener: vi.fn(),
      dispatchEvent: vi.fn(() => false),
    })),
  });
}
