import { type Locale, type MessageParams, SERVICE_CATALOGUES, translate } from '../../shared';
import type { CheckId, PreflightCheck, Severity } from './types';

/** Builds a localized check from `inspect.<key>`; the hint is `inspect.<key>.hint` when one exists. */
export function makeCheck(
  locale: Locale,
  id: CheckId,
  severity: Severity,
  key: string,
  params: MessageParams = {},
): PreflightCheck {
  const messageKey = `inspect.${key}`;
  const hintKey = `${messageKey}.hint`;
  return {
    id,
    severity,
    message: translate(locale, messageKey, params),
    hint: SERVICE_CATALOGUES.en[hintKey] === undefined ? '' : translate(locale, hintKey, params),
    messageKey,
    params,
  };
}

export type CheckMaker = (
  id: CheckId,
  severity: Severity,
  key: string,
  params?: MessageParams,
) => PreflightCheck;

export function checkMaker(locale: Locale): CheckMaker {
  return (id, severity, key, params) => makeCheck(locale, id, severity, key, params);
}

/** Day-precision date as admins read it in logs and certlm (ISO, no time zone surprises). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
