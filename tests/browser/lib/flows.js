// Forms and multi-step flows walked the way a person walks them, for the WCAG 2.2 criteria a
// single page visit cannot show:
// - redundant entry (3.3.7): the panel application, customer registration, task answering and
//   workshop registration never ask again for what was given earlier in them: a form sent
//   back with a mistake keeps what was typed (a password excepted, for its safety), and what
//   is already known is filled in or not asked,
// - accessible authentication (3.3.8): every sign-in and password form takes pasted text,
//   tells password managers what each field is (`autocomplete`), and has no puzzle,
// - dragging (2.5.7): ranking and dot voting are answered with selects and number fields.
// Each flow takes the World (lib/world.js) after the page table's visits and throws what it
// found.
'use strict';

const assert = require('node:assert/strict');
const { DEMO_USERS } = require('./lupa');
const { businessId, send } = require('./panels');
const { linksFromOutbox } = require('./world');

/** A fresh signed-out browser context and tab on a server of the world. */
async function visitorPage(world) {
  const context = await world.browser.newContext();
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

/** Sends the form of `button` and returns the status of the page that came back. */
async function sendForStatus(page, button) {
  const [response] = await Promise.all([page.waitForNavigation(), page.locator(button).first().click()]);
  return response ? response.status() : 0;
}

/** The values of a form's named fields as the page holds them (a radio group: the checked value). */
function formValues(form) {
  return form.evaluate((f) => {
    const out = {};
    for (const el of f.elements) {
      if (!el.name || el.type === 'hidden' || el.type === 'submit') continue;
      if (el.type === 'radio' || el.type === 'checkbox') {
        if (!(el.name in out)) out[el.name] = '';
        if (el.checked) out[el.name] = el.value;
      } else {
        out[el.name] = el.value;
      }
    }
    return out;
  });
}

/** Asserts that every field in `typed` still holds what was typed. */
function assertKept(values, typed, what) {
  for (const [name, value] of Object.entries(typed)) {
    assert.equal(values[name], value, `${what}: the field ${name} no longer holds what was typed`);
  }
}

// ----- Redundant entry (3.3.7) -----

/**
 * The panel application, signed out: a mistake keeps everything typed; once applied (and so
 * signed in), applying to another panel asks no account details and has the company filled in.
 */
async function panelApplication(world) {
  const base = world.demo.base;
  const { page, close } = await visitorPage(world);
  try {
    await page.goto(`${base}${world.panelPath}/apply`);
    const stamp = Date.now();
    const typed = {
      company_name: 'Toistamaton Oy',
      business_id: businessId('1234567'),
      role_in_company: 'Hallituksen puheenjohtaja',
      message: 'Haluamme kertoa kokemuksistamme.',
      email: `toistamaton.${stamp}@yritys.example`,
      display_name: 'Tiina Toistamaton',
    };
    for (const [name, value] of Object.entries(typed)) await page.fill(`#${name}`, value);
    typed.industry = await page.locator('#industry option').nth(2).getAttribute('value');
    typed.region = await page.locator('#region option').nth(3).getAttribute('value');
    await page.selectOption('#industry', typed.industry);
    await page.selectOption('#region', typed.region);
    const stage = page.locator('input[name=stage]').nth(1);
    typed.stage = await stage.getAttribute('value');
    await stage.check();
    await page.fill('#password', 'pitkä salasana 123');
    // The consent is left out: the form comes back.
    const form = 'main form[action$="/apply"]';
    assert.equal(await sendForStatus(page, `${form} button[type=submit]`), 422, 'the form comes back with the mistake');
    assertKept(await formValues(page.locator(form)), typed, 'the application with a mistake');
    assert.equal(await page.inputValue('#password'), '', 'the password is not sent back (the one field typed again, for its safety)');

    await page.check('#consent');
    await page.fill('#password', 'pitkä salasana 123');
    await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
    assert.equal(new URL(page.url()).pathname, world.panelPath, 'the application went through');

    // Another panel: the person is signed in and their company is known.
    await page.goto(`${base}/panels/yrityspalvelujen-asiakaspaneeli/apply`);
    const again = page.locator(form);
    assert.equal(await again.count(), 1, 'the second panel takes applications');
    for (const field of ['email', 'display_name', 'password']) {
      assert.equal(await again.locator(`[name=${field}]`).count(), 0, `the account's ${field} is not asked again`);
    }
    const { message, email, display_name: name, ...company } = typed;
    assertKept(await formValues(again), company, 'the second application');
  } finally {
    await close();
  }
}

/**
 * Customer registration: a mistake keeps what was typed; once registered the person is signed
 * in (not asked to sign in), their settings hold what they gave, and the confirmation link
 * asks for nothing.
 */
async function customerRegistration(world) {
  const base = world.demo.base;
  const { page, close } = await visitorPage(world);
  try {
    await page.goto(`${base}/register`);
    const typed = {
      display_name: 'Rauni Rekisteröityjä',
      email: `rauni.${Date.now()}@example.fi`,
      language: 'sv',
    };
    await page.fill('#display_name', typed.display_name);
    await page.fill('#email', typed.email);
    await page.selectOption('#language', typed.language);
    await page.fill('#password', 'pitkä salasana 123');
    const form = 'main form[action="/register"]';
    assert.equal(await sendForStatus(page, `${form} button[type=submit]`), 422, 'no consent: the form comes back');
    assertKept(await formValues(page.locator(form)), typed, 'the registration with a mistake');

    await page.check('#consent');
    await page.fill('#password', 'pitkä salasana 123');
    await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
    assert.equal(new URL(page.url()).pathname, '/', 'registered');
    assert.equal(await page.locator('.site-account a[href="/settings"]').textContent(), typed.display_name, 'signed in without being asked to sign in');

    await page.goto(`${base}/settings`);
    assert.equal(await page.inputValue('#display_name'), typed.display_name);
    assert.equal(await page.inputValue('#language'), typed.language);

    const [link] = await linksFromOutbox(world.demo.dataDir, [typed.email], /\/register\/confirm\/[0-9a-f]+/);
    await page.goto(`${base}${link}`);
    const asked = await page.locator('main input:not([type=hidden]), main select, main textarea').count();
    assert.equal(asked, 0, 'the confirmation link asks for nothing');
    await page.goto(`${base}/`);
    assert.equal(await page.locator('#confirm-email-banner').count(), 0, 'the address is confirmed');
  } finally {
    await close();
  }
}

/**
 * Task answering, as the member who answered in the world: the answers given are there when
 * they come back; a mistake keeps the other answers; ranking and dot voting take selects and
 * number fields only (2.5.7).
 */
async function taskAnswering(world) {
  const base = world.demo.base;
  const page = await world.page({ signedIn: 'member' });
  try {
    await page.goto(`${base}${world.task()}`);
    const form = page.locator('form.poll-form');
    // The world's member answered: the first choice, places 1, 2, 3, all points to the first.
    const before = await form.evaluate((f) => ({
      choice: !!f.querySelector('fieldset.poll-question input[type=radio]:checked'),
      places: [...f.querySelectorAll('fieldset.poll-question select')].map((s) => s.value),
      points: [...f.querySelectorAll('fieldset.poll-question input[type=number]')].map((n) => n.value),
    }));
    assert.deepEqual(before, { choice: true, places: ['1', '2', '3'], points: ['10', '', ''] }, 'the earlier answers are filled in');

    const ranking = form.locator('fieldset.poll-question:has(select)');
    const dots = form.locator('fieldset.poll-question:has(input[type=number])');
    assert.equal(await ranking.count(), 1, 'a ranking question, answered with selects');
    assert.equal(await dots.count(), 1, 'a dot-voting question, answered with number fields');
    assert.equal(await form.locator('[draggable=true]').count(), 0, 'nothing to drag');
    const places = ranking.locator('select');
    assert.equal(await places.count(), 3, 'one select per option to rank');
    assert.deepEqual(await places.first().locator('option').evaluateAll((os) => os.map((o) => o.value)), ['', '1', '2', '3']);

    // Two options in first place: the form comes back, with every answer as typed.
    const choice = form.locator('fieldset.poll-question input[type=radio]').nth(1);
    await choice.check();
    for (const [i, place] of ['1', '1', '2'].entries()) await places.nth(i).selectOption(place);
    const points = dots.locator('input[type=number]');
    for (const [i, n] of ['4', '3', '3'].entries()) await points.nth(i).fill(n);
    const typed = await formValues(form);
    assert.equal(await sendForStatus(page, 'form.poll-form button[type=submit]'), 422, 'a ranking with two firsts is refused');
    assertKept(await formValues(page.locator('form.poll-form')), typed, 'the answers with a mistake');

    for (const [i, place] of ['3', '2', '1'].entries()) await page.locator('form.poll-form fieldset.poll-question:has(select) select').nth(i).selectOption(place);
    const fixed = await formValues(page.locator('form.poll-form'));
    await Promise.all([page.waitForNavigation(), page.click('form.poll-form button[type=submit]')]);
    await page.goto(`${base}${world.task()}`);
    assertKept(await formValues(page.locator('form.poll-form')), fixed, 'the saved answers');
  } finally {
    await page.close();
  }
}

/**
 * Workshop registration, as the member: the only question is who comes along (who they are is
 * known); a mistake keeps it; the facilitator's list shows their name and email without them
 * typing either.
 */
async function workshopRegistration(world) {
  const base = world.demo.base;
  const page = await world.page({ signedIn: 'member' });
  try {
    await page.goto(`${base}${world.workshopPath}`);
    if (await page.locator('#my-registration').count()) {
      await Promise.all([page.waitForNavigation(), page.click('form[action$="/cancel-registration"] button')]);
    }
    const form = page.locator('#register-form');
    const fields = await form.locator('input:not([type=hidden]), select, textarea').evaluateAll((els) => els.map((e) => e.name));
    assert.deepEqual(fields, ['colleague'], 'only the colleague is asked');
    const tooLong = 'Kollega '.repeat(20).trim();
    await page.fill('#colleague', tooLong);
    assert.equal(await sendForStatus(page, '#register-form button[type=submit]'), 422, 'a too long name is refused');
    assert.equal(await page.inputValue('#colleague'), tooLong, 'and kept as typed');
    await page.fill('#colleague', 'Kaija Kollega');
    await Promise.all([page.waitForNavigation(), page.click('#register-form button[type=submit]')]);
    assert.equal(await page.locator('#my-registration').count(), 1, 'registered');
  } finally {
    await page.close();
  }
  const editor = await world.page({ signedIn: 'editor' });
  try {
    await editor.goto(`${base}${world.workshopPath}`);
    const row = editor.locator('#participants tr', { hasText: 'Kaija Kollega' });
    assert.equal(await row.count(), 1, 'the facilitator sees the registration');
    assert.ok((await row.textContent()).includes(DEMO_USERS.member), 'with the email the member never typed');
  } finally {
    await editor.close();
  }
}

// ----- Accessible authentication (3.3.8) -----

/**
 * The sign-in and password forms: `fields` maps each field's name to the `autocomplete` token
 * it must carry (null: any but `off`); a form that asks no email names the account in a
 * hidden `username` field (`username`).
 */
const AUTH_FORMS = [
  { name: 'sign-in', path: '/sign-in', form: 'main form[action="/sign-in"]', fields: { email: 'username', password: 'current-password' } },
  {
    name: 'registration', path: '/register', form: 'main form[action="/register"]',
    fields: { display_name: 'name', email: 'email', password: 'new-password', language: null, consent: null },
  },
  {
    name: 'setup', setup: true, path: '/', form: 'main form[action="/setup"]',
    fields: { network_name: null, org_name: 'organization', short_name: null, display_name: 'name', email: 'email', password: 'new-password', language: null },
  },
  {
    name: 'invitation', path: (w) => w.invitationPath, form: 'main form[action^="/invitations/"]',
    fields: { display_name: 'name', job_title: 'organization-title', language: null, password: 'new-password' },
    username: () => 'uusi.henkilo@vero.example',
  },
  {
    name: 'panel application', path: (w) => `${w.panelPath}/apply`, form: 'main form[action$="/apply"]',
    fields: {
      company_name: 'organization', business_id: null, industry: null, region: null, stage: null, role_in_company: 'organization-title',
      message: null, email: 'email', display_name: 'name', password: 'new-password', consent: null,
    },
  },
  {
    name: 'panel invitation', path: (w) => w.panelInvitationPath, form: 'main form[action^="/panels/invitations/"]',
    fields: {
      company_name: 'organization', business_id: null, industry: null, region: null, stage: null, role_in_company: 'organization-title',
      display_name: 'name', password: 'new-password',
    },
    username: (w) => w.panelInvitationEmail,
  },
  {
    name: 'password change', signedIn: 'member', path: '/settings', form: 'main form[action="/settings/password"]',
    fields: { current_password: 'current-password', new_password: 'new-password' }, username: () => DEMO_USERS.member,
  },
  {
    name: 'erasing one\'s data', signedIn: 'member', path: '/settings/data', form: 'main form[action="/settings/data/erase"]',
    fields: { erase_password: 'current-password' }, username: () => DEMO_USERS.member,
  },
];

/** Runs in the page: what is wrong with a sign-in or password form, short of pasting. */
function authFormProblems([selector, fields, username]) {
  const form = document.querySelector(selector);
  if (!form) return [`no form ${selector}`];
  const problems = [];
  const show = (el) => el.outerHTML.slice(0, 140);
  if ((form.getAttribute('autocomplete') || '').toLowerCase() === 'off') problems.push('the form has autocomplete=off');
  for (const el of [form, ...form.querySelectorAll('*')]) {
    for (const a of el.attributes) if (/^on/i.test(a.name)) problems.push(`an event handler attribute ${a.name}: ${show(el)}`);
  }
  for (const el of form.querySelectorAll('iframe, object, embed, canvas, img, audio, video')) problems.push(`a puzzle or picture to solve? ${show(el)}`);
  for (const el of form.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || el.type === 'submit' || el.type === 'button') continue;
    const token = (el.getAttribute('autocomplete') || '').trim();
    if (el.hidden) {
      if (token === 'username' && !el.name) continue;
      problems.push(`a hidden field that is not the account's name: ${show(el)}`);
      continue;
    }
    if (!(el.name in fields)) problems.push(`a field the test does not know (a puzzle?): ${show(el)}`);
    else if (fields[el.name] && token !== fields[el.name]) problems.push(`${el.name} has autocomplete="${token}", not "${fields[el.name]}"`);
    if (token.toLowerCase() === 'off') problems.push(`${el.name} has autocomplete=off`);
  }
  for (const name of Object.keys(fields)) {
    if (!form.querySelector(`[name="${name}"]`)) problems.push(`no field ${name}`);
  }
  if (username !== null) {
    const named = form.querySelector('input[autocomplete=username][hidden]');
    if (!named) problems.push('no hidden username field for password managers');
    else if (named.value !== username) problems.push(`the username field says ${named.value}, not ${username}`);
  }
  return problems;
}

/**
 * Pastes into each text, email and password field of the form with the keyboard (the real
 * clipboard), and returns the fields that did not take it.
 */
async function pasteRefusals(page, selector) {
  const refused = [];
  const fields = page.locator(`${selector} :is(input[type=text], input[type=email], input[type=password], input:not([type])):not([hidden])`);
  for (let i = 0; i < (await fields.count()); i += 1) {
    const field = fields.nth(i);
    const text = `liitetty-${i}-${Date.now()}@example.fi`;
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await field.fill('');
    await field.focus();
    await page.keyboard.press('ControlOrMeta+V');
    const value = await field.inputValue();
    if (value !== text) refused.push(`${await field.getAttribute('name')} took "${value}" from a paste of "${text}"`);
    await field.fill('');
  }
  return refused;
}

/** Checks one sign-in or password form; throws what is wrong. */
async function checkAuthForm(world, entry, page) {
  const server = entry.setup ? world.empty : world.demo;
  const path = typeof entry.path === 'function' ? entry.path(world) : entry.path;
  await page.goto(`${server.base}${path}`);
  const username = entry.username ? entry.username(world) : null;
  const problems = await page.evaluate(authFormProblems, [entry.form, entry.fields, username]);
  problems.push(...await pasteRefusals(page, entry.form));
  assert.deepEqual(problems, [], `${entry.name} ${path}`);
}

/** A tab allowed to use the clipboard, in a fresh context or a signed-in role's. */
async function clipboardPage(world, entry) {
  const server = entry.setup ? world.empty : world.demo;
  if (entry.signedIn) {
    const page = await world.page({ signedIn: entry.signedIn });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
    return { page, close: () => page.close() };
  }
  const context = await world.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  return { page: await context.newPage(), close: () => context.close() };
}

/** A panel invitation to a new address, sent the way a facilitator sends one. */
async function invitePanelMember(world) {
  if (world.panelInvitationPath) return;
  const email = `kutsuttu.${Date.now()}@yritys.example`;
  const editor = await world.page({ signedIn: 'editor' });
  try {
    await editor.goto(`${world.demo.base}${world.panelPath}/applications`);
    await editor.fill('#invite_email', email);
    await send(editor, 'form[action$="/invitations"] button[type=submit]');
  } finally {
    await editor.close();
  }
  const [link] = await linksFromOutbox(world.demo.dataDir, [email], /\/panels\/invitations\/[A-Za-z0-9_-]+/);
  world.panelInvitationPath = link;
  world.panelInvitationEmail = email;
}

/** Every sign-in and password form, as tests: [name, fn(world)]. */
const AUTH_TESTS = AUTH_FORMS.map((entry) => [entry.name, async (world) => {
  if (entry.name === 'panel invitation') await invitePanelMember(world);
  const { page, close } = await clipboardPage(world, entry);
  try {
    await checkAuthForm(world, entry, page);
  } finally {
    await close();
  }
}]);

const FLOW_TESTS = [
  ['panel application', panelApplication],
  ['customer registration', customerRegistration],
  ['task answering, with ranking and dot voting', taskAnswering],
  ['workshop registration', workshopRegistration],
];

module.exports = {
  AUTH_TESTS, FLOW_TESTS, authFormProblems, pasteRefusals,
};
