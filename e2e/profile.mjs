// Where a tick's time goes: the perf test's load (e2e/tests/perf.mjs, scenario 1: a
// 24-partition topic, 8 consumers, 3 producers at 200 records/s, Play at 1×) played in
// headless Chromium, then measured one of two ways. Not a test: a tool for the work on
// issue 15's frame-time targets.
//
//   node e2e/profile.mjs trace [DIST]    main-thread CPU time per 50 ms tick from a Chrome
//                                        trace (thread time, so other processes on the
//                                        machine count less than in wall time), by event
//                                        (script, style, layout, paint, ...), and the
//                                        rAF deltas' p50/p95 snapped to vsyncs
//   node e2e/profile.mjs cpu [DIST]      a sampled CPU profile, in buckets (engine, stage
//                                        model, views, DOM calls, yew's reconcile, ...);
//                                        function names need a build that keeps them:
//                                        `trunk build --release true --dist /tmp/profdist
//                                        index-prof.html` with index.html's
//                                        data-wasm-opt="z" changed to "0" in index-prof.html
//
// Environment: THROTTLE=4 (CDP CPU throttling), CSS='...' (a style sheet added before
// measuring, e.g. '.ks-inspector{display:none}' to see what a pane costs),
// TAB=Glossary (the inspector tab), SECONDS=3, SHOT=file.png (a screenshot first), FULL=1 (cpu: every function, inclusive
// and self), UNDER=regex (cpu: time by callee of the functions matching it).
// Measurements on a 2-core machine are noisy: repeat them, and keep builds off the CPU.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS, serveDist } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [mode = 'trace', distArg] = process.argv.slice(2);
const DIST = path.resolve(distArg ?? path.join(ROOT, 'dist'));
const SECONDS = Number(process.env.SECONDS ?? 3);
const TICKS = (SECONDS * 1000) / 50;
if (!['trace', 'cpu'].includes(mode) || !fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error('usage: node e2e/profile.mjs trace|cpu [DIST] (a built page: trunk build --release)');
  process.exit(2);
}

const server = await serveDist(DIST);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(`http://127.0.0.1:${server.address().port}/?seed=7&empty=1`);
await page.waitForSelector('[data-testid=app-ready]');
const run = async (line) => {
  const input = page.getByRole('textbox', { name: 'Console' });
  await input.fill(line);
  await input.press('Enter');
};
const B = '--bootstrap-server localhost:9092';
await run(`kafka-topics.sh ${B} --create --topic load --partitions 24 --replication-factor 3`);
for (let i = 0; i < 8; i++) await run(`kafka-console-consumer.sh ${B} --topic load --group perf > /dev/null &`);
await run('sleep 12');
for (const tp of [67, 67, 66]) {
  await run(`kafka-producer-perf-test.sh --topic load --num-records 1000000 --record-size 100 --throughput ${tp} --producer-props bootstrap.servers=localhost:9092 > /dev/null &`);
}
if (process.env.TAB) await page.getByRole('tab', { name: process.env.TAB }).click();
await page.getByRole('button', { name: 'Play' }).click();
await page.waitForTimeout(1500);
if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
await page.waitForTimeout(300);
if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT });
const cdp = await page.context().newCDPSession(page);
if (process.env.THROTTLE) await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.THROTTLE) });
const perTick = (ms) => `${(ms / TICKS).toFixed(2).padStart(6)} ms/tick`;

if (mode === 'trace') {
  await page.evaluate(() => {
    window.__deltas = [];
    let last = 0;
    const frame = (t) => {
      if (last) window.__deltas.push(t - last);
      last = t;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await page.waitForTimeout(SECONDS * 1000);
  await cdp.send('Tracing.end');
  await complete;
  // the renderer's main thread: the one that runs the page's script
  const calls = new Map();
  for (const e of events) if (e.name === 'FunctionCall') calls.set(e.tid, (calls.get(e.tid) ?? 0) + 1);
  const tid = [...calls.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const cpu = new Map();
  const count = new Map();
  for (const e of events) {
    if (e.tid !== tid || e.ph !== 'X' || !e.dur) continue;
    cpu.set(e.name, (cpu.get(e.name) ?? 0) + (e.tdur ?? 0) / 1000);
    count.set(e.name, (count.get(e.name) ?? 0) + 1);
  }
  const deltas = (await page.evaluate(() => window.__deltas)).map((d) => Math.max(1, Math.round(d / (1000 / 60))) * 16.7).sort((a, b) => a - b);
  const at = (q) => deltas[Math.min(deltas.length - 1, Math.floor(deltas.length * q))]?.toFixed(1);
  console.log(`main thread CPU ${perTick(cpu.get('RunTask') ?? 0)} (${TICKS} ticks of 50 ms); rAF deltas snapped p50 ${at(0.5)} p95 ${at(0.95)} ms over ${deltas.length} frames`);
  console.log('(nested events overlap: TimerFire holds a tick\'s script, Paint is counted per layer)');
  for (const [k, v] of [...cpu.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`${perTick(v)}  ${String(count.get(k)).padStart(5)}×  ${k}`);
} else {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(SECONDS * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nameOf = (id) => byId.get(id).callFrame.functionName || '?';
  const chain = (id) => {
    const out = [];
    for (; id != null; id = parent.get(id)) out.push(nameOf(id));
    return out;
  };
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  const show = (m, n) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${perTick(v / 1000)}  ${k.replace(/::h[0-9a-f]{16}/, '').slice(0, 130)}`).join('\n');
  // a sample goes to the bucket of the innermost function that matches one
  const BUCKETS = [
    ['engine (Session::advance)', /Session::advance|Sim::step/],
    ['autosave', /save_latest|ui::storage::/],
    ['stage model (crate::stage)', /kafkascope::stage::/],
    ['views (crate::ui)', /kafkascope::ui::/],
    ['DOM: setAttribute', /set_attribute|setAttribute/],
    ['DOM: text', /set_node_value|nodeValue/],
    ['yew reconcile', /dom_bundle/],
    ['allocation and formatting', /talc|alloc::|fmt::/],
  ];
  const buckets = new Map();
  const incl = new Map();
  const self = new Map();
  const under = new Map();
  const re = process.env.UNDER ? new RegExp(process.env.UNDER) : null;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const names = chain(id);
    const leaf = names[0];
    const hit = names.map((n) => BUCKETS.find(([, r]) => r.test(n))).find(Boolean);
    add(buckets, hit ? hit[0] : ['(program)', '(idle)', '(garbage collector)'].includes(leaf) ? leaf : 'other script', dt);
    add(self, leaf, dt);
    for (const n of new Set(names)) add(incl, n, dt);
    if (re) {
      const k = names.findIndex((n) => re.test(n));
      if (k >= 0) add(under, k === 0 ? '(self)' : names[k - 1], dt);
    }
  });
  console.log('(program) is the browser\'s own work: style, layout, paint, and the DOM calls\' insides');
  console.log(show(buckets, 20));
  if (process.env.FULL) console.log(`\ninclusive\n${show(incl, 60)}\n\nself\n${show(self, 20)}`);
  if (re) console.log(`\nunder ${process.env.UNDER}\n${show(under, 30)}`);
}
await browser.close();
server.close();
