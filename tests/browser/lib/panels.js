// The customer-panel part of the browser world: a panel made through the real forms, with a
// facilitator (the demo editor), a panelist (the demo member), a pending application (the demo
// writer), a topic with a reply, an open scheduling poll, a workshop with a registration, and
// an unsubscribe link from an email the panel sent.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PANEL_SLUG = 'selaintestin-paneeli';

/** A valid Finnish business id (Y-tunnus) from seven digits. */
function businessId(digits) {
  const weights = [7, 9, 10, 5, 8, 4, 2];
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  const r = sum % 11;
  if (r === 1) throw new Error(`no check digit for ${digits}`);
  return `${digits}-${r === 0 ? 0 : 11 - r}`;
}

/** Sends the form that `button` (a selector or locator) belongs to and waits for the answer. */
async function send(page, button) {
  const target = typeof button === 'string' ? page.locator(button) : button;
  await Promise.all([page.waitForNavigation(), target.first().click()]);
  return new URL(page.url()).pathname;
}

function expectPath(got, want, what) {
  if (!(want instanceof RegExp ? want.test(got) : got === want)) {
    throw new Error(`${what}: ended on ${got}, expected ${want}`);
  }
}

async function applyAs(page, base, slug, company) {
  await page.goto(`${base}/panels/${slug}/apply`);
  await page.fill('#company_name', company.name);
  await page.fill('#business_id', businessId(company.digits));
  await page.selectOption('#industry', { index: 1 });
  await page.selectOption('#region', { index: 1 });
  await page.check('input[name=stage] >> nth=0');
  await page.fill('#role_in_company', company.role);
  await page.fill('#message', company.why);
  await page.check('#consent');
  const got = await send(page, 'main form[action$="/apply"] button[type=submit]');
  expectPath(got, `/panels/${slug}`, `applying as ${company.name}`);
}

/** The first unsubscribe link in the outbox of a server's SQLite database. */
function unsubscribeToken(dataDir) {
  const db = fs.readdirSync(dataDir).find((f) => /\.(db|sqlite3?)$/.test(f));
  if (!db) return null;
  const out = execFileSync('sqlite3', [path.join(dataDir, db), 'SELECT body_text FROM email_outbox'], { encoding: 'utf8' });
  const m = out.match(/\/email\/unsubscribe\/([A-Za-z0-9_-]+)/);
  return m ? m[1] : null;
}

/** Builds the panel world on the demo server; returns the facts the page table needs. */
async function buildPanelWorld(world) {
  const base = world.demo.base;
  const slug = PANEL_SLUG;
  const facts = { panelSlug: slug, panelPath: `/panels/${slug}` };

  // The admin makes the panel, with the demo editor as its facilitator.
  const admin = await world.page({ signedIn: 'admin' });
  await admin.goto(`${base}/panels/new`);
  await admin.fill('#name', 'Selaintestin paneeli');
  await admin.fill('#slug', slug);
  await admin.fill('#description', 'Paneeli, jossa selaintesti kokeilee **kaikki** sivut.');
  if (!(await admin.inputValue('#organization_id'))) await admin.selectOption('#organization_id', { index: 1 });
  await admin.fill('#term_start', '2026-01-01');
  await admin.fill('#term_end', '2028-12-31');
  await admin.check('#visibility-private');
  await admin.check('#listed_publicly');
  await admin.locator('#facilitators .choice', { hasText: 'Eero' }).locator('input').check();
  expectPath(await send(admin, 'main form[action="/panels"] button[type=submit]'), facts.panelPath, 'creating the panel');
  await admin.close();

  // The member applies and is accepted; the writer applies and waits for a decision.
  const member = await world.page({ signedIn: 'member' });
  await applyAs(member, base, slug, { name: 'Jäsenen Yritys Oy', digits: '2456789', role: 'Toimitusjohtaja', why: 'Haluamme kehittää palveluja yhdessä.' });
  const writer = await world.page({ signedIn: 'writer' });
  await applyAs(writer, base, slug, { name: 'Kirjoittajan Toiminimi', digits: '3123456', role: 'Yrittäjä', why: 'Kiinnostaa kovasti.' });
  await writer.close();
  const editor = await world.page({ signedIn: 'editor' });
  await editor.goto(`${base}/panels/${slug}/applications`);
  const app = editor.locator('article.panel-application', { hasText: 'Jäsenen Yritys Oy' });
  await send(editor, app.locator('button[value=accept]'));

  // The member starts a topic; the facilitator replies.
  await member.goto(`${base}/panels/${slug}/topics`);
  await member.fill('#title', 'Miten löydätte rahoituksen?');
  await member.fill('#body', 'Kertokaa, mistä **te** etsitte rahoitusta viimeksi.');
  facts.topicPath = await send(member, `main form[action="/panels/${slug}/topics"] button[type=submit]`);
  expectPath(facts.topicPath, /^\/panels\/[^/]+\/topics\/\d+$/, 'starting a topic');
  await editor.goto(`${base}${facts.topicPath}`);
  await editor.fill('#body', 'Kiitos aiheesta, palaan tähän työpajassa.');
  await send(editor, '#comment-form button[type=submit]');

  // Two scheduling polls: one stays open, the other becomes a workshop.
  const poll = async (title) => {
    await editor.goto(`${base}/panels/${slug}/scheduling`);
    await editor.fill('#title', title);
    await editor.fill('#description', 'Valitkaa teille sopivat ajat.');
    await editor.fill('#dates', '2027-03-10, 2027-03-11, 2027-03-12');
    await editor.fill('#start', '09:00');
    await editor.fill('#end', '11:30');
    const p = await send(editor, `main form[action="/panels/${slug}/scheduling"] button[type=submit]`);
    expectPath(p, /^\/panels\/[^/]+\/scheduling\/\d+$/, `creating the poll ${title}`);
    return p;
  };
  facts.schedulingPath = await poll('Kevään työpaja');
  const confirmed = await poll('Syksyn työpaja');
  // The member answers the open poll.
  await member.goto(`${base}${facts.schedulingPath}`);
  const radios = member.locator('#answer-form input[type=radio][value=yes]');
  for (let i = 0; i < (await radios.count()); i += 1) await radios.nth(i).check();
  await send(member, '#answer-form button[type=submit]');
  await editor.goto(`${base}${confirmed}`);
  await editor.fill('#capacity', '20');
  await editor.fill('#place', 'Kauppakatu 1, Tampere');
  facts.workshopPath = await send(editor, 'main form[action$="/confirm"] button[type=submit]');
  expectPath(facts.workshopPath, /^\/panels\/[^/]+\/workshops\/\d+$/, 'confirming a workshop');
  await member.goto(`${base}${facts.workshopPath}`);
  await send(member, '#register-form button[type=submit]');
  // An evaluation task (polls). Still being finished: if making one fails, the task pages
  // fail one by one with the reason instead of the whole world.
  try {
    await editor.goto(`${base}/panels/${slug}/tasks/new`);
    await editor.fill('#title', 'Arvioi palvelun etusivu');
    await editor.fill('#opens_at', '2026-11-01T09:00');
    await editor.fill('#q0_prompt', 'Löysitkö etsimäsi?');
    await editor.fill('#q0_options', 'Kyllä\nOsittain\nEn');
    const t = await send(editor, 'main form button[name=action][value=save]');
    facts.taskPath = /^\/panels\/[^/]+\/tasks\/\d+$/.test(t) ? t : null;
    if (!facts.taskPath) facts.taskError = `saving the task ended on ${t}`;
  } catch (e) {
    facts.taskError = e.message;
  }
  await member.close();
  await editor.close();

  const token = unsubscribeToken(world.demo.dataDir);
  facts.unsubscribePath = token ? `/email/unsubscribe/${token}` : null;
  return facts;
}

module.exports = { buildPanelWorld, businessId, PANEL_SLUG };
