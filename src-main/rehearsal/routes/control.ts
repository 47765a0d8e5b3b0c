import { z } from 'zod';

import type { EmulatorContext } from '../context';
import { faultRuleSchema } from '../faults';
import type { Router } from '../router';
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

function problem(status: number, message: string): EmulatorResponse {
  return { status, body: { error: { code: 'BadRequest', message } } };
}

/**
 * `/_emulator/*`: test and rehearsal control, no token, loopback only (checked by the pipeline).
 * GET/POST/DELETE faults, GET objects (counts per collection), POST reset.
 */
export function registerControlRoutes(
  router: Router,
  ctx: EmulatorContext,
  hooks: { reset: () => Promise<void> },
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
  router.add('POST', '/_emulator/reset', async () => {
    await hooks.reset();
    return { status: 204 };
  });
}
