#!/usr/bin/env node
// Where the bytes of the shipped wasm are: its sections (raw and gzip -9), then its code by crate
// and by function. twiggy 0.7 cannot read this module (bulk-memory opcodes), so this reads the
// code and name sections itself.
//
// The wasm Trunk ships is stripped of names, so the breakdown is taken from the same module that
// wasm-bindgen wrote (target/wasm-bindgen/release/*_bg.wasm) optimised again with the same
// wasm-opt flags plus -g (keep names): sizes are those of the shipped code, give or take the name
// section itself.
//
// usage: node scripts/wasm-size.mjs [--wasm FILE] [--top N] [--out FILE]
//   --wasm FILE  a wasm with a name section (default: build the named copy described above)
//   --top N      how many functions to list (default 40)
//   --out FILE   JSON summary (default bench-out/wasm-size.json)
import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 && args[i + 1] ? args[i + 1] : def; };
const top = Number(opt('--top', '40'));
const outFile = resolve(opt('--out', join(root, 'bench-out/wasm-size.json')));
const gz = (b) => gzipSync(b, { level: 9 }).length;

function namedWasm() {
  const given = opt('--wasm', null);
  if (given) return resolve(given);
  const dir = join(root, 'target/wasm-bindgen/release');
  const src = existsSync(dir) && readdirSync(dir).find((f) => f.endsWith('_bg.wasm'));
  if (!src) throw new Error('wasm-size: no target/wasm-bindgen/release/*_bg.wasm (run `make dist` first)');
  // The flags of index.html's data-wasm-opt / data-wasm-opt-params, plus -g.
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const level = (html.match(/data-wasm-opt="(\w+)"/) || [, 'z'])[1];
  const params = (html.match(/data-wasm-opt-params="([^"]*)"/) || [, ''])[1].split(/\s+/).filter(Boolean);
  const out = join(tmpdir(), 'aksbd-named.wasm');
  execFileSync(join(root, 'node_modules/.bin/wasm-opt'), [`-O${level}`, '-g', ...params, join(dir, src), '-o', out]);
  return out;
}

/** The module's sections, function bodies and function names. */
function parse(bytes) {
  let p = 8;
  const leb = () => { let r = 0, s = 0, x; do { x = bytes[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
  const sections = [];
  const bodies = [];
  const names = new Map();
  let imported = 0;
  const ID = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];
  while (p < bytes.length) {
    const id = bytes[p++];
    const len = leb();
    const start = p, end = p + len;
    let name = ID[id] ?? `id${id}`;
    if (id === 0) { const n = leb(); name = `custom:${Buffer.from(bytes.subarray(p, p + n)).toString()}`; p += n; }
    sections.push({ name, raw: len, gzip: gz(bytes.subarray(start, end)) });
    if (id === 2) {
      for (let i = 0, n = leb(); i < n; i++) {
        for (let k = 0; k < 2; k++) { const n = leb(); p += n; } // module, field
        const kind = bytes[p++];
        if (kind === 0) { leb(); imported++; }
        else if (kind === 1) { p++; const f = leb(); leb(); if (f & 1) leb(); }
        else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); }
        else if (kind === 3) { p += 2; }
        else p++;
      }
    } else if (id === 10) {
      for (let i = 0, n = leb(); i < n; i++) { const size = leb(); bodies.push({ index: imported + i, size, bytes: bytes.subarray(p, p + size) }); p += size; }
    } else if (name === 'custom:name') {
      while (p < end) {
        const sub = bytes[p++], sl = leb(), se = p + sl;
        if (sub === 1) for (let i = 0, n = leb(); i < n; i++) { const idx = leb(), k = leb(); names.set(idx, Buffer.from(bytes.subarray(p, p + k)).toString()); p += k; }
        p = se;
      }
    }
    p = end;
  }
  return { sections, bodies, names };
}

/** The crate a (demangled or legacy-mangled) Rust symbol belongs to. */
function crateOf(name) {
  let s = name.replace(/^_ZN/, '').replace(/^<+/, '');
  const legacy = /^(\d+)([A-Za-z_][\w$.]*)/.exec(s);
  let head = legacy ? legacy[2].slice(0, Number(legacy[1])) : s.split(/::|[<>\s(]/)[0];
  if (/^(__wbg|__wbindgen|wasm_bindgen)/.test(name) || head === 'wasm_bindgen') return 'wasm_bindgen';
  if (!head || /^\d/.test(head)) return '(other)';
  if (head === 'dlmalloc' || head === 'std' || head === 'core' || head === 'alloc') return head;
  return head.replace(/\$.*$/, '');
}

const file = namedWasm();
const { sections, bodies, names } = parse(readFileSync(file));
const code = sections.find((s) => s.name === 'code');
const fns = bodies.map((b) => ({ name: names.get(b.index) ?? `func[${b.index}]`, size: b.size }));
const byCrate = new Map();
for (const f of fns) { const c = crateOf(f.name); byCrate.set(c, (byCrate.get(c) ?? 0) + f.size); }
const crates = [...byCrate].map(([crate, raw]) => ({ crate, raw })).sort((a, b) => b.raw - a.raw);
fns.sort((a, b) => b.size - a.size);

const kb = (n) => (n / 1024).toFixed(1).padStart(7);
console.log(`wasm: ${file}\n\n| section | raw KiB | gzip KiB |\n|---|---:|---:|`);
for (const s of sections.filter((s) => s.name !== 'custom:name')) console.log(`| ${s.name} | ${kb(s.raw)} | ${kb(s.gzip)} |`);
console.log(`\ncode by crate (raw bytes of function bodies; the code section is ${kb(code.raw)} KiB raw, ${kb(code.gzip)} KiB gzip)\n\n| crate | raw KiB | share |\n|---|---:|---:|`);
for (const c of crates.slice(0, 25)) console.log(`| ${c.crate} | ${kb(c.raw)} | ${(100 * c.raw / code.raw).toFixed(1).padStart(5)} % |`);
console.log(`\ntop ${top} functions\n\n| bytes | function |\n|---:|---|`);
for (const f of fns.slice(0, top)) console.log(`| ${f.size} | ${f.name.slice(0, 140).replace(/\|/g, '\\|')} |`);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify({ wasm: file, sections: sections.filter((s) => s.name !== 'custom:name'), crates, top: fns.slice(0, top) }, null, 1) + '\n');
