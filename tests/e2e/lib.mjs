// Shared helpers for the browser tests (tests/e2e/*.test.mjs) and the browser benchmark (timing.mjs).
//
// One Chromium per test file, one static server per file serving dist/ on a random port, one fresh
// browser context per test. Every context records its requests (anything that is not the app's
// own origin is blocked and fails the test), console errors, uncaught page errors and
// Content-Security-Policy violations; `e2e()` asserts all of those are empty after each test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The built app. AKSBD_DIST overrides it (to run the suite against another build). */
export const DIST = resolve(process.env.AKSBD_DIST || join(ROOT, 'dist'));
export const INDEX_HTML = join(DIST, 'index.html');
export const OFFLINE_HTML = join(DIST, 'aks-backup-doctor.html');
export const CORPUS = join(ROOT, 'tests/corpus');

/** Exactly the flags from /work/shared/TOOLCHAIN.md. */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
};

export const LANGS = ['ja', 'ko', 'en'];
export const LEVEL_RANK = { weak: 1, strong: 2, exact: 3 };

// ---------------------------------------------------------------------------------------------
// catalog.json and the corpus: the source of every expectation

export const catalog = JSON.parse(readFileSync(join(ROOT, 'catalog.json'), 'utf8'));
const byId = new Map(catalog.entries.map((e) => [e.id, e]));

export function entry(id) {
  const e = byId.get(id);
  assert.ok(e, `catalog.json has no entry ${id}`);
  return e;
}

/** The Learn link an entry's card must show in `lang`. */
export function learnUrl(e, lang) {
  return (e.learn ?? catalog.learn)[lang];
}

/** `{name}` placeholders of a command template, in order, without duplicates. */
export function placeholdersOf(template) {
  return [...new Set([...template.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]))];
}

/** A template with `{name}` replaced from `values` (names missing from `values` stay as they are). */
export function fillTemplate(template, values) {
  // The grammar of src/catalog/template.rs: `{{` and `}}` are literal braces, `{name}` a
  // placeholder (shown as `{name}` while unfilled), any other brace literal text.
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (all, name) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    return name in values ? values[name] : all;
  });
}

/**
 * Parses one corpus file: a header, a `---` line, then the paste (same rules as tests/corpus.rs).
 * Header lines: `expect: ID LEVEL`, `top: ID`, `values: k=v ...`, `reject: strong|any`, `# comment`.
 */
export function parseCorpusFile(path) {
  const raw = readFileSync(path, 'utf8');
  const cut = raw.indexOf('\n---\n');
  assert.ok(cut >= 0, `${path}: no '---' line after the header`);
  const c = { path, name: path.split('/').pop(), expect: [], top: null, values: {}, reject: null, paste: raw.slice(cut + 5) };
  for (const line of raw.slice(0, cut).split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    assert.ok(i > 0, `${path}: bad header line ${JSON.stringify(line)}`);
    const key = line.slice(0, i).trim();
    const rest = line.slice(i + 1).trim();
    if (key === 'expect') {
      const [id, level = 'strong'] = rest.split(/\s+/);
      c.expect.push({ id, level: level === 'any' ? 'weak' : level });
    } else if (key === 'top') c.top = rest;
    else if (key === 'values') {
      for (const kv of rest.split(/\s+/)) {
        const j = kv.indexOf('=');
        c.values[kv.slice(0, j)] = kv.slice(j + 1);
      }
    } else if (key === 'reject') c.reject = rest;
    else assert.fail(`${path}: unknown header ${key}`);
  }
  return c;
}

/** Every paste of tests/corpus/<dir>/*.txt, sorted by file name. */
export function corpus(dir) {
  const d = join(CORPUS, dir);
  return readdirSync(d).filter((f) => f.endsWith('.txt')).sort().map((f) => parseCorpusFile(join(d, f)));
}

/**
 * A deterministic Velero-style log of about `targetBytes` bytes (cut at a line end): every corpus
 * paste under tests/corpus/velero in turn, each followed by `fillerPerPaste` Velero info lines.
 */
export function benchLog(targetBytes, fillerPerPaste = 8) {
  const pastes = corpus('velero').map((c) => c.paste.replace(/\s+$/, ''));
  const hex = (n, w) => (n >>> 0).toString(16).padStart(w, '0').slice(-w);
  const parts = [];
  let size = 0;
  let n = 0;
  for (let i = 0; size <= targetBytes; i++) {
    const p = pastes[i % pastes.length];
    parts.push(p);
    size += Buffer.byteLength(p) + 1;
    for (let k = 0; k < fillerPerPaste; k++, n++) {
      const s = n % 3600;
      const ts = `2026-10-03T${String(4 + Math.floor(n / 3600) % 20).padStart(2, '0')}:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}Z`;
      const id = `${hex(n * 2654435761, 8)}-${hex(n, 4)}-4${hex(n * 7, 3)}-a${hex(n * 13, 3)}-${hex(n * 40503, 12)}`;
      const line = `time="${ts}" level=info msg="Backed up ${n + 1} items out of an estimated total of ${n + 500} (estimate will change throughout the backup)" backup=dataprotection-microsoft/${id} logSource="pkg/backup/backup.go:434" name=item-${n} namespace=shop progress= resource=pods`;
      parts.push(line);
      size += line.length + 1;
    }
  }
  const buf = Buffer.from(parts.join('\n'));
  return buf.subarray(0, buf.lastIndexOf(0x0a, targetBytes)).toString('utf8');
}

// ---------------------------------------------------------------------------------------------
// browser, server, sessions

export function assertDist() {
  if (!existsSync(INDEX_HTML)) {
    throw new Error(`${INDEX_HTML} does not exist: build the web app first with 'make dist' `
      + '(the browser tests run against the release build in dist/).');
  }
}

/** Warns (stderr) when catalog.json changed after dist/ was built: card text would not match. */
export function warnIfStale() {
  const built = statSync(INDEX_HTML).mtimeMs;
  const newer = ['catalog.json'].filter((f) => statSync(join(ROOT, f)).mtimeMs > built);
  if (newer.length) {
    process.stderr.write(`aksbd e2e: WARNING ${newer.join(', ')} changed after dist/ was built; `
      + `the tests compare the app with the current file, so run 'make dist' first.\n`);
  }
}

export async function launchBrowser() {
  return chromium.launch(CHROMIUM);
}

export async function startDistServer() {
  assertDist();
  const server = await startServer(DIST, 0);
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

const CSP_BINDING = '__aksbdCspViolation';

/**
 * A fresh browser context with recording. `allowed(url)` says which request URLs are the app's
 * own; with `intercept` (default) every other request is aborted before it leaves the browser.
 * Returns { context, page, log, newPage() }.
 */
export async function newSession(browser, { allowed, contextOptions = {}, clipboardOrigin = null, intercept = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const log = { requests: [], workerRequests: [], foreign: [], consoleErrors: [], pageErrors: [], csp: [] };
  const isLocal = (u) => /^(data|blob|about):/.test(u) || allowed(u);
  if (clipboardOrigin) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: clipboardOrigin });
  context.on('request', (r) => {
    // What a service worker requests itself (its script, its cache fills) is listed apart from
    // what the pages request; a foreign URL fails the test either way.
    (r.serviceWorker() ? log.workerRequests : log.requests).push(r.url());
    if (!isLocal(r.url())) log.foreign.push(`${r.method()} ${r.url()}`);
  });
  if (intercept) await context.route((url) => !isLocal(url.href), (route) => route.abort('blockedbyclient'));
  await context.exposeBinding(CSP_BINDING, ({ frame }, v) => log.csp.push({ page: frame.url(), ...v }));
  await context.addInitScript((binding) => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window[binding]?.({
        directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}`, sample: e.sample,
      });
    }, true);
  }, CSP_BINDING);
  const watch = (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') {
        const loc = m.location();
        log.consoleErrors.push(`${m.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
      }
    });
    page.on('pageerror', (e) => log.pageErrors.push(String(e?.stack || e)));
  };
  context.on('page', watch);
  const page = await context.newPage();
  return { context, page, log, newPage: () => context.newPage() };
}

/** Fails with everything a session recorded that a clean run must not have. */
export function assertClean(log, what = 'the page') {
  // identical lines once, with a count
  const list = (xs) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map())]
    .map(([x, n]) => (n > 1 ? `${x}  (x${n})` : x)).join('\n  ');
  const problems = [];
  if (log.foreign.length) problems.push(`requests to another origin:\n  ${list(log.foreign)}`);
  if (log.csp.length) problems.push(`Content-Security-Policy violations:\n  ${list(log.csp.map((v) => JSON.stringify(v)))}`);
  if (log.pageErrors.length) problems.push(`uncaught errors:\n  ${list(log.pageErrors)}`);
  if (log.consoleErrors.length) problems.push(`console errors:\n  ${list(log.consoleErrors)}`);
  assert.ok(problems.length === 0, `${what}: ${problems.join('\n')}`);
}

/**
 * Sets up one Chromium and one dist/ server for the calling test file (node:test before/after
 * hooks) and returns `env` with `origin`, `url(path)`, `browser` and `session(opts)`. If dist/ has
 * not been built, every test of the file fails with a message saying so.
 */
export function setupFile() {
  const env = {
    browser: null, server: null, origin: null,
    url: (path = '/') => env.origin + path,
    /** A session on the app's origin. `clipboard: true` grants clipboard read/write for it. */
    session: ({ clipboard = false, ...opts } = {}) => newSession(env.browser, {
      allowed: (u) => u.startsWith(env.origin + '/'),
      clipboardOrigin: clipboard ? env.origin : null,
      ...opts,
    }),
  };
  before(async () => {
    assertDist();
    warnIfStale();
    ({ server: env.server, origin: env.origin } = await startDistServer());
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await new Promise((ok) => (env.server ? env.server.close(ok) : ok()));
  });
  return env;
}

/**
 * test() with a fresh session: `fn(session, t)`, then asserts the session made no request to
 * another origin, hit no CSP violation, threw nothing and logged no console error.
 */
export function e2e(env, name, fn, { session: sessionOptions = {}, ...testOptions } = {}) {
  test(name, { timeout: 120_000, ...testOptions }, async (t) => {
    const s = await env.session(sessionOptions);
    try {
      try {
        await fn(s, t);
      } catch (e) {
        // what the page said is usually the explanation (a wasm panic, a blocked request, ...)
        try { assertClean(s.log); } catch (c) { if (e && typeof e === 'object') e.message = `${e.message}\n-- meanwhile ${c.message}`; }
        throw e;
      }
      assertClean(s.log, name);
    } finally {
      await s.context.close();
    }
  });
}

// ---------------------------------------------------------------------------------------------
// the app

/** Navigates and waits until `window.AksBackupDoctor.ready` has resolved. */
export async function gotoApp(page, url, { waitForInput = true } = {}) {
  await page.goto(url);
  await waitReady(page);
  if (waitForInput) await page.waitForSelector('#error-input', { state: 'visible' });
}

export async function waitReady(page, timeout = 30_000) {
  await page.waitForFunction(() => window.AksBackupDoctor && window.AksBackupDoctor.ready, null, { timeout });
  await page.evaluate(() => Promise.resolve(window.AksBackupDoctor.ready).then(() => true));
}

/**
 * Runs `action` (which changes the paste) and waits until #results has settled: its data-state
 * is set (and is not "empty" unless `expectEmpty`), and nothing in the document changed for
 * `quietMs` (longer than the ~120 ms debounce). Returns the final data-state.
 */
export async function settleAfter(page, action, { expectEmpty = false, quietMs = 250, timeout = 30_000 } = {}) {
  await page.evaluate(() => {
    const m = { t0: performance.now(), last: 0, count: 0 };
    m.observer = new MutationObserver(() => { m.count++; m.last = performance.now(); });
    m.observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
    window.__aksbdSettle?.observer?.disconnect();
    window.__aksbdSettle = m;
  });
  await action();
  await page.waitForFunction(({ expectEmpty, quietMs }) => {
    const s = document.querySelector('#results')?.getAttribute('data-state');
    if (!s || (s === 'empty') !== expectEmpty) return false;
    const m = window.__aksbdSettle;
    const now = performance.now();
    // Something re-rendered and has been quiet since, or nothing needed to change at all.
    return m.count > 0 ? now - m.last >= quietMs : now - m.t0 >= quietMs + 700;
  }, { expectEmpty, quietMs }, { timeout, polling: 50 });
  return page.getAttribute('#results', 'data-state');
}

/** Fills #error-input with `text` and waits for #results[data-state] to settle. Returns the state. */
export async function paste(page, text, opts = {}) {
  return settleAfter(page, () => page.fill('#error-input', text), { expectEmpty: text.trim() === '', ...opts });
}

/** The result cards in order: [{id, level}]. */
export async function cards(page, scope = '#results') {
  return page.$$eval(`${scope} .card[data-entry-id]`, (els) => els.map((e) => ({ id: e.getAttribute('data-entry-id'), level: e.getAttribute('data-level') })));
}

export async function resultState(page) {
  return page.getAttribute('#results', 'data-state');
}

export async function htmlLang(page) {
  return page.evaluate(() => document.documentElement.lang);
}

/** Everything the contract says a card shows, read from the DOM. */
export async function cardDetails(page, selector) {
  return page.$eval(selector, (card) => {
    const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
    const codeText = (code) => [...code.childNodes].map(function walk(n) {
      if (n.nodeType === Node.TEXT_NODE) return n.textContent;
      if (n.matches?.('input.ph')) return `{${n.getAttribute('data-ph')}}`;
      return [...n.childNodes].map(walk).join('');
    }).join('');
    return {
      id: card.getAttribute('data-entry-id'),
      level: card.getAttribute('data-level'),
      title: text(card.querySelector('h2.card-title')),
      entryId: text(card.querySelector('.entry-id')),
      badges: [...card.querySelectorAll('.badge')].map((b) => b.className),
      cause: text(card.querySelector('.cause')),
      steps: [...card.querySelectorAll('ol.steps li')].map(text),
      commands: [...card.querySelectorAll('.command')].map((c) => {
        const code = c.querySelector('pre code');
        return {
          // the command with unfilled placeholders written back as {name}
          template: code ? codeText(code) : null,
          text: code ? code.textContent : null,
          placeholders: code ? [...code.querySelectorAll('input.ph')].map((i) => i.getAttribute('data-ph')) : [],
          hasCopy: !!c.querySelector('button.copy'),
        };
      }),
      learn: card.querySelector('a.learn')?.href ?? null,
      evidence: [...card.querySelectorAll('.evidence .evidence-line')].map((l) => ({
        line: l.getAttribute('data-line'),
        text: l.textContent,
        marks: [...l.querySelectorAll('mark')].map((m) => m.textContent),
      })),
    };
  });
}

/** Reads the system clipboard from a page of a session created with `clipboard: true`. */
export async function readClipboard(page) {
  return page.evaluate(() => navigator.clipboard.readText());
}

export async function writeClipboard(page, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
}

/** Runs `action` (a click on a copy-type button) and returns the new clipboard text. */
export async function clipboardAfter(page, action, timeout = 5_000) {
  const sentinel = `aksbd-sentinel-${Math.random()}`;
  await writeClipboard(page, sentinel);
  await action();
  const deadline = Date.now() + timeout;
  for (;;) {
    const got = await readClipboard(page);
    if (got !== sentinel) return got;
    assert.ok(Date.now() < deadline, 'the clipboard did not change after the copy action');
    await page.waitForTimeout(50);
  }
}

export const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

export { pathToFileURL };
