import { open } from 'node:fs/promises';

import { z } from 'zod';

/** Written next to the build by the electron-vite config (`out/third-party-licenses.json`). */
export const THIRD_PARTY_LICENSES_FILE = 'third-party-licenses.json';
const MAX_LICENSES_BYTES = 2 * 1024 * 1024;

const LicenseListSchema = z
  .array(
    z.object({
      name: z.string().min(1).max(214),
      version: z.string().max(64),
      license: z.string().max(200),
    }),
  )
  .max(5000);
export type ThirdPartyLicense = z.output<typeof LicenseListSchema>[number];

/**
 * The licences of the bundled production dependencies, as generated at build time; null when the
 * file is not there (a development run from sources) or not what the build writes.
 */
export async function readThirdPartyLicenses(path: string): Promise<ThirdPartyLicense[] | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_LICENSES_BYTES) return null;
    const parsed = LicenseListSchema.safeParse(JSON.parse(await handle.readFile('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}
