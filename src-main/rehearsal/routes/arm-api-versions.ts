/**
 * The ARM `api-version` values the simulated tenant accepts, per resource provider: the ones the
 * product sends (first: the one to use), each a version Azure publishes for that provider. A
 * missing one gets ARM's 400 `MissingApiVersionParameter`, any other `InvalidApiVersionParameter`,
 * so a stage that drifts to a version nobody checked fails in rehearsal, not in the tenant.
 */
export const ARM_API_VERSIONS = {
  /** Microsoft.Resources: subscriptions. */
  subscriptions: ['2022-12-01'],
  /** Microsoft.Resources: resource groups and resource-provider registration. */
  resources: ['2021-04-01', '2024-03-01'],
  /** Microsoft.Network: CheckDnsNameAvailability. */
  network: ['2023-09-01', '2024-05-01'],
  /** Microsoft.KeyVault: checkNameAvailability. */
  keyVault: ['2023-07-01', '2022-07-01'],
  /** Microsoft.Storage: checkNameAvailability. */
  storage: ['2023-05-01', '2023-01-01'],
  /** Microsoft.Authorization: role assignments and role definitions. */
  authorization: ['2022-04-01'],
} as const satisfies Record<string, readonly string[]>;
