#!/usr/bin/env bash
# Deploy the lst-registry to Arbitrum Sepolia (chain 421614): scripts/deploy.sh with
# NETWORK=arbitrum-sepolia (RPC_URL defaults to the public endpoint). Same configuration.
set -euo pipefail
NETWORK=arbitrum-sepolia exec bash "$(dirname "${BASH_SOURCE[0]}")/deploy.sh" "$@"
