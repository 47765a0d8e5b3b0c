// Applies one action of the certificate stage. Each looks first for what it would make and adopts
// it; what can be lost (a password) is written last and put back as it was on failure.
import { isAbsolute } from 'node:path';

import { type BuiltPfx, CertService, pfxPasswordSecretName, validateRequest } from '../../certs';
import type { ApplyResult, RunContext } from '../../engine';
import { AppError } from '../../shared';
import { fileFacts } from './observe';
import type { CertificateAction } from './plan';

/** Handoff keys: in memory for one run, never journaled. */
export const handoffKeys = {
  passphrase: (requestId: string) => `key-passphrase:${requestId}`,
  typedPassword: (path: string) => `pfx-password:${path}`,
  built: (path: string) => `pfx:${path}`,
};

export async function applyCertificate(
  action: CertificateAction,
  ctx: RunContext,
  signal: AbortSignal,
): Promise<ApplyResult> {
  const service = new CertService({ secrets: ctx.secrets, home: ctx.home, now: ctx.now });
  const data = action.data;
  switch (data.type) {
    case 'request': {
      const seen = await service.observeRequest(data.id);
      if (seen.key && seen.csr && seen.passphrase && (await service.keyOpens(data.id))) {
        return { outcome: 'adopted', message: { messageKey: 'certs.stage.adopted.request' } };
      }
      const request = validateRequest(data.fields).request;
      if (!request) throw new AppError('invalid-input', 'certs.service.invalidRequest');
      const written = await service.writeRequest(data.id, request, { replaceKey: seen.key, signal });
      ctx.handoff.set(handoffKeys.passphrase(data.id), written.passphrase);
      return { outcome: 'applied', details: { requestId: data.id, keySize: request.keySize, provider: request.provider } };
    }
    case 'request-passphrase': {
      if (await service.keyOpens(data.id)) return { outcome: 'adopted' };
      const passphrase = ctx.handoff.get(handoffKeys.passphrase(data.id));
      // Lost with the process that made the key: the next plan makes the key again.
      if (typeof passphrase !== 'string') throw new AppError('not-found', 'certs.stage.passphraseLost');
      await service.storeKeyPassphrase(data.id, passphrase);
      if (!(await service.keyOpens(data.id))) throw new AppError('internal', 'certs.stage.passphraseLost');
      return { outcome: 'applied', details: { requestId: data.id } };
    }
    case 'csr-copy': {
      const [copy, seen] = await Promise.all([fileFacts(data.path), service.observeRequest(data.id)]);
      if (copy.sha256 !== null && copy.sha256 === seen.csrSha256) return { outcome: 'adopted' };
      await service.saveRequest(data.id, data.path, data.replace);
      await clearReplace(ctx, 'csrCopy');
      return { outcome: 'applied', details: { requestId: data.id } };
    }
    case 'inf': {
      await service.saveInf(data.fields, data.path, data.replace);
      await clearReplace(ctx, 'inf');
      return { outcome: 'applied', details: { cn: data.fields.cn, provider: data.fields.provider ?? 'schannel' } };
    }
    case 'pfx': {
      const exp = data.export;
      if (!isAbsolute(exp.path)) throw new AppError('invalid-input', 'certs.service.pathNotAbsolute');
      const typed = ctx.handoff.get(handoffKeys.typedPassword(exp.path));
      if (exp.password === 'typed' && typeof typed !== 'string') {
        throw new AppError('invalid-input', 'certs.stage.passwordNeeded');
      }
      const built = await service.buildPfx(exp.requestId, {
        path: exp.path,
        ...(typeof typed === 'string' ? { password: typed } : {}),
        encryption: exp.encryption,
        csp: exp.csp,
        ...(exp.friendlyName !== undefined ? { friendlyName: exp.friendlyName } : {}),
      });
      signal.throwIfAborted();
      await service.stagePfx(built, exp.replace);
      ctx.handoff.set(handoffKeys.built(exp.path), built);
      return {
        outcome: 'applied',
        details: {
          requestId: exp.requestId,
          encryption: built.result.encryption,
          cspName: built.result.cspName,
          certificates: built.result.certificateCount,
        },
      };
    }
    case 'pfx-password': {
      const built = ctx.handoff.get(handoffKeys.built(data.path)) as BuiltPfx | undefined;
      if (!built) throw new AppError('not-found', 'certs.service.pfxNotStaged');
      await service.commitPfx(built, data.replace);
      await ctx.state.update((draft) => {
        if (draft.certificate.export?.path === data.path) {
          draft.certificate.export = { ...draft.certificate.export, done: true, replace: false };
        }
      });
      // The keychain entry's name only; the password itself never reaches the journal.
      return { outcome: 'applied', details: { passwordSecretName: built.secretName } };
    }
    case 'preflight': {
      const seen = await service.observeRequest(data.requestId);
      if (!seen.leafSha256) throw new AppError('not-found', 'certs.service.noAnswer');
      const passwordSecretName = pfxPasswordSecretName(data.path, seen.leafSha256);
      const result = await service.inspect(
        { source: { path: data.path }, passwordSecretName, ...(data.expectCn ? { expectCn: data.expectCn } : {}) },
        ctx.locale(),
      );
      const errors = result.checks.filter((check) => check.severity === 'error').length;
      const warnings = result.checks.filter((check) => check.severity === 'warning').length;
      const stamp = (await fileFacts(data.path)).stamp ?? '';
      const passed = errors === 0 && result.summary !== null;
      const commonName = result.summary?.commonName ?? null;
      await ctx.state.update((draft) => {
        draft.certificate.preflight = {
          path: data.path,
          thumbprintSha256: seen.leafSha256 as string,
          fileStamp: stamp,
          passwordSecretName,
          passed,
          errors,
          warnings,
          commonName,
          checks: Object.fromEntries(result.checks.map((check) => [check.id, check.severity])),
          checkedAt: ctx.now().toISOString(),
        };
        draft.certificate.subPage = 'check';
        // The certificate the CMG will use: its CN is what a renewal must keep.
        if (passed && commonName !== null) draft.certificate.currentCn = commonName;
      });
      return { outcome: 'applied', details: { passed, errors, warnings, thumbprintSha256: seen.leafSha256 } };
    }
  }
}

/** A confirmed replacement counts once: the next save asks again. */
async function clearReplace(ctx: RunContext, field: 'csrCopy' | 'inf'): Promise<void> {
  await ctx.state.update((draft) => {
    const cert = draft.certificate;
    if (field === 'csrCopy' && cert.csrCopy) cert.csrCopy = { ...cert.csrCopy, replace: false };
    if (field === 'inf' && cert.inf) cert.inf = { ...cert.inf, replace: false };
  });
}
