// The flow view: records travel as dots timed by virtual time, assigned partitions
// are linked to their members, a revoked partition loses its link.
export const name = 'flow: dots move with virtual time, links follow the assignment';

export default async function ({ page, gotoApp, screenshot, typeLine }) {
  await gotoApp('/?seed=7');
  const run = typeLine;
  const flow = page.locator('[data-testid=flow]');
  const dots = () => flow.locator('.ks-flow-dot').evaluateAll((els) => els.map((e) => `${e.getAttribute('x')},${e.getAttribute('y')}`));
  const links = () => flow.locator('.ks-flow-link').count();

  for (const p of [0, 1, 2]) {
    if ((await flow.getByLabel(`Partition ${p} of quickstart-events`).count()) !== 1) throw new Error(`no flow row for partition ${p}`);
  }
  await run('kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic quickstart-events --group flow > /dev/null &');
  await run('kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic quickstart-events --group flow > /dev/null &');
  await run('kafka-producer-perf-test.sh --topic quickstart-events --num-records 100000 --record-size 20 --throughput 50 --producer-props bootstrap.servers=localhost:9092 > /dev/null &');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=flow] .ks-flow-state')].some((e) => e.textContent === 'Stable'), null, { timeout: 15000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=flow] .ks-flow-dot').length > 0, null, { timeout: 10000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  if ((await links()) !== 3) throw new Error(`expected 3 assignment links (3 partitions, 2 members), saw ${await links()}`);
  const paused = await dots();
  if (paused.length === 0) throw new Error('no dots in flight after playing');
  await page.waitForTimeout(400);
  if ((await dots()).join(' ') !== paused.join(' ')) throw new Error('dots moved while paused');
  await screenshot('flow');

  // a step moves virtual time, so the dots move; stepping back puts them back exactly
  // (from an event boundary: Step back goes to the state right after the previous event)
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const atEvent = await dots();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('button', { name: 'Step back' }).click();
  if ((await dots()).join(' ') !== atEvent.join(' ')) throw new Error('step then step back did not restore the dots');

  // crash one member: after the session timeout its partitions move; the link count stays 3
  await run('kill -9 %1');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.getByRole('button', { name: 'Speed' }).count(); // no-op: keeps the page busy
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=flow] .ks-flow-member').length === 1, null, { timeout: 10000 });
  await page.getByRole('button', { name: 'Pause' }).click();
}
