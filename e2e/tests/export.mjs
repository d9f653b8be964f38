// Export to real Kafka (issue 7): the controls bar's "Export to real Kafka" button
// downloads kafkascope-export.tar, a ustar archive whose first entry is the
// kafkascope-export/ folder and which holds the compose file, the session's script (with
// the quickstart's commands) and the Python examples. The archive is made by the export
// worker, which the page fetches only at the click.
import fs from 'node:fs';

export const name = 'export to real Kafka downloads a tar';

/// The (name, content) entries of a ustar archive.
function untar(buf) {
  const entries = [];
  let at = 0;
  while (at + 512 <= buf.length) {
    const header = buf.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from, len) => header.subarray(from, from + len).toString('latin1').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const fileName = (prefix ? `${prefix}/` : '') + field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    if (field(257, 6) !== 'ustar') throw new Error(`entry ${entries.length} is not ustar`);
    entries.push({ name: fileName, text: buf.subarray(at + 512, at + 512 + size).toString('utf8') });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

export default async function ({ page, gotoApp, screenshot, log }) {
  const fetched = [];
  page.context().on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const warnings = [];
  page.on('worker', (w) => w.on('console', (m) => warnings.push(`${m.type()}: ${m.text()}`)));
  await gotoApp('/?scene=kafka-quickstart&seed=42&paused=1');
  const worker = () => fetched.filter((p) => p.includes('kafkascope-export') || p.includes('export-worker'));
  if (worker().length) throw new Error(`the page fetched the export worker before Export was clicked: ${worker().join(', ')}`);
  const input = page.getByRole('textbox', { name: 'Console' });
  await input.fill('kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic quickstart-events --group demo &');
  await input.press('Enter');
  await page.locator('.ks-session-menu > summary').click(); // Share ▾ holds Export
  const button = page.getByRole('button', { name: 'Export to real Kafka' });
  if (!(await button.getAttribute('title'))?.includes('docker-compose.yml')) throw new Error('the button explains itself in its title');
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  if (download.suggestedFilename() !== 'kafkascope-export.tar') throw new Error(`download named ${download.suggestedFilename()}`);
  const buf = fs.readFileSync(await download.path());
  for (const want of ['/export-worker.js', '/kafkascope-export.js', '/kafkascope-export_bg.wasm']) {
    if (!worker().includes(want)) throw new Error(`Export did not fetch ${want}: ${worker().join(', ')}`);
  }
  if ((await button.textContent()).includes('Exporting')) throw new Error('the button still says it is exporting');
  if (warnings.length) throw new Error(`the export worker logged: ${warnings.join('; ')}`);
  if (!buf.subarray(0, 18).toString('latin1').startsWith('kafkascope-export/')) throw new Error('the tar does not start with kafkascope-export/');
  const entries = untar(buf);
  const names = entries.map((e) => e.name);
  log(`tar: ${buf.length} bytes, ${names.join(', ')}`);
  for (const want of ['kafkascope-export/', 'kafkascope-export/docker-compose.yml', 'kafkascope-export/kafkascope-session.sh', 'kafkascope-export/producer.py', 'kafkascope-export/consumer.py', 'kafkascope-export/README.md']) {
    if (!names.includes(want)) throw new Error(`the tar lacks ${want}: ${names.join(', ')}`);
  }
  const file = (n) => entries.find((e) => e.name === `kafkascope-export/${n}`).text;
  if (!file('docker-compose.yml').includes('image: apache/kafka:')) throw new Error('compose file without apache/kafka');
  const script = file('kafkascope-session.sh');
  if (!script.startsWith('#!/usr/bin/env bash')) throw new Error('script without its shebang');
  for (const want of ['--topic quickstart-events --partitions 3 --replication-factor 1', 'user-2:added to cart', 'job_start 1 kafka-console-consumer.sh']) {
    if (!script.includes(want)) throw new Error(`the script lacks ${want}:\n${script}`);
  }
  if (!file('producer.py').includes('from kafka import KafkaProducer')) throw new Error('producer.py without kafka-python');
  // a second export (a new worker; the first one's handlers were freed) gives the same archive
  const [again] = await Promise.all([page.waitForEvent('download'), button.click()]);
  if (!fs.readFileSync(await again.path()).equals(buf)) throw new Error('a second export of the same session gave another archive');
  if ((await button.textContent()).includes('Exporting')) throw new Error('the button still says it is exporting after the second export');
  await screenshot('export');
}
