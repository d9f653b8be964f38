// Play, Step, Step back and the group panel, driven like a student would.
export const name = 'controls: play, step through a rebalance, step back';

export default async function ({ page, gotoApp, screenshot, typeLine }) {
  await gotoApp('/?scene=kafka-quickstart&seed=42&paused=1');
  await page.getByRole('tab', { name: 'Topics' }).click(); // the partitions table
  const run = typeLine;
  const hw = async () =>
    page.$$eval('[data-testid=high-watermark]', (cells) => cells.reduce((s, c) => s + Number(c.textContent), 0));

  // Play: a producer in the background makes the offsets advance as virtual time passes
  const before = await hw();
  await run('kafka-producer-perf-test.sh --topic quickstart-events --num-records 500 --record-size 50 --throughput 100 --producer-props bootstrap.servers=localhost:9092 > /dev/null &');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction((b) => {
    const s = [...document.querySelectorAll('[data-testid=high-watermark]')].reduce((a, c) => a + Number(c.textContent), 0);
    return s > b + 20;
  }, before, { timeout: 10000 });
  await page.getByRole('button', { name: 'Pause' }).click();

  // stop the load, then let "pause when a rebalance starts" stop the clock for us
  await run('kill -TERM %1');
  await page.getByRole('checkbox', { name: /pause when a rebalance starts/ }).check();
  for (let i = 0; i < 3; i++) await run('kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic quickstart-events --group demo > /dev/null &');
  await page.getByRole('tab', { name: 'Group' }).click(); // the group panel
  await page.getByRole('button', { name: 'Play' }).click();
  await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: 15000 }); // it paused itself
  const state = page.locator('[data-testid=group-state]');
  const seen = [await state.first().textContent()];
  // step one protocol message at a time until the group is Stable
  for (let i = 0; i < 600 && seen[seen.length - 1] !== 'Stable'; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const s = await state.first().textContent();
    if (seen[seen.length - 1] !== s) seen.push(s);
  }
  const order = ['PreparingRebalance', 'CompletingRebalance', 'Stable'];
  const idx = order.map((s) => seen.indexOf(s));
  if (idx.some((i) => i < 0) || !(idx[0] < idx[1] && idx[1] < idx[2])) throw new Error(`states seen while stepping: ${seen.join(' → ')}`);
  await screenshot('group-stable');

  // Step back restores the previous state exactly (what the page shows)
  // the whole page's text, sections the browser skips below the fold (content-visibility) included
  const snapshot = () =>
    page.evaluate(() => {
      for (const el of document.querySelectorAll('[data-testid=app-ready] *')) if (getComputedStyle(el).contentVisibility === 'auto') el.style.contentVisibility = 'visible';
      return document.querySelector('[data-testid=app-ready]').innerText;
    });
  for (let i = 0; i < 5; i++) {
    const a = await snapshot();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const b = await snapshot();
    await page.getByRole('button', { name: 'Step back' }).click();
    const c = await snapshot();
    if (a !== c) throw new Error(`step back did not restore the page (step ${i})`);
    if (a === b) continue;
    await page.getByRole('button', { name: 'Step', exact: true }).click();
  }
  // keyboard: → steps, ← steps back
  await page.locator('.ks-status').click(); // focus off the buttons, onto the page
  const k1 = await snapshot();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  if ((await snapshot()) !== k1) throw new Error('→ then ← did not return to the same state');
}
