// Why a PFX could not be read; thrown inside the reader, returned by `readPfx` as data.

export type PfxReadFailureReason =
  | 'empty'
  | 'too-large'
  | 'not-pkcs12'
  | 'unsupported'
  | 'unsupported-key-type'
  | 'too-many-iterations'
  | 'too-much-work'
  | 'wrong-password'
  | 'corrupt';

export class ReadFailure extends Error {
  constructor(
    readonly reason: PfxReadFailureReason,
    /** For `unsupported-key-type`: the OID of the key's algorithm. */
    readonly keyAlgorithm?: string,
  ) {
    super(reason);
    this.name = 'ReadFailure';
  }
}
