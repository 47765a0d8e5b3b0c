import { type IdentityStatus, scopesForStage } from '../../identity';
import type { AppContext } from '../context';
import type { Handlers, IdentityStatusDto } from '../contract';

type IdentityHandlers = Pick<
  Handlers,
  'identity:status' | 'identity:sign-in' | 'identity:cancel-sign-in' | 'identity:sign-out'
>;

export function createIdentityHandlers(
  ctx: Pick<AppContext, 'identity' | 'events' | 'state'>,
): IdentityHandlers {
  return {
    'identity:status': async () => toDto(await ctx.identity.status()),
    'identity:sign-in': async ({ method, tenantId, clientId, stage }) => {
      const status = await ctx.identity.signIn({
        method,
        ...(tenantId !== undefined ? { tenant: tenantId } : {}),
        ...(clientId !== undefined ? { clientId } : {}),
        scopes: scopesForStage(stage ?? ctx.state.read().currentStage),
        onDeviceCode: (info) => ctx.events.emit('identity:device-code', info),
      });
      return toDto(status);
    },
    'identity:cancel-sign-in': async () => {
      ctx.identity.cancelSignIn();
      return toDto(await ctx.identity.status());
    },
    'identity:sign-out': async () => toDto(await ctx.identity.signOut()),
  };
}

function toDto({ mode, signedIn, account }: IdentityStatus): IdentityStatusDto {
  if (!account) return { mode, signedIn };
  return {
    mode,
    signedIn,
    account: {
      username: account.username,
      tenantId: account.tenantId,
      ...(account.name !== undefined ? { displayName: account.name } : {}),
    },
  };
}
