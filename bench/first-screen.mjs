// First-screen speed: Chromium (Debian's /usr/bin/chromium through playwright-core, flags as in
// playwright.config.ts) against the built `comanage serve`, from navigation to the first usable
// stage: the stage heading and the rail visible. ROUNDS fresh browser contexts (no cache, no
// cookie: each one exchanges the token again, as a first launch does); the median is reported.
// Run alone: `node bench/first-screen.mjs [--cli out/main/cli.js] [--rounds 7]`, or from run.mjs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const URL_LINE = /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// What "usable" means, in markup every first screen carries: the rail's entries and the heading of
// what is open (the welcome on a fresh start, else the stage).
const USABLE = '[data-testid^="rail-"]';
const HEADING = '[data-testid="welcome-heading"], [data-testid="stage-title"]';

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function startServe(cli, home) {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--no-open'], {
    env: { ...process.env, COMANAGE_HOME: home, COMANAGE_LANG: 'en' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString('utf8')));
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 20 s: ${stderr}`)), 20_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!URL_LINE.test(line.trim())) return;
      clearTimeout(timer);
      resolveUrl(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
  return { child, url };
}

/**
 * Times `rounds` fresh contexts; returns `{ ok, medianMs, minMs, firstContentfulPaintMs }` or
 * `{ ok: false, reason }` (no Chromium, no build) so the rest of the bench still reports.
 */
export async function benchFirstScreen({ cli = join(ROOT, 'out/main/cli.js'), rounds = 7 } = {}) {
  if (!existsSync(cli)) return { ok: false, reason: `build output ${cli} is missing` };
  if (!existsSync(CHROMIUM)) return { ok: false, reason: `${CHROMIUM} is missing` };
  const { chromium } = await import('playwright-core');
  const home = mkdtempSync(join(tmpdir(), 'comanage-bench-ui-'));
  const { child, url } = await startServe(cli, home);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    return await measure(browser, url, rounds);
  } catch (error) {
    return { ok: false, reason: String(error?.message ?? error).split('\n')[0] };
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
}

async function measure(browser, url, rounds) {
  {
    const times = [];
    const paints = [];
    // One warm-up round (the host's first request reads the renderer files from disk); not counted.
    for (let round = 0; round <= rounds; round++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(url, { waitUntil: 'commit' });
      await page.locator(USABLE).first().waitFor({ state: 'visible' });
      await page.locator(HEADING).first().waitFor({ state: 'visible' });
      const elapsed = performance.now() - started;
      const paint = await page.evaluate(
        () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      );
      await context.close();
      if (round === 0) continue;
      times.push(elapsed);
      if (typeof paint === 'number') paints.push(paint);
    }
    return {
      ok: true,
      rounds,
      medianMs: median(times),
      minMs: Math.min(...times),
      firstContentfulPaintMs: paints.length > 0 ? median(paints) : null,
    };
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { cli: { type: 'string' }, rounds: { type: 'string' } } });
  const result = await benchFirstScreen({
    ...(values.cli ? { cli: resolve(values.cli) } : {}),
    rounds: Math.max(1, Number(values.rounds ?? 7)),
  });
  if (!result.ok) {
    process.stderr.write(`first screen: ${result.reason}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `first screen (navigation → rail + heading visible), median of ${result.rounds} fresh contexts: ` +
      `${result.medianMs.toFixed(0)} ms (min ${result.minMs.toFixed(0)} ms, first contentful paint ` +
      `${result.firstContentfulPaintMs === null ? '—' : `${result.firstContentfulPaintMs.toFixed(0)} ms`})\n`,
  );
}
