import type { LogSeverity } from './cmtrace';

// Known signatures of the CMG, client and co-management logs (cmg-configmgr.md, pitfalls.md,
// field-notes.md). The first rule that matches a message wins, so specific ones come first.
// Explanation and fix texts are `logs.rule.<camelCaseId>.{explanation,fix}` in the logs catalogue.

export interface LogRule {
  readonly id: string;
  readonly pattern: RegExp;
  /** Used when the line itself has no severity (old format, plain text). */
  readonly severity: LogSeverity;
  /** Lower-case strings one of which every match contains: a cheap test before the pattern. */
  readonly needles: readonly string[];
}

const rule = (id: string, pattern: RegExp, severity: LogSeverity, needles: readonly string[]): LogRule => ({
  id,
  pattern,
  severity,
  needles,
});

/**
 * Rules look at the start of a message only: signatures come early, and a pattern run over a
 * megabyte-long hostile line could backtrack for minutes.
 */
export const RULE_WINDOW_CHARS = 8192;

export const LOG_RULES: readonly LogRule[] = [
  // CloudMgr.log: deployment of the CMG in Azure.
  rule('vault-name-in-use', /vault name '[^']*' is already in use|VaultAlreadyExists/i, 'error', [
    'vault name',
    'vaultalreadyexists',
  ]),
  rule(
    'storage-name-taken',
    /StorageAccountAlreadyTaken|storage account named \S+ is already taken/i,
    'error',
    ['storageaccountalreadytaken', 'already taken'],
  ),
  rule(
    'provider-not-registered',
    /MissingSubscriptionRegistration|not registered to use namespace/i,
    'error',
    ['missingsubscriptionregistration', 'not registered to use namespace'],
  ),
  rule('server-app-needs-update', /server app(?:lication)? needs to be updated/i, 'error', [
    'needs to be updated',
  ]),
  rule('pfx-password-not-correct', /password is not correct/i, 'error', ['password is not correct']),
  // SMS_Cloud_ProxyConnector.log: the CMG connection point.
  rule('cmg-connector-client-cert-required', /CMGConnector_Clientcertificaterequired/i, 'error', [
    'cmgconnector_clientcertificaterequired',
  ]),
  rule('cmg-connector-forbidden', /CMGConnector_Forbidden/i, 'error', ['cmgconnector_forbidden']),
  rule(
    'connector-connection-failed',
    /Failed to (?:build|establish) (?:Http|Tcp|WebSocket) connection/i,
    'warning',
    ['failed to build', 'failed to establish'],
  ),
  // CMGService.log / CMGHttpHandler.log: token validation in the CMG.
  rule('cmgservice-invalid-token', /CMGService_Invalid_Token/i, 'error', ['cmgservice_invalid_token']),
  rule('idx10223', /IDX10223/, 'error', ['idx10223']),
  rule('mise12034', /MISE12034/, 'error', ['mise12034']),
  // SMS_AZUREAD_DISCOVERY_AGENT.log.
  rule('udx-published', /Successfully published UDX/i, 'info', ['successfully published udx']),
  // ccmsetup.log, LocationServices.log, ClientLocation.log, CcmMessaging.log.
  rule('mp-list-0x87d0027e', /0x87d0027e/i, 'error', ['0x87d0027e']),
  rule('msi-25502', /(?:error|code)\s*:?\s*25502\b|not launched from CcmSetup/i, 'error', [
    '25502',
    'not launched from ccmsetup',
  ]),
  rule('aadsts500011', /AADSTS500011(?!\d)/, 'error', ['aadsts500011']),
  rule('aadsts50001', /AADSTS50001(?!\d)/, 'error', ['aadsts50001']),
  rule(
    'aad-auth-info-no-answer',
    /AADAuthInfo\b.*\b(?:fail|error|empty|no (?:response|reply|answer)|timed? ?out)|(?:fail|error|no (?:response|reply|answer))[^.]*\bAADAuthInfo/i,
    'error',
    ['aadauthinfo'],
  ),
  rule('cert-invalid-ca', /WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA/i, 'error', ['flag_invalid_ca']),
  rule('cert-rev-failed', /WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED|0x80092013/i, 'error', [
    'flag_cert_rev_failed',
    '0x80092013',
  ]),
  rule('cert-cn-invalid', /WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID/i, 'error', ['flag_cert_cn_invalid']),
  rule('cert-date-invalid', /WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID/i, 'error', [
    'flag_cert_date_invalid',
  ]),
  rule('winhttp-12175', /\b12175\b|0x80072f8f/i, 'error', ['12175', '0x80072f8f']),
  rule('ccmsetup-exit-0', /CcmSetup is exiting with return code 0\b/i, 'info', ['return code']),
  rule('ccmsetup-exit-6', /CcmSetup is exiting with return code 6\b/i, 'error', ['return code']),
  rule('ccmsetup-exit-7', /CcmSetup is exiting with return code 7\b/i, 'warning', ['return code']),
  rule('ccmsetup-exit-8', /CcmSetup is exiting with return code 8\b/i, 'warning', ['return code']),
  rule('ccmsetup-exit-9', /CcmSetup is exiting with return code 9\b/i, 'error', ['return code']),
  rule('ccmsetup-exit-10', /CcmSetup is exiting with return code 10\b/i, 'error', ['return code']),
];

export function matchRule(message: string): LogRule | null {
  const window = message.length > RULE_WINDOW_CHARS ? message.slice(0, RULE_WINDOW_CHARS) : message;
  const lower = window.toLowerCase();
  for (const candidate of LOG_RULES) {
    if (candidate.needles.some((needle) => lower.includes(needle)) && candidate.pattern.test(window)) {
      return candidate;
    }
  }
  return null;
}

/** Catalogue key stem of a rule: `logs.rule.vaultNameInUse`. */
export function ruleKey(id: string): string {
  return `logs.rule.${id.replace(/-(\w)/g, (_all, letter: string) => letter.toUpperCase())}`;
}
