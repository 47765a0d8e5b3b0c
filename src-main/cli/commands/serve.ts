import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startWebHost } from '../../host';
import { createRuntime } from '../../ipc';
import { THIRD_PARTY_LICENSES_FILE } from '../../maintenance';
import { createRedactingLogger } from '../../shared';
import { APP_LOG_FILE, resolveHome, rotatingLogSink } from '../../state';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../command';
import { createSecretStore } from '../secret-store-factory';
import { parseCommandLine, parsePortOption, waitForStopSignal } from '../serve-options';
import { PRODUCT_VERSION } from '../version';

const USAGE = `Usage: comanage serve [--port N] [--no-open]

Serves the assistant (rehearsal mode) to a browser on 127.0.0.1 and prints the URL to open.
  --port N     port to listen on (0 or omitted: a free port)
  --no-open    do not open the default browser`;

/** out/renderer, whether this module was bundled into out/main/cli.js or a chunk below it. */
function builtRendererDir(): string {
  const candidates = ['../renderer', '../../renderer'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? (candidates[0] as string);
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the assistant to a browser on 127.0.0.1 (rehearsal mode)',
  usage: USAGE,
  async run(argv, io) {
    const line = parseCommandLine(
      argv,
      { port: { type: 'string' }, 'no-open': { type: 'boolean' } },
      USAGE,
      io,
    );
    if (line.exit !== undefined) return line.exit;
    const { values } = line;
    const port = parsePortOption(values.port);
    if (port === null) {
      io.stderr(`--port must be a whole number from 0 to 65535\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    const appLog = rotatingLogSink(join(resolveHome(io.env), 'logs', APP_LOG_FILE));
    const logger = createRedactingLogger((line) => {
      io.stderr(`${line}\n`);
      appLog(line);
    });
    const rendererDir = builtRendererDir();
    const runtime = await createRuntime({
      transport: 'web',
      osLocale: io.locale,
      version: PRODUCT_VERSION,
      env: io.env,
      logger,
      secrets: createSecretStore(),
      rehearsalTenant: true,
      licensesFile: join(rendererDir, '..', THIRD_PARTY_LICENSES_FILE),
      // The admin's own browser shows the Microsoft sign-in page; the URL is printed as well.
      openBrowser: async (url) => {
        io.stderr(`Sign in at: ${url}\n`);
        openBrowser(url, io.env);
      },
    });
    let host;
    try {
      host = await startWebHost({
        rendererDir,
        dispatch: runtime.dispatch,
        events: runtime.events,
        logger,
        port,
      });
    } catch (error) {
      io.stderr(`Cannot listen on 127.0.0.1:${port}: ${(error as Error).message}\n`);
      await runtime.close();
      return EXIT_FAILURE;
    }
    io.stdout(`${host.url}\n`);
    if (!values['no-open']) openBrowser(host.url, io.env);
    await waitForStopSignal();
    await host.close();
    await runtime.close();
    return EXIT_OK;
  },
};

function openBrowser(url: string, env: Readonly<Record<string, string | undefined>>): void {
  // Best effort: a headless machine simply has no browser; the URL is printed anyway.
  if (process.platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return;
  const [command, args] =
    process.platform === 'win32'
      ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  execFile(command, args, () => undefined).on('error', () => undefined);
}
