// Applies one action of the certificate stage. Each looks first for what it would make and adopts
// it; what can be lost (a password) is written last and put back as it was on failure.
import { randomBytes } from 'node:crypto';
import { isAbsolute } from 'node:path';

import { type BuiltPfx, CertService, pfxPasswordSecretName, validateRequest } from '../../certs';
import type { ApplyResult, RunContext } from '../../engine';
import { AppError } from '../../shared';
import { fileFacts } from './observe';
import type { CertificateAction } from './plan';

/** Handoff keys: in memory for one run, never journaled. */
export const handoffKeys = {
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
    case 'request-passphrase': {
      if (await service.hasKeyPassphrase(data.id)) return { outcome: 'adopted' };
      await service.storeKeyPassphrase(data.id, randomBytes(32).toString('base64url'));
      return { outcome: 'applied', details: { requestId: data.id } };
    }
    case 'request': {
      const seen = await service.observeRequest(data.id);
      if (seen.key && seen.csr && (await service.keyOpens(data.id))) {
        return { outcome: 'adopted', message: { messageKey: 'certs.stage.adopted.request' } };
      }
      const request = validateRequest(data.fields).request;
      if (!request) throw new AppError('invalid-input', 'certs.service.invalidRequest');
      await service.writeRequest(data.id, request, { replaceKey: seen.key, signal });
      return {
        outcome: 'applied',
        details: { requestId: data.id, keySize: request.keySize, provider: request.provider },
      };
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
      return {
        outcome: 'applied',
        details: { cn: data.fields.cn, provider: data.fields.provider ?? 'schannel' },
      };
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
      if (!built) {
        // Recorded as done just before the file moved, then the run's answer was lost.
        const exp = ctx.state.read().certificate.export;
        if (!exp?.done || !(await exportInPlace(service, exp.requestId, data.path))) {
          throw new AppError('not-found', 'certs.service.pfxNotStaged');
        }
        return { outcome: 'adopted' };
      }
      // "Done" is recorded before the file moves into place, so a crash right after the move is
      // seen as finished and never as someone else's file to refuse; a failed move undoes it.
      try {
        await service.commitPfx(built, data.replace, { beforeMove: () => setExported(ctx, data.path, true) });
      } catch (error) {
        await setExported(ctx, data.path, false);
        throw error;
      }
      await ctx.state.update((draft) => {
        const exp = draft.certificate.export;
        if (exp?.path === data.path) draft.certificate.export = { ...exp, replace: false };
      });
      // The keychain entry's name only; the password itself never reaches the journal.
      return { outcome: 'applied', details: { passwordSecretName: built.secretName } };
    }
    case 'preflight': {
      const seen = await service.observeRequest(data.requestId);
      if (!seen.leafSha256) throw new AppError('not-found', 'certs.service.noAnswer');
      const passwordSecretName = pfxPasswordSecretName(data.path, seen.leafSha256);
      const result = await service.inspect(
        {
          source: { path: data.path },
          passwordSecretName,
          ...(data.expectCn ? { expectCn: data.expectCn } : {}),
        },
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

async function exportInPlace(service: CertService, requestId: string, path: string): Promise<boolean> {
  const leaf = (await service.observeRequest(requestId)).leafSha256;
  return leaf !== null && (await service.pfxOpens(path, pfxPasswordSecretName(path, leaf)));
}

async function setExported(ctx: RunContext, path: string, done: boolean): Promise<void> {
  await ctx.state.update((draft) => {
    const exp = draft.certificate.export;
    if (exp?.path === path) draft.certificate.export = { ...exp, done };
  });
}

/** A confirmed replacement counts once: the next save asks again. */
async function clearReplace(ctx: RunContext, field: 'csrCopy' | 'inf'): Promise<void> {
  await ctx.state.update((draft) => {
    const cert = draft.certificate;
    if (field === 'csrCopy' && cert.csrCopy) cert.csrCopy = { ...cert.csrCopy, replace: false };
    if (field === 'inf' && cert.inf) cert.inf = { ...cert.inf, replace: false };
  });
}
