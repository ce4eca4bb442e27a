// The world every browser test runs in: a demo server, an empty (not yet set up) server, one
// Chromium, a signed-in context per role, and the facts the page table needs (a post with
// comments, a label, an author, an invitation link, ...), all found through the real site.
//
// Pages of one context may be open side by side, but in one language at a time: a signed-in
// person's language is kept in their settings, so every page of one role shares it. Finish
// one language's pages before opening the next language's.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { launch, signIn, setLanguage, screenshot } = require('./browser');
const { DEMO_USERS, startLupa } = require('./lupa');
const { buildPanelWorld } = require('./panels');

const LANGS = ['fi', 'sv', 'en'];

async function api(base, token, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

/**
 * Registers `n` customers through the API (each from its own forwarded address, as the
 * registration counts toward the per-address limit) and returns their confirmation paths,
 * read from the outbox's .eml files once the sender has written them.
 */
async function confirmationLinks(base, dataDir, n) {
  const emails = [];
  for (let i = 0; i < n; i += 1) {
    const email = `asiakas.${i}.${Date.now()}@example.fi`;
    const res = await fetch(`${base}/api/v1/registrations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Forwarded-For': `198.51.100.${i + 10}` },
      body: JSON.stringify({ display_name: `Asiakas ${i + 1}`, email, password: 'pitkä salasana 123', language: 'fi', consent: true }),
    });
    if (res.status !== 201) throw new Error(`registration ${i}: ${res.status} ${await res.text()}`);
    emails.push(email);
  }
  return linksFromOutbox(dataDir, emails, /\/register\/confirm\/[0-9a-f]+/);
}

/**
 * The first path matching `pattern` in the email to each of `emails`, read from the outbox's
 * .eml files once the sender has written them (15 s at most).
 */
async function linksFromOutbox(dataDir, emails, pattern) {
  const outbox = path.join(dataDir, 'outbox');
  const deadline = Date.now() + 15000;
  for (;;) {
    const texts = fs.existsSync(outbox)
      ? fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'))
        .map((f) => fs.readFileSync(path.join(outbox, f), 'utf8').replace(/=\r?\n/g, ''))
      : [];
    const links = emails.map((e) => texts.find((t) => t.includes(e)))
      .map((t) => t && (t.match(pattern) || [])[0]);
    if (links.every(Boolean)) return links;
    if (Date.now() > deadline) throw new Error(`emails to ${emails.join(', ')} not written to ${outbox} in 15 s`);
    // Waiting for the mail sender, a separate worker with no event to wait on.
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every published post the caller may read, through the API's pages. */
async function allPosts(base, token) {
  const posts = [];
  for (let page = 1; ; page += 1) {
    const { json } = await api(base, token, 'GET', `/api/v1/posts?page=${page}`);
    posts.push(...json.posts);
    if (posts.length >= json.total || json.posts.length === 0) return posts;
  }
}

class World {
  /**
   * `empty: false` starts no empty server; `discover: false` skips finding and making the
   * content of the page table (for tests that bring their own).
   */
  static async start({ empty = true, discover = true, contextOptions = {} } = {}) {
    const w = new World();
    w.contextOptions = contextOptions;
    w.contexts = new Map();
    try {
      // The servers and Chromium start side by side; whatever started is stopped on failure.
      const started = await Promise.allSettled([
        startLupa({ demo: true }),
        empty ? startLupa({ demo: false }) : null,
        launch(),
      ]);
      [w.demo, w.empty, w.browser] = started.map((s) => (s.status === 'fulfilled' ? s.value : null));
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      if (discover) await w.discover();
    } catch (e) {
      await w.stop().catch(() => {});
      throw e;
    }
    return w;
  }

  /** Finds the demo content the page table points at, and makes what the demo lacks. */
  async discover() {
    const base = this.demo.base;
    this.adminToken = this.demo.token(DEMO_USERS.admin);
    const posts = await allPosts(base, this.adminToken);
    const withComments = posts.reduce((a, b) => (b.comment_count > a.comment_count ? b : a));
    this.post = withComments;
    this.postPath = `/posts/${withComments.slug}`;
    this.authorPath = `/people/${withComments.author.id}`;
    this.orgPath = `/organizations/${withComments.organisation.short_name}`;
    const labels = await (await fetch(`${base}/labels`)).text();
    const label = labels.match(/href="(\/labels\/[^"/]+)"/);
    if (!label) throw new Error('no label link on /labels');
    this.labelPath = label[1];
    const year = withComments.published_at.slice(0, 4);
    const month = String(Number(withComments.published_at.slice(5, 7)));
    this.yearPath = `/archive/${year}`;
    this.monthPath = `/archive/${year}/${month}`;

    // Another post, edited (so that its revisions page lists a revision) and with the admin's
    // own comment (for the comment editor); the post with comments stays as the demo has it.
    const other = posts.find((p) => p.slug !== withComments.slug);
    this.otherPath = `/posts/${other.slug}`;
    const patch = await api(base, this.adminToken, 'PATCH', `/api/v1${this.otherPath}`, {
      body: `${other.body}\n\nPäivitetty selaintestissä.`,
    });
    if (patch.status >= 300) throw new Error(`PATCH ${this.otherPath}: ${patch.status} ${patch.text}`);
    this.revisionsPath = `${this.otherPath}/revisions`;
    const comment = await api(base, this.adminToken, 'POST', `/api/v1${this.otherPath}/comments`, {
      body: 'Hyvä huomio, kiitos.',
    });
    if (comment.status >= 300) throw new Error(`comment: ${comment.status} ${comment.text}`);
    this.commentId = comment.json.id;
    this.commentEditPath = `/comments/${this.commentId}/edit`;

    // An invitation, made the way an admin makes one.
    const page = await this.page({ signedIn: 'admin' });
    await page.goto(`${base}/admin/people`);
    await page.fill('main form[action="/admin/people"] input[name=email]', 'uusi.henkilo@vero.example');
    await Promise.all([
      page.waitForNavigation(),
      page.click('main form[action="/admin/people"] button[type=submit]'),
    ]);
    const link = (await page.textContent('.flash__detail code')).trim();
    this.invitationPath = new URL(link, base).pathname;
    await page.close();

    // Confirmation links of new customers, one per visit of the confirmation page (each link
    // works once): registered through the API, read from the email outbox's .eml files.
    this.confirmationPaths = await confirmationLinks(base, this.demo.dataDir, 6);

    // A feedback item of the demo's tax administration (src/feedback/demo.rs), for its page.
    const feedback = await api(base, this.adminToken, 'GET', '/api/v1/feedback/vero/items');
    if (feedback.status !== 200 || !feedback.json.items.length) throw new Error(`feedback items: ${feedback.status} ${feedback.text}`);
    this.feedbackItemPath = `/feedback/vero/inbox/${feedback.json.items[0].id}`;

    // An action of the demo panel (src/actions/demo.rs), for its page.
    const actions = await api(base, this.adminToken, 'GET', '/api/v1/panels/yrityspalvelujen-asiakaspaneeli/actions');
    const inProgress = actions.status === 200 ? actions.json.actions.in_progress : [];
    if (!inProgress.length) throw new Error(`demo actions: ${actions.status} ${actions.text}`);
    this.actionPath = inProgress[0].href;

    // The demo panel's ideas task, in voting (src/tasks/ideas/demo.rs).
    const tasks = await api(base, this.adminToken, 'GET', '/api/v1/panels/yrityspalvelujen-asiakaspaneeli/tasks');
    const ideas = tasks.status === 200 ? tasks.json.tasks.find((t) => t.kind === 'ideas') : null;
    if (!ideas) throw new Error(`demo ideas task: ${tasks.status} ${tasks.text}`);
    this.demoIdeasPath = `/panels/yrityspalvelujen-asiakaspaneeli/tasks/${ideas.id}`;

    // The demo panel's task in its second round and its task aimed at one industry
    // (src/tasks/demo.rs).
    const byTitle = (title) => {
      const t = tasks.json.tasks.find((x) => x.title === title);
      if (!t) throw new Error(`demo task ${title}: ${tasks.text}`);
      return `/panels/yrityspalvelujen-asiakaspaneeli/tasks/${t.id}`;
    };
    this.demoRoundPath = byTitle('Asiointikanavat nyt – kierros 2');
    this.demoAimedPath = byTitle('Toimialan luvat ja ilmoitukset');

    // A customer panel with members, a topic, scheduling polls and a workshop (lib/panels.js).
    Object.assign(this, await buildPanelWorld(this));
  }

  /** The evaluation task's path, or the reason the world could not make one. */
  task() {
    if (!this.taskPath) throw new Error(`no evaluation task in the world: ${this.taskError}`);
    return this.taskPath;
  }

  /** The server a page-table entry runs on. */
  server(entry) {
    return entry.setup ? this.empty : this.demo;
  }

  /** The context of a server and role, made and signed in once (concurrent callers share it). */
  context(server, role) {
    const key = `${server.base}|${role}`;
    if (!this.contexts.has(key)) {
      this.contexts.set(key, (async () => {
        const c = { context: await this.browser.newContext(this.contextOptions), lang: null };
        if (role) {
          const p = await c.context.newPage();
          try { await signIn(p, server.base, role); } finally { await p.close(); }
        }
        return c;
      })());
    }
    return this.contexts.get(key);
  }

  /** A fresh tab in the context of the entry's server and role, in `lang` when given. */
  async page(entry, lang) {
    const server = this.server(entry);
    const c = await this.context(server, entry.signedIn || '');
    if (lang && c.lang !== lang) {
      // One switch per context and language, however many tabs ask for it at once.
      if (c.switchingTo !== lang) {
        c.switchingTo = lang;
        c.switched = (async () => {
          const p = await c.context.newPage();
          try { await setLanguage(p, server.base, lang); } finally { await p.close(); }
          c.lang = lang;
        })();
      }
      await c.switched;
    }
    return c.context.newPage();
  }

  /**
   * Opens an entry of the page table in a language: navigates, runs its `act`, and returns
   * { page, response, url, label } where `response` is the last document response.
   */
  async open(entry, lang, extra = {}) {
    const server = this.server(entry);
    const page = await this.page(entry, lang);
    let response = null;
    page.on('response', (r) => {
      if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) response = r;
    });
    const label = `${entry.name} [${lang}, ${entry.signedIn || 'signed out'}]`;
    try {
      const path = typeof entry.path === 'function' ? entry.path(this) : entry.path;
      if (extra.beforeGoto) await extra.beforeGoto(page);
      await page.goto(`${server.base}${path}`);
      if (entry.act) await entry.act(page, this);
      // A check of a page that is not the one meant proves nothing: make sure of it first.
      const htmlLang = await page.evaluate(() => document.documentElement.lang);
      if (lang && htmlLang !== lang) {
        throw new Error(`${label}: the page is in '${htmlLang}', not '${lang}' (${page.url()})`);
      }
      if (entry.expect && (await page.$(entry.expect)) === null) {
        throw new Error(`${label}: no ${entry.expect} on ${page.url()}`);
      }
    } catch (e) {
      await page.close().catch(() => {});
      throw e;
    }
    return { page, response, url: page.url(), label };
  }

  /** A screenshot of a failing page under target/browser/, and the line that points at it. */
  async evidence(page, label) {
    return `screenshot: ${await screenshot(page, label)}`;
  }

  async stop() {
    for (const made of this.contexts.values()) {
      await made.then(({ context }) => context.close()).catch(() => {});
    }
    if (this.browser) await this.browser.close().catch(() => {});
    if (this.demo) await this.demo.stop();
    if (this.empty) await this.empty.stop();
  }
}

module.exports = {
  World, LANGS, api, allPosts, linksFromOutbox,
};
