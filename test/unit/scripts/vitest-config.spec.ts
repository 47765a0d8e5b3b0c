import { describe, expect, it } from 'vitest';

import config from '/@/vitest.config';

interface ProjectTest {
  name?: string;
  testTimeout?: number;
  hookTimeout?: number;
}

describe('vitest projects', () => {
  const projects = (config.test?.projects ?? []) as { test?: ProjectTest }[];

  it('should give hooks the same timeout as tests in every project, so a slow beforeAll is not a failure of its own', () => {
    expect(projects.map((project) => project.test?.name)).toEqual(['unit', 'renderer', 'integration']);
    for (const project of projects) {
      const { name, testTimeout, hookTimeout } = project.test ?? {};
      expect(testTimeout, name).toBeGreaterThanOrEqual(30_000);
      expect(hookTimeout, name).toBe(testTimeout);
    }
  });
});
