#!/usr/bin/env bash
# `cargo stylus check` and `cargo stylus deploy` of the registry against lst-devnet, as a user
# runs them (project mode, no xtask): check the core, deploy the views and admin programs (no
# constructor), deploy the core with its constructor arguments (admin, views program, admin
# program) through the StylusDeployer, read admin(), viewsProgram() and adminProgram() back;
# then, against another fresh node, `cargo stylus cache status`, `suggest-bid` and `bid` of the
# node's registry through the genesis CacheManager (lst-devnet/js/cargo-stylus/record-cache.mjs).
# Every JSON-RPC exchange is recorded into lst-devnet/tests/fixtures/cargo-stylus.json and
# cargo-stylus-cache.json, which `cargo test -p lst-devnet --test it cargo_stylus` replays on
# every test run (CI does not install cargo-stylus). Run it again after a change to the
# programs, the node or cargo-stylus, and commit the recordings.
#
# Configuration (environment):
#   CARGO_STYLUS_VERSION  cargo-stylus to install when `cargo stylus` is missing (default
#                         0.10.10, the version the recording names; takes ~9 minutes)
# Needs: cargo, node (npm ci at the root). Uses development account 1 (a PUBLIC test key).
set -euo pipefail

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo "usage: bash scripts/cargo-stylus-devnet.sh"
}

case "${1:-}" in
  "") ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CARGO_STYLUS_VERSION="${CARGO_STYLUS_VERSION:-0.10.10}"

bash scripts/setup.sh

if ! cargo stylus --version >/dev/null 2>&1; then
  echo "== installing cargo-stylus $CARGO_STYLUS_VERSION (takes ~9 minutes)"
  cargo install --locked "cargo-stylus@$CARGO_STYLUS_VERSION"
fi
echo "== $(cargo stylus --version)"

echo "== building lst-devnet (the node needs the artifacts it deploys for itself)"
cargo xtask artifact
cargo build -p lst-devnet --bin lst-devnet

echo "== cargo stylus check / deploy against a fresh lst-devnet, recorded"
LST_DEVNET_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/lst-devnet" node lst-devnet/js/cargo-stylus/record.mjs

echo "== cargo stylus cache status / suggest-bid / bid against a fresh lst-devnet, recorded"
LST_DEVNET_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/lst-devnet" node lst-devnet/js/cargo-stylus/record-cache.mjs
