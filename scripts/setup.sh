#!/usr/bin/env bash
# Installs what Neuroplay needs and this machine lacks. Sourced by serve.sh and test.sh.
# Every step checks first and skips what is already installed at the pinned version.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
NUMPY_VERSION=2.2.6
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$ROOT/node_modules/.bin:$CARGO_HOME/bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_debian_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# rustfmt and clippy come with rustup's default profile; a minimal one lacks them.
ensure_lint_tools() {
  if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    say "adding the rustfmt and clippy components"
    rustup component add rustfmt clippy
  fi
}

# ensure_cargo_tool BINARY VERSION CRATE [cargo install flags…]
ensure_cargo_tool() {
  local bin=$1 version=$2 crate=$3
  shift 3
  local have
  have=$("$bin" --version 2>/dev/null | awk '{ print $2 }' || true)
  if [ "$have" != "$version" ]; then
    say "installing $crate $version (found: ${have:-none}); this takes a few minutes once"
    # Thin release builds of the tools save minutes on two cores.
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install "$crate" --version "$version" "$@"
  fi
}

ensure_npm_tools() {
  # node_modules is current when npm wrote it after the lock file last changed.
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    say "installing npm tools (binaryen's wasm-opt, playwright-core)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  wasm-opt --version | grep -q "version $BINARYEN_VERSION" || die "wasm-opt is not binaryen $BINARYEN_VERSION: $(command -v wasm-opt)"
}

# NumPy runs the exported Python programs in the command-line tests.
ensure_numpy() {
  if ! python3 -c "import sys, numpy; sys.exit(numpy.__version__ != '$NUMPY_VERSION')" 2>/dev/null; then
    say "installing numpy $NUMPY_VERSION (for the exported Python programs)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "numpy==$NUMPY_VERSION"
  fi
}

setup_all() {
  local wb pin
  wb=$(wasm_bindgen_version)
  [ -n "$wb" ] || die "Cargo.lock names no wasm-bindgen"
  pin=$(sed -n 's/^wasm_bindgen = "\(.*\)"/\1/p' "$ROOT/Trunk.toml")
  [ "$pin" = "$wb" ] || die "Trunk.toml pins wasm-bindgen $pin but Cargo.lock has $wb: make them equal"

  local packages=(chromium chromium-driver wabt)
  command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
  ensure_debian_packages "${packages[@]}"
  ensure_wasm_target
  ensure_lint_tools
  # Without --locked: the registry index here lacks a crate its lock file names.
  ensure_cargo_tool wasm-bindgen "$wb" wasm-bindgen-cli
  ensure_cargo_tool trunk "$TRUNK_VERSION" trunk --locked
  ensure_npm_tools
  ensure_numpy
  export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
}
