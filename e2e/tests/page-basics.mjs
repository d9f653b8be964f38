// The page's frame: title, stylesheet, and the wasm served and compiled as wasm.
export const name = 'page basics';

export default async function ({ page, baseUrl, gotoApp }) {
  const wasmTypes = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasmTypes.push(r.headers()['content-type']);
  });
  await gotoApp('/');

  const title = await page.title();
  if (!/Kafkascope/.test(title)) throw new Error(`title is ${JSON.stringify(title)}`);

  // static/style.css is linked and its variables apply.
  const bg = await page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue('--ks-bg').trim(),
  );
  if (!bg) throw new Error('static/style.css did not load (--ks-bg is not set)');

  if (wasmTypes.length === 0) throw new Error(`no .wasm was fetched from ${baseUrl}`);
  if (!wasmTypes.every((t) => t === 'application/wasm')) {
    throw new Error(`.wasm served as ${wasmTypes.join(', ')}`);
  }
}
