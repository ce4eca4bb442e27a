// Debian's Chromium through playwright-core: never a downloaded browser, always a fresh profile.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { ARTIFACTS_DIR, DEMO_PASSWORD, DEMO_USERS } = require('./lupa');

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/**
 * One Chromium process. playwright-core gives every launch a fresh temporary user data dir
 * (and removes it on close); `newContext()` makes a separate cookie jar, one per role.
 */
async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_BIN)`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return {
    browser,
    async newContext(options = {}) {
      return browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    },
    async close() {
      await browser.close();
    },
  };
}

/** Signs a context's page in as one of the demo people (`admin`, `writer`, ... or an email). */
async function signIn(page, base, who) {
  const email = DEMO_USERS[who] || who;
  await page.goto(`${base}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  if (new URL(page.url()).pathname === '/sign-in') {
    throw new Error(`could not sign in as ${email}`);
  }
}

/** Chooses the interface language the way a person does, through the switcher's URL. */
async function setLanguage(page, base, lang) {
  await page.goto(`${base}/language?lang=${lang}&next=/healthz`);
}

/** A file-name-safe label for a page visit. */
function slugify(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Saves a full-page screenshot under target/browser/ and returns its path. */
async function screenshot(page, label) {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${slugify(label)}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true });
  } catch (e) {
    return `(screenshot failed: ${e.message})`;
  }
  return file;
}

module.exports = { launch, signIn, setLanguage, screenshot, slugify };
