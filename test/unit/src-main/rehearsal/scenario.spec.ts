import { describe, expect, it } from 'vitest';

import { parseScenario } from '/@/src-main/rehearsal';

describe('parseScenario', () => {
  it('should accept presets and faults of every kind', () => {
    const text = JSON.stringify({
      description: 'Throttled consent',
      presets: ['taken-cmg-name'],
      faults: [
        {
          kind: 'throttle',
          method: 'POST',
          path: '/graph/*/oauth2PermissionGrants',
          times: 2,
          retryAfterSeconds: 1,
        },
        { kind: 'cut', method: 'PUT', path: '/blob/**', afterBytes: 1024 },
        { kind: 'replicationDelay', path: '/graph/*/applications', delayMs: 2000 },
      ],
    });
    const parsed = parseScenario(text);
    expect(parsed.ok && parsed.scenario.faults?.length).toBe(3);
  });

  it('should name the offending field when the scenario is invalid', () => {
    expect(
      parseScenario(JSON.stringify({ faults: [{ kind: 'throttle', path: '/x', retryAfterSeconds: -1 }] })),
    ).toMatchObject({
      ok: false,
      problem: expect.stringContaining('faults.0.retryAfterSeconds'),
    });
    expect(parseScenario(JSON.stringify({ fault: [] }))).toMatchObject({ ok: false });
  });

  it('should refuse text that is not JSON, truncated, or not an object', () => {
    for (const text of ['', '{"faults": [', 'null', '[]', '"x"', '\u0000']) {
      expect(parseScenario(text).ok, JSON.stringify(text)).toBe(false);
    }
  });
});
