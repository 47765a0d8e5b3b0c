import { PlanStaleError } from '../../engine';
import type { AppContext } from '../context';
import type { Handlers } from '../contract';

type StageHandlers = Pick<
  Handlers,
  'stage:observe' | 'stage:plan' | 'stage:apply' | 'stage:cancel' | 'stage:get-run'
>;

/** The generic stage channels: every one is a delegation to the engine. */
export function createStageHandlers(ctx: AppContext): StageHandlers {
  const engine = ctx.engine;
  return {
    'stage:observe': (stageId) => engine.observe(stageId),
    'stage:plan': (stageId) => engine.planDto(stageId),
    'stage:apply': async ({ stageId, fingerprint, dryRun }) => {
      try {
        const { runId } = await engine.start(stageId, { fingerprint, dryRun: dryRun === true });
        return { outcome: 'started', runId };
      } catch (error) {
        // The admin reviewed another world: show them the fresh plan instead of failing.
        if (error instanceof PlanStaleError) return { outcome: 'plan-stale', plan: error.plan };
        throw error;
      }
    },
    'stage:cancel': (runId) => engine.cancel(runId),
    'stage:get-run': async (query) => engine.getRun(query),
  };
}
