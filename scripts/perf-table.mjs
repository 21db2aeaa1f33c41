#!/usr/bin/env node
// Builds the README's "Performance" table from bench-out/*.json (written by `make bench`) and
// rewrites the block between <!-- perf:start --> and <!-- perf:end --> in README.md. Without the
// markers (or without a README) it only prints the table.
// The README already has a "## Performance" heading above the markers, so the block is the table only.
// usage: node scripts/perf-table.mjs [--stdout] [--readme FILE]
//   --stdout  print only, never touch README.md;  --readme FILE  rewrite FILE instead of README.md
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "bench-out");
const ri = process.argv.indexOf("--readme");
const readme = ri > 0 ? path.resolve(process.argv[ri + 1]) : path.join(root, "README.md");
const START = "<!-- perf:start -->";
const END = "<!-- perf:end -->";

const load = (name) => {
  const p = path.join(out, name);
  try {
    return JSON.parse(fs.readFileSync(p, "utf8"));
  } catch {
    return null;
  }
};
const engine = load("engine.json");
const grep = load("grep.json");
const browser = load("browser.json");
const sizes = load("sizes.json");
const js = load("js-compare.json");

const n = (x, d = 1) =>
  x == null || Number.isNaN(x) ? "n/a" : Number(x).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const ms = (x) => (x == null ? "n/a" : x < 1 ? `${n(x, 3)} ms` : x < 100 ? `${n(x, 1)} ms` : `${n(x, 0)} ms`);
const kib = (b) => `${n(b / 1024, 1)} KiB`;
const missing = (file) => `not measured (bench-out/${file} missing)`;

function machine() {
  let model = "unknown CPU";
  try {
    const m = fs.readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.+)$/m);
    if (m) model = m[1].trim();
  } catch {}
  if (model === "unknown CPU" && os.cpus()[0]?.model) model = os.cpus()[0].model;
  const nproc = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  return `${model}, nproc ${nproc}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}`;
}

const rows = [];
const row = (what, value) => rows.push([what, value]);

row("date", new Date().toISOString().slice(0, 10));
row("machine", machine());
row("command", "`make bench` (results in `bench-out/*.json`; MB = 1,048,576 bytes)");

// --- engine (criterion)
if (engine) {
  const names = { "5KB": "5 KB paste", "1MB": "1 MB log", "50MB": "50 MB log" };
  for (const k of ["5KB", "1MB", "50MB"]) {
    const v = engine.inputs?.[k];
    row(`engine throughput, ${names[k]} (criterion, native)`, v ? `**${n(v.mbPerS, 0)} MB/s** (${ms(v.medianMs)} per classify)` : "n/a");
  }
  for (const [k, v] of Object.entries(engine.inputs || {})) {
    if (!names[k]) row(`engine throughput, ${k} (criterion, native)`, `**${n(v.mbPerS, 0)} MB/s** (${ms(v.medianMs)})`);
  }
  if (engine.engineBuild) row("engine construction (catalog + automaton, criterion)", ms(engine.engineBuild.medianMs));
} else row("engine throughput (criterion)", missing("engine.json"));

// --- grep
if (grep) {
  row(
    `CLI vs grep, ${grep.log?.mib ?? "?"} MB mixed log (median of ${grep.runs})`,
    `\`classify --json\` ${ms(grep.ours.medianMs)} (${n(grep.ours.mbPerS, 0)} MB/s) vs \`grep -c -F -i -f\` with ${grep.signals?.count} literals ${ms(grep.grep.medianMs)} (${n(grep.grep.mbPerS, 0)} MB/s): **ours/grep = ${n(grep.ratioOursOverGrep, 1)}×** time`,
  );
} else row("CLI vs grep", missing("grep.json"));

// --- browser (tests/e2e/timing.mjs)
if (browser) {
  const tag = browser.browser ? ` (${browser.browser})` : "";
  if (browser.interactive) row(`browser: load to interactive, cold${tag}`, `${ms(browser.interactive.medianMs)} median of ${browser.runs ?? "?"}`);
  for (const [k, v] of Object.entries(browser.render || {})) {
    if (v && typeof v === "object" && "medianMs" in v) row(`browser: paste → rendered, ${k}`, ms(v.medianMs));
  }
  for (const [k, v] of Object.entries(browser.engine || {})) {
    if (v && typeof v === "object" && "medianMs" in v) row(`browser: \`AksBackupDoctor.classify\`, ${k}${v.runs ? ` (median of ${v.runs})` : ""}`, `${ms(v.medianMs)}${v.mbPerS != null ? ` (${n(v.mbPerS, 0)} MB/s)` : ""}`);
  }
  // Anything else numeric at the top level or one level down that the rows above did not cover.
  for (const [k, v] of Object.entries(browser.large || {})) {
    if (!v || typeof v !== "object" || !("doneMs" in v)) continue;
    row(`browser: large paste ${k}, read in steps (median of ${browser.large.runs})`,
      `first progress ${ms(v.firstProgressMs)}, first card ${ms(v.firstCardMs)}, all read ${ms(v.doneMs)}; ` +
      `longest unanswered ${ms(v.longestGapMs)} (taking the paste), ${ms(v.longestGapWhileReadingMs)} while reading; ` +
      `wasm memory ${n(v.memoryBytes / 1048576, 0)} MB = **${n(v.memoryPerInput, 2)}×** the log`);
  }
  for (const [k, v] of Object.entries(browser)) {
    if (["interactive", "render", "engine", "runs", "large"].includes(k)) continue;
    if (typeof v === "number") row(`browser: ${k}`, n(v, 2));
    else if (v && typeof v === "object" && !Array.isArray(v) && "medianMs" in v) row(`browser: ${k}`, ms(v.medianMs));
  }
} else row("browser timings", missing("browser.json"));

// --- sizes
if (sizes) {
  const g = sizes.groups || {};
  const budget = sizes.budget?.firstLoadGzipBytes;
  const fl = g.firstLoad;
  if (fl) {
    row(
      "size: hosted first load (index.html + js/wasm/css)",
      `${kib(fl.raw)} raw, **${kib(fl.gzip)} gzip**${budget ? ` (budget ${kib(budget)}: ${fl.gzip <= budget ? "ok" : "OVER"})` : ""}`,
    );
  }
  for (const [k, label] of [["offline", "size: offline single file (aks-backup-doctor.html)"], ["embed", "size: embed bundle (dist/embed/)"]]) {
    const v = g[k];
    row(label, v && v.files?.length ? `${kib(v.raw)} raw, ${kib(v.gzip)} gzip` : "not built");
  }
} else row("sizes", missing("sizes.json"));

// --- JS libraries
if (js) {
  for (const s of js.systems || []) {
    const acc = `top-1 ${s.top1Correct}/${s.pastes} (${n(s.top1Accuracy * 100, 1)} %)`;
    const any = s.top1AnyExpected != null && s.top1AnyExpected !== s.top1Correct ? `, ${s.top1AnyExpected}/${s.pastes} counting any expected id` : "";
    const lat = s.latencyMs ? `, median ${ms(s.latencyMs.median)}/paste` : "";
    const cli = s.cliWallMs ? ` in-process (CLI wall time ${ms(s.cliWallMs.median)} incl. process start)` : "";
    const q = s.maxQueryChars ? `; query = first ${n(s.maxQueryChars, 0)} chars` : "; whole paste";
    row(`corpus top-1: ${s.name} ${s.version ?? ""}`.trim(), `${acc}${any}${lat}${cli}${q}`);
  }
  row("corpus top-1: basis", `${js.corpus?.pastes} corpus pastes with \`top:\`/\`expect:\` (${js.corpus?.skippedReject} look-alikes skipped); ${js.caveat ?? ""}`);
} else row("JS library comparison", missing("js-compare.json"));

const esc = (s) => String(s).replace(/\|/g, "\\|").replace(/\n/g, " ");
const table = ["| measure | result |", "|---|---|", ...rows.map(([a, b]) => `| ${esc(a)} | ${esc(b)} |`)].join("\n");

console.log(`Performance\n\n${table}`);
if (process.argv.includes("--stdout")) process.exit(0);

let text = null;
try {
  text = fs.readFileSync(readme, "utf8");
} catch {}
const a = text?.indexOf(START) ?? -1;
const b = text != null && a >= 0 ? text.indexOf(END, a) : -1;
if (a < 0 || b < 0) {
  const name = path.relative(process.cwd(), readme);
  console.error(`\nperf-table: ${text == null ? `${name} not found` : `no ${START} ... ${END} block in ${name}`}: printed only`);
} else {
  const next = `${text.slice(0, a + START.length)}\n${table}\n${text.slice(b)}`;
  if (next !== text) {
    const tmp = `${readme}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, next);
    fs.renameSync(tmp, readme);
  }
  console.error(`\nperf-table: updated the Performance block in ${path.relative(process.cwd(), readme)}`);
}
