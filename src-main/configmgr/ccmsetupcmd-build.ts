import { AppError } from '../shared';
import {
  CCMHOSTNAME_RE,
  isResourceUri,
  MAX_CCMSETUPCMD_VALUE,
  PACKAGE_ID_RE,
  type ParsedItem,
  render,
  valueOf,
} from './ccmsetupcmd-line';
import { isFqdn, isGuid, isHttpsUrl, validateSiteCode } from './powershell';

export interface CcmsetupOptions {
  readonly siteCode: string;
  /** CCMHOSTNAME as the co-management wizard's Enablement page shows it. */
  readonly cmgHost: string;
  /** SMSMP, the initial management point (an https URL). */
  readonly mp?: string;
  readonly aadClientAppId?: string;
  readonly aadResourceUri?: string;
  readonly tenantId?: string;
  readonly upgradeToLatest?: boolean;
  readonly provisionTs?: string;
  readonly noCrlCheck?: boolean;
}

function refuse(key: string, params: Record<string, string | number> = {}): AppError {
  return new AppError('invalid-input', `configmgr.cli.build.${key}`, params);
}

/** The CCMSETUPCMD="…" argument for ccmsetup.msi; refuses values the linter would call errors. */
export function buildCcmsetupCmd(options: CcmsetupOptions): string {
  validateSiteCode(options.siteCode, 'site-code');
  const host = CCMHOSTNAME_RE.exec(options.cmgHost);
  if (!host || !isFqdn(host[1] as string)) throw refuse('cmgHost');
  if (options.mp !== undefined && !isHttpsUrl(options.mp)) throw refuse('mp');
  if ((options.aadClientAppId === undefined) !== (options.aadResourceUri === undefined))
    throw refuse('aadPair');
  if (options.aadClientAppId !== undefined && !isGuid(options.aadClientAppId))
    throw refuse('guid', { name: 'AADCLIENTAPPID' });
  if (options.aadResourceUri !== undefined && !isResourceUri(options.aadResourceUri))
    throw refuse('resourceUri');
  if (options.tenantId !== undefined && !isGuid(options.tenantId))
    throw refuse('guid', { name: 'AADTENANTID' });
  if (options.provisionTs !== undefined && !PACKAGE_ID_RE.test(options.provisionTs))
    throw refuse('provisionTs');
  const items: ParsedItem[] = [];
  if (options.noCrlCheck) items.push({ kind: 'switch', name: 'NOCRLCHECK', value: '' });
  if (options.upgradeToLatest) items.push({ kind: 'switch', name: 'UPGRADETOLATEST', value: '' });
  const property = (name: string, value: string | undefined): void => {
    if (value !== undefined) items.push({ kind: 'property', name, value });
  };
  property('CCMHOSTNAME', options.cmgHost);
  property('SMSSITECODE', options.siteCode);
  property('SMSMP', options.mp);
  property('AADTENANTID', options.tenantId);
  property('AADCLIENTAPPID', options.aadClientAppId);
  property('AADRESOURCEURI', options.aadResourceUri);
  property('PROVISIONTS', options.provisionTs);
  const line = render(items);
  if (valueOf(line).length > MAX_CCMSETUPCMD_VALUE) throw refuse('tooLong', { max: MAX_CCMSETUPCMD_VALUE });
  return line;
}
