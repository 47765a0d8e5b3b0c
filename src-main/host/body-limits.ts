import type { IncomingMessage } from 'node:http';

/**
 * The largest RPC body accepted. The largest real request is a certificate file crossing as
 * base64 (certs:import-answer, certs:inspect-pfx, certs:import-pfx: at most 1,400,000 characters
 * in the contract, ~1.4 MB) with a few small fields; 2 MiB leaves a margin without letting a
 * caller park tens of megabytes in the host. Files that are really large never cross as RPC bodies.
 */
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

/** No contract argument nests this deep; deeper JSON is refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;

/** What a declared Content-Length says about the body: too large, or fine (or absent: chunked). */
export function declaredTooLarge(request: IncomingMessage, limit: number): boolean {
  const header = request.headers['content-length'];
  if (header === undefined) return false;
  const declared = Number(header);
  return !Number.isFinite(declared) || declared > limit;
}

/**
 * Reads the body, at most `limit` bytes: null as soon as more arrives (a chunked body is cut off
 * while it streams, not after it ends). The caller answers 413 and closes the connection.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      chunks.length = 0;
      resolvePromise(null);
    };
    const onEnd = (): void => {
      cleanup();
      resolvePromise(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    // Closed before its end (the client went away, or a timeout cut it off): never left pending.
    const onClose = (): void => onError(new Error('request closed before its body ended'));
    const cleanup = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

/**
 * Whether JSON text nests arrays/objects deeper than `maxDepth`, in one linear pass that skips
 * strings (a bracket inside a string does not count). Run before JSON.parse, so neither the
 * parser nor the schema validation ever walks a pathological structure.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c /* \ */) index += 1;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) depth -= 1;
  }
  return false;
}
