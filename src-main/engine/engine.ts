// Runs a stage's plan: journal, stale-plan check, cancel, progress, dry run. Level-triggered like a
// controller: every run starts from a fresh observe + plan, so resuming after a crash is just
// another run in which what exists is adopted, never "skip the first N actions".
import { randomUUID } from 'node:crypto';

import {
  type ActionOutcome,
  type ActionRunDto,
  AppError,
  isAppError,
  type Logger,
  type PlannedActionDto,
  silentLogger,
  type StageCheckDto,
  type StageErrorDto,
  type StageId,
  type StageObservationDto,
  type StagePlanDto,
  type StageProgressDto,
  type StageRunDto,
  type StageStatus,
  translate,
} from '../shared';
import type { Journal, JournalOutcome } from '../state';
import type {
  AnyStage,
  ApplyResult,
  MessageRef,
  Observation,
  PlanCheck,
  PlannedAction,
  RunContext,
  StageContext,
  StagePlan,
} from './stage';

/** Apply refused: the world moved since this plan was shown; `plan` is the fresh one. */
export class PlanStaleError extends AppError {
  constructor(readonly plan: StagePlanDto) {
    super('plan-stale', 'engine.planStale');
  }
}

export interface EngineEvents {
  progress(progress: StageProgressDto): void;
  run(run: StageRunDto): void;
}

export interface EngineOptions {
  readonly stages: readonly AnyStage[];
  readonly context: StageContext;
  readonly journal: Journal;
  readonly events?: EngineEvents;
  readonly logger?: Logger;
  readonly newRunId?: () => string;
}

export interface RunOptions {
  /** The fingerprint of the plan the admin reviewed; absent: apply the fresh plan as it is. */
  readonly fingerprint?: string;
  /** Journal `planned` only; apply nothing. */
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
  /**
   * Run only the actions this picks (and what they depend on): a stage's own channel applies
   * its part of the plan (save the CSR) without starting another part (an export).
   */
  readonly only?: (action: PlannedAction) => boolean;
  /** Values handed in for this run only (a typed password), read back after it; never journaled. */
  readonly handoff?: Map<string, unknown>;
}

interface RunRecord {
  dto: StageRunDto;
  readonly controller: AbortController;
  /** The first failure as thrown (an AppError), for callers that rethrow it. */
  failure: AppError | null;
  readonly done: Promise<StageRunDto>;
}

export class StageEngine {
  readonly #stages: ReadonlyMap<StageId, AnyStage>;
  readonly #ctx: StageContext;
  readonly #journal: Journal;
  readonly #events: EngineEvents | undefined;
  readonly #logger: Logger;
  readonly #newRunId: () => string;
  readonly #runs = new Map<string, RunRecord>();
  readonly #latest = new Map<StageId, string>();

  constructor(options: EngineOptions) {
    this.#stages = new Map(options.stages.map((stage) => [stage.id, stage]));
    this.#ctx = options.context;
    this.#journal = options.journal;
    this.#events = options.events;
    this.#logger = options.logger ?? silentLogger;
    this.#newRunId = options.newRunId ?? randomUUID;
  }

  stage(stageId: StageId): AnyStage {
    const stage = this.#stages.get(stageId);
    if (!stage) throw new AppError('not-found', 'engine.stageNotBuilt', { stage: stageId });
    return stage;
  }

  has(stageId: StageId): boolean {
    return this.#stages.has(stageId);
  }

  async status(stageId: StageId): Promise<StageStatus> {
    const records = (await this.#journal.readAll()).filter((record) => record.stageId === stageId);
    return this.stage(stageId).status(this.#ctx.state.read(), records);
  }

  async observe(stageId: StageId, signal = new AbortController().signal): Promise<StageObservationDto> {
    const observed: Observation = await this.stage(stageId).observe(this.#ctx, signal);
    return {
      stageId,
      status: await this.status(stageId),
      fingerprint: observed.fingerprint,
      objects: observed.objects,
    };
  }

  /** A fresh observe, then the stage's pure plan. */
  async plan(stageId: StageId, signal = new AbortController().signal): Promise<StagePlan> {
    const stage = this.stage(stageId);
    const observed: Observation = await stage.observe(this.#ctx, signal);
    const plan: StagePlan = stage.plan(this.#ctx.state.read(), observed);
    assertOrdered(plan);
    return plan;
  }

  async planDto(stageId: StageId): Promise<StagePlanDto> {
    return this.#planDto(await this.plan(stageId));
  }

  /**
   * Re-observes and re-plans, refuses a stale fingerprint, then runs in the background: the
   * caller gets the run id at once and follows `stage:progress` / `getRun`.
   */
  async start(stageId: StageId, options: RunOptions = {}): Promise<{ readonly runId: string }> {
    const record = await this.#begin(stageId, options);
    return { runId: record.dto.runId };
  }

  /** The same run, awaited; resolves to its final state (failed and cancelled included). */
  async run(stageId: StageId, options: RunOptions = {}): Promise<StageRunDto> {
    return (await this.#begin(stageId, options)).done;
  }

  /** For the stage's own channels and the CLI: the run's first failure is rethrown as it was thrown. */
  async runOrThrow(stageId: StageId, options: RunOptions = {}): Promise<StageRunDto> {
    const record = await this.#begin(stageId, options);
    const dto = await record.done;
    if (record.failure) throw record.failure;
    return dto;
  }

  /** Asks a run to stop: between actions, or inside one that watches its signal. */
  async cancel(runId: string): Promise<StageRunDto | null> {
    const record = this.#runs.get(runId);
    if (!record) return null;
    record.controller.abort();
    return record.done;
  }

  /** Resolves when the run ends (null for an unknown id). */
  async wait(runId: string): Promise<StageRunDto | null> {
    return (await this.#runs.get(runId)?.done) ?? null;
  }

  getRun(query: { readonly runId: string } | { readonly stageId: StageId }): StageRunDto | null {
    const runId = 'runId' in query ? query.runId : this.#latest.get(query.stageId);
    return (runId !== undefined ? this.#runs.get(runId)?.dto : undefined) ?? null;
  }

  async #begin(stageId: StageId, options: RunOptions): Promise<RunRecord> {
    const busy = this.#latest.get(stageId);
    if (busy !== undefined && this.#runs.get(busy)?.dto.state === 'running') {
      throw new AppError('conflict', 'engine.runInProgress');
    }
    const fresh = await this.plan(stageId, options.signal);
    const planDto = this.#planDto(fresh);
    const plan = options.only ? pick(fresh, options.only) : fresh;
    if (options.fingerprint !== undefined && options.fingerprint !== plan.fingerprint) {
      throw new PlanStaleError(planDto);
    }
    if (plan.blockers.length > 0) {
      const first = plan.blockers[0] as PlanCheck;
      throw new AppError('invalid-input', first.message.messageKey, first.message.params ?? {});
    }
    const controller = new AbortController();
    if (options.signal) {
      if (options.signal.aborted) controller.abort();
      options.signal.addEventListener('abort', () => controller.abort(), { once: true });
    }
    const runId = this.#newRunId();
    let settle: (run: StageRunDto) => void = () => undefined;
    const record: RunRecord = {
      dto: {
        runId,
        stageId,
        state: 'running',
        dryRun: options.dryRun === true,
        startedAt: this.#ctx.now().toISOString(),
        plan: options.only ? this.#planDto(plan) : planDto,
        actions: plan.actions.map((action) => ({ actionId: action.id, outcome: 'pending' })),
      },
      controller,
      failure: null,
      done: new Promise<StageRunDto>((resolve) => (settle = resolve)),
    };
    this.#runs.set(runId, record);
    this.#latest.set(stageId, runId);
    this.#emitRun(record);
    // #execute settles every failure into the run's state; it never rejects.
    void this.#execute(record, plan, options.handoff ?? new Map()).then(settle);
    return record;
  }

  async #execute(record: RunRecord, plan: StagePlan, handoff: Map<string, unknown>): Promise<StageRunDto> {
    const { runId, stageId } = record.dto;
    const stage = this.stage(stageId);
    const signal = record.controller.signal;
    const ctx: RunContext = { ...this.#ctx, runId, handoff };
    try {
      for (const action of plan.actions) await this.#journalAction(record, action, 'planned');
      if (record.dto.dryRun) {
        this.#setActions(record, () => 'planned');
        return this.#finish(record, 'succeeded');
      }
      let done = 0;
      for (const action of plan.actions) {
        if (signal.aborted) return await this.#cancelled(record, null);
        this.#setAction(record, action.id, 'running');
        this.#emitProgress(record, action.id, 'running', done);
        const started = Date.now();
        let result: ApplyResult;
        try {
          // The plan was made from an observation taken at the start of this run: what it saw
          // in place needs no call (a stale world would have changed the fingerprint).
          result =
            action.kind === 'skip'
              ? { outcome: 'skipped' }
              : await stage.apply(action, ctx, signal, (bytes) => {
                  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
                  const rate = bytes.done / seconds;
                  this.#emitProgress(record, action.id, 'running', done, {
                    bytes,
                    rate,
                    ...(rate > 0 ? { etaSeconds: Math.max(bytes.total - bytes.done, 0) / rate } : {}),
                  });
                });
        } catch (error) {
          if (signal.aborted) return await this.#cancelled(record, action);
          return await this.#failed(record, action, error);
        }
        const outcome: JournalOutcome =
          action.kind === 'check' && result.outcome === 'applied' ? 'checked' : result.outcome;
        await this.#journalAction(record, action, outcome, result.details);
        done += 1;
        const shown: ActionOutcome = outcome === 'checked' ? 'applied' : outcome;
        this.#setAction(record, action.id, shown, result.message);
        this.#emitProgress(record, action.id, shown, done);
      }
      return this.#finish(record, 'succeeded');
    } catch (error) {
      // The journal itself failed (disk full…): the run stops and says so.
      record.failure = toAppError(error, 'engine.journalFailed');
      return this.#finish(record, 'failed', this.#errorDto(record.failure));
    }
  }

  async #failed(record: RunRecord, action: PlannedAction, error: unknown): Promise<StageRunDto> {
    const failure = toAppError(error, 'engine.actionFailed');
    if (!isAppError(error)) {
      this.#logger.error('stage action failed', {
        stage: record.dto.stageId,
        action: action.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    record.failure = failure;
    await this.#journalAction(record, action, 'failed', { error: failure.messageKey });
    const dto = this.#errorDto(failure);
    this.#setAction(record, action.id, 'failed', { messageKey: failure.messageKey, params: failure.params });
    this.#emitProgress(record, action.id, 'failed', countFinished(record));
    return this.#finish(record, 'failed', dto);
  }

  async #cancelled(record: RunRecord, inside: PlannedAction | null): Promise<StageRunDto> {
    const failure = new AppError('cancelled', 'engine.cancelled');
    record.failure = failure;
    if (inside) {
      await this.#journalAction(record, inside, 'cancelled');
      this.#setAction(record, inside.id, 'cancelled');
      this.#emitProgress(record, inside.id, 'cancelled', countFinished(record));
    }
    return this.#finish(record, 'cancelled', this.#errorDto(failure));
  }

  #finish(record: RunRecord, state: StageRunDto['state'], error?: StageErrorDto): StageRunDto {
    record.dto = {
      ...record.dto,
      state,
      finishedAt: this.#ctx.now().toISOString(),
      ...(error ? { error } : {}),
    };
    this.#emitRun(record);
    return record.dto;
  }

  async #journalAction(
    record: RunRecord,
    action: PlannedAction,
    outcome: JournalOutcome,
    details?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    await this.#journal.append({
      action: `${record.dto.stageId}.${action.kind}`,
      target: action.target.key,
      outcome,
      runId: record.dto.runId,
      stageId: record.dto.stageId,
      actionId: action.id,
      ...(details ? { details } : {}),
    });
  }

  #setAction(record: RunRecord, actionId: string, outcome: ActionOutcome, message?: MessageRef): void {
    this.#setActions(record, (run) => (run.actionId === actionId ? outcome : run.outcome));
    if (message) {
      record.dto = {
        ...record.dto,
        actions: record.dto.actions.map((run) =>
          run.actionId === actionId ? { ...run, message: this.#text(message) } : run,
        ),
      };
    }
    this.#emitRun(record);
  }

  #setActions(record: RunRecord, outcome: (run: ActionRunDto) => ActionOutcome): void {
    record.dto = {
      ...record.dto,
      actions: record.dto.actions.map((run) => ({ ...run, outcome: outcome(run) })),
    };
  }

  #emitProgress(
    record: RunRecord,
    actionId: string,
    outcome: ActionOutcome,
    done: number,
    extra: Pick<StageProgressDto, 'bytes' | 'rate' | 'etaSeconds'> = {},
  ): void {
    this.#events?.progress({
      runId: record.dto.runId,
      stageId: record.dto.stageId,
      actionId,
      outcome,
      done,
      total: record.dto.actions.length,
      ...extra,
    });
  }

  #emitRun(record: RunRecord): void {
    this.#events?.run(record.dto);
  }

  #text(ref: MessageRef): { messageKey: string; params: MessageRef['params'] & object; message: string } {
    const params = ref.params ?? {};
    return {
      messageKey: ref.messageKey,
      params,
      message: translate(this.#ctx.locale(), ref.messageKey, params),
    };
  }

  #errorDto(error: AppError): StageErrorDto {
    return {
      code: error.code,
      messageKey: error.messageKey,
      message: translate(this.#ctx.locale(), error.messageKey, error.params),
    };
  }

  #checkDto(check: PlanCheck): StageCheckDto {
    return {
      id: check.id,
      severity: check.severity,
      message: this.#text(check.message),
      ...(check.hint ? { hint: this.#text(check.hint) } : {}),
    };
  }

  #planDto(plan: StagePlan): StagePlanDto {
    return {
      stageId: plan.stageId,
      fingerprint: plan.fingerprint,
      actions: plan.actions.map((action): PlannedActionDto => ({
        id: action.id,
        kind: action.kind,
        target: action.target,
        summary: this.#text(action.summary),
        dependsOn: action.dependsOn,
        ...(action.fields ? { fields: action.fields } : {}),
      })),
      blockers: plan.blockers.map((check) => this.#checkDto(check)),
      checks: plan.checks.map((check) => this.#checkDto(check)),
    };
  }
}

/** A plan runs top to bottom: every dependency comes before its dependant, and ids are unique. */
function assertOrdered(plan: StagePlan): void {
  const seen = new Set<string>();
  for (const action of plan.actions) {
    if (seen.has(action.id) || action.dependsOn.some((id) => !seen.has(id))) {
      throw new AppError('internal', 'engine.badPlan', { action: action.id });
    }
    seen.add(action.id);
  }
}

/** The picked actions and, transitively, what they depend on, in plan order. */
function pick(plan: StagePlan, only: (action: PlannedAction) => boolean): StagePlan {
  const byId = new Map(plan.actions.map((action) => [action.id, action]));
  const wanted = new Set<string>();
  const want = (action: PlannedAction): void => {
    if (wanted.has(action.id)) return;
    wanted.add(action.id);
    for (const id of action.dependsOn) {
      const dependency = byId.get(id);
      if (dependency) want(dependency);
    }
  };
  for (const action of plan.actions) if (only(action)) want(action);
  return { ...plan, actions: plan.actions.filter((action) => wanted.has(action.id)) };
}

function countFinished(record: RunRecord): number {
  return record.dto.actions.filter((run) => ['applied', 'adopted', 'skipped'].includes(run.outcome)).length;
}

function toAppError(error: unknown, fallbackKey: string): AppError {
  if (isAppError(error)) return error;
  return new AppError('internal', fallbackKey, {}, { cause: error });
}
