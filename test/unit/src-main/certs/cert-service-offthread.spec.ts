// CertService.inspect and importExistingPfx serve the host's requests: a slow PFX must not hold the
// host's event loop while its keys are derived (issue 9).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CertService } from '/@/src-main/certs/cert-service';
import type { SecretStore } from '/@/src-main/secrets';
import { loopGapsDuring } from '/@/test/support/event-loop-gaps';
import { EXTRA_PASSWORD, opensslPfx } from '/@/test/support/pfx-fixtures-extra';

class MapSecretStore implements SecretStore {
  readonly backend = 'test map';
  readonly values = new Map<string, string>();
  async get(name: string): Promise<string | null> {
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }
  async delete(name: string): Promise<boolean> {
    return this.values.delete(name);
  }
  async list(): Promise<string[]> {
    return [...this.values.keys()];
  }
}

let home: string;
let service: CertService;
let slowPfxBase64: string | undefined;

/** Made on first use, inside a test: openssl needs seconds for it on a loaded machine. */
function slowPfx(): string {
  // 500,000 rounds: about 3.5 million SHA-1 rounds in all, most of a second on one thread.
  slowPfxBase64 ??= opensslPfx([
    '-iter',
    '500000',
    '-keypbe',
    'PBE-SHA1-3DES',
    '-certpbe',
    'PBE-SHA1-3DES',
  ]).toString('base64');
  return slowPfxBase64;
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'cert-service-offthread-'));
  service = new CertService({ secrets: new MapSecretStore(), home });
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('CertService with a slow PFX', () => {
  it('should keep the event loop turning while inspect derives the keys', async () => {
    const contentBase64 = slowPfx();
    const { value, maxGapMs, elapsedMs } = await loopGapsDuring(() =>
      service.inspect({ source: { contentBase64 }, password: EXTRA_PASSWORD }, 'en'),
    );
    expect(value.checks.find((check) => check.id === 'password')?.severity).toBe('pass');
    // On the loop's thread the derivation would be one gap of nearly the whole call.
    expect(maxGapMs).toBeLessThan(elapsedMs / 2);
  });

  it('should keep the event loop turning while importExistingPfx derives the keys', async () => {
    const contentBase64 = slowPfx();
    const { value, maxGapMs, elapsedMs } = await loopGapsDuring(() =>
      service.importExistingPfx({ source: { contentBase64 }, password: EXTRA_PASSWORD }),
    );
    expect(value.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(maxGapMs).toBeLessThan(elapsedMs / 2);
  });
});
