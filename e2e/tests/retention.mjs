// Retention deletes whole segments: the deleted ones fade out over virtual time
// (pausing freezes the fade) and the log start offset moves.
export const name = 'retention: deleted segments fade out';

export default async function ({ page, gotoApp, screenshot, typeLine }) {
  await gotoApp('/?seed=5&empty=1');
  const run = typeLine;
  await run('kafkascope config log.initial.task.delay.ms=0'); // no 30 s wait before the first check
  await run('kafkascope config log.retention.check.interval.ms=500');
  await run('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 1 --replication-factor 1 --config segment.ms=200 --config retention.ms=2000');
  await run('kafka-producer-perf-test.sh --topic clicks --num-records 60 --record-size 40 --throughput 20 --producer-props bootstrap.servers=localhost:9092 > /dev/null &');
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForSelector('.ks-segment-deleted', { timeout: 20000 });
  // the stage shows it too: the deleted offsets fade on the partition's strip
  if ((await page.locator('[data-testid=stage] .ks-just-deleted').count()) === 0) throw new Error('the stage does not show the deleted segment');
  await page.getByRole('button', { name: 'Pause' }).click();
  const opacities = () => page.$$eval('.ks-segment-deleted', (els) => els.map((e) => e.style.opacity).join(','));
  const a = await opacities();
  await page.waitForTimeout(300);
  if ((await opacities()) !== a) throw new Error('the fade moved while paused');
  const title = await page.locator('.ks-segment-deleted').first().getAttribute('title');
  if (!/retention\.ms was breached/.test(title)) throw new Error(`title: ${title}`);
  await screenshot('retention');
}
