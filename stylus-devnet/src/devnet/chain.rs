//! A new chain, and its chain and block context.

use std::sync::Arc;

use alloy_primitives::{Address, U256};

use crate::frame::{BlockEnv, Env, StylusParams};
use crate::state::World;

use super::{
    Devnet, ARBITRUM_BLOCK_GAS_LIMIT, DEFAULT_CHAIN_ID, DEFAULT_GAS_LIMIT, DEFAULT_TIMESTAMP,
};

impl Devnet {
    /// Chain 412346 at block 1, timestamp 1,700,000,000, ArbOS 50 Stylus parameters.
    pub fn new() -> Self {
        Self::with_params(StylusParams::default())
    }

    /// A devnet with custom Stylus parameters.
    pub fn with_params(params: StylusParams) -> Self {
        let block = BlockEnv {
            number: 1,
            l1_number: 1,
            timestamp: DEFAULT_TIMESTAMP,
            basefee: U256::ZERO,
            coinbase: Address::ZERO,
            gas_limit: ARBITRUM_BLOCK_GAS_LIMIT,
        };
        Self {
            world: World::default(),
            env: Arc::new(Env::new(params, DEFAULT_CHAIN_ID, block)),
            gas_limit: DEFAULT_GAS_LIMIT,
            tracing: false,
            last_trace: None,
        }
    }

    pub(super) fn env_mut(&mut self) -> &mut Env {
        Arc::make_mut(&mut self.env)
    }

    // ----- chain and block context -------------------------------------------------------

    /// Chain id.
    pub fn chain_id(&self) -> u64 {
        self.env.chain_id
    }
    /// Sets the chain id.
    pub fn set_chain_id(&mut self, id: u64) {
        self.env_mut().chain_id = id;
    }
    /// Stylus parameters in force.
    pub fn params(&self) -> &StylusParams {
        &self.env.params
    }
    /// Current (L2) block number.
    pub fn block_number(&self) -> u64 {
        self.env.block.number
    }
    /// Sets the current (L2) block number (a call's block override; mining goes on from it).
    pub fn set_block_number(&mut self, n: u64) {
        self.env_mut().block.number = n;
    }
    /// L1 block number estimate, which Stylus' `block_number()` returns.
    pub fn l1_block_number(&self) -> u64 {
        self.env.block.l1_number
    }
    /// Sets the L1 block number estimate.
    pub fn set_l1_block_number(&mut self, n: u64) {
        self.env_mut().block.l1_number = n;
    }
    /// Current block timestamp.
    pub fn timestamp(&self) -> u64 {
        self.env.block.timestamp
    }
    /// Sets the current block's timestamp.
    pub fn set_timestamp(&mut self, ts: u64) {
        self.env_mut().block.timestamp = ts;
    }
    /// Mines a block: number + 1 (L1 number too), timestamp + 1.
    pub fn mine(&mut self) {
        let block = &mut self.env_mut().block;
        block.number += 1;
        block.l1_number += 1;
        block.timestamp += 1;
    }
    /// Mines a block `secs` seconds later.
    pub fn advance_time(&mut self, secs: u64) {
        let block = &mut self.env_mut().block;
        block.number += 1;
        block.l1_number += 1;
        block.timestamp += secs;
    }
    /// Block base fee reported to programs (no fees are charged).
    pub fn set_basefee(&mut self, fee: U256) {
        self.env_mut().block.basefee = fee;
    }
    /// Coinbase reported to programs.
    pub fn set_coinbase(&mut self, coinbase: Address) {
        self.env_mut().block.coinbase = coinbase;
    }
    /// Block gas limit reported to programs (`block_gas_limit`).
    pub fn set_block_gas_limit(&mut self, gas: u64) {
        self.env_mut().block.gas_limit = gas;
    }
    /// Gas price reported by `tx_gas_price` (no fees are charged).
    pub fn set_gas_price(&mut self, price: U256) {
        self.env_mut().gas_price = price;
    }
    /// Per-transaction gas limit (default 30M).
    pub fn gas_limit(&self) -> u64 {
        self.gas_limit
    }
    /// Sets the per-transaction gas limit.
    pub fn set_gas_limit(&mut self, gas: u64) {
        self.gas_limit = gas;
    }
    /// Traces every transaction and call from now on (`true`) or no longer (`false`); each
    /// leaves its [`Trace`](crate::Trace) for [`Devnet::take_trace`]. Tracing changes no
    /// outcome and no gas.
    pub fn set_tracing(&mut self, on: bool) {
        self.tracing = on;
        if !on {
            self.last_trace = None;
        }
    }
    /// The trace of the last transaction or call run while tracing was on.
    pub fn take_trace(&mut self) -> Option<crate::Trace> {
        self.last_trace.take()
    }
}
