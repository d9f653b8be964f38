// An hour of the default scene at 10× (six minutes of wall time): the page keeps up
// (virtual time keeps pace with the clock), its frame time stays in budget, and its wasm
// memory is reported at 0, 30 and 60 virtual minutes (written to e2e/artifacts/soak.json).
// The session keeps its whole history for time travel (the trace and the ops), so memory
// grows with it; the default scene's topic keeps 10 minutes of records (retention.ms).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const name = 'soak: an hour of the default scene at 10×';
// six minutes of wall time, and the page's start
export const timeoutMs = 9 * 60 * 1000;

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const FRAME_P95_MS = 16.7;
const VSYNC_MS = 1000 / 60;

export default async function ({ page, gotoApp, screenshot, log }) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.context().addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => (window.__ksWasm = e.detail?.wasm)));
  await gotoApp('/');
  const mib = () => page.evaluate(() => Math.round((10 * window.__ksWasm.memory.buffer.byteLength) / 1048576) / 10);
  const clockMs = async () => {
    const [, m, s, ms] = (await page.locator('.ks-clock').textContent()).match(/(\d+):(\d+)\.(\d+)/);
    return Number(m) * 60000 + Number(s) * 1000 + Number(ms);
  };
  const events = async () => Number((await page.locator('footer').textContent()).match(/(\d+) events/)[1]);
  const frames = (ms) =>
    page.evaluate(
      (ms) =>
        new Promise((resolve) => {
          const ts = [];
          const tick = (t) => {
            ts.push(t);
            if (t - ts[0] < ms) requestAnimationFrame(tick);
            else resolve(ts.slice(1).map((x, i) => x - ts[i]));
          };
          requestAnimationFrame(tick);
        }),
      ms,
    );
  const p95 = (v) => {
    const s = v.map((d) => Math.max(1, Math.round(d / VSYNC_MS)) * VSYNC_MS).sort((a, b) => a - b);
    return Math.round(10 * s[Math.ceil(0.95 * s.length) - 1]) / 10;
  };
  await page.getByRole('slider', { name: 'Speed' }).fill('6'); // 10×
  if ((await page.locator('.ks-speed-value').textContent()) !== '10×') throw new Error('speed is not 10×');
  const samples = [];
  const sample = async (label) => {
    const s = { label, virtualMs: await clockMs(), wallMs: Date.now() - t0, events: await events(), wasmMiB: await mib() };
    samples.push(s);
    log(`${label}: virtual ${Math.round(s.virtualMs / 1000)} s after ${Math.round(s.wallMs / 1000)} s of wall time, ${s.events} events, wasm memory ${s.wasmMiB} MiB`);
  };
  const t0 = Date.now();
  await sample('start');
  const start = samples[0].virtualMs;
  for (const minutes of [30, 60]) {
    await page.waitForFunction(
      ([from, want]) => {
        const [, m, s, ms] = document.querySelector('.ks-clock').textContent.match(/(\d+):(\d+)\.(\d+)/);
        return Number(m) * 60000 + Number(s) * 1000 + Number(ms) - from >= want;
      },
      [start, minutes * 60000],
      { timeout: 420000, polling: 1000 },
    );
    await sample(`${minutes} virtual minutes`);
  }
  const late = await frames(5000);
  const endP95 = p95(late);
  await screenshot('soak-60-minutes');
  const figures = { speed: '10×', samples, frameTimeP95MsAfterAnHour: endP95, frames: late.length };
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'soak.json'), JSON.stringify(figures, null, 2) + '\n');
  log(`after an hour: frame time p95 ${endP95} ms over ${late.length} frames`);
  const [a, , c] = samples;
  // virtual time kept pace: an hour at 10× takes six minutes, not much more
  if (c.wallMs > 1.3 * 360000) throw new Error(`an hour at 10× took ${Math.round(c.wallMs / 1000)} s of wall time`);
  if (endP95 > FRAME_P95_MS) throw new Error(`frame time p95 ${endP95} ms after an hour, target ≤ ${FRAME_P95_MS} ms`);
  // bounded: an hour of history must not take more than 256 MiB of wasm memory
  if (c.wasmMiB > 256) throw new Error(`wasm memory ${c.wasmMiB} MiB after an hour (from ${a.wasmMiB} MiB)`);
}
