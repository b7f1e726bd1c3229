#!/usr/bin/env bash
# Sets up whatever is missing, then runs every test suite: native, wasm under Node,
# wasm in headless Chromium, and end-to-end on the release build. Fails if any fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
start=$SECONDS
setup_all
cd "$ROOT"
echo "setup: $((SECONDS - start)) s"

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

step() {
  local name=$1
  shift
  say "$name"
  local t=$SECONDS
  "$@" 2>&1 | tee -a "$LOG"
  echo "$name: $((SECONDS - t)) s"
}

# One closing line over every runner: cargo's "test result" lines and node's "# pass/# fail".
tally() {
  awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
       /^# pass / { p += $3 } /^# fail / { f += $3 }
       END { printf "%d passed, %d failed\n", p, f }' "$LOG"
}

step "format" cargo fmt --check
lints() {
  cargo clippy --locked --workspace --all-targets -- -D warnings
  cargo clippy --locked --workspace --target wasm32-unknown-unknown --all-targets -- -D warnings
}
step "lints (clippy, native and wasm32, warnings are errors)" lints
step "native tests" cargo test --locked --workspace
# Unit and convergence tests run under Node (the SIMD kernels included); web/tests/web.rs
# asks for a browser and runs in headless Chromium through chromedriver.
step "wasm tests (Node and headless Chromium)" cargo test --locked --workspace --target wasm32-unknown-unknown
rm -rf dist/.stage
step "release build" trunk build --release

# The page's size budget, gzipped: 664 KB (what it was when the lesson stage was asked for).
WASM_BUDGET=$((664 * 1024))
simd_in_release() {
  local wasm count gz
  wasm=$(ls dist/*_bg.wasm)
  count=$(wasm-objdump -d "$wasm" | grep -c 'f32x4' || true)
  gz=$(gzip -9c "$wasm" | wc -c)
  echo "$wasm: $(stat -c %s "$wasm") bytes, $gz gzipped (budget $WASM_BUDGET), $count f32x4 instructions"
  [ "$count" -gt 0 ] || die "the release build has no f32x4 instruction: SIMD is off"
  [ "$gz" -le "$WASM_BUDGET" ] || die "the release build is $gz bytes gzipped, over the budget of $WASM_BUDGET"
}
step "SIMD and size of the release build" simd_in_release
step "end-to-end (release build in headless Chromium)" node --test tests/e2e/
say "all suites passed in $((SECONDS - start)) s"
echo "tests: $(tally)"
