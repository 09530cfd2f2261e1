//! How blocks are mined: automine (the default: a transaction at its sender's nonce is mined
//! at once, in a block of its own), or by hand (`evm_mine`) and by the clock
//! (`evm_setIntervalMining`) with transactions waiting in the pool meanwhile; and the pool's
//! reads and removals (`txpool_*`, `anvil_dropTransaction`).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use alloy_primitives::{Address, B256};

use super::{Chain, Pooled};

/// The pool by sender and nonce: `(pending, queued)`.
pub type PoolContent<'a> = (
    BTreeMap<Address, BTreeMap<u64, &'a Pooled>>,
    BTreeMap<Address, BTreeMap<u64, &'a Pooled>>,
);

impl Chain {
    /// The nonce `address`'s next transaction takes: its account nonce plus its transactions
    /// pending in the pool (`eth_getTransactionCount(address, "pending")`).
    pub fn pending_nonce(&self, address: Address) -> u64 {
        self.state
            .pool
            .next_nonce(address, self.state.net.nonce(address))
    }

    /// Whether automine is on.
    pub fn automine(&self) -> bool {
        self.automine
    }

    /// `evm_setAutomine`. Turning it on mines what the pool holds ready, a block each.
    pub fn set_automine(&mut self, on: bool) {
        self.automine = on;
        if on {
            self.mine_ready_one_per_block();
        }
    }

    /// Seconds between blocks mined by the clock, if interval mining is on.
    pub fn interval_mining(&self) -> Option<u64> {
        self.interval
    }

    /// `evm_setIntervalMining(secs)`: a block every `secs` seconds (0: off). The first one
    /// `secs` from now.
    pub fn set_interval_mining(&mut self, secs: u64) {
        self.interval = (secs > 0).then_some(secs);
        self.last_mined = Instant::now();
    }

    /// Mines a block if interval mining is on and its interval has passed since the last
    /// block `mine` sealed; whether it did.
    pub fn mine_if_due(&mut self, now: Instant) -> bool {
        match self.interval {
            Some(secs)
                if now.saturating_duration_since(self.last_mined) >= Duration::from_secs(secs) =>
            {
                self.mine();
                true
            }
            _ => false,
        }
    }

    /// A transaction waiting in the pool.
    pub fn pooled(&self, hash: &B256) -> Option<&Pooled> {
        self.state.pool.get(hash)
    }

    /// The pool: pending and queued transactions by sender and nonce.
    pub fn pool_content(&self) -> PoolContent<'_> {
        let net = &self.state.net;
        self.state.pool.split(|a| net.nonce(a))
    }

    /// `anvil_dropTransaction`: removes a waiting transaction; whether it was there.
    pub fn drop_transaction(&mut self, hash: &B256) -> bool {
        self.state.pool.remove(hash)
    }

    /// `anvil_dropAllTransactions`: empties the pool.
    pub fn drop_all_transactions(&mut self) {
        self.state.pool.clear();
    }
}
