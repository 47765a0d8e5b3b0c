// Security gate (part of `npm run lint`): runs @doyensec/electronegativity over the Electron
// sources (src-main and src-renderer scanned together, so global checks such as "navigation is
// limited somewhere" see the whole app) and fails on any finding of MEDIUM severity or more.
// Offline and quick: its two network look-ups (translation refresh, Electron release list)
// are answered "unavailable" at once instead of timing out.
//
//   node scripts/electronegativity.mjs [--sarif FILE] [--root DIR] [--verbose]
//   --sarif also writes the SARIF report; --root scans another project (the gate's own test);
//   --verbose lists the low/informational findings too.
//
// Manual reviews the tool asks for, done once and recorded here:
// - PRELOAD_JS_CHECK (src-main/app/preload.ts): the preload only calls
//   contextBridge.exposeInMainWorld('api', frozen { invoke, on }). ipcRenderer, its event
//   objects and Node/Electron objects are never exposed; invoke uses one fixed channel whose
//   sender frame and arguments the main process checks (src-main/app/ipc-bridge.ts). Re-review
//   when preload.ts changes.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const TOOL_ROOT = resolve(import.meta.dirname, '..');
const SCANNED = ['src-main', 'src-renderer'];
const FAIL_AT = 2; // electronegativity severity values: 0 informational, 1 low, 2 medium, 3 high
const REVIEWED = new Set(['PRELOAD_JS_CHECK']);
// Compares the Electron version found in a package.json with a release list from GitHub; we
// scan sources, not package.json, and have no network. Electron updates are tracked elsewhere.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const require = createRequire(import.meta.url);

/** Makes electronegativity's HTTP client fail immediately (it treats that as "offline"). */
function stubNetwork() {
  const toolRequire = createRequire(require.resolve('@doyensec/electronegativity/dist/locales/i18n.js'));
  const gotPath = toolRequire.resolve('got');
  const offline = () => Promise.reject(new Error('offline: network look-ups are disabled in this gate'));
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
}

/** The tool prints banners and "could not fetch" notes on stdout; keep our output to one line. */
async function quietly(task) {
  const saved = { log: console.log, info: console.info, warn: console.warn };
  console.log = console.info = console.warn = () => {};
  try {
    return await task();
  } finally {
    Object.assign(console, saved);
  }
}

const { values } = parseArgs({
  options: { sarif: { type: 'string' }, root: { type: 'string' }, verbose: { type: 'boolean' } },
});
const ROOT = values.root ? resolve(values.root) : TOOL_ROOT;
const electronVersion = JSON.parse(
  readFileSync(join(TOOL_ROOT, 'node_modules/electron/package.json'), 'utf8'),
).version;
const toolVersion = JSON.parse(
  readFileSync(join(TOOL_ROOT, 'node_modules/@doyensec/electronegativity/package.json'), 'utf8'),
).version;

stubNetwork();
const run = require('@doyensec/electronegativity');
const input = mkdtempSync(join(tmpdir(), 'electronegativity-'));
let result;
try {
  for (const dir of SCANNED) {
    if (existsSync(join(ROOT, dir))) cpSync(join(ROOT, dir), join(input, dir), { recursive: true });
  }
  result = await quietly(() =>
    run({
      input,
      output: values.sarif ? resolve(values.sarif) : undefined,
      isSarif: Boolean(values.sarif),
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS,
      severitySet: 'informational',
      confidenceSet: 'tentative',
      isRelative: true,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    }),
  );
} finally {
  rmSync(input, { recursive: true, force: true });
}

const blocking = result.issues.filter((i) => i.severity.value >= FAIL_AT && !REVIEWED.has(i.id));
const reviewed = result.issues.filter((i) => REVIEWED.has(i.id));
const minor = result.issues.length - blocking.length - reviewed.length;
const unreadable = result.errors.filter((e) => !e.tolerable);

for (const issue of blocking) {
  console.error(
    `  ${issue.severity.name} ${issue.id} ${issue.file}:${issue.location.line}:${issue.location.column} ${issue.shortenedURL}`,
  );
}
if (values.verbose) {
  for (const issue of result.issues.filter((i) => !blocking.includes(i))) {
    console.log(
      `  ${issue.severity.name} ${issue.id} ${issue.file}:${issue.location.line} ${issue.shortenedURL}`,
    );
  }
}
for (const error of unreadable) console.error(`  could not parse ${error.file}: ${error.message}`);

const checks = result.globalChecks + result.atomicChecks;
const summary =
  `electronegativity ${toolVersion} (Electron ${electronVersion}, ${SCANNED.join(' + ')}, ${checks} checks): ` +
  `${blocking.length} finding(s) of medium or higher, ${minor} low/informational, ` +
  `${reviewed.length} manual review(s) done (${[...REVIEWED].join(', ')}), ${unreadable.length} unparsed file(s)`;
const failed = blocking.length > 0 || unreadable.length > 0;
(failed ? console.error : console.log)(`${summary} — ${failed ? 'FAILED' : 'OK'}`);
process.exitCode = failed ? 1 : 0;
