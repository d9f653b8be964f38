// Share groups on the stage (issue 17): the share-group scene shows five workers on two
// partitions, every worker linked to what it shares, in-flight records under the leader
// strips (acquired in their owner's colour), the SPSO marker, and a poison record whose
// delivery count rises until it is archived; the Group tab shows kafka-share-groups.sh
// --describe's tables.
export const name = 'share groups: a queue on the stage, records acquired, released and archived';

export default async function ({ page, gotoApp, screenshot, log }) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await gotoApp('/?scene=share-group');
  const stage = page.locator('[data-testid=stage]');
  await stage.locator('.ks-share-acquired').first().waitFor({ timeout: 20000 });
  const members = await stage.locator('.ks-stage-member').count();
  if (members !== 5) throw new Error(`${members} members drawn, expected 5 share consumers`);
  // the workers that joined after the first get their partitions at their next heartbeat
  // (group.share.assignment.interval.ms holds the assignor back for 1 s, KIP-1263)
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=stage] .ks-stage-link').length >= 5, null, { timeout: 20000 }).catch(() => {});
  const links = await stage.locator('.ks-stage-link').count();
  if (links < 5) throw new Error(`only ${links} links: every share member should be linked to what it shares`);
  if ((await stage.locator('[data-marker=share-start]').count()) < 2) throw new Error('no SPSO marker on the two partitions');
  // the poison records (every seventh offset) come back: a delivery count above a cell
  await page.waitForFunction(() => [...document.querySelectorAll('.ks-share text')].some((t) => Number(t.textContent) >= 3), null, { timeout: 40000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await screenshot('share-group-stage');
  log(`share group: ${members} members, ${links} links, acquired records and redeliveries drawn`);
  await page.getByRole('tab', { name: 'Group' }).click();
  const panel = page.locator('[data-testid=share-group]');
  await panel.waitFor({ timeout: 5000 });
  const text = await panel.textContent();
  for (const want of ['Share group workers', 'START-OFFSET', 'MEMBER-EPOCH']) {
    if (!text.includes(want)) throw new Error(`the Group tab lacks ${want}`);
  }
  // the describe text is as big as the consumer group tables (.ks-table) and scrolls
  // sideways inside its own box rather than widening the inspector past the window
  const box = await page.locator('.ks-share-describe').first().evaluate((pre) => {
    const r = pre.getBoundingClientRect();
    const body = pre.closest('.ks-inspector-body').getBoundingClientRect();
    return { px: parseFloat(getComputedStyle(pre).fontSize), right: r.right, bodyRight: body.right, inner: innerWidth, scrolls: pre.scrollWidth > pre.clientWidth };
  });
  if (box.px < 12) throw new Error(`the share group's describe text is ${box.px}px, too small to read`);
  if (box.right > box.bodyRight + 1 || box.bodyRight > box.inner + 1) throw new Error(`the describe box is clipped: ${JSON.stringify(box)}`);
  await screenshot('share-group-panel');
  log(`share group describe: ${box.px}px, ${box.scrolls ? 'scrolls sideways in its box' : 'fits the inspector'}`);
  // the timeline: a lane per worker with its ShareGroupHeartbeats and acknowledgements
  await page.getByRole('tab', { name: 'Timeline' }).click();
  const lanes = page.locator('[data-testid=timeline-lane]');
  await lanes.first().waitFor({ timeout: 5000 });
  if ((await page.locator('[data-kind=acked]').count()) === 0) throw new Error('no acknowledgement on the timeline');
  await screenshot('share-group-timeline');
}
