// Types for electron-available.mjs (imported by its unit test).
export type LaunchDecision = { canRun: true; binary: string } | { canRun: false; reason: string };

export interface DecisionOptions {
  root: string;
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
}

export function electronLaunchDecision(options: DecisionOptions): LaunchDecision;

export function planLaunch(options: DecisionOptions & { args?: string[]; execPath?: string }): {
  command: string;
  args: string[];
  notice: string | null;
};
