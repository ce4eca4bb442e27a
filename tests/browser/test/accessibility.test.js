// axe-core (WCAG 2.0 and 2.1, A and AA) on every page of the page table, in fi, sv and en.
'use strict';

const fs = require('node:fs');
const { before, after, test } = require('node:test');
const { World, LANGS } = require('../lib/world');
const { PAGES } = require('../lib/pages');

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let world;
before(async () => { world = await World.start(); });
after(async () => { if (world) await world.stop(); });

function describeViolations(violations) {
  return violations.map((v) => [
    `  rule ${v.id} (${v.impact}): ${v.help}`,
    `    ${v.helpUrl}`,
    ...v.nodes.map((n) => `    element ${n.target.join(' ')}\n      ${n.html}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`),
  ].join('\n')).join('\n');
}

for (const lang of LANGS) {
  for (const entry of PAGES) {
    test(`axe: ${entry.name} [${lang}, ${entry.signedIn || 'signed out'}]`, async () => {
      const { page, url, label } = await world.open(entry, lang);
      try {
        // Evaluated through the DevTools protocol, so the page keeps its real CSP.
        await page.evaluate(AXE_SOURCE);
        const result = await page.evaluate((tags) => window.axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        }), TAGS);
        if (result.violations.length > 0) {
          const shot = await world.evidence(page, `axe ${label}`);
          throw new Error(`${result.violations.length} accessibility rule(s) fail on ${label} ${url}\n${describeViolations(result.violations)}\n${shot}`);
        }
      } finally {
        await page.close();
      }
    });
  }
}
