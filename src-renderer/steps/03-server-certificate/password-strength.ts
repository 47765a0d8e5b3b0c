// Strength of a typed PFX password, estimated by zxcvbn-ts (dictionaries of common passwords,
// words and names in English, French and Dutch, keyboard patterns, dates, l33t). A PFX is
// attacked offline, so only zxcvbn's top score counts as strong. The dictionaries weigh about
// 1.5 MB: they are imported the first time the admin types a password, never with the first screen.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

import type { Locale } from '../../../src-main/ipc/contract';

export type PasswordStrength = 'empty' | 'too-short' | 'weak' | 'fair' | 'strong';

export const MIN_PASSWORD_LENGTH = 8;

/** Words of this product and tutorial that an attacker aiming at a CMG certificate tries first. */
export const PRODUCT_WORDS: readonly string[] = ['contoso', 'configmgr', 'cmg', 'intune'];

export interface StrengthEstimate {
  readonly level: PasswordStrength;
  /** 0–4 for a meter. */
  readonly score: number;
  /** Why the password is guessable, in the admin's language (none when nothing stands out). */
  readonly warning: string | null;
  /** What to do about it, in the admin's language. */
  readonly suggestions: readonly string[];
}

export interface StrengthEstimator {
  estimate(password: string, userInputs: readonly string[], locale: Locale): StrengthEstimate;
}

type Translations = Readonly<{
  warnings: Readonly<Record<string, string>>;
  suggestions: Readonly<Record<string, string>>;
}>;

/** The length rule alone, for an empty or short password (no dictionary needed). */
export function lengthVerdict(password: string): StrengthEstimate | null {
  if (password.length === 0) return { level: 'empty', score: 0, warning: null, suggestions: [] };
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return { level: 'too-short', score: 1, warning: null, suggestions: [] };
  return null;
}

/** zxcvbn score (0–4) → our level: 4 strong, 3 fair, anything guessable in under 10⁸ tries weak. */
function levelOf(score: number): PasswordStrength {
  if (score >= 4) return 'strong';
  if (score === 3) return 'fair';
  return 'weak';
}

/**
 * The words of the request the admin is making (organisation, CN and SAN labels, or the subject
 * of the certificate being exported) plus the product's own, as zxcvbn user inputs: a password
 * built from them is weak however long it is.
 */
export function strengthUserInputs(form: {
  readonly cn: string;
  readonly org: string;
  readonly ou?: string;
  readonly sans?: string;
  /** A subject such as `C=BE, O=Contoso, CN=cmg.contoso.com`. */
  readonly subject?: string;
}): string[] {
  const subjectValues = (form.subject ?? '').split(/,\s*/).map((part) => part.replace(/^[A-Za-z.\d]+=/, ''));
  const words = new Set<string>(PRODUCT_WORDS);
  const values = [form.cn, form.org, form.ou ?? '', ...(form.sans ?? '').split(/[\s,]+/), ...subjectValues];
  for (const value of values) {
    const trimmed = value.trim().toLowerCase();
    if (trimmed.length < 3) continue; // a country code or an initial adds nothing
    words.add(trimmed);
    words.add(trimmed.replace(/[^\p{L}\p{N}]+/gu, ''));
    for (const part of trimmed.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  }
  words.delete('');
  return [...words];
}

function createEstimator(
  factory: ZxcvbnFactory,
  catalogues: Record<Locale, Translations>,
): StrengthEstimator {
  return {
    estimate(password, userInputs, locale) {
      const short = lengthVerdict(password);
      if (short) return short;
      const result = factory.check(password, [...userInputs]);
      const texts = catalogues[locale];
      const { warning, suggestions } = result.feedback;
      return {
        level: levelOf(result.score),
        score: result.score,
        warning: warning ? (texts.warnings[warning] ?? catalogues.en.warnings[warning] ?? null) : null,
        suggestions: suggestions
          .map((key) => texts.suggestions[key] ?? catalogues.en.suggestions[key])
          .filter((text): text is string => text !== undefined),
      };
    },
  };
}

let loading: Promise<StrengthEstimator> | null = null;

/** Imports zxcvbn and its dictionaries once per window; later calls share the same estimator. */
export function loadStrengthEstimator(): Promise<StrengthEstimator> {
  loading ??= (async () => {
    const [core, common, en, fr, nl] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-fr'),
      import('@zxcvbn-ts/language-nl-be'),
    ]);
    const factory = new core.ZxcvbnFactory({
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary, ...nl.dictionary },
      // No translations: zxcvbn then returns feedback keys, which each call maps to the admin's language.
    });
    return createEstimator(factory, { en: en.translations, fr: fr.translations, nl: nl.translations });
  })().catch((error: unknown) => {
    // A failed chunk load (e.g. an interrupted update) may succeed on the next keystroke.
    loading = null;
    throw error;
  });
  return loading;
}
