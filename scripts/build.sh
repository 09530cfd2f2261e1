#!/usr/bin/env bash
# Build the deployable programs: artifacts/lst_registry.wasm (the core),
# artifacts/lst_registry_admin.wasm and artifacts/lst_registry_views.wasm (normalised for
# Nitro, validated, size-checked).
#
# Configuration (environment):
#   CARGO_LOCKED  1 to build with --locked (default: 1 when CI=true, else 0)
set -euo pipefail

usage() {
  echo "usage: bash scripts/build.sh [-h|--help]"
}

case "${1:-}" in
  "") ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

# `--locked` is a global cargo flag; xtask forwards it to its inner build.
locked=()
if [ "${CARGO_LOCKED:-$([ "${CI:-}" = true ] && echo 1 || echo 0)}" = 1 ]; then
  locked=(--locked)
fi

cargo "${locked[@]}" xtask artifact -- "${locked[@]}"
