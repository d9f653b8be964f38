// The golden scripts of tests/scripts/ typed into the browser terminal give the same
// stdout and stderr as `kafkascope run` natively (same seed, empty cluster).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const name = 'console scripts in the browser terminal';

const here = path.dirname(fileURLToPath(import.meta.url));
const scripts = path.join(here, '..', '..', 'tests', 'scripts');
// scripts without background jobs: an interactive shell prints job notices a script does not
const SCRIPTS = ['quickstart', 'topics_and_errors', 'offsets_and_time'];

export default async function ({ page, gotoApp, screenshot }) {
  for (const script of SCRIPTS) {
    await gotoApp('/?seed=42&empty=1');
    const input = page.getByRole('textbox', { name: 'Console' });
    const text = readFileSync(path.join(scripts, `${script}.sh`), 'utf8');
    for (const line of text.replace(/\n$/, '').split('\n')) {
      await input.fill(line);
      await input.press('Enter');
    }
    const got = await page.evaluate(() => {
      const pick = (cls) => [...document.querySelectorAll(`.ks-term-log .${cls}`)].map((e) => e.textContent);
      return { out: pick('ks-term-out'), err: pick('ks-term-err') };
    });
    const lines = (file) => {
      const t = readFileSync(path.join(scripts, file), 'utf8');
      return t === '' ? [] : t.replace(/\n$/, '').split('\n');
    };
    const wantOut = lines(`${script}.stdout`);
    const wantErr = lines(`${script}.stderr`);
    const out = got.out;
    const diff = (a, b) => {
      for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `line ${i + 1}: got ${JSON.stringify(a[i])}, want ${JSON.stringify(b[i])}`;
      return null;
    };
    const d1 = diff(out, wantOut);
    const d2 = diff(got.err, wantErr);
    if (d1 || d2) {
      await screenshot(`console-${script}-mismatch`);
      throw new Error(`${script}: stdout ${d1 ?? 'ok'}; stderr ${d2 ?? 'ok'}`);
    }
  }
  await screenshot('console-scripts');
}
