#!/usr/bin/env bash
# Deploy the lst-registry to a Stylus chain: build the three artifacts (the views program, the
# admin program and the core), check them against the chain with cargo-stylus, deploy +
# activate the views and admin programs through the StylusDeployer contract, then deploy +
# activate + construct the core with (admin, views program, admin program) in ONE transaction
# through the same contract (what `cargo stylus deploy` does for a project with a
# constructor), and check the admin and the two programs the core delegates to.
#
# Why not `cargo stylus deploy`: project mode (`cargo stylus deploy --no-verify
# --constructor-args ADMIN VIEWS ADMIN_PROGRAM`, which learns the constructor from the crate's
# export-abi binary) works — it is run against lst-devnet by scripts/cargo-stylus-devnet.sh —
# but it deploys the plain `cargo build` (≈16.7 KB compressed for the core), not the wasm-opt
# artifact this script deploys (≈15.8 KB: every call pays for its bytes). And a --wasm-file
# deployment in cargo-stylus 0.10.x (stylus-tools `deploy_wasm_file`) ignores
# --constructor-args and would leave the registry with no admin. See lst-devnet/README.md.
#
# Configuration (environment):
#   NETWORK               devnode (default: nitro-devnode, chain 412346) | arbitrum-sepolia (421614)
#   RPC_URL               default http://localhost:8547, or https://sepolia-rollup.arbitrum.io/rpc
#   PRIVATE_KEY_PATH      file holding the deployer's hex private key (required; never pass a
#                         key on the command line)
#   ADMIN                 registry admin (default: the deployer's address, via `cast wallet address`)
#   CARGO_STYLUS_VERSION  cargo-stylus to install if missing (default 0.10.10)
#   DATA_FEE_WEI          value sent for ArbWasm's activation data fee; the deployer refunds
#                         the excess (default 10000000000000000 = 0.01 ETH)
#   SALT                  StylusDeployer salt (default 0x00…00: CREATE; non-zero: CREATE2)
# Needs: cargo, cast (foundry), and eth-account in .venv (bash scripts/setup.sh installs it):
# cast takes a key only on its command line or from a keystore, so the key is written to a
# temporary keystore (scrypt, with a random password in a file beside it), removed on exit.
set -euo pipefail

usage() {
  sed -n '2,29p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo "usage: [NETWORK=…] [RPC_URL=…] PRIVATE_KEY_PATH=key.txt [ADMIN=0x…] bash scripts/deploy.sh"
}

case "${1:-}" in
  "") ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."

NETWORK="${NETWORK:-devnode}"
case "$NETWORK" in
  devnode) CHAIN_ID=412346; DEFAULT_RPC=http://localhost:8547 ;;
  arbitrum-sepolia) CHAIN_ID=421614; DEFAULT_RPC=https://sepolia-rollup.arbitrum.io/rpc ;;
  *) echo "error: NETWORK must be devnode or arbitrum-sepolia" >&2; exit 2 ;;
esac
RPC_URL="${RPC_URL:-$DEFAULT_RPC}"
CARGO_STYLUS_VERSION="${CARGO_STYLUS_VERSION:-0.10.10}"
DATA_FEE_WEI="${DATA_FEE_WEI:-10000000000000000}"
SALT="${SALT:-0x0000000000000000000000000000000000000000000000000000000000000000}"
STYLUS_DEPLOYER=0xcEcba2F1DC234f70Dd89F2041029807F8D03A990
WASM=artifacts/lst_registry.wasm
VIEWS_WASM=artifacts/lst_registry_views.wasm
ADMIN_WASM=artifacts/lst_registry_admin.wasm

: "${PRIVATE_KEY_PATH:?set PRIVATE_KEY_PATH to a file holding the deployer key}"
[ -r "$PRIVATE_KEY_PATH" ] || { echo "error: cannot read $PRIVATE_KEY_PATH" >&2; exit 2; }
command -v cast >/dev/null || { echo "error: cast (foundry) is required to send the deployment" >&2; exit 2; }

[ -x .venv/bin/python ] || { echo "error: .venv/bin/python is missing: run bash scripts/setup.sh" >&2; exit 2; }

# The key never goes on a command line: cast reads it from a temporary keystore (its path in
# ETH_KEYSTORE, the file with its random password in ETH_PASSWORD), removed on exit.
KEYSTORE_DIR="$(mktemp -d)"
trap 'rm -rf "$KEYSTORE_DIR"' EXIT
ETH_PASSWORD="$KEYSTORE_DIR/password"
ETH_KEYSTORE="$KEYSTORE_DIR/deployer.json"
export ETH_PASSWORD ETH_KEYSTORE
(umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$ETH_PASSWORD")
KEY_FILE="$PRIVATE_KEY_PATH" .venv/bin/python - <<'PY'
import json, os
from eth_account import Account

with open(os.environ["KEY_FILE"]) as f:
    key = f.read().strip()
with open(os.environ["ETH_PASSWORD"]) as f:
    password = f.read()
keystore = Account.encrypt(key, password)
fd = os.open(os.environ["ETH_KEYSTORE"], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
with os.fdopen(fd, "w") as f:
    json.dump(keystore, f)
PY
DEPLOYER="$(cast wallet address)"
ADMIN="${ADMIN:-$DEPLOYER}"

actual_chain="$(cast chain-id --rpc-url "$RPC_URL")"
if [ "$actual_chain" != "$CHAIN_ID" ]; then
  echo "error: $RPC_URL is chain $actual_chain, NETWORK=$NETWORK expects $CHAIN_ID" >&2
  exit 1
fi

echo "== building $WASM"
cargo xtask artifact

if ! cargo stylus --version >/dev/null 2>&1; then
  echo "== installing cargo-stylus $CARGO_STYLUS_VERSION (takes ~9 minutes)"
  cargo install --locked "cargo-stylus@$CARGO_STYLUS_VERSION"
fi

echo "== cargo stylus check (activation against $RPC_URL)"
cargo stylus check --wasm-file "$VIEWS_WASM" --endpoint "$RPC_URL"
cargo stylus check --wasm-file "$ADMIN_WASM" --endpoint "$RPC_URL"
cargo stylus check --wasm-file "$WASM" --endpoint "$RPC_URL"

# ContractDeployed(address): topic0 keccak256("ContractDeployed(address)"), address in data.
TOPIC="$(cast keccak 'ContractDeployed(address)')"
# Sends StylusDeployer calldata $1; prints the deployed program's address.
deploy_through_deployer() {
  local receipt tx_hash status address
  receipt="$(cast send "$STYLUS_DEPLOYER" "$1" --value "$DATA_FEE_WEI" --rpc-url "$RPC_URL" --json)"
  tx_hash="$(printf '%s' "$receipt" | sed -n 's/.*"transactionHash":"\(0x[0-9a-fA-F]*\)".*/\1/p')"
  status="$(printf '%s' "$receipt" | sed -n 's/.*"status":"\(0x[0-9]*\)".*/\1/p')"
  address="$(printf '%s' "$receipt" | tr '{' '\n' | grep -i "$TOPIC" | sed -n 's/.*"data":"0x0*\([0-9a-fA-F]\{40\}\)".*/0x\1/p' | head -n1)"
  echo "transaction   $tx_hash (status $status)" >&2
  [ "$status" = "0x1" ] && [ -n "$address" ] || { echo "error: deployment failed" >&2; exit 1; }
  printf '%s\n' "$address"
}

echo "== deploying the views program through StylusDeployer $STYLUS_DEPLOYER (deployer $DEPLOYER)"
VIEWS="$(deploy_through_deployer "$(cargo run --quiet -p lst-devnet --bin lst-devnet -- deploy-calldata --program views --salt "$SALT")")"
echo "views program $VIEWS"

echo "== deploying the admin program through StylusDeployer $STYLUS_DEPLOYER (deployer $DEPLOYER)"
ADMIN_PROGRAM="$(deploy_through_deployer "$(cargo run --quiet -p lst-devnet --bin lst-devnet -- deploy-calldata --program admin --salt "$SALT")")"
echo "admin program $ADMIN_PROGRAM"

echo "== deploying the core through StylusDeployer $STYLUS_DEPLOYER (deployer $DEPLOYER, admin $ADMIN)"
REGISTRY="$(deploy_through_deployer "$(cargo run --quiet -p lst-devnet --bin lst-devnet -- deploy-calldata --admin "$ADMIN" --views "$VIEWS" --admin-program "$ADMIN_PROGRAM" --salt "$SALT")")"
echo "registry      $REGISTRY"
echo "activated     $(cast call 0x0000000000000000000000000000000000000071 'programVersion(address)(uint16)' "$REGISTRY" --rpc-url "$RPC_URL") (ArbWasm.programVersion)"
ACTUAL_ADMIN="$(cast call "$REGISTRY" 'admin()(address)' --rpc-url "$RPC_URL")"
echo "admin         $ACTUAL_ADMIN"
[ "$(echo "$ACTUAL_ADMIN" | tr 'A-F' 'a-f')" = "$(echo "$ADMIN" | tr 'A-F' 'a-f')" ] || { echo "error: admin is not $ADMIN" >&2; exit 1; }
ACTUAL_VIEWS="$(cast call "$REGISTRY" 'viewsProgram()(address)' --rpc-url "$RPC_URL")"
echo "views         $ACTUAL_VIEWS"
[ "$(echo "$ACTUAL_VIEWS" | tr 'A-F' 'a-f')" = "$(echo "$VIEWS" | tr 'A-F' 'a-f')" ] || { echo "error: views program is not $VIEWS" >&2; exit 1; }
ACTUAL_ADMIN_PROGRAM="$(cast call "$REGISTRY" 'adminProgram()(address)' --rpc-url "$RPC_URL")"
echo "admin program $ACTUAL_ADMIN_PROGRAM"
[ "$(echo "$ACTUAL_ADMIN_PROGRAM" | tr 'A-F' 'a-f')" = "$(echo "$ADMIN_PROGRAM" | tr 'A-F' 'a-f')" ] || { echo "error: admin program is not $ADMIN_PROGRAM" >&2; exit 1; }
