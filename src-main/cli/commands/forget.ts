import { AppError, translate } from '../../shared';
import { forgetEverything, resolveHome } from '../../state';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../command';
import { createSecretStore } from '../secret-store-factory';
import { parseCommandLine } from '../serve-options';

const USAGE = `Usage: comanage forget --yes

Removes everything the assistant keeps for this user: the wizard state, the journal, the logs,
the private keys and CA answers, the token cache, the simulated tenant's data, and every entry of
the assistant in the OS keychain (PFX passwords, key passphrases, client secrets). Files the
assistant did not create in its folder are left alone. Close the app and \`comanage serve\` first.
  --yes    confirm (without it nothing is removed)`;

export const forgetCommand: CliCommand = {
  name: 'forget',
  summary: 'remove all state, logs, keys and keychain entries of the assistant',
  usage: USAGE,
  async run(argv, io) {
    const line = parseCommandLine(argv, { yes: { type: 'boolean' } }, USAGE, io);
    if (line.exit !== undefined) return line.exit;
    const home = resolveHome(io.env);
    if (!line.values.yes) {
      io.stderr(`${translate(io.locale, 'state.cli.forgetConfirmFirst', { home })}\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    try {
      const summary = await forgetEverything(home, createSecretStore());
      io.stdout(
        `${translate(io.locale, 'state.cli.forgetDone', {
          home,
          entries: summary.removedEntries.length,
          secrets: summary.removedSecrets,
        })}\n`,
      );
      return EXIT_OK;
    } catch (error) {
      const message =
        error instanceof AppError ? translate(io.locale, error.messageKey, error.params) : String(error);
      io.stderr(`${message}\n`);
      return EXIT_FAILURE;
    }
  },
};
