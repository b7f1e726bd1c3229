#!/usr/bin/env bash
# Sets up whatever is missing, then builds the playground and serves it at http://127.0.0.1:8080
# (rebuilding on every change to the sources).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_all
cd "$ROOT"
rm -rf dist/.stage
say "serving the playground at http://127.0.0.1:8080 (Ctrl-C stops)"
exec trunk serve --release --address 127.0.0.1 --port 8080
