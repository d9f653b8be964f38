// The page's frame: title, stylesheet (light and dark themes), and the wasm
// served as application/wasm.
export const name = 'page basics';

export default async function ({ page, baseUrl, gotoApp, screenshot, log }) {
  const wasmTypes = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasmTypes.push(r.headers()['content-type']);
  });
  await page.emulateMedia({ colorScheme: 'light' });
  await gotoApp('/');

  const title = await page.title();
  if (!/Kafkascope/.test(title)) throw new Error(`title is ${JSON.stringify(title)}`);

  if (wasmTypes.length === 0) throw new Error(`no .wasm was fetched from ${baseUrl}`);
  if (!wasmTypes.every((t) => t === 'application/wasm')) {
    throw new Error(`.wasm served as ${wasmTypes.join(', ')}`);
  }

  // static/style.css is linked, its variables apply, and dark mode changes them.
  const bg = () =>
    page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--ks-bg').trim());
  const light = await bg();
  if (!light) throw new Error('static/style.css did not load (--ks-bg is not set)');
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await bg();
  if (!dark || dark === light) throw new Error(`dark theme not applied (--ks-bg ${light} -> ${dark})`);
  await page.waitForTimeout(400); // let theme transitions finish
  const file = await screenshot('app-ready-dark');
  log(`--ks-bg light ${light}, dark ${dark}; screenshot e2e/artifacts/${file.split('/').pop()}`);
}
