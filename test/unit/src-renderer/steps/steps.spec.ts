import { describe, expect, it } from 'vitest';

import { STAGE_IDS } from '/@/src-main/shared/stages';
import en from '/@/src-renderer/i18n/en.json';
import { STEPS } from '/@/src-renderer/steps';

describe('STEPS', () => {
  it('should follow the contract stage order when the registry is read', () => {
    expect(STEPS.map((step) => step.id)).toEqual([...STAGE_IDS]);
  });

  it('should point at catalogue keys for titles and plans when a step is described', () => {
    for (const step of STEPS) {
      expect(Object.keys(en)).toContain(step.titleKey);
      expect(Object.keys(en)).toContain(step.planKey);
    }
  });

  it('should keep one numbered folder per stage when the steps tree is listed', () => {
    // Vite lists the folders at build time, so this needs no Node API in the browser-typed tests.
    const descriptors = Object.keys(import.meta.glob('../../../../src-renderer/steps/*/step.ts')).map(
      (path) => path.replace(/^.*\/steps\//, ''),
    );
    const expected = STAGE_IDS.map((id, index) => `${String(index + 1).padStart(2, '0')}-${id}/step.ts`);
    expect(descriptors.sort()).toEqual(expected);
  });
});
