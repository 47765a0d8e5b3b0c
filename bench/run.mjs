// `npm run bench`: times the built `comanage` CLI against openssl doing the same job (CSR with a new
// RSA 2048 key, PFX export with 3DES, PFX read, PFX read at 200,000 key-derivation rounds), ROUNDS
// times each, and reports medians and ratios.
// Both sides are whole processes, so Node's start-up time is part of comanage's figure; it is
// measured on its own (`node -e 0`) to show how much of the ratio it explains. Each command is also
// timed inside this one warm process (out/main/cli-commands.js: the same command objects the CLI runs,
// with their file reads and writes, but no start-up and no module loading), against the same openssl
// whole-process figure: openssl's own start-up (a few ms) still counts against openssl there.
// Writes bench/results/latest.json. Exits non-zero only when the build output is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { benchFirstScreen } from './first-screen.mjs';
import { formatLobPackageRows, lobPackageBench } from './lob-package.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { cli: { type: 'string' }, rounds: { type: 'string' }, out: { type: 'string' } },
});
const CLI = resolve(values.cli ?? join(ROOT, 'out/main/cli.js'));
// 30 rounds: with fewer, the random prime search of `csr` (both sides) moves the medians by tens of ms.
const ROUNDS = Math.max(1, Number(values.rounds ?? 30));
const RESULTS = resolve(values.out ?? join(ROOT, 'bench/results/latest.json'));
const COMMANDS_MODULE = join(dirname(CLI), 'cli-commands.js');

if (!existsSync(CLI)) {
  process.stderr.write(
    `Build output ${CLI} is missing: run \`npm run bench\` (it builds first) or \`npm run build\`.\n`,
  );
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'comanage-bench-'));
// Secrets go through the environment only, as the CLI contract requires.
const env = {
  ...process.env,
  BENCH_PASSPHRASE: 'bench-key-passphrase',
  BENCH_PASSWORD: 'bench-pfx-password',
};

function run(command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: work, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, status: result.status, stderr: result.stderr ?? String(result.error ?? '') };
}

function openssl(args) {
  const result = run('openssl', args);
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr.trim()}`);
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Times `rounds` runs; the first failure stops the series and is reported instead of a time. */
function series(label, makeArgs, rounds = ROUNDS) {
  const times = [];
  for (let round = 0; round < rounds; round++) {
    const [command, args] = makeArgs(round);
    const result = run(command, args);
    if (result.status !== 0) {
      const reason = result.stderr.trim().split('\n')[0] || `exit code ${result.status}`;
      return { label, ok: false, reason };
    }
    times.push(result.ms);
  }
  return { label, ok: true, medianMs: median(times), minMs: Math.min(...times) };
}

// A small PKI for the PFX and inspect cases: root → issuing CA → leaf whose key is an encrypted PKCS#8 PEM.
function preparePki() {
  const ext = (name, lines) => writeFileSync(join(work, name), `${lines.join('\n')}\n`);
  ext('ca.ext', ['basicConstraints=critical,CA:true', 'keyUsage=critical,keyCertSign,cRLSign']);
  ext('leaf.ext', [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=DNS:cmg.contoso.com',
  ]);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'root.key',
    '-out',
    'root.crt',
    '-subj',
    '/CN=Bench Root CA',
    '-days',
    '3650',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl([
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'int.key',
    '-out',
    'int.csr',
    '-subj',
    '/CN=Bench Issuing CA',
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    'int.csr',
    '-CA',
    'root.crt',
    '-CAkey',
    'root.key',
    '-set_serial',
    '2',
    '-days',
    '3000',
    '-sha256',
    '-extfile',
    'ca.ext',
    '-out',
    'int.crt',
  ]);
  openssl([
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    'rsa_keygen_bits:2048',
    '-aes-256-cbc',
    '-pass',
    'env:BENCH_PASSPHRASE',
    '-out',
    'leaf.key',
  ]);
  openssl([
    'req',
    '-new',
    '-key',
    'leaf.key',
    '-passin',
    'env:BENCH_PASSPHRASE',
    '-out',
    'leaf.csr',
    '-subj',
    '/CN=cmg.contoso.com',
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'int.crt',
    '-CAkey',
    'int.key',
    '-set_serial',
    '3',
    '-days',
    '90',
    '-sha256',
    '-extfile',
    'leaf.ext',
    '-out',
    'leaf.crt',
  ]);
  openssl([
    'pkcs12',
    '-export',
    '-inkey',
    'leaf.key',
    '-passin',
    'env:BENCH_PASSPHRASE',
    '-in',
    'leaf.crt',
    '-certfile',
    'int.crt',
    '-keypbe',
    'PBE-SHA1-3DES',
    '-certpbe',
    'PBE-SHA1-3DES',
    '-macalg',
    'sha1',
    '-passout',
    'env:BENCH_PASSWORD',
    '-name',
    'cmg.contoso.com',
    '-out',
    'reference.pfx',
  ]);
  // The same file at 200,000 rounds for keys, certificates and MAC: the PKCS#12 (RFC 7292 B.2) KDF case.
  // (openssl 3.0 has no -macsaltlen; its default MAC salt is 8 bytes, as Windows writes.)
  openssl([
    'pkcs12',
    '-export',
    '-iter',
    '200000',
    '-inkey',
    'leaf.key',
    '-passin',
    'env:BENCH_PASSPHRASE',
    '-in',
    'leaf.crt',
    '-certfile',
    'int.crt',
    '-keypbe',
    'PBE-SHA1-3DES',
    '-certpbe',
    'PBE-SHA1-3DES',
    '-macalg',
    'sha1',
    '-passout',
    'env:BENCH_PASSWORD',
    '-out',
    'kdf-200k.pfx',
  ]);
}

function cliAvailable(command) {
  const result = run(process.execPath, [CLI, command, '--help']);
  return result.status === 0 ? null : result.stderr.trim().split('\n')[0] || `exit code ${result.status}`;
}

const CASES = [
  {
    name: 'csr',
    what: 'new RSA 2048 key (encrypted PKCS#8) + PKCS#10 CSR with SAN and EKU',
    comanage: (round, prefix = 'c') => [
      process.execPath,
      [
        CLI,
        'csr',
        '--cn',
        'cmg.contoso.com',
        '--san',
        'cmg.contoso.com',
        '--key-size',
        '2048',
        '--out',
        `${prefix}${round}.csr`,
        '--key-out',
        `${prefix}${round}.key`,
        '--passphrase-env',
        'BENCH_PASSPHRASE',
      ],
    ],
    openssl: (round) => [
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'rsa:2048',
        '-keyout',
        `o${round}.key`,
        '-passout',
        'env:BENCH_PASSPHRASE',
        '-out',
        `o${round}.csr`,
        '-subj',
        '/CN=cmg.contoso.com',
        '-addext',
        'subjectAltName=DNS:cmg.contoso.com',
        '-addext',
        'extendedKeyUsage=serverAuth',
      ],
    ],
  },
  {
    name: 'pfx',
    what: 'PFX export (3DES, SHA-1 MAC) of leaf + encrypted key + issuing CA',
    comanage: (round, prefix = 'c') => [
      process.execPath,
      [
        CLI,
        'pfx',
        '--cert',
        'leaf.crt',
        '--chain',
        'int.crt',
        '--key',
        'leaf.key',
        '--passphrase-env',
        'BENCH_PASSPHRASE',
        '--out',
        `${prefix}${round}.pfx`,
        '--password-env',
        'BENCH_PASSWORD',
        '--encryption',
        '3des',
      ],
    ],
    openssl: (round) => [
      'openssl',
      [
        'pkcs12',
        '-export',
        '-inkey',
        'leaf.key',
        '-passin',
        'env:BENCH_PASSPHRASE',
        '-in',
        'leaf.crt',
        '-certfile',
        'int.crt',
        '-keypbe',
        'PBE-SHA1-3DES',
        '-certpbe',
        'PBE-SHA1-3DES',
        '-macalg',
        'sha1',
        '-passout',
        'env:BENCH_PASSWORD',
        '-out',
        `o${round}.pfx`,
      ],
    ],
  },
  {
    name: 'inspect',
    what: 'open a 3DES PFX (MAC, decrypt key and certificates); comanage also runs every preflight check',
    comanage: () => [
      process.execPath,
      [CLI, 'inspect', 'reference.pfx', '--password-env', 'BENCH_PASSWORD', '--json'],
    ],
    openssl: () => [
      'openssl',
      ['pkcs12', '-in', 'reference.pfx', '-passin', 'env:BENCH_PASSWORD', '-info', '-nodes', '-out', devNull],
    ],
  },
  {
    name: 'inspect-kdf',
    command: 'inspect',
    what:
      'open a one-key 3DES PFX at 200,000 rounds (PKCS#12 KDF for MAC, certificates and key: 1.4 million SHA-1 rounds); ' +
      'openssl -noout verifies the MAC and decrypts the certificates only (0.8 million)',
    // Each run is a few hundred ms: fewer rounds keep the whole bench short.
    rounds: Math.min(ROUNDS, 10),
    comanage: () => [
      process.execPath,
      [CLI, 'inspect', 'kdf-200k.pfx', '--password-env', 'BENCH_PASSWORD', '--json'],
    ],
    openssl: () => ['openssl', ['pkcs12', '-in', 'kdf-200k.pfx', '-passin', 'env:BENCH_PASSWORD', '-noout']],
  },
];

/**
 * Times each command `ROUNDS` times inside this process (after one untimed call that loads its
 * modules), through the same command objects the CLI runs; a failed series when it cannot.
 */
async function inProcessSeries(bench) {
  if (!existsSync(COMMANDS_MODULE)) return { ok: false, reason: `${COMMANDS_MODULE} is missing` };
  const { COMMANDS } = await import(pathToFileURL(COMMANDS_MODULE).href);
  const commandName = bench.command ?? bench.name;
  const entry = COMMANDS.find((command) => command.name === commandName);
  if (!entry) return { ok: false, reason: 'not in cli-commands.js' };
  const times = [];
  for (let round = -1; round < (bench.rounds ?? ROUNDS); round++) {
    const [, [, name, ...args]] = bench.comanage(round + 1, 'p');
    let stderr = '';
    const io = {
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
      env,
      cwd: work,
      locale: 'en',
    };
    const started = process.hrtime.bigint();
    const code = await entry.run(args, io);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (code !== 0 || name !== commandName)
      return { ok: false, reason: stderr.trim().split('\n')[0] || `exit code ${code}` };
    if (round >= 0) times.push(ms);
  }
  return { ok: true, medianMs: median(times), minMs: Math.min(...times) };
}

function format(ms) {
  return ms === undefined ? '—' : `${ms.toFixed(1)} ms`;
}

try {
  preparePki();
  const nodeStartup = series('node -e 0', () => [process.execPath, ['-e', '0']]);
  const cliVersion = series('comanage --version', () => [process.execPath, [CLI, '--version']]);
  const rows = [];
  for (const bench of CASES) {
    const unavailable = cliAvailable(bench.command ?? bench.name);
    const baseline = series(`openssl ${bench.name}`, bench.openssl, bench.rounds);
    const ours = unavailable
      ? { ok: false, reason: `not available in this build: ${unavailable}` }
      : series(`comanage ${bench.name}`, bench.comanage, bench.rounds);
    rows.push({
      name: bench.name,
      what: bench.what,
      rounds: bench.rounds ?? ROUNDS,
      comanageMs: ours.ok ? ours.medianMs : null,
      opensslMs: baseline.ok ? baseline.medianMs : null,
      ratio: ours.ok && baseline.ok ? ours.medianMs / baseline.medianMs : null,
      comanageMinusNodeStartupMs: ours.ok && nodeStartup.ok ? ours.medianMs - nodeStartup.medianMs : null,
      status: ours.ok && baseline.ok ? 'measured' : (ours.reason ?? baseline.reason),
    });
  }
  // After every whole-process series, so that loading the commands here cannot slow those down.
  for (const [index, bench] of CASES.entries()) {
    const row = rows[index];
    const inside = row.status === 'measured' ? await inProcessSeries(bench) : { ok: false };
    row.inProcessMs = inside.ok ? inside.medianMs : null;
    row.inProcessRatio = inside.ok && row.opensslMs ? inside.medianMs / row.opensslMs : null;
    // What the whole process spends besides Node's own start-up and the command's warm work: loading
    // the CLI and the command's modules, running that code for the first time (unoptimized), exiting.
    row.loadAndColdMs =
      inside.ok && row.comanageMinusNodeStartupMs !== null
        ? row.comanageMinusNodeStartupMs - inside.medianMs
        : null;
    if (row.status === 'measured' && !inside.ok) row.status = `in-process run failed: ${inside.reason}`;
  }
  const report = {
    date: new Date().toISOString(),
    rounds: ROUNDS,
    statistic:
      'median wall-clock time of a whole process; in-process: median time of one call in a warm process',
    node: process.version,
    openssl: spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim(),
    nodeStartupMs: nodeStartup.ok ? nodeStartup.medianMs : null,
    cliVersionMs: cliVersion.ok ? cliVersion.medianMs : null,
    cases: rows,
    firstScreen: await benchFirstScreen({ cli: CLI }),
    lobPackage: await lobPackageBench({ root: ROOT, cli: CLI, work }),
  };
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);

  const ratio = (value) => (value === null ? '—' : `${value.toFixed(2)}×`);
  const header = [
    'case',
    'comanage',
    'openssl',
    'ratio',
    'in-process',
    'in-process ratio',
    'load+cold',
    'status',
  ];
  const table = rows.map((row) => [
    row.name,
    format(row.comanageMs ?? undefined),
    format(row.opensslMs ?? undefined),
    ratio(row.ratio),
    format(row.inProcessMs ?? undefined),
    ratio(row.inProcessRatio),
    format(row.loadAndColdMs ?? undefined),
    row.status,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...table.map((line) => line[column].length)),
  );
  const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  process.stdout.write(
    `${ROUNDS} rounds, medians; ${report.openssl}; node ${report.node}; node start-up ${format(report.nodeStartupMs ?? undefined)}; comanage --version ${format(report.cliVersionMs ?? undefined)}\n`,
  );
  process.stdout.write(
    "comanage = node start-up + load+cold (loading the CLI and the command's modules, their first unoptimized run, exit)\n" +
      "  + in-process (the command's work, timed in one warm process). Both ratios divide by openssl's whole process.\n" +
      '  csr is mostly the random search for two primes (both sides): its medians move by tens of ms between runs.\n',
  );
  process.stdout.write(`${line(header)}\n${table.map(line).join('\n')}\n`);
  const screen = report.firstScreen;
  process.stdout.write(
    screen.ok
      ? `first screen (Chromium, navigation → rail + heading visible), median of ${screen.rounds} fresh contexts: ${format(screen.medianMs)} (first contentful paint ${format(screen.firstContentfulPaintMs ?? undefined)})\n`
      : `first screen: not measured (${screen.reason})\n`,
  );
  process.stdout.write(
    `lob-package (medians):\n${formatLobPackageRows(report.lobPackage).join('\n')}\nResults: ${RESULTS}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

// The log explainer's throughput and peak memory on generated logs (its own file and results).
(await import('./explain-log.mjs')).benchExplainLog({ cli: CLI });
