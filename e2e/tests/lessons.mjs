// The lesson player (issue 7): every lesson listed in dist/lessons/index.txt opens from
// the Lessons list and plays to its end with "Next step", every claim checked (✓, never
// ✗) at each pause point; answers stay hidden until revealed; "Previous step" rewinds
// the session exactly and hides the answers again; a reload resumes the lesson; presenter mode (?present=1 and the button) hides the chrome,
// enlarges the type and keeps keyboard navigation (n/p, PageDown/PageUp, Escape).
export const name = 'lessons: every lesson plays to the end through the lesson player, presenter mode';
// every lesson in the course is played, each to its end: more than the default 2 minutes
export const timeoutMs = 10 * 60 * 1000;

export default async function ({ page, baseUrl, gotoApp, screenshot, log }) {
  const get = async (p) => {
    const r = await fetch(`${baseUrl}/${p}`);
    if (!r.ok) throw new Error(`${p}: HTTP ${r.status} (is static/lessons copied into dist/lessons?)`);
    return r.text();
  };
  const files = (await get('lessons/index.txt')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (files.length === 0) throw new Error('lessons/index.txt lists no lesson');
  const lessons = [];
  for (const file of files) {
    const text = await get(`lessons/${file}`);
    const title = /^#! title: (.*)$/m.exec(text)?.[1]?.trim();
    if (!title) throw new Error(`${file} has no title`);
    const claims = text.split('\n').filter((l) => /^\s*#! expect /.test(l)).length;
    const advanced = /^#! level: advanced\s*$/m.test(text);
    lessons.push({ file, title, claims, advanced });
  }

  // the teachers' guide (docs/teaching.md) is served beside the page and linked from the list
  if (!(await get('teaching.md')).startsWith('# Teaching with Kafkascope')) throw new Error('teaching.md is not the teachers\' guide');
  {
    await gotoApp('/?empty=1');
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    const guide = page.getByRole('link', { name: /For teachers/ });
    const href = await guide.getAttribute('href');
    if (href !== 'teaching.md') throw new Error(`the lesson list's teachers' link goes to ${href}`);
    log('the lesson list links the teachers\' guide (teaching.md, served)');
  }

  const panel = page.locator('aside[aria-label="Lesson"]');
  const progress = panel.locator('.ks-lesson-progress');
  const next = panel.getByRole('button', { name: 'Next step', exact: true });
  const previous = panel.getByRole('button', { name: 'Previous step', exact: true });
  const claimsShown = panel.locator('.ks-claims');
  const terminal = () => page.locator('.ks-term-log').innerText();

  const open = async (i) => {
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    const choice = page.locator('nav[aria-label="Lesson list"] .ks-lesson-choice').nth(i);
    const shown = (await choice.locator('strong').textContent()).trim();
    if (shown !== lessons[i].title) throw new Error(`list entry ${i + 1} is '${shown}', not '${lessons[i].title}'`);
    const marked = (await choice.locator('.ks-level').count()) === 1;
    if (marked !== lessons[i].advanced) throw new Error(`list entry ${i + 1} is ${marked ? '' : 'not '}marked advanced; its file says ${lessons[i].advanced ? '' : 'not '}so`);
    await choice.click();
    await panel.waitFor();
    const h = (await panel.locator('h2').textContent()).trim();
    if (h !== lessons[i].title) throw new Error(`the panel shows '${h}' for ${lessons[i].file}`);
  };
  // waits until the panel reads "Step k of n"
  const atStep = (k, n) => panel.locator('.ks-lesson-progress', { hasText: new RegExp(`^Step ${k} of ${n}$`) }).waitFor();
  const stepCount = async () => {
    const m = /^Step (\d+) of (\d+)$/.exec((await progress.textContent()).trim());
    if (!m) throw new Error(`progress reads '${await progress.textContent()}'`);
    return [Number(m[1]), Number(m[2])];
  };
  // runs the shown step, returns its claims' texts (each must be ✓)
  const runStep = async (where) => {
    if (await claimsShown.count()) throw new Error(`${where}: claims shown before the step ran`);
    await next.click();
    await claimsShown.waitFor();
    const texts = (await claimsShown.locator('li').allTextContents()).map((t) => t.trim());
    const failed = texts.filter((t) => !t.startsWith('✓'));
    if (failed.length) throw new Error(`${where}: ${failed.join(' | ')}`);
    return texts;
  };

  await gotoApp('/?empty=1');
  for (const [i, lesson] of lessons.entries()) {
    await open(i);
    let [k, n] = await stepCount();
    if (k !== 1 || n < 1) throw new Error(`${lesson.file} opens at step ${k} of ${n}`);
    let checked = 0;
    for (;;) {
      [k] = await stepCount();
      const where = `${lesson.file} step ${k} of ${n}`;
      // predict questions: answers hidden until revealed
      const questions = await panel.locator('.ks-question').count();
      if ((await panel.locator('.ks-answer').count()) !== 0) throw new Error(`${where}: an answer shows before Reveal`);
      for (let q = 0; q < questions; q++) {
        await panel.getByRole('button', { name: 'Reveal', exact: true }).first().click();
        await panel.locator('.ks-answer').nth(q).waitFor();
      }
      const before = i === 0 && k === 2 ? await terminal() : null;
      checked += (await runStep(where)).length;
      if (before !== null) {
        // Previous step rewinds to where this step started, exactly; running it again replays it
        const after = await terminal();
        await previous.click();
        await panel.locator('.ks-lesson-hint').waitFor();
        await atStep(2, n);
        if ((await terminal()) !== before) throw new Error('Previous step did not rewind to the start of step 2');
        if ((await panel.locator('.ks-answer').count()) !== 0) throw new Error('answers stayed shown after Previous step');
        await runStep(`${where} (again)`);
        if ((await terminal()) !== after) throw new Error('running step 2 again did not replay the same run');
      }
      if (i === Math.min(1, lessons.length - 1) && k === 2) await screenshot('lesson-midway');
      if (await next.isDisabled()) break;
      await next.click();
      await atStep(k + 1, n);
    }
    if (k !== n) throw new Error(`${lesson.file}: Next step stopped at step ${k} of ${n}`);
    if (checked !== lesson.claims) throw new Error(`${lesson.file}: ${checked} claims shown, the file has ${lesson.claims}`);
    const done = (await panel.locator('.ks-lesson-done').textContent()).trim();
    if (done !== `Lesson complete: ${checked} of ${checked} claims passed.`) throw new Error(`${lesson.file}: '${done}'`);
    log(`${lesson.file}: ${n} steps, ${checked} claims ✓`);
  }
  // closing the lesson keeps the session
  const kept = await terminal();
  await panel.getByRole('button', { name: 'Close lesson' }).click();
  await panel.waitFor({ state: 'detached' });
  if ((await terminal()) !== kept) throw new Error('closing the lesson changed the session');

  // a reload resumes the lesson where it was: the step, what ran, the answers revealed
  await gotoApp('/?empty=1');
  await open(0);
  const [, rn] = await stepCount();
  await runStep('before the reload');
  await next.click();
  await atStep(2, rn);
  const revealable = await panel.getByRole('button', { name: 'Reveal', exact: true }).count();
  if (revealable) await panel.getByRole('button', { name: 'Reveal', exact: true }).first().click();
  const beforeReload = await terminal();
  await gotoApp('/');
  await panel.waitFor();
  await atStep(2, rn);
  if ((await terminal()) !== beforeReload) throw new Error('the reload did not restore the session the lesson ran in');
  if ((await panel.locator('.ks-answer').count()) !== (revealable ? 1 : 0)) throw new Error('the reload lost the revealed answer');
  await runStep('step 2 after the reload');
  await previous.click();
  await previous.click();
  await atStep(1, rn);
  if ((await claimsShown.count()) !== 0) throw new Error('Previous after the reload did not rewind to the start of step 1');
  log(`a reload resumed ${lessons[0].file} at step 2 of ${rn}`);

  // presenter mode from the URL: no header, larger type, keyboard navigation
  await gotoApp('/?present=1&empty=1');
  const app = page.locator('[data-testid=app-ready]');
  if (!/\bks-presenting\b/.test(await app.getAttribute('class'))) throw new Error('?present=1 did not start presenter mode');
  // the top bar's small controls (the seed, pause on rebalance) are not shown at projector scale
  if (await page.locator('.ks-seed').isVisible()) throw new Error('the seed control shows in presenter mode (projector scale, no chrome)');
  // projector scale: no text under 16 CSS px (e2e/tests/layout.mjs checks every pane)
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  if (size < 16) throw new Error(`presenter mode's body text is ${size}px`);
  await open(Math.min(1, lessons.length - 1));
  const narration = await panel.locator('.ks-narration').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  if (narration < 22) throw new Error(`presenter mode's narration is ${narration}px`);
  const [, pn] = await stepCount();
  await page.keyboard.press('n'); // runs step 1
  await claimsShown.waitFor();
  await page.keyboard.press('PageDown'); // shows step 2
  await atStep(2, pn);
  await page.keyboard.press('n');
  await claimsShown.waitFor();
  await screenshot('lesson-presenter');
  await page.keyboard.press('p'); // back to the start of step 2
  await claimsShown.waitFor({ state: 'detached' });
  await page.keyboard.press('PageUp'); // back to the start of step 1
  await atStep(1, pn);
  if ((await claimsShown.count()) !== 0) throw new Error('p, PageUp did not go back to the start of step 1');
  await page.keyboard.press('Escape');
  await page.locator('.ks-seed').waitFor({ state: 'visible' });
  if (/\bks-presenting\b/.test(await app.getAttribute('class'))) throw new Error('Escape did not leave presenter mode');
  const present = page.getByRole('button', { name: 'Presenter mode', exact: true });
  await present.click();
  if ((await present.getAttribute('aria-pressed')) !== 'true') throw new Error('the Present button did not enter presenter mode');
  await page.locator('.ks-seed').waitFor({ state: 'hidden' });
}
