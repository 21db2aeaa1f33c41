// The first screen: index.html carries the app's first screen in every language (rendered at
// build time by yew's server renderer, examples/shell.rs), shown before the wasm has started.
// With the app's script held back, the page is there in its language with the paste box focused;
// what the user types, drops or switches to before the app starts is kept when it starts. The
// typed-symptom search is loaded only when a paste needs it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  setupFile, e2e, gotoApp, paste, cards, htmlLang, catalog, corpus, waitReady, OFFLINE_HTML, pathToFileURL, LANGS,
} from './lib.mjs';

const env = setupFile();
const CODE = 'UserErrorPVNotFound';

/** Holds the app's script (so the page stays at its first screen) until `release()`. */
async function holdApp(page) {
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/\/app-[0-9a-f]+\.js$/, async (route) => { await held; await route.continue(); });
  return release;
}

const ui = (key, lang) => catalog.ui[key][lang];
/** Waits for the first screen's script to have shown it (it focuses the paste box last). */
const shown = (page) => page.waitForFunction(() => document.activeElement && document.activeElement.id === 'error-input');

for (const lang of LANGS) {
  e2e(env, `the first screen is there before the app starts (${lang}): its language, the paste box focused`, async (s) => {
    const release = await holdApp(s.page);
    await s.page.goto(env.url(`/?lang=${lang}`), { waitUntil: 'commit' });
    await shown(s.page);
    assert.equal(await htmlLang(s.page), lang);
    const first = await s.page.evaluate(() => ({
      shellLang: document.querySelector('#app > .shell')?.getAttribute('lang'),
      boxes: document.querySelectorAll('#error-input').length,
      focused: document.activeElement?.id,
      title: document.querySelector('.shell h1')?.textContent,
      label: document.querySelector('.shell #input-label')?.textContent,
      examples: [...document.querySelectorAll('.shell button.example')].map((b) => b.getAttribute('data-example')),
      ready: Boolean(window.AksBackupDoctor && window.AksBackupDoctor.version),
    }));
    assert.equal(first.shellLang, lang);
    assert.equal(first.boxes, 1, 'one paste box in the document');
    assert.equal(first.focused, 'error-input');
    assert.equal(first.title, ui('app.title', lang));
    assert.equal(first.label, ui('input.label', lang));
    assert.deepEqual(first.examples, catalog.examples);
    assert.equal(first.ready, false, 'the app has not started');
    assert.ok(await s.page.isVisible('#error-input'));
    release();
    await waitReady(s.page);
    await s.page.waitForFunction(() => !document.querySelector('.shell'));
    assert.equal(await s.page.evaluate(() => document.querySelectorAll('#error-input').length), 1);
    assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'error-input');
  });
}

e2e(env, 'text typed before the app starts is classified the moment it starts', async (s) => {
  const release = await holdApp(s.page);
  await s.page.goto(env.url('/?lang=en'), { waitUntil: 'commit' });
  await shown(s.page);
  await s.page.fill('#error-input', `velero: ${CODE}`);
  release();
  await s.page.waitForSelector(`#results .card[data-entry-id="${CODE}"]`, { timeout: 30_000 });
  assert.equal(await s.page.inputValue('#error-input'), `velero: ${CODE}`);
  assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'error-input');
});

e2e(env, 'a file dropped before the app starts is read the moment it starts (the page stays)', async (s) => {
  const c = corpus('pastes').find((x) => x.expect.length === 1 && x.expect[0].level === 'exact' && x.paste.length < 4000);
  assert.ok(c, 'a corpus paste with one exact expectation');
  const release = await holdApp(s.page);
  await s.page.goto(env.url('/?lang=ja'), { waitUntil: 'commit' });
  await shown(s.page);
  const url = s.page.url();
  await s.page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'backup.log', { type: 'text/plain' }));
    const box = document.getElementById('error-input');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      box.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
    }
  }, c.paste);
  release();
  await s.page.waitForSelector(`#results .card[data-entry-id="${c.expect[0].id}"]`, { timeout: 30_000 });
  assert.equal(s.page.url().split('#')[0], url, 'still the same page');
});

e2e(env, 'the language buttons work before the app starts, and the app starts in that language', async (s) => {
  const release = await holdApp(s.page);
  await s.page.goto(env.url('/?lang=en'), { waitUntil: 'commit' });
  await shown(s.page);
  await s.page.fill('#error-input', 'kept');
  await s.page.click('.shell header .lang button[data-lang="ko"]');
  assert.equal(await htmlLang(s.page), 'ko');
  assert.equal(await s.page.getAttribute('#app > .shell', 'lang'), 'ko');
  assert.equal(await s.page.textContent('.shell #input-label'), ui('input.label', 'ko'));
  assert.equal(await s.page.inputValue('#error-input'), 'kept');
  assert.match(s.page.url(), /[?&]lang=ko\b/);
  release();
  await waitReady(s.page);
  await s.page.waitForSelector('header .lang button[data-lang="ko"][aria-pressed="true"]');
  assert.equal(await s.page.textContent('#input-label'), ui('input.label', 'ko'));
  assert.equal(await s.page.inputValue('#error-input'), 'kept');
});

e2e(env, 'the typed-symptom search loads only when a paste needs it, for the languages it needs', async (s) => {
  const searchLoads = () => s.log.requests.filter((u) => /\/search-[a-z]{2}-[0-9a-f]+\.js$/.test(u)).map((u) => u.match(/search-([a-z]{2})-/)[1]);
  await gotoApp(s.page, env.url('/?lang=ja'));
  assert.deepEqual(searchLoads(), [], 'nothing on load');
  assert.equal(await paste(s.page, CODE), 'matches');
  assert.deepEqual(searchLoads(), [], 'a code found with confidence needs no search');
  const symptom = corpus('symptoms').find((c) => /^[^A-Za-z]+$/.test(c.paste) && /[\u3040-\u30ff]/.test(c.paste) && c.expect.length);
  assert.ok(symptom, 'a Japanese typed symptom without Latin letters');
  await paste(s.page, symptom.paste);
  assert.deepEqual(searchLoads(), ['ja'], 'the search of the page language (the symptom has no Latin letters)');
  const found = await cards(s.page);
  assert.ok(found.length > 0, 'weak hints from the search');
  // What the JS API says (it loads every language's search first, as the CLI has them).
  const api = await s.page.evaluate((t) => window.AksBackupDoctor.classify(t), symptom.paste);
  assert.deepEqual(searchLoads().sort(), ['en', 'ja', 'ko']);
  assert.ok(api.matches.length > 0);
});

e2e(env, 'the offline single file has the first screen too, and the app takes over from it', async (s) => {
  const html = readFileSync(OFFLINE_HTML, 'utf8');
  assert.match(html, /<div id="app"><div lang="en" class="app shell">/);
  for (const l of LANGS.filter((x) => x !== 'en')) assert.match(html, new RegExp(`<template id="aksbd-shell-${l}">`));
  await gotoApp(s.page, `${pathToFileURL(OFFLINE_HTML).href}?lang=ko`);
  await s.page.waitForFunction(() => !document.querySelector('.shell'));
  assert.equal(await htmlLang(s.page), 'ko');
  assert.equal(await paste(s.page, CODE), 'matches');
}, { session: { allowed: (u) => u.startsWith('file://') } });
