// The group panel: members shaped like --describe --members --verbose, the
// rebalance protocol and assignor, changing the assignor by a rolling restart
// (the commands appear in the terminal), and the lag-over-time chart.
export const name = 'group panel: members, protocol, change assignor, lag chart';

export default async function ({ page, gotoApp, screenshot, typeLine }) {
  await gotoApp('/?scene=kafka-quickstart&seed=11&paused=1');
  const run = typeLine;
  for (let i = 0; i < 2; i++) await run('kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic quickstart-events --group panel > /dev/null &');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=group-state]')].some((e) => e.textContent === 'Stable'), null, { timeout: 15000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const protocol = page.locator('[data-testid=group-protocol]');
  if (!/eager rebalancing.* · assignor range · /.test(await protocol.textContent())) throw new Error(`protocol line: ${await protocol.textContent()}`);
  const members = page.getByRole('table', { name: 'Members of group panel' });
  if ((await members.locator('tbody tr').count()) !== 2) throw new Error('expected 2 member rows');

  // lag over time: produce while nobody commits... the chart has a line once samples exist
  await run('kafka-producer-perf-test.sh --topic quickstart-events --num-records 300 --record-size 20 --throughput 100 --producer-props bootstrap.servers=localhost:9092 > /dev/null &');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Pause' }).click();
  if ((await page.locator('[data-testid=lag-chart] polyline').count()) < 1) throw new Error('no lag line');

  // change the assignor: a rolling restart, shown in the terminal, ends on roundrobin
  await page.getByRole('combobox', { name: 'Assignor for group panel' }).selectOption('roundrobin');
  await page.getByRole('button', { name: 'Change assignor' }).click();
  const terminal = await page.locator('body').innerText();
  if (!terminal.includes('partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor,org.apache.kafka.clients.consumer.RangeAssignor')) {
    throw new Error('the restart commands are not in the terminal');
  }
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => /assignor roundrobin/.test(document.querySelector('[data-testid=group-protocol]')?.textContent ?? ''), null, { timeout: 20000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await screenshot('group-panel');
}
