// Security: XSS payloads through every input the app has, in the hosted app (dist/index.html over
// HTTP, strict CSP) and in the offline single file (dist/aks-backup-doctor.html from file://, every
// network request blocked but the file itself).
//
// Inputs: the paste textarea, `?lang=<payload>`, `#/entry/<payload>` (on load and on hashchange),
// `#/p/<base64url(payload)>`, `window.AksBackupDoctor.classify(payload)`, the catalog filter and a
// command placeholder input (whose value goes to the clipboard with the copy button).
//
// For each payload and input: nothing runs (the payloads call `xss()`/`alert()`/... or assign
// `window.__xss`, all of which an init script records), no script/iframe/img/object/... element and
// no `on*` attribute or `javascript:`/`data:` URL attribute appears in the DOM, the payload is shown
// as text where the app shows it, the page makes no request but for its own files, and there is no
// Content-Security-Policy violation, console error or uncaught error (lib.mjs records those).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import {
  setupFile, gotoApp, paste, assertClean, clipboardAfter, OFFLINE_HTML, INDEX_HTML, DIST,
  pathToFileURL,
} from './lib.mjs';

const env = setupFile();
const CODE = 'UserErrorPVNotFound';

// ---------------------------------------------------------------------------------------------
// payloads: every one would call xss()/alert()/confirm()/prompt() or set window.__xss if it ran

export const PAYLOADS = [
  '<script>xss(1)</script>',
  '<script src=data:text/javascript,xss(2)></script>',
  '<img src=x onerror=xss(3)>',
  '<img src="x" onerror="alert(4)">',
  '<svg onload=xss(5)>',
  '<svg><script>xss(6)</script></svg>',
  '<svg><animate onbegin=xss(7) attributeName=x dur=1s>',
  '<body onload=xss(8)>',
  '<iframe src="javascript:xss(9)"></iframe>',
  '<iframe srcdoc="<script>parent.xss(10)</script>"></iframe>',
  '<a href="javascript:xss(11)">click me</a>',
  '<a href=javascript:alert(12)>x</a>',
  '[click](javascript:xss(13))',
  '![img](javascript:xss(14)) [x](javascript:alert(14) "t")',
  'javascript:xss(15)//',
  '<object data="data:text/html,<script>xss(16)</script>"></object>',
  '<embed src="data:text/html;base64,PHNjcmlwdD54c3MoMTcpPC9zY3JpcHQ+">',
  'data:text/html,<script>xss(18)</script>',
  '<a href="data:text/html,<script>xss(19)</script>">d</a>',
  '&lt;script&gt;xss(20)&lt;/script&gt;',
  '&#60;img src=x onerror=xss(21)&#62;',
  '<img src=x onerror=&#120;&#115;&#115;&#40;22&#41;>',
  '\u202E<img src=x onerror=xss(23)>gpj.exe',
  '<scr\u200Bipt>xss(24)</scr\u200Bipt>\u200B\u200C\u200D\uFEFF<img src=x onerror=xss(24)>',
  '${xss(25)}',
  '`${alert(26)}`',
  "{{constructor.constructor('xss(27)')()}}",
  '</style><script>xss(28)</script><style>',
  '</textarea><script>xss(29)</script>',
  '</textarea><img src=x onerror=xss(30)>',
  '"><script>xss(31)</script>',
  '" autofocus onfocus="xss(32)" x="',
  "' onmouseover='xss(33)' x='",
  '<math><mtext><table><mglyph><style><img src=x onerror=xss(34)>',
  '<details open ontoggle=xss(35)>',
  '<input autofocus onfocus=xss(36)>',
  '<video><source onerror=xss(37)></video>',
  '<base href="javascript:xss(38)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:xss(39)">',
  '<link rel=stylesheet href="data:text/css,body{background:url(javascript:xss(40))}">',
  '<form action=javascript:xss(41)><button>go</button></form>',
  "<style>@import 'javascript:xss(42)';</style>",
  '<!--<img src=x onerror=xss(43)>-->',
  '<![CDATA[<script>xss(44)</script>]]>',
  '<noscript><p title="</noscript><img src=x onerror=xss(45)>">',
  '\u0000<script>xss(46)</script>',
  '<scr<script>ipt>xss(47)</scr</script>ipt>',
  '"><svg/onload=window.__xss=1>',
  '<img src=x onerror="window.__xss=1">',
  '\\u003cscript\\u003exss(50)\\u003c/script\\u003e',
  '%3Cscript%3Exss(51)%3C%2Fscript%3E',
  '<svg><a xlink:href="javascript:xss(52)"><text x="20" y="20">x</text></a></svg>',
  '</script><script>xss(53)</script>',
  'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=xss(54) )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=xss(54)//>\\x3e',
  'line one\n<img src=x onerror=xss(55)>',
  '<ｓｃｒｉｐｔ>xss(56)</ｓｃｒｉｐｔ> ＜script＞xss(56)＜/script＞',
  '<div style="background:url(javascript:xss(57))">css</div><style>*{}</style>',
];

// ---------------------------------------------------------------------------------------------
// what runs before the page: sentinels and a DOM watcher

/** Installed in every document before the page's own scripts (context.addInitScript). */
function sentinels() {
  const hits = [];
  Object.defineProperty(window, '__xssHits', { value: hits });
  const record = (name) => function (...args) { hits.push(`${name}(${args.map(String).join(',')})`); };
  for (const name of ['xss', 'alert', 'confirm', 'prompt', 'print']) {
    Object.defineProperty(window, name, { value: record(name), configurable: false, writable: false });
  }
  Object.defineProperty(window, '__xss', { set(v) { hits.push(`__xss=${v}`); }, get() { return undefined; }, configurable: false });
  const bad = [];
  Object.defineProperty(window, '__xssDom', { value: bad });
  const DANGEROUS = new Set(['script', 'iframe', 'frame', 'frameset', 'img', 'image', 'object', 'embed', 'svg', 'math',
    'video', 'audio', 'source', 'link', 'meta', 'base', 'form', 'style', 'portal', 'applet', 'animate', 'set',
    'details', 'marquee', 'input', 'textarea', 'button', 'a']);
  // Elements the app itself renders (in #app): any other dangerous tag, anywhere, is an injection.
  const APP_OK = new Set(['textarea', 'button', 'input', 'a']);
  const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc', 'background', 'poster'];
  const inspect = (el) => {
    if (!(el instanceof Element)) return;
    const tag = el.localName.toLowerCase();
    const inHead = document.head && document.head.contains(el);
    if (DANGEROUS.has(tag) && !inHead && !(APP_OK.has(tag) && el.closest('#app'))) bad.push(`<${tag}> element`);
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) bad.push(`<${tag} ${n}=...> event handler attribute`);
      if (URL_ATTRS.includes(n) && /^\s*(javascript|vbscript|data):/i.test(a.value) && !(tag === 'link' && inHead && a.value === 'data:,')) {
        bad.push(`<${tag} ${n}="${a.value.slice(0, 60)}">`);
      }
      if (n === 'style' && /url\(|expression\(/i.test(a.value)) bad.push(`<${tag} style="${a.value.slice(0, 60)}">`);
    }
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') inspect(r.target);
      for (const n of r.addedNodes) {
        inspect(n);
        if (n.querySelectorAll) for (const d of n.querySelectorAll('*')) inspect(d);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

/** Everything the sentinels and the watcher saw, plus a scan of the whole body now. */
async function injections(page) {
  return page.evaluate(() => {
    const found = [...(window.__xssHits || []).map((h) => `ran: ${h}`), ...(window.__xssDom || [])];
    const body = document.body;
    if (body) {
      for (const el of body.querySelectorAll('script,iframe,frame,img,object,embed,svg,math,video,audio,source,link,meta,base,form,style,portal,applet')) {
        found.push(`<${el.localName}> in the body`);
      }
      for (const el of body.querySelectorAll('*')) {
        for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on')) found.push(`<${el.localName} ${a.name}> in the body`);
      }
      for (const el of body.querySelectorAll('a[href]')) {
        if (/^\s*(javascript|vbscript|data):/i.test(el.getAttribute('href'))) found.push(`<a href="${el.getAttribute('href').slice(0, 60)}">`);
      }
    }
    if (window.__xssHits === undefined) found.push('the sentinels are missing (the init script did not run)');
    return [...new Set(found)];
  });
}

async function assertNoInjection(page, where) {
  const found = await injections(page);
  assert.deepEqual(found, [], `${where}: ${found.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------
// targets: the hosted app and the offline single file

const strip = (u) => u.split('#')[0].split('?')[0];

const TARGETS = {
  hosted: {
    base: () => env.url('/'),
    /**
     * The only URLs the hosted app may request: the page, its script and stylesheet, and the
     * catalog text of each language (`lang-<code>-<hash>.js`, loaded when the page shows it).
     */
    allowedRequests() {
      const html = readFileSync(INDEX_HTML, 'utf8');
      const own = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => env.url(`/${m[1]}`));
      // Each language's text, and its typed-symptom search (loaded when a paste needs it).
      const langs = readdirSync(DIST).filter((f) => /^(lang|search)-(ja|ko|en)-[0-9a-f]+\.js$/.test(f)).map((f) => env.url(`/${f}`));
      return new Set([env.url('/'), env.url('/index.html'), ...own, ...langs]);
    },
    session: (opts = {}) => env.session(opts),
  },
  offline: {
    base: () => pathToFileURL(OFFLINE_HTML).href,
    allowedRequests: () => new Set([pathToFileURL(OFFLINE_HTML).href]),
    // Every request but the file itself is aborted before it leaves the browser.
    async session(opts = {}) {
      const file = pathToFileURL(OFFLINE_HTML).href;
      const s = await env.session({ ...opts, allowed: (u) => strip(u) === file });
      await s.context.route('**', (r) => (strip(r.request().url()) === file ? r.continue() : r.abort('blockedbyclient')));
      return s;
    },
  },
};

let tries = 0;
const tally = {};
function count(target, input, n = 1) {
  tries += n;
  tally[`${target} ${input}`] = (tally[`${target} ${input}`] ?? 0) + n;
}

/**
 * A test with a session on `target`: sentinels installed, and at the end every request must be one
 * of the target's own files, and nothing else may have been recorded (CSP violations, console
 * errors, uncaught errors, requests elsewhere).
 */
function secTest(target, name, fn, { clipboard = false, timeout = 240_000 } = {}) {
  test(`${target}: ${name}`, { timeout }, async () => {
    const t = TARGETS[target];
    const s = await t.session({ clipboard });
    try {
      await s.context.addInitScript(sentinels);
      await fn(s, t);
      const allowed = t.allowedRequests();
      const unexpected = [...new Set(s.log.requests.map(strip).filter((u) => !allowed.has(u)))];
      assert.deepEqual(unexpected, [], `${target}: requests other than the app's own files: ${unexpected.join(', ')}`);
      assertClean(s.log, `${target}: ${name}`);
    } finally {
      await s.context.close();
    }
  });
}

/** A full page load (a new query string forces one even when only the fragment differs). */
let loads = 0;
async function load(page, t, query, fragment, { waitForInput = true } = {}) {
  loads++;
  const q = new URLSearchParams(query);
  q.set('load', String(loads));
  await gotoApp(page, `${t.base()}?${q}${fragment}`, { waitForInput });
}

/** What the evidence line shows before the code: the payload's last line, at most 90 characters. */
function evidencePrefix(payload) {
  const line = `${payload} `.split('\n').pop();
  const chars = [...line];
  return chars.length > 90 ? chars.slice(-90).join('') : line;
}

/** The paste shows the payload in the textarea and, as text, on the code's evidence line. */
async function assertShownAsText(page, text, payload, where) {
  assert.equal(await page.inputValue('#error-input'), text, `${where}: the textarea holds the paste exactly`);
  const card = `#results .card[data-entry-id="${CODE}"]`;
  await page.waitForSelector(`${card} .evidence-line code`, { timeout: 10_000 });
  const shown = await page.$$eval(`${card} .evidence-line code`, (els) => els.map((e) => e.textContent));
  const want = `${evidencePrefix(payload)}${CODE}`;
  assert.ok(shown.some((s) => s.includes(want)), `${where}: the evidence line should show ${JSON.stringify(want)} as text; it shows ${JSON.stringify(shown)}`);
  const marks = await page.$$eval(`${card} .evidence-line mark`, (els) => els.map((e) => e.textContent));
  assert.ok(marks.includes(CODE), `${where}: <mark>${CODE}</mark> missing: ${JSON.stringify(marks)}`);
}

const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');
const label = (i) => `payload ${i + 1} ${JSON.stringify(PAYLOADS[i].slice(0, 50))}`;

// ---------------------------------------------------------------------------------------------

for (const target of Object.keys(TARGETS)) {
  secTest(target, 'the detectors see an injection when there is one (self-check)', async ({ page }, t) => {
    await load(page, t, {}, '#/');
    await assertNoInjection(page, 'clean start');
    // Simulate what an injection would do, outside the app: every detector must fire.
    const found = await page.evaluate(async () => {
      const d = document.createElement('div');
      // No src and no real event attribute: nothing is requested and the CSP has nothing to block.
      d.innerHTML = '<img alt="" onprobe="1">';
      document.body.appendChild(d);
      window.xss('probe');
      window.__xss = 1;
      await new Promise((r) => setTimeout(r, 50));
      const r = [...window.__xssHits, ...window.__xssDom];
      d.remove();
      window.__xssHits.length = 0;
      window.__xssDom.length = 0;
      return r;
    });
    assert.ok(found.includes('xss(probe)') && found.includes('__xss=1'), `sentinels: ${found}`);
    assert.ok(found.some((f) => f.startsWith('<img>')) && found.some((f) => f.includes('onprobe')), `DOM watcher: ${found}`);
  });

  secTest(target, 'the paste textarea', async ({ page }, t) => {
    await load(page, t, { lang: 'en' }, '#/');
    for (const [i, payload] of PAYLOADS.entries()) {
      const text = `${payload} ${CODE}`;
      await paste(page, text);
      await assertShownAsText(page, text, payload, label(i));
      await assertNoInjection(page, `${label(i)} in the textarea`);
      // the markup alone (no code): no-match, still inert
      await paste(page, payload);
      assert.equal(await page.inputValue('#error-input'), payload, `${label(i)}: textarea`);
      await assertNoInjection(page, `${label(i)} alone in the textarea`);
      count(target, 'textarea');
    }
    // all of them at once, one per line
    const all = PAYLOADS.map((p) => `${p} ${CODE}`).join('\n');
    await paste(page, all);
    await assertNoInjection(page, 'every payload at once');
    assert.equal(await page.inputValue('#error-input'), all);
  });

  secTest(target, '?lang=<payload>', async ({ page }, t) => {
    for (const [i, payload] of PAYLOADS.entries()) {
      await load(page, t, { lang: payload }, '#/');
      const state = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        stored: localStorage.getItem('aksbd.lang'),
        search: new URLSearchParams(location.search).get('lang'),
      }));
      assert.ok(['ja', 'ko', 'en'].includes(state.lang), `${label(i)}: <html lang="${state.lang}">`);
      assert.ok(['ja', 'ko', 'en'].includes(state.stored), `${label(i)}: stored language ${state.stored}`);
      assert.equal(state.search, state.lang, `${label(i)}: ?lang= is rewritten to the language in use`);
      await assertNoInjection(page, `${label(i)} in ?lang=`);
      count(target, '?lang=');
    }
  });

  secTest(target, '#/entry/<payload> on load and on hashchange', async ({ page }, t) => {
    const check = async (i, how) => {
      await page.waitForSelector('#entry-view', { timeout: 10_000 });
      const { hash, notFound, cards } = await page.evaluate(() => ({
        hash: location.hash,
        notFound: document.querySelector('#entry-view .not-found')?.textContent ?? null,
        cards: document.querySelectorAll('#entry-view .card').length,
      }));
      assert.ok(hash.startsWith('#/entry/'), `${label(i)} ${how}: the route is kept (${hash})`);
      // The app shows the id with its %XX escapes decoded as UTF-8 (as text); if the decoded
      // bytes are not UTF-8 it shows the id as it is. The same rule here:
      const raw = hash.slice('#/entry/'.length);
      const cps = [...raw];
      const bytes = [];
      for (let k = 0; k < cps.length;) {
        const hex = cps.slice(k + 1, k + 3).join('');
        if (cps[k] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) { bytes.push(parseInt(hex, 16)); k += 3; } else { bytes.push(...new TextEncoder().encode(cps[k])); k += 1; }
      }
      let id = raw;
      try { id = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes)); } catch { id = raw; }
      assert.equal(cards, 0, `${label(i)} ${how}: no entry card for an unknown id`);
      // Line breaks and other control characters may be folded when shown; compare without them.
      const squash = (x) => String(x).replace(/[\s\u0000-\u001f\u007f]/g, '');
      assert.ok(notFound !== null && (squash(notFound).includes(squash(id)) || squash(notFound).includes(squash(raw))), `${label(i)} ${how}: .not-found should name ${JSON.stringify(id)} as text: ${JSON.stringify(notFound)}`);
      await assertNoInjection(page, `${label(i)} in #/entry/ (${how})`);
    };
    for (const [i, payload] of PAYLOADS.entries()) {
      await load(page, t, {}, `#/entry/${payload}`, { waitForInput: false });
      await check(i, 'load');
      count(target, '#/entry/ (load)');
    }
    await load(page, t, {}, '#/');
    for (const [i, payload] of PAYLOADS.entries()) {
      await page.evaluate(() => { location.hash = '#/'; });
      await page.waitForSelector('#error-input', { timeout: 10_000 });
      await page.evaluate((p) => { location.hash = `#/entry/${p}`; }, payload);
      await check(i, 'hashchange');
      count(target, '#/entry/ (hashchange)');
    }
  });

  secTest(target, '#/p/<base64url(payload)> (a shared paste)', async ({ page }, t) => {
    for (const [i, payload] of PAYLOADS.entries()) {
      const text = `${payload} ${CODE}`;
      await load(page, t, {}, `#/p/${b64url(text)}`);
      await assertShownAsText(page, text, payload, `${label(i)} in #/p/`);
      await assertNoInjection(page, `${label(i)} in #/p/`);
      count(target, '#/p/');
    }
  });

  secTest(target, 'window.AksBackupDoctor.classify(payload)', async ({ page }, t) => {
    await load(page, t, {}, '#/');
    const before = await page.evaluate(() => document.body.innerHTML);
    for (const [i, payload] of PAYLOADS.entries()) {
      const r = await page.evaluate(async (p) => {
        const a = await window.AksBackupDoctor.classify(p);
        const b = await window.AksBackupDoctor.classify(`${p} UserErrorPVNotFound`);
        return { a: JSON.stringify(a), b };
      }, payload);
      const a = JSON.parse(r.a);
      assert.equal(a.bytes, Buffer.byteLength(payload, 'utf8'), `${label(i)}: bytes`);
      assert.ok(Array.isArray(a.matches), `${label(i)}: plain data`);
      const m = r.b.matches.find((x) => x.id === CODE);
      assert.ok(m && m.level === 'exact', `${label(i)}: ${CODE} exact`);
      const ev = m.evidence.find((e) => e.signal === 'code');
      assert.equal(ev.text, CODE, `${label(i)}: evidence text`);
      assert.equal(ev.start, Buffer.byteLength(`${payload} `, 'utf8'), `${label(i)}: evidence offset in UTF-8 bytes`);
      await assertNoInjection(page, `${label(i)} through classify()`);
      count(target, 'classify()');
    }
    // Non-strings are not converted with their toString (which would run code).
    const odd = await page.evaluate(async () => {
      const evil = { toString() { window.xss('toString'); return 'x'; }, valueOf() { window.xss('valueOf'); return 1; } };
      const out = [];
      for (const v of [evil, undefined, null, 42, [1, 2], Symbol('s'), () => window.xss('fn')]) {
        try {
          const r = await window.AksBackupDoctor.classify(v);
          out.push(r.bytes);
        } catch (e) {
          out.push(`threw ${e}`);
        }
      }
      return out;
    });
    assert.deepEqual(odd, [0, 0, 0, 0, 0, 0, 0], 'non-string arguments classify as an empty paste');
    assert.equal(await page.evaluate(() => document.body.innerHTML), before, 'classify() does not touch the DOM');
    await assertNoInjection(page, 'classify() with non-strings');
  });

  secTest(target, 'the catalog filter', async ({ page }, t) => {
    await load(page, t, { lang: 'en' }, '#/catalog', { waitForInput: false });
    await page.waitForSelector('#catalog-filter');
    for (const [i, payload] of PAYLOADS.entries()) {
      const value = payload.replace(/\n/g, ' '); // a search field holds one line
      await page.fill('#catalog-filter', value);
      await page.waitForFunction(() => document.querySelector('#catalog .count') !== null);
      assert.equal(await page.inputValue('#catalog-filter'), value, `${label(i)}: filter value`);
      await assertNoInjection(page, `${label(i)} in the catalog filter`);
      count(target, 'catalog filter');
    }
  });
}

// The placeholder inputs feed the copy button: the payload must reach the clipboard verbatim and
// stay text in every card. (Hosted only: file:// has no origin to grant clipboard access to.)
secTest('hosted', 'a command placeholder input and its copy button', async ({ page }, t) => {
  await load(page, t, { lang: 'en' }, '#/');
  // The entry alone, without values: every placeholder of its commands is an input.
  await paste(page, CODE);
  const sel = `#results .card[data-entry-id="${CODE}"] .command`;
  const n = await page.$$eval(sel, (els) => els.findIndex((c) => c.querySelector('input.ph')));
  assert.ok(n >= 0, `${CODE} has a command with a placeholder input`);
  for (const [i, payload] of PAYLOADS.entries()) {
    const command = (await page.$$(sel))[n];
    const input = await command.$('input.ph');
    const value = payload.replace(/\n/g, ' '); // an <input> holds one line
    await input.fill(value);
    assert.equal(await input.inputValue(), value, `${label(i)}: input value`);
    const copied = await clipboardAfter(page, () => command.$('button.copy').then((b) => b.click()));
    assert.ok(copied.includes(value), `${label(i)}: the copied command should contain the value verbatim: ${copied}`);
    await assertNoInjection(page, `${label(i)} in a placeholder input`);
    count('hosted', 'placeholder input + copy');
  }
}, { clipboard: true });

test('summary', () => {
  const lines = Object.entries(tally).map(([k, v]) => `  ${k}: ${v}`).join('\n');
  console.log(`security: ${PAYLOADS.length} payloads, ${tries} payload x input tries\n${lines}`);
  assert.ok(PAYLOADS.length >= 30);
});
