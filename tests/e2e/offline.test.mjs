// Offline once visited: the hosted app's service worker (dist/sw.js, written by
// scripts/pack-web.mjs). A page opened once starts and classifies with the server gone; a new
// build served at the same origin replaces the old cache; the offline single file (file://) and
// the embed bundle on a host page never register a worker.
//
// The second build is packed here from Trunk's output (AKSBD_TRUNK_DIST, default
// target/trunk-dist) with one changed stylesheet rule; without Trunk's output that test is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  ROOT, DIST, OFFLINE_HTML, setupFile, e2e, gotoApp, waitReady, paste, cards, htmlLang, entry, newSession,
  assertClean, pathToFileURL,
} from './lib.mjs';
import { startServer } from '../../scripts/serve.mjs';

const env = setupFile();
const CODE = 'UserErrorPVNotFound';
const TRUNK_DIST = process.env.AKSBD_TRUNK_DIST || join(ROOT, 'target/trunk-dist');

const langFile = (dir, l, kind = 'lang') => readdirSync(dir).find((f) => new RegExp(`^${kind}-${l}-[0-9a-f]+\\.js$`).test(f));
const styleFile = (dir) => readdirSync(dir).find((f) => /^style-[0-9a-f]+\.css$/.test(f));
/** The cache name a build's sw.js uses at the root scope ('aksbd-<hash>@/'). */
const cacheName = (dir) => {
  const m = /CACHE\s*=\s*["'](aksbd-[0-9a-f]+@)["']\s*\+\s*SCOPE/.exec(readFileSync(join(dir, 'sw.js'), 'utf8'));
  assert.ok(m, `${dir}/sw.js: no cache name`);
  return `${m[1]}/`;
};

/**
 * Counts, in every frame, calls of navigator.serviceWorker.register() and of fetch() (the page
 * itself must never fetch: its CSP says connect-src 'none').
 */
function spies() {
  window.__aksbdSpy = { register: [], fetch: 0 };
  if (typeof ServiceWorkerContainer !== 'undefined') {
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function (url, ...rest) {
      window.__aksbdSpy.register.push(String(url));
      return register.call(this, url, ...rest);
    };
  }
  const f = window.fetch;
  window.fetch = function (...a) { window.__aksbdSpy.fetch++; return f.apply(this, a); };
}
const spy = (page) => page.evaluate(() => window.__aksbdSpy);

/** What a page sees of the worker and its caches (same origin: the page can read CacheStorage). */
const swState = (page) => page.evaluate(async () => {
  const names = (await caches.keys()).filter((k) => k.startsWith('aksbd-'));
  const entries = {};
  for (const n of names) entries[n] = (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname).sort();
  return {
    controller: navigator.serviceWorker.controller?.scriptURL ?? null,
    scopes: (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
    names,
    entries,
  };
});

/** Polls `fn` until `ok(value)`; fails with the last value. */
async function until(fn, ok, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let v;
  for (;;) {
    v = await fn();
    if (ok(v)) return v;
    assert.ok(Date.now() < deadline, `${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Closes a server for real: no new connections and the browser's keep-alive ones cut. */
function stop(server) {
  return new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections();
  });
}

/** Checks that nothing answers at `origin` any more (so whatever the page gets comes from the worker). */
async function assertGone(origin) {
  const r = await fetch(`${origin}/index.html`).then((x) => `HTTP ${x.status}`, () => 'gone');
  assert.equal(r, 'gone', `the server at ${origin} still answers`);
}

/** Opens a new page of the session at the app URL and pastes CODE: the card shows, in `lang`. */
async function startsAndClassifies(s, lang, where) {
  const page = await s.newPage();
  await page.addInitScript(spies);
  await gotoApp(page, env.url('/'));
  assert.equal(await htmlLang(page), lang, `${where}: the language of the first visit`);
  assert.equal(await paste(page, CODE), 'matches', where);
  assert.ok((await cards(page)).some((c) => c.id === CODE), `${where}: no card ${CODE}`);
  const title = await page.textContent(`#results .card[data-entry-id="${CODE}"] h2.card-title`);
  assert.equal(title.trim(), entry(CODE).title[lang], `${where}: the card's title`);
  assert.equal((await spy(page)).fetch, 0, `${where}: the page called fetch()`);
  return page;
}

// The server of setupFile() is stopped and restarted in this test; whichever is running at the
// end is left in env.server for its after() hook.
e2e(env, 'visited once, the hosted app starts and classifies with the server gone; a new build replaces the cache', async (s, t) => {
  const port = env.server.address().port;
  const ja = `/${langFile(DIST, 'ja')}`;
  // The page posts its language's text and search, and English's search (logs are English).
  const jaFiles = [ja, `/${langFile(DIST, 'ja', 'search')}`, `/${langFile(DIST, 'en', 'search')}`];
  const jaCached = (st) => st.names.length === 1 && jaFiles.every((f) => st.entries[st.names[0]].includes(f));
  // (1) The first visit, in Japanese: the worker installs, takes over the page and caches the
  // shell, the app script, the stylesheet and the language script the page loaded before.
  const { page } = s;
  await page.addInitScript(spies);
  await gotoApp(page, env.url('/?lang=ja'));
  assert.equal(await htmlLang(page), 'ja');
  await until(() => page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !!r?.active)), Boolean,
    'an active service worker for the page', 15_000);
  const controlled = await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 10_000 }).then(() => true, () => false);
  if (!controlled) await gotoApp(page, env.url('/?lang=ja')); // the next load is controlled
  const first = await until(() => swState(page), (st) => !!st.controller && jaCached(st), 'the worker controls the page and has cached lang-ja');
  assert.equal(first.controller, env.url('/sw.js'));
  assert.deepEqual(first.scopes, [env.url('/')]);
  assert.deepEqual(first.names, [cacheName(DIST)]);
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const own = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => `/${m[1]}`);
  assert.deepEqual(first.entries[first.names[0]], ['/', '/index.html', ...own, ...jaFiles].sort(),
    'the cache holds the shell, the app and boot scripts, the stylesheet, the shown language and the search it needs only');
  assert.deepEqual((await spy(page)).register, ['./sw.js']);
  assert.equal((await spy(page)).fetch, 0, 'the page called fetch()');
  const all = [...s.log.requests, ...s.log.workerRequests];
  assert.deepEqual(all.filter((u) => /\/lang-(ko|en)-/.test(u)), [], 'the languages not shown are not requested (no precache of every language)');
  // The worker itself asked only for its own script and this build's files (lib.mjs lists its
  // requests apart from the pages'; one to another origin would fail the test anyway).
  const mine = new Set(['/sw.js', '/', '/index.html', ...own, ...jaFiles]);
  assert.deepEqual(s.log.workerRequests.map((u) => new URL(u).pathname).filter((p) => !mine.has(p)), []);
  assert.ok(/worker-src 'self'/.test(html) && /connect-src 'none'/.test(html), 'the CSP keeps connect-src none and names worker-src');

  // (2) The server gone: a new page of the same browser context still starts and classifies.
  await stop(env.server);
  await assertGone(env.origin);
  const offline = await startsAndClassifies(s, 'ja', 'offline');
  assert.equal(await offline.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), env.url('/sw.js'));
  await offline.close();

  // (3) A new build at the same origin: its worker replaces the old one and deletes the old cache.
  if (!existsSync(join(TRUNK_DIST, 'index.html'))) {
    env.server = await startServer(DIST, port);
    t.skip(`no Trunk output at ${TRUNK_DIST} to pack a second build from (set AKSBD_TRUNK_DIST)`);
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'aksbd-offline-'));
  try {
    const src = join(tmp, 'trunk');
    const next = join(tmp, 'dist');
    cpSync(TRUNK_DIST, src, { recursive: true });
    const css = readdirSync(src).find((f) => f.endsWith('.css'));
    appendFileSync(join(src, css), '\n/* offline.test.mjs: the second build */\n.aksbd-offline-test-build { display: none; }\n');
    execFileSync(process.execPath, [join(ROOT, 'scripts/pack-web.mjs'), src, next, join(ROOT, 'target/shell.txt')], { stdio: 'pipe' });
    const [oldCache, newCache] = [cacheName(DIST), cacheName(next)];
    assert.notEqual(newCache, oldCache, 'a changed asset gives a new cache name');
    env.server = await startServer(next, port);
    const updated = await s.newPage();
    await gotoApp(updated, env.url('/'));
    const after = await until(() => swState(updated), (st) => st.names.length === 1 && st.names[0] === newCache && jaCached(st),
      'after the update only the new cache (with lang-ja) is left');
    assert.ok(after.entries[newCache].includes(`/${styleFile(next)}`), 'the new stylesheet is cached');
    assert.equal(await updated.getAttribute('link[rel="stylesheet"]', 'href'), `./${styleFile(next)}`, 'the page shows the new build (network first)');
    await updated.close();
    // ...and offline again, the new build is what starts.
    await stop(env.server);
    await assertGone(env.origin);
    const again = await startsAndClassifies(s, 'ja', 'offline after the update');
    assert.equal(await again.getAttribute('link[rel="stylesheet"]', 'href'), `./${styleFile(next)}`);
    assert.ok(await again.evaluate(() => [...document.styleSheets[0].cssRules].some((r) => r.selectorText === '.aksbd-offline-test-build')),
      'the cached stylesheet is the new one');
    await again.close();
  } finally {
    if (!env.server.listening) env.server = await startServer(DIST, port);
    rmSync(tmp, { recursive: true, force: true });
  }
}, { timeout: 300_000 });

test('the offline single file (file://) registers no worker and still works', { timeout: 120_000 }, async () => {
  assert.ok(!/serviceWorker/.test(readFileSync(OFFLINE_HTML, 'utf8')), 'the single file mentions serviceWorker');
  const fileUrl = pathToFileURL(OFFLINE_HTML).href;
  const s = await newSession(env.browser, { allowed: (u) => u.split('?')[0].split('#')[0] === fileUrl });
  try {
    await s.context.addInitScript(spies);
    await s.page.goto(`${fileUrl}?lang=ko`);
    await waitReady(s.page);
    assert.equal(await paste(s.page, CODE), 'matches');
    assert.ok((await cards(s.page)).some((c) => c.id === CODE));
    const sw = await s.page.evaluate(async () => ({
      controller: navigator.serviceWorker?.controller ?? null,
      // file:// has no service workers at all: getRegistrations() rejects or finds none
      registrations: navigator.serviceWorker
        ? await navigator.serviceWorker.getRegistrations().then((r) => r.length, () => 0)
        : 0,
      spy: window.__aksbdSpy,
    }));
    assert.deepEqual(sw, { controller: null, registrations: 0, spy: { register: [], fetch: 0 } });
    assertClean(s.log, 'offline file');
  } finally {
    await s.context.close();
  }
});

test('the embed bundle on a host page registers no worker and still works', { timeout: 120_000 }, async () => {
  assert.ok(!/serviceWorker/.test(readFileSync(join(DIST, 'embed/aks-backup-doctor.js'), 'utf8')), 'the embed bundle mentions serviceWorker');
  // A site like the repository (examples/host.html loads ../dist/embed/), with dist/ being DIST, plus
  // the same host page without its iframe (the iframe is the hosted app, which may register).
  const site = mkdtempSync(join(tmpdir(), 'aksbd-host-'));
  mkdirSync(join(site, 'examples'));
  for (const f of ['host.html', 'host.css', 'host.js']) symlinkSync(join(ROOT, 'examples', f), join(site, 'examples', f));
  symlinkSync(DIST, join(site, 'dist'));
  const host = readFileSync(join(ROOT, 'examples/host.html'), 'utf8');
  const bare = host.replace(/<iframe\b[\s\S]*?<\/iframe>/, '').replace(/<script src="host\.js"><\/script>/, '');
  assert.ok(!/<iframe/.test(bare));
  writeFileSync(join(site, 'examples/embed-only.html'), bare);
  const server = await startServer(site, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    // The embed alone: nothing registered for the origin, the page not controlled.
    let s = await newSession(env.browser, { allowed: (u) => u.startsWith(origin + '/') });
    try {
      await s.context.addInitScript(spies);
      await s.page.goto(`${origin}/examples/embed-only.html`);
      await s.page.waitForFunction(() => document.querySelector('#ja')?.shadowRoot?.querySelector(`.card[data-entry-id="UserErrorPVNotFound"]`));
      await s.page.locator('#ko').locator('#error-input').fill('UserErrorHookExecutionFailed');
      await s.page.waitForFunction(() => document.querySelector('#ko').shadowRoot.querySelector('.card[data-entry-id="UserErrorHookExecutionFailed"]'));
      await s.page.waitForTimeout(500);
      const sw = await s.page.evaluate(async () => ({
        controller: navigator.serviceWorker.controller,
        registrations: (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
        spy: window.__aksbdSpy,
      }));
      assert.deepEqual(sw, { controller: null, registrations: [], spy: { register: [], fetch: 0 } });
      assertClean(s.log, 'embed-only host page');
    } finally {
      await s.context.close();
    }
    // The example host page: its iframe (the hosted app, ?embed=1) may register the app's worker
    // for the app's directory; the host page itself registers nothing and is not controlled.
    s = await newSession(env.browser, { allowed: (u) => u.startsWith(origin + '/') });
    try {
      await s.context.addInitScript(spies);
      await s.page.goto(`${origin}/examples/host.html`);
      await s.page.waitForFunction(() => document.querySelector('#ja')?.shadowRoot?.querySelector(`.card[data-entry-id="UserErrorPVNotFound"]`));
      const frame = s.page.frameLocator('#frame');
      await frame.locator('#error-input').fill('UserErrorNamespaceNotFound');
      await frame.locator('.card[data-entry-id="UserErrorNamespaceNotFound"]').waitFor();
      const inFrame = s.page.frames().find((f) => f !== s.page.mainFrame());
      await until(() => inFrame.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !!r?.active)), Boolean,
        'the iframe\'s worker is active', 15_000);
      const sw = await s.page.evaluate(async () => ({
        controller: navigator.serviceWorker.controller,
        scopes: (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
        spy: window.__aksbdSpy,
      }));
      assert.deepEqual(sw, { controller: null, scopes: [`${origin}/dist/`], spy: { register: [], fetch: 0 } });
      assert.deepEqual((await inFrame.evaluate(() => window.__aksbdSpy)).register, ['./sw.js'], 'the iframe (hosted app) registers');
      assertClean(s.log, 'host page');
    } finally {
      await s.context.close();
    }
  } finally {
    await stop(server);
    rmSync(site, { recursive: true, force: true });
  }
});
