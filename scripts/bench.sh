#!/usr/bin/env bash
# make bench: every benchmark, then the README's Performance table. Results go to bench-out/*.json.
#   1. criterion (cargo bench --bench engine) -> bench-out/engine.json (MB/s for 5 KB, 1 MB, 50 MB)
#   2. scripts/grep-compare.sh                -> bench-out/grep.json
#   3. node tests/e2e/timing.mjs (if present) -> bench-out/browser.json
#   4. scripts/size-report.mjs                -> bench-out/sizes.json (gzip and brotli per file and group)
#      scripts/wasm-size.mjs                  -> bench-out/wasm-size.json (the wasm's sections, code by crate, top functions)
#   5. scripts/bench-js.mjs                   -> bench-out/js-compare.json
#   6. scripts/perf-table.mjs                 -> README.md between <!-- perf:start --> and <!-- perf:end -->
#   7. examples/accuracy (corpus, tuned and held-out parts) -> README.md between <!-- accuracy:start/end -->
# A failing step is reported and the others still run; the exit status is 1 if any step failed.
# BENCH_SKIP="criterion grep browser sizes wasm-size js accuracy" skips steps (for development); BENCH_README=FILE
# makes the table step rewrite FILE instead of README.md.
# Cargo runs under `flock /tmp/cargo.lock` (the machine is shared; this also keeps other builds
# from running during the criterion measurement).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
mkdir -p bench-out

failed=()
skip=" ${BENCH_SKIP:-} "
step() {
  local name=$1
  shift
  if [[ $skip == *" $name "* ]]; then
    printf '\n== bench: %s skipped (BENCH_SKIP)\n' "$name" >&2
    return 0
  fi
  printf '\n== bench: %s: %s\n' "$name" "$*" >&2
  local start=$SECONDS
  if "$@"; then
    printf '== bench: %s done in %ss\n' "$name" $((SECONDS - start)) >&2
  else
    printf '== bench: %s FAILED (exit %s) after %ss\n' "$name" "$?" $((SECONDS - start)) >&2
    failed+=("$name")
  fi
}

criterion() {
  flock /tmp/cargo.lock cargo bench --bench engine && node scripts/criterion-summary.mjs
}

browser() {
  if [ -f tests/e2e/timing.mjs ]; then
    node tests/e2e/timing.mjs
  else
    echo "bench: tests/e2e/timing.mjs not found: no browser timings" >&2
  fi
}

step criterion criterion
step grep scripts/grep-compare.sh
step browser browser
step sizes node scripts/size-report.mjs
step wasm-size node scripts/wasm-size.mjs
step js node scripts/bench-js.mjs
step table node scripts/perf-table.mjs ${BENCH_README:+--readme "$BENCH_README"}
step accuracy flock /tmp/cargo.lock cargo run --quiet --release --example accuracy -- --readme "${BENCH_README:-README.md}"

if [ ${#failed[@]} -gt 0 ]; then
  printf '\nbench: failed steps: %s (the table shows what the other steps measured)\n' "${failed[*]}" >&2
  exit 1
fi
printf '\nbench: done; results in bench-out/\n' >&2
