#!/usr/bin/env bash
# The wasm32 release size of the engine alone (catalog included), after wasm-opt -Oz.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
cargo build --quiet --release --target wasm32-unknown-unknown --manifest-path bench/engine-wasm/Cargo.toml --target-dir target/engine-wasm
in=target/engine-wasm/wasm32-unknown-unknown/release/engine-wasm.wasm
out=target/engine-size.wasm
wasm-opt -Oz --strip-debug --enable-bulk-memory --enable-nontrapping-float-to-int "$in" -o "$out"
raw=$(stat -c %s "$out"); gz=$(gzip -9c "$out" | wc -c)
mkdir -p bench-out
printf '{"engineWasmBytes": %d, "engineWasmGzipBytes": %d}\n' "$raw" "$gz" | tee bench-out/engine-size.json
