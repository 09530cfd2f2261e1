#!/usr/bin/env bash
# The main job: the whole LST program lifecycle on the embedded devnet, as a transcript.
#
# Builds the deployable artifacts (Nitro-validated, size-checked), then runs the lifecycle
# on the offline Stylus devnet: Phase 1 Alpha with 4 nodes and two LSTs selected by attested
# tallies, Phase 2, a Phase 3 round with competing applications (a cloned application, a vote
# in the applicant's own space and a second application of one account refused; one tally
# never comes and the round finishes without it after its attestation window), pairings,
# caps and stake reports, open access with a new node, and an exploited LST revoked while
# paused (its pairings end; its vault gives METIS back without reporting to the next pairing).
# Every staking contract is the Solidity vault of integrations/lst-vault. Prints each
# transaction with its caller, function, status, gas and decoded events, then the final table
# of nodes, pairings and capacity.
#
# Configuration (environment):
#   CARGO_LOCKED  1 to build with --locked (default: 1 when CI=true, else 0)
# Extra arguments are passed to the `lifecycle` binary.
set -euo pipefail

usage() {
  echo "usage: bash scripts/lifecycle.sh [-h|--help] [lifecycle args...]"
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh >/dev/null

locked=()
if [ "${CARGO_LOCKED:-$([ "${CI:-}" = true ] && echo 1 || echo 0)}" = 1 ]; then
  locked=(--locked)
fi

cargo "${locked[@]}" xtask artifact -- "${locked[@]}"
cargo "${locked[@]}" run -q --release -p lst-registry-e2e --bin lifecycle -- "$@"
