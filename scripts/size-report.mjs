#!/usr/bin/env node
// Sizes of everything under dist/, raw and gzip -9, grouped by how it is delivered:
// - hosted first load: dist/index.html plus every .js/.wasm/.css it references (directly, or from a
//   referenced script: wasm-bindgen glue and its snippets); of the catalog text scripts
//   (lang-<ja|ko|en>-<hash>.js, one per language) the largest, as the page loads one of them;
//   and the service worker (sw.js, named in the app script by its registration: the browser
//   requests it on the first load; its precache requests for the page's own files are not counted
//   again);
// - hosted, on language switch: the other language scripts;
// - offline single file: dist/aks-backup-doctor.html;
// - embed bundle: dist/embed/**.
// Prints a markdown table and writes bench-out/sizes.json.
//
// usage: node scripts/size-report.mjs [--check] [--dist DIR] [--out FILE] [--budget FILE]
//   --check   exit 1 when the first-load gzip total exceeds bench/budget.json's firstLoadGzipBytes
//             (or when a script/style/wasm that index.html references is missing)

import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : def;
};
const check = args.includes("--check");
const dist = opt("--dist", path.join(root, "dist"));
const outFile = opt("--out", path.join(root, "bench-out/sizes.json"));
const budgetFile = opt("--budget", path.join(root, "bench/budget.json"));
const rel = (p) => path.relative(process.cwd(), p) || ".";

const indexHtml = path.join(dist, "index.html");
if (!fs.existsSync(indexHtml)) {
  console.error(`size-report: ${rel(indexHtml)} not found: build the web app first with \`make dist\``);
  process.exit(1);
}

// ------------------------------------------------------------------ every file

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const key = (abs) => path.relative(dist, abs).split(path.sep).join("/");
const files = new Map(); // dist-relative path -> {path, raw, gzip}
// The precompressed copies beside the hosted files (.gz, .br) are the same files, not more.
const brotli = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;
for (const abs of walk(dist).sort().filter((p) => !/\.(gz|br)$/.test(p))) {
  const buf = fs.readFileSync(abs);
  files.set(key(abs), { path: key(abs), raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length, brotli: brotli(buf) });
}

// ------------------------------------------------------------------ the first load

const ASSET = /\.(m?js|wasm|css)$/i;

// A reference as written in HTML/JS -> a dist-relative path that exists, or null.
function resolveRef(ref, fromAbs) {
  let r = ref.trim().replace(/&amp;/g, "&");
  if (!r || /^(data|blob|javascript|mailto):/i.test(r) || /^(https?:)?\/\//i.test(r)) return null;
  r = r.split(/[?#]/)[0];
  try {
    r = decodeURIComponent(r);
  } catch {}
  const candidates = [];
  if (r.startsWith("/")) candidates.push(path.join(dist, r));
  else candidates.push(path.resolve(path.dirname(fromAbs), r), path.join(dist, r));
  // A public_url prefix (e.g. /aks-backup-doctor/x.js): try dropping leading segments.
  const segs = r.replace(/^\.?\/+/, "").split("/");
  for (let i = 1; i < segs.length; i++) candidates.push(path.join(dist, ...segs.slice(i)));
  for (const c of candidates) {
    const k = key(c);
    if (!k.startsWith("..") && files.has(k)) return k;
  }
  return null;
}

// References in an HTML file: src/href attributes (strong) and quoted *.js/*.wasm/*.css strings in
// inline scripts (weak: Trunk's loader names the glue and the wasm there).
function htmlRefs(text) {
  const strong = [];
  for (const m of text.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const tag = m[0];
    const attr = tag.match(/\b(?:src|href)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i);
    if (!attr) continue;
    const ref = attr[2] ?? attr[3] ?? attr[4];
    if (m[1].toLowerCase() === "link") {
      const relAttr = (tag.match(/\brel\s*=\s*["']?([^"'>]+)/i)?.[1] || "").toLowerCase();
      const isAsset = /stylesheet|modulepreload|preload|prefetch/.test(relAttr);
      if (!isAsset) continue; // icons, manifest, canonical...
    }
    strong.push(ref);
  }
  const weak = [];
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) weak.push(...jsRefs(m[1]));
  return { strong: strong.filter((r) => ASSET.test(r.split(/[?#]/)[0])), weak };
}

// Quoted module/asset paths in JS: import ... from '...', import('...'), new URL('...', import.meta.url).
function jsRefs(text) {
  const out = [];
  for (const m of text.matchAll(/["'`]([^"'`\s<>]+\.(?:m?js|wasm|css))(?:[?#][^"'`\s]*)?["'`]/gi)) out.push(m[1]);
  return out;
}

// The hosted app's catalog text, one script per language (scripts/pack-web.mjs): a first load
// fetches one of them (the language shown), the others only when the user switches. The first
// load counts the largest.
const LANG_FILE = /^lang-[a-z]{2}-[0-9a-f]+\.js$/;
// The typed-symptom search, one script per language: loaded when a paste first needs it.
const SEARCH_FILE = /^search-[a-z]{2}-[0-9a-f]+\.js$/;
const langAlternatives = new Set();
const onDemand = new Set();
const firstLoad = new Set(["index.html"]);
const missing = [];
const weakMissing = [];
{
  const { strong, weak } = htmlRefs(fs.readFileSync(indexHtml, "utf8"));
  const queue = [];
  for (const [list, isStrong] of [[strong, true], [weak, false]]) {
    for (const ref of list) {
      const k = resolveRef(ref, indexHtml);
      if (k) queue.push(k);
      else if (!/^(https?:)?\/\//i.test(ref)) (isStrong ? missing : weakMissing).push(ref);
    }
  }
  while (queue.length) {
    const k = queue.shift();
    if (LANG_FILE.test(k)) {
      langAlternatives.add(k);
      continue;
    }
    if (SEARCH_FILE.test(k)) {
      onDemand.add(k);
      continue;
    }
    if (firstLoad.has(k)) continue;
    firstLoad.add(k);
    if (/\.m?js$/i.test(k)) {
      const abs = path.join(dist, k);
      for (const ref of jsRefs(fs.readFileSync(abs, "utf8"))) {
        const r = resolveRef(ref, abs);
        if (r && !firstLoad.has(r)) queue.push(r);
      }
    }
  }
}

const gzipOf = (k) => files.get(k).gzip;
const shownLang = [...langAlternatives].sort((a, b) => gzipOf(b) - gzipOf(a))[0];
if (shownLang) firstLoad.add(shownLang);

// ------------------------------------------------------------------ groups

const OFFLINE = "aks-backup-doctor.html";
const groupsOf = (p) => {
  const g = [];
  if (firstLoad.has(p)) g.push("firstLoad");
  else if (langAlternatives.has(p)) g.push("onSwitch");
  else if (onDemand.has(p)) g.push("onDemand");
  if (p === OFFLINE) g.push("offline");
  // Type declarations for embedders' editors: no browser loads them.
  if (p.startsWith("embed/") && !p.endsWith(".d.ts")) g.push("embed");
  return g.length ? g : ["other"];
};
const rows = [...files.values()].map((f) => ({ ...f, groups: groupsOf(f.path) }));
const total = (pred) => {
  const fs_ = rows.filter(pred);
  const sum = (k) => fs_.reduce((a, f) => a + f[k], 0);
  return { files: fs_.map((f) => f.path), raw: sum("raw"), gzip: sum("gzip"), brotli: sum("brotli") };
};
const groups = {
  firstLoad: total((f) => f.groups.includes("firstLoad")),
  offline: total((f) => f.groups.includes("offline")),
  onSwitch: total((f) => f.groups.includes("onSwitch")),
  onDemand: total((f) => f.groups.includes("onDemand")),
  embed: total((f) => f.groups.includes("embed")),
  other: total((f) => f.groups.includes("other")),
  all: total(() => true),
};

let budget = null;
if (fs.existsSync(budgetFile)) budget = JSON.parse(fs.readFileSync(budgetFile, "utf8")).firstLoadGzipBytes ?? null;
else if (check) {
  console.error(`size-report: ${rel(budgetFile)} not found (expected {"firstLoadGzipBytes": N})`);
  process.exit(1);
}
if (check && typeof budget !== "number") {
  console.error(`size-report: ${rel(budgetFile)} has no numeric firstLoadGzipBytes`);
  process.exit(1);
}
const overBudget = budget != null && groups.firstLoad.gzip > budget;

// ------------------------------------------------------------------ output

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const num = (n) => n.toLocaleString("en-US");
const order = { firstLoad: 0, onSwitch: 1, onDemand: 2, offline: 3, embed: 4, other: 5 };
rows.sort((a, b) => order[a.groups[0]] - order[b.groups[0]] || a.path.localeCompare(b.path));
const label = { firstLoad: "hosted first load", onSwitch: "hosted, on language switch", onDemand: "hosted, when a paste needs the search", offline: "offline single file", embed: "embed bundle", other: "other" };

const lines = [];
lines.push(`Sizes of ${rel(dist)}/ (gzip at level 9 and brotli at quality 11, node:zlib)`, "");
lines.push("| file | group | raw bytes | gzip bytes | brotli bytes |", "|---|---|---:|---:|---:|");
for (const f of rows) lines.push(`| ${f.path} | ${f.groups.map((g) => label[g]).join(", ")} | ${num(f.raw)} | ${num(f.gzip)} | ${num(f.brotli)} |`);
lines.push("", "| group | files | raw | gzip | brotli |", "|---|---:|---:|---:|---:|");
for (const g of ["firstLoad", "onSwitch", "onDemand", "offline", "embed", "other"]) {
  const t = groups[g];
  if ((g === "other" || g === "onSwitch" || g === "onDemand") && !t.files.length) continue;
  lines.push(`| ${label[g]} | ${t.files.length} | ${num(t.raw)} (${kib(t.raw)}) | ${num(t.gzip)} (${kib(t.gzip)}) | ${num(t.brotli)} (${kib(t.brotli)}) |`);
}
if (shownLang) {
  lines.push("", `The first load counts the largest language script, ${shownLang}; the others load when the user switches to their language.`);
  if (onDemand.size) lines.push("", `The typed-symptom search (${[...onDemand].join(", ")}) loads per language when a paste first needs it (no confident match, or error lines not recognised).`);
}
if (budget != null) {
  lines.push("", `First-load budget: ${num(groups.firstLoad.gzip)} of ${num(budget)} gzip bytes (${((groups.firstLoad.gzip / budget) * 100).toFixed(1)} %)${overBudget ? " - OVER BUDGET" : ""}`);
}
if (!groups.offline.files.length) lines.push("", `note: ${OFFLINE} is missing from ${rel(dist)}/`);
if (!groups.embed.files.length) lines.push("", `note: ${rel(dist)}/embed/ is missing or empty`);
for (const r of missing) lines.push("", `warning: index.html references ${r}, which is not in ${rel(dist)}/`);
for (const r of weakMissing) lines.push("", `note: an inline script in index.html names ${r}, which is not in ${rel(dist)}/`);
console.log(lines.join("\n"));

fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(
  outFile,
  JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      dist: path.relative(root, dist) || ".",
      gzipLevel: 9,
      budget: { firstLoadGzipBytes: budget, ok: budget == null ? null : !overBudget },
      groups,
      missingReferences: missing,
      files: rows,
    },
    null,
    2,
  ) + "\n",
);
console.log(`\nwrote ${rel(outFile)}`);

if (check) {
  let fail = false;
  if (overBudget) {
    console.error(
      `size-report: FAIL: the hosted first load is ${num(groups.firstLoad.gzip)} gzip bytes (${kib(groups.firstLoad.gzip)}), ` +
        `over the budget of ${num(budget)} (${kib(budget)}) in ${rel(budgetFile)} by ${num(groups.firstLoad.gzip - budget)} bytes`,
    );
    fail = true;
  }
  if (missing.length) {
    console.error(`size-report: FAIL: index.html references ${missing.length} missing file(s): ${missing.join(", ")}`);
    fail = true;
  }
  if (fail) process.exit(1);
  console.log(`size-report: ok: first load ${num(groups.firstLoad.gzip)} gzip bytes <= budget ${num(budget)}`);
}
