#!/usr/bin/env bash
# DistLab: install what is missing, then run every test, stopping at the first failure:
# format, lint, native tests, browser unit tests, release build, end-to-end tests, byte budget.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

stage() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

stage "cargo fmt --check"
cargo fmt --check

stage "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --offline -- -D warnings

stage "native tests (cargo test)"
cargo test --offline

stage "browser unit tests (wasm-bindgen-test in headless Chromium)"
cargo test --offline --target wasm32-unknown-unknown --test browser

stage "release build (trunk build --release, offline, wasm-opt)"
rm -rf dist
trunk build --release

stage "end-to-end tests (Playwright, dist/ served under /course/lab/)"
node tests/e2e/run.mjs

stage "byte budget"
node tests/e2e/budget.mjs dist
