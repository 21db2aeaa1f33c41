// Packs Trunk's output (wasm-bindgen glue, wasm-opt'd wasm, CSS) into dist/:
//   dist/index.html + dist/app-<hash>.js + dist/style-<hash>.css   the hosted app
//   dist/boot-<hash>.js                                              the first screen's script (web/boot.js)
//   dist/lang-<ja|ko|en>-<hash>.js                                   its catalog text, per language
//   dist/search-<ja|ko|en>-<hash>.js                                 the typed-symptom search, per language
//   dist/sw.js                                                       the service worker (scripts/pack-sw.mjs)
//   dist/**.gz, dist/**.br                                           precompressed copies of the hosted files
//   dist/aks-backup-doctor.html                                      the offline single file
//   dist/embed/aks-backup-doctor.js                                  the custom element (classic script)
//
// The wasm travels inside the JS as base64 of its gzip, inflated with the browser's own
// DecompressionStream. So the page makes no fetch() at all (the CSP says connect-src 'none'), the
// single file starts from file://, and the transfer costs about the same as a gzip-served .wasm.
// index.html carries the app's first screen in every language, rendered at build time by yew's
// server renderer (`cargo run --features ui --example shell`, written by scripts/build-web.sh to
// SHELL_FILE), so the page is usable at first paint; the wasm replaces it when it starts.
// Scripts are minified by terser (npm).
// Usage: node scripts/pack-web.mjs TRUNK_DIST OUT_DIR [SHELL_FILE]
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { minify } from 'terser';
import { createHash } from 'node:crypto';
import { serviceWorkerJs } from './pack-sw.mjs';

const [src = 'target/trunk-dist', out = 'dist', shellFile = 'target/shell.txt'] = process.argv.slice(2);
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
// (aksbd_text_ja/ko/en, and the typed-symptom search aksbd_search_ja/ko/en, see
// src/catalog/blob.rs): moved out of the wasm to JS here, as window.__aksbdLangs[code] and
// window.__aksbdSearch[code]. The hosted page loads the text of the language it shows first and
// the others when the user switches, and a language's search when a paste first needs it (a
// same-origin <script src>: the CSP allows no fetch); the offline file and the embed bundle
// carry them all.
const LANGS = ['ja', 'ko', 'en'];
function takeLangSections(bytes) {
  const texts = {}, search = {};
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
    const m = name && /^aksbd_(text|search)_(ja|ko|en)$/.exec(name);
    if (m) (m[1] === 'text' ? texts : search)[m[2]] = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(p, end));
    else kept.push(bytes.subarray(start, end));
    p = end;
  }
  // Only their presence is checked here; the blob test in src/catalog/blob.rs checks that each
  // stream reads back whole.
  if (LANGS.some((l) => !texts[l] || !search[l])) {
    throw new Error('pack-web: the wasm lacks the catalog sections aksbd_text_* / aksbd_search_* (ja, ko, en)');
  }
  return { wasm: Buffer.concat(kept), texts, search };
}
const { wasm: appWasm, texts: langTexts, search: searchTexts } = takeLangSections(wasm);
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
  let b;
  if (Uint8Array.fromBase64) b = Uint8Array.fromBase64(__aksbdWasm);
  else {
    const s = atob(__aksbdWasm);
    b = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  }
  const wasm = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
  return WebAssembly.compileStreaming(new Response(wasm, { headers: { 'Content-Type': 'application/wasm' } }));
}`;
// Every language's text and search, for the offline file and the embed bundle.
const allLangs = ['__aksbdLangs', '__aksbdSearch'].map((g, k) => `
window.${g} = Object.assign(window.${g} || {}, {
${LANGS.map((l) => `  ${l}: ${jsString((k ? searchTexts : langTexts)[l])},`).join('\n')}
});`).join('');
// The hosted page: a script per language for its text and one for its search, loaded on demand.
const scriptsOf = (kind, global, texts) => Object.fromEntries(LANGS.map((l) => {
  const js = `(self.${global} = self.${global} || {}).${l} = ${jsString(texts[l])};\n`;
  return [l, { name: `${kind}-${l}-${hash(js)}.js`, js }];
}));
const langFiles = scriptsOf('lang', '__aksbdLangs', langTexts);
const searchFiles = scriptsOf('search', '__aksbdSearch', searchTexts);
const fileMap = (files) => `{${LANGS.map((l) => `${l}: "./${files[l].name}"`).join(', ')}}`;
// The language the app will start in, as src/ui/browser.rs picks it (?lang=, the stored choice,
// the browser's languages, English).
const firstLang = `
function __aksbdFirstLang() {
  const parse = (t) => { const p = String(t || '').trim().split(/[-_.]/)[0].toLowerCase(); return ${JSON.stringify(LANGS)}.includes(p) ? p : null; };
  let l = parse(new URLSearchParams(location.search).get('lang'));
  if (!l) try { l = parse(localStorage.getItem('aksbd.lang')); } catch (e) {}
  for (const n of (l ? [] : navigator.languages || [])) if ((l = parse(n))) break;
  return l || 'en';
}`;
// The hosted page's loaders: __aksbdLoadLang(code) and __aksbdLoadSearch(code), each a Promise
// of whether the script's text is there.
const langLoader = `
var __aksbdLangFiles = ${fileMap(langFiles)};
var __aksbdSearchFiles = ${fileMap(searchFiles)};
function __aksbdLoader(files, global) {
  const loads = {};
  window[global] = window[global] || {};
  return (code) => loads[code] || (loads[code] = new Promise((ok) => {
    const has = () => typeof window[global][code] === 'string';
    if (has() || !files[code]) return ok(has());
    const s = document.createElement('script');
    s.src = files[code];
    s.onload = () => ok(has());
    s.onerror = () => { delete loads[code]; s.remove(); ok(false); };
    document.head.appendChild(s);
  }));
}
window.__aksbdLoadLang = window.__aksbdLoadLang || __aksbdLoader(__aksbdLangFiles, '__aksbdLangs');
window.__aksbdLoadSearch = window.__aksbdLoadSearch || __aksbdLoader(__aksbdSearchFiles, '__aksbdSearch');
${firstLang}`;
// The first screen's script (web/boot.js), after what it uses: hosted, with the loaders.
const bootSource = readFileSync(new URL('../web/boot.js', import.meta.url), 'utf8');
const bootJs = `${langLoader}\n${bootSource}`;
const offlineBootJs = `${firstLang}\n${bootSource}`;
// ---- Offline once visited (hosted app only): the service worker's registration. ----------------
// Only in appJs: never in the offline file (offlineJs) nor the embed bundle (it runs on a host
// page's origin). The worker (sw.js, scripts/pack-sw.mjs) precaches the shell, the app and boot
// scripts and the stylesheet; the page posts it the language scripts it needs offline (see
// `loaded`), and it caches exactly those (later ones it caches as they pass).
const swRegister = `
try {
  if ('serviceWorker' in navigator && (location.protocol === 'http:' || location.protocol === 'https:')) {
    const sw = navigator.serviceWorker;
    // The text of the languages loaded, and their search (and English's: logs are English),
    // cached in the background so that a paste offline finds what it would online.
    const loaded = () => Object.keys(__aksbdLangFiles).filter((l) => typeof window.__aksbdLangs[l] === 'string')
      .flatMap((l) => [__aksbdLangFiles[l], __aksbdSearchFiles[l], __aksbdSearchFiles.en])
      .map((u) => new URL(u, document.baseURI).href);
    const post = (w) => { if (w) w.postMessage({ type: 'aksbd:cache-langs', urls: loaded() }); };
    // After the app has started (its first render), so that the worker's install does not
    // compete with it.
    const register = () => sw.register('./sw.js').then(() => sw.ready).then((reg) => {
      post(reg.active);
      sw.addEventListener('controllerchange', () => post(sw.controller));
    }).catch(() => {});
    addEventListener('aksbd:started', () => setTimeout(register, 0), { once: true });
  }
} catch (e) {}
`;
// The app: boot the wasm; its start function renders into #app (or only installs the JS API).
const appJs = `${body}\n${loader}
const [__aksbdWasmModule] = await Promise.all([__aksbdModule(), window.__aksbdLoadLang(__aksbdFirstLang())]);
__wbg_init({ module_or_path: __aksbdWasmModule });\n${swRegister}`;
const offlineJs = `${body}\n${loader}\n${allLangs}\n__wbg_init({ module_or_path: await __aksbdModule() });\n`;

// Keep Trunk's <head> metadata, drop its loader, preloads and stylesheet link.
const headMeta = (sourceHtml.match(/<head>([\s\S]*?)(<script|<link|<\/head>)/) || sourceHtml.match(/<meta charset=utf-8>([\s\S]*?)(<script|<link)/) || [, ''])[1];
const titleAndMeta = headMeta.replace(/<meta charset=utf-8>/, '');
// The first screen in each language (see the top of this file): English shown, the others in
// templates that web/boot.js swaps in before the first paint.
const shells = Object.fromEntries(readFileSync(shellFile, 'utf8').trim().split('\n').map((line) => {
  const [code, html] = line.split('\t');
  const clean = html.replace(/<!--<\/?\[[^\]]*\]>-->/g, '').replace(/^<div lang="(\w+)" class="app">/, '<div lang="$1" class="app shell">');
  if (!clean.includes('class="app shell"') || !clean.includes('id="error-input"')) throw new Error(`pack-web: ${shellFile}: no first screen for ${code}`);
  return [code, clean];
}));
if (LANGS.some((l) => !shells[l])) throw new Error(`pack-web: ${shellFile} lacks a language (run \`cargo run --features ui --example shell\`)`);
const bodyHtml = `<div id="app">${shells.en}<noscript>AKS Backup Doctor needs JavaScript and WebAssembly.</noscript></div>\n`
  + LANGS.filter((l) => l !== 'en').map((l) => `<template id="aksbd-shell-${l}">${shells[l]}</template>`).join('\n')
  + '\n<span id="aksbd-end" hidden></span>';

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'embed'), { recursive: true });

// Minified by terser: module code (the app) may mangle its top-level names; the classic scripts
// keep theirs (other scripts call __aksbdFirstLang, __aksbdLoadLang, ...).
const small = async (code, module) => {
  const r = await minify(code, { module, ecma: 2020, compress: { passes: 2 }, format: { comments: /^!/ } });
  return r.code + '\n';
};
const written = [];
const put = (name, data) => { writeFileSync(join(out, name), data); written.push(name); };

// Hosted: strict CSP, no inline script or style.
const appMin = await small(appJs, true);
const bootMin = await small(bootJs, false);
const appName = `app-${hash(appMin)}.js`;
const bootName = `boot-${hash(bootMin)}.js`;
const cssName = `style-${hash(css)}.css`;
put(appName, appMin);
put(bootName, bootMin);
put(cssName, css);
for (const { name, js } of [...Object.values(langFiles), ...Object.values(searchFiles)]) put(name, js);
const hostedCsp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";
put('index.html', `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${hostedCsp}">
${titleAndMeta}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="./${cssName}">
<script src="./${bootName}"></script>
<script type="module" src="./${appName}"></script>
</head><body>${bodyHtml}</body></html>
`);

// ---- Offline once visited: dist/sw.js (see swRegister above and docs/UI-CONTRACT.md). -------------
put('sw.js', await small(serviceWorkerJs({
  assets: [appName, bootName, cssName],
  langs: [...Object.values(langFiles), ...Object.values(searchFiles)].map((f) => f.name),
}), false));

// Offline single file: the same code inline, allowed by hash.
const inline = (js) => js.replace(/<\/script/gi, '<\\/script');
const inlineBoot = inline(await small(offlineBootJs, false));
const inlineJs = inline(await small(offlineJs, true));
const singleCsp = `default-src 'none'; script-src ${cspHash(inlineBoot)} ${cspHash(inlineJs)} 'wasm-unsafe-eval'; style-src ${cspHash(css)}; img-src data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'`;
writeFileSync(join(out, 'aks-backup-doctor.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${singleCsp}">
${titleAndMeta}
<link rel="icon" href="data:,">
<style>${css}</style>
<script>${inlineBoot}</script>
<script type="module">${inlineJs}</script>
</head><body>${bodyHtml}</body></html>
`);

// Embed bundle (a classic script) is written by scripts/pack-embed.mjs when present.
if (existsSync(new URL('./pack-embed.mjs', import.meta.url))) {
  const { packEmbed } = await import('./pack-embed.mjs');
  packEmbed({ body, loader: `${loader}\n${allLangs}`, css, out: join(out, 'embed') });
  const embedJs = 'embed/aks-backup-doctor.js';
  put(embedJs, await small(readFileSync(join(out, embedJs), 'utf8'), false));
}

// Precompressed copies for hosts that serve them (gzip -9 and brotli 11; scripts/serve.mjs does).
for (const name of written) {
  const data = readFileSync(join(out, name));
  writeFileSync(join(out, `${name}.gz`), gzipSync(data, { level: constants.Z_BEST_COMPRESSION }));
  writeFileSync(join(out, `${name}.br`), brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }));
}
for (const f of readdirSync(out)) console.log(`pack-web: ${join(out, f)}`);
