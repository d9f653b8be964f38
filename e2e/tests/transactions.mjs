// Transactions on the stage (issue 18): the transactions scene shows commit markers as
// lettered cells, then a scorer crashed mid-transaction: its open record drawn
// uncommitted and the last stable offset held back beside the high watermark; once a new
// scorer fences it, the aborted record is faded and an abort marker follows. The broker
// coordinating the transactional id says so.
export const name = 'transactions: markers, the LSO, an aborted transaction on the stage';

export default async function ({ page, gotoApp, screenshot, log }) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await gotoApp('/?scene=transactions&seed=9');
  const stage = page.locator('[data-testid=stage]');
  await stage.locator('.ks-ctrl-commit').first().waitFor({ state: 'attached', timeout: 20000 });
  // the crashed scorer's open transaction holds the LSO back (from about 16 s to 24 s)
  await stage.locator('[data-marker=last-stable]').first().waitFor({ state: 'attached', timeout: 30000 });
  if ((await stage.locator('.ks-txn-open').count()) === 0) throw new Error('no uncommitted record while the LSO is held back');
  const coordinator = await stage.locator('.ks-stage-coordinator', { hasText: 'txn scorer' }).count();
  if (coordinator !== 1) throw new Error(`the transaction coordinator is marked on ${coordinator} brokers`);
  await page.getByRole('button', { name: 'Pause' }).click();
  await screenshot('transactions-open');
  log('open transaction: LSO marker and uncommitted record drawn');
  await page.getByRole('button', { name: 'Play' }).click();
  // the third scorer aborts the hanging transaction at 24 s
  await stage.locator('.ks-ctrl-abort').first().waitFor({ state: 'attached', timeout: 40000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  // the Logs tab's strips hold more offsets than the stage's: the aborted alert is there,
  // struck through, before its abort marker
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.locator('.ks-cell.ks-txn-aborted').first().waitFor({ state: 'attached', timeout: 5000 });
  if ((await page.locator('.ks-cell.ks-ctrl-abort').count()) === 0) throw new Error('no abort marker in the Logs tab');
  await screenshot('transactions-aborted');
}
