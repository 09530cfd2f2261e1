//! `eth_call` and `eth_estimateGas` overrides, as geth and anvil take them: a state override
//! (third parameter: per account `balance`, `nonce`, `code`, `state` or `stateDiff`) and a
//! block override (fourth: `number`, `time`, `gasLimit`, `coinbase`, `baseFee`). They apply
//! to a copy of the chain's state for that one call; the chain itself never changes.
//!
//! `code` must be a Stylus program (raw wasm or `EF F0 00` code, activated when applied: an
//! activation failure is the call's error) or empty (the account loses its code); EVM
//! bytecode (the devnet has no call that places it) and `movePrecompileToAddress` are
//! refused with -32602. `difficulty`, `random` (prevrandao) and `blockHash` are accepted and
//! have no effect: the devnet's block has none of them.

use alloy_primitives::U256;
use alloy_rpc_types_eth::state::StateOverride;
use alloy_rpc_types_eth::BlockOverrides;
use stylus_devnet::Devnet;

use super::exec::is_stylus_code;
use crate::rpc::RpcError;

/// Most accounts one call may override.
pub const MAX_OVERRIDDEN_ACCOUNTS: usize = 1_000;

/// The overrides of one call (none by default).
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Per-account overrides (checked by [`Overrides::new`]).
    state: StateOverride,
    /// Block context overrides (checked by [`Overrides::new`]).
    block: Option<BlockOverrides>,
}

impl Overrides {
    /// Checks `state` and `block` before anything is applied: an invalid override is the
    /// call's -32602 and nothing runs.
    pub fn new(state: StateOverride, block: Option<BlockOverrides>) -> Result<Self, RpcError> {
        if state.len() > MAX_OVERRIDDEN_ACCOUNTS {
            return Err(RpcError::invalid_params(format!(
                "state override: at most {MAX_OVERRIDDEN_ACCOUNTS} accounts"
            )));
        }
        for (address, account) in &state {
            if account.state.is_some() && account.state_diff.is_some() {
                return Err(RpcError::invalid_params(format!(
                    "state override: account {address} has both `state` and `stateDiff`"
                )));
            }
            if account.move_precompile_to.is_some() {
                return Err(RpcError::invalid_params(
                    "state override: movePrecompileToAddress is not supported",
                ));
            }
            if let Some(code) = &account.code {
                if !code.is_empty() && !is_stylus_code(code) {
                    return Err(RpcError::invalid_params(format!(
                        "state override: the code of {address} is not a Stylus program \
                         (raw wasm or EF F0 00 code): EVM bytecode cannot be overridden \
                         here yet"
                    )));
                }
            }
        }
        if let Some(number) = block.as_ref().and_then(|b| b.number) {
            if number > U256::from(u64::MAX) {
                return Err(RpcError::invalid_params(
                    "block override: number does not fit in 64 bits",
                ));
            }
        }
        Ok(Self { state, block })
    }

    /// Whether there is nothing to override.
    pub fn is_empty(&self) -> bool {
        self.state.is_empty() && self.block.is_none()
    }

    /// Applies the overrides to `net` (a copy of the chain's state).
    pub(super) fn apply(&self, net: &mut Devnet) -> Result<(), RpcError> {
        for (&address, account) in &self.state {
            if let Some(balance) = account.balance {
                net.set_balance(address, balance);
            }
            if let Some(nonce) = account.nonce {
                net.set_nonce(address, nonce);
            }
            if let Some(code) = &account.code {
                if code.is_empty() {
                    net.clear_code(address);
                } else {
                    net.deploy_at(address, code).map_err(|e| {
                        RpcError::invalid_params(format!(
                            "state override: the code of {address} does not activate: {e}"
                        ))
                    })?;
                }
            }
            if let Some(slots) = &account.state {
                net.clear_storage(address);
                for (slot, value) in slots {
                    net.set_storage(address, (*slot).into(), *value);
                }
            }
            if let Some(slots) = &account.state_diff {
                for (slot, value) in slots {
                    net.set_storage(address, (*slot).into(), *value);
                }
            }
        }
        if let Some(block) = &self.block {
            if let Some(number) = block.number {
                net.set_block_number(number.saturating_to::<u64>());
            }
            if let Some(time) = block.time {
                net.set_timestamp(time);
            }
            if let Some(gas_limit) = block.gas_limit {
                net.set_block_gas_limit(gas_limit);
            }
            if let Some(coinbase) = block.coinbase {
                net.set_coinbase(coinbase);
            }
            if let Some(base_fee) = block.base_fee {
                net.set_basefee(base_fee);
            }
        }
        Ok(())
    }
}
