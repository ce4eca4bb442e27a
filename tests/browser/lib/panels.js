// The customer-panel part of the browser world: a panel made through the real forms, with a
// facilitator (the demo editor), a panelist (the demo member), a pending application (the demo
// writer), a topic with a reply, an open scheduling poll, an evaluation task (a choice, a
// ranking and a dot vote) the member has answered, a workshop with a registration and an
// agenda (a picked task result and free items), a second workshop that has been held (minutes,
// an outcome, an attachment and the attendance), two ideas tasks (one collecting ideas, one
// voting), and an unsubscribe link from an email the panel sent. No form can move a workshop
// into the past: the second one is backdated in the database with `sqlite3`.
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

/** The SQLite database file of a server's data directory. */
function databaseFile(dataDir) {
  const db = fs.readdirSync(dataDir).find((f) => /\.(db|sqlite3?)$/.test(f));
  if (!db) throw new Error(`no SQLite database in ${dataDir}`);
  return path.join(dataDir, db);
}

/** Runs one statement on a server's SQLite database with the `sqlite3` command. */
function sqlite(dataDir, sql) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', databaseFile(dataDir), sql], { encoding: 'utf8' });
}

/**
 * Answers every question of a task's form the way a person would without dragging anything:
 * the first choice, places 1, 2, 3, ... from the ranking's selects, and all points to the
 * first idea. Returns what it answered, per question field.
 */
async function answerTask(form) {
  const questions = form.locator('fieldset.poll-question');
  const answered = {};
  for (let i = 0; i < (await questions.count()); i += 1) {
    const q = questions.nth(i);
    const field = await q.getAttribute('id');
    const selects = q.locator('select');
    const numbers = q.locator('input[type=number]');
    if ((await selects.count()) > 0) {
      answered[field] = [];
      for (let j = 0; j < (await selects.count()); j += 1) {
        await selects.nth(j).selectOption(String(j + 1));
        answered[field].push(String(j + 1));
      }
    } else if ((await numbers.count()) > 0) {
      answered[field] = [];
      for (let j = 0; j < (await numbers.count()); j += 1) {
        const value = j === 0 ? '10' : '0';
        await numbers.nth(j).fill(value);
        answered[field].push(value);
      }
    } else if ((await q.locator('textarea').count()) > 0) {
      await q.locator('textarea').fill('Hyvä näin.');
      answered[field] = 'Hyvä näin.';
    } else {
      const choice = q.locator('input[type=radio], input[type=checkbox]').first();
      await choice.check();
      answered[field] = await choice.getAttribute('id');
    }
  }
  return answered;
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
  // The facilitator's reply, which its author may edit.
  const replyEdit = await editor.locator('main a.comment__edit').first().getAttribute('href');
  expectPath(replyEdit || '(no edit link)', /^\/panels\/[^/]+\/topics\/\d+\/replies\/\d+\/edit$/, 'finding the reply editor');
  facts.replyEditPath = replyEdit;

  // Scheduling polls: one stays open, the others become workshops.
  const poll = async (title, dates = '2027-03-10, 2027-03-11, 2027-03-12') => {
    await editor.goto(`${base}/panels/${slug}/scheduling`);
    await editor.fill('#title', title);
    await editor.fill('#description', 'Valitkaa teille sopivat ajat.');
    await editor.fill('#dates', dates);
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
  // A second workshop, made the same way, that will have been held (see below).
  const past = await poll('Huhtikuun työpaja', '2027-04-13, 2027-04-14, 2027-04-15');
  await editor.goto(`${base}${past}`);
  await editor.fill('#capacity', '12');
  await editor.fill('#place', 'Hämeenkatu 5, Tampere');
  facts.pastWorkshopPath = await send(editor, 'main form[action$="/confirm"] button[type=submit]');
  expectPath(facts.pastWorkshopPath, /^\/panels\/[^/]+\/workshops\/\d+$/, 'confirming the second workshop');
  await member.goto(`${base}${facts.pastWorkshopPath}`);
  await send(member, '#register-form button[type=submit]');
  // An evaluation task (polls). Still being finished: if making one fails, the task pages
  // fail one by one with the reason instead of the whole world.
  try {
    await editor.goto(`${base}/panels/${slug}/tasks/new`);
    await editor.fill('#title', 'Arvioi palvelun etusivu');
    await editor.fill('#opens_at', '2026-11-01T09:00');
    await editor.fill('#q0_prompt', 'Löysitkö etsimäsi?');
    await editor.fill('#q0_options', 'Kyllä\nOsittain\nEn');
    // A ranking and a dot vote too, answered with selects and number fields (WCAG 2.5.7).
    await editor.fill('#q1_prompt', 'Järjestä kehityskohteet tärkeysjärjestykseen');
    await editor.selectOption('#q1_kind', 'ranking');
    await editor.fill('#q1_options', 'Haku\nLomakkeet\nOhjeet');
    await send(editor, 'main form button[name=action][value=more]');
    await editor.fill('#q2_prompt', 'Jaa kymmenen pistettä ideoille');
    await editor.selectOption('#q2_kind', 'dots');
    await editor.fill('#q2_options', 'Chat\nPuhelinaika\nVideo-ohjeet');
    const t = await send(editor, 'main form button[name=action][value=save]');
    facts.taskPath = /^\/panels\/[^/]+\/tasks\/\d+$/.test(t) ? t : null;
    if (!facts.taskPath) facts.taskError = `saving the task ended on ${t}`;
  } catch (e) {
    facts.taskError = e.message;
  }
  // The member answers the task, so that its results can be picked for an agenda.
  if (facts.taskPath) {
    await member.goto(`${base}${facts.taskPath}`);
    await answerTask(member.locator('form.poll-form'));
    expectPath(await send(member, 'form.poll-form button[type=submit]'), facts.taskPath, 'answering the task');
  }
  // The first workshop's agenda: a picked result (when there is a task) and two free items.
  const agenda = `${base}${facts.workshopPath}/agenda`;
  if (facts.taskPath) {
    await editor.goto(agenda);
    await editor.locator('#picks-form input[name=pick]').first().check();
    expectPath(await send(editor, '#picks-form button[type=submit]'), `${facts.workshopPath}/agenda`, 'picking a result for the agenda');
  }
  const addItem = async (path, title, note, minutes) => {
    await editor.goto(`${base}${path}/agenda`);
    await editor.fill('#title', title);
    await editor.fill('#note', note);
    await editor.fill('#duration', minutes);
    expectPath(await send(editor, '#item-form button[type=submit]'), `${path}/agenda`, `adding the agenda item ${title}`);
  };
  await addItem(facts.workshopPath, 'Tervetuloa ja esittäytyminen', 'Kukin kertoo **yrityksestään** lyhyesti.', '15');
  await addItem(facts.workshopPath, 'Yhteenveto ja jatko', 'Sovitaan, mitä tehdään seuraavaksi.', '20');
  await addItem(facts.pastWorkshopPath, 'Rahoituksen lähteet', 'Käydään läpi, mistä rahoitusta on löytynyt.', '45');
  // An agenda item's own editor, found by its link on the agenda page.
  await editor.goto(`${base}${facts.workshopPath}/agenda`);
  facts.agendaItemPath = await editor.locator('#agenda-items a[href*="/agenda/items/"]').first().getAttribute('href');
  if (!facts.agendaItemPath) throw new Error('no edit link on the agenda page');
  // The second workshop is moved into the past (no form may do that), and the facilitator
  // writes its minutes, an outcome, an attachment and the attendance.
  const pastId = Number(facts.pastWorkshopPath.split('/').pop());
  const moved = sqlite(world.demo.dataDir, `UPDATE workshops SET starts_at = replace(starts_at, '2027-', '2026-'), ends_at = replace(ends_at, '2027-', '2026-') WHERE id = ${pastId} AND starts_at LIKE '2027-%'; SELECT changes();`);
  if (moved.trim() !== '1') throw new Error(`backdating workshop ${pastId} changed ${moved.trim()} rows, expected 1`);
  const minutes = `${facts.pastWorkshopPath}/minutes`;
  await editor.goto(`${base}${minutes}`);
  await editor.fill('#minutes', 'Työpajassa oli **kuusi** yritystä.\n\n- Rahoitus löytyy usein verkostoista.\n- Julkiset palvelut ovat vaikeita löytää.');
  await editor.locator('#minutes-form textarea[id^="outcome-"]').first().fill('Kootaan lista rahoituslähteistä.');
  expectPath(await send(editor, '#minutes-form button[type=submit]'), minutes, 'saving the minutes');
  if ((await editor.locator('.field__error').count()) > 0) throw new Error(`saving the minutes: ${await editor.locator('.field__error').first().textContent()}`);
  await editor.fill('#attachment-title', 'Esitysaineisto');
  await editor.fill('#url', 'https://example.org/tyopaja/esitys.pdf');
  expectPath(await send(editor, '#attachment-form button[type=submit]'), minutes, 'adding an attachment');
  await editor.locator('#attendance-table input[value=yes]').first().check();
  expectPath(await send(editor, '#attendance-form button[type=submit]'), minutes, 'marking the attendance');
  // Two ideas tasks: one collecting ideas (two ideas by the member, one with a comment), one
  // moved on to voting with the facilitator's phase button.
  const ideasTask = async (title) => {
    await editor.goto(`${base}/panels/${slug}/tasks/new-ideas`);
    await editor.fill('#title', title);
    await editor.fill('#opens_at', '2026-11-01T09:00');
    await editor.fill('#voting_opens_at', '2035-01-01T09:00');
    await editor.fill('#closes_at', '2035-02-01T09:00');
    const t = await send(editor, 'main form[action$="/new-ideas"] button[type=submit]');
    expectPath(t, /^\/panels\/[^/]+\/tasks\/\d+$/, `writing the ideas task ${title}`);
    for (const idea of ['Hakukenttä etusivulle', 'Selkeämmät painikkeet']) {
      await member.goto(`${base}${t}`);
      await member.fill('#title', idea);
      await member.fill('#body', 'Ehdotus **etusivun** parantamiseksi.');
      expectPath(await send(member, 'main form[action$="/ideas"] button[type=submit]'), t, `sending the idea ${idea}`);
    }
    return t;
  };
  facts.ideasPath = await ideasTask('Ideoita etusivulle');
  await member.goto(`${base}${facts.ideasPath}`);
  facts.ideaPath = await member.locator('.idea h3 a').first().getAttribute('href');
  if (!facts.ideaPath) throw new Error('no idea on the ideas task page');
  await member.goto(`${base}${facts.ideaPath}`);
  await member.fill('#body', 'Tämä auttaisi *meitä* paljon.');
  await send(member, '#comment-form button[type=submit]');
  facts.votingPath = await ideasTask('Äänestä etusivun ideoista');
  await editor.goto(`${base}${facts.votingPath}`);
  expectPath(await send(editor, 'form.ideas-phase-form button[type=submit]'), facts.votingPath, 'starting the vote');
  await member.close();
  await editor.close();

  const token = unsubscribeToken(world.demo.dataDir);
  facts.unsubscribePath = token ? `/email/unsubscribe/${token}` : null;
  return facts;
}

module.exports = {
  answerTask, buildPanelWorld, businessId, send, PANEL_SLUG,
};
