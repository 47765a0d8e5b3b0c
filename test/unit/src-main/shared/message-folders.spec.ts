import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { formattedMessageIndex, MESSAGES_DIR } from '/@/scripts/message-index.mjs';
import { CATALOGUES_BY_FOLDER, LOCALES, translate } from '/@/src-main/shared';

describe('service message catalogues by convention', () => {
  it('should load every messages/<folder> that exists, with no folder listed by hand', async () => {
    const folders = readdirSync(MESSAGES_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(Object.keys(CATALOGUES_BY_FOLDER).sort()).toEqual(folders);
    // A new folder without the generated index fails here, saying what to run.
    const current = (await import('node:fs')).readFileSync(join(MESSAGES_DIR, 'index.ts'), 'utf8');
    expect(current, 'run: node scripts/message-index.mjs').toBe(await formattedMessageIndex());
  });

  it('should define each key in one folder only', () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const [folder, catalogues] of Object.entries(CATALOGUES_BY_FOLDER)) {
      for (const key of Object.keys(catalogues.en)) {
        if (owner.has(key)) twice.push(`${key} (${owner.get(key)}, ${folder})`);
        owner.set(key, folder);
      }
    }
    expect(twice).toEqual([]);
  });

  it("should resolve a stage folder's messages in every language", () => {
    for (const locale of LOCALES) {
      expect(translate(locale, 'certs.stage.plan.pfx', { file: 'cmg.pfx' })).toContain('cmg.pfx');
      expect(translate(locale, 'engine.planStale')).not.toBe('engine.planStale');
    }
  });
});
