#!/usr/bin/env bash
# DistLab: install every tool the build and the tests need, skipping what is
# already present at the right version. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_WASM_OPT=version_132
# Cuts the release wasm into one chunk per lesson (scripts/split-wasm.mjs).
WASM_SPLIT_VERSION=0.2.4
# The wasm-bindgen CLI must equal the library version pinned in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: cannot read the wasm-bindgen pin from Cargo.toml" >&2; exit 1; }

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian's chromium and chromium-driver"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "building trunk $TRUNK_VERSION (about 11 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "building wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes on 2 cores)"
  # No --locked: one locked dependency is missing from the registry mirror.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "building wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes on 2 cores)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

# Node tools for the end-to-end tests, plus binaryen's wasm-opt (Debian's is too old).
if [ ! -x tests/e2e/node_modules/.bin/wasm-opt ] || [ ! -d tests/e2e/node_modules/playwright-core ] \
   || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.installed ]; then
  say "installing the end-to-end test tools with npm"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed)
fi
if [ "$(tests/e2e/node_modules/.bin/wasm-opt --version | awk '{print "version_" $3}')" != "$BINARYEN_WASM_OPT" ]; then
  echo "setup: tests/e2e/node_modules has the wrong wasm-opt; expected $BINARYEN_WASM_OPT" >&2
  exit 1
fi

say "crates for offline builds"
cargo fetch --quiet
say "ready"
