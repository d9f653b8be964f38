#!/usr/bin/env node
// End-to-end tests of the built page (./dist, from `bash scripts/build.sh`) in
// headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   node e2e/run.mjs [NAME_FILTER...]
//
// It serves dist/ on an ephemeral 127.0.0.1 port, then runs the built-in test
// "app renders" followed by every e2e/tests/*.mjs file (in name order). A test file
// exports, as `default` or as `test`, an async function that takes
//   { page, baseUrl, gotoApp, screenshot, log, typeLine }
//   page        a fresh Playwright Page (own browser context, 1280x800)
//   baseUrl     e.g. "http://127.0.0.1:43121" (no trailing slash)
//   gotoApp(p)  goes to baseUrl + p (default "/") and waits for the app to render
//               ([data-testid="app-ready"]); resolves to { firstRenderMs, wallMs }
//   screenshot(name)  saves e2e/artifacts/<name>.png
//   log(...)    prints a line under the test's name
//   typeLine(line, p = page)  types a line into the terminal (the textbox "Console") and presses Enter
// and throws (or rejects) to fail. It may also export `name` (default: file name) and
// `timeoutMs` (the whole test's limit; default 4x E2E_TIMEOUT_MS).
// Any uncaught page error, console error or failed request during a test fails it;
// gotoApp first waits (up to 10 s) until the page has no request in flight, so that
// leaving it cancels none.
// Screenshots of failures go to e2e/artifacts/FAILED-<test>.png.
//
// The last line printed is "N passed, M failed"; the exit code is 0 only if M is 0.
//
// env: E2E_DIST (default ./dist), CHROMIUM_PATH (default /usr/bin/chromium),
//      E2E_TIMEOUT_MS (per wait, default 30000; a whole test gets 4x).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, serveDist } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.env.E2E_DIST ?? path.join(ROOT, 'dist'));
const TESTS_DIR = path.join(ROOT, 'e2e', 'tests');
const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 30000);
const READY = '[data-testid="app-ready"]';

// ---------------------------------------------------------------- tests

// Built-in test: the app starts without errors and renders; time it; screenshot it.
async function appRenders({ page, gotoApp, screenshot, log }) {
  const t = await gotoApp('/');
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const wasm = performance
      .getEntriesByType('resource')
      .filter((r) => r.name.endsWith('.wasm'))
      .map((r) => ({ name: r.name.split('/').pop(), ms: Math.round(r.duration) }));
    return {
      domContentLoadedMs: n ? Math.round(n.domContentLoadedEventEnd) : null,
      loadMs: n ? Math.round(n.loadEventEnd) : null,
      wasm,
    };
  });
  log(
    `first render ${t.firstRenderMs} ms after navigation start ` +
      `(DOMContentLoaded ${nav.domContentLoadedMs} ms, load ${nav.loadMs} ms, ` +
      `wall ${t.wallMs} ms incl. navigation)`,
  );
  const file = await screenshot('app-ready');
  log(`screenshot ${path.relative(ROOT, file)}`);
  fs.writeFileSync(
    path.join(ARTIFACTS, 'metrics.json'),
    JSON.stringify({ firstRenderMs: t.firstRenderMs, wallMs: t.wallMs, ...nav }, null, 2) + '\n',
  );
}

async function loadTests() {
  const tests = [{ name: 'app renders', fn: appRenders }];
  if (!fs.existsSync(TESTS_DIR)) return tests;
  const files = fs
    .readdirSync(TESTS_DIR)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  for (const f of files) {
    const file = path.join(TESTS_DIR, f);
    try {
      const mod = await import(pathToFileURL(file).href);
      const fn = mod.default ?? mod.test;
      if (typeof fn !== 'function') throw new Error('exports no test function (default or `test`)');
      tests.push({ name: mod.name ?? f.replace(/\.mjs$/, ''), fn, timeoutMs: mod.timeoutMs });
    } catch (e) {
      tests.push({
        name: f.replace(/\.mjs$/, ''),
        fn: () => {
          throw new Error(`cannot load e2e/tests/${f}: ${e.message}`);
        },
      });
    }
  }
  return tests;
}

const slug = (s) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runTest(browser, baseUrl, test) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Record when the app first shows its ready marker, as the page sees time.
  await context.addInitScript((sel) => {
    const check = () => {
      if (window.__e2eFirstRender === undefined && document.querySelector(sel)) {
        window.__e2eFirstRender = performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, attributes: true });
  }, READY);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.stack ?? e.message ?? e}`));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const loc = m.location();
      errors.push(`console error: ${m.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  // the page's requests in flight: gotoApp leaves a page only when none is, since a
  // navigation cancels them (net::ERR_ABORTED) and a cancelled request fails the test
  const inflight = new Set();
  page.on('request', (r) => inflight.add(r));
  page.on('requestfinished', (r) => inflight.delete(r));
  page.on('requestfailed', (r) => inflight.delete(r));
  const settled = async () => {
    for (let waited = 0; waited < 10000; waited += 100) {
      if (inflight.size === 0) {
        await page.waitForTimeout(300);
        if (inflight.size === 0) return;
      }
      await page.waitForTimeout(100);
    }
  };
  page.on('requestfailed', (r) => {
    // Chromium fetches the favicon itself after the load; a reload that starts before it
    // arrives (the perf test's first-render loads) cancels it. Not the page's request.
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && /\/favicon-[0-9a-f]+\.svg$/.test(r.url())) return;
    errors.push(`request failed: ${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on('crash', () => errors.push('page crashed'));

  const log = (...args) => console.log(`       ${args.join(' ')}`);
  const screenshot = async (name) => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${slug(name)}.png`);
    await page.screenshot({ path: file });
    return file;
  };
  const typeLine = async (line, p = page) => {
    const input = p.getByRole('textbox', { name: 'Console' });
    await input.fill(line);
    await input.press('Enter');
  };
  const gotoApp = async (p = '/') => {
    if (page.url() !== 'about:blank') await settled();
    const t0 = Date.now();
    await page.goto(baseUrl + p, { waitUntil: 'domcontentloaded' });
    try {
      await page.waitForSelector(READY, { state: 'attached' });
    } catch (e) {
      throw new Error(
        `the app did not render ${READY} within ${TIMEOUT} ms` +
          (errors.length ? ` (${errors.length} error(s) below)` : ''),
      );
    }
    const wallMs = Date.now() - t0;
    const first = await page.evaluate(() => window.__e2eFirstRender);
    return { firstRenderMs: first === undefined ? null : Math.round(first), wallMs };
  };

  const t0 = Date.now();
  let failure = null;
  try {
    await withTimeout(
      Promise.resolve().then(() => test.fn({ page, baseUrl, gotoApp, screenshot, log, typeLine })),
      test.timeoutMs ?? TIMEOUT * 4,
      'test',
    );
  } catch (e) {
    failure = e;
  }
  // Let late errors (e.g. a panic right after render) surface before judging.
  await page.waitForTimeout(100).catch(() => {});
  if (failure || errors.length) {
    await screenshot(`FAILED-${test.name}`).catch(() => {});
  }
  await context.close().catch(() => {});
  return { ms: Date.now() - t0, failure, errors };
}

// ---------------------------------------------------------------- main

async function main() {
  const filters = process.argv.slice(2);
  let tests = await loadTests();
  if (filters.length) tests = tests.filter((t) => filters.some((f) => t.name.includes(f)));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const f of fs.readdirSync(ARTIFACTS)) {
    if (f.startsWith('FAILED-')) fs.rmSync(path.join(ARTIFACTS, f), { force: true });
  }

  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    console.error(`e2e: ${path.join(DIST, 'index.html')} not found; run \`trunk build --release\` first`);
    return { passed: 0, failed: Math.max(tests.length, 1) };
  }

  const server = await serveDist(DIST);
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    } catch (e) {
      console.error(`e2e: cannot start ${CHROMIUM}: ${e.message}`);
      return { passed: 0, failed: Math.max(tests.length, 1) };
    }
    console.log(`e2e: serving ${path.relative(ROOT, DIST) || '.'} on ${baseUrl}; Chromium ${browser.version()}; ${tests.length} test(s)`);
    let passed = 0;
    let failed = 0;
    for (const test of tests) {
      const r = await runTest(browser, baseUrl, test);
      if (!r.failure && r.errors.length === 0) {
        passed++;
        console.log(`ok     ${test.name} (${r.ms} ms)`);
      } else {
        failed++;
        console.log(`FAIL   ${test.name} (${r.ms} ms)`);
        if (r.failure) console.log(`       ${String(r.failure.stack ?? r.failure).split('\n').join('\n       ')}`);
        for (const e of r.errors) console.log(`       ${e.split('\n').join('\n       ')}`);
        console.log(`       screenshot e2e/artifacts/FAILED-${slug(test.name)}.png`);
      }
    }
    return { passed, failed };
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.close();
  }
}

main()
  .catch((e) => {
    console.error(`e2e: ${e.stack ?? e}`);
    return { passed: 0, failed: 1 };
  })
  .then(({ passed, failed }) => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 && passed > 0 ? 0 : 1);
  });
