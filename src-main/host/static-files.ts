import { realpath } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

import { readBoundedFile } from '../fsio';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Far above any file of the built renderer; a larger file there is not ours to serve. */
const MAX_STATIC_BYTES = 32 * 1024 * 1024;

const inside = (base: string, path: string): boolean => path === base || path.startsWith(base + sep);

/**
 * Serves a file from `root` only: decoded, normalised, refused if it escapes the folder, then
 * resolved with realpath and refused again if it lands outside (a symlink in the build output
 * pointing elsewhere), and read as a regular file only.
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  response: ServerResponse,
  headers: Record<string, string>,
): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  if (decoded.includes('\0')) return false;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  let base: string;
  let real: string;
  try {
    base = await realpath(resolve(root));
    const file = resolve(base, relative);
    if (!inside(base, file)) return false;
    real = await realpath(file);
  } catch {
    return false;
  }
  if (!inside(base, real)) return false;
  let data: Buffer;
  try {
    data = await readBoundedFile(real, { maxBytes: MAX_STATIC_BYTES, label: relative });
  } catch {
    return false;
  }
  response.writeHead(200, {
    ...headers,
    'Content-Type': CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': data.length,
  });
  response.end(data);
  return true;
}
