import { z } from 'zod';

import { DEFAULT_TOKEN_LIFETIME_SECONDS, type TokenRequest } from '../auth';
import type { EmulatorContext } from '../context';
import { faultRuleSchema } from '../faults';
import type { Router } from '../router';
import { ADMIN_UPN, ADMIN_USER_ID } from '../seed';
import type { EmulatorResponse } from '../types';

/** Collections always reported by `GET /_emulator/objects`, even when still empty. */
const REPORTED_COLLECTIONS = [
  'applications',
  'servicePrincipals',
  'oauth2PermissionGrants',
  'appRoleAssignments',
  'mobileApps',
  'users',
  'groups',
  'resourceGroups',
];

const faultsBody = z.union([
  faultRuleSchema,
  z.object({ faults: z.array(faultRuleSchema).min(1).max(500) }).strict(),
]);

const permissionName = z.string().regex(/^[A-Za-z0-9_.]{1,120}$/);
/** `POST /_emulator/tokens`: what a standalone emulator's client asks to have signed. */
const tokenBody = z
  .object({
    audience: z.enum(['graph', 'arm']),
    scopes: z.array(permissionName).max(100).optional(),
    roles: z.array(permissionName).max(100).optional(),
    oid: z.string().min(1).max(100).optional(),
    upn: z.string().max(200).optional(),
    lifetimeSeconds: z.number().int().min(1).max(86_400).optional(),
  })
  .strict();

function problem(status: number, message: string): EmulatorResponse {
  return { status, body: { error: { code: 'BadRequest', message } } };
}

/**
 * `/_emulator/*`: test and rehearsal control, only with the run's control token (checked by the
 * listener, with Host and Origin). GET/POST/DELETE faults, GET objects (counts per collection),
 * POST reset, POST tokens (a signed bearer token for the signed-in admin, or `oid` given).
 */
export function registerControlRoutes(
  router: Router,
  ctx: EmulatorContext,
  hooks: { reset: () => Promise<void>; issueToken: (request: TokenRequest) => string },
): void {
  router.add('GET', '/_emulator/health', () => ({
    status: 200,
    body: { status: 'ok', tenantId: ctx.tenantId },
  }));
  router.add('GET', '/_emulator/faults', () => ({ status: 200, body: { value: ctx.faults.list() } }));
  router.add('POST', '/_emulator/faults', (request) => {
    const parsed = faultsBody.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return problem(
        400,
        `Invalid fault: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const rules = 'faults' in parsed.data ? parsed.data.faults : [parsed.data];
    try {
      const ids = rules.map((rule) => ctx.faults.add(rule));
      return { status: 201, body: { ids, value: ctx.faults.list() } };
    } catch (error) {
      return problem(400, `Invalid fault: ${(error as Error).message}`);
    }
  });
  router.add('DELETE', '/_emulator/faults', () => {
    ctx.faults.clear();
    return { status: 204 };
  });
  router.add('DELETE', '/_emulator/faults/:id', (request) =>
    ctx.faults.remove(request.params['id'] ?? '') ? { status: 204 } : problem(404, 'No fault with this id.'),
  );
  router.add('GET', '/_emulator/objects', () => {
    const counts: Record<string, number> = {};
    for (const name of REPORTED_COLLECTIONS) counts[name] = 0;
    Object.assign(counts, ctx.store.counts());
    return { status: 200, body: counts };
  });
  router.add('POST', '/_emulator/tokens', (request) => {
    const parsed = tokenBody.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return problem(
        400,
        `Invalid token request: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const { oid, upn, ...rest } = parsed.data;
    const lifetime = rest.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    const accessToken = hooks.issueToken({
      ...rest,
      oid: oid ?? ADMIN_USER_ID,
      upn: upn ?? (oid === undefined ? ADMIN_UPN : ''),
    });
    return {
      status: 200,
      body: { token_type: 'Bearer', access_token: accessToken, expires_in: lifetime },
    };
  });
  router.add('POST', '/_emulator/reset', async () => {
    await hooks.reset();
    return { status: 204 };
  });
}
