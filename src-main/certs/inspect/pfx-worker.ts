// Entry of the PFX reader's worker thread (its own bundle entry, see electron.vite.config.ts): the
// key derivation of a PFX takes up to seconds of CPU, which must not stall the host's requests.
import { parentPort } from 'node:worker_threads';

import { type PfxWorkerRequest, type PfxWorkerResponse, toWire } from './pfx-worker-protocol';
import { readPfx } from './pkcs12-reader';

const port = parentPort;
port?.on('message', (request: PfxWorkerRequest) => {
  const data = Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength);
  const response: PfxWorkerResponse = { id: request.id, result: toWire(readPfx(data, request.password)) };
  port.postMessage(response);
});
