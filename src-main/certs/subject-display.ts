/** A value Windows shows in quotes: one that holds a separator, a quote or edge spaces. */
const NEEDS_QUOTES = /[,+;"]|^\s|\s$/u;
/** Node writes RFC 2253-style escapes: `\,` `\"` `\ `, and `\XX` (hex) for bytes of UTF-8. */
const HEX_RUN = /(?:\\[0-9A-Fa-f]{2})+/gu;
const ESCAPED_CHARACTER = /\\(.)/gu;
const UTF8 = new TextDecoder();

function unescapeValue(value: string): string {
  return value
    .split(/(\\\\)/u) // an escaped backslash is text, never the start of an escape
    .map((part) =>
      part === '\\\\'
        ? '\\'
        : part
            .replace(HEX_RUN, (run) =>
              UTF8.decode(Uint8Array.from(run.split('\\').slice(1), (hex) => Number.parseInt(hex, 16))),
            )
            .replace(ESCAPED_CHARACTER, '$1'),
    )
    .join('');
}

function displayAttribute(line: string): string {
  const equals = line.indexOf('=');
  if (equals < 0) return unescapeValue(line);
  const value = unescapeValue(line.slice(equals + 1));
  const shown = NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  return `${line.slice(0, equals)}=${shown}`;
}

/**
 * Turns a distinguished name as `X509Certificate.subject` / `.issuer` give it (one attribute per
 * line in DER order: `C=BE\nO=Contoso\nCN=cmg.contoso.com`) into the line Windows shows in
 * certlm and the certificate dialog: the common name first, values with a comma quoted
 * (`CN=cmg.contoso.com, O="Contoso, Ltd", C=BE`).
 */
export function subjectForDisplay(distinguishedName: string): string {
  return distinguishedName
    .split('\n')
    .filter((line) => line.length > 0)
    .reverse()
    .map(displayAttribute)
    .join(', ');
}
