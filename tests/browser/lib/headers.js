// Security headers of every document a page visit loaded, and the flags of every cookie set.
'use strict';

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
  // A page that depends on who asks (session, CSRF token) may be kept by no cache. A public
  // page a visitor gets from Lupa's page cache may be kept, but only checked again each time
  // (`public, no-cache` with an ETag, varying on the language and the cookie).
  const cacheControl = headers['cache-control'] || '';
  const fromPageCache = cacheControl === 'public, no-cache'
    && !!headers['x-lupa-cache'] && !!headers.etag
    && /accept-language/i.test(headers.vary || '') && /cookie/i.test(headers.vary || '');
  if (cacheControl !== 'no-store' && !fromPageCache) {
    problems.push(`Cache-Control is ${cacheControl}, not no-store (nor a visitor's cached page with an ETag and Vary)`);
  }
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

/**
 * Starts recording a tab's document responses and their headers (give it to World.open as
 * `beforeGoto`); `documents` and `setCookies` fill in as the tab navigates.
 */
function recordDocuments() {
  const recording = { documents: [], setCookies: [], pending: [] };
  recording.beforeGoto = async (page) => {
    page.on('response', (r) => {
      if (!r.request().isNavigationRequest()) return;
      recording.documents.push(r);
      recording.pending.push(r.headersArray().then((headers) => {
        for (const h of headers) {
          if (h.name.toLowerCase() === 'set-cookie') recording.setCookies.push(...h.value.split('\n'));
        }
      }));
    });
  };
  return recording;
}

/** The failure report for a recorded page visit, or null when every header and cookie is right. */
async function headersFailure(world, { page, label }, recording) {
  await Promise.all(recording.pending);
  if (recording.documents.length === 0) return `no document loaded for ${label}`;
  const problems = [];
  for (const r of recording.documents) {
    // Redirects carry no page; every page sent must carry the headers.
    if (r.status() >= 300 && r.status() < 400) continue;
    for (const p of headerProblems(await r.allHeaders())) problems.push(`${r.status()} ${r.url()}: ${p}`);
  }
  problems.push(...cookieProblems(recording.setCookies));
  for (const c of await page.context().cookies()) {
    if (!c.httpOnly) problems.push(`cookie ${c.name} in the browser is not HttpOnly`);
    if (c.sameSite !== 'Lax' && c.sameSite !== 'Strict') problems.push(`cookie ${c.name} is SameSite=${c.sameSite}`);
  }
  if (problems.length === 0) return null;
  return `${problems.length} header/cookie problem(s) on ${label}\n  ${problems.join('\n  ')}\n${await world.evidence(page, `headers ${label}`)}`;
}

module.exports = { headersFailure, recordDocuments };
