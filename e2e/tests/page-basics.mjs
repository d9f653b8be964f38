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

  // static/style.css is linked, its colours apply, and dark mode changes them (each
  // colour is light-dark(LIGHT, DARK), resolved where it is used: read the body's)
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  if (light !== 'rgb(247, 248, 250)') throw new Error(`static/style.css did not load (body background ${light})`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(400); // let theme transitions finish
  const dark = await bg();
  if (dark !== 'rgb(13, 17, 23)') throw new Error(`dark theme not applied (body background ${light} -> ${dark})`);
  // the Theme button forces light over the system's dark, and dark back
  await page.getByRole('button', { name: 'Theme' }).click(); // auto -> light
  await page.waitForTimeout(400);
  if ((await bg()) !== light) throw new Error(`Theme: light did not apply (${await bg()})`);
  await page.getByRole('button', { name: 'Theme' }).click(); // light -> dark
  await page.waitForTimeout(400);
  if ((await bg()) !== dark) throw new Error(`Theme: dark did not apply (${await bg()})`);
  const file = await screenshot('app-ready-dark');
  log(`body background light ${light}, dark ${dark}; screenshot e2e/artifacts/${file.split('/').pop()}`);
}
