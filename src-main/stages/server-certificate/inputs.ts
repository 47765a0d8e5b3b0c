// The certificate stage's own inputs (what the admin typed or chose), kept in state so the stage
// resumes at the right sub-page. The changes themselves are made by the engine's run.
import { randomUUID } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { basename, isAbsolute, sep } from 'node:path';

import {
  type AnswerSource,
  type BuiltPfx,
  type CertRequestInput,
  CertService,
  exportedDto,
  type PfxExportOptions,
  type PfxInspectRequest,
  validateRequest,
} from '../../certs';
import type { StageContext, StageEngine } from '../../engine';
import {
  AppError,
  type CertWorkshopDto,
  type CsrCreatedDto,
  type ImportedAnswerDto,
  isAppError,
  type PfxExportedDto,
  type PfxInspectedDto,
} from '../../shared';
import type { Journal, RequestFields } from '../../state';
import { handoffKeys } from './apply';
import { actionIds, STAGE_ID } from './plan';

export interface CertificateStageDeps {
  readonly ctx: StageContext;
  readonly engine: StageEngine;
  /** Read-only checks are recorded for the report (no secrets). */
  readonly journal?: Journal;
}

const service = (ctx: StageContext): CertService =>
  new CertService({ secrets: ctx.secrets, home: ctx.home, now: ctx.now });

/** The fields as typed, refused with the first field's message when they are not valid. */
function requireFields(input: CertRequestInput): RequestFields {
  const result = validateRequest(input);
  if (!result.request) {
    const first = result.errors[0];
    throw new AppError('invalid-input', first?.key ?? 'certs.service.invalidRequest', first?.params ?? {});
  }
  return {
    cn: input.cn,
    sans: [...(input.sans ?? [])],
    ...(input.org !== undefined ? { org: input.org } : {}),
    ...(input.ou !== undefined ? { ou: input.ou } : {}),
    ...(input.locality !== undefined ? { locality: input.locality } : {}),
    ...(input.state !== undefined ? { state: input.state } : {}),
    ...(input.country !== undefined ? { country: input.country } : {}),
    ...(input.keySize !== undefined ? { keySize: input.keySize } : {}),
    ...(input.provider !== undefined ? { provider: input.provider } : {}),
    ...(input.previousCn !== undefined ? { previousCn: input.previousCn } : {}),
  };
}

/** A new request: its fields go to state under a new id, then the run makes the key and CSR. */
export async function createRequest(
  deps: CertificateStageDeps,
  input: CertRequestInput,
): Promise<CsrCreatedDto> {
  const fields = requireFields(input);
  const id = randomUUID();
  await deps.ctx.state.update((draft) => {
    draft.certificate = {
      ...draft.certificate,
      request: { id, fields },
      lastRequestId: id,
      subPage: 'request',
      answerImported: false,
      csrCopy: undefined,
      export: undefined,
      preflight: undefined,
    };
  });
  await deps.engine.runOrThrow(STAGE_ID, { only: (action) => action.id === actionIds.request(id) });
  const last = await service(deps.ctx).lastRequest(id);
  if (!last) throw new AppError('internal', 'certs.service.unknownRequest');
  return { id, csrPem: last.csrPem, subject: last.subject, sans: last.sans };
}

export async function saveCsr(
  deps: CertificateStageDeps,
  requestId: string,
  options: { readonly path: string; readonly overwrite?: boolean },
): Promise<{ path: string }> {
  requireAbsolute(options.path);
  if (deps.ctx.state.read().certificate.lastRequestId !== requestId) {
    throw new AppError('not-found', 'certs.service.unknownRequest');
  }
  await askBeforeReplacing(options);
  await deps.ctx.state.update((draft) => {
    draft.certificate.csrCopy = { path: options.path, replace: options.overwrite === true };
  });
  await deps.engine.runOrThrow(STAGE_ID, { only: (action) => action.id === actionIds.csrCopy(options.path) });
  return { path: options.path };
}

export async function saveInf(
  deps: CertificateStageDeps,
  input: CertRequestInput,
  options: { readonly path: string; readonly overwrite?: boolean },
): Promise<{ path: string }> {
  requireAbsolute(options.path);
  const fields = requireFields(input);
  await askBeforeReplacing(options);
  await deps.ctx.state.update((draft) => {
    draft.certificate.inf = { path: options.path, replace: options.overwrite === true, fields };
  });
  await deps.engine.runOrThrow(STAGE_ID, { only: (action) => action.id === actionIds.inf(options.path) });
  return { path: options.path };
}

/** The CA's answer joins the request (chain.pem); the stage moves on to Export. */
export async function importAnswer(
  deps: CertificateStageDeps,
  requestId: string,
  source: AnswerSource,
): Promise<ImportedAnswerDto> {
  const answer = await service(deps.ctx).importAnswer(requestId, source);
  await deps.ctx.state.update((draft) => {
    draft.certificate.answerImported = true;
    draft.certificate.subPage = 'export';
  });
  await deps.journal?.append({
    action: 'certs.import-answer',
    target: answer.leaf.subject,
    outcome: 'applied',
    stageId: STAGE_ID,
    details: {
      requestId,
      notAfter: answer.leaf.notAfter,
      issuers: answer.issuers.length,
      missingIssuer: answer.missingIssuer,
    },
  });
  return answer;
}

/**
 * Export: the choice goes to state, then the run writes the file, keeps its password and
 * preflights it. A typed password is handed to this run only; a generated one comes back once.
 */
export async function exportPfx(
  deps: CertificateStageDeps,
  requestId: string,
  options: PfxExportOptions,
): Promise<PfxExportedDto> {
  requireAbsolute(options.path);
  const previous = deps.ctx.state.read().certificate.export;
  await deps.ctx.state.update((draft) => {
    draft.certificate.export = {
      path: options.path,
      replace: options.overwrite === true,
      requestId,
      encryption: options.encryption ?? '3des',
      csp: options.csp ?? 'schannel',
      ...(options.friendlyName !== undefined ? { friendlyName: options.friendlyName } : {}),
      password: options.password === undefined ? 'generated' : 'typed',
      done: false,
    };
  });
  const handoff = new Map<string, unknown>();
  if (options.password !== undefined) handoff.set(handoffKeys.typedPassword(options.path), options.password);
  try {
    await deps.engine.runOrThrow(STAGE_ID, {
      only: (action) => action.id === actionIds.preflight(options.path),
      handoff,
    });
  } catch (error) {
    // A refused replacement wrote nothing: the export that exists stays the one the stage knows.
    if (isAppError(error) && error.code === 'conflict') {
      await deps.ctx.state.update((draft) => {
        if (previous === undefined) delete draft.certificate.export;
        else draft.certificate.export = previous;
      });
    }
    throw error;
  }
  const built = handoff.get(handoffKeys.built(options.path)) as BuiltPfx | undefined;
  if (!built) throw new AppError('internal', 'certs.service.pfxNotStaged');
  return exportedDto(built, deps.ctx.locale());
}

/** The preflight of any PFX: read only (it never marks the stage done nor pins a CN). */
export async function inspectPfx(
  deps: CertificateStageDeps,
  request: PfxInspectRequest,
): Promise<PfxInspectedDto> {
  const result = await service(deps.ctx).inspect(request, deps.ctx.locale());
  const failed = result.checks.some((check) => check.severity === 'error');
  await deps.journal?.append({
    action: 'certs.preflight',
    target: result.summary?.subject ?? ('path' in request.source ? request.source.path : 'PFX'),
    outcome: failed ? 'failed' : 'checked',
    stageId: STAGE_ID,
    details: {
      thumbprintSha1: result.summary?.thumbprintSha1 ?? null,
      notAfter: result.summary?.notAfter ?? null,
      checks: Object.fromEntries(result.checks.map((check) => [check.id, check.severity])),
    },
  });
  const summary = result.summary;
  return {
    checks: result.checks.map(({ id, severity, message, hint }) => ({ id, severity, message, hint })),
    summary: summary && {
      subject: summary.subject,
      commonName: summary.commonName,
      subjectAltNames: summary.subjectAltNames,
      issuer: summary.issuer,
      notBefore: summary.notBefore,
      notAfter: summary.notAfter,
      thumbprintSha1: summary.thumbprintSha1,
      keySize: summary.keySize,
      cspName: summary.cspName,
      chainSubjects: summary.chainSubjects,
    },
    passwordSecretName: result.passwordSecretName,
  };
}

export async function importPfx(
  deps: CertificateStageDeps,
  request: PfxInspectRequest,
): Promise<ImportedAnswerDto> {
  const adopted = await service(deps.ctx).importExistingPfx(request);
  await deps.journal?.append({
    action: 'certs.import-pfx',
    target: adopted.leaf.subject,
    outcome: 'adopted',
    stageId: STAGE_ID,
    details: { requestId: adopted.id, notAfter: adopted.leaf.notAfter },
  });
  return adopted;
}

/** Sub-page and renewal: the admin's choices, kept for the next visit. */
export async function setWorkshop(
  deps: CertificateStageDeps,
  change: { readonly subPage?: 'request' | 'answer' | 'export' | 'check'; readonly renewal?: boolean },
): Promise<CertWorkshopDto> {
  await deps.ctx.state.update((draft) => {
    if (change.subPage !== undefined) draft.certificate.subPage = change.subPage;
    if (change.renewal !== undefined) draft.certificate.renewal = change.renewal;
  });
  return workshop(deps);
}

/** What the stage needs to reopen where the admin was (no secrets). */
export async function workshop(deps: CertificateStageDeps): Promise<CertWorkshopDto> {
  const cert = deps.ctx.state.read().certificate;
  const certs = service(deps.ctx);
  const preflight = cert.preflight;
  return {
    lastRequest: await certs.lastRequest(cert.lastRequestId),
    currentCn: cert.currentCn ?? null,
    defaultFolder: await certs.defaultFolder(),
    pathSeparator: sep === '\\' ? '\\' : '/',
    subPage: cert.subPage,
    renewal: cert.renewal,
    requestFields: cert.request?.fields ?? null,
    csrSavePath: cert.csrCopy?.path ?? null,
    infSavePath: cert.inf?.path ?? null,
    answerImported: cert.answerImported,
    export: cert.export
      ? {
          path: cert.export.path,
          encryption: cert.export.encryption,
          csp: cert.export.csp,
          done: cert.export.done,
        }
      : null,
    preflight: preflight
      ? {
          path: preflight.path,
          passed: preflight.passed,
          errors: preflight.errors,
          warnings: preflight.warnings,
          checkedAt: preflight.checkedAt,
          passwordSecretName: preflight.passwordSecretName,
        }
      : null,
  };
}

/**
 * The admin asked to save at a path where a file is: they confirm first (`overwrite`), even when
 * the file holds the same content. (A resumed run adopts an identical file without asking.)
 */
async function askBeforeReplacing(options: {
  readonly path: string;
  readonly overwrite?: boolean;
}): Promise<void> {
  if (options.overwrite === true) return;
  const present = await lstat(options.path)
    .then(() => true)
    .catch(() => false);
  if (present) throw new AppError('conflict', 'certs.output.exists', { file: basename(options.path) });
}

function requireAbsolute(path: string): void {
  // Same rule as the service, checked before anything is remembered.
  if (!isAbsolute(path)) throw new AppError('invalid-input', 'certs.service.pathNotAbsolute');
}
