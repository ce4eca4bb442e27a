// The WCAG 2.2 criteria axe cannot decide, checked on every visit of the page table:
// - target size (2.5.8): a target smaller than 24×24 CSS px is spaced so that a 24 px circle
//   round its centre meets no other target and no other small target's circle; links inside a
//   sentence are exempt, as the criterion says,
// - focus not obscured (2.4.11): a focused element is never entirely under a fixed or sticky
//   box (measured during the keyboard check's Tab walk, and again at 320 px),
// - consistent help (3.2.6): the footer's help links (the accessibility statement and how to
//   reach us) come in the same order on every page,
// - dragging (2.5.7): nothing is draggable and no script listens for dragging or pointer moves.
// The in-page functions run through page.evaluate and must not close over anything.
'use strict';

/** Runs in the page: the small targets too close to another target, as sentences. */
function targetSizeProblems() {
  const MIN = 24;
  const EPS = 0.01;
  const SELECTOR = [
    'a[href]', 'area[href]', 'button', 'input:not([type=hidden])', 'select', 'textarea', 'summary',
    '[role=button]', '[role=link]', '[role=checkbox]', '[role=radio]', '[role=switch]', '[role=tab]',
    '[role=menuitem]', '[role=option]',
  ].join(',');
  const show = (el) => el.outerHTML.slice(0, 140).replace(/\s+/g, ' ');
  // Clipped to nothing (the visually hidden pattern): no one can point at it.
  const clippedAway = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)') return true;
    }
    return false;
  };
  // An inline target with words around it in its block is a link in a sentence.
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (!block) return false;
    let text = '';
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const owner = n.parentElement.closest(SELECTOR);
      if (owner && block.contains(owner)) continue;
      if (clippedAway(n.parentElement)) continue;
      text += n.data;
    }
    return /\p{L}{2,}/u.test(text);
  };
  const targets = [];
  for (const el of document.querySelectorAll(SELECTOR)) {
    if (el.disabled || el.closest('[inert]')) continue;
    if (el.matches('summary') && el.parentElement.tagName !== 'DETAILS') continue;
    if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || clippedAway(el)) continue;
    const doc = (b) => ({ left: b.left + scrollX, top: b.top + scrollY, right: b.right + scrollX, bottom: b.bottom + scrollY });
    const rect = doc(r);
    // What a pointer hits: a link that wraps is its line pieces, not the box round them.
    const area = [...el.getClientRects()].filter((b) => b.width > 0 && b.height > 0).map(doc);
    // Moved off the page until focused (the skip link): not a target for a pointer.
    if (rect.right <= 0 || rect.bottom <= 0) continue;
    const small = r.width < MIN - EPS || r.height < MIN - EPS;
    targets.push({
      el, rect, area: area.length ? area : [rect], small, exempt: small && inSentence(el),
      cx: (rect.left + rect.right) / 2, cy: (rect.top + rect.bottom) / 2,
      size: `${Math.round(r.width * 10) / 10}×${Math.round(r.height * 10) / 10} px`,
    });
  }
  const distanceToRect = (x, y, r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const problems = [];
  const reported = new Set();
  targets.forEach((a, i) => {
    if (!a.small || a.exempt) return;
    targets.forEach((b, j) => {
      if (i === j || a.el.contains(b.el) || b.el.contains(a.el)) return;
      const intoTarget = Math.min(...b.area.map((r) => distanceToRect(a.cx, a.cy, r))) < MIN / 2 - EPS;
      const circles = b.small && !b.exempt && Math.hypot(a.cx - b.cx, a.cy - b.cy) < MIN - EPS;
      if (!intoTarget && !circles) return;
      const pair = i < j ? `${i}|${j}` : `${j}|${i}`;
      if (reported.has(pair)) return;
      reported.add(pair);
      problems.push(`${show(a.el)} (${a.size}) is too close to ${show(b.el)} (${b.size}): ${intoTarget ? 'its 24 px circle reaches that target' : 'their 24 px circles overlap'}`);
    });
  });
  return problems;
}

/** Runs in the page: every fixed or sticky box (the things that can cover a focused element). */
function pinnedBoxes() {
  return [...document.querySelectorAll('body *')]
    .filter((e) => /^(fixed|sticky)$/.test(getComputedStyle(e).position));
}

/**
 * Runs in the page: why the focused `el` cannot be seen (entirely under one of the `pinned`
 * boxes, or outside the view), or null when some of it shows. Samples a 5×5 grid of points of
 * its part in the view and asks what is on top at each.
 */
function focusObscured(el, pinned) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return null;
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  const left = Math.max(r.left, 0);
  const right = Math.min(r.right, vw);
  const top = Math.max(r.top, 0);
  const bottom = Math.min(r.bottom, vh);
  if (right <= left || bottom <= top) {
    return `out of view (at ${Math.round(r.left)},${Math.round(r.top)}; the view is ${vw}×${vh} px)`;
  }
  const N = 5;
  let cover = null;
  for (let i = 0; i < N; i += 1) {
    for (let j = 0; j < N; j += 1) {
      const hit = document.elementFromPoint(left + ((right - left) * (i + 0.5)) / N, top + ((bottom - top) * (j + 0.5)) / N);
      const by = hit && !el.contains(hit) && pinned.find((p) => p.contains(hit) && !p.contains(el));
      if (!by) return null;
      cover = by;
    }
  }
  return `entirely under ${cover.outerHTML.slice(0, 100).replace(/\s+/g, ' ')}`;
}

/**
 * The script the keyboard check's Tab walk installs (lib/keyboard.js): each press of Tab judges
 * the element focused until then, as the person sees it (focused, and scrolled into view).
 */
const RECORD_OBSCURED = `(() => {
  const pinned = (${pinnedBoxes})();
  window.__lupaObscured = [];
  document.addEventListener('keydown', (event) => {
    const el = document.activeElement;
    if (event.key !== 'Tab' || !el || el === document.body) return;
    const why = (${focusObscured})(el, pinned);
    if (why) window.__lupaObscured.push(el.outerHTML.slice(0, 140) + ': ' + why);
  }, true);
})()`;

/** In the page: focuses each element the keyboard check marked and judges it at once. */
const OBSCURED_BY_FOCUSING = `(() => {
  const pinned = (${pinnedBoxes})();
  const judge = ${focusObscured};
  const problems = [];
  for (const el of document.querySelectorAll('[data-kbd]')) {
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    el.focus();
    const why = judge(el, pinned);
    if (why) problems.push(el.outerHTML.slice(0, 140) + ': ' + why);
  }
  return problems;
})()`;

/**
 * Focus not obscured, after the keyboard check: what its Tab walk (at 1280 px) recorded, then
 * each element focused at the width the keyboard check left the page at (320 px).
 */
async function obscuredFailure(world, { page, url, label }) {
  const walked = await page.evaluate(() => window.__lupaObscured);
  if (!Array.isArray(walked)) return `the Tab walk of ${label} recorded nothing: run the keyboard check first`;
  const width = page.viewportSize().width;
  const focused = await page.evaluate(OBSCURED_BY_FOCUSING);
  const problems = [
    ...walked.map((p) => `tabbing at 1280 px: ${p}`),
    ...focused.map((p) => `focused at ${width} px: ${p}`),
  ];
  if (problems.length === 0) return null;
  return `${problems.length} focused element(s) hidden on ${label} ${url}\n  ${problems.join('\n  ')}\n${await world.evidence(page, `obscured ${label}`)}`;
}

/** Target sizes at the page's present width; null when every target passes. */
async function targetSizeAt(page) {
  const width = page.viewportSize().width;
  const problems = await page.evaluate(targetSizeProblems);
  return problems.map((p) => `at ${width} px: ${p}`);
}

/** Runs in the page: the page footer's links and its help group. */
function footerFacts() {
  const CONTACT = /^(mailto:|tel:|\/accessibility#feedback$|\/feedback(\/|$)|\/contact)/;
  const footers = [...document.querySelectorAll('footer')]
    .filter((f) => !f.parentElement.closest('article, aside, main, nav, section, header, footer'));
  if (footers.length !== 1) return { problem: `${footers.length} page footers, not one` };
  const footer = footers[0];
  const main = document.querySelector('main');
  if (!main || !(main.compareDocumentPosition(footer) & Node.DOCUMENT_POSITION_FOLLOWING)) {
    return { problem: 'the footer does not come after the main content' };
  }
  const links = [...footer.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'));
  const statement = footer.querySelector('a[href="/accessibility"]');
  const group = statement && statement.closest('nav');
  if (!group || !footer.contains(group)) return { links, problem: 'no help group (a nav) holding the accessibility statement link in the footer' };
  const helpLinks = [...group.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'));
  if (!helpLinks.some((h) => CONTACT.test(h))) return { links, problem: `the help group has no contact or feedback link: ${helpLinks.join(' ')}` };
  if (!group.checkVisibility()) return { links, problem: 'the help group is not visible' };
  return { links, helpLinks, name: group.getAttribute('aria-label') || '' };
}

/**
 * Runs in the page before its own scripts (an init script): notes each listener the page's own
 * scripts (those from its origin, inline ones included) add for dragging or pointer moves.
 * Playwright's helpers, which it may put in the page's world too, come from no address.
 */
function noteDragListeners() {
  const kinds = new Set(['dragstart', 'drag', 'dragend', 'dragenter', 'dragover', 'dragleave', 'drop',
    'pointermove', 'mousemove', 'touchmove']);
  window.__lupaDragListeners = [];
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function noted(type, ...rest) {
    if (kinds.has(type) && (new Error().stack || '').includes(`${location.origin}/`)) {
      const on = this === window ? 'window' : (this.outerHTML || this.nodeName || String(this)).slice(0, 100);
      window.__lupaDragListeners.push(`a ${type} listener on ${on}`);
    }
    return add.call(this, type, ...rest);
  };
}

/** Starts noting drag listeners in a tab; call before it navigates. */
async function watchDragListeners(page) {
  await page.addInitScript(noteDragListeners);
}

/** Dragging (2.5.7): no draggable element, and no script listening for drags or pointer moves. */
async function draggingFailure(world, { page, url, label }) {
  const problems = await page.evaluate(() => {
    const listeners = window.__lupaDragListeners;
    if (!Array.isArray(listeners)) return ['the drag listeners were not watched (watchDragListeners before goto)'];
    const draggable = [...document.querySelectorAll('[draggable="true"], [ondragstart], [ondrag], [ondrop], [ondragover]')]
      .map((el) => `draggable: ${el.outerHTML.slice(0, 140)}`);
    return [...draggable, ...listeners];
  });
  if (problems.length === 0) return null;
  return `${problems.length} dragging problem(s) on ${label} ${url}\n  ${problems.join('\n  ')}`;
}

module.exports = {
  RECORD_OBSCURED, draggingFailure, footerFacts, obscuredFailure, targetSizeAt, watchDragListeners,
};
