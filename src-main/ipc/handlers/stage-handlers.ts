import { AppError } from '../../shared';
import type { AppContext } from '../context';
import type { Handlers } from '../contract';

type StageHandlers = Pick<
  Handlers,
  'stage:observe' | 'stage:plan' | 'stage:apply' | 'stage:cancel' | 'stage:get-run'
>;

const notYet = (): Promise<never> => Promise.reject(new AppError('unavailable', 'error.internal'));

/** The generic stage channels; each delegates to the engine. */
export function createStageHandlers(_ctx: AppContext): StageHandlers {
  return {
    'stage:observe': notYet,
    'stage:plan': notYet,
    'stage:apply': notYet,
    'stage:cancel': notYet,
    'stage:get-run': notYet,
  };
}
