import type { EmulatorContext } from '../context';
import type { Router } from '../router';
import type { EmulatorRequest, EmulatorResponse } from '../types';

/** Registers the built-in Graph and ARM routes; `dispatch` lets `$batch` re-enter the pipeline. */
export function registerBuiltInRoutes(
  _router: Router,
  _ctx: EmulatorContext,
  _dispatch: (request: EmulatorRequest) => Promise<EmulatorResponse>,
): void {}
