// HTML validity: every page of the page table, in fi, sv and en, passes the Nu HTML Checker
// (npm vnu-jar, run with the machine's Java) with zero errors, and its declared language
// matches its text. The pages are fetched by Chromium as sent (the raw response, not the DOM)
// and checked in one run of the checker, which refuses localhost URLs.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { before, after, test } = require('node:test');
const vnu = require('vnu-jar');
const { World, LANGS } = require('../lib/world');
const { PAGES } = require('../lib/pages');
const { slugify } = require('../lib/browser');

let world;
let dir;
const docs = new Map(); // label -> { file, url }
let results = new Map(); // file name -> messages

const label = (entry, lang) => `${entry.name} [${lang}, ${entry.signedIn || 'signed out'}]`;

before(async () => {
  world = await World.start();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lupa-vnu-'));
  for (const lang of LANGS) {
    for (const entry of PAGES) {
      const { page, response, url } = await world.open(entry, lang);
      try {
        const file = path.join(dir, `${slugify(label(entry, lang))}.html`);
        fs.writeFileSync(file, await response.text());
        docs.set(label(entry, lang), { file, url });
      } finally {
        await page.close();
      }
    }
  }
  // A canary the checker must fail, so a checker that checks nothing cannot pass the suite.
  fs.writeFileSync(path.join(dir, 'canary.html'), '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></p></body></html>');
  docs.set('canary', { file: path.join(dir, 'canary.html'), url: 'canary' });
  let out;
  try {
    out = execFileSync('java', ['-jar', vnu, '--format', 'json', '--stdout', '--also-check-css', ...[...docs.values()].map((d) => d.file)], {
      encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    out = e.stdout; // the checker exits non-zero when it found errors
  }
  results = new Map();
  for (const m of JSON.parse(out).messages) {
    const name = decodeURIComponent(path.basename(new URL(m.url).pathname));
    if (!results.has(name)) results.set(name, []);
    results.get(name).push(m);
  }
});
after(async () => {
  if (world) await world.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Errors, and the checker's warning that the text is in another language than declared. */
const fails = (m) => m.type === 'error' || (m.type === 'non-document-error')
  || /appears to be written in/.test(m.message);

test('valid HTML: the checker finds the errors in a broken page', () => {
  assert.ok((results.get('canary.html') || []).some((m) => m.type === 'error'));
});

for (const lang of LANGS) {
  for (const entry of PAGES) {
    test(`valid HTML: ${label(entry, lang)}`, async () => {
      const doc = docs.get(label(entry, lang));
      assert.ok(doc, 'the page was fetched');
      const messages = (results.get(path.basename(doc.file)) || []).filter(fails);
      if (messages.length === 0) return;
      const report = messages.map((m) => `  line ${m.lastLine}:${m.firstColumn || m.lastColumn}: ${m.message}\n    ${(m.extract || '').replace(/\n/g, ' ')}`);
      const { page } = await world.open(entry, lang);
      const shot = await world.evidence(page, `html ${label(entry, lang)}`);
      await page.close();
      assert.fail(`${messages.length} HTML error(s) on ${label(entry, lang)} ${doc.url}\n${report.join('\n')}\n${shot}`);
    });
  }
}
