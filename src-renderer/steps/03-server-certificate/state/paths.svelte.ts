// File names proposed from the CN, in the host's default folder, with the host's separator.
export function joinPath(folder: string, name: string, separator: '/' | '\\'): string {
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

/** A file name from the CN: `contosocmg.contoso.com` → `contosocmg.contoso.com`, wildcard `*` → `wildcard`. */
export function fileStem(cn: string): string {
  const stem = cn
    .trim()
    .replace(/^\*\./, 'wildcard.')
    .replace(/[^A-Za-z0-9.-]/g, '_');
  return stem === '' ? 'cmg-server' : stem;
}

/**
 * A path field that follows the CN until the admin types their own (then it is left alone), and
 * starts from the path the host remembers when the stage resumes.
 */
export class SuggestedPath {
  value = $state('');
  #suggested = '';

  /** The host's remembered path wins over any suggestion. */
  restore(path: string | null): void {
    if (path === null || path === '') return;
    this.value = path;
    this.#suggested = '';
  }

  suggest(path: string): void {
    if (this.value !== this.#suggested) return;
    this.value = this.#suggested = path;
  }
}
