// Security headers on every page of the page table, and the flags of every cookie the site sets.
'use strict';

const assert = require('node:assert/strict');
const { before, after, test } = require('node:test');
const { World, LANGS } = require('../lib/world');
const { PAGES } = require('../lib/pages');

let world;
before(async () => { world = await World.start(); });
after(async () => { if (world) await world.stop(); });

/** The CSP as a map from directive to its list of sources. */
function parseCsp(header) {
  const out = new Map();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

/** Problems with one response's headers, as sentences. */
function headerProblems(headers) {
  const problems = [];
  const csp = headers['content-security-policy'];
  if (!csp) {
    problems.push('no Content-Security-Policy');
  } else {
    const d = parseCsp(csp);
    const scripts = d.get('script-src') || d.get('default-src');
    if (!scripts) problems.push(`CSP has neither script-src nor default-src: ${csp}`);
    else if (scripts.includes("'unsafe-inline'") || scripts.includes("'unsafe-eval'")) {
      problems.push(`CSP lets scripts run inline: ${csp}`);
    }
    const ancestors = d.get('frame-ancestors');
    if (!ancestors || ancestors.join(' ') !== "'none'") problems.push(`CSP frame-ancestors is not 'none': ${csp}`);
  }
  if ((headers['x-content-type-options'] || '').toLowerCase() !== 'nosniff') {
    problems.push(`X-Content-Type-Options is ${headers['x-content-type-options']}, not nosniff`);
  }
  if (!headers['referrer-policy']) problems.push('no Referrer-Policy');
  return problems;
}

/** Problems with the flags of each Set-Cookie header. */
function cookieProblems(setCookies) {
  const problems = [];
  for (const line of setCookies) {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    const flags = attrs.map((a) => a.toLowerCase());
    const name = pair.split('=')[0];
    if (!flags.includes('httponly')) problems.push(`cookie ${name} is not HttpOnly: ${line}`);
    if (!flags.includes('samesite=lax') && !flags.includes('samesite=strict')) {
      problems.push(`cookie ${name} is not SameSite=Lax: ${line}`);
    }
  }
  return problems;
}

for (const lang of LANGS) {
  for (const entry of PAGES) {
    test(`headers: ${entry.name} [${lang}, ${entry.signedIn || 'signed out'}]`, async () => {
      const setCookies = [];
      const documents = [];
      const { page, label } = await world.open(entry, lang, {
        beforeGoto: async (p) => {
          p.on('response', async (r) => {
            if (!r.request().isNavigationRequest()) return;
            documents.push(r);
            for (const h of await r.headersArray()) {
              if (h.name.toLowerCase() === 'set-cookie') setCookies.push(...h.value.split('\n'));
            }
          });
        },
      });
      try {
        assert.ok(documents.length > 0, `no document loaded for ${label}`);
        const problems = [];
        for (const r of documents) {
          // Redirects carry no page; every page sent must carry the headers.
          if (r.status() >= 300 && r.status() < 400) continue;
          for (const p of headerProblems(await r.allHeaders())) problems.push(`${r.status()} ${r.url()}: ${p}`);
        }
        problems.push(...cookieProblems(setCookies));
        for (const c of await page.context().cookies()) {
          if (!c.httpOnly) problems.push(`cookie ${c.name} in the browser is not HttpOnly`);
          if (c.sameSite !== 'Lax' && c.sameSite !== 'Strict') problems.push(`cookie ${c.name} is SameSite=${c.sameSite}`);
        }
        if (problems.length > 0) {
          throw new Error(`${problems.length} header/cookie problem(s) on ${label}\n  ${problems.join('\n  ')}\n${await world.evidence(page, `headers ${label}`)}`);
        }
      } finally {
        await page.close();
      }
    });
  }
}

test('headers: the stylesheet, the feed, the API and the health check', async () => {
  const problems = [];
  for (const path of ['/static/css/lupa.css', '/feed.atom', '/api/v1/posts', '/healthz', '/api/v1/openapi.json']) {
    const res = await fetch(`${world.demo.base}${path}`);
    const headers = Object.fromEntries(res.headers.entries());
    if ((headers['x-content-type-options'] || '') !== 'nosniff') problems.push(`${path}: no nosniff`);
    if (!headers['content-security-policy']) problems.push(`${path}: no Content-Security-Policy`);
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
