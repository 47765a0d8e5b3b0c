/** The two APIs the assistant calls; MSAL cannot mix their scopes in one token request. */
export type ApiResource = 'graph' | 'arm';

/** What the Graph/ARM client asks for before each request (same shape as `graph`'s own type). */
export interface AccessTokenRequest {
  readonly resource: ApiResource;
  readonly scopes: readonly string[];
  /** The last token was refused (401): get a new one instead of the cached one. */
  readonly forceRefresh?: boolean;
}

/** The callback the Graph/ARM client takes: a bearer token for one resource and its scopes. */
export type AccessTokenSource = (request: AccessTokenRequest, signal?: AbortSignal) => Promise<string>;

/** Who is signed in; never a token. */
export interface IdentityAccount {
  readonly username: string;
  readonly tenantId: string;
  readonly name?: string;
}

/** What the admin needs to finish a device-code sign-in on another device or browser. */
export interface DeviceCodeInfo {
  readonly userCode: string;
  readonly verificationUri: string;
  /** ISO 8601 instant after which the code no longer works. */
  readonly expiresOn: string;
  /** Microsoft's own sentence (in the tenant's language), shown as is. */
  readonly message: string;
}

export type SignInMethod = 'browser' | 'device-code';

export interface SignInOptions {
  readonly method: SignInMethod;
  /** Graph and/or ARM scopes (full URIs, or Graph permission names such as `Directory.Read.All`). */
  readonly scopes: readonly string[];
  readonly signal?: AbortSignal;
  /** Called once the device code is known (device-code method only). */
  onDeviceCode?(info: DeviceCodeInfo): void;
}

/**
 * One way of signing in: MSAL against a real tenant, or the simulated tenant of rehearsal mode.
 * Everything above (handlers, Graph client, steps) uses only this interface, so both follow
 * the same code path.
 */
export interface IdentityProvider {
  readonly kind: 'rehearsal' | 'msal';
  /** The signed-in account, or null. */
  status(): Promise<IdentityAccount | null>;
  /** Signs in interactively (browser or device code) and consents to `scopes`. */
  signIn(options: SignInOptions): Promise<IdentityAccount>;
  /**
   * A token for `request`, silently. Throws AppError `sign-in-required` when nobody is signed in
   * (or the session expired), `consent-required` when the scopes were never consented.
   */
  getAccessToken(request: AccessTokenRequest, signal?: AbortSignal): Promise<string>;
  /** Forgets the account and every token, including what is persisted. */
  signOut(): Promise<void>;
}
