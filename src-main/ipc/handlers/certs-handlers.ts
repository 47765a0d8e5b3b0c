import { sep } from 'node:path';

import { CertService, type CmgNameAnalysis } from '../../certs';
import type { SecretStore } from '../../secrets';
import type { Locale, StageStatus } from '../../shared';
import type { Journal, JournalEntry, StateStore } from '../../state';
import type { Handlers } from '../contract';
import type { CmgNameDto, PfxInspectedDto } from '../contract/certs';
import type { EventBus } from '../event-bus';

type CertsHandlers = Pick<
  Handlers,
  | 'certs:get-workshop'
  | 'certs:validate-request'
  | 'certs:preview-request'
  | 'certs:create-csr'
  | 'certs:save-request'
  | 'certs:certreq-inf'
  | 'certs:save-inf'
  | 'certs:import-answer'
  | 'certs:export-pfx'
  | 'certs:inspect-pfx'
  | 'certs:import-pfx'
>;

export interface CertsHandlerDeps {
  readonly secrets: SecretStore;
  readonly home: string;
  readonly locale: () => Locale;
  /** When given, the stage's status and last request are remembered (the UI resumes from them). */
  readonly state?: StateStore;
  readonly events?: EventBus;
  /** When given, every file written and every check is recorded for the report (no secrets). */
  readonly journal?: Journal;
}

// The CN analysis without its raw message refs (the findings already carry localized text).
const nameDto = ({ kind, prefix, region, azureName, cname }: CmgNameAnalysis): CmgNameDto => ({
  kind,
  prefix,
  ...(region !== undefined ? { region } : {}),
  ...(azureName !== undefined ? { azureName } : {}),
  ...(cname !== undefined ? { cname } : {}),
});

export function createCertsHandlers(deps: CertsHandlerDeps): CertsHandlers {
  const service = new CertService({ secrets: deps.secrets, home: deps.home });

  const remember = async (change: {
    status?: StageStatus;
    lastRequestId?: string;
    currentCn?: string;
  }): Promise<void> => {
    if (!deps.state) return;
    const next = await deps.state.update((draft) => ({
      ...draft,
      stages: change.status ? { ...draft.stages, 'server-certificate': change.status } : draft.stages,
      certificate: {
        ...draft.certificate,
        ...(change.lastRequestId !== undefined ? { lastRequestId: change.lastRequestId } : {}),
        ...(change.currentCn !== undefined ? { currentCn: change.currentCn } : {}),
      },
    }));
    deps.events?.emit('wizard:changed', { currentStage: next.currentStage, stages: next.stages });
  };

  const record = async (entry: JournalEntry): Promise<void> => {
    await deps.journal?.append(entry);
  };

  return {
    'certs:get-workshop': async () => {
      const certificate = deps.state?.read().certificate ?? {};
      return {
        lastRequest: await service.lastRequest(certificate.lastRequestId),
        currentCn: certificate.currentCn ?? null,
        defaultFolder: await service.defaultFolder(),
        pathSeparator: sep === '\\' ? '\\' : '/',
      };
    },
    'certs:validate-request': async (input) => {
      const result = service.validate(input, deps.locale());
      return { ...result, cn: nameDto(result.cn) };
    },
    'certs:preview-request': async (input) => {
      const result = service.preview(input, deps.locale());
      return { ...result, cn: nameDto(result.cn) };
    },
    'certs:create-csr': async (input) => {
      const created = await service.createCsr(input);
      await remember({ status: 'in-progress', lastRequestId: created.id });
      await record({
        action: 'certs.create-csr',
        target: created.subject,
        outcome: 'applied',
        details: {
          requestId: created.id,
          sans: created.sans,
          keySize: input.keySize ?? 2048,
          provider: input.provider ?? 'schannel',
        },
      });
      return created;
    },
    'certs:save-request': async (id, options) => {
      const saved = await service.saveRequest(id, options.path, options.overwrite ?? false);
      await record({
        action: 'certs.save-csr',
        target: saved.path,
        outcome: 'applied',
        details: { requestId: id },
      });
      return saved;
    },
    'certs:certreq-inf': async (input) => service.certreqInf(input, deps.locale()),
    'certs:save-inf': async (input, options) => {
      const saved = await service.saveInf(input, options.path, options.overwrite ?? false);
      await remember({ status: 'in-progress' });
      await record({
        action: 'certs.save-inf',
        target: saved.path,
        outcome: 'applied',
        details: { cn: input.cn, provider: input.provider ?? 'schannel' },
      });
      return saved;
    },
    'certs:import-answer': async (id, source) => {
      const answer = await service.importAnswer(id, source);
      await record({
        action: 'certs.import-answer',
        target: answer.leaf.subject,
        outcome: 'applied',
        details: {
          requestId: id,
          notAfter: answer.leaf.notAfter,
          issuers: answer.issuers.length,
          missingIssuer: answer.missingIssuer,
        },
      });
      return answer;
    },
    'certs:export-pfx': async (id, options) => {
      const exported = await service.exportPfx(id, options, deps.locale());
      await record({
        action: 'certs.export-pfx',
        target: exported.path,
        outcome: 'applied',
        // The keychain entry's name only; the password itself never reaches the journal.
        details: {
          requestId: id,
          encryption: exported.encryption,
          cspName: exported.cspName,
          certificates: exported.certificateCount,
          passwordSecretName: exported.passwordSecretName,
        },
      });
      return exported;
    },
    'certs:inspect-pfx': async (request) => {
      const result = await service.inspect(request, deps.locale());
      const failed = result.checks.some((check) => check.severity === 'error');
      // A read-only check: it records what it saw for the report, and changes no state.
      await record({
        action: 'certs.preflight',
        target: result.summary?.subject ?? ('path' in request.source ? request.source.path : 'PFX'),
        outcome: failed ? 'failed' : 'checked',
        details: {
          thumbprintSha1: result.summary?.thumbprintSha1 ?? null,
          notAfter: result.summary?.notAfter ?? null,
          checks: Object.fromEntries(result.checks.map((check) => [check.id, check.severity])),
        },
      });
      return toInspectedDto(result);
    },
    'certs:import-pfx': async (request) => {
      const adopted = await service.importExistingPfx(request);
      await record({
        action: 'certs.import-pfx',
        target: adopted.leaf.subject,
        outcome: 'adopted',
        details: { requestId: adopted.id, notAfter: adopted.leaf.notAfter },
      });
      return adopted;
    },
  };
}

function toInspectedDto(result: Awaited<ReturnType<CertService['inspect']>>): PfxInspectedDto {
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
