#!/usr/bin/env node
// Prints the catalog's literal signals, one per line, for `grep -F -i -f`: every entry's codes and,
// for every pattern, its longest literal piece (the text between `{}` / `{name}` holes, with `{{` and
// `}}` read as literal braces, as in src/catalog/template.rs). That is the engine's own prefilter
// anchor, so grep does the same first pass the engine does, without any verification.
// usage: node scripts/grep-signals.mjs [CATALOG.json] > signals.txt
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const file = process.argv[2] || path.join(root, "catalog.json");
const catalog = JSON.parse(fs.readFileSync(file, "utf8"));

// Literal pieces of a pattern, split at holes: `{}` or `{name}` (name = [A-Za-z0-9_]+).
function pieces(pattern) {
  const out = [];
  let lit = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if ((c === "{" || c === "}") && pattern[i + 1] === c) {
      lit += c;
      i++;
    } else if (c === "{") {
      const m = /^[A-Za-z0-9_]*\}/.exec(pattern.slice(i + 1));
      if (!m) {
        lit += c;
        continue;
      }
      if (lit) out.push(lit);
      lit = "";
      i += m[0].length;
    } else lit += c;
  }
  if (lit) out.push(lit);
  return out;
}

const seen = new Set();
const signals = [];
const add = (s) => {
  const k = s.toLowerCase();
  if (s.trim() && !seen.has(k)) {
    seen.add(k);
    signals.push(s);
  }
};
for (const e of catalog.entries) {
  for (const code of e.signals?.codes || []) add(code);
  for (const p of e.signals?.patterns || []) {
    const longest = pieces(p.pattern).reduce((a, b) => (Buffer.byteLength(b) > Buffer.byteLength(a) ? b : a), "");
    add(longest);
  }
}
process.stdout.write(signals.join("\n") + "\n");
