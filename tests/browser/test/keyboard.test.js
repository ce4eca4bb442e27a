// Keyboard and reflow on every page of the page table, in fi, sv and en:
// - every interactive element is reached by Tab (WCAG 2.1.1),
// - the focused element looks different from the unfocused one (2.4.7),
// - at 320 CSS px there is no horizontal scrolling (1.4.10).
'use strict';

const { before, after, test } = require('node:test');
const { World, LANGS } = require('../lib/world');
const { PAGES } = require('../lib/pages');

let world;
before(async () => { world = await World.start(); });
after(async () => { if (world) await world.stop(); });

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

for (const lang of LANGS) {
  for (const entry of PAGES) {
    const who = entry.signedIn || 'signed out';
    test(`keyboard and reflow: ${entry.name} [${lang}, ${who}]`, async () => {
      const { page, url, label } = await world.open(entry, lang);
      const problems = [];
      try {
        const expected = await page.evaluate(markFocusable);
        // Tab round the whole page: a cycle is complete when focus comes back to where it began.
        const visited = [];
        const styles = new Map();
        const limit = expected.length * 2 + 20;
        for (let n = 0; n < limit; n += 1) {
          await page.keyboard.press('Tab');
          const now = await page.evaluate(`(() => {
            const el = document.activeElement;
            if (!el || el === document.body || !el.dataset.kbd) return { id: null, tag: el ? el.tagName : null };
            return { id: el.dataset.kbd, style: (${focusStyle})(el) };
          })()`);
          if (now.id === null) {
            if (now.tag && now.tag !== 'BODY' && now.tag !== 'MAIN') problems.push(`Tab reached an unexpected element ${now.tag}`);
            continue;
          }
          if (visited.length > 0 && now.id === visited[0]) break;
          visited.push(now.id);
          styles.set(now.id, now.style);
        }
        const seen = new Set(visited);
        const seenGroups = new Set(expected.filter((e) => seen.has(e.id) && e.group).map((e) => e.group));
        for (const e of expected) {
          if (!seen.has(e.id) && !(e.group && seenGroups.has(e.group))) {
            problems.push(`not reachable by Tab: ${e.html}`);
          }
        }
        // The same elements without focus.
        await page.evaluate(() => document.activeElement && document.activeElement.blur());
        for (const [id, focused] of styles) {
          const unfocused = await page.evaluate(`(${focusStyle})(document.querySelector('[data-kbd="${id}"]'))`);
          const visible = focused.outline !== unfocused.outline || focused.boxShadow !== unfocused.boxShadow;
          if (!visible) {
            const html = expected.find((e) => e.id === id).html;
            problems.push(`no visible focus indicator (outline/box-shadow unchanged: ${focused.outline}; ${focused.boxShadow}): ${html}`);
          }
        }
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
        if (problems.length > 0) {
          const shot = await world.evidence(page, `keyboard ${label}`);
          throw new Error(`${problems.length} keyboard/reflow problem(s) on ${label} ${url}\n  ${problems.join('\n  ')}\n${shot}`);
        }
      } finally {
        await page.close();
      }
    });
  }
}
