import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  fingerprintOf,
  type Observation,
  type PlannedAction,
  PlanStaleError,
  StageEngine,
  type StageModule,
} from '/@/src-main/engine';
import { MemorySecretStore } from '/@/src-main/secrets';
import type { StageProgressDto, StageRunDto } from '/@/src-main/shared';
import { Journal, StateStore } from '/@/src-main/state';

// A stage over an in-memory "tenant": three named objects, b depends on a, c on b.
interface WorldObservation extends Observation {
  readonly existing: readonly string[];
}
type Data = { readonly name: string };

const WANTED = ['a', 'b', 'c'] as const;

function makeStage(
  world: Map<string, string>,
  hooks: {
    beforeCreate?: (name: string, signal: AbortSignal) => Promise<void>;
    afterCreate?: (name: string) => void;
  } = {},
) {
  const calls: string[] = [];
  const stage: StageModule<WorldObservation, Data> = {
    id: 'prerequisites',
    async observe() {
      const existing = [...world.keys()].sort();
      return {
        existing,
        fingerprint: fingerprintOf(existing),
        objects: WANTED.map((name) => ({ type: 'object', key: name, label: name, exists: world.has(name) })),
      };
    },
    plan(_state, observed) {
      return {
        stageId: 'prerequisites',
        fingerprint: observed.fingerprint,
        actions: WANTED.map((name, index) => ({
          id: `prerequisites:${name}`,
          kind: observed.existing.includes(name) ? 'skip' : 'create',
          target: { type: 'object', key: name, label: name },
          summary: { messageKey: 'engine.cancelled', params: { name } },
          dependsOn: index === 0 ? [] : [`prerequisites:${WANTED[index - 1]}`],
          fields: [{ name: 'id', after: { knownAfterApply: true } }],
          data: { name },
        })),
        blockers: [],
        checks: [],
      };
    },
    async apply(action: PlannedAction<Data>, _ctx, signal) {
      calls.push(action.data.name);
      if (world.has(action.data.name)) return { outcome: action.kind === 'skip' ? 'skipped' : 'adopted' };
      await hooks.beforeCreate?.(action.data.name, signal);
      signal.throwIfAborted();
      world.set(action.data.name, `id-${action.data.name}`);
      hooks.afterCreate?.(action.data.name);
      return { outcome: 'applied', details: { id: `id-${action.data.name}` } };
    },
    status: () => 'not-started',
  };
  return { stage, calls };
}

let home: string;
let state: StateStore;
let journal: Journal;
const progress: StageProgressDto[] = [];
const runs: StageRunDto[] = [];

function engineFor(stage: StageModule<WorldObservation, Data>): StageEngine {
  return new StageEngine({
    stages: [stage],
    context: { home, secrets: new MemorySecretStore(), state, locale: () => 'fr', now: () => new Date() },
    journal,
    events: { progress: (p) => progress.push(p), run: (r) => runs.push(r) },
  });
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'engine-'));
  state = (await StateStore.open(home)).store;
  journal = new Journal(home);
  progress.length = 0;
  runs.length = 0;
});
afterEach(async () => rm(home, { recursive: true, force: true }));

describe('StageEngine', () => {
  it('should make deep-equal plans from the same frozen state and observation', async () => {
    const { stage } = makeStage(new Map([['a', 'id-a']]));
    const observed = Object.freeze(await stage.observe({} as never, new AbortController().signal));
    const frozenState = Object.freeze(state.read());
    const first = stage.plan(frozenState, observed);
    const second = stage.plan(frozenState, observed);
    expect(second).toEqual(first);
    expect(first.actions.map((action) => action.id)).toEqual([
      'prerequisites:a',
      'prerequisites:b',
      'prerequisites:c',
    ]);
  });

  it('should journal every action planned, then its outcome, keyed by run, stage and action id', async () => {
    const world = new Map([['a', 'id-a']]);
    const engine = engineFor(makeStage(world).stage);
    const run = await engine.run('prerequisites');
    expect(run.state).toBe('succeeded');
    const lines = (await journal.readAll()).map((r) => `${r.actionId}:${r.outcome}`);
    expect(lines).toEqual([
      'prerequisites:a:planned',
      'prerequisites:b:planned',
      'prerequisites:c:planned',
      'prerequisites:a:skipped',
      'prerequisites:b:applied',
      'prerequisites:c:applied',
    ]);
    expect(new Set((await journal.readAll()).map((r) => r.runId))).toEqual(new Set([run.runId]));
    expect(progress.at(-1)).toMatchObject({ runId: run.runId, done: 3, total: 3, outcome: 'applied' });
    expect(run.plan.actions[0]?.summary.message).toContain('Annulé');
  });

  it('should journal planned only and change nothing on a dry run', async () => {
    const world = new Map<string, string>();
    const { stage, calls } = makeStage(world);
    const run = await engineFor(stage).run('prerequisites', { dryRun: true });
    expect(run.state).toBe('succeeded');
    expect(run.actions.map((a) => a.outcome)).toEqual(['planned', 'planned', 'planned']);
    expect(world.size).toBe(0);
    expect(calls).toEqual([]);
    expect((await journal.readAll()).map((r) => r.outcome)).toEqual(['planned', 'planned', 'planned']);
  });

  it('should refuse a plan whose world moved, with the new plan, and apply nothing', async () => {
    const world = new Map<string, string>();
    const engine = engineFor(makeStage(world).stage);
    const shown = await engine.planDto('prerequisites');
    world.set('a', 'made in the portal meanwhile');
    const refused = await engine
      .run('prerequisites', { fingerprint: shown.fingerprint })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PlanStaleError);
    expect((refused as PlanStaleError).code).toBe('plan-stale');
    expect((refused as PlanStaleError).plan.actions[0]?.kind).toBe('skip');
    expect(world.size).toBe(1);
    expect(await journal.readAll()).toEqual([]);
  });

  it('should stop at the first failure with its typed error and leave later actions pending', async () => {
    const world = new Map<string, string>();
    const { stage } = makeStage(world, {
      beforeCreate: async (name) => {
        if (name === 'b') throw Object.assign(new Error('boom'), { secret: 'x' });
      },
    });
    const run = await engineFor(stage).run('prerequisites');
    expect(run.state).toBe('failed');
    expect(run.error).toMatchObject({ code: 'internal', messageKey: 'engine.actionFailed' });
    expect(run.actions.map((a) => a.outcome)).toEqual(['applied', 'failed', 'pending']);
    expect(world.has('c')).toBe(false);
    expect((await journal.readAll()).map((r) => r.outcome).slice(3)).toEqual(['applied', 'failed']);
  });

  it('should resume by observing again: what exists is adopted or skipped, nothing is made twice', async () => {
    const world = new Map<string, string>();
    let failB = true;
    const { stage, calls } = makeStage(world, {
      beforeCreate: async (name) => {
        if (name === 'b' && failB) throw new Error('network');
      },
    });
    const engine = engineFor(stage);
    expect((await engine.run('prerequisites')).state).toBe('failed');
    failB = false;
    const resumed = await engine.run('prerequisites');
    expect(resumed.state).toBe('succeeded');
    expect(resumed.actions.map((a) => a.outcome)).toEqual(['skipped', 'applied', 'applied']);
    expect([...world.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(calls.filter((name) => name === 'a')).toHaveLength(1); // seen in place: skipped, not redone
  });

  it('should cancel between actions', async () => {
    const world = new Map<string, string>();
    let created: () => void = () => undefined;
    const aCreated = new Promise<void>((resolve) => (created = resolve));
    const { stage } = makeStage(world, { afterCreate: (name) => name === 'a' && created() });
    const engine = engineFor(stage);
    const { runId } = await engine.start('prerequisites');
    await aCreated;
    const run = await engine.cancel(runId);
    expect(run?.state).toBe('cancelled');
    expect(run?.error?.code).toBe('cancelled');
    expect(run?.actions.map((a) => a.outcome)).toEqual(['applied', 'pending', 'pending']);
    expect([...world.keys()]).toEqual(['a']);
  });

  it('should cancel inside an action that watches its signal, journaling it as cancelled', async () => {
    const world = new Map<string, string>();
    let reached: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (reached = resolve));
    const { stage } = makeStage(world, {
      beforeCreate: (name, signal) =>
        name === 'b'
          ? new Promise<void>((_resolve, reject) => {
              signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
              reached();
            })
          : Promise.resolve(),
    });
    const engine = engineFor(stage);
    const { runId } = await engine.start('prerequisites');
    await inside;
    const run = await engine.cancel(runId);
    expect(run?.actions.map((a) => a.outcome)).toEqual(['applied', 'cancelled', 'pending']);
    expect((await journal.readAll()).at(-1)).toMatchObject({
      actionId: 'prerequisites:b',
      outcome: 'cancelled',
    });
    expect(world.has('b')).toBe(false);
  });

  it('should refuse a second run of the same stage while one is going', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { stage } = makeStage(new Map(), { beforeCreate: () => gate });
    const engine = engineFor(stage);
    const { runId } = await engine.start('prerequisites');
    await expect(engine.start('prerequisites')).rejects.toMatchObject({ messageKey: 'engine.runInProgress' });
    release();
    expect((await engine.wait(runId))?.state).toBe('succeeded');
    expect(engine.getRun({ stageId: 'prerequisites' })?.runId).toBe(runId);
  });

  it('should run only the picked actions and what they depend on', async () => {
    const world = new Map<string, string>();
    const run = await engineFor(makeStage(world).stage).run('prerequisites', {
      only: (action) => action.id === 'prerequisites:b',
    });
    expect(run.actions.map((a) => a.actionId)).toEqual(['prerequisites:a', 'prerequisites:b']);
    expect([...world.keys()].sort()).toEqual(['a', 'b']);
  });

  it('should say a stage that is not built is not available', () => {
    const engine = engineFor(makeStage(new Map()).stage);
    expect(() => engine.stage('licences')).toThrow(
      expect.objectContaining({ messageKey: 'engine.stageNotBuilt' }),
    );
  });
});
