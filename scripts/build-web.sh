#!/usr/bin/env bash
# Builds dist/: Trunk compiles the wasm (cargo, wasm-bindgen, wasm-opt -Oz) into target/trunk-dist,
# renders the first screen (examples/shell.rs), then scripts/pack-web.mjs writes the hosted app, the offline single file and the embed bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# Panic locations keep their source paths in the wasm: made relative (the crate's own and the
# registry's), they are shorter and say nothing of the machine that built them.
remap="--remap-path-prefix=$PWD/="
for d in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do remap="$remap --remap-path-prefix=$d="; done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$remap"
trunk build --release --offline
# The first screen of index.html, rendered natively by yew's server renderer (examples/shell.rs).
cargo run --quiet --features ui --example shell > target/shell.txt
node scripts/pack-web.mjs target/trunk-dist dist target/shell.txt
