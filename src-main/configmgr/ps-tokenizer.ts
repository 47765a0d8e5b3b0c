// A small tokenizer for the parts of PowerShell's grammar that decide where a literal ends
// (language specification §2.3.5.2, checked against PowerShell's own tokenizer.cs behaviour):
// single-quoted (verbatim) strings, double-quoted (expandable) strings, comments, new lines and
// everything else as words. No pwsh on Debian or npm here, so the quoting property tests parse
// generated text with this; here-strings and nested `$(…)` are not needed for that and not handled.

export type PsTokenKind = 'verbatim' | 'expandable' | 'comment' | 'newline' | 'space' | 'word';

export interface PsToken {
  readonly kind: PsTokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** The string's value (quotes removed, escapes resolved) for verbatim and expandable strings. */
  readonly value?: string;
  /** True when a string reached the end of input without its closing quote. */
  readonly unterminated?: boolean;
}

const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);
const DOUBLE_QUOTES = new Set(['"', '\u201C', '\u201D', '\u201E']);
const NEWLINES = new Set(['\r', '\n']);
const SPACES = /[ \t\f\v\u00A0\u0085\p{Zs}]/u;

function isSpecial(char: string): boolean {
  // A `#` inside a word does not start a comment, so it is not special here.
  return SINGLE_QUOTES.has(char) || DOUBLE_QUOTES.has(char) || NEWLINES.has(char) || SPACES.test(char);
}

/** Reads a quoted string starting at `start` (on its opening quote); returns its token and end. */
function readString(
  text: string,
  start: number,
  quotes: ReadonlySet<string>,
  backtick: boolean,
): [PsToken, number] {
  let value = '';
  let index = start + 1;
  while (index < text.length) {
    let char = text[index] as string;
    if (backtick && char === '`' && index + 1 < text.length) {
      // An escaped character is taken as is (`n and friends do not matter for where a string ends).
      value += text[index + 1];
      index += 2;
      continue;
    }
    if (quotes.has(char)) {
      const next = text[index + 1];
      if (next === undefined || !quotes.has(next)) {
        const kind = backtick ? 'expandable' : 'verbatim';
        return [{ kind, text: text.slice(start, index + 1), value }, index + 1];
      }
      // A doubled quote is one quote character: PowerShell keeps the second of the pair.
      char = next;
      index += 1;
    }
    value += char;
    index += 1;
  }
  const kind = backtick ? 'expandable' : 'verbatim';
  return [{ kind, text: text.slice(start), value, unterminated: true }, text.length];
}

export function tokenizePowerShell(text: string): PsToken[] {
  const tokens: PsToken[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    let token: PsToken;
    let end: number;
    if (SINGLE_QUOTES.has(char)) [token, end] = readString(text, index, SINGLE_QUOTES, false);
    else if (DOUBLE_QUOTES.has(char)) [token, end] = readString(text, index, DOUBLE_QUOTES, true);
    else if (char === '#') {
      end = index;
      while (end < text.length && !NEWLINES.has(text[end] as string)) end += 1;
      token = { kind: 'comment', text: text.slice(index, end) };
    } else if (NEWLINES.has(char)) {
      end = char === '\r' && text[index + 1] === '\n' ? index + 2 : index + 1;
      token = { kind: 'newline', text: text.slice(index, end) };
    } else if (SPACES.test(char)) {
      end = index + 1;
      while (end < text.length && SPACES.test(text[end] as string)) end += 1;
      token = { kind: 'space', text: text.slice(index, end) };
    } else {
      end = index + 1;
      while (end < text.length && !isSpecial(text[end] as string)) end += 1;
      token = { kind: 'word', text: text.slice(index, end) };
    }
    tokens.push(token);
    index = end;
  }
  return tokens;
}
