#!/usr/bin/env bash
# DistLab: install what is missing, then serve the app with `trunk serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
echo
echo "DistLab will be at http://127.0.0.1:8080/ once the first build finishes (Ctrl+C stops it)."
echo
exec trunk serve "$@"
