import type { LogSeverity } from './cmtrace';

// Known signatures of the CMG, client and co-management logs (cmg-configmgr.md, pitfalls.md,
// field-notes.md). The first rule that matches a message wins, so specific ones come first.
// Explanation and fix texts are `logs.rule.<camelCaseId>.{explanation,fix}` in the logs catalogue.

export interface LogRule {
  readonly id: string;
  readonly pattern: RegExp;
  /** Used when the line itself has no severity (old format, plain text). */
  readonly severity: LogSeverity;
}

const rule = (id: string, pattern: RegExp, severity: LogSeverity): LogRule => ({ id, pattern, severity });

export const LOG_RULES: readonly LogRule[] = [
  // CloudMgr.log: deployment of the CMG in Azure.
  rule('vault-name-in-use', /vault name '[^']*' is already in use|VaultAlreadyExists/i, 'error'),
  rule(
    'storage-name-taken',
    /StorageAccountAlreadyTaken|storage account named \S+ is already taken/i,
    'error',
  ),
  rule(
    'provider-not-registered',
    /MissingSubscriptionRegistration|not registered to use namespace/i,
    'error',
  ),
  rule('server-app-needs-update', /server app(?:lication)? needs to be updated/i, 'error'),
  rule('pfx-password-not-correct', /password is not correct/i, 'error'),
  // SMS_Cloud_ProxyConnector.log: the CMG connection point.
  rule('cmg-connector-client-cert-required', /CMGConnector_Clientcertificaterequired/i, 'error'),
  rule('cmg-connector-forbidden', /CMGConnector_Forbidden/i, 'error'),
  rule(
    'connector-connection-failed',
    /Failed to (?:build|establish) (?:Http|Tcp|WebSocket) connection/i,
    'warning',
  ),
  // CMGService.log / CMGHttpHandler.log: token validation in the CMG.
  rule('cmgservice-invalid-token', /CMGService_Invalid_Token/i, 'error'),
  rule('idx10223', /IDX10223/, 'error'),
  rule('mise12034', /MISE12034/, 'error'),
  // SMS_AZUREAD_DISCOVERY_AGENT.log.
  rule('udx-published', /Successfully published UDX/i, 'info'),
  // ccmsetup.log, LocationServices.log, ClientLocation.log, CcmMessaging.log.
  rule('mp-list-0x87d0027e', /0x87d0027e/i, 'error'),
  rule('msi-25502', /(?:error|code)\s*:?\s*25502\b|not launched from CcmSetup/i, 'error'),
  rule('aadsts500011', /AADSTS500011(?!\d)/, 'error'),
  rule('aadsts50001', /AADSTS50001(?!\d)/, 'error'),
  rule(
    'aad-auth-info-no-answer',
    /AADAuthInfo\b.*\b(?:fail|error|empty|no (?:response|reply|answer)|timed? ?out)|(?:fail|error|no (?:response|reply|answer))[^.]*\bAADAuthInfo/i,
    'error',
  ),
  rule('cert-invalid-ca', /WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA/i, 'error'),
  rule('cert-rev-failed', /WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED|0x80092013/i, 'error'),
  rule('cert-cn-invalid', /WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID/i, 'error'),
  rule('cert-date-invalid', /WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID/i, 'error'),
  rule('winhttp-12175', /\b12175\b|0x80072f8f/i, 'error'),
  rule('ccmsetup-exit-0', /CcmSetup is exiting with return code 0\b/i, 'info'),
  rule('ccmsetup-exit-6', /CcmSetup is exiting with return code 6\b/i, 'error'),
  rule('ccmsetup-exit-7', /CcmSetup is exiting with return code 7\b/i, 'warning'),
  rule('ccmsetup-exit-8', /CcmSetup is exiting with return code 8\b/i, 'warning'),
  rule('ccmsetup-exit-9', /CcmSetup is exiting with return code 9\b/i, 'error'),
  rule('ccmsetup-exit-10', /CcmSetup is exiting with return code 10\b/i, 'error'),
];

export function matchRule(message: string): LogRule | null {
  for (const candidate of LOG_RULES) if (candidate.pattern.test(message)) return candidate;
  return null;
}

/** Catalogue key stem of a rule: `logs.rule.vaultNameInUse`. */
export function ruleKey(id: string): string {
  return `logs.rule.${id.replace(/-(\w)/g, (_all, letter: string) => letter.toUpperCase())}`;
}
