import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';

import { parseScenario, PRESET_NAMES, type Scenario, startEmulator } from '../../rehearsal';
import { createRedactingLogger, translate } from '../../shared';
import { type CliCommand, type CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../command';
import { parseCommandLine, parsePortOption, waitForStopSignal } from '../serve-options';

const USAGE = `Usage: comanage emulator --data-dir DIR [--port N] [--scenario FILE] [--preset NAME]...

Runs the simulated tenant (Graph + ARM emulator) on 127.0.0.1 and prints "control-token: TOKEN"
(this run's secret for the /_emulator/* control routes: Authorization: Bearer TOKEN), then, as the
last line, its base URL. Graph answers under <url>/graph/v1.0 and /graph/beta, ARM under <url>/arm,
with tokens from POST <url>/_emulator/tokens; Ctrl+C saves and stops.
  --data-dir DIR   folder where the simulated tenant is kept (created if missing; reused to resume)
  --port N         port to listen on (0 or omitted: a free port)
  --scenario FILE  JSON file with presets and faults to inject from the start
  --preset NAME    tenant variation, repeatable: ${PRESET_NAMES.join(', ')}`;

/** Builds the command; `waitForStop` is injectable so tests can stop it without a signal. */
export function createEmulatorCommand(waitForStop: () => Promise<void> = waitForStopSignal): CliCommand {
  return {
    name: 'emulator',
    summary: 'run the simulated tenant (Graph/ARM emulator) for rehearsals and tests',
    usage: USAGE,
    run: (argv, io) => runEmulator(argv, io, waitForStop),
  };
}

export const emulatorCommand: CliCommand = createEmulatorCommand();

async function runEmulator(
  argv: readonly string[],
  io: CliIo,
  waitForStop: () => Promise<void>,
): Promise<number> {
  const line = parseCommandLine(
    argv,
    {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      scenario: { type: 'string' },
      preset: { type: 'string', multiple: true },
    },
    USAGE,
    io,
  );
  if (line.exit !== undefined) return line.exit;
  const { values } = line;
  const usageError = (key: string, params: Record<string, string | number> = {}): number => {
    io.stderr(`${translate(io.locale, key, params)}\n${USAGE}\n`);
    return EXIT_USAGE;
  };
  const port = parsePortOption(values.port);
  if (port === null) return usageError('rehearsal.cli.portInvalid', { port: values.port ?? '' });
  if (!values['data-dir']) return usageError('rehearsal.cli.dataDirRequired');
  const dataDir = absolute(values['data-dir'], io.cwd);
  const presets = values.preset ?? [];
  const unknown = presets.find((name) => !PRESET_NAMES.includes(name));
  if (unknown !== undefined) {
    return usageError('rehearsal.cli.presetUnknown', { preset: unknown, presets: PRESET_NAMES.join(', ') });
  }
  let scenario: Scenario | undefined;
  if (values.scenario) {
    const file = absolute(values.scenario, io.cwd);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      io.stderr(
        `${translate(io.locale, 'rehearsal.cli.scenarioUnreadable', { file: values.scenario, problem: (error as NodeJS.ErrnoException).code ?? 'error' })}\n`,
      );
      return EXIT_FAILURE;
    }
    const parsed = parseScenario(text);
    if (!parsed.ok) {
      io.stderr(
        `${translate(io.locale, 'rehearsal.cli.scenarioInvalid', { file: values.scenario, problem: parsed.problem })}\n`,
      );
      return EXIT_FAILURE;
    }
    const badPreset = (parsed.scenario.presets ?? []).find((name) => !PRESET_NAMES.includes(name));
    if (badPreset !== undefined) {
      io.stderr(
        `${translate(io.locale, 'rehearsal.cli.presetUnknown', { preset: badPreset, presets: PRESET_NAMES.join(', ') })}\n`,
      );
      return EXIT_FAILURE;
    }
    scenario = parsed.scenario;
  }
  const logger = createRedactingLogger((line) => io.stderr(`${line}\n`));
  let emulator;
  try {
    emulator = await startEmulator({ port, dataDir, presets, logger, ...(scenario ? { scenario } : {}) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const key =
      code === 'EADDRINUSE' || code === 'EACCES'
        ? 'rehearsal.cli.listenFailed'
        : 'rehearsal.cli.dataDirUnusable';
    io.stderr(
      `${translate(io.locale, key, { port, dir: values['data-dir'], problem: code ?? (error as Error).message })}\n`,
    );
    return EXIT_FAILURE;
  }
  // The URL comes last: scripts wait for it, and by then the token line is there too.
  io.stdout(`control-token: ${emulator.controlToken}\n${emulator.baseUrl}\n`);
  await waitForStop();
  await emulator.close();
  return EXIT_OK;
}

function absolute(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
