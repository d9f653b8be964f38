// The stage: alive on arrival (the default scene appends and fetches records within 3 s,
// read from the page), frozen by Pause, moved by Step and put back by Step back; a
// rebalance stepped one event at a time shows JoinGroup and SyncGroup travelling between
// the members and the coordinator; clicking a broker or a member runs its command.
export const name = 'stage: alive on arrival, pause and step, a rebalance message by message, direct manipulation';

const B = '--bootstrap-server localhost:9092';

export default async function ({ page, baseUrl, gotoApp, screenshot, log, typeLine }) {
  // a browser that asks for reduced motion gets the default scene paused
  {
    const calm = await page.context().browser().newContext({ reducedMotion: 'reduce', viewport: { width: 1440, height: 900 } });
    const p = await calm.newPage();
    await p.goto(baseUrl + '/', { waitUntil: 'domcontentloaded' });
    await p.waitForSelector('[data-testid=stage-partition]');
    const t0 = await p.locator('.ks-clock').textContent();
    await p.waitForTimeout(600);
    if ((await p.getByRole('button', { name: 'Play' }).count()) !== 1) throw new Error('prefers-reduced-motion: the page should open paused');
    if ((await p.locator('.ks-clock').textContent()) !== t0) throw new Error('prefers-reduced-motion: the clock moved');
    log(`reduced motion: opened paused at ${t0}`);
    await calm.close();
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  const t0 = Date.now();
  await gotoApp('/');
  const stage = page.locator('[data-testid=stage]');
  // what the page shows: the leaders' log end offsets, and the members' positions
  const read = () =>
    page.evaluate(() => {
      const leaders = [...document.querySelectorAll('[data-testid=stage-partition]')];
      const appended = leaders.reduce((n, el) => n + Number(el.getAttribute('data-leo')), 0);
      const positions = [...document.querySelectorAll('[data-testid=stage] [data-marker=position]')].reduce(
        (n, el) => n + Number(el.getAttribute('data-offset')),
        0,
      );
      return { appended, positions, fetchDots: document.querySelectorAll('.ks-dot-fetch').length, partitions: leaders.length };
    });
  let seenFetch = false;
  let r = await read();
  while (Date.now() - t0 < 3000 && !(r.appended > 0 && r.positions > 0 && seenFetch)) {
    await page.waitForTimeout(100);
    r = await read();
    seenFetch ||= r.fetchDots > 0;
  }
  log(`after ${Date.now() - t0} ms: ${r.appended} records appended over ${r.partitions} partitions, positions add up to ${r.positions}, fetch dots seen: ${seenFetch}`);
  if (!(r.appended > 0)) throw new Error('no record appended within 3 s of opening');
  if (!(r.positions > 0) || !seenFetch) throw new Error('no record fetched within 3 s of opening');
  if ((await page.getByRole('button', { name: 'Pause' }).count()) !== 1) throw new Error('the default scene should be playing');
  await screenshot('stage-alive');

  // Pause freezes the dots; Step moves time, Step back puts the dots back exactly
  const dots = () => page.locator('.ks-stage-dot, .ks-stage-batch, .ks-stage-msg').evaluateAll((els) => els.map((e) => e.outerHTML).join('|'));
  await page.getByRole('button', { name: 'Pause' }).click();
  const paused = await dots();
  await page.waitForTimeout(400);
  if ((await dots()) !== paused) throw new Error('dots moved while paused');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const atEvent = await dots();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('button', { name: 'Step back' }).click();
  if ((await dots()) !== atEvent) throw new Error('Step then Step back did not restore the stage');

  // a third member joins test-group: step through the rebalance one event at a time
  await typeLine(`kafka-console-consumer.sh ${B} --topic test-topic --group test-group > /dev/null &`);
  const seen = new Set();
  const frames = [];
  const groupState = () => page.locator('[data-testid=stage-group-state]').first().textContent();
  let lastState = await groupState();
  for (let i = 0; i < 400 && !(seen.has('JoinGroup') && seen.has('SyncGroup') && lastState === 'Stable' && frames.length >= 3); i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const apis = await page.locator('.ks-stage-msg:not(.ks-routine)').evaluateAll((els) => els.map((e) => e.getAttribute('data-api')));
    const fresh = apis.filter((a) => !seen.has(a));
    apis.forEach((a) => seen.add(a));
    const state = await groupState();
    // a frame of the rebalance whenever a new kind of message travels or the state changes
    if ((fresh.some((a) => a === 'JoinGroup' || a === 'SyncGroup') || state !== lastState) && frames.length < 4) {
      frames.push(`${state}: ${apis.join(', ')}`);
      await screenshot(`rebalance-${frames.length}`);
    }
    lastState = state;
  }
  log(`rebalance frames: ${frames.join(' | ')}`);
  log(`protocol messages seen while stepping: ${[...seen].join(', ')}`);
  for (const want of ['JoinGroup', 'SyncGroup']) if (!seen.has(want)) throw new Error(`${want} never appeared on the stage`);
  const state = await page.locator('[data-testid=stage-group-state]').first().textContent();
  log(`group state after stepping: ${state}`);

  // direct manipulation: a click types the command
  await page.getByRole('button', { name: 'Stop broker 2' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('.ks-term-cmd')].some((e) => e.textContent.includes('kafkascope broker stop 2')));
  if ((await page.locator('.ks-stage-broker.ks-down').count()) !== 1) throw new Error('a stopped broker should grey out');
  const members = page.locator('.ks-stage-member.ks-stage-button');
  await members.first().click();
  await page.waitForFunction(() => [...document.querySelectorAll('.ks-term-cmd')].some((e) => /kill -9 %\d/.test(e.textContent)));
  await page.waitForFunction(() => document.querySelectorAll('.ks-stage-member.ks-gone').length === 1, null, { timeout: 5000 });
  await screenshot('stage-broker-down-member-crashed');
  if (!(await stage.isVisible())) throw new Error('stage hidden');
}
