// Pages made to fail: each WCAG 2.2 check must find the fault it looks for, so a check that
// checks nothing cannot pass the suite (as the Nu HTML Checker's canary does for validity).
// Each test takes the World and throws when a check misses its fault or blames a good page.
'use strict';

const assert = require('node:assert/strict');
const { keyboardFailure } = require('./keyboard');
const {
  draggingFailure, footerFacts, obscuredFailure, targetSizeAt, watchDragListeners,
} = require('./wcag22');
const { authFormProblems, pasteRefusals } = require('./flows');

/**
 * Opens `html` in a fresh context, as if from http://localhost/ (a secure context, so the
 * clipboard works, and no server: the tab is answered in the browser). Returns what the checks
 * take, and a way to close it.
 */
async function canary(world, html, contextOptions = {}) {
  const url = 'http://localhost/canary';
  const context = await world.browser.newContext(contextOptions);
  const page = await context.newPage();
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await watchDragListeners(page);
  await page.goto(url);
  return { opened: { page, url, label: 'canary' }, close: () => context.close() };
}

const doc = (body, style = '') => `<!DOCTYPE html><html lang="en"><head><title>Canary</title><style>${style}</style></head><body>${body}</body></html>`;

async function targetSize(world) {
  const { opened, close } = await canary(world, doc(`
    <p class="row"><button id="a">a</button><button id="b">b</button></p>
    <p class="apart"><button id="c">c</button><button id="d">d</button></p>
    <p>Read <a href="#x">this</a> and <a href="#y">that</a> in a sentence.</p>
    <p class="big"><button id="e">e</button><button id="f">f</button></p>`,
  `button { width: 16px; height: 16px; padding: 0; margin: 0; border: 0; }
   .row button + button { margin-left: 2px; } .apart button + button { margin-left: 30px; }
   .big button { width: 24px; height: 24px; }`));
  try {
    const problems = await targetSizeAt(opened.page);
    assert.equal(problems.length, 1, `only the two small buttons side by side fail:\n${problems.join('\n')}`);
    assert.match(problems[0], /id="a".*too close to.*id="b"/);
  } finally {
    await close();
  }
}

async function focusObscured(world) {
  const { opened, close } = await canary(world, doc(`
    <header class="bar"><a href="#top">Home</a></header>
    <main><p><a href="#under" id="under">Under the bar</a></p><p class="far"><a href="#far">Far below</a></p></main>`,
  `body { margin: 0; } .bar { position: fixed; top: 0; left: 0; right: 0; height: 120px; background: #036; z-index: 1; }
   .bar a { color: #fff; } .far { margin-top: 3000px; }`));
  try {
    await keyboardFailure(world, opened);
    const failure = await obscuredFailure(world, opened);
    assert.ok(failure, 'the link under the fixed bar is found');
    assert.match(failure, /tabbing at 1280 px: <a href="#under"[^\n]*entirely under <header/);
    assert.match(failure, /focused at 320 px: <a href="#under"[^\n]*entirely under <header/);
    assert.match(failure, /^2 focused element/, `only that link, once per width:\n${failure}`);
  } finally {
    await close();
  }
}

async function dragging(world) {
  const { opened, close } = await canary(world, doc(`
    <ul><li draggable="true">Drag me</li></ul>
    <script>document.addEventListener('pointermove', () => {});</script>`));
  try {
    const failure = await draggingFailure(world, opened);
    assert.match(failure || '', /draggable: <li draggable="true">/);
    assert.match(failure, /a pointermove listener on #document/);
  } finally {
    await close();
  }
}

async function consistentHelp(world) {
  const pages = [
    [doc('<main></main><footer><a href="/privacy">Privacy</a></footer>'), /no help group/],
    [doc('<main></main><footer><nav><a href="/accessibility">Accessibility</a></nav></footer>'), /no contact or feedback link/],
    [doc('<footer><nav><a href="/accessibility">A</a> <a href="/accessibility#feedback">C</a></nav></footer><main></main>'), /not come after the main/],
    [doc('<main></main><footer><nav><a href="/accessibility">A</a> <a href="mailto:a@b.fi">C</a></nav></footer>'), null],
  ];
  for (const [html, expected] of pages) {
    const { opened, close } = await canary(world, html);
    try {
      const facts = await opened.page.evaluate(footerFacts);
      if (expected) assert.match(facts.problem || '', expected);
      else assert.equal(facts.problem, undefined);
    } finally {
      await close();
    }
  }
}

async function authentication(world) {
  const { opened, close } = await canary(world, doc(`
    <form action="/sign-in">
      <input name="email" type="email" autocomplete="off">
      <input name="password" type="password" autocomplete="current-password" onpaste="return false">
      <input name="answer" type="text" autocomplete="one-time-code"><img alt="Type the letters" src="data:,">
    </form>`), { permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const problems = await opened.page.evaluate(authFormProblems, ['form', { email: 'username', password: 'current-password' }, 'someone@example.fi']);
    for (const expected of [/email has autocomplete="off", not "username"/, /event handler attribute onpaste/,
      /a field the test does not know/, /a puzzle or picture/, /no hidden username field/]) {
      assert.ok(problems.some((p) => expected.test(p)), `${expected} in:\n${problems.join('\n')}`);
    }
    const refused = await pasteRefusals(opened.page, 'form');
    assert.equal(refused.length, 1, `the password field refuses the paste, the others take it:\n${refused.join('\n')}`);
    assert.match(refused[0], /^password took ""/);
  } finally {
    await close();
  }
}

/** Every canary, as tests: [name, fn(world)]. */
const CANARY_TESTS = [
  ['target size', targetSize],
  ['focus not obscured', focusObscured],
  ['no dragging', dragging],
  ['consistent help', consistentHelp],
  ['accessible authentication', authentication],
];

module.exports = { CANARY_TESTS };
