import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { test as base } from '@playwright/test';

import { ShellPage } from './pages/shell-page';

const CLI = resolve('out/main/cli.js');
const URL_LINE = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64})$/;

export interface ServedAssistant {
  /** The URL printed by `comanage serve`, token included. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly home: string;
}

export interface ServeOptions {
  /** OS language the host sees on first run (COMANAGE_LANG). */
  readonly osLanguage: string;
}

/** Starts `node out/main/cli.js serve --port 0 --no-open` with its own COMANAGE_HOME. */
async function startServe(home: string, osLanguage: string): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx electron-vite build\` first.`);
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--no-open'], {
    env: { ...process.env, COMANAGE_HOME: home, COMANAGE_LANG: osLanguage },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL in 15 s. stderr:\n${stderr}`)),
      15_000,
    );
    lines.on('line', (line) => {
      if (!URL_LINE.test(line.trim())) return;
      clearTimeout(timer);
      resolveUrl(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL. stderr:\n${stderr}`));
    });
  });
  return { child, url };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<ServeOptions & { served: ServedAssistant; shell: ShellPage }>({
  osLanguage: ['en', { option: true }],
  served: async ({ osLanguage }, use) => {
    const home = await mkdtemp(join(tmpdir(), 'comanage-e2e-'));
    const { child, url } = await startServe(home, osLanguage);
    const [, port, token] = URL_LINE.exec(url) ?? [];
    try {
      await use({ url, origin: new URL(url).origin, port: Number(port), token: token ?? '', home });
    } finally {
      await stop(child);
      await rm(home, { recursive: true, force: true });
    }
  },
  shell: async ({ page, served }, use) => {
    const shell = new ShellPage(page);
    await shell.open(served.url);
    await use(shell);
  },
});

export { expect } from '@playwright/test';
