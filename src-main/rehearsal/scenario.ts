import { z } from 'zod';

import { faultRuleSchema } from './faults';

/**
 * A rehearsal scenario file (JSON): presets to apply and faults to inject from the start.
 * Example: `{ "presets": ["taken-cmg-name"], "faults": [{ "kind": "throttle", "method": "POST",
 * "path": "/graph/*\/applications", "times": 2, "retryAfterSeconds": 1 }] }`
 */
export const scenarioSchema = z
  .object({
    description: z.string().max(2000).optional(),
    presets: z.array(z.string().min(1).max(100)).max(50).optional(),
    faults: z.array(faultRuleSchema).max(500).optional(),
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema>;

export type ScenarioParse = { ok: true; scenario: Scenario } | { ok: false; problem: string };

/** Parses a scenario file's text; the problem names the first offending field. */
export function parseScenario(text: string): ScenarioParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  const result = scenarioSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return { ok: false, problem: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, scenario: result.data };
}
