// The log explainer on a generated 50 MB CMTrace log (and a 5 MB one, to show memory stays flat):
// wall-clock time of the whole `comanage explain-log --json` process (Node start-up included, so
// MB/s is a floor), and the process's peak RSS, read from process.resourceUsage() as it exits.
// Runs on its own (`node bench/explain-log.mjs [--cli out/main/cli.js]`) or from bench/run.mjs;
// writes bench/results/explain-log.json.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench/results/explain-log.json');
const ROUNDS = 3;

// A mix like a busy ccmsetup/LocationServices log: mostly info, some warnings and errors that
// repeat (which the explainer folds into one entry each), and a multi-line record now and then.
function writeLog(path, bytes) {
  const fd = openSync(path, 'w');
  let written = 0;
  let index = 0;
  const errors = [
    'Failed to send HTTP request. (Error at WinHttpSendRequest: 12175)',
    'CcmSetup failed with error code 0x87d0027e',
    'Text from CMG: 403 CMGConnector_Forbidden',
  ];
  let chunk = '';
  while (written < bytes) {
    const second = String(index % 60).padStart(2, '0');
    const minute = String(Math.floor(index / 60) % 60).padStart(2, '0');
    const time = `10:${minute}:${second}.${String(index % 1000).padStart(3, '0')}-60`;
    let message;
    let type = '1';
    if (index % 97 === 0) {
      message = errors[index % errors.length];
      type = '3';
    } else if (index % 41 === 0) {
      message = `Retrying request ${index % 7} in 60 seconds`;
      type = '2';
    } else if (index % 500 === 0) message = `Exception details:\r\n  at step ${index}\r\n  end of details`;
    else
      message = `Processing policy assignment {${index.toString(16).padStart(8, '0')}-0000-4b6b-9a91-3c5de2f1c8a0} for machine`;
    chunk += `<![LOG[${message}]LOG]!><time="${time}" date="11-20-2026" component="LocationServices" context="" type="${type}" thread="${4000 + (index % 16)}" file="lsad.cpp:${index % 9000}">\r\n`;
    index++;
    if (chunk.length > 1 << 20) {
      written += writeSync(fd, chunk);
      chunk = '';
    }
  }
  if (chunk) written += writeSync(fd, chunk);
  closeSync(fd);
  return written;
}

const REPORT_RSS =
  'process.on("exit",()=>process.stderr.write("\\nMAXRSS_KB="+process.resourceUsage().maxRSS+"\\n"))';

function measure(cli, file) {
  const times = [];
  let rssKb = 0;
  let entries = null;
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        `data:text/javascript,${encodeURIComponent(REPORT_RSS)}`,
        cli,
        'explain-log',
        file,
        '--json',
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.status !== 0)
      return { ok: false, reason: (result.stderr || `exit ${result.status}`).trim().split('\n')[0] };
    rssKb = Math.max(rssKb, Number(/MAXRSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? 0));
    entries = JSON.parse(result.stdout).entries.length;
  }
  times.sort((a, b) => a - b);
  return { ok: true, medianMs: times[ROUNDS >> 1], peakRssMb: rssKb / 1024, entries };
}

export function benchExplainLog({ cli }) {
  const work = mkdtempSync(join(tmpdir(), 'comanage-bench-log-'));
  try {
    const cases = [];
    for (const megabytes of [5, 50]) {
      const file = join(work, `LocationServices-${megabytes}MB.log`);
      writeLog(file, megabytes * 1024 * 1024);
      const size = statSync(file).size;
      const result = measure(cli, file);
      cases.push({
        megabytes,
        bytes: size,
        ...result,
        mbPerSecond: result.ok ? size / 1024 / 1024 / (result.medianMs / 1000) : null,
      });
    }
    const report = { date: new Date().toISOString(), node: process.version, rounds: ROUNDS, cases };
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
    for (const row of cases) {
      process.stdout.write(
        row.ok
          ? `explain-log ${row.megabytes} MB: ${row.medianMs.toFixed(0)} ms (${row.mbPerSecond.toFixed(1)} MB/s, whole process), peak RSS ${row.peakRssMb.toFixed(0)} MB, ${row.entries} entries\n`
          : `explain-log ${row.megabytes} MB: failed: ${row.reason}\n`,
      );
    }
    process.stdout.write(`Results: ${RESULTS}\n`);
    return report;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { cli: { type: 'string' } } });
  benchExplainLog({ cli: resolve(values.cli ?? join(ROOT, 'out/main/cli.js')) });
}
