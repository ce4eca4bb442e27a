// Every page of the page table (lib/pages.js), in fi, sv and en, checked for
// - HTML validity: the Nu HTML Checker finds zero errors, and the declared language matches the
//   text (lib/validity.js),
// - security headers on every document sent and the flags of every cookie (lib/headers.js),
// - accessibility: axe-core, WCAG 2.0 and 2.1 A and AA (lib/axe.js),
// - keyboard and reflow: Tab reaches everything, focus is visible, no scrolling sideways at
//   320 px (lib/keyboard.js),
// - the WCAG 2.2 criteria axe cannot decide (lib/wcag22.js): target size at 1280 and 320 px,
//   focus not hidden under fixed or sticky boxes, no dragging, the help links in the same place
//   of every page's footer,
// then pages made to fail each WCAG 2.2 check (lib/canaries.js), the sign-in and password forms
// and the multi-step flows (lib/flows.js), and the README's screenshots.
//
// One world serves them all. Each page is opened once per language and every check runs on
// that visit (the keyboard check late, as it moves focus and narrows the page); up to
// LUPA_BROWSER_JOBS (4) pages are open at a time, one language after another. The visits
// happen before the tests, which then report each check of each page on its own.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { before, after, test } = require('node:test');
const { World, LANGS } = require('../lib/world');
const { PAGES } = require('../lib/pages');
const { slugify } = require('../lib/browser');
const { ARTIFACTS_DIR, REPO_ROOT } = require('../lib/lupa');
const { axeFailure } = require('../lib/axe');
const { headersFailure, recordDocuments } = require('../lib/headers');
const { keyboardFailure } = require('../lib/keyboard');
const {
  draggingFailure, footerFacts, obscuredFailure, targetSizeAt, watchDragListeners,
} = require('../lib/wcag22');
const { CANARY_TESTS } = require('../lib/canaries');
const { AUTH_TESTS, FLOW_TESTS } = require('../lib/flows');
const { checkFiles, failingMessages, writeCanary } = require('../lib/validity');

const JOBS = Math.max(1, Number(process.env.LUPA_BROWSER_JOBS) || 4);
const CHECKS = ['html', 'headers', 'dragging', 'axe', 'help', 'target', 'keyboard', 'obscured'];

let world;
let dir;
/** `${check}|${label}` -> an Error to throw, or null when the check passed. */
const outcomes = new Map();
/** label -> { file, url } of the document as sent, for the checker. */
const fetched = new Map();
/** label -> what the page's footer holds (lib/wcag22.js footerFacts). */
const footers = new Map();
let checked = null; // the checker's messages per file, or the Error it ended with
let canary = null;

const labelOf = (entry, lang) => `${entry.name} [${lang}, ${entry.signedIn || 'signed out'}]`;
const key = (check, entry, lang) => `${check}|${labelOf(entry, lang)}`;

/** Seconds spent per check (summed over the visits running side by side), for the log. */
const spent = new Map();

/** Runs one check of a visit and remembers how it went. */
async function run(check, entry, lang, fn) {
  const t0 = Date.now();
  try {
    const failure = await fn();
    outcomes.set(key(check, entry, lang), failure ? new Error(failure) : null);
  } catch (e) {
    outcomes.set(key(check, entry, lang), e);
  } finally {
    spent.set(check, (spent.get(check) || 0) + (Date.now() - t0) / 1000);
  }
}

/** Opens a page once and runs every check on it. */
async function visit(entry, lang) {
  const label = labelOf(entry, lang);
  const recording = recordDocuments();
  let opened;
  const t0 = Date.now();
  try {
    const beforeGoto = async (page) => {
      await recording.beforeGoto(page);
      await watchDragListeners(page);
    };
    opened = await world.open(entry, lang, { beforeGoto });
    spent.set('open', (spent.get('open') || 0) + (Date.now() - t0) / 1000);
  } catch (e) {
    // A page that is not the one meant fails every check with the reason.
    for (const check of CHECKS) outcomes.set(key(check, entry, lang), e);
    return;
  }
  try {
    await run('html', entry, lang, async () => {
      if (!opened.response) return `no document response for ${label} ${opened.url}`;
      const file = path.join(dir, `${slugify(label)}.html`);
      fs.writeFileSync(file, await opened.response.text());
      fetched.set(label, { file, url: opened.url });
      return null;
    });
    await run('headers', entry, lang, () => headersFailure(world, opened, recording));
    // Before axe and the keyboard check, whose own listeners would count.
    await run('dragging', entry, lang, () => draggingFailure(world, opened));
    await run('axe', entry, lang, () => axeFailure(world, opened));
    await run('help', entry, lang, async () => {
      const facts = await opened.page.evaluate(footerFacts);
      footers.set(label, facts);
      return facts.problem ? `${label} ${opened.url}: ${facts.problem}` : null;
    });
    // Target sizes at 1280 px now, at 320 px once the keyboard check has narrowed the page.
    const wide = await targetSizeAt(opened.page).catch((e) => e);
    await run('keyboard', entry, lang, () => keyboardFailure(world, opened));
    await run('obscured', entry, lang, () => obscuredFailure(world, opened));
    await run('target', entry, lang, async () => {
      if (wide instanceof Error) throw wide;
      const problems = [...wide, ...await targetSizeAt(opened.page)];
      if (problems.length === 0) return null;
      return `${problems.length} target(s) too small and too close on ${label} ${opened.url}\n  ${problems.join('\n  ')}\n${await world.evidence(opened.page, `target size ${label}`)}`;
    });
  } finally {
    await opened.page.close();
  }
}

/** Runs `fn` on every item, at most `jobs` at a time. */
async function eachBounded(items, jobs, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
}

before(async () => {
  const t0 = Date.now();
  const took = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  world = await World.start();
  console.log(`world ready after ${took()}`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lupa-vnu-'));
  // A signed-in person's language is one setting: one language at a time.
  for (const lang of LANGS) await eachBounded(PAGES, JOBS, (entry) => visit(entry, lang));
  const sums = [...spent].map(([check, s]) => `${check} ${s.toFixed(0)} s`).join(', ');
  console.log(`${PAGES.length * LANGS.length} page visits done after ${took()} (${JOBS} at a time; summed: ${sums})`);
  canary = writeCanary(dir);
  try {
    checked = await checkFiles([...[...fetched.values()].map((d) => d.file), canary]);
  } catch (e) {
    checked = e;
  }
  console.log(`Nu HTML Checker done after ${took()}`);
});
after(async () => {
  if (world) await world.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Throws what a check of a page found, if anything. */
function report(check, entry, lang) {
  const k = key(check, entry, lang);
  assert.ok(outcomes.has(k), `${labelOf(entry, lang)} was never checked`);
  const outcome = outcomes.get(k);
  if (outcome) throw outcome;
}

/** The checker's results, or what stopped it. */
function checkerResults() {
  if (checked instanceof Error) throw checked;
  return checked;
}

test('valid HTML: the checker finds the errors in a broken page', () => {
  assert.ok((checkerResults().get(path.basename(canary)) || []).some((m) => m.type === 'error'));
});

for (const lang of LANGS) {
  for (const entry of PAGES) {
    test(`valid HTML: ${labelOf(entry, lang)}`, async () => {
      report('html', entry, lang);
      const doc = fetched.get(labelOf(entry, lang));
      assert.ok(doc, 'the page was fetched');
      const messages = failingMessages(checkerResults(), doc.file);
      if (messages.length === 0) return;
      const { page } = await world.open(entry, lang);
      const shot = await world.evidence(page, `html ${labelOf(entry, lang)}`);
      await page.close();
      assert.fail(`${messages.length} HTML error(s) on ${labelOf(entry, lang)} ${doc.url}\n${messages.join('\n')}\n${shot}`);
    });
  }
}

const REPORTED = [
  ['headers', 'headers'], ['axe', 'axe'], ['keyboard', 'keyboard and reflow'],
  ['target', 'target size'], ['obscured', 'focus not obscured'], ['dragging', 'no dragging'],
];
for (const [check, title] of REPORTED) {
  for (const lang of LANGS) {
    for (const entry of PAGES) {
      test(`${title}: ${labelOf(entry, lang)}`, () => report(check, entry, lang));
    }
  }
}

/** The footer every page's must equal: the front page's, or the first page visited. */
function referenceFooter() {
  const front = footers.get(labelOf({ name: 'front page' }, LANGS[0]));
  return front && !front.problem ? front : [...footers.values()].find((f) => !f.problem);
}

for (const lang of LANGS) {
  for (const entry of PAGES) {
    test(`consistent help: ${labelOf(entry, lang)}`, () => {
      report('help', entry, lang);
      const mine = footers.get(labelOf(entry, lang));
      const reference = referenceFooter();
      assert.ok(reference, 'some page has a footer with a help group');
      assert.deepEqual(mine.links, reference.links, 'the footer links, in order, are those of every other page');
      assert.deepEqual(mine.helpLinks, reference.helpLinks, 'the help group holds the same links in the same order');
    });
  }
}

// The WCAG 2.2 checks on pages made to fail them, then the forms and flows (lib/flows.js).
for (const [name, fn] of CANARY_TESTS) test(`the ${name} check finds its fault on a page made to fail`, () => fn(world));
for (const [name, fn] of AUTH_TESTS) test(`accessible authentication: ${name}`, () => fn(world));
for (const [name, fn] of FLOW_TESTS) test(`redundant entry: ${name}`, () => fn(world));

test('headers and caching: the stylesheet, the feed, the API and the health check', async () => {
  const problems = [];
  // What caches may do with each: public files and feeds may be kept, the rest not at all.
  const caching = {
    '/static/css/lupa.css': 'public, no-cache',
    '/feed.atom': 'public, max-age=300',
    '/api/v1/posts': 'no-store',
    '/healthz': 'no-store',
    '/api/v1/openapi.json': 'no-store',
  };
  for (const [p, cacheControl] of Object.entries(caching)) {
    const res = await fetch(`${world.demo.base}${p}`);
    const headers = Object.fromEntries(res.headers.entries());
    if ((headers['x-content-type-options'] || '') !== 'nosniff') problems.push(`${p}: no nosniff`);
    if (!headers['content-security-policy']) problems.push(`${p}: no Content-Security-Policy`);
    if (headers['cache-control'] !== cacheControl) {
      problems.push(`${p}: Cache-Control ${headers['cache-control']}, not ${cacheControl}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('cookies: signing in sets a session cookie that is HttpOnly and SameSite=Lax', async () => {
  const page = await world.page({ signedIn: 'writer' });
  try {
    const cookies = await page.context().cookies();
    assert.ok(cookies.length > 0, 'a signed-in browser holds a cookie');
    for (const c of cookies) {
      assert.ok(c.httpOnly, `${c.name} is HttpOnly`);
      assert.equal(c.sameSite, 'Lax', `${c.name} is SameSite=Lax`);
    }
  } finally {
    await page.close();
  }
});

// The README's screenshots, taken from the real site: the front page and a post with comments.
// Always written to target/browser/screenshots/; with LUPA_UPDATE_SCREENSHOTS=1 also to
// docs/screenshots/ (commit those when the look of the site changes).
const SHOTS = [
  { file: 'front.png', entry: { name: 'front page', path: '/' }, fullPage: false },
  { file: 'post.png', entry: { name: 'post with comments', path: (w) => w.postPath, expect: '.comment' }, fullPage: true },
];

for (const shot of SHOTS) {
  test(`screenshot: ${shot.entry.name}`, async () => {
    const { page } = await world.open(shot.entry, 'fi');
    try {
      await page.setViewportSize({ width: 1100, height: 860 });
      const dirs = [path.join(ARTIFACTS_DIR, 'screenshots')];
      if (process.env.LUPA_UPDATE_SCREENSHOTS === '1') dirs.push(path.join(REPO_ROOT, 'docs', 'screenshots'));
      for (const d of dirs) {
        fs.mkdirSync(d, { recursive: true });
        await page.screenshot({ path: path.join(d, shot.file), fullPage: shot.fullPage });
      }
    } finally {
      await page.close();
    }
  });
}
