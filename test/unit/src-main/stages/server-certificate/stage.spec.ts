import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CertService, readPfx } from '/@/src-main/certs';
import { type StageContext, StageEngine } from '/@/src-main/engine';
import { MemorySecretStore } from '/@/src-main/secrets';
import { serverCertificateStage, STAGES } from '/@/src-main/stages';
import { Journal, StateStore } from '/@/src-main/state';
import { type CaFixture, createCaFixture } from '/@/test/support/certs-fixtures';

const REQUEST_ID = '3f0c1a9e-8a4b-4c1d-9e2f-0123456789ab';
const FIELDS = { cn: 'cmg.contoso.com', sans: [], org: 'Contoso', country: 'BE' };

let home: string;
let secrets: MemorySecretStore;
let ctx: StageContext;
let engine: StageEngine;
let journal: Journal;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cert-stage-'));
  secrets = new MemorySecretStore();
  const state = (await StateStore.open(home)).store;
  journal = new Journal(home);
  ctx = { home, secrets, state, locale: () => 'nl', now: () => new Date() };
  engine = new StageEngine({ stages: STAGES, context: ctx, journal });
});
afterEach(async () => rm(home, { recursive: true, force: true }));

async function wantRequest(extra: { csrCopy?: string } = {}): Promise<void> {
  await ctx.state.update((draft) => {
    draft.certificate.request = { id: REQUEST_ID, fields: FIELDS };
    draft.certificate.lastRequestId = REQUEST_ID;
    if (extra.csrCopy) draft.certificate.csrCopy = { path: extra.csrCopy, replace: false };
  });
}

describe('the server-certificate stage', () => {
  it('should plan the same actions, with ids from the objects and not the clock, from frozen inputs', async () => {
    await wantRequest({ csrCopy: join(home, 'cmg.csr') });
    const observed = Object.freeze(await serverCertificateStage.observe(ctx, new AbortController().signal));
    const state = Object.freeze(ctx.state.read());
    const first = serverCertificateStage.plan(state, observed);
    expect(serverCertificateStage.plan(state, observed)).toEqual(first);
    expect(first.actions.map((action) => [action.id, action.kind])).toEqual([
      [`server-certificate:request-passphrase:${REQUEST_ID}`, 'store-secret'],
      [`server-certificate:request:${REQUEST_ID}`, 'write-file'],
      [`server-certificate:csr-copy:${join(home, 'cmg.csr')}`, 'write-file'],
    ]);
    expect(first.actions[1]?.fields).toContainEqual({
      name: 'subject',
      after: 'CN=cmg.contoso.com, O=Contoso, C=BE',
    });
  });

  it('should write nothing and keep nothing in the keychain on a dry run', async () => {
    await wantRequest({ csrCopy: join(home, 'cmg.csr') });
    const run = await engine.run('server-certificate', { dryRun: true });
    expect(run.state).toBe('succeeded');
    expect(existsSync(join(home, 'certs'))).toBe(false);
    expect(existsSync(join(home, 'cmg.csr'))).toBe(false);
    expect(secrets.names()).toEqual([]);
    expect((await journal.readAll()).map((r) => r.outcome)).toEqual(['planned', 'planned', 'planned']);
  });

  it('should make the key and CSR once, then plan only skips, and be in progress until a PFX passes', async () => {
    await wantRequest({ csrCopy: join(home, 'cmg.csr') });
    expect(await engine.status('server-certificate')).toBe('in-progress');
    const run = await engine.run('server-certificate');
    expect(run.state).toBe('succeeded');
    expect(run.actions.map((a) => a.outcome)).toEqual(['applied', 'applied', 'applied']);
    const csr = await readFile(join(home, 'cmg.csr'), 'utf8');
    expect(csr).toContain('BEGIN CERTIFICATE REQUEST');
    expect(secrets.names()).toEqual([`cert-key-passphrase:${REQUEST_ID}`]);
    const again = await engine.planDto('server-certificate');
    expect(again.actions.map((a) => a.kind)).toEqual(['skip', 'skip', 'skip']);
    expect(again.actions[1]?.summary.message).toContain('behouden');
    const second = await engine.run('server-certificate');
    expect(second.actions.map((a) => a.outcome)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(await readFile(join(home, 'cmg.csr'), 'utf8')).toBe(csr);
  });

  it('should remake a key whose passphrase was lost instead of keeping a key nobody can open', async () => {
    await wantRequest();
    await engine.run('server-certificate');
    const before = await readFile(join(home, 'certs', REQUEST_ID, 'private-key.pem'), 'utf8');
    await secrets.delete(`cert-key-passphrase:${REQUEST_ID}`);
    const plan = await engine.planDto('server-certificate');
    expect(plan.actions.map((a) => a.kind)).toEqual(['store-secret', 'write-file']);
    expect((await engine.run('server-certificate')).state).toBe('succeeded');
    expect(await readFile(join(home, 'certs', REQUEST_ID, 'private-key.pem'), 'utf8')).not.toBe(before);
    expect(await new CertService({ secrets, home }).keyOpens(REQUEST_ID)).toBe(true);
  });

  it('should leave no key and no passphrase behind when cancelled before the first action', async () => {
    await wantRequest();
    const { runId } = await engine.start('server-certificate');
    const run = await engine.cancel(runId);
    expect(run?.state).toBe('cancelled');
    expect(existsSync(join(home, 'certs', REQUEST_ID, 'private-key.pem'))).toBe(false);
    expect(secrets.names()).toEqual([]);
  });

  describe('with the CA answer', () => {
    let ca: CaFixture;
    beforeEach(() => {
      ca = createCaFixture();
    });
    afterEach(() => ca.cleanup());

    it('should export through the generic apply with a generated password kept only in the keychain, and derive done', async () => {
      await wantRequest();
      await engine.run('server-certificate');
      const service = new CertService({ secrets, home });
      const csrPem = (await service.lastRequest(REQUEST_ID))?.csrPem ?? '';
      await service.importAnswer(REQUEST_ID, {
        contentBase64: Buffer.from(`${ca.sign(csrPem)}${ca.intermediatePem}${ca.rootPem}`).toString('base64'),
      });
      const pfxPath = join(home, 'cmg.pfx');
      await ctx.state.update((draft) => {
        draft.certificate.export = {
          path: pfxPath,
          replace: false,
          requestId: REQUEST_ID,
          encryption: '3des',
          csp: 'schannel',
          password: 'generated',
          done: false,
        };
      });
      const plan = await engine.planDto('server-certificate');
      expect(plan.actions.slice(2).map((a) => a.kind)).toEqual(['write-file', 'store-secret', 'check']);
      const { runId } = await engine.start('server-certificate', { fingerprint: plan.fingerprint });
      const run = await engine.wait(runId);
      expect(run?.state).toBe('succeeded');
      const name = secrets.names().find((entry) => entry.startsWith('pfx-password:')) ?? '';
      const password = await secrets.get(name);
      expect(readPfx(await readFile(pfxPath), password ?? '').ok).toBe(true);
      expect(readdirSync(home).filter((file) => file.includes('pending'))).toEqual([]);
      expect(await engine.status('server-certificate')).toBe('done');
      const state = ctx.state.read().certificate;
      expect(state.currentCn).toBe('cmg.contoso.com');
      expect(state.preflight).toMatchObject({ path: pfxPath, passed: true, errors: 0 });
      expect(JSON.stringify(state)).not.toContain(password);
      expect(JSON.stringify(await journal.readAll())).not.toContain(password);
      // Converged: the next plan changes nothing.
      const after = await engine.planDto('server-certificate');
      expect(after.actions.map((a) => a.kind)).toEqual(['skip', 'skip', 'skip', 'skip', 'skip']);
    });
  });
});
