/**
 * Rehearsal module: the simulated tenant (Graph + ARM emulator) the real HTTP client talks to
 * over loopback, with fault injection, its sign-in (`RehearsalIdentityProvider`) and its Intune
 * part (`startIntuneRehearsal`, from ./intune). Other modules import all of it from this index;
 * only the composition roots (ipc/runtime, cli, app) may: stages and services never know whether
 * the tenant is simulated.
 *
 * ## Starting it
 * `const emulator = await startEmulator({ port: 0, dataDir, presets: ['taken-cmg-name'] })`
 * → `emulator.graphBaseUrl + '/v1.0/...'`, `emulator.armBaseUrl + '/subscriptions?api-version=…'`.
 * Every /graph and /arm request needs a token the emulator signed (HMAC-SHA256, a key made for
 * this run): `await emulator.issueToken({ audience: 'graph', oid: ADMIN_USER_ID, scopes: [...] })`,
 * or `POST /_emulator/tokens` (`httpTokenIssuer(url, controlToken)`) for a standalone emulator;
 * `RehearsalIdentityProvider({ tokens: emulator })` hands them out as the signed-in admin.
 * A bad signature, another audience or an expired token (`exp`, on the emulator's clock) → 401.
 *
 * ## Every request
 * `Host` must be `127.0.0.1:PORT` or `localhost:PORT`, `Origin` (when sent) the same origin, and
 * `Sec-Fetch-Site` neither `cross-site` nor `same-site`, else 403: a page in the admin's browser
 * cannot reach the tenant running inside the app or the web host.
 *
 * ## Routes declare what they require (used by `rehearsal/intune`, and the way to add routes)
 * `startEmulator({ routes: [registrar] })` or later
 * ```ts
 * emulator.registerRoutes((router, ctx) => {
 *   const apps = ctx.store.collection<MobileApp>('mobileApps');       // persisted, counted by /_emulator/objects
 *   router.graph('POST', '/deviceAppManagement/mobileApps', PERMISSIONS.intuneAppsWrite, (req) => {
 *     const app = apps.insert({ id: ctx.newId(), ...(req.body as object) }, { hiddenForMs: req.replicationDelayMs });
 *     return { status: 201, body: { '@odata.context': ctx.odata.context(req, 'deviceAppManagement/mobileApps/$entity'), ...app } };
 *   });
 *   router.arm('GET', '/subscriptions/:sub/providers/Microsoft.Compute/virtualMachineScaleSets',
 *     { apiVersions: ['2024-07-01'] }, handler);                        // user_impersonation unless `permissions` given
 *   router.add('PUT', '/blob/:container/:name', handler, { body: 'stream' }); // any absolute path, no token needed outside /graph and /arm
 *   ctx.onReset(() => …); ctx.onClose(async () => …);
 * });
 * ```
 * `PERMISSIONS` holds what Graph documents per call ("Permissions", least privileged first):
 * any one `delegated` entry in the token's `scp` (an array entry needs all its names) or any
 * `application` entry in `roles`; otherwise Graph's 403 `Authorization_RequestDenied`
 * ("Insufficient privileges to complete the operation."). A new route declares its own
 * `{ delegated, application }` when none fits. A /graph or /arm route added with `router.add`
 * declares nothing and is refused (403). ARM routes list the `api-version`s they accept
 * (`ARM_API_VERSIONS`: the ones the product sends): missing → 400 `MissingApiVersionParameter`,
 * other → 400 `InvalidApiVersionParameter`. Directory roles are checked by the routes where
 * Graph enforces them, with `ctx.holdsDirectoryRole(req, [templateIds])` (consent to Microsoft
 * Graph's app roles: Global Administrator or Privileged Role Administrator).
 *
 * The pipeline applies, in order: Host/Origin checks, the control token (control routes),
 * latency, cut/timeout (cut `afterBytes` counts body bytes, also on `body: 'stream'` routes),
 * status faults (429/503/504), the token check (and ARM's `api-version`), the route's declared
 * permissions, then the route; `req.replicationDelayMs` is non-zero when a `replicationDelay`
 * fault matched this request, and objects inserted with it stay invisible to reads for that long.
 * A handler returns `{ status, headers?, body? }` (JSON, or a Buffer sent as is); a thrown error
 * becomes a 500 in Graph's (or ARM's) error shape. Graph `$batch` dispatches each inner request
 * through the same routes (status faults and permission checks included).
 *
 * ## Fault injection
 * `emulator.faults.add({ kind: 'throttle', method: 'POST', path: '/graph/*\/applications', times: 2, retryAfterSeconds: 1 })`,
 * or `POST /_emulator/faults` with the same JSON (or `{ faults: [...] }`), `DELETE /_emulator/faults[/id]`,
 * or a scenario file (`parseScenario`). Kinds: throttle, unavailable, gatewayTimeout, latency,
 * timeout, replicationDelay, cut. Paths are globs on the emulator path (`*` one segment part,
 * `**` any depth, `?` one character, case-insensitive), matched in linear time; the old
 * `/^regex/` form is refused. Only code may pass a `RegExp` object. `throttle` sends
 * `Retry-After: 1` unless `retryAfterSeconds` says otherwise. A fault counts as applied (`times`)
 * when it matches, even a `cut` whose `afterBytes` the body never reached;
 * `faults.whenApplied(id)` resolves when it has. `/_emulator/*` is never faulted.
 *
 * ## Control routes (`Authorization: Bearer <emulator.controlToken>`, a 256-bit secret per run)
 * `GET /_emulator/health`, `GET|POST|DELETE /_emulator/faults`, `DELETE /_emulator/faults/:id`,
 * `GET /_emulator/objects` (count per collection, not-yet-replicated objects included),
 * `POST /_emulator/reset` (reseed, re-apply start-up presets and scenario faults, call `onReset`),
 * `POST /_emulator/tokens` (`{ audience, scopes?, roles?, oid?, upn?, lifetimeSeconds? }` → a
 * signed token). `comanage emulator` prints `control-token: TOKEN` before its base URL. The
 * control token is for whoever started the emulator (tests, scripts, the runtime), never the renderer.
 *
 * ## Presets (`PRESET_NAMES`)
 * `taken-cmg-name` (`TAKEN_CMG_NAME` taken as DNS label, Key Vault and storage account),
 * `no-intune-licence-left`, `mdm-authority-not-set` (authority "unknown", enrollment scope none),
 * `admin-not-global-admin` (Cloud Application Administrator: may create apps and consent to the
 * tenant's own apps, gets 403 Authorization_RequestDenied consenting to Microsoft Graph).
 * Without presets, Microsoft.KeyVault starts "NotRegistered" so the provider check has work to do.
 */
export {
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  REHEARSAL_TOKEN_PREFIX,
  type RehearsalTokenIssuer,
  RehearsalTokenSigner,
  TOKEN_AUDIENCES,
  type TokenCheck,
  type TokenRequest,
} from './auth';
export type { EmulatorContext, ErrorHelpers, ODataHelpers, RouteRegistrar } from './context';
export { type Emulator, type EmulatorOptions, startEmulator } from './emulator';
export {
  type ActiveFault,
  FAULT_KINDS,
  FaultController,
  type FaultKind,
  type FaultRule,
  faultRuleSchema,
} from './faults';
export { globMatcher } from './faults';
export {
  REHEARSAL_ADMIN_NAME,
  REHEARSAL_VERIFICATION_URI,
  type RehearsalIdentityOptions,
  RehearsalIdentityProvider,
} from './identity-provider';
export * from './intune';
export { PERMISSIONS } from './permissions';
export { applyPresets, PRESET_NAMES, presetSummary, TAKEN_CMG_NAME, UnknownPresetError } from './presets';
export { GRAPH_VERSIONS, Router } from './router';
export { ARM_API_VERSIONS } from './routes/arm-api-versions';
export { parseScenario, type Scenario, scenarioSchema } from './scenario';
export {
  ADMIN_UPN,
  ADMIN_USER_ID,
  COLLECTIONS,
  DIRECTORY_READ_ALL_ROLE_ID,
  EMS_E3_SKU_ID,
  GLOBAL_ADMIN_TEMPLATE_ID,
  GRAPH_APP_ID,
  GRAPH_SERVICE_PRINCIPAL_ID,
  INTUNE_A_PLAN_ID,
  MDM_POLICY_ID,
  OWNER_ROLE_DEFINITION_ID,
  PRIVILEGED_ROLE_ADMIN_TEMPLATE_ID,
  RESOURCE_GROUP_LOCATION,
  RESOURCE_GROUP_NAME,
  SUBSCRIPTION_ID,
  TENANT_ID,
} from './seed';
export { Collection, EmulatorStore, type Entity, type ReadOptions, STORE_FILE_NAME } from './store';
export { httpTokenIssuer } from './token-client';
export type {
  EmulatorRequest,
  EmulatorResponse,
  RehearsalIdentity,
  RouteHandler,
  RouteOptions,
  RoutePermissions,
  TokenAudience,
} from './types';
