import { describe, expect, it } from 'vitest';

import { abortableSleep, backoffDelay, mayRetry, parseRetryAfter, retryPolicy } from '/@/src-main/graph';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');

describe('parseRetryAfter', () => {
  it('should read delta-seconds as milliseconds', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
  });

  it('should read an HTTP date relative to now', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Monday, 23-Nov-26 10:01:00 GMT', NOW)).toBe(60_000);
  });

  it('should treat a date in the past as no wait', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', NOW)).toBe(0);
  });

  it('should give null for a missing or unreadable value', () => {
    for (const value of [null, undefined, '', '-5', 'soon', 'Xyz, 99 Foo 2026 GMT']) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeNull();
    }
  });
});

describe('backoffDelay', () => {
  const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 });

  it('should grow exponentially below the cap with full jitter', () => {
    expect(backoffDelay(1, null, policy)).toBe(99);
    expect(backoffDelay(2, null, policy)).toBe(199);
    expect(backoffDelay(3, null, policy)).toBe(399);
    expect(backoffDelay(4, null, policy)).toBe(799);
  });

  it('should never exceed maxDelayMs however many attempts', () => {
    for (let attempt = 1; attempt <= 100; attempt += 1) {
      expect(backoffDelay(attempt, null, policy)).toBeLessThanOrEqual(1000);
    }
  });

  it('should pick anywhere from zero with full jitter', () => {
    expect(backoffDelay(5, null, retryPolicy({ random: () => 0 }))).toBe(0);
  });

  it('should follow Retry-After but cap it at maxDelayMs', () => {
    expect(backoffDelay(1, 500, policy)).toBe(500);
    expect(backoffDelay(1, 3_600_000, policy)).toBe(1000);
  });

  it('should keep at least one attempt whatever the options say', () => {
    expect(retryPolicy({ maxAttempts: 0 }).maxAttempts).toBe(1);
    expect(retryPolicy({ maxAttempts: undefined }).maxAttempts).toBe(5);
  });
});

describe('mayRetry', () => {
  it('should retry 429, 503 and 504 for every method but not other statuses', () => {
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
      for (const status of [429, 503, 504]) expect(mayRetry(method, { status })).toBe(true);
      for (const status of [400, 401, 403, 404, 409, 500, 502])
        expect(mayRetry(method, { status })).toBe(false);
    }
  });

  it('should retry network errors and timeouts for idempotent methods', () => {
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      expect(mayRetry(method, { networkCode: 'ECONNRESET', timedOut: false })).toBe(true);
      expect(mayRetry(method, { networkCode: null, timedOut: true })).toBe(true);
    }
  });

  it('should retry a POST only when the connection was never made', () => {
    expect(mayRetry('POST', { networkCode: 'ECONNREFUSED', timedOut: false })).toBe(true);
    expect(mayRetry('post', { networkCode: 'UND_ERR_CONNECT_TIMEOUT', timedOut: false })).toBe(true);
    expect(mayRetry('POST', { networkCode: 'ECONNRESET', timedOut: false })).toBe(false);
    expect(mayRetry('POST', { networkCode: 'UND_ERR_SOCKET', timedOut: false })).toBe(false);
    expect(mayRetry('POST', { networkCode: null, timedOut: true })).toBe(false);
  });
});

describe('abortableSleep', () => {
  it('should reject at once with the reason when the signal is aborted', async () => {
    const controller = new AbortController();
    const pending = abortableSleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    await expect(abortableSleep(10, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('should resolve after the delay when not aborted', async () => {
    await expect(abortableSleep(1, new AbortController().signal)).resolves.toBeUndefined();
  });
});
