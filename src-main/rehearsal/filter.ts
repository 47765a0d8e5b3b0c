/**
 * The small part of OData `$filter` the product uses: `prop eq 'v'`, `prop ne 'v'`, `eq null`,
 * `eq true|false`, `startswith(prop,'v')`, `prop/any(t:t eq 'v')`, `and`, `or`, `not`, parentheses.
 * String comparisons ignore case, as Graph's directory does.
 */
export class FilterError extends Error {
  constructor(
    message: string,
    /** `unsupported`: valid OData the emulator (and often Graph) does not support; else syntax. */
    readonly kind: 'syntax' | 'unsupported' | 'unknownProperty',
  ) {
    super(message);
    this.name = 'FilterError';
  }
}

export type FilterPredicate = (item: Readonly<Record<string, unknown>>) => boolean;

type Token =
  | { type: 'string'; value: string }
  | { type: 'word'; value: string }
  | { type: 'punct'; value: '(' | ')' | ',' | ':' | '/' };

const MAX_FILTER_LENGTH = 2048;

/** Compiles `$filter` for objects whose declared properties are `properties`. */
export function compileFilter(text: string, properties: readonly string[]): FilterPredicate {
  if (text.length > MAX_FILTER_LENGTH)
    throw new FilterError('The $filter clause is too long.', 'unsupported');
  const parser = new Parser(tokenize(text), new Map(properties.map((name) => [name.toLowerCase(), name])));
  const predicate = parser.parseOr();
  parser.expectEnd();
  return predicate;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === "'") {
      let value = '';
      index += 1;
      for (;;) {
        if (index >= text.length)
          throw new FilterError('Invalid filter clause: unterminated string literal.', 'syntax');
        const next = text[index] as string;
        if (next === "'") {
          if (text[index + 1] === "'") {
            value += "'";
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        value += next;
        index += 1;
      }
      tokens.push({ type: 'string', value });
    } else if ('(),:/'.includes(char)) {
      tokens.push({ type: 'punct', value: char as '(' | ')' | ',' | ':' | '/' });
      index += 1;
    } else {
      const match = /^[A-Za-z0-9_.@-]+/.exec(text.slice(index));
      if (!match) throw new FilterError(`Invalid filter clause: unexpected '${char}'.`, 'syntax');
      tokens.push({ type: 'word', value: match[0] });
      index += match[0].length;
    }
  }
  return tokens;
}

type Literal = string | number | boolean | null;

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly properties: ReadonlyMap<string, string>,
  ) {}

  expectEnd(): void {
    if (this.position < this.tokens.length)
      throw new FilterError('Invalid filter clause: unexpected trailing text.', 'syntax');
  }

  parseOr(): FilterPredicate {
    let left = this.parseAnd();
    while (this.peekWord('or')) {
      this.position += 1;
      const right = this.parseAnd();
      const previous = left;
      left = (item) => previous(item) || right(item);
    }
    return left;
  }

  private parseAnd(): FilterPredicate {
    let left = this.parseUnary();
    while (this.peekWord('and')) {
      this.position += 1;
      const right = this.parseUnary();
      const previous = left;
      left = (item) => previous(item) && right(item);
    }
    return left;
  }

  private parseUnary(): FilterPredicate {
    if (this.peekWord('not')) {
      this.position += 1;
      const inner = this.parseUnary();
      return (item) => !inner(item);
    }
    if (this.peekPunct('(')) {
      this.position += 1;
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterPredicate {
    const word = this.expectWord();
    if (word.toLowerCase() === 'startswith' && this.peekPunct('(')) {
      this.position += 1;
      const property = this.property(this.expectWord());
      this.expectPunct(',');
      const prefix = this.expectString();
      this.expectPunct(')');
      return (item) => {
        const value = item[property];
        return typeof value === 'string' && value.toLowerCase().startsWith(prefix.toLowerCase());
      };
    }
    if (this.peekPunct('('))
      throw new FilterError(`Unsupported Query: function '${word}' is not supported.`, 'unsupported');
    const property = this.property(word);
    if (this.peekPunct('/')) {
      this.position += 1;
      const lambda = this.expectWord().toLowerCase();
      if (lambda !== 'any')
        throw new FilterError(`Unsupported Query: '${lambda}' is not supported.`, 'unsupported');
      this.expectPunct('(');
      const variable = this.expectWord();
      this.expectPunct(':');
      const used = this.expectWord();
      if (used !== variable)
        throw new FilterError('Invalid filter clause: unknown lambda variable.', 'syntax');
      const operator = this.expectWord().toLowerCase();
      if (operator !== 'eq')
        throw new FilterError(`Unsupported Query: operator '${operator}' inside any().`, 'unsupported');
      const expected = this.expectLiteral();
      this.expectPunct(')');
      return (item) => {
        const values = item[property];
        return Array.isArray(values) && values.some((value) => equals(value, expected));
      };
    }
    const operator = this.expectWord().toLowerCase();
    if (operator !== 'eq' && operator !== 'ne') {
      throw new FilterError(`Unsupported Query: operator '${operator}' is not supported.`, 'unsupported');
    }
    const expected = this.expectLiteral();
    return operator === 'eq'
      ? (item) => equals(item[property], expected)
      : (item) => !equals(item[property], expected);
  }

  private property(name: string): string {
    const declared = this.properties.get(name.toLowerCase());
    if (!declared) {
      throw new FilterError(
        `Could not find a property named '${name}' on type 'microsoft.graph.directoryObject'.`,
        'unknownProperty',
      );
    }
    return declared;
  }

  private expectLiteral(): Literal {
    const token = this.tokens[this.position];
    if (token?.type === 'string') {
      this.position += 1;
      return token.value;
    }
    if (token?.type === 'word') {
      this.position += 1;
      if (token.value === 'null') return null;
      if (token.value === 'true') return true;
      if (token.value === 'false') return false;
      if (/^-?\d+(\.\d+)?$/.test(token.value)) return Number(token.value);
      // Graph accepts bare GUIDs for Edm.Guid properties.
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token.value))
        return token.value;
    }
    throw new FilterError('Invalid filter clause: a literal was expected.', 'syntax');
  }

  private expectString(): string {
    const token = this.tokens[this.position];
    if (token?.type !== 'string')
      throw new FilterError('Invalid filter clause: a string literal was expected.', 'syntax');
    this.position += 1;
    return token.value;
  }

  private expectWord(): string {
    const token = this.tokens[this.position];
    if (token?.type !== 'word')
      throw new FilterError('Invalid filter clause: a property name was expected.', 'syntax');
    this.position += 1;
    return token.value;
  }

  private expectPunct(value: string): void {
    if (!this.peekPunct(value))
      throw new FilterError(`Invalid filter clause: '${value}' was expected.`, 'syntax');
    this.position += 1;
  }

  private peekPunct(value: string): boolean {
    const token = this.tokens[this.position];
    return token?.type === 'punct' && token.value === value;
  }

  private peekWord(value: string): boolean {
    const token = this.tokens[this.position];
    return token?.type === 'word' && token.value.toLowerCase() === value;
  }
}

function equals(actual: unknown, expected: Literal): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === 'string')
    return typeof actual === 'string' && actual.toLowerCase() === expected.toLowerCase();
  return actual === expected;
}
