import { CertService } from '../../certs';
import { certificateInputs as stage, type CertificateStageDeps } from '../../stages';
import type { Handlers } from '../contract';

type CertsHandlers = Pick<
  Handlers,
  | 'certs:get-workshop'
  | 'certs:set-workshop'
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

/**
 * The "Server certificate" stage's own channels: each one delegates to the stage (inputs, runs)
 * or, for live validation, to the service. No state changes or events here.
 */
export function createCertsHandlers(deps: CertificateStageDeps): CertsHandlers {
  const service = new CertService({ secrets: deps.ctx.secrets, home: deps.ctx.home });
  const locale = deps.ctx.locale;
  return {
    'certs:get-workshop': () => stage.workshop(deps),
    'certs:set-workshop': (change) => stage.setWorkshop(deps, change),
    'certs:validate-request': async (input) => service.validate(input, locale()),
    'certs:preview-request': async (input) => service.preview(input, locale()),
    'certs:create-csr': (input) => stage.createRequest(deps, input),
    'certs:save-request': (id, options) => stage.saveCsr(deps, id, options),
    'certs:certreq-inf': async (input, options) => service.certreqInf(input, locale(), options?.fileName),
    'certs:save-inf': (input, options) => stage.saveInf(deps, input, options),
    'certs:import-answer': (id, source) => stage.importAnswer(deps, id, source),
    'certs:export-pfx': (id, options) => stage.exportPfx(deps, id, options),
    'certs:inspect-pfx': (request) => stage.inspectPfx(deps, request),
    'certs:import-pfx': (request) => stage.importPfx(deps, request),
  };
}
