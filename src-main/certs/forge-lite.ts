// node-forge's index loads every algorithm it ships (about 20 ms of CLI start-up). The PFX reader and
// writer need only its ASN.1 codec and byte helpers, so they load those two files; the rest of forge
// is loaded on first use (legacy RC2/RC4 decryption). `require` rather than `import`: an ES import of
// a CommonJS file makes Node scan its source for export names first, which costs more than loading it.
// Types come from @types/node-forge.
import { createRequire } from 'node:module';

import type forgeTypes from 'node-forge';

const load = createRequire(import.meta.url);

export const asn1 = load('node-forge/lib/asn1.js') as typeof forgeTypes.asn1;
export const util = load('node-forge/lib/util.js') as typeof forgeTypes.util;
export type Asn1 = forgeTypes.asn1.Asn1;

let full: typeof forgeTypes | undefined;

/** All of node-forge, loaded the first time it is needed. */
export function fullForge(): typeof forgeTypes {
  full ??= load('node-forge') as typeof forgeTypes;
  return full;
}
