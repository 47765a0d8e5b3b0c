import { describe, expect, expectTypeOf, it } from 'vitest';

import {
  channels,
  EVENT_NAMES,
  type EventMap,
  type ResultOf,
  type StageApplyResultDto,
  type StagePlanDto,
  type StageProgressDto,
  type StageRunDto,
} from '/@/src-main/ipc/contract';

describe('stage channels of the contract', () => {
  it('should pin the result types the stage frame is built on', () => {
    expectTypeOf<ResultOf<'stage:plan'>>().toEqualTypeOf<StagePlanDto>();
    expectTypeOf<ResultOf<'stage:apply'>>().toEqualTypeOf<StageApplyResultDto>();
    expectTypeOf<ResultOf<'stage:get-run'>>().toEqualTypeOf<StageRunDto | null>();
    expectTypeOf<EventMap['stage:progress']>().toEqualTypeOf<StageProgressDto>();
    expect(EVENT_NAMES).toContain('stage:progress');
    expect(EVENT_NAMES).toContain('stage:run');
  });

  it('should refuse an unknown stage, an empty fingerprint and extra fields at stage:apply', () => {
    const args = channels['stage:apply'].args;
    expect(args.safeParse([{ stageId: 'server-certificate', fingerprint: 'abc' }]).success).toBe(true);
    expect(args.safeParse([{ stageId: 'no-such-stage', fingerprint: 'abc' }]).success).toBe(false);
    expect(args.safeParse([{ stageId: 'server-certificate', fingerprint: '' }]).success).toBe(false);
    expect(args.safeParse([{ stageId: 'server-certificate', fingerprint: 'abc', skip: 2 }]).success).toBe(
      false,
    );
  });

  it('should look a run up by run id or by stage, not by both or anything else', () => {
    const args = channels['stage:get-run'].args;
    expect(args.safeParse([{ runId: '3f0c1a9e-8a4b-4c1d-9e2f-0123456789ab' }]).success).toBe(true);
    expect(args.safeParse([{ stageId: 'server-certificate' }]).success).toBe(true);
    expect(args.safeParse([{ runId: 'x' }]).success).toBe(false);
    expect(args.safeParse([{}]).success).toBe(false);
  });
});
