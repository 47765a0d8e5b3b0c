// Runs `readPfx` in one long-lived worker thread, so the host keeps answering while a PFX's key
// derivation runs. Requests are served one after another (a burst of files cannot start a thread
// each); the worker is unreferenced while idle so that it never keeps a process alive.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { fromWire, type PfxWorkerRequest, type PfxWorkerResponse } from './pfx-worker-protocol';
import { MAX_PFX_BYTES, type ReadPfxResult } from './pkcs12-reader';

interface Pending {
  resolve(result: ReadPfxResult): void;
  reject(error: Error): void;
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

/** Where the worker's code is: the bundle entry once built, the TypeScript source under tests. */
function workerEntry(): { url: URL; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Running from source (vitest): the worker loads the .ts files through jiti, as the tests'
    // child processes do.
    const jiti = dirname(createRequire(here).resolve('jiti/package.json'));
    const register = pathToFileURL(join(jiti, 'lib/jiti-register.mjs')).href;
    return { url: new URL('./pfx-worker.ts', here), execArgv: ['--import', register] };
  }
  // Built: electron-vite writes entries (pfx-worker.js) to out/main and shared code to out/main/chunks.
  const beside = new URL('./pfx-worker.js', here);
  const above = new URL('../pfx-worker.js', here);
  return { url: existsSync(fileURLToPath(beside)) ? beside : above, execArgv: [] };
}

function failAll(error: Error): void {
  for (const request of pending.values()) request.reject(error);
  pending.clear();
}

function start(): Worker {
  const { url, execArgv } = workerEntry();
  const started = new Worker(url, { execArgv });
  started.on('message', (response: PfxWorkerResponse) => {
    const request = pending.get(response.id);
    pending.delete(response.id);
    if (pending.size === 0) started.unref();
    request?.resolve(fromWire(response.result));
  });
  started.on('error', (error) => {
    if (worker === started) worker = null;
    failAll(error);
  });
  started.on('exit', (code) => {
    if (worker === started) worker = null;
    failAll(new Error(`PFX reader worker stopped (exit code ${code})`));
  });
  return started;
}

/** `readPfx` in the worker thread; the data is copied, the caller's buffer stays untouched. */
export function readPfxOffThread(data: Buffer, password: string): Promise<ReadPfxResult> {
  // Answers that need no work do not need the thread either.
  if (data.length === 0) return Promise.resolve({ ok: false, reason: 'empty' });
  if (data.length > MAX_PFX_BYTES) return Promise.resolve({ ok: false, reason: 'too-large' });
  const current = (worker ??= start());
  current.ref();
  const id = nextId++;
  return new Promise<ReadPfxResult>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    const request: PfxWorkerRequest = { id, data: new Uint8Array(data), password };
    current.postMessage(request);
  });
}
