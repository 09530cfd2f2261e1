//! `eth_call` and `eth_estimateGas` overrides, as geth and anvil take them: a state override
//! (third parameter: per account `balance`, `nonce`, `code`, `state` or `stateDiff`) and a
//! block override (fourth: `number`, `time`, `gasLimit`, `coinbase`, `baseFee`). They apply
//! to a copy of the chain's state for that one call; the chain itself never changes.
//!
//! `code` is placed as it is, as on Nitro: EVM bytecode runs; Stylus code (`EF F0 00 ..`) runs
//! if a program with its codehash is activated, and otherwise answers `ProgramNotActivated`
//! until `ArbWasm.activateProgram` activates it in the same call, which is how
//! `cargo stylus check` learns a program's data fee; `0x` removes the code.
//! `movePrecompileToAddress` is refused with -32602. `difficulty`, `random` (prevrandao) and
//! `blockHash` are accepted and have no effect: the devnet's block has none of them.

use alloy_primitives::U256;
use alloy_rpc_types_eth::state::StateOverride;
use alloy_rpc_types_eth::BlockOverrides;
use stylus_devnet::Devnet;

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
    pub(super) fn apply(&self, net: &mut Devnet) {
        for (&address, account) in &self.state {
            if let Some(balance) = account.balance {
                net.set_balance(address, balance);
            }
            if let Some(nonce) = account.nonce {
                net.set_nonce(address, nonce);
            }
            if let Some(code) = &account.code {
                net.set_code(address, code);
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
    }
}
