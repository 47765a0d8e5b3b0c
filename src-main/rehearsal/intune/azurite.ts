import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

import {
  BlobSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';

import { AppError, type Logger, silentLogger } from '../../shared';

/** Azurite's fixed development account (public, documented by Microsoft; not a secret). */
export const DEV_ACCOUNT_NAME = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
export const DEFAULT_SAS_VALIDITY_MS = 10 * 60 * 1000;
const START_TIMEOUT_MS = 30_000;
/**
 * Runs Azurite's entry script (`process.argv[1]`, as `node -e … <entry> <flags>` sets it) and exits
 * when the IPC channel to the parent closes, so Azurite never outlives a crashed or killed parent
 * (the parent's 'exit' hook does not run on SIGKILL). The channel is unref'd in the child too, so
 * Azurite still exits by itself on SIGTERM.
 */
const EXIT_WITH_PARENT =
  "process.channel && process.channel.unref(); process.on('disconnect', () => process.exit(0)); require(process.argv[1]);";
const STOP_TIMEOUT_MS = 5_000;

export interface AzuriteOptions {
  /** Container the Intune content blobs go to (created at start). */
  readonly container?: string;
  readonly logger?: Logger;
  /** Node binary to run Azurite with (default: this process's); ignored when `launcher` is given. */
  readonly nodePath?: string;
  /**
   * Starts Azurite's entry script as a Node child (default: `nodeChildLauncher(nodePath)`). The
   * Electron shell passes one built on `utilityProcess`, because inside the packaged app
   * `process.execPath` is the app itself and cannot run as Node (`runAsNode` fuse off).
   */
  readonly launcher?: NodeProcessLauncher;
  /** Path to Azurite's blob entry script; default: resolved from the `azurite` package. */
  readonly entryScript?: string;
  /** Clock for SAS expiry: Azurite checks SAS against real time, so only tests move this. */
  readonly now?: () => Date;
}

/** How a Node child ended: its exit code (null after a signal), or why it never ran. */
export interface ProcessEnd {
  readonly code: number | null;
  readonly error?: string;
}

/** A Node child started by a `NodeProcessLauncher`: just what the blob store needs of it. */
export interface LaunchedProcess {
  /** Known once the process runs (a utility process has none before its 'spawn' event). */
  readonly pid: number | undefined;
  /** Its standard error when the launcher pipes it (for the start-up problem text), else null. */
  readonly stderr: NodeJS.ReadableStream | null;
  /** Settles once, when the process has ended (or could not be started). */
  readonly ended: Promise<ProcessEnd>;
  /** Asks the process to stop (SIGTERM); with `force`, kills it outright. No-op once ended. */
  kill(force?: boolean): void;
}

/**
 * Runs a Node module as a child process with `args` as its `process.argv.slice(2)`. Services
 * never import Electron: the Electron shell injects its `utilityProcess`-based launcher.
 */
export type NodeProcessLauncher = (
  modulePath: string,
  args: readonly string[],
  options: { readonly cwd: string },
) => LaunchedProcess;

/**
 * The default launcher: `<nodePath> -e <exit-with-parent> <module> <args>` through
 * `child_process.spawn`, with an IPC channel so the child dies with this process.
 */
export function nodeChildLauncher(nodePath: string = process.execPath): NodeProcessLauncher {
  return (modulePath, args, options) => {
    const child = spawn(nodePath, ['-e', EXIT_WITH_PARENT, modulePath, ...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      windowsHide: true,
    });
    // The IPC channel only exists so the child notices our death; it must not keep us alive.
    child.channel?.unref();
    const ended = new Promise<ProcessEnd>((resolvePromise) => {
      child.once('exit', (code) => resolvePromise({ code }));
      child.once('error', (error) => resolvePromise({ code: null, error: error.message }));
    });
    return {
      get pid() {
        return child.pid;
      },
      stderr: child.stderr,
      ended,
      kill: (force = false) => {
        child.kill(force ? 'SIGKILL' : 'SIGTERM');
      },
    };
  };
}

export interface BlobSas {
  readonly url: string;
  readonly expiresOn: Date;
}

/** Block list of a blob as Azure reports it (Get Block List, `blocklisttype=all`). */
export interface BlobBlocks {
  readonly committed: readonly { name: string; size: number }[];
  readonly uncommitted: readonly { name: string; size: number }[];
}

/**
 * Azurite's blob service as a child process on 127.0.0.1 (in-memory, nothing on disk), plus
 * the few operations the Intune emulator needs: SAS URLs for one blob, blob size, and a read
 * stream for the commit check. Stopped by PID on `close()` and when this process exits.
 */
export class AzuriteBlobStore {
  private closed = false;

  private constructor(
    private readonly child: LaunchedProcess,
    /** `http://127.0.0.1:<port>` */
    readonly endpoint: string,
    readonly container: string,
    private readonly client: BlobServiceClient,
    private readonly credential: StorageSharedKeyCredential,
    private readonly now: () => Date,
    private readonly logger: Logger,
    private readonly onExit: () => void,
  ) {}

  /** Starts Azurite on a free loopback port and creates the content container. */
  static async start(options: AzuriteOptions = {}): Promise<AzuriteBlobStore> {
    const logger = options.logger ?? silentLogger;
    const entry = options.entryScript ?? resolveAzuriteEntry();
    if (!entry || !existsSync(entry)) throw new AppError('unavailable', 'intune.rehearsal.azuriteMissing');
    const launcher = options.launcher ?? nodeChildLauncher(options.nodePath);
    let lastProblem = 'unknown';
    // A port picked free can be taken before Azurite binds it; a couple of tries cover that race.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const port = await freePort();
      const child = launcher(
        entry,
        [
          '--silent',
          '--inMemoryPersistence',
          '--disableTelemetry',
          '--skipApiVersionCheck',
          '--loose',
          '--blobHost',
          '127.0.0.1',
          '--blobPort',
          String(port),
        ],
        // Azurite may create workspace files in its cwd; keep them out of the project folder.
        { cwd: tmpdir() },
      );
      const killOnExit = (): void => {
        child.kill();
      };
      process.once('exit', killOnExit);
      const endpoint = `http://127.0.0.1:${port}`;
      const problem = await waitUntilAnswering(child, port);
      if (problem === null) {
        const credential = new StorageSharedKeyCredential(DEV_ACCOUNT_NAME, DEV_ACCOUNT_KEY);
        const client = new BlobServiceClient(`${endpoint}/${DEV_ACCOUNT_NAME}`, credential);
        const container = options.container ?? 'intune-content';
        const store = new AzuriteBlobStore(
          child,
          endpoint,
          container,
          client,
          credential,
          options.now ?? (() => new Date()),
          logger,
          () => process.off('exit', killOnExit),
        );
        try {
          await client.getContainerClient(container).createIfNotExists();
        } catch (error) {
          await store.close();
          throw new AppError('unavailable', 'intune.rehearsal.azuriteStartFailed', {
            problem: error instanceof Error ? error.message : String(error),
          });
        }
        logger.info('rehearsal: Azurite blob service started', { endpoint, pid: child.pid ?? 0 });
        return store;
      }
      lastProblem = problem;
      process.off('exit', killOnExit);
      await stopChild(child);
    }
    throw new AppError('unavailable', 'intune.rehearsal.azuriteStartFailed', { problem: lastProblem });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** `<endpoint>/devstoreaccount1/<container>/<blob>`: where Azurite itself serves the blob. */
  blobUrl(blobName: string): string {
    return `${this.endpoint}/${DEV_ACCOUNT_NAME}/${this.container}/${encodeBlobName(blobName)}`;
  }

  /**
   * A SAS for one blob (read, create, write), valid until `expiresOn` (default: `validityMs`
   * from now, whole seconds). `publicBaseUrl` replaces Azurite's own endpoint, so clients can
   * be sent through a pass-through proxy.
   */
  sasFor(
    blobName: string,
    options: { validityMs?: number; expiresOn?: Date; publicBaseUrl?: string } = {},
  ): BlobSas {
    const expiresOn =
      options.expiresOn ??
      new Date(
        Math.floor((this.now().getTime() + (options.validityMs ?? DEFAULT_SAS_VALIDITY_MS)) / 1000) * 1000,
      );
    const query = generateBlobSASQueryParameters(
      {
        containerName: this.container,
        blobName,
        permissions: BlobSASPermissions.parse('rcw'),
        expiresOn,
      },
      this.credential,
    ).toString();
    const base = options.publicBaseUrl ?? this.endpoint;
    return {
      url: `${base}/${DEV_ACCOUNT_NAME}/${this.container}/${encodeBlobName(blobName)}?${query}`,
      expiresOn,
    };
  }

  /** The committed blob's size, or null when no block list was committed yet. */
  async committedSize(blobName: string): Promise<number | null> {
    try {
      const properties = await this.blob(blobName).getProperties();
      return properties.contentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async blocks(blobName: string): Promise<BlobBlocks> {
    try {
      const list = await this.blob(blobName).getBlockList('all');
      const map = (blocks: { name: string; size: number }[] | undefined): { name: string; size: number }[] =>
        (blocks ?? []).map((block) => ({ name: block.name, size: block.size }));
      return { committed: map(list.committedBlocks), uncommitted: map(list.uncommittedBlocks) };
    } catch (error) {
      if (isNotFound(error)) return { committed: [], uncommitted: [] };
      throw error;
    }
  }

  /** The committed blob's bytes as a stream (for the commit check). */
  async read(blobName: string): Promise<Readable> {
    const download = await this.blob(blobName).download();
    const body = download.readableStreamBody;
    if (!body) throw new Error('Azurite returned no body for the blob');
    return body as Readable;
  }

  async deleteBlob(blobName: string): Promise<void> {
    await this.blob(blobName).deleteIfExists();
  }

  /** Stops Azurite (SIGTERM, then SIGKILL after a grace period). Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onExit();
    await stopChild(this.child);
    this.logger.info('rehearsal: Azurite blob service stopped', {});
  }

  private blob(
    blobName: string,
  ): ReturnType<ReturnType<BlobServiceClient['getContainerClient']>['getBlockBlobClient']> {
    return this.client.getContainerClient(this.container).getBlockBlobClient(blobName);
  }
}

function encodeBlobName(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { statusCode?: number }).statusCode === 404;
}

/** The blob service's entry script inside the installed `azurite` package, or null. */
export function resolveAzuriteEntry(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePromise(port));
    });
  });
}

/** Resolves null once Azurite answers HTTP, or a short problem text when it exits or times out. */
function waitUntilAnswering(child: LaunchedProcess, port: number): Promise<string | null> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  return new Promise((resolvePromise) => {
    let settled = false;
    const finish = (problem: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolvePromise(problem);
    };
    void child.ended.then(({ code, error }) => {
      if (error !== undefined) {
        finish(error);
        return;
      }
      const lastLine = stderr.trim().split('\n').at(-1) ?? '';
      finish(`exited with code ${code ?? 'null'}${lastLine ? `: ${lastLine.slice(0, 300)}` : ''}`);
    });
    const deadline = setTimeout(
      () => finish(`no answer on port ${port} within ${START_TIMEOUT_MS} ms`),
      START_TIMEOUT_MS,
    );
    const probe = (): void => {
      if (settled) return;
      const req = httpRequest(
        { host: '127.0.0.1', port, path: `/${DEV_ACCOUNT_NAME}?comp=list`, method: 'GET' },
        (res) => {
          res.resume();
          finish(null);
        },
      );
      req.on('error', () => setTimeout(probe, 100));
      req.setTimeout(2000, () => req.destroy());
      req.end();
    };
    probe();
  });
}

/** SIGTERM, then a forced kill after a grace period; resolves once the process has ended. */
async function stopChild(child: LaunchedProcess): Promise<void> {
  // Launchers ignore kill() once their process has ended, so no "already ended" check is needed.
  const force = setTimeout(() => child.kill(true), STOP_TIMEOUT_MS);
  child.kill();
  await child.ended;
  clearTimeout(force);
}
