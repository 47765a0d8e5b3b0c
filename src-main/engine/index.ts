// The stage engine: runs a stage's plan with a journal line per action, refuses stale plans,
// honours cancel, reports progress and supports dry runs. Stages implement `StageModule`.
export {
  type EngineEvents,
  type EngineOptions,
  PlanStaleError,
  type RunOptions,
  StageEngine,
} from './engine';
export { fingerprintOf } from './fingerprint';
export {
  type AnyStage,
  type ApplyResult,
  type MessageRef,
  type Observation,
  type PlanCheck,
  type PlannedAction,
  type ProgressReporter,
  type RunContext,
  type StageContext,
  type StageModule,
  type StagePlan,
} from './stage';
