// Windows Installer stores each table as a compound-file stream whose name is packed: the
// characters [0-9A-Za-z._] are 6-bit values, two of them share one UTF-16 unit in U+3800–U+47FF,
// a lone one takes U+4800–U+483F, and U+4840 marks a table (Wine's and msitools' encode_streamname).

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._';
const TABLE_MARK = 0x4840;

function sixBits(char: string | undefined): number {
  return char === undefined ? -1 : ALPHABET.indexOf(char);
}

/** The stored stream name of table `name` (or of a plain stream when `table` is false). */
export function encodeStreamName(name: string, table = true): string {
  let out = table ? String.fromCharCode(TABLE_MARK) : '';
  for (let i = 0; i < name.length; i += 1) {
    const first = sixBits(name[i]);
    if (first < 0) {
      out += name[i] ?? '';
      continue;
    }
    const second = sixBits(name[i + 1]);
    if (second >= 0) {
      out += String.fromCharCode(0x3800 + (second << 6) + first);
      i += 1;
    } else {
      out += String.fromCharCode(0x4800 + first);
    }
  }
  return out;
}

/** The readable form of a stored name; tables come back with a leading "!" as msiinfo shows them. */
export function decodeStreamName(stored: string): string {
  let out = '';
  for (const unit of stored) {
    const code = unit.charCodeAt(0);
    if (code === TABLE_MARK) out += '!';
    else if (code >= 0x3800 && code < 0x4800) {
      out += (ALPHABET[(code - 0x3800) & 0x3f] ?? '') + (ALPHABET[((code - 0x3800) >> 6) & 0x3f] ?? '');
    } else if (code >= 0x4800 && code < TABLE_MARK) out += ALPHABET[code - 0x4800] ?? '';
    else out += unit;
  }
  return out;
}
