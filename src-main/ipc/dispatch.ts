import { z } from 'zod';

import { isAppError, type Locale, type Logger, translate } from '../shared';
import { type Handlers, isChannelName, type RpcResponse } from './contract';
import { channels } from './contract';

// zod's own validation texts in the caller's language.
const SCHEMA_MESSAGES = {
  en: z.locales.en().localeError,
  fr: z.locales.fr().localeError,
  nl: z.locales.nl().localeError,
};

export type Dispatch = (channelName: unknown, rawArgs: unknown) => Promise<RpcResponse>;

/**
 * The transport-neutral core of every RPC transport: refuses unknown channels, validates the
 * arguments against the contract's schema, calls the handler, and turns any throw into the
 * error envelope (code + key + localized text; unexpected errors are logged, redacted, and
 * reported as `internal` without their details).
 */
export function createDispatcher(handlers: Handlers, getLocale: () => Locale, logger: Logger): Dispatch {
  return async (channelName, rawArgs) => {
    const locale = getLocale();
    if (!isChannelName(channelName)) {
      return failure('invalid-input', 'error.unknownChannel', locale);
    }
    const parsed = channels[channelName].args.safeParse(rawArgs ?? [], { error: SCHEMA_MESSAGES[locale] });
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || 'args'}: ${issue.message}`)
        .join('; ');
      return {
        ok: false,
        error: {
          code: 'invalid-input',
          messageKey: 'error.invalidInput',
          message: translate(locale, 'error.invalidInput', { detail }),
        },
      };
    }
    try {
      const handler = handlers[channelName] as (...args: readonly unknown[]) => Promise<unknown>;
      const value = await handler(...(parsed.data as readonly unknown[]));
      return { ok: true, value };
    } catch (error) {
      if (isAppError(error)) {
        return {
          ok: false,
          error: {
            code: error.code,
            messageKey: error.messageKey,
            message: translate(locale, error.messageKey, error.params),
          },
        };
      }
      logger.error('rpc handler failed', {
        channel: channelName,
        error: error instanceof Error ? error.message : String(error),
      });
      return failure('internal', 'error.internal', locale);
    }
  };
}

function failure(code: 'internal' | 'invalid-input', messageKey: string, locale: Locale): RpcResponse {
  return { ok: false, error: { code, messageKey, message: translate(locale, messageKey) } };
}
