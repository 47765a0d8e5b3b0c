import { basename, resolve } from 'node:path';

import { buildCertreqInf, certreqFileNames, encodeInf, renderSteps, writeOutputFiles } from '../../certs';
import { translate } from '../../shared';
import type { CliCommand } from '../command';
import {
  outputFile,
  parseStrict,
  requestFromOptions,
  requestSummary,
  required,
  runWithContract,
  SUBJECT_OPTIONS,
} from './csr';

const USAGE = `Usage: comanage certreq-inf --cn FQDN [--san DNS]... [--org O] [--ou OU] [--locality L] [--state ST]
                            [--country CC] [--key-size 2048|4096] [--provider schannel|ksp]
                            [--previous-cn FQDN] --out FILE.inf [--force]

Writes a certreq INF for the Windows route: the key is created in the server's machine store
(exportable) by "certreq -new", and the commands to run next are printed.
  --force   replace an existing FILE.inf
Exit codes: 0 written (warnings on stderr), 1 refused or failed (nothing written), 2 usage error.`;

export const certreqInfCommand: CliCommand = {
  name: 'certreq-inf',
  summary: 'write a certreq INF (Windows route) and the commands to run with it',
  usage: USAGE,
  run(argv, io) {
    return runWithContract(io, USAGE, argv, async () => {
      const values = parseStrict(argv, SUBJECT_OPTIONS);
      const out = required(values, 'out');
      const request = requestFromOptions(values, io);
      const outPath = resolve(io.cwd, out);
      // The commands name the INF as written and the other files beside it under the same base name.
      const inf = buildCertreqInf(request, certreqFileNames(basename(outPath)));
      await writeOutputFiles([outputFile(values, io, out, encodeInf(inf), 0o644)]);
      io.stdout(
        [
          translate(io.locale, 'certs.cli.inf.done', { file: basename(outPath) }),
          ...requestSummary(request, io.locale),
          '',
          renderSteps(inf.steps, io.locale).replace(/\r\n/g, '\n'),
        ].join('\n'),
      );
    });
  },
};
