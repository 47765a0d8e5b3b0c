import { CertService, type CmgNameAnalysis } from '../../certs';
import type { SecretStore } from '../../secrets';
import type { Locale } from '../../shared';
import type { Handlers } from '../contract';
import type { CmgNameDto } from '../contract/certs';

type CertsHandlers = Pick<
  Handlers,
  | 'certs:validate-request'
  | 'certs:preview-request'
  | 'certs:create-csr'
  | 'certs:certreq-inf'
  | 'certs:import-answer'
  | 'certs:export-pfx'
>;

export interface CertsHandlerDeps {
  readonly secrets: SecretStore;
  readonly home: string;
  readonly locale: () => Locale;
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
  return {
    'certs:validate-request': async (input) => {
      const result = service.validate(input, deps.locale());
      return { ...result, cn: nameDto(result.cn) };
    },
    'certs:preview-request': async (input) => {
      const result = service.preview(input, deps.locale());
      return { ...result, cn: nameDto(result.cn) };
    },
    'certs:create-csr': (input) => service.createCsr(input),
    'certs:certreq-inf': async (input) => service.certreqInf(input, deps.locale()),
    'certs:import-answer': (id, source) => service.importAnswer(id, source),
    'certs:export-pfx': (id, options) => service.exportPfx(id, options, deps.locale()),
  };
}
