import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'comanage-setup';

/**
 * Where state, journal and encrypted files live: `COMANAGE_HOME` when set (tests, portable use),
 * else the per-user application-data folder of the OS.
 */
export function resolveHome(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env['COMANAGE_HOME']?.trim();
  if (override) return override;
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), APP_DIR_NAME);
}
