// Reads a file the admin dropped or picked as base64, for the RPC (no paths cross from the browser).

/** Larger than any certificate or PFX; refused before reading so a wrong pick costs nothing. */
export const MAX_DROPPED_FILE_BYTES = 1024 * 1024;

export class FileTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`file of ${size} bytes`);
  }
}

export async function readFileAsBase64(file: Blob): Promise<string> {
  if (file.size > MAX_DROPPED_FILE_BYTES) throw new FileTooLargeError(file.size);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + chunk));
  }
  return btoa(binary);
}
