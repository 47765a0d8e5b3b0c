import { AppError } from '../shared';

/** A GUID (directory id, application id). */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A DNS domain name such as `contoso.onmicrosoft.com` (at least two labels). */
export const DOMAIN_PATTERN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Tenant as the admin typed it: a directory id or a verified domain; returned trimmed, lower case. */
export function assertTenant(value: string): string {
  const tenant = value.trim().toLowerCase();
  if (!GUID_PATTERN.test(tenant) && !DOMAIN_PATTERN.test(tenant)) {
    throw new AppError('invalid-input', 'identity.error.tenantInvalid');
  }
  return tenant;
}

export function assertClientId(value: string): string {
  const clientId = value.trim().toLowerCase();
  if (!GUID_PATTERN.test(clientId)) throw new AppError('invalid-input', 'identity.error.clientIdInvalid');
  return clientId;
}

/** Environment variables an organisation can set instead of typing tenant and client id. */
export const TENANT_ENV = 'COMANAGE_TENANT';
export const CLIENT_ID_ENV = 'COMANAGE_CLIENT_ID';
