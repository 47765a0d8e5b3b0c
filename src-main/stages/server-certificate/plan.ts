// The certificate stage's plan: a pure function of the state's inputs and what observe saw.
import { createHash } from 'node:crypto';

import { buildCertreqInf, encodeInf, keyPassphraseName, subjectText, validateRequest } from '../../certs';
import type { PlanCheck, PlannedAction, StagePlan } from '../../engine';
import type { PlannedFieldDto, StageStatus } from '../../shared';
import type { CertificateState, JournalRecord, RequestFields, WizardState } from '../../state';
import type { CertificateObservation } from './observe';

export const STAGE_ID = 'server-certificate';

/** What each action does, for `apply` (plain JSON, no secret). */
export type CertificateActionData =
  | {
      readonly type: 'request';
      readonly id: string;
      readonly fields: RequestFields;
      readonly replaceKey: boolean;
    }
  | { readonly type: 'request-passphrase'; readonly id: string }
  | { readonly type: 'csr-copy'; readonly id: string; readonly path: string; readonly replace: boolean }
  | { readonly type: 'inf'; readonly path: string; readonly fields: RequestFields; readonly replace: boolean }
  | {
      readonly type: 'pfx';
      readonly export: NonNullable<CertificateState['export']>;
    }
  | { readonly type: 'pfx-password'; readonly path: string; readonly replace: boolean }
  | {
      readonly type: 'preflight';
      readonly path: string;
      readonly requestId: string;
      readonly expectCn: string | null;
    };

export type CertificateAction = PlannedAction<CertificateActionData>;

const id = (key: string): string => `${STAGE_ID}:${key}`;
export const actionIds = {
  request: (requestId: string) => id(`request:${requestId}`),
  passphrase: (requestId: string) => id(`request-passphrase:${requestId}`),
  csrCopy: (path: string) => id(`csr-copy:${path}`),
  inf: (path: string) => id(`inf:${path}`),
  pfx: (path: string) => id(`pfx:${path}`),
  pfxPassword: (path: string) => id(`pfx-password:${path}`),
  preflight: (path: string) => id(`preflight:${path}`),
};

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

export function planCertificate(
  state: Readonly<WizardState>,
  observed: Readonly<CertificateObservation>,
): StagePlan<CertificateActionData> {
  const cert = state.certificate;
  const actions: CertificateAction[] = [];
  const checks: PlanCheck[] = [];
  const inPlan = (actionId: string): string[] => (actions.some((a) => a.id === actionId) ? [actionId] : []);

  const request = cert.request;
  const seen = observed.request;
  const keyReady = seen !== null && seen.key && seen.csr && seen.keyOpens;
  if (request) {
    const valid = validateRequest(request.fields);
    for (const warning of valid.warnings) {
      checks.push({
        id: `${warning.field}:${warning.key}`,
        severity: 'warning',
        message: { messageKey: warning.key, params: warning.params },
      });
    }
    const fields: PlannedFieldDto[] = valid.request
      ? [
          { name: 'subject', after: subjectText(valid.request) },
          { name: 'subjectAltNames', after: valid.request.sans.join(', ') },
          { name: 'key', after: `RSA ${valid.request.keySize}` },
        ]
      : [];
    // The passphrase first: it has no earlier value to lose, and a key written after it can
    // always be opened, so a crash between the two redoes nothing.
    actions.push({
      id: actionIds.passphrase(request.id),
      kind: seen?.passphrase ? 'skip' : 'store-secret',
      target: {
        type: 'keychain-entry',
        key: keyPassphraseName(request.id),
        label: keyPassphraseName(request.id),
      },
      summary: {
        messageKey: seen?.passphrase ? 'certs.stage.plan.passphraseKept' : 'certs.stage.plan.passphrase',
      },
      dependsOn: [],
      data: { type: 'request-passphrase', id: request.id },
    });
    actions.push({
      id: actionIds.request(request.id),
      kind: keyReady ? 'skip' : 'write-file',
      target: {
        type: 'file',
        key: `certs/${request.id}/private-key.pem`,
        label: 'private-key.pem, request.csr',
      },
      summary: {
        messageKey: keyReady ? 'certs.stage.plan.requestKept' : 'certs.stage.plan.request',
        params: { cn: request.fields.cn },
      },
      dependsOn: [actionIds.passphrase(request.id)],
      fields,
      data: {
        type: 'request',
        id: request.id,
        fields: request.fields,
        replaceKey: seen?.key === true && !keyReady,
      },
    });
  }

  if (cert.csrCopy && cert.lastRequestId) {
    const copy = observed.csrCopy;
    const same = keyReady && copy?.sha256 !== null && copy?.sha256 === seen?.csrSha256;
    actions.push({
      id: actionIds.csrCopy(cert.csrCopy.path),
      kind: same ? 'skip' : 'write-file',
      target: { type: 'file', key: cert.csrCopy.path, label: baseName(cert.csrCopy.path) },
      summary: {
        messageKey: same ? 'certs.stage.plan.fileKept' : 'certs.stage.plan.csrCopy',
        params: { file: baseName(cert.csrCopy.path) },
      },
      dependsOn: request ? inPlan(actionIds.request(request.id)) : [],
      fields: [fileField(copy?.exists === true && !same, cert.csrCopy.path)],
      data: {
        type: 'csr-copy',
        id: cert.lastRequestId,
        path: cert.csrCopy.path,
        replace: cert.csrCopy.replace,
      },
    });
  }

  if (cert.inf) {
    const valid = validateRequest(cert.inf.fields).request;
    const expected = valid
      ? createHash('sha256')
          .update(encodeInf(buildCertreqInf(valid)))
          .digest('hex')
      : null;
    const same = expected !== null && observed.inf?.sha256 === expected;
    actions.push({
      id: actionIds.inf(cert.inf.path),
      kind: same ? 'skip' : 'write-file',
      target: { type: 'file', key: cert.inf.path, label: baseName(cert.inf.path) },
      summary: {
        messageKey: same ? 'certs.stage.plan.fileKept' : 'certs.stage.plan.inf',
        params: { file: baseName(cert.inf.path) },
      },
      dependsOn: [],
      fields: [fileField(observed.inf?.exists === true && !same, cert.inf.path)],
      data: { type: 'inf', path: cert.inf.path, fields: cert.inf.fields, replace: cert.inf.replace },
    });
  }

  const exp = cert.export;
  if (exp) {
    const pfx = observed.pfx;
    const inPlace = exp.done && pfx?.opens === true;
    const dependsOn = inPlan(actionIds.request(exp.requestId));
    const thumbprint = observed.exportRequest?.leafSha256 ?? null;
    actions.push({
      id: actionIds.pfx(exp.path),
      kind: inPlace ? 'skip' : 'write-file',
      target: { type: 'file', key: exp.path, label: baseName(exp.path) },
      summary: {
        messageKey: inPlace ? 'certs.stage.plan.fileKept' : 'certs.stage.plan.pfx',
        params: { file: baseName(exp.path) },
      },
      dependsOn,
      fields: [
        fileField(pfx?.exists === true && !inPlace, exp.path),
        { name: 'encryption', after: exp.encryption },
        { name: 'csp', after: exp.csp },
        { name: 'thumbprintSha256', after: thumbprint ?? { knownAfterApply: true } },
      ],
      data: { type: 'pfx', export: exp },
    });
    actions.push({
      id: actionIds.pfxPassword(exp.path),
      kind: inPlace ? 'skip' : 'store-secret',
      target: {
        type: 'keychain-entry',
        key: pfx?.secretName ?? `pfx-password:${baseName(exp.path)}`,
        label: baseName(exp.path),
      },
      summary: {
        messageKey: inPlace ? 'certs.stage.plan.passwordKept' : 'certs.stage.plan.pfxPassword',
        params: { file: baseName(exp.path) },
      },
      dependsOn: [actionIds.pfx(exp.path)],
      data: { type: 'pfx-password', path: exp.path, replace: exp.replace },
    });
    const checked = cert.preflight;
    const upToDate =
      inPlace &&
      checked !== undefined &&
      checked.path === exp.path &&
      checked.thumbprintSha256 === thumbprint &&
      checked.fileStamp === pfx?.stamp;
    actions.push({
      id: actionIds.preflight(exp.path),
      kind: upToDate ? 'skip' : 'check',
      target: { type: 'pfx-preflight', key: exp.path, label: baseName(exp.path) },
      summary: {
        messageKey: upToDate ? 'certs.stage.plan.preflightKept' : 'certs.stage.plan.preflight',
        params: { file: baseName(exp.path) },
      },
      dependsOn: [actionIds.pfxPassword(exp.path)],
      data: {
        type: 'preflight',
        path: exp.path,
        requestId: exp.requestId,
        expectCn: cert.request?.fields.cn.trim() ?? null,
      },
    });
  }

  return { stageId: STAGE_ID, fingerprint: observed.fingerprint, actions, blockers: [], checks };
}

function fileField(replaces: boolean, path: string): PlannedFieldDto {
  return replaces ? { name: 'file', before: path, after: path } : { name: 'file', after: path };
}

/**
 * Done only when the PFX chosen for export passed its preflight; a failed preflight needs
 * attention; anything started (inputs or a journaled run) is in progress.
 */
export function certificateStatus(
  state: Readonly<WizardState>,
  journal: readonly JournalRecord[],
): StageStatus {
  const cert = state.certificate;
  const checked = cert.preflight;
  if (checked && cert.export && checked.path === cert.export.path)
    return checked.passed ? 'done' : 'needs-attention';
  // Only runs count: a read-only check (journaled for the report, without a run) starts nothing.
  const ran = journal.some((record) => record.runId !== undefined);
  if (cert.request || cert.lastRequestId || cert.inf || cert.export || ran) return 'in-progress';
  return 'not-started';
}
