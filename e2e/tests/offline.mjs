// Offline: the built site needs nothing beyond its own origin, so it works from any
// static file server in a classroom without internet. Every request off the origin is
// refused and recorded; using the app (lessons, a lesson step, share, save, export,
// the glossary) must make none. The files under dist/ must not name another origin.
import fs from 'node:fs';
import path from 'node:path';

export const name = 'offline: no request leaves the origin';

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export default async function ({ page, baseUrl, gotoApp }) {
  const outside = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await gotoApp('/?scene=kafka-quickstart&seed=3&paused=1');
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByRole('button', { name: /First topic/ }).first().click();
  await page.getByRole('button', { name: 'Next step' }).click();
  await page.getByRole('button', { name: 'Next step' }).click();
  const downloads = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.locator('.ks-session-menu > summary').click(); // Share ▾: Share, Save, Open, Export
  await page.getByRole('button', { name: 'Export to real Kafka' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByRole('button', { name: 'Close lesson' }).click(); // the inspector's tabs come back
  await page.getByRole('tab', { name: 'Glossary' }).click();
  // the tab shows the glossary open, its terms in view
  await page.locator('.ks-glossary[open] dt').first().waitFor();
  await page.waitForTimeout(500);
  if (outside.length) throw new Error(`requests left the origin: ${outside.join(', ')}`);

  // nothing in the built files points at another origin (fonts, CDNs, analytics)
  const dist = path.resolve(process.env.E2E_DIST ?? 'dist');
  const offenders = [];
  for (const f of walk(dist).filter((f) => /\.(html|css|js)$/.test(f))) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:src|href)\s*=\s*["'](https?:)?\/\/[^"']+|url\(\s*["']?(https?:)?\/\/[^)]+\)|@import\s+["']?https?:/g)) offenders.push(`${path.basename(f)}: ${m[0]}`);
  }
  if (offenders.length) throw new Error(`the built site names other origins: ${offenders.join('; ')}`);
}
