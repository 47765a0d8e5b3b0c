import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createRedactingLogger } from '/@/src-main/shared';
import { rotatingLogSink } from '/@/src-main/state';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'comanage-applog-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('rotatingLogSink', () => {
  it('should rotate by size and keep only the configured number of old files', () => {
    const path = join(dir, 'logs', 'app.log');
    const sink = rotatingLogSink(path, { maxBytes: 100, keep: 2 });
    for (let index = 0; index < 40; index += 1)
      sink(`line ${String(index).padStart(3, '0')} ${'x'.repeat(20)}`);
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['app.log', 'app.log.1', 'app.log.2']);
    for (const name of ['app.log', 'app.log.1', 'app.log.2'])
      expect(readFileSync(join(dir, 'logs', name)).length).toBeLessThanOrEqual(100);
    expect(readFileSync(path, 'utf8')).toMatch(/line 039/);
    expect(readFileSync(join(dir, 'logs', 'app.log.1'), 'utf8')).not.toMatch(/line 039/);
  });

  it('should write what the redacting logger lets through, never a secret', () => {
    const path = join(dir, 'app.log');
    const logger = createRedactingLogger(rotatingLogSink(path));
    logger.warn('sign-in failed', { password: 'Hunter2-secret', clientSecret: 'REHEARSAL-SECRET-abc' });
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/sign-in failed/);
    expect(text).not.toMatch(/Hunter2|REHEARSAL-SECRET/);
  });

  it('should not throw and should start again when its folder was removed', () => {
    const path = join(dir, 'logs', 'app.log');
    const sink = rotatingLogSink(path);
    sink('first');
    rmSync(join(dir, 'logs'), { recursive: true });
    expect(() => sink('lost')).not.toThrow();
    sink('second');
    expect(readFileSync(path, 'utf8')).toBe('second\n');
  });
});
