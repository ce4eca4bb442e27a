// axe-core on an open page: WCAG 2.0, 2.1 and 2.2, A and AA, and axe's best practices.
'use strict';

const fs = require('node:fs');

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

function describeViolations(violations) {
  return violations.map((v) => [
    `  rule ${v.id} (${v.impact}): ${v.help}`,
    `    ${v.helpUrl}`,
    ...v.nodes.map((n) => `    element ${n.target.join(' ')}\n      ${n.html}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`),
  ].join('\n')).join('\n');
}

/** The failure report for a page of the page table, or null when every rule passes. */
async function axeFailure(world, { page, url, label }) {
  // Evaluated through the DevTools protocol, so the page keeps its real CSP.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  }), TAGS);
  if (result.violations.length === 0) return null;
  const shot = await world.evidence(page, `axe ${label}`);
  return `${result.violations.length} accessibility rule(s) fail on ${label} ${url}\n${describeViolations(result.violations)}\n${shot}`;
}

module.exports = { axeFailure };
