// Keyboard and reflow on an open page:
// - every interactive element is reached by Tab (WCAG 2.1.1),
// - the focused element looks different from the unfocused one (2.4.7),
// - at 320 CSS px there is no horizontal scrolling (1.4.10).
// The Tab walk also records focused elements hidden under fixed or sticky boxes (2.4.11, read
// by lib/wcag22.js). Leaves the page focused somewhere and 320 px wide: run it after the other
// checks of a visit.
'use strict';

const { RECORD_OBSCURED } = require('./wcag22');

/**
 * Marks every element that should take focus with data-kbd (an index) and returns a description
 * of each. Radio buttons count once per group: Tab visits the group, arrows move inside it.
 */
function markFocusable() {
  const selector = [
    'a[href]', 'area[href]', 'button', 'input', 'select', 'textarea', 'summary', 'iframe',
    '[tabindex]', '[contenteditable=""]', '[contenteditable="true"]',
  ].join(',');
  const out = [];
  let i = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (el.matches('input[type=hidden]') || el.disabled || el.closest('[inert]')) continue;
    if (el.getAttribute('tabindex') !== null && Number(el.getAttribute('tabindex')) < 0) continue;
    if (el.matches('summary') && el.parentElement.tagName !== 'DETAILS') continue;
    if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0 && getComputedStyle(el).position !== 'absolute') continue;
    el.dataset.kbd = String(i);
    const group = el.matches('input[type=radio]') && el.name ? `radio:${el.form ? el.form.action : ''}:${el.name}` : null;
    out.push({ id: String(i), group, html: el.outerHTML.slice(0, 160) });
    i += 1;
  }
  return out;
}

/** The parts of the computed style that make focus visible. */
function focusStyle(el) {
  const s = getComputedStyle(el);
  return {
    outline: s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0
      ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} ${s.outlineOffset}`,
    boxShadow: s.boxShadow,
    border: `${s.borderTopColor} ${s.borderBottomWidth} ${s.borderBottomColor}`,
    background: s.backgroundColor,
    textDecoration: s.textDecorationLine + s.textDecorationThickness,
  };
}

/** The failure report for a page of the page table, or null when keyboard and reflow are right. */
async function keyboardFailure(world, { page, url, label }) {
  const problems = [];
  const expected = await page.evaluate(markFocusable);
  await page.evaluate(RECORD_OBSCURED);
  // Tab round the whole page: a cycle is complete when focus comes back to where it began.
  // The page notes each element as focus lands on it (with its style then), so the presses
  // need no round trip of their own to read it.
  await page.evaluate(`(() => {
    window.__lupaFocusLog = [];
    document.addEventListener('focusin', (event) => {
      const el = event.target;
      window.__lupaFocusLog.push(el.dataset && el.dataset.kbd
        ? { id: el.dataset.kbd, style: (${focusStyle})(el) }
        : { id: null, tag: el.tagName });
    }, true);
  })()`);
  const visited = [];
  const styles = new Map();
  const limit = expected.length * 2 + 20;
  let read = 0;
  let pressed = 0;
  let cycled = false;
  while (!cycled && pressed < limit) {
    // A whole cycle at first (every element, the document, the first again), then a few more.
    const batch = Math.min(limit - pressed, pressed === 0 ? expected.length + 2 : 8);
    for (let n = 0; n < batch; n += 1) await page.keyboard.press('Tab');
    pressed += batch;
    const log = await page.evaluate((from) => window.__lupaFocusLog.slice(from), read);
    read += log.length;
    for (const now of log) {
      if (now.id === null) {
        if (now.tag && now.tag !== 'BODY' && now.tag !== 'MAIN') problems.push(`Tab reached an unexpected element ${now.tag}`);
        continue;
      }
      if (visited.length > 0 && now.id === visited[0]) { cycled = true; break; }
      visited.push(now.id);
      styles.set(now.id, now.style);
    }
  }
  const seen = new Set(visited);
  const seenGroups = new Set(expected.filter((e) => seen.has(e.id) && e.group).map((e) => e.group));
  for (const e of expected) {
    if (!seen.has(e.id) && !(e.group && seenGroups.has(e.group))) {
      problems.push(`not reachable by Tab: ${e.html}`);
    }
  }
  // The same elements without focus, all read in one round trip.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const ids = [...styles.keys()];
  const unfocusedStyles = await page.evaluate(`(${JSON.stringify(ids)}).map((id) => (${focusStyle})(document.querySelector('[data-kbd="' + id + '"]')))`);
  ids.forEach((id, i) => {
    const focused = styles.get(id);
    const unfocused = unfocusedStyles[i];
    const visible = focused.outline !== unfocused.outline || focused.boxShadow !== unfocused.boxShadow;
    if (!visible) {
      const html = expected.find((e) => e.id === id).html;
      problems.push(`no visible focus indicator (outline/box-shadow unchanged: ${focused.outline}; ${focused.boxShadow}): ${html}`);
    }
  });
  // Reflow at 320 CSS px.
  await page.setViewportSize({ width: 320, height: 800 });
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.scrollWidth;
    if (width <= 320) return null;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > 320.5)
      .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > 320.5))
      .slice(0, 8)
      .map((el) => `${el.outerHTML.slice(0, 140)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
    return { width, wide };
  });
  if (overflow) {
    problems.push(`horizontal scrolling at 320 px: scrollWidth ${overflow.width}; widest elements:\n      ${overflow.wide.join('\n      ')}`);
  }
  if (problems.length === 0) return null;
  const shot = await world.evidence(page, `keyboard ${label}`);
  return `${problems.length} keyboard/reflow problem(s) on ${label} ${url}\n  ${problems.join('\n  ')}\n${shot}`;
}

module.exports = { keyboardFailure };
