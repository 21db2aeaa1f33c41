#!/usr/bin/env node
// Reads criterion's results for `cargo bench --bench engine` and writes bench-out/engine.json:
// per input (target/criterion/classify/<name>/new/), the median time per classify call and the
// resulting throughput; plus engine construction (target/criterion/engine-build/new/).
// MB = 1,048,576 bytes (criterion's MiB; the inputs are 5 KiB, 1 MiB and 50 MiB).
// usage: node scripts/criterion-summary.mjs [CRITERION_DIR]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = process.argv[2] || path.join(root, "target/criterion");
const readJson = (p) => JSON.parse(fs.readFileSync(p, "utf8"));
const MB = 1048576;
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

const group = path.join(dir, "classify");
if (!fs.existsSync(group)) {
  console.error(`criterion-summary: ${path.relative(root, group)} not found: run cargo bench --bench engine first`);
  process.exit(1);
}
// Input name -> the label used in the README ("paste-5KB" -> "5KB").
const label = (name) => name.replace(/^(paste|log)-/, "");
const inputs = {};
for (const name of fs.readdirSync(group).sort()) {
  const est = path.join(group, name, "new/estimates.json");
  const bench = path.join(group, name, "new/benchmark.json");
  if (!fs.existsSync(est)) continue;
  const e = readJson(est);
  const b = fs.existsSync(bench) ? readJson(bench) : {};
  const bytes = b.throughput?.Bytes ?? b.throughput?.BytesDecimal ?? null;
  const ns = e.median.point_estimate;
  inputs[label(name)] = {
    benchmark: `classify/${name}`,
    bytes,
    medianNs: round(ns, 0),
    medianMs: round(ns / 1e6, 4),
    ci95Ns: [round(e.median.confidence_interval.lower_bound, 0), round(e.median.confidence_interval.upper_bound, 0)],
    mbPerS: bytes ? round(bytes / MB / (ns / 1e9), 1) : null,
  };
}
let engineBuild = null;
const buildEst = path.join(dir, "engine-build/new/estimates.json");
if (fs.existsSync(buildEst)) {
  const ns = readJson(buildEst).median.point_estimate;
  engineBuild = { medianNs: round(ns, 0), medianMs: round(ns / 1e6, 3) };
}
const order = ["5KB", "1MB", "50MB"];
const sorted = Object.fromEntries(Object.entries(inputs).sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99)));
const out = {
  generatedAt: new Date().toISOString(),
  source: "cargo bench --bench engine (criterion), median of the samples; Engine::classify only (engine built once)",
  mbDefinition: "1 MB = 1,048,576 bytes",
  inputs: sorted,
  engineBuild,
};
fs.mkdirSync(path.join(root, "bench-out"), { recursive: true });
fs.writeFileSync(path.join(root, "bench-out/engine.json"), JSON.stringify(out, null, 2) + "\n");
console.log("| input | bytes | median | MB/s |\n|---|---:|---:|---:|");
for (const [k, v] of Object.entries(sorted)) console.log(`| ${k} | ${v.bytes ?? "?"} | ${v.medianMs} ms | ${v.mbPerS ?? "?"} |`);
if (engineBuild) console.log(`\nengine build (Engine::builtin): ${engineBuild.medianMs} ms`);
console.log("wrote bench-out/engine.json");
