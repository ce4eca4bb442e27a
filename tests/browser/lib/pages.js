// The page table: every page type the browser suite checks (accessibility, keyboard, reflow,
// security headers, HTML validity), each in fi, sv and en. Adding a page is one line:
//
//   { name, path, signedIn, setup, act }
//
//   name      what the page is (used in test names and screenshot file names)
//   path      a path, or a function of the World (lib/world.js) for demo content found at start
//   signedIn  false (a visitor) or a demo role: 'admin', 'editor', 'writer', 'member'
//   setup     true: on the server whose database is still empty (the one-time setup form)
//   act       optional: what to do on the page first, e.g. send a form to show its errors
//   expect    optional: a CSS selector the page must have (proves `act` got the page there)
'use strict';

/** Sends the form whose submit button matches `selector` and waits for the answer. */
const submit = (selector) => async (page) => {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
};

const signInWrong = async (page) => {
  await page.fill('#email', 'ei.ketaan@example.invalid');
  await page.fill('#password', 'vaara-salasana-123');
  await submit('main form button[type=submit]')(page);
};

const PAGES = [
  { name: 'front page', path: '/' },
  { name: 'front page', path: '/', signedIn: 'admin' },
  { name: 'post with comments', path: (w) => w.postPath, expect: '.comment' },
  { name: 'post with comments', path: (w) => w.postPath, signedIn: 'admin' },
  { name: 'post with comments', path: (w) => w.postPath, signedIn: 'member' },
  { name: 'post, reply form', path: (w) => `${w.otherPath}?reply_to=${w.commentId}`, signedIn: 'member', expect: '#reply-form' },
  { name: 'comment form with an error', path: (w) => w.postPath, signedIn: 'member', act: submit('#comment-form button[type=submit]'), expect: '#comment-body[aria-invalid=true]' },
  { name: 'comment editor', path: (w) => w.commentEditPath, signedIn: 'admin' },
  { name: 'archive index', path: '/archive' },
  { name: 'archive year', path: (w) => w.yearPath },
  { name: 'archive month', path: (w) => w.monthPath },
  { name: 'archive month', path: (w) => w.monthPath, signedIn: 'admin' },
  { name: 'labels index', path: '/labels' },
  { name: 'label page', path: (w) => w.labelPath },
  { name: 'author page', path: (w) => w.authorPath },
  { name: 'organisation list', path: '/organizations' },
  { name: 'organisation page', path: (w) => w.orgPath },
  { name: 'sign-in', path: '/sign-in' },
  { name: 'sign-in with an error', path: '/sign-in', act: signInWrong, expect: '#sign-in-error' },
  { name: 'setup', path: '/', setup: true },
  { name: 'setup with errors', path: '/', setup: true, act: submit('main form[action="/setup"] button[type=submit]'), expect: '.error-summary' },
  { name: 'invitation', path: (w) => w.invitationPath },
  { name: 'invitation with errors', path: (w) => w.invitationPath, act: submit('main form button[type=submit]'), expect: '.field__error' },
  { name: 'post editor', path: '/posts/new', signedIn: 'writer' },
  { name: 'post editor with errors', path: '/posts/new', signedIn: 'writer', act: submit('main form.editor button[value=save]'), expect: '.error-summary' },
  { name: 'post editor, existing post', path: (w) => `${w.postPath}/edit`, signedIn: 'admin' },
  { name: 'edited post', path: (w) => w.otherPath, signedIn: 'admin', expect: '.post__edited' },
  { name: 'revisions', path: (w) => w.revisionsPath, signedIn: 'admin' },
  { name: 'drafts', path: '/drafts', signedIn: 'writer' },
  { name: 'settings', path: '/settings', signedIn: 'member' },
  { name: 'admin people', path: '/admin/people', signedIn: 'admin' },
  { name: 'admin people with errors', path: '/admin/people', signedIn: 'admin', act: submit('main form[action="/admin/people"] button[type=submit]'), expect: '.error-summary' },
  { name: 'admin organisations', path: '/admin/organizations', signedIn: 'admin' },
  { name: 'search results', path: '/search?q=asiakas', expect: '.search-results' },
  { name: 'search results', path: '/search?q=asiakaspalvelu', signedIn: 'member' },
  { name: 'search without hits', path: '/search?q=olematonsana' },
  { name: 'accessibility statement', path: '/accessibility' },
  { name: 'accessibility statement', path: '/accessibility', signedIn: 'admin', expect: 'form[action="/accessibility"]' },
  { name: 'accessibility statement with errors', path: '/accessibility', signedIn: 'admin', act: async (page) => { await page.fill('#contact_email', 'ei-osoite'); await submit('main form[action="/accessibility"] button[type=submit]')(page); }, expect: '.error-summary' },
  { name: 'not found', path: '/ei-tallaista-sivua' },
  { name: 'not found', path: '/ei-tallaista-sivua', signedIn: 'member' },
  { name: 'forbidden', path: '/admin/organizations', signedIn: 'member' },
];

module.exports = { PAGES, submit };
