'use strict';
// The block editor with the copydesk plugin, in headless Chromium (Debian's) through
// playwright-core. Run by run.sh browser, against WordPress on COPYDESK_TEST_URL (127.0.0.1).
//
// An author writes the article of article.php in the editor (typing; Ctrl+B splits the
// English name), the highlights must cover exactly the flagged words, the pre-publish panel
// must lock publishing, a direct REST publish must be refused; the author acknowledges the
// warnings, an editor dismisses the blocking findings with a reason (recorded with the
// user), an edit in another block keeps the dismissals, and the post publishes.
// Screenshots go to COPYDESK_ARTIFACTS.

const { chromium } = require('playwright-core');
const fs = require('node:fs');
const path = require('node:path');

const base = process.env.COPYDESK_TEST_URL;
const artifacts = process.env.COPYDESK_ARTIFACTS || path.join(process.cwd(), 'artifacts');
const chromiumPath = process.env.COPYDESK_CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(artifacts, { recursive: true });

// What the article must show highlighted, block by block, in order (article.php's list).
const ARABIC = '😀 قال مصدر مطلع إن الهجوم نفذه مقاتلون مرتبطون وَبِداعش. وقتل الهجوم 37 شخصا.';
const EXPECTED = [
  ['attribution.vague-source', 'مصدر مطلع'],
  ['extremism.isis', 'وَبِداعش'],
  ['figures.count', '37 شخصا'],
  ['extremism.isis', 'Islamic State'],
  ['extremism.isis', 'ISIS'],
  ['attribution.vague-source', 'sources said'],
];

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) {
    passed++;
    console.log('ok   ' + what);
  } else {
    failed++;
    console.log('FAIL ' + what + (detail === undefined ? '' : ': ' + JSON.stringify(detail, null, 1)));
  }
  return ok;
}

async function login(page, user) {
  await page.goto(base + '/wp-login.php');
  await page.fill('#user_login', user);
  await page.fill('#user_pass', user + '-password-1');
  await Promise.all([page.waitForNavigation(), page.click('#wp-submit')]);
}

async function editorReady(page) {
  await page.waitForFunction(() => window.wp && wp.data && wp.data.select('core/editor')
    && wp.data.select('core/editor').getCurrentPostId() && wp.data.select('copydesk'), null, { timeout: 60000 });
  const guide = page.locator('.edit-post-welcome-guide');
  if (await guide.count()) await page.keyboard.press('Escape');
}

/** Waits until copydesk has checked the editor's current content. */
async function checked(page) {
  await page.waitForFunction(() => {
    const s = wp.data.select('copydesk');
    return s.getResult() && !s.isChecking() && !s.getError();
  }, null, { timeout: 30000 });
  await page.waitForTimeout(900);  // a pending debounce starts another check
  await page.waitForFunction(() => {
    const s = wp.data.select('copydesk');
    return s.getResult() && !s.isChecking();
  }, null, { timeout: 30000 });
  return page.evaluate(() => wp.data.select('copydesk').getResult());
}

/** Each highlight's text in the DOM: the marks of one annotation id, joined in order. */
function highlights(page) {
  return page.evaluate(() => {
    const byId = new Map();
    for (const m of document.querySelectorAll('mark.annotation-text')) {
      const id = m.id.replace(/^annotation-text-/, '');
      byId.set(id, (byId.get(id) || '') + m.textContent);
    }
    return [...byId.entries()].map(([id, text]) => ({ id, text,
      cls: document.getElementById('annotation-text-' + id).className }));
  });
}

async function openPublishPanel(page) {
  await page.click('.editor-post-publish-panel__toggle');
  await page.waitForSelector('.copydesk-prepublish', { timeout: 20000 });
}

async function publishButtonLocked(page) {
  const b = page.locator('.editor-post-publish-panel__header-publish-button button');
  return (await b.getAttribute('aria-disabled')) === 'true' || (await b.isDisabled());
}

async function main() {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
    // Nothing but the test's WordPress: every other request is refused.
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1'
      ? route.continue() : route.abort()));
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // ------------------------------------------------------------ the author writes
    await login(page, 'author');
    await page.goto(base + '/wp-admin/post-new.php');
    await editorReady(page);
    await page.click('[aria-label="Add title"]');
    await page.keyboard.type('Raqqa attack: what we know');
    await page.keyboard.press('Enter');
    await page.keyboard.type(ARABIC);
    await page.keyboard.press('Enter');
    await page.keyboard.type('The Islamic');
    await page.waitForFunction(() => (wp.data.select('core/block-editor').getBlocks()[1] || { attributes: {} })
      .attributes.content === 'The Islamic', null, { timeout: 10000 });
    // Select "Islamic" (characters 4 to 11) and make it bold with the shortcut.
    await page.evaluate(() => wp.data.dispatch('core/block-editor').selectionChange(
      wp.data.select('core/block-editor').getBlocks()[1].clientId, 'content', 4, 11));
    await page.waitForTimeout(200);
    await page.keyboard.press('Control+B');
    await page.waitForFunction(() => /<strong>Islamic<\/strong>/.test(
      wp.data.select('core/block-editor').getBlocks()[1].attributes.content), null, { timeout: 10000 }).catch(() => {});
    await page.keyboard.press('End');
    await page.keyboard.press('Control+B');  // and type on without it
    await page.keyboard.type(' State claimed the bombing on Monday.');
    await page.evaluate(() => wp.data.dispatch('core/block-editor').insertBlocks(wp.blocks.createBlock('core/image',
      { url: '/wp-includes/images/w-logo-blue.png', caption: 'ISIS fighters in Raqqa, sources said.' })));
    const english = await page.evaluate(() => wp.data.select('core/block-editor').getBlocks()[1].attributes.content);
    check(/^The <strong>Islamic<\/strong> State/.test(english), 'the English paragraph has the name split by bold', english);

    let result = await checked(page);
    check(JSON.stringify(result.findings.map((f) => [f.rule, f.visible_text])) === JSON.stringify(EXPECTED),
      'the editor lists the flagged words', result.findings.map((f) => [f.rule, f.visible_text]));
    await page.waitForSelector('mark.annotation-text', { timeout: 20000 });
    let marks = await highlights(page);
    const want = result.findings.map((f, i) => ({ id: 'copydesk-' + i, text: f.visible_text, severity: f.severity }));
    check(marks.length === want.length, 'one highlight per finding', marks);
    for (const w of want) {
      const m = marks.find((x) => x.id === w.id);
      check(m && m.text === w.text && m.cls.includes('annotation-text-copydesk-' + w.severity),
        `the highlight of «${w.text}» holds exactly those words`, m);
    }
    const rtl = await page.evaluate(() => {
      const m = document.getElementById('annotation-text-copydesk-1');
      return m && getComputedStyle(m.closest('p')).direction + ':' + m.getBoundingClientRect().width;
    });
    check(!!rtl, 'the Arabic highlight is laid out', rtl);
    await page.evaluate(() => wp.data.dispatch('core/block-editor').clearSelectedBlock());
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(artifacts, 'editor-highlights.png') });

    // ------------------------------------------------------------ publishing is locked
    await page.click('.editor-post-save-draft');
    await page.waitForFunction(() => !wp.data.select('core/editor').isSavingPost()
      && !wp.data.select('core/editor').isEditedPostDirty(), null, { timeout: 30000 });
    const postId = await page.evaluate(() => wp.data.select('core/editor').getCurrentPostId());
    await page.evaluate(() => wp.data.dispatch('core/block-editor').clearSelectedBlock());
    await openPublishPanel(page);
    result = await checked(page);
    check(result.blocking === 6, 'every finding stops publishing before any decision', result.blocking);
    check(await publishButtonLocked(page), 'the pre-publish panel locks the Publish button');
    const panel = await page.locator('.copydesk-prepublish').innerText();
    check(panel.includes('6 to resolve') && panel.includes('وَبِداعش') && panel.includes('Fix the text, or ask an editor'),
      'the panel lists the findings; an author is told to ask an editor', panel.slice(0, 400));
    await page.screenshot({ path: path.join(artifacts, 'prepublish-locked.png') });
    // A finding's words in the panel jump to its block.
    await page.locator('.copydesk-prepublish .copydesk-finding[data-rule="extremism.isis"] .copydesk-jump').last().click();
    const jumped = await page.evaluate(() => {
      const be = wp.data.select('core/block-editor');
      return be.getBlockName(be.getSelectedBlockClientId());
    });
    check(jumped === 'core/image', 'clicking «ISIS» in the panel selects the image whose caption has it', jumped);
    await page.locator('.editor-post-publish-panel__header-publish-button button').click({ force: true });
    await page.waitForTimeout(500);
    check(await page.evaluate(() => wp.data.select('core/editor').getCurrentPostAttribute('status')) === 'draft',
      'clicking the locked button publishes nothing');

    const rest = await page.evaluate(async (id) => {
      const r = await fetch(wpApiSettings.root + 'wp/v2/posts/' + id, { method: 'POST', credentials: 'same-origin',
        headers: { 'X-WP-Nonce': wpApiSettings.nonce, 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 'publish' }) });
      return { status: r.status, body: await r.json() };
    }, postId);
    check(rest.status === 403 && rest.body.code === 'copydesk_publish_blocked',
      'a direct REST publish is refused by the server (403)', rest);

    // The author acknowledges the warnings.
    const boxes = page.locator('.copydesk-prepublish .copydesk-acknowledge input[type=checkbox]');
    const n = await boxes.count();
    for (let i = 0; i < n; i++) {
      await page.locator('.copydesk-prepublish .copydesk-acknowledge input[type=checkbox]:not(:checked)').first().click();
      await page.waitForFunction((left) => document.querySelectorAll(
        '.copydesk-prepublish .copydesk-acknowledge input[type=checkbox]:not(:checked)').length <= left, n - i - 1, { timeout: 20000 });
    }
    result = await checked(page);
    check(n === 3 && result.blocking === 3, 'the author acknowledges the three warnings; three errors still block', { n, blocking: result.blocking });
    check(await publishButtonLocked(page), 'still locked');

    // ------------------------------------------------------------ an editor dismisses
    await context.clearCookies();
    await login(page, 'editor');
    await page.goto(`${base}/wp-admin/post.php?post=${postId}&action=edit`);
    await editorReady(page);
    // The author's edit lock: the editor takes over, as in a newsroom.
    await page.waitForSelector('.editor-post-locked-modal', { timeout: 10000 });
    await Promise.all([page.waitForNavigation(), page.click('.editor-post-locked-modal__buttons a:has-text("Take over")')]);
    await editorReady(page);
    await checked(page);
    await openPublishPanel(page);
    for (let i = 0; i < 3; i++) {
      const item = page.locator('.copydesk-prepublish .copydesk-finding.copydesk-state-open').first();
      await item.locator('.copydesk-dismiss').click();
      const confirm = item.locator('.copydesk-dismiss-confirm');
      check(await confirm.isDisabled(), `dismissal ${i + 1}: no dismissal without a reason`);
      await item.locator('.copydesk-reason textarea').fill('Quoted from the court ruling, checked with legal');
      await confirm.click();
      await page.waitForFunction((left) => wp.data.select('copydesk').getResult().blocking === left, 2 - i, { timeout: 20000 });
    }
    result = await checked(page);
    check(result.blocking === 0 && !(await publishButtonLocked(page)), 'after the dismissals, publishing is unlocked', result.blocking);
    const trail = await page.evaluate(async (id) => (await fetch(wp.url.addQueryArgs(wpApiSettings.root + 'copydesk/v1/decisions', { post_id: id }),
      { headers: { 'X-WP-Nonce': wpApiSettings.nonce } })).json(), postId);
    const dismissals = trail.filter((r) => r.decision === 'dismiss');
    check(dismissals.length === 3 && dismissals.every((r) => r.user_login === 'editor' && r.rule === 'extremism.isis'
      && r.reason === 'Quoted from the court ruling, checked with legal' && /^\d{4}-\d\d-\d\dT/.test(r.time)),
    'each dismissal is stored with the editor, the time and the reason', trail);
    check(trail.filter((r) => r.decision === 'acknowledge').every((r) => r.user_login === 'author'),
      'the acknowledgements are stored with the author');
    await page.screenshot({ path: path.join(artifacts, 'prepublish-dismissed.png') });

    // ------------------------------------------------------------ an edit elsewhere keeps them
    await page.click('.editor-post-publish-panel__header-cancel-button button');
    await page.evaluate(() => {
      const { dispatch, select } = wp.data;
      dispatch('core/block-editor').insertBlocks(wp.blocks.createBlock('core/paragraph',
        { content: 'Roads into the city were closed on Tuesday.' }), 2);
      const image = select('core/block-editor').getBlocks()[3];
      dispatch('core/block-editor').updateBlockAttributes(image.clientId, { alt: 'A logo' });
    });
    result = await checked(page);
    check(result.blocking === 0 && result.findings.length === 6, 'editing other blocks keeps every dismissal',
      result.findings.map((f) => [f.visible_text, f.state]));
    marks = await highlights(page);
    check(marks.filter((m) => m.cls.includes('annotation-text-copydesk-dismissed')).length === 3
      && marks.filter((m) => m.cls.includes('annotation-text-copydesk-acknowledged')).length === 3,
    'dismissed and acknowledged findings stay marked as such', marks);
    await page.evaluate(() => wp.data.dispatch('core/block-editor').clearSelectedBlock());
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(artifacts, 'editor-after-dismissals.png') });

    await openPublishPanel(page);
    await checked(page);
    await page.click('.editor-post-publish-panel__header-publish-button button');
    await page.waitForFunction(() => wp.data.select('core/editor').getCurrentPostAttribute('status') === 'publish',
      null, { timeout: 30000 });
    check(true, 'the post publishes from the editor');

    // ------------------------------------------------------------ the settings page
    await context.clearCookies();
    await login(page, 'admin');
    await page.goto(base + '/wp-admin/options-general.php?page=copydesk');
    const status = await page.locator('#copydesk-status').innerText();
    check(/^\d+ rules loaded\.$/.test(status), 'the settings page says how many rules are loaded', status);
    await page.fill('#copydesk-overrides', 'figures = block\nnonsense');
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    const refused = await page.locator('.notice, .error, .updated').allInnerTexts();
    check(refused.some((t) => t.includes("line 2: expected 'rule-or-category = block|acknowledge|advise', got 'nonsense'")),
      'a bad line in the actions per rule is refused with its line', refused);
    check(await page.inputValue('#copydesk-overrides') === '', 'and not saved');
    await page.fill('#copydesk-overrides', 'figures = block');
    await page.selectOption('select[name="copydesk_settings[actions][warning]"]', 'advise');
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    check(await page.inputValue('#copydesk-overrides') === 'figures = block'
      && await page.inputValue('select[name="copydesk_settings[actions][warning]"]') === 'advise', 'good settings are saved');
    check(errors.length === 0, 'no script error in the page', errors);
  } finally {
    await browser.close();
  }
}

const deadline = setTimeout(() => {
  console.log('FAIL the editor test did not finish in 240 s');
  process.exit(1);
}, 240000);
main().catch((e) => {
  failed++;
  console.log('FAIL ' + (e && e.stack ? e.stack : e));
}).finally(() => {
  clearTimeout(deadline);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
});
