#!/usr/bin/env bash
# Installs every tool the project needs, skipping what is already there at the right version.
# Usage: scripts/setup.sh [native|web|browser|all]
#   native  - cargo (CLI, engine tests) + the Azure CLI in .venv-az for scripts/check-commands.py
#             (kubectl comes with the machine image)
#   web     - + wasm target, Trunk, wasm-bindgen-cli, wasm-opt (npm binaryen)
#   browser - + Debian chromium and CJK fonts, npm packages for the browser tests
#   all     - everything (default)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

log() { printf 'setup: %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

want_web=false; want_browser=false; want_az=false
case "$what" in
  native) want_az=true ;;
  web) want_web=true ;;
  browser) want_browser=true ;;
  all) want_az=true; want_web=true; want_browser=true ;;
  *) echo "usage: $0 [native|web|browser|all]" >&2; exit 2 ;;
esac

# The command check (scripts/check-commands.py) parses every catalog command with the real az and kubectl.
if $want_az; then
  az_cfg=$(mktemp -d)   # keeps ~/.azure untouched
  if [ -x .venv-az/bin/az ] && AZURE_CONFIG_DIR="$az_cfg" .venv-az/bin/az --version >/dev/null 2>&1; then
    log "azure-cli present in .venv-az"
  else
    log "installing azure-cli into .venv-az (pip; about 3 minutes)"
    rm -rf .venv-az
    python3 -m venv .venv-az
    .venv-az/bin/pip install --quiet --disable-pip-version-check azure-cli
  fi
  rm -rf "$az_cfg"
  if command -v kubectl >/dev/null; then log "kubectl present ($(command -v kubectl))"; else
    log "kubectl is missing: this kind of machine image comes with it; scripts/check-commands.py fails without it"; fi
fi

npm_ready() {
  [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] \
    && [ -d node_modules/fuse.js ] && [ -d node_modules/minisearch ] && [ -x node_modules/.bin/tsc ] && [ -d node_modules/terser ]
}

if $want_web || $want_browser; then
  if npm_ready; then log "npm packages present"; else
    log "installing npm packages (binaryen for wasm-opt, playwright-core, axe-core, fuse.js, minisearch, typescript, terser)"
    if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
  fi
fi

if $want_web; then
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then log "wasm32 target present"; else
    log "adding wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown; fi
  if command -v trunk >/dev/null && trunk --version | grep -q "$TRUNK_VERSION"; then log "trunk $TRUNK_VERSION present"; else
    log "installing trunk $TRUNK_VERSION (about 13 minutes on 2 cores)"
    cargo install --locked trunk --version "$TRUNK_VERSION"; fi
  if command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -q "$WASM_BINDGEN_VERSION"; then log "wasm-bindgen $WASM_BINDGEN_VERSION present"; else
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 7 minutes)"
    # not --locked: the locked set names a crate version the registry here lacks
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"; fi
fi

if $want_browser; then
  if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' && command -v hyperfine >/dev/null; then
    log "chromium, CJK fonts and hyperfine present"
  else
    log "installing chromium, CJK fonts and hyperfine (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk hyperfine >/dev/null
  fi
fi
log "done ($what)"
