// The page is one screen: at 1024x700 and above the window never scrolls, the terminal's
// prompt is in view and the stage takes most of the window (from 1280 px wide, the default
// scene's stage fits its pane without scrolling sideways, under a one-row top bar, beside
// an inspector whose tabs fit and whose Group tab shows the LAG column); presenter mode at 1280x720
// shows the stage, the group's state and a lesson's narration with no text under 16 px;
// below 900 px the panes stack. Screenshots at each size for a person to look at.
export const name = 'layout: one screen at laptop, desktop and projector sizes, stacked on a phone';

const SIZES = [
  { w: 1920, h: 1080, path: '/' },
  { w: 1440, h: 900, path: '/' },
  { w: 1366, h: 768, path: '/' },
  { w: 1280, h: 800, path: '/' },
  { w: 1024, h: 700, path: '/' },
  { w: 1280, h: 720, path: '/?present=1' },
  { w: 390, h: 844, path: '/' },
];

const measure = (page) =>
  page.evaluate(() => {
    const rect = (sel) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height, bottom: r.bottom, right: r.right };
    };
    const se = document.scrollingElement;
    return {
      scrollH: se.scrollHeight,
      scrollW: se.scrollWidth,
      innerH: window.innerHeight,
      innerW: window.innerWidth,
      stage: rect('.ks-stage-pane'),
      stageScroll: (() => {
        const el = document.querySelector('.ks-stage-pane');
        return el ? { scrollW: el.scrollWidth, clientW: el.clientWidth } : null;
      })(),
      prompt: rect('input[aria-label=Console]'),
      inspector: rect('.ks-inspector'),
      topbar: rect('.ks-topbar'),
    };
  });

// The smallest rendered text on screen, in CSS px: HTML text by its computed size, SVG
// text by its size times the SVG's scale.
const smallestText = (page, scope) =>
  page.evaluate((scope) => {
    let min = Infinity;
    let what = '';
    for (const el of document.querySelectorAll(`${scope} *`)) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none') continue;
      let px = parseFloat(cs.fontSize);
      if (el instanceof SVGElement && el.getScreenCTM) px *= el.getScreenCTM().a;
      if (px < min) {
        min = px;
        what = `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} "${el.textContent.trim().slice(0, 30)}"`;
      }
    }
    return { min, what };
  }, scope);

export default async function ({ page, gotoApp, screenshot, log }) {
  for (const { w, h, path } of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    // each size opens the page as a newcomer would: no autosaved session to bring back
    if (page.url().startsWith('http')) await page.evaluate(() => localStorage.clear());
    await gotoApp(path);
    await page.waitForTimeout(600);
    const m = await measure(page);
    const name = `layout-${w}x${h}${path.includes('present') ? '-present' : ''}`;
    await screenshot(name);
    const share = m.stage ? (m.stage.w * m.stage.h) / (w * h) : 0;
    log(`${name}: page ${m.scrollW}x${m.scrollH} in ${m.innerW}x${m.innerH}; stage ${Math.round(m.stage?.w)}x${Math.round(m.stage?.h)} (${Math.round(share * 100)} % of the window); prompt at y=${Math.round(m.prompt?.y)}..${Math.round(m.prompt?.bottom)}`);
    if (w >= 1024 && h >= 700) {
      if (m.scrollH > m.innerH + 1 || m.scrollW > m.innerW + 1) throw new Error(`${name}: the window scrolls (${m.scrollW}x${m.scrollH})`);
      if (!m.prompt || m.prompt.y < 0 || m.prompt.bottom > h + 1) throw new Error(`${name}: the terminal prompt is not in view`);
    }
    // the default scene's three brokers, its producer and its group fit a laptop's stage
    // pane without sideways scrolling from 1280 px up
    if (w >= 1280 && m.stageScroll && m.stageScroll.scrollW > m.stageScroll.clientW + 1) {
      throw new Error(`${name}: the stage is ${m.stageScroll.scrollW} px wide in a ${m.stageScroll.clientW} px pane: it scrolls sideways`);
    }
    // and its top bar keeps to one row (48 px; a second row takes 30 px from the stage)
    if (w >= 1280 && m.topbar && m.topbar.h > 56) throw new Error(`${name}: the top bar wraps (${Math.round(m.topbar.h)} px tall)`);
    if (w === 1440 && share <= 0.5) throw new Error(`${name}: the stage takes ${Math.round(share * 100)} % of the window, not over half`);
    // the inspector's five tabs fit its column (on a projector in two rows), and on a
    // laptop the Group tab shows the group's LAG column beside the offsets (the wider
    // describe columns scroll sideways in their box)
    if (w >= 1280) {
      await page.waitForSelector('table[aria-label^="Lag of group"] th', { timeout: 10_000 });
      const cut = await page.evaluate(() => {
        const box = document.querySelector('.ks-inspector').getBoundingClientRect();
        const out = (el) => el.getBoundingClientRect().right > box.right + 0.5;
        const tabs = [...document.querySelectorAll('.ks-tab')].filter(out).map((t) => t.textContent);
        const lag = [...document.querySelectorAll('table[aria-label^="Lag of group"] th')].find((th) => th.textContent === 'LAG');
        return { tabs, lag: !lag || out(lag) };
      });
      if (cut.tabs.length) throw new Error(`${name}: inspector tabs cut off: ${cut.tabs.join(', ')}`);
      if (cut.lag && !path.includes('present')) throw new Error(`${name}: the Group tab's LAG column is not in view`);
    }
    if (w < 900 && m.inspector && m.stage && m.inspector.y < m.stage.bottom - 1) throw new Error(`${name}: the panes should stack`);
    // on a laptop no inspector tab makes the column scroll sideways (a wide table or the
    // timeline scrolls in its own box), the timeline keeps a readable scale, and the
    // Glossary tab opens on the glossary
    if (w === 1440) {
      for (const tab of ['Logs', 'Timeline', 'Topics', 'Glossary', 'Group']) {
        await page.getByRole('tab', { name: tab }).click();
        const t = await page.evaluate(() => {
          const body = document.querySelector('.ks-inspector-body');
          const svg = document.querySelector('.ks-tl-svg');
          return { over: body.scrollWidth - body.clientWidth, tl: svg ? svg.getBoundingClientRect().width : null, glossary: !!document.querySelector('.ks-glossary[open]') };
        });
        if (t.over > 1) throw new Error(`${name}: the ${tab} tab makes the inspector scroll sideways by ${t.over} px`);
        if (tab === 'Timeline' && !(t.tl >= 1000)) throw new Error(`${name}: the timeline is drawn ${Math.round(t.tl)} px wide, too small to read`);
        if (tab === 'Glossary' && !t.glossary) throw new Error(`${name}: the Glossary tab shows the glossary closed`);
      }
    }
    if (path.includes('present')) {
      for (const scope of ['.ks-topbar', '.ks-stage-pane', '.ks-inspector', '.ks-drawer']) {
        const s = await smallestText(page, scope);
        log(`${name}: smallest text in ${scope}: ${s.min.toFixed(1)} px (${s.what})`);
        if (s.min < 15.9) throw new Error(`${name}: text under 16 px in ${scope}: ${s.what} at ${s.min.toFixed(1)} px`);
      }
    }
  }

  // presenter mode with a lesson: the narration, the stage and the group's state in view
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.evaluate(() => localStorage.clear());
  await gotoApp('/?present=1&empty=1');
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByRole('button', { name: /Consumer groups share the work/ }).first().click();
  const inView = (sel) =>
    page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight + 1 && r.left >= 0 && r.right <= innerWidth + 1;
    }, sel);
  // run step 1 and show step 2: its narration is in view with the stage
  for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Next step' }).click();
  await page.waitForTimeout(500);
  await screenshot('layout-1280x720-present-lesson-narration');
  if (!(await inView('[data-testid=stage]'))) throw new Error('presenter mode with a lesson: the stage is not in view at 1280x720');
  // a long paragraph scrolls in its panel: it starts in view and shows at least 200 px
  const shown = await page.evaluate(() => {
    const r = document.querySelector('.ks-narration').getBoundingClientRect();
    const panel = document.querySelector('.ks-inspector > .ks-lesson').getBoundingClientRect();
    return r.top >= panel.top && r.left >= 0 && r.right <= innerWidth + 1 ? Math.min(r.bottom, panel.bottom) - r.top : 0;
  });
  if (shown < 200) throw new Error(`presenter mode with a lesson: the narration shows ${Math.round(shown)} px at 1280x720`);
  // run step 2 (its consumers form the group): the group's state is in view, on the
  // stage and under the lesson, beside the step's checks
  await page.getByRole('button', { name: 'Next step' }).click();
  await page.waitForTimeout(800);
  await screenshot('layout-1280x720-present-lesson');
  for (const [what, sel] of [
    ["the group's state", '.ks-group-summary .ks-state'],
    ["the group's state on the stage", '[data-testid=stage-group-state]'],
    ['the stage', '[data-testid=stage]'],
  ]) {
    if (!(await inView(sel))) throw new Error(`presenter mode with a lesson: ${what} (${sel}) is not in view at 1280x720`);
  }
  for (const scope of ['.ks-inspector', '.ks-stage-pane']) {
    const s = await smallestText(page, scope);
    log(`presenter lesson: smallest text in ${scope}: ${s.min.toFixed(1)} px (${s.what})`);
    if (s.min < 15.9) throw new Error(`presenter mode with a lesson: text under 16 px in ${scope}: ${s.what}`);
  }
  const m = await measure(page);
  if (m.scrollH > m.innerH + 1) throw new Error('presenter mode with a lesson: the window scrolls');
}
