// In-page checks for hostile user content (run with page.evaluate; they must not close over
// anything outside themselves).
'use strict';

/** Runs in the page: everything wrong with the user content and the document around it. */
function inspectPage() {
  const SAFE = new Set(['http:', 'https:', 'mailto:']);
  const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data',
    'background', 'cite', 'longdesc', 'lowsrc', 'dynsrc', 'ping', 'manifest', 'codebase', 'srcset',
    'imagesrcset', 'archive', 'classid', 'profile', 'usemap', 'icon', 'to', 'from', 'values']);
  const FORBIDDEN_IN_CONTENT = 'script, iframe, object, embed, form, base, meta, style, frame, frameset, applet, link, noscript, template, svg script, math script';
  const FORBIDDEN_ANYWHERE = 'script:not([src^="/static/"]), iframe, object, embed, base, style, frame, frameset, applet';
  const problems = [];
  const show = (el) => el.outerHTML.slice(0, 200);
  const content = [...document.querySelectorAll('.post__body, .comment__body, .feedback-body, .feedback-item__excerpt, .moderation-item__text')];
  if (content.length === 0) problems.push('no user content on the page at all');
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) problems.push(`event handler attribute ${a.name}: ${show(el)}`);
    }
  }
  for (const el of document.querySelectorAll(FORBIDDEN_ANYWHERE)) problems.push(`forbidden element in the page: ${show(el)}`);
  for (const root of content) {
    for (const el of root.querySelectorAll(FORBIDDEN_IN_CONTENT)) problems.push(`forbidden element in user content: ${show(el)}`);
    for (const el of root.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (!URL_ATTRS.has(a.name.toLowerCase())) continue;
        const urls = /srcset$/i.test(a.name) ? a.value.split(',').map((s) => s.trim().split(/\s+/)[0]) : [a.value];
        for (const u of urls) {
          let protocol;
          try { protocol = new URL(u, document.baseURI).protocol; } catch { continue; }
          if (!SAFE.has(protocol)) problems.push(`${a.name} with protocol ${protocol}: ${show(el)}`);
        }
      }
    }
  }
  return problems;
}

/** Runs in the page: fires focus, click and mouse events on every element of the user content. */
async function fireEverything() {
  const SAFE = new Set(['http:', 'https:', 'mailto:']);
  // Following a harmless link would leave the page; a harmful one must be allowed to try.
  window.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href], area[href]');
    if (!a) return;
    try { if (SAFE.has(new URL(a.getAttribute('href'), document.baseURI).protocol)) e.preventDefault(); } catch { /* leave it */ }
  }, true);
  const types = ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'click', 'dblclick',
    'mouseout', 'mouseleave', 'pointerover', 'pointerdown', 'pointerup', 'focusin', 'focus', 'blur',
    'keydown', 'keyup', 'input', 'change', 'toggle', 'contextmenu', 'wheel'];
  let fired = 0;
  for (const root of document.querySelectorAll('.post__body, .comment__body, .feedback-body, .feedback-item__excerpt, .moderation-item__text')) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (typeof el.focus === 'function') el.focus();
      for (const type of types) {
        const ev = type.startsWith('mouse') || type === 'click' || type === 'dblclick' || type === 'contextmenu'
          ? new MouseEvent(type, { bubbles: true, cancelable: true })
          : new Event(type, { bubbles: true, cancelable: true });
        el.dispatchEvent(ev);
      }
      if (typeof el.click === 'function') el.click();
      fired += 1;
    }
  }
  // Let anything the events scheduled run before the page is judged.
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
  return fired;
}

module.exports = { inspectPage, fireEverything };
