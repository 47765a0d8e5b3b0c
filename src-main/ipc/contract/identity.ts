import { z } from 'zod';

import { STAGE_IDS } from '../../shared';
import { channel } from './define';

// Sign-in (identity:*). Results carry who is signed in, never a token; the device code comes as
// the `identity:device-code` event while identity:sign-in is still waiting.

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DOMAIN = /^(?=.{4,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

/** Directory (tenant) id or a domain name such as `contoso.onmicrosoft.com`. */
export const TenantSchema = z
  .string()
  .trim()
  .max(253)
  .refine((value) => GUID.test(value) || DOMAIN.test(value), { message: 'tenant: GUID or domain name' });
/** Application (client) id of the organisation's public client registration. */
export const ClientIdSchema = z.string().trim().regex(GUID, { message: 'client id: GUID' });

export const SignInRequestSchema = z
  .object({
    method: z.enum(['browser', 'device-code']),
    tenantId: TenantSchema.optional(),
    clientId: ClientIdSchema.optional(),
    /** Whose permissions to ask for (incremental consent); default: the wizard's current stage. */
    stage: z.enum(STAGE_IDS).optional(),
  })
  .strict();
export type SignInRequestDto = z.input<typeof SignInRequestSchema>;

export interface IdentityAccountDto {
  readonly username: string;
  readonly tenantId: string;
  readonly displayName?: string;
}

export interface IdentityStatusDto {
  /** Rehearsal = the simulated tenant; tenant = a real one through MSAL. */
  readonly mode: 'rehearsal' | 'tenant';
  readonly signedIn: boolean;
  readonly account?: IdentityAccountDto;
}

/** Pushed as `identity:device-code` while a device-code sign-in waits for the admin. */
export interface DeviceCodeDto {
  readonly userCode: string;
  readonly verificationUri: string;
  /** ISO 8601. */
  readonly expiresOn: string;
  readonly message: string;
}

export const identityChannels = {
  'identity:status': channel(z.tuple([])).returns<IdentityStatusDto>(),
  'identity:sign-in': channel(z.tuple([SignInRequestSchema])).returns<IdentityStatusDto>(),
  'identity:cancel-sign-in': channel(z.tuple([])).returns<IdentityStatusDto>(),
  'identity:sign-out': channel(z.tuple([])).returns<IdentityStatusDto>(),
} as const;
