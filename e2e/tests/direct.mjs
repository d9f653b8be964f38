// Direct manipulation that teaches the CLI: "+ Topic" runs kafka-topics.sh --create
// (shown in the terminal), "⚖ Leaders" runs kafka-leader-election.sh after a broker's
// restart left leaders away from their preferred replica, and the Seed field starts
// again with another seed.
export const name = 'direct manipulation: create a topic, elect preferred leaders, change the seed';

export default async function ({ page, gotoApp, screenshot }) {
  await gotoApp('/?scene=kafka-quickstart&seed=42&paused=1');
  await page.getByRole('tab', { name: 'Topics' }).click(); // the brokers' and topics' tables
  await page.getByRole('button', { name: 'Create a topic' }).click();
  await page.getByRole('row', { name: 'Partition 2 of topic-1' }).waitFor({ timeout: 5000 });
  const text = await page.locator('body').innerText();
  if (!text.includes('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic topic-1 --partitions 3 --replication-factor 3')) {
    throw new Error('the create command is not in the terminal');
  }
  if (!text.includes('Created topic topic-1.')) throw new Error("kafka-topics.sh's answer is not in the terminal");
  await page.getByRole('button', { name: 'Create a topic' }).click();
  await page.getByRole('row', { name: 'Partition 0 of topic-2' }).waitFor({ timeout: 5000 });

  // broker 1 stops and comes back: its partitions stay led elsewhere until an election
  const input = page.getByRole('textbox', { name: 'Console' });
  for (const line of ['kafkascope broker stop 1 --clean', 'kafkascope broker start 1', 'sleep 5']) {
    await input.fill(line);
    await input.press('Enter');
  }
  const notes = page.locator('.ks-cluster td', { hasText: '(preferred 1)' });
  await notes.first().waitFor({ timeout: 5000 });
  await page.locator('.ks-cluster').scrollIntoViewIfNeeded();
  await screenshot('preferred-leader');
  await page.getByRole('button', { name: 'Elect preferred leaders' }).click();
  await page.getByText(/Successfully completed leader election \(PREFERRED\) for partitions/).waitFor({ timeout: 5000 });
  await page.waitForFunction(() => ![...document.querySelectorAll('.ks-cluster td')].some((td) => td.textContent.includes('(preferred')), null, { timeout: 5000 });
  if (!(await page.locator('body').innerText()).includes('kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type preferred --all-topic-partitions')) {
    throw new Error('the election command is not in the terminal');
  }

  const seed = page.getByRole('spinbutton', { name: 'Seed' });
  await seed.fill('9');
  await seed.press('Enter');
  await page.waitForFunction(() => /seed 9 ·/.test(document.querySelector('footer')?.textContent ?? ''), null, { timeout: 5000 });
  await page.getByRole('tab', { name: 'Topics' }).click();
  if ((await page.getByRole('row', { name: 'Partition 0 of topic-1' }).count()) !== 0) throw new Error('a new seed should start a fresh simulation');

  // a seed that is not a whole number from 0 up: a clear message, the simulation unchanged
  await seed.fill('-5');
  await seed.press('Enter');
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 5000 });
  if (!/Seed: '-5' is not a whole number from 0 to 18446744073709551615; the simulation is unchanged\./.test(await alert.innerText())) {
    throw new Error(`seed alert: ${await alert.innerText()}`);
  }
  if (!/seed 9 ·/.test(await page.locator('footer').textContent())) throw new Error('a bad seed changed the simulation');
}
