// Packs Trunk's output (wasm-bindgen glue, wasm-opt'd wasm, CSS) into dist/:
//   dist/index.html + dist/app-<hash>.js + dist/style-<hash>.css   the hosted app
//   dist/lang-<ja|ko|en>-<hash>.js                                   its catalog text, per language
//   dist/aks-backup-doctor.html                                      the offline single file
//   dist/embed/aks-backup-doctor.js                                  the custom element (classic script)
//
// The wasm travels inside the JS as base64 of its gzip, inflated with the browser's own
// DecompressionStream. So the page makes no fetch() at all (the CSP says connect-src 'none'), the
// single file starts from file://, and the transfer costs about the same as a gzip-served .wasm.
// Usage: node scripts/pack-web.mjs TRUNK_DIST OUT_DIR
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { createHash } from 'node:crypto';

const [src = 'target/trunk-dist', out = 'dist'] = process.argv.slice(2);
const files = readdirSync(src);
const pick = (re) => {
  const f = files.find((n) => re.test(n));
  if (!f) throw new Error(`pack-web: no file matching ${re} in ${src} (run trunk build first)`);
  return join(src, f);
};
const glue = readFileSync(pick(/^aks-backup-doctor-web-.*\.js$/), 'utf8');
const wasm = readFileSync(pick(/_bg\.wasm$/));
const css = readFileSync(pick(/\.css$/), 'utf8');
const sourceHtml = readFileSync(join(src, 'index.html'), 'utf8');

const hash = (data, n = 16) => createHash('sha256').update(data).digest('hex').slice(0, n);
const cspHash = (data) => `'sha256-${createHash('sha256').update(data).digest('base64')}'`;

// The glue as a plain script body: no exports, no import.meta (a classic script cannot parse it).
if (!/export \{ initSync, __wbg_init as default \};\s*$/.test(glue)) {
  throw new Error('pack-web: unexpected wasm-bindgen glue (did the wasm-bindgen version change?)');
}
const body = glue
  .replace(/export \{ initSync, __wbg_init as default \};\s*$/, '')
  .replace(/^export (function|class|const|let) /gm, '$1 ')
  .replace(/new URL\('[^']*', import\.meta\.url\)/g, 'undefined');
if (/import\.meta|^\s*export\s/m.test(body)) throw new Error('pack-web: glue still has import.meta or export');

// The catalog text of each language is not in the wasm's memory but in custom sections
// (aksbd_text_ja/ko/en, see src/catalog/blob.rs): moved out of the wasm to JS here, as
// window.__aksbdLangs[code]. The hosted page loads the language it shows first and the others
// when the user switches (a same-origin <script src>: the CSP allows no fetch); the offline
// file and the embed bundle carry all three.
const LANGS = ['ja', 'ko', 'en'];
function takeLangSections(bytes) {
  const texts = {};
  const kept = [bytes.subarray(0, 8)];
  let p = 8;
  const leb = () => { let r = 0, s = 0, x; do { x = bytes[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
  while (p < bytes.length) {
    const start = p;
    const id = bytes[p++];
    const len = leb();
    const end = p + len;
    let name = null;
    if (id === 0) {
      const n = leb();
      name = Buffer.from(bytes.subarray(p, p + n)).toString('utf8');
      p += n;
    }
    const m = name && /^aksbd_text_(ja|ko|en)$/.exec(name);
    if (m) texts[m[1]] = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(p, end));
    else kept.push(bytes.subarray(start, end));
    p = end;
  }
  // Each language's stream holds its Localized texts (the same number in every language) and
  // its paraphrases (any number), so only their presence is checked here; the blob test in
  // src/catalog/blob.rs checks that each stream reads back whole.
  if (LANGS.some((l) => !texts[l])) {
    throw new Error('pack-web: the wasm lacks the catalog text sections aksbd_text_ja/ko/en');
  }
  return { wasm: Buffer.concat(kept), texts };
}
const { wasm: appWasm, texts: langTexts } = takeLangSections(wasm);
/** A JS string literal of catalog text (NUL-separated strings) that a classic script can hold. */
const jsString = (t) => '"' + t.replace(/[\\"\n\r\u2028\u2029\0]/g, (c, i, all) => (c === '\0'
  ? (/[0-9]/.test(all[i + 1] ?? '') ? '\\x00' : '\\0')
  : { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\u2028': '\\u2028', '\u2029': '\\u2029' }[c])) + '"';
const wasmB64 = gzipSync(appWasm, { level: constants.Z_BEST_COMPRESSION }).toString('base64');
// window.AksBackupDoctor exists from the first script run; the wasm replaces it with the real API.
const loader = `
const __aksbdReady = new Promise((ok) => addEventListener('aksbd:ready', () => ok(true), { once: true }));
if (!window.AksBackupDoctor) {
  window.AksBackupDoctor = {
    ready: __aksbdReady,
    classify: (text) => __aksbdReady.then(() => window.AksBackupDoctor.classify(text)),
    catalog: (lang) => __aksbdReady.then(() => window.AksBackupDoctor.catalog(lang)),
  };
}
const __aksbdWasm = "${wasmB64}";
// The wasm module, compiled while it is inflated (streaming compilation of a local Response: no fetch).
function __aksbdModule() {
  const s = atob(__aksbdWasm), b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  const wasm = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
  return WebAssembly.compileStreaming(new Response(wasm, { headers: { 'Content-Type': 'application/wasm' } }));
}`;
// All three languages, for the offline file and the embed bundle.
const allLangs = `
window.__aksbdLangs = Object.assign(window.__aksbdLangs || {}, {
${LANGS.map((l) => `  ${l}: ${jsString(langTexts[l])},`).join('\n')}
});`;
// The hosted page: one script per language, loaded on demand (see takeLangSections).
const langFiles = Object.fromEntries(LANGS.map((l) => {
  const js = `(self.__aksbdLangs = self.__aksbdLangs || {}).${l} = ${jsString(langTexts[l])};\n`;
  return [l, { name: `lang-${l}-${hash(js)}.js`, js }];
}));
// The language the app will start in, as src/ui/browser.rs picks it (?lang=, the stored choice,
// the browser's languages, English), so that its text loads while the wasm is inflated.
const langLoader = `
const __aksbdLangFiles = {${LANGS.map((l) => `${l}: "./${langFiles[l].name}"`).join(', ')}};
const __aksbdLangLoads = {};
window.__aksbdLangs = window.__aksbdLangs || {};
window.__aksbdLoadLang = (code) => __aksbdLangLoads[code] || (__aksbdLangLoads[code] = new Promise((ok) => {
  const has = () => typeof window.__aksbdLangs[code] === 'string';
  if (has() || !__aksbdLangFiles[code]) return ok(has());
  const s = document.createElement('script');
  s.src = __aksbdLangFiles[code];
  s.onload = () => ok(has());
  s.onerror = () => { delete __aksbdLangLoads[code]; s.remove(); ok(false); };
  document.head.appendChild(s);
}));
function __aksbdFirstLang() {
  const parse = (t) => { const p = String(t || '').trim().split(/[-_.]/)[0].toLowerCase(); return p in __aksbdLangFiles ? p : null; };
  let l = parse(new URLSearchParams(location.search).get('lang'));
  if (!l) try { l = parse(localStorage.getItem('aksbd.lang')); } catch (e) {}
  for (const n of (l ? [] : navigator.languages || [])) if ((l = parse(n))) break;
  return l || 'en';
}`;
// ---- Offline once visited (hosted app only): the service worker's registration. ----------------
// Only in appJs: never in the offline file (offlineJs) nor the embed bundle (it runs on a host
// page's origin). The worker (sw.js, written by serviceWorkerJs below) precaches the shell, the
// app script and the stylesheet; the language scripts this page loaded before the worker
// controlled it are posted to it, and it caches exactly those (later ones it caches as they pass).
const swRegister = `
try {
  if ('serviceWorker' in navigator && (location.protocol === 'http:' || location.protocol === 'https:')) {
    const sw = navigator.serviceWorker;
    const loaded = () => Object.keys(__aksbdLangFiles).filter((l) => typeof window.__aksbdLangs[l] === 'string')
      .map((l) => new URL(__aksbdLangFiles[l], document.baseURI).href);
    const post = (w) => { if (w) w.postMessage({ type: 'aksbd:cache-langs', urls: loaded() }); };
    sw.register('./sw.js').then(() => sw.ready).then((reg) => {
      post(reg.active);
      sw.addEventListener('controllerchange', () => post(sw.controller));
    }).catch(() => {});
  }
} catch (e) {}
`;
// The app: boot the wasm; its start function renders into #app (or only installs the JS API).
const appJs = `${body}\n${loader}\n${langLoader}
const [__aksbdWasmModule] = await Promise.all([__aksbdModule(), window.__aksbdLoadLang(__aksbdFirstLang())]);
__wbg_init({ module_or_path: __aksbdWasmModule });\n${swRegister}`;
const offlineJs = `${body}\n${loader}\n${allLangs}\n__wbg_init({ module_or_path: await __aksbdModule() });\n`;

// Keep Trunk's <head> metadata, drop its loader, preloads and stylesheet link.
const headMeta = (sourceHtml.match(/<head>([\s\S]*?)(<script|<link|<\/head>)/) || sourceHtml.match(/<meta charset=utf-8>([\s\S]*?)(<script|<link)/) || [, ''])[1];
const titleAndMeta = headMeta.replace(/<meta charset=utf-8>/, '');
const bodyHtml = '<div id="app"><noscript>AKS Backup Doctor needs JavaScript and WebAssembly.</noscript></div>';

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'embed'), { recursive: true });

// Hosted: strict CSP, no inline script or style.
const appName = `app-${hash(appJs)}.js`;
const cssName = `style-${hash(css)}.css`;
writeFileSync(join(out, appName), appJs);
writeFileSync(join(out, cssName), css);
for (const { name, js } of Object.values(langFiles)) writeFileSync(join(out, name), js);
const hostedCsp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";
writeFileSync(join(out, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${hostedCsp}">
${titleAndMeta}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="./${cssName}">
<script type="module" src="./${appName}"></script>
</head><body>${bodyHtml}</body></html>
`);

// ---- Offline once visited: dist/sw.js (see swRegister above and docs/UI-CONTRACT.md). -------------
writeFileSync(join(out, 'sw.js'), serviceWorkerJs({
  assets: [appName, cssName],
  langs: Object.values(langFiles).map((f) => f.name),
}));

// Offline single file: the same code inline, allowed by hash.
const inlineJs = offlineJs.replace(/<\/script/gi, '<\\/script');
const singleCsp = `default-src 'none'; script-src ${cspHash(inlineJs)} 'wasm-unsafe-eval'; style-src ${cspHash(css)}; img-src data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'`;
writeFileSync(join(out, 'aks-backup-doctor.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${singleCsp}">
${titleAndMeta}
<link rel="icon" href="data:,">
<style>${css}</style>
<script type="module">${inlineJs}</script>
</head><body>${bodyHtml}</body></html>
`);

// Embed bundle (a classic script) is written by scripts/pack-embed.mjs when present.
if (existsSync(new URL('./pack-embed.mjs', import.meta.url))) {
  const { packEmbed } = await import('./pack-embed.mjs');
  packEmbed({ body, loader: `${loader}\n${allLangs}`, css, out: join(out, 'embed') });
}
for (const f of readdirSync(out)) console.log(`pack-web: ${join(out, f)}`);

// ---- Offline once visited: the service worker -----------------------------------------------------
// dist/sw.js sits next to index.html, so its scope is the app's directory. Its cache is
// `aksbd-<hash of the hashed file names>@<scope path>`: a new build (any asset changed) is a new
// sw.js, which the browser installs on the next visit online; on activate it deletes the other
// aksbd-*@<same scope> caches (those of earlier builds at this path; other paths of the origin
// keep theirs) and takes over open pages. It answers only same-origin GET requests for this
// build's files: the shell ('./', './index.html', network first, the cached copy when the
// network fails or takes longer than NAV_TIMEOUT_MS) and the hashed assets (cache first; the
// language scripts are cached when they pass, or when a page posts the ones it loaded before the
// worker controlled it). Anything else gets no respondWith at all.
function serviceWorkerJs({ assets, langs }) {
  const version = hash(JSON.stringify([...assets, ...langs]));
  const list = (names) => JSON.stringify(names.map((n) => `./${n}`));
  // sw.js is requested on the first load (size-report.mjs counts it): its comments stay here.
  const stripComments = (js) => js.split('\n').filter((l, i) => i === 0 || !/^\s*\/\//.test(l)).join('\n');
  return stripComments(`// AKS Backup Doctor: offline once visited. Written by scripts/pack-web.mjs (do not edit).
'use strict';
const SCOPE = new URL(self.registration.scope).pathname;
const CACHE = 'aksbd-${version}@' + SCOPE;
const OWNED = (name) => name.startsWith('aksbd-') && name.endsWith('@' + SCOPE);
const abs = (p) => new URL(p, self.location).href;
const SHELL = ['./', './index.html'].map(abs);
const ASSETS = ${list(assets)}.map(abs);
const LANGS = ${list(langs)}.map(abs);
const OWN = new Set([...ASSETS, ...LANGS]);
const NAV_TIMEOUT_MS = 3000;

const cacheable = (res) => res && res.ok && res.type === 'basic';
// A redirected response cannot answer a navigation: keep a copy without the redirect.
const unredirect = async (res) => (res.redirected
  ? new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers })
  : res);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // The shell revalidated; the hashed files from the HTTP cache if there (the page just loaded
    // them, and a name is a hash of the content), so the first visit downloads them only once.
    await Promise.all([...SHELL.map((u) => [u, 'no-cache']), ...ASSETS.map((u) => [u, 'force-cache'])].map(async ([u, mode]) => {
      const res = await fetch(u, { cache: mode });
      if (!cacheable(res)) throw new Error('aksbd: cannot precache ' + u + ' (' + res.status + ')');
      await cache.put(u, await unredirect(res));
    }));
    // Language scripts of an earlier build with the same name (the name is a hash of the content).
    for (const name of await caches.keys()) {
      if (name === CACHE || !OWNED(name)) continue;
      const old = await caches.open(name);
      for (const u of LANGS) {
        const hit = (await cache.match(u)) ? null : await old.match(u);
        if (hit) await cache.put(u, hit);
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE && OWNED(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

// A page lists the language scripts it loaded (perhaps before this worker controlled it): cache
// exactly those of this build's (same URLs, so from the HTTP cache or requested again). A page
// posts when the worker is ready and again when it takes over: one fetch per URL at a time.
const adding = new Map();
const addLang = (cache, u) => adding.get(u) || adding.set(u, cache.match(u)
  .then((hit) => hit || fetch(u, { cache: 'force-cache' }).then((res) => (cacheable(res) ? cache.put(u, res) : undefined)))
  .catch(() => {})
  .finally(() => adding.delete(u))).get(u);
self.addEventListener('message', (event) => {
  const d = event.data;
  if (!d || d.type !== 'aksbd:cache-langs' || !Array.isArray(d.urls)) return;
  const urls = d.urls.map((u) => { try { return new URL(String(u), self.location).href; } catch (e) { return null; } })
    .filter((u) => LANGS.includes(u));
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((u) => addLang(cache, u)))));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const key = url.origin + url.pathname;
  if (req.mode === 'navigate') {
    if (SHELL.includes(key)) event.respondWith(shell(event, key));
  } else if (!url.search && OWN.has(key)) {
    event.respondWith(asset(event, key));
  }
});

// Network first (a new deploy shows when online), else the cached shell.
async function shell(event, key) {
  const network = fetch(event.request);
  event.waitUntil(network.then((res) => {
    if (cacheable(res) && !res.redirected) {
      const copy = res.clone();
      return caches.open(CACHE).then((cache) => cache.put(key, copy));
    }
  }).catch(() => {}));
  const res = await Promise.race([network, new Promise((ok) => setTimeout(ok, NAV_TIMEOUT_MS))]).catch(() => null);
  if (res && res.status < 500) return res;
  const cache = await caches.open(CACHE);
  return (await cache.match(key)) || (await cache.match(SHELL[0])) || (await cache.match(SHELL[1])) || res || network;
}

// Cache first: the names are hashes of the content.
async function asset(event, key) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  if (hit) return hit;
  const res = await fetch(event.request);
  if (cacheable(res)) event.waitUntil(cache.put(key, res.clone()));
  return res;
}
`);
}
