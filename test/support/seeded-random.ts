// A seeded generator for property tests (mulberry32): every run draws the same cases, and a failure
// names its seed and case number so it can be replayed.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return { next, int, pick: (items) => items[int(items.length)] as (typeof items)[number] };
}

/**
 * A random string of code points, weighted toward the characters that break quoting: every
 * PowerShell quote character, double quotes, backticks, `$`, `#`, spaces, and any code point of the
 * Basic Multilingual Plane and beyond (surrogate halves excluded, they are not characters).
 */
export function randomUnicode(random: Random, maxLength: number): string {
  const tricky = [
    "'",
    '\u2018',
    '\u2019',
    '\u201A',
    '\u201B',
    '"',
    '\u201C',
    '\u201D',
    '\u201E',
    '`',
    '$',
    '#',
    ' ',
    '(',
    ')',
    ';',
    '@',
    '|',
  ];
  let text = '';
  const length = random.int(maxLength + 1);
  for (let index = 0; index < length; index++) {
    const roll = random.next();
    if (roll < 0.4) text += random.pick(tricky);
    else if (roll < 0.7) text += String.fromCodePoint(0x20 + random.int(0x5f));
    else {
      let codePoint = random.int(0x110000);
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) codePoint = 0x41;
      text += String.fromCodePoint(codePoint);
    }
  }
  return text;
}
