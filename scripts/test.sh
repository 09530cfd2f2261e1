#!/usr/bin/env bash
# The project's test command: toolchain setup, the deployable artifacts of the three programs
# (build + Nitro validation + size limits), then the workspace's tests.
#
# Configuration (environment):
#   CARGO_LOCKED  1 to build and test with --locked (default: 1 when CI=true, else 0)
# Extra arguments are passed to `cargo test --workspace`.
set -euo pipefail

usage() {
  echo "usage: bash scripts/test.sh [-h|--help] [cargo test args...]"
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

# `--locked` is a global cargo flag; xtask forwards it to its inner build.
locked=()
if [ "${CARGO_LOCKED:-$([ "${CI:-}" = true ] && echo 1 || echo 0)}" = 1 ]; then
  locked=(--locked)
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy (warnings are errors)"
cargo "${locked[@]}" clippy --workspace --all-targets -- -D warnings

echo "== cargo xtask artifact (the three programs, size limits and the core's budget)"
cargo "${locked[@]}" xtask artifact -- "${locked[@]}"

echo "== cargo xtask standard (what cargo stylus check/deploy build activates unchanged)"
cargo "${locked[@]}" xtask standard -- "${locked[@]}"

echo "== cargo test --workspace"
cargo "${locked[@]}" test --workspace "$@"

echo "== contracts: compiled output matches the Solidity sources; tests on anvil (npm test -w contracts)"
npm test --silent -w contracts

echo "== lst-devnet driven by viem (npm test -w lst-devnet/js)"
cargo "${locked[@]}" build -p lst-devnet --bin lst-devnet
LST_DEVNET_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/lst-devnet" npm test --silent -w lst-devnet/js

echo "== contracts on lst-devnet, and EVM gas parity with anvil (npm run test:lst-devnet -w contracts)"
LST_DEVNET_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/lst-devnet" npm run test:lst-devnet --silent -w contracts

echo "== the Solidity LST vault on lst-devnet (npm test -w integrations/lst-vault)"
LST_DEVNET_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/lst-devnet" npm test --silent -w integrations/lst-vault

echo "== the TypeScript package: tsc --noEmit, vitest against lst-devnet (npm test -w packages/lst-registry)"
LST_DEVNET_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/lst-devnet" npm test --silent -w packages/lst-registry

echo "== the program's page: tsc --noEmit, dist/ against its sources, browser tests in chromium against lst-devnet --seed (npm test -w packages/lst-registry-page)"
LST_DEVNET_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/lst-devnet" npm test --silent -w packages/lst-registry-page

echo "== lst-devnet driven by web3.py (.venv/bin/python -m unittest discover -s lst-devnet/py)"
LST_DEVNET_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/lst-devnet" .venv/bin/python -m unittest discover -s lst-devnet/py
