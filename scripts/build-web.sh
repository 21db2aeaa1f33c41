#!/usr/bin/env bash
# Builds dist/: Trunk compiles the wasm (cargo, wasm-bindgen, wasm-opt -Oz) into target/trunk-dist,
# then scripts/pack-web.mjs writes the hosted app, the offline single file and the embed bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
trunk build --release --offline
node scripts/pack-web.mjs target/trunk-dist dist
