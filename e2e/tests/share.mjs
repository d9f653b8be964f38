// Share links, autosave, Save and Open (issue 7): a link rebuilds the identical page
// (time, offsets, group state, transcript); damaged and oversized links show an alert
// and leave an empty, working simulator; a reload restores the autosaved session; a
// saved script opens in a fresh page; a binary file is refused.
import fs from 'node:fs';
import zlib from 'node:zlib';

export const name = 'share links, autosave, save and open';

const READY = '[data-testid="app-ready"]';
const B = '--bootstrap-server localhost:9092';

export default async function ({ page, baseUrl, gotoApp, screenshot, log, typeLine }) {
  const context = page.context();
  const browser = context.browser();
  // pages this test opens itself: fail on their errors as run.mjs does for `page`
  const errors = [];
  const watch = (p, what) => {
    p.setDefaultTimeout(30000);
    p.on('pageerror', (e) => errors.push(`${what}: page error: ${e.message}`));
    p.on('console', (m) => m.type() === 'error' && errors.push(`${what}: console error: ${m.text()}`));
    return p;
  };
  const open = async (ctx, url, what) => {
    const p = watch(await ctx.newPage(), what);
    await p.goto(url, { waitUntil: 'domcontentloaded' });
    await p.waitForSelector(READY, { state: 'attached' });
    return p;
  };
  const run = (p, line) => typeLine(line, p);
  // the page's whole text, sections below the fold included: the app lets the browser
  // skip rendering those (content-visibility: auto), and innerText leaves skipped text out
  const renderAll = (sel) => {
    for (const el of document.querySelectorAll(`${sel} *`)) if (getComputedStyle(el).contentVisibility === 'auto') el.style.contentVisibility = 'visible';
    return document.querySelector(sel)?.innerText;
  };
  const visible = (p) => p.evaluate(renderAll, READY);
  // waits until the page shows exactly `want`; on timeout, says where it differs
  const expectSame = async (p, want, what) => {
    try {
      await p.waitForFunction(([f, sel, w]) => new Function(`return (${f})`)()(sel) === w, [renderAll.toString(), READY, want], { timeout: 20000 });
    } catch {
      const got = (await visible(p)).split('\n');
      const exp = want.split('\n');
      const i = exp.findIndex((l, k) => l !== got[k]);
      throw new Error(`${what}: the page differs at line ${i + 1}: got ${JSON.stringify(got[i])}, want ${JSON.stringify(exp[i])}`);
    }
  };
  const check = () => {
    if (errors.length) throw new Error(errors.join('\n'));
  };

  // 1. a state worth sharing: the quickstart, a group of two consumers, stepping, stepping back
  await gotoApp('/?scene=kafka-quickstart&seed=42&paused=1');
  await run(page, `kafka-console-consumer.sh ${B} --topic quickstart-events --group demo --from-beginning > /dev/null &`);
  await run(page, `kafka-console-consumer.sh ${B} --topic quickstart-events --group demo --formatter-property print.key=true &`);
  for (let i = 0; i < 40; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  await run(page, `kafka-consumer-groups.sh ${B} --describe --group demo`);
  for (let i = 0; i < 25; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Step back', exact: true }).click();
  const original = await visible(page);
  if (!original.includes('demo')) throw new Error('the group panel should show group demo');

  // 2. Share: the link is in the address bar and in a read-only field
  await page.locator('.ks-session-menu > summary').click(); // Share ▾
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const field = page.getByRole('textbox', { name: 'Share link' });
  await field.waitFor();
  const link = await field.inputValue();
  if (!link.startsWith(`${baseUrl}/#s=`)) throw new Error(`unexpected link ${link}`);
  if (page.url() !== link) throw new Error(`the address bar shows ${page.url()}, not the link`);
  if (!(await field.evaluate((e) => e.readOnly))) throw new Error('the link field should be read-only');
  log(`link: ${link.length} characters`);

  // 3. the link in a new page rebuilds the identical state; so does stepping on (the future is kept)
  const linked = await open(context, link, 'linked page');
  await expectSame(linked, original, 'the shared link');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await linked.getByRole('button', { name: 'Step', exact: true }).click();
  await expectSame(linked, await visible(page), 'one step after opening the link');
  await page.getByRole('button', { name: 'Step back', exact: true }).click();
  await linked.getByRole('button', { name: 'Step back', exact: true }).click();
  await screenshot('share-link-opened');

  // 4. autosave: a new page at / restores the session; a change survives a reload
  await page.waitForTimeout(700);
  const restored = await open(context, `${baseUrl}/`, 'autosave page');
  await expectSame(restored, original, 'the autosaved session');
  await run(restored, `kafka-topics.sh ${B} --list`);
  const changed = await visible(restored);
  await restored.waitForTimeout(700);
  await restored.reload({ waitUntil: 'domcontentloaded' });
  await restored.waitForSelector(READY, { state: 'attached' });
  await expectSame(restored, changed, 'the reloaded page');
  // Reset starts fresh and clears the autosave: a reload no longer brings back the group
  await restored.getByRole('button', { name: 'Reset', exact: true }).click();
  await restored.reload({ waitUntil: 'domcontentloaded' });
  await restored.waitForSelector(READY, { state: 'attached' });
  // (the empty group panel's hint mentions --group demo: look at the transcript)
  const transcript = await restored.locator('.ks-term-log').innerText();
  if (transcript.includes('kafka-consumer-groups.sh') || transcript.includes('--list')) throw new Error('Reset did not clear the autosave');

  // 5. Save downloads the script; Open runs it in a fresh page
  const [download] = await Promise.all([linked.waitForEvent('download'), linked.locator('.ks-session-menu > summary').click().then(() => linked.getByRole('button', { name: 'Save', exact: true }).click())]);
  if (download.suggestedFilename() !== 'kafkascope-session.sh') throw new Error(`download named ${download.suggestedFilename()}`);
  const script = fs.readFileSync(await download.path(), 'utf8');
  if (!script.includes('# Replay it with: kafkascope run --seed 42 kafkascope-session.sh')) throw new Error(`script header:\n${script}`);
  if (!script.includes(`--group demo --from-beginning > /dev/null &`) || !script.includes('user-0:signed up')) throw new Error(`script:\n${script}`);
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const opened = await open(fresh, `${baseUrl}/?seed=7&empty=1`, 'opened script');
  await opened.getByLabel('Open script').setInputFiles({ name: 'kafkascope-session.sh', mimeType: 'text/plain', buffer: Buffer.from(script) });
  await opened.waitForFunction(() => document.querySelector('footer')?.textContent.startsWith('seed 42'), null, { timeout: 20000 });
  const openedText = await visible(opened);
  for (const want of ['quickstart-events', 'demo', 'kafka-consumer-groups.sh']) {
    if (!openedText.includes(want)) throw new Error(`the opened script's page lacks ${want}`);
  }
  // a binary file is refused with a message, and the page keeps working
  await opened.getByLabel('Open script').setInputFiles({ name: 'photo.sh', mimeType: 'application/octet-stream', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) });
  await opened.getByRole('alert').filter({ hasText: 'photo.sh cannot be opened: line 1: this is not a text script' }).waitFor();
  if (!(await visible(opened)).includes('quickstart-events')) throw new Error('a refused file should leave the session as it was');
  await opened.getByRole('button', { name: 'Dismiss', exact: true }).click();
  await opened.getByRole('alert').waitFor({ state: 'detached' });

  // 6. damaged and oversized links: an alert, an empty simulator that works
  const payload = link.slice(link.indexOf('#s=') + 3);
  const bomb = zlib.deflateRawSync(Buffer.alloc(3 << 20, 0x61)).toString('base64url');
  const cases = [
    ['truncated', payload.slice(0, Math.floor(payload.length / 2)), /This share link cannot be opened: the link('s session)? is damaged/],
    ['bad characters', 'not+base64!', /unexpected character/],
    ['not a session', zlib.deflateRawSync(Buffer.from('hello\n')).toString('base64url'), /not a Kafkascope session/],
    ['zip bomb', bomb, /holds more than 1048576 bytes of session/],
    ['too long', 'A'.repeat(600 * 1024), /characters long; at most 524288/],
  ];
  for (const [what, data, message] of cases) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await open(ctx, `${baseUrl}/#s=${data}`, what);
    const alert = p.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    if (!message.test(text) || !text.includes('The simulator starts empty')) throw new Error(`${what}: alert says ${JSON.stringify(text)}`);
    if ((await p.locator('[data-testid=high-watermark]').count()) !== 0) throw new Error(`${what}: the simulator should be empty`);
    await run(p, `kafka-topics.sh ${B} --create --topic fresh`);
    await p.getByText('Created topic fresh.').waitFor();
    await p.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await alert.waitFor({ state: 'detached' });
    if (what === 'zip bomb') await p.screenshot({ path: 'e2e/artifacts/share-damaged-link.png' });
    await ctx.close();
    log(`${what}: refused`);
  }
  await fresh.close();
  check();
}
