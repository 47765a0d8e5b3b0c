// ConfigMgr side: safe PowerShell literals and value validators (the base of the script
// generator), a tokenizer of PowerShell strings for checking generated text, and the
// CCMSETUPCMD builder and linter.
export { buildCcmsetupCmd, type CcmsetupOptions } from './ccmsetupcmd-build';
export { MAX_CCMSETUPCMD_VALUE } from './ccmsetupcmd-line';
export { lintCcmsetupCmd, type LintFinding, type LintResult, type LintSeverity } from './ccmsetupcmd-lint';
export {
  isFqdn,
  isGuid,
  isHttpsUrl,
  PS_SINGLE_QUOTES,
  psSingleQuoted,
  validateCollectionName,
  validateFqdn,
  validateGuid,
  validateHttpsUrl,
  validateSiteCode,
} from './powershell';
export { type PsToken, type PsTokenKind, tokenizePowerShell } from './ps-tokenizer';
