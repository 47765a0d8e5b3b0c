/**
 * Rehearsal module: the simulated tenant (Graph + ARM emulator) the real HTTP client talks to
 * over loopback, with fault injection.
 *
 * ## Starting it
 * `const emulator = await startEmulator({ port: 0, dataDir, presets: ['taken-cmg-name'] })`
 * → `emulator.graphBaseUrl + '/v1.0/...'`, `emulator.armBaseUrl + '/subscriptions?api-version=…'`.
 * Every /graph and /arm request needs `Authorization: Bearer rehearsal.<base64url JSON {tid, oid, upn, scp}>`
 * (`createRehearsalToken`); `tid` must be `TENANT_ID`, the signed-in admin is `ADMIN_USER_ID`.
 *
 * ## Extension point (used by `rehearsal/intune`): `startEmulator({ routes: [registrar] })` or later
 * ```ts
 * emulator.registerRoutes((router, ctx) => {
 *   const apps = ctx.store.collection<MobileApp>('mobileApps');       // persisted, counted by /_emulator/objects
 *   router.graph('POST', '/deviceAppManagement/mobileApps', (req) => {  // served under /graph/v1.0 and /graph/beta
 *     const app = apps.insert({ id: ctx.newId(), ...(req.body as object) }, { hiddenForMs: req.replicationDelayMs });
 *     return { status: 201, body: { '@odata.context': ctx.odata.context(req, 'deviceAppManagement/mobileApps/$entity'), ...app } };
 *   });
 *   router.graph('GET', '/deviceAppManagement/mobileApps/:id', (req) => {
 *     const app = apps.get(req.params.id);                              // hidden while a replication delay runs
 *     return app ? { status: 200, body: app } : ctx.errors.notFound(req, req.params.id);
 *   });
 *   router.add('PUT', '/blob/:container/:name', handler, { body: 'stream' }); // any absolute path, no token needed outside /graph and /arm
 *   ctx.onReset(() => …); ctx.onClose(async () => …);
 * });
 * ```
 * The pipeline applies, in order: latency, cut/timeout (cut `afterBytes` counts body bytes,
 * also on `body: 'stream'` routes), status faults (429/503/504), the token check (and ARM's
 * `api-version`), then the route; `req.replicationDelayMs` is non-zero when a `replicationDelay`
 * fault matched this request, and objects inserted with it stay invisible to reads for that long.
 * A handler returns `{ status, headers?, body? }` (JSON, or a Buffer sent as is); a thrown error
 * becomes a 500 in Graph's (or ARM's) error shape. Graph `$batch` dispatches each inner request
 * through the same routes (status faults included).
 *
 * ## Fault injection
 * `emulator.faults.add({ kind: 'throttle', method: 'POST', path: '/graph/*\/applications', times: 2, retryAfterSeconds: 1 })`,
 * or `POST /_emulator/faults` with the same JSON (or `{ faults: [...] }`), `DELETE /_emulator/faults[/id]`,
 * or a scenario file (`parseScenario`). Kinds: throttle, unavailable, gatewayTimeout, latency,
 * timeout, replicationDelay, cut. Paths are globs on the emulator path (`*` one segment part,
 * `**` any depth, case-insensitive) or `/^regex$/flags`. `throttle` sends `Retry-After: 1` unless
 * `retryAfterSeconds` says otherwise. A fault counts as applied (`times`) when it matches, even a
 * `cut` whose `afterBytes` the body never reached. `/_emulator/*` is never faulted.
 *
 * ## Control routes (no token, loopback peer and Host only)
 * `GET /_emulator/health`, `GET|POST|DELETE /_emulator/faults`, `DELETE /_emulator/faults/:id`,
 * `GET /_emulator/objects` (count per collection, not-yet-replicated objects included),
 * `POST /_emulator/reset` (reseed, re-apply start-up presets and scenario faults, call `onReset`).
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
  GRAPH_APP_ID,
  GRAPH_SERVICE_PRINCIPAL_ID,
  INTUNE_A_PLAN_ID,
  MDM_POLICY_ID,
  OWNER_ROLE_DEFINITION_ID,
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
