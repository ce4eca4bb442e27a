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

/** Empties the field `field`, then sends the form as `submit` does. */
const clearAndSubmit = (field, button) => async (page) => {
  await page.fill(field, '');
  await submit(button)(page);
};

/** Types `value` into `field`, then sends the form as `submit` does. */
const fillAndSubmit = (field, value, button) => async (page) => {
  await page.fill(field, value);
  await submit(button)(page);
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
  // Open participation (the demo sets the comment policy to `registered`).
  { name: 'registration', path: '/register', expect: 'main form[action="/register"]' },
  { name: 'registration with errors', path: '/register', act: submit('main form[action="/register"] button[type=submit]'), expect: '.error-summary' },
  { name: 'registration confirmation, used or expired link', path: '/register/confirm/ei-kelvollinen' },
  // Each visit takes a fresh link; the last one is kept should the pool run dry.
  { name: 'registration confirmed', path: (w) => (w.confirmationPaths.length > 1 ? w.confirmationPaths.shift() : w.confirmationPaths[0]), expect: 'main p > a[href="/"]' },
  { name: 'privacy notice', path: '/privacy' },
  { name: 'privacy notice', path: '/privacy', signedIn: 'admin', expect: 'form[action="/privacy"]' },
  { name: 'site settings', path: '/admin/settings', signedIn: 'admin', expect: 'main form[action="/admin/settings"]' },
  { name: 'site settings with errors', path: '/admin/settings', signedIn: 'admin', act: fillAndSubmit('#flags_to_hide', '0', 'main form[action="/admin/settings"] button[type=submit]'), expect: '.error-summary' },
  { name: 'my data', path: '/settings/data', signedIn: 'member', expect: 'main form[action="/settings/data/erase"]' },
  { name: 'my data, download asked', path: '/settings/data', signedIn: 'member', act: submit('main form[action="/settings/data/download"] button[type=submit]'), expect: '.data-rights-status' },
  { name: 'my data, erase with a wrong password', path: '/settings/data', signedIn: 'member', act: fillAndSubmit('#erase_password', 'vaara-salasana-123', 'main form[action="/settings/data/erase"] button[type=submit]'), expect: '#erase_password[aria-invalid=true]' },
  { name: 'erasure and retention settings', path: '/admin/data-rights', signedIn: 'admin', expect: 'main form[action="/admin/data-rights"]' },
  { name: 'erasure and retention settings with errors', path: '/admin/data-rights', signedIn: 'admin', act: fillAndSubmit('#retention_outbox_days', '0', 'main form[action="/admin/data-rights"] button[type=submit]'), expect: '.error-summary' },
  { name: 'erase a person', path: (w) => `/admin${w.authorPath}/erase`, signedIn: 'admin', expect: 'main form button.button--danger' },
  { name: 'panel list', path: '/panels' },
  { name: 'panel list', path: '/panels', signedIn: 'editor' },
  { name: 'panel editor', path: '/panels/new', signedIn: 'admin' },
  { name: 'panel editor with errors', path: '/panels/new', signedIn: 'admin', act: submit('main form[action="/panels"] button[type=submit]'), expect: '.error-summary' },
  { name: 'panel editor, existing panel', path: (w) => `${w.panelPath}/edit`, signedIn: 'editor' },
  { name: 'panel overview', path: (w) => w.panelPath },
  { name: 'panel overview', path: (w) => w.panelPath, signedIn: 'member' },
  { name: 'panel overview', path: (w) => w.panelPath, signedIn: 'editor' },
  { name: 'panel overview, pending application to withdraw', path: (w) => w.panelPath, signedIn: 'writer', expect: '.panel-withdraw form[action$="/withdraw"]' },
  { name: 'panel application', path: (w) => `${w.panelPath}/apply` },
  { name: 'panel application with errors', path: (w) => `${w.panelPath}/apply`, act: submit('main form[action$="/apply"] button[type=submit]'), expect: '.error-summary' },
  { name: 'panel applications', path: (w) => `${w.panelPath}/applications`, signedIn: 'editor', expect: '.panel-application' },
  { name: 'panel members', path: (w) => `${w.panelPath}/members`, signedIn: 'editor' },
  { name: 'panel members', path: (w) => `${w.panelPath}/members`, signedIn: 'member' },
  { name: 'panel log', path: (w) => `${w.panelPath}/log`, signedIn: 'editor' },
  { name: 'panel topics', path: (w) => `${w.panelPath}/topics`, signedIn: 'member' },
  { name: 'panel topics', path: (w) => `${w.panelPath}/topics`, signedIn: 'editor' },
  { name: 'panel topic', path: (w) => w.topicPath, signedIn: 'member', expect: '.comment' },
  { name: 'panel topic', path: (w) => w.topicPath, signedIn: 'editor' },
  { name: 'panel topic editor', path: (w) => `${w.topicPath}/edit`, signedIn: 'member', expect: 'main form textarea' },
  { name: 'panel topic editor with errors', path: (w) => `${w.topicPath}/edit`, signedIn: 'member', act: async (page) => { await page.fill('#title', ''); await submit('main form[action$="/edit"] button[type=submit]')(page); }, expect: '.error-summary' },
  { name: 'panel reply editor', path: (w) => w.replyEditPath, signedIn: 'editor', expect: 'main form textarea' },
  { name: 'scheduling polls', path: (w) => `${w.panelPath}/scheduling`, signedIn: 'editor' },
  { name: 'scheduling polls', path: (w) => `${w.panelPath}/scheduling`, signedIn: 'member' },
  { name: 'scheduling poll', path: (w) => w.schedulingPath, signedIn: 'editor' },
  { name: 'scheduling poll', path: (w) => w.schedulingPath, signedIn: 'member' },
  { name: 'workshops', path: (w) => `${w.panelPath}/workshops`, signedIn: 'member' },
  { name: 'workshop', path: (w) => w.workshopPath, signedIn: 'member', expect: '#my-registration' },
  { name: 'workshop', path: (w) => w.workshopPath, signedIn: 'editor' },
  { name: 'workshops, calendar feed address made', path: (w) => `${w.panelPath}/workshops`, signedIn: 'member', act: submit('#feed-form button[type=submit]'), expect: '#feed-url' },
  { name: 'workshops', path: (w) => `${w.panelPath}/workshops`, signedIn: 'editor', expect: '#feed-form' },
  { name: 'workshop agenda editor', path: (w) => `${w.workshopPath}/agenda`, signedIn: 'editor', expect: 'main:has(#picks-form):has(#item-form) #agenda-items button[value=up]' },
  { name: 'workshop agenda editor with errors', path: (w) => `${w.workshopPath}/agenda`, signedIn: 'editor', act: submit('#item-form button[type=submit]'), expect: '#title[aria-invalid=true]' },
  { name: 'workshop agenda item editor', path: (w) => w.agendaItemPath, signedIn: 'editor', expect: '#item-form #title' },
  { name: 'workshop agenda item editor with errors', path: (w) => w.agendaItemPath, signedIn: 'editor', act: clearAndSubmit('#title', '#item-form button[type=submit]'), expect: '#title[aria-invalid=true]' },
  { name: 'workshop agenda', path: (w) => `${w.workshopPath}/agenda`, signedIn: 'member', expect: '#agenda .agenda-item' },
  { name: 'workshop minutes editor, not started', path: (w) => `${w.workshopPath}/minutes`, signedIn: 'editor', expect: '#minutes-blocked' },
  { name: 'workshop minutes editor', path: (w) => `${w.pastWorkshopPath}/minutes`, signedIn: 'editor', expect: 'main:has(#minutes-form):has(#attachments) #attendance-table' },
  { name: 'workshop minutes editor with errors', path: (w) => `${w.pastWorkshopPath}/minutes`, signedIn: 'editor', act: fillAndSubmit('#url', 'ftp://example.org/esitys.pdf', '#attachment-form button[type=submit]'), expect: '#url[aria-invalid=true]' },
  { name: 'workshop minutes', path: (w) => `${w.pastWorkshopPath}/minutes`, signedIn: 'member', expect: '#minutes' },
  { name: 'workshop with agenda and minutes', path: (w) => w.pastWorkshopPath, signedIn: 'member', expect: 'main:has(#agenda) #minutes' },
  { name: 'workshop with agenda and minutes', path: (w) => w.pastWorkshopPath, signedIn: 'editor', expect: 'main:has(#agenda-edit-link) #minutes-edit-link' },
  { name: 'panel tasks', path: (w) => `${w.panelPath}/tasks`, signedIn: 'editor' },
  { name: 'panel tasks', path: (w) => `${w.panelPath}/tasks`, signedIn: 'member' },
  { name: 'panel task editor', path: (w) => `${w.panelPath}/tasks/new`, signedIn: 'editor' },
  { name: 'panel task', path: (w) => w.task(), signedIn: 'member' },
  { name: 'panel task', path: (w) => w.task(), signedIn: 'editor' },
  { name: 'panel task results', path: (w) => `${w.task()}/results`, signedIn: 'editor' },
  { name: 'panel task editor, aimed at', path: (w) => `${w.panelPath}/tasks/new`, signedIn: 'editor', expect: 'main form fieldset#aim input[name=aim_kind]' },
  { name: 'panel task editor with aim errors', path: (w) => `${w.panelPath}/tasks/new`, signedIn: 'editor', act: async (page) => { await page.check('#aim-industry'); await submit('main form.poll-editor button[value=save]')(page); }, expect: '.error-summary a[href="#aim"]' },
  { name: 'demo task in its second round', path: (w) => w.demoRoundPath, signedIn: 'admin', expect: '.poll-round' },
  { name: 'demo task rounds side by side', path: (w) => `${w.demoRoundPath}/results`, signedIn: 'admin', expect: 'main:has(.rounds-multiples svg) .poll-rounds table' },
  { name: 'demo task rounds by segment', path: (w) => `${w.demoRoundPath}/results?by=industry`, signedIn: 'admin', expect: '.poll-rounds .poll-group table' },
  { name: 'demo aimed task', path: (w) => w.demoAimedPath, signedIn: 'admin', expect: '.poll-aimed' },
  { name: 'demo aimed task results', path: (w) => `${w.demoAimedPath}/results`, signedIn: 'admin', expect: '.poll-aim li' },
  { name: 'ideas task editor', path: (w) => `${w.panelPath}/tasks/new-ideas`, signedIn: 'editor', expect: 'main form #voting_opens_at' },
  { name: 'ideas task editor with errors', path: (w) => `${w.panelPath}/tasks/new-ideas`, signedIn: 'editor', act: clearAndSubmit('#title', 'main form[action$="/new-ideas"] button[type=submit]'), expect: '.error-summary' },
  { name: 'ideas task, collecting', path: (w) => w.ideasPath, signedIn: 'member', expect: 'main form[action$="/ideas"]' },
  { name: 'ideas task, collecting', path: (w) => w.ideasPath, signedIn: 'editor', expect: 'form.ideas-phase-form' },
  { name: 'ideas task, idea with errors', path: (w) => w.ideasPath, signedIn: 'member', act: submit('main form[action$="/ideas"] button[type=submit]'), expect: '#title[aria-invalid=true]' },
  { name: 'idea with comments', path: (w) => w.ideaPath, signedIn: 'member', expect: '#comment-form' },
  { name: 'idea with comments', path: (w) => w.ideaPath, signedIn: 'editor', expect: 'form[action$="/merge"]' },
  { name: 'idea editor', path: (w) => `${w.ideaPath}/edit`, signedIn: 'editor', expect: 'main form #body' },
  { name: 'ideas task, voting', path: (w) => w.votingPath, signedIn: 'member', expect: 'form[action$="/votes"]' },
  { name: 'ideas task, vote with errors', path: (w) => w.votingPath, signedIn: 'member', act: fillAndSubmit('.ideas-ballot input[type=number] >> nth=0', '99', 'form[action$="/votes"] button[type=submit]'), expect: '#ballot-error' },
  { name: 'ideas task results', path: (w) => `${w.votingPath}/results`, signedIn: 'editor' },
  { name: 'demo ideas task', path: (w) => w.demoIdeasPath, signedIn: 'admin', expect: '.ideas-list .idea' },
  { name: 'panel rules', path: '/panels/yrityspalvelujen-asiakaspaneeli/rules', signedIn: 'admin', expect: 'main:has(#rules-text):has(#rules-not-yet) #rules-acceptance-table' },
  { name: 'panel rules history', path: '/panels/yrityspalvelujen-asiakaspaneeli/rules/history', signedIn: 'admin', expect: '#rules-versions li' },
  { name: 'panel rules, earlier version', path: '/panels/yrityspalvelujen-asiakaspaneeli/rules/versions/1', signedIn: 'admin', expect: '#rules-old-note' },
  { name: 'panel rules editor', path: '/panels/yrityspalvelujen-asiakaspaneeli/rules/edit', signedIn: 'admin', expect: 'main form textarea#body' },
  { name: 'panel rules editor with errors', path: '/panels/yrityspalvelujen-asiakaspaneeli/rules/edit', signedIn: 'admin', act: clearAndSubmit('#body', 'main form[action$="/rules/edit"] button[type=submit]'), expect: '#body[aria-invalid=true]' },
  { name: 'panel rules, none yet', path: (w) => `${w.panelPath}/rules`, signedIn: 'editor', expect: '#rules-empty' },
  { name: 'panel actions', path: '/panels/yrityspalvelujen-asiakaspaneeli/actions', signedIn: 'admin', expect: '.actions-list .action__trail' },
  { name: 'panel actions', path: (w) => `${w.panelPath}/actions`, signedIn: 'member' },
  { name: 'panel action', path: (w) => w.actionPath, signedIn: 'admin', expect: 'main:has(.action-history) form[action$="/status"]' },
  { name: 'panel action with errors', path: (w) => w.actionPath, signedIn: 'admin', act: submit('main form[action$="/status"] button[type=submit]'), expect: '#note[aria-invalid=true]' },
  { name: 'new panel action', path: (w) => `${w.panelPath}/actions/new`, signedIn: 'editor', expect: 'main form #owner' },
  { name: 'new panel action with errors', path: (w) => `${w.panelPath}/actions/new`, signedIn: 'editor', act: submit('main form[action$="/actions/new"] button[type=submit]'), expect: '#title[aria-invalid=true]' },
  { name: 'my actions', path: '/actions/mine', signedIn: 'admin' },
  { name: 'panel year', path: `/panels/yrityspalvelujen-asiakaspaneeli/year/${new Date().getFullYear()}`, signedIn: 'admin', expect: 'main:has(figure svg .year-mark) table.year-table' },
  { name: 'panel year', path: (w) => `${w.panelPath}/year/${new Date().getFullYear()}`, signedIn: 'member', expect: 'table.year-table' },
  { name: 'panel year with errors', path: (w) => `${w.panelPath}/year/${new Date().getFullYear()}`, signedIn: 'editor', act: submit('#milestone-form button[type=submit]'), expect: '#title[aria-invalid=true]' },
  { name: 'feedback form', path: '/feedback/vero', expect: 'main form.feedback-form' },
  { name: 'feedback form with errors', path: '/feedback/vero', act: submit('main form.feedback-form button[type=submit]'), expect: '.error-summary' },
  { name: 'feedback thank-you', path: '/feedback/vero/thanks' },
  { name: 'panel feedback form', path: '/panels/yrityspalvelujen-asiakaspaneeli/feedback', expect: 'main form.feedback-form' },
  { name: 'feedback inboxes', path: '/feedback', signedIn: 'admin' },
  { name: 'feedback inbox', path: '/feedback/vero/inbox', signedIn: 'admin', expect: 'tr.feedback-item' },
  { name: 'feedback inbox', path: '/feedback/vero/inbox', signedIn: 'writer', expect: 'tr.feedback-item' },
  { name: 'feedback item', path: (w) => w.feedbackItemPath, signedIn: 'admin', expect: '.feedback-body' },
  { name: 'feedback topics', path: '/feedback/vero/topics', signedIn: 'admin', expect: 'main form[action="/feedback/vero/topics"]' },
  { name: 'feedback counts', path: '/feedback/vero/stats', signedIn: 'admin', expect: 'main:has(figure svg) table.feedback-stats' },
  { name: 'admin email', path: '/admin/email', signedIn: 'admin' },
  { name: 'moderation queue', path: '/moderation', signedIn: 'editor', expect: '.moderation-item' },
  { name: 'audit log', path: '/admin/audit', signedIn: 'admin', expect: '.audit-log' },
  { name: 'flag page', path: (w) => `/flag/comment/${w.commentId}`, signedIn: 'member', expect: 'main form.flag-form' },
  { name: 'flag page with errors', path: (w) => `/flag/comment/${w.commentId}`, signedIn: 'member', act: submit('main form.flag-form button[type=submit]'), expect: '.error-summary' },
  { name: 'unsubscribe', path: (w) => w.unsubscribePath || '/email/unsubscribe/ei-loytynyt-postista', expect: 'main form[action^="/email/unsubscribe/"]' },
  { name: 'unsubscribe, invalid link', path: '/email/unsubscribe/ei-kelvollinen' },
  { name: 'notifications', path: '/notifications', signedIn: 'admin', expect: '.notification--unread' },
  { name: 'following', path: '/settings/following', signedIn: 'admin', expect: '.following__item' },
  { name: 'email settings', path: '/settings/email', signedIn: 'member', expect: '#delivery-form #delivery-reminder' },
  { name: 'email settings, handle with an error', path: '/settings/email', signedIn: 'member', act: fillAndSubmit('#handle', 'Ei kelpaa!', '#handle-form button[type=submit]'), expect: '#handle[aria-invalid=true]' },
  { name: 'not found', path: '/ei-tallaista-sivua' },
  { name: 'not found', path: '/ei-tallaista-sivua', signedIn: 'member' },
  { name: 'forbidden', path: '/admin/organizations', signedIn: 'member' },
];

// LUPA_PAGES=<regex> checks only the pages whose name matches (a quick run while fixing them).
const only = process.env.LUPA_PAGES ? new RegExp(process.env.LUPA_PAGES, 'i') : null;

module.exports = { PAGES: only ? PAGES.filter((p) => only.test(p.name)) : PAGES, submit };
