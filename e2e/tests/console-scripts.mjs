// The golden scripts of tests/scripts/ typed into the browser terminal give the same
// stdout and stderr as `kafkascope run` natively (same seed, empty cluster). Two of them
// print a tool's usage text, which the page fetches from help/TOOL.txt.
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
    // a usage text is one element, filled when help/TOOL.txt has been fetched
    await page.waitForFunction(() => !document.querySelector('.ks-term-log [aria-busy="true"]'));
    const atBottom = await page.evaluate(() => {
      const log = document.querySelector('.ks-term-log');
      return log.scrollHeight - log.scrollTop - log.clientHeight < 4;
    });
    if (!atBottom) throw new Error(`${script}: the terminal does not show its last line`);
    const got = await page.evaluate(() => {
      const pick = (cls) => [...document.querySelectorAll(`.ks-term-log .${cls}`)].flatMap((e) => e.textContent.split('\n'));
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
