// Packs Trunk's output (wasm-bindgen glue, wasm-opt'd wasm, CSS) into dist/:
//   dist/index.html + dist/app-<hash>.js + dist/style-<hash>.css   the hosted app
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

const wasmB64 = gzipSync(wasm, { level: constants.Z_BEST_COMPRESSION }).toString('base64');
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
async function __aksbdBytes() {
  const s = atob(__aksbdWasm), b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
}`;
// The app: boot the wasm; its start function renders into #app (or only installs the JS API).
const appJs = `${body}\n${loader}\n__wbg_init({ module_or_path: await __aksbdBytes() });\n`;

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
const hostedCsp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";
writeFileSync(join(out, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${hostedCsp}">
${titleAndMeta}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="./${cssName}">
<script type="module" src="./${appName}"></script>
</head><body>${bodyHtml}</body></html>
`);

// Offline single file: the same code inline, allowed by hash.
const inlineJs = appJs.replace(/<\/script/gi, '<\\/script');
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
  packEmbed({ body, loader, css, out: join(out, 'embed') });
}
for (const f of readdirSync(out)) console.log(`pack-web: ${join(out, f)}`);
