/**
 * Identity: who is signed in, and the access tokens the Graph/ARM client sends.
 *
 * ```ts
 * const session = await IdentitySession.open({ home, secrets, rehearsal: { identity: new RehearsalIdentityProvider(), endpoints }, openBrowser, locale });
 * await session.signIn({ method: 'browser', scopes: scopesForStage('azure-services') });
 * const client = new GraphClient({ ...session.endpoints(), getAccessToken: session.getAccessToken });
 * ```
 * `IdentityProvider` has two implementations: `MsalIdentityProvider` (a real tenant: system
 * browser with PKCE on a loopback redirect, or device code; token cache sealed on disk by
 * `EncryptedCachePlugin`, its key in the keychain) and the simulated tenant's
 * `RehearsalIdentityProvider` (`rehearsal.` tokens), which lives in src-main/rehearsal: identity
 * sits below the simulated tenant and never imports it. `getAccessToken` is silent; it throws AppError
 * `sign-in-required` or `consent-required` when the admin has to act.
 */
export {
  EncryptedCachePlugin,
  type EncryptedCachePluginOptions,
  MSAL_CACHE_KEY_NAME,
} from './encrypted-cache-plugin';
export { consentRequired, signInCancelled, signInRequired } from './errors';
export {
  type ApiEndpoints,
  IdentitySession,
  type IdentitySessionOptions,
  type IdentityStatus,
  REAL_ENDPOINTS,
  type SessionSignIn,
  type TenantConfig,
} from './identity-session';
export {
  DEFAULT_AUTHORITY_HOST,
  type MsalIdentityOptions,
  MsalIdentityProvider,
} from './msal-identity-provider';
export { ProxyAwareNetworkClient } from './network-client';
export {
  ARM_RESOURCE,
  ARM_SCOPE,
  GRAPH_RESOURCE,
  GRAPH_SCOPES,
  scopesFor,
  scopesForStage,
  shortScope,
  splitScopes,
  STAGE_SCOPES,
  type StageScopes,
} from './scopes';
export {
  assertClientId,
  assertTenant,
  CLIENT_ID_ENV,
  DOMAIN_PATTERN,
  GUID_PATTERN,
  TENANT_ENV,
} from './tenant-config';
export type {
  AccessTokenRequest,
  AccessTokenSource,
  ApiResource,
  DeviceCodeInfo,
  IdentityAccount,
  IdentityProvider,
  SignInMethod,
  SignInOptions,
} from './types';
