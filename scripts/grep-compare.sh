#!/usr/bin/env bash
# Our CLI vs. `grep -c -F -i -f signals.txt` on a 50 MiB mixed log: the same literal first pass
# (the catalog's codes and each pattern's longest literal piece, i.e. the engine's prefilter
# anchors), but grep stops there while the engine also verifies patterns, extracts values, scores
# and prints JSON. Writes bench-out/grep.json.
#
# usage: scripts/grep-compare.sh [--no-build] [--runs N] [--mib N]
#   grep runs with LC_ALL=C (byte semantics, its fastest path), so the ratio is against grep at
#   its fastest. Both commands write into a pipe, never to /dev/null: GNU grep notices that its
#   output is /dev/null and then stops at the first matching line (it reads ~3 MB of the 50), which
#   would time something else than counting. Timing: hyperfine if installed (1 warm-up run), else
#   bash `date +%s%N` (1 untimed warm-up run). MB = 1,048,576 bytes. Binaries are taken from
#   $CARGO_TARGET_DIR/release when that is set, else target/release.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

build=true runs=7 mib=50
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false ;;
    --runs) runs=$2; shift ;;
    --mib) mib=$2; shift ;;
    *) echo "usage: $0 [--no-build] [--runs N] [--mib N]" >&2; exit 2 ;;
  esac
  shift
done

log() { printf 'grep-compare: %s\n' "$*" >&2; }
# Cargo's output directory: CARGO_TARGET_DIR if set (a relative one is under the repository,
# where this script runs cargo), else target.
target=${CARGO_TARGET_DIR:-target}
case "$target" in /*) ;; *) target=$root/$target ;; esac
cli=$target/release/aks-backup-doctor
gen=$target/release/examples/gen_log
if $build; then
  log "building the release CLI and examples/gen_log"
  flock /tmp/cargo.lock cargo build --release --quiet --bin aks-backup-doctor --example gen_log
fi
for b in "$cli" "$gen"; do
  [ -x "$b" ] || { log "$b is missing (run: flock /tmp/cargo.lock cargo build --release --bin aks-backup-doctor --example gen_log)"; exit 1; }
done

mkdir -p bench-out
logfile=/tmp/aksbd-grep-compare-${mib}MiB.log
signals=$root/bench-out/signals.txt
log "generating a ${mib} MiB log: $logfile"
"$gen" "$mib" > "$logfile"
node scripts/grep-signals.mjs catalog.json > "$signals"
bytes=$(stat -c %s "$logfile")
log "$(wc -l < "$signals") literal signals in ${signals#"$root"/}; log is $bytes bytes, $(wc -l < "$logfile") lines"

grep_cmd="LC_ALL=C grep -c -F -i -f $signals $logfile"
ours_cmd="$cli classify --json $logfile"

# What each finds (exit status 1 = nothing found is fine for both).
grep_lines=$(LC_ALL=C grep -c -F -i -f "$signals" "$logfile" || true)
ours_json=$("$cli" classify --json "$logfile" || true)
ours_matches=$(node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(r.matches.length)' <<<"$ours_json")
ours_evidence=$(node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(r.matches.reduce((a,m)=>a+m.evidenceTotal,0))' <<<"$ours_json")
log "grep: $grep_lines matching lines; ours: $ours_matches entries, $ours_evidence pieces of evidence"

tmpdir=$(mktemp -d /tmp/aksbd-grep-compare.XXXXXX)
trap 'rm -rf "$tmpdir"' EXIT

# Seconds for each run, one per line, into $1.
time_runs() {
  local out=$1 cmd=$2
  bash -c "$cmd" 2>/dev/null | cat >/dev/null || true # warm-up (page cache)
  : > "$out"
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    bash -c "$cmd" 2>/dev/null | cat >/dev/null || true
    e=$(date +%s%N)
    echo "$(( e - s ))" | awk '{printf "%.9f\n", $1 / 1e9}' >> "$out"
  done
}

if command -v hyperfine >/dev/null; then
  tool="hyperfine $(hyperfine --version | awk '{print $2}')"
  log "timing with $tool, $runs runs each"
  hyperfine --style basic --warmup 1 --runs "$runs" --output=pipe --ignore-failure --export-json "$tmpdir/h.json" \
    -n grep "$grep_cmd" -n aks-backup-doctor "$ours_cmd" >&2
  node -e '
    const h = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const [i, f] of [[0, "grep"], [1, "ours"]]) require("fs").writeFileSync(process.argv[2] + "/" + f, h.results[i].times.join("\n") + "\n");
  ' "$tmpdir/h.json" "$tmpdir"
else
  tool="bash date +%s%N"
  log "hyperfine not found: timing with date +%s%N, $runs runs each"
  time_runs "$tmpdir/grep" "$grep_cmd"
  time_runs "$tmpdir/ours" "$ours_cmd"
fi

node - "$tmpdir" "$bytes" "$mib" "$runs" "$tool" "$grep_lines" "$ours_matches" "$ours_evidence" "$(wc -l < "$signals")" "$(grep --version | head -1)" <<'EOF'
const fs = require("fs");
const [dir, bytes, mib, runs, tool, grepLines, oursMatches, oursEvidence, nSignals, grepVersion] = process.argv.slice(2);
const read = (f) => fs.readFileSync(`${dir}/${f}`, "utf8").trim().split("\n").map(Number);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const r3 = (x) => Math.round(x * 1000) / 1000;
const ms = (s) => Math.round(s * 1e5) / 100;
const MB = 1048576;
const g = read("grep"), o = read("ours");
const gm = median(g), om = median(o);
const out = {
  generatedAt: new Date().toISOString(),
  log: { bytes: Number(bytes), mib: Number(mib), generator: `target/release/examples/gen_log ${mib}` },
  signals: { count: Number(nSignals), file: "bench-out/signals.txt", what: "catalog codes + longest literal piece of each pattern" },
  runs: Number(runs),
  timing: tool,
  mbDefinition: "1 MB = 1,048,576 bytes",
  grep: {
    command: "LC_ALL=C grep -c -F -i -f bench-out/signals.txt LOG | (pipe)",
    version: grepVersion,
    medianMs: ms(gm), timesMs: g.map(ms), mbPerS: r3(Number(bytes) / MB / gm), matchingLines: Number(grepLines),
  },
  ours: {
    command: "target/release/aks-backup-doctor classify --json LOG | (pipe)",
    medianMs: ms(om), timesMs: o.map(ms), mbPerS: r3(Number(bytes) / MB / om),
    entriesMatched: Number(oursMatches), evidence: Number(oursEvidence),
    note: "includes process start, reading and UTF-8-checking the file, building the engine, JSON output",
  },
  ratioOursOverGrep: r3(om / gm),
  ratioWhat: "median wall time of ours / median wall time of grep (> 1: ours is slower)",
};
fs.writeFileSync("bench-out/grep.json", JSON.stringify(out, null, 2) + "\n");
console.log(`| tool | median ms | MB/s |\n|---|---:|---:|`);
console.log(`| grep -c -F -i -f (${out.signals.count} literals, LC_ALL=C) | ${out.grep.medianMs} | ${out.grep.mbPerS} |`);
console.log(`| aks-backup-doctor classify --json | ${out.ours.medianMs} | ${out.ours.mbPerS} |`);
console.log(`\nratio ours/grep (time): ${out.ratioOursOverGrep}  (${mib} MiB log, median of ${runs}, ${tool})`);
console.log("wrote bench-out/grep.json");
EOF
