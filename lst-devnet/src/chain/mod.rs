//! The chain around the devnet: blocks (one transaction per block, automine), receipts,
//! logs, the clock, history for queries at past blocks, snapshots, and the checks a node
//! makes before it accepts a transaction.
//!
//! [`Devnet`] holds the world state and the block being built (the *pending* block): its
//! number is `latest + 1`, and its timestamp is set from [`Chain`]'s clock right before
//! anything executes in it. Sealing a block records it and calls [`Devnet::mine`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{SystemTime, UNIX_EPOCH};

use alloy_consensus::Header;
use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_signer_local::PrivateKeySigner;
use stylus_devnet::Devnet;

use crate::accounts::{AccountError, DevAccount, DEV_BALANCE};
use crate::filters::Filters;
use crate::rpc::RpcError;

mod events;
mod exec;
mod mining;
mod overrides;
mod persist;
mod pool;
mod proof;
mod records;
mod trace;

pub use events::{ChainEvent, Events, Published, EVENT_BUFFER};
pub(crate) use exec::{from_devnet, to_devnet};
pub use exec::{is_stylus_code, CallRequest, DeployError};
pub use mining::PoolContent;
pub use overrides::{Overrides, MAX_OVERRIDDEN_ACCOUNTS};
pub use persist::{write_atomically, NodeRecord, StateError, STATE_FORMAT, STATE_VERSION};
pub use pool::{PoolError, Pooled, MAX_NONCE_GAP, MAX_POOL, REPLACEMENT_BUMP};
pub use records::{ArbHeaderInfo, BlockRecord, TxRecord};

/// Base fee of every block, in wei: 0.1 gwei, Arbitrum's minimum (nitro-devnode's too).
pub const BASE_FEE: u128 = 100_000_000;
/// Largest gas limit of a transaction or call (ArbOS' per-transaction limit, 32M).
pub const MAX_TX_GAS: u64 = 32_000_000;
/// Gas limit reported in block headers (Arbitrum's, 2^50).
pub const BLOCK_GAS_LIMIT: u64 = stylus_devnet::ARBITRUM_BLOCK_GAS_LIMIT;

#[derive(Clone, Debug, Default)]
struct Clock {
    /// Seconds added to wall-clock time (`evm_increaseTime`, `evm_setNextBlockTimestamp`).
    offset: i128,
    /// Timestamp forced for the next block (`evm_setNextBlockTimestamp`).
    next: Option<u64>,
}

fn wall_clock() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(stylus_devnet::DEFAULT_TIMESTAMP)
}

impl Clock {
    fn pending(&self, parent: u64) -> u64 {
        if let Some(next) = self.next {
            return next;
        }
        let shifted = (wall_clock() as i128 + self.offset).clamp(0, u64::MAX as i128) as u64;
        shifted.max(parent.saturating_add(1))
    }
}

/// Everything a snapshot restores.
#[derive(Clone)]
struct State {
    net: Devnet,
    blocks: Vec<BlockRecord>,
    txs: HashMap<B256, TxRecord>,
    /// `history[i]`: the world after block `history_base + i`, for queries at past blocks.
    history: Vec<Devnet>,
    /// The first block whose world is in `history`: 0, or the latest block of a loaded state.
    history_base: u64,
    clock: Clock,
    /// Transactions accepted and not mined yet.
    pool: pool::Pool,
}

/// The node's chain. Not thread-safe by itself: the server keeps it in a mutex.
pub struct Chain {
    state: State,
    chain_id: u64,
    signers: HashMap<Address, PrivateKeySigner>,
    accounts: Vec<Address>,
    snapshots: BTreeMap<u64, State>,
    next_snapshot: u64,
    /// Installed filters; not part of the state a snapshot restores.
    filters: Filters,
    /// Accounts whose transactions `eth_sendTransaction` sends unsigned (`anvil_impersonateAccount`).
    impersonated: HashSet<Address>,
    /// Every account is impersonated (`anvil_autoImpersonateAccount`).
    auto_impersonate: bool,
    /// What the node deployed; kept in state files.
    node: Option<NodeRecord>,
    /// The file written after every change (`--state`).
    state_file: Option<std::path::PathBuf>,
    /// Whether a transaction is mined as soon as it can be (`evm_setAutomine`).
    automine: bool,
    /// Seconds between blocks mined by the clock (`evm_setIntervalMining`), if any.
    interval: Option<u64>,
    /// When the last block was mined by `mine` (for interval mining).
    last_mined: std::time::Instant,
    /// What `anvil_reset` returns to.
    initial: Box<(State, Option<NodeRecord>)>,
    /// Announcements of accepted transactions and sealed blocks; not part of the state.
    events: Events,
}

/// A fresh devnet with the genesis contracts' runtime code at their addresses (nonce 1, no
/// balance, no storage): EVM code, placed as it is.
fn genesis_devnet() -> Devnet {
    let mut net = Devnet::new();
    for contract in crate::genesis::contracts() {
        net.set_code(contract.address, &contract.code);
        net.set_nonce(contract.address, 1);
    }
    net
}

/// Where a state query looks.
enum At<'a> {
    Latest,
    Past(&'a Devnet),
}

impl Chain {
    /// A chain with `accounts` funded with [`DEV_BALANCE`] and their keys available to
    /// `eth_sendTransaction`, and the genesis contracts ([`crate::genesis`]) at their
    /// addresses. Block 0 (genesis) is sealed at the current time.
    pub fn new(chain_id: u64, accounts: &[DevAccount]) -> Result<Self, AccountError> {
        let mut net = genesis_devnet();
        net.set_chain_id(chain_id);
        net.set_basefee(U256::from(BASE_FEE));
        let mut signers = HashMap::new();
        for account in accounts {
            net.set_balance(account.address, DEV_BALANCE);
            signers.insert(account.address, account.signer()?);
        }
        let timestamp = wall_clock();
        let header = Header {
            number: 0,
            state_root: proof::state_root(&net.image()),
            timestamp,
            gas_limit: BLOCK_GAS_LIMIT,
            base_fee_per_gas: Some(BASE_FEE as u64),
            difficulty: U256::from(1),
            ..Default::default()
        };
        let genesis = BlockRecord {
            hash: header.hash_slow(),
            header,
            transactions: Vec::new(),
        };
        // The devnet starts at block 1: the pending block.
        net.set_timestamp(timestamp + 1);
        let state = State {
            history: vec![net.clone()],
            history_base: 0,
            net,
            blocks: vec![genesis],
            txs: HashMap::new(),
            clock: Clock::default(),
            pool: pool::Pool::default(),
        };
        Ok(Self {
            initial: Box::new((state.clone(), None)),
            state,
            chain_id,
            signers,
            accounts: accounts.iter().map(|a| a.address).collect(),
            snapshots: BTreeMap::new(),
            next_snapshot: 1,
            filters: Filters::default(),
            impersonated: HashSet::new(),
            auto_impersonate: false,
            node: None,
            state_file: None,
            automine: true,
            interval: None,
            last_mined: std::time::Instant::now(),
            events: Events::default(),
        })
    }

    /// The installed filters.
    pub fn filters(&mut self) -> &mut Filters {
        &mut self.filters
    }

    /// Chain id.
    pub fn chain_id(&self) -> u64 {
        self.chain_id
    }

    /// The development accounts, in order.
    pub fn accounts(&self) -> &[Address] {
        &self.accounts
    }

    /// Number of the latest sealed block.
    pub fn latest(&self) -> u64 {
        self.state.blocks.len() as u64 - 1
    }

    /// The latest sealed block.
    pub fn latest_block(&self) -> &BlockRecord {
        &self.state.blocks[self.state.blocks.len() - 1]
    }

    /// A block by number.
    pub fn block(&self, number: u64) -> Option<&BlockRecord> {
        usize::try_from(number)
            .ok()
            .and_then(|n| self.state.blocks.get(n))
    }

    /// A block by hash.
    pub fn block_by_hash(&self, hash: B256) -> Option<&BlockRecord> {
        self.state.blocks.iter().rev().find(|b| b.hash == hash)
    }

    /// A mined transaction.
    pub fn transaction(&self, hash: &B256) -> Option<&TxRecord> {
        self.state.txs.get(hash)
    }

    /// The block number a tag names; `None` for a number beyond the latest block.
    /// `pending` is the latest block: with automine nothing is ever pending.
    pub fn resolve_tag(&self, tag: BlockNumberOrTag) -> Option<u64> {
        let latest = self.latest();
        match tag {
            BlockNumberOrTag::Earliest => Some(0),
            BlockNumberOrTag::Number(n) => (n <= latest).then_some(n),
            _ => Some(latest),
        }
    }

    /// The block number a block id names (tag, number or hash).
    pub fn resolve_block(&self, id: BlockId) -> Result<u64, RpcError> {
        match id {
            BlockId::Number(tag) => self
                .resolve_tag(tag)
                .ok_or_else(|| RpcError::server("header not found")),
            BlockId::Hash(hash) => self
                .block_by_hash(hash.block_hash)
                .map(|b| b.header.number)
                .ok_or_else(|| RpcError::server("header not found")),
        }
    }

    fn at(&self, id: BlockId) -> Result<At<'_>, RpcError> {
        let n = self.resolve_block(id)?;
        if n == self.latest() {
            Ok(At::Latest)
        } else {
            n.checked_sub(self.state.history_base)
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| self.state.history.get(i))
                .map(At::Past)
                .ok_or_else(|| RpcError::server("historical state not available"))
        }
    }

    fn read<T>(&self, id: BlockId, f: impl Fn(&Devnet) -> T) -> Result<T, RpcError> {
        Ok(match self.at(id)? {
            At::Latest => f(&self.state.net),
            At::Past(net) => f(net),
        })
    }

    /// Balance at a block.
    pub fn balance(&self, address: Address, id: BlockId) -> Result<U256, RpcError> {
        self.read(id, |net| net.balance(address))
    }
    /// Nonce at a block.
    pub fn nonce(&self, address: Address, id: BlockId) -> Result<u64, RpcError> {
        self.read(id, |net| net.nonce(address))
    }
    /// Code at a block.
    pub fn code(&self, address: Address, id: BlockId) -> Result<Bytes, RpcError> {
        self.read(id, |net| Bytes::from(net.code(address)))
    }
    /// A storage slot at a block.
    pub fn storage(&self, address: Address, slot: U256, id: BlockId) -> Result<B256, RpcError> {
        self.read(id, |net| net.storage_at(address, slot))
    }
    /// `eth_getProof`: an account and storage slots with their Merkle proofs against the
    /// block's `stateRoot` (EIP-1186).
    pub fn proof(
        &self,
        address: Address,
        slots: &[B256],
        id: BlockId,
    ) -> Result<alloy_rpc_types_eth::EIP1186AccountProofResponse, RpcError> {
        self.read(id, |net| proof::account_proof(&net.image(), address, slots))
    }

    // ----- time -------------------------------------------------------------------------

    fn pending_timestamp(&self) -> u64 {
        self.state
            .clock
            .pending(self.latest_block().header.timestamp)
    }

    fn prepare_pending(&mut self) {
        let ts = self.pending_timestamp();
        self.state.net.set_timestamp(ts);
    }

    /// `evm_increaseTime`: later blocks are `secs` later; returns the total offset. The next block is at least `secs` after the one it would otherwise have had, even
    /// when blocks have run ahead of the wall clock.
    pub fn increase_time(&mut self, secs: u64) -> i128 {
        let pending = self.pending_timestamp() as i128;
        let clock = &mut self.state.clock;
        clock.offset =
            (clock.offset + secs as i128).max(pending + secs as i128 - wall_clock() as i128);
        if let Some(next) = self.state.clock.next.as_mut() {
            *next = next.saturating_add(secs);
        }
        self.state.clock.offset
    }

    /// `evm_setNextBlockTimestamp`: the next block has timestamp `ts` (later than the
    /// latest block's), and time runs on from there.
    pub fn set_next_timestamp(&mut self, ts: u64) -> Result<(), RpcError> {
        let latest = self.latest_block().header.timestamp;
        if ts <= latest {
            return Err(RpcError::server(format!(
                "timestamp {ts} is not after the latest block's ({latest})"
            )));
        }
        self.state.clock.offset = ts as i128 - wall_clock() as i128;
        self.state.clock.next = Some(ts);
        Ok(())
    }

    // ----- cheats and snapshots ------------------------------------------------------------

    /// `anvil_setBalance`.
    pub fn set_balance(&mut self, address: Address, value: U256) {
        self.state.net.set_balance(address, value);
    }

    /// `anvil_setNonce`.
    pub fn set_nonce(&mut self, address: Address, nonce: u64) {
        self.state.net.set_nonce(address, nonce);
    }

    /// `anvil_setStorageAt`.
    pub fn set_storage(&mut self, address: Address, slot: U256, value: B256) {
        self.state.net.set_storage(address, slot, value);
    }

    /// `anvil_setCode`: places `code` at `address`. EVM bytecode is placed as it is; Stylus
    /// code (raw wasm or `EF F0 00` code) is activated and placed as the one-step deployment
    /// places it (the node's convenience: a program set this way runs at once, where Nitro
    /// would first need `ArbWasm.activateProgram`); code that does not activate is refused
    /// and nothing changes. `0x` removes the code.
    pub fn set_code(&mut self, address: Address, code: &[u8]) -> Result<(), RpcError> {
        if !is_stylus_code(code) {
            self.state.net.set_code(address, code);
            return Ok(());
        }
        self.state
            .net
            .deploy_at(address, code)
            .map_err(|e| RpcError::server(format!("activation failed: {e}")))
    }

    /// `anvil_impersonateAccount` (`true`) and `anvil_stopImpersonatingAccount` (`false`).
    pub fn impersonate(&mut self, address: Address, on: bool) {
        if on {
            self.impersonated.insert(address);
        } else {
            self.impersonated.remove(&address);
        }
    }

    /// `anvil_autoImpersonateAccount`.
    pub fn auto_impersonate(&mut self, on: bool) {
        self.auto_impersonate = on;
    }

    /// Whether `eth_sendTransaction` may send from `address` without its key.
    pub fn is_impersonated(&self, address: &Address) -> bool {
        self.auto_impersonate || self.impersonated.contains(address)
    }

    /// `evm_snapshot`: an id to revert to.
    pub fn snapshot(&mut self) -> u64 {
        let id = self.next_snapshot;
        self.next_snapshot += 1;
        self.snapshots.insert(id, self.state.clone());
        id
    }

    /// `evm_revert`: back to snapshot `id`, which is consumed with every later one. False
    /// if there is no such snapshot.
    pub fn revert(&mut self, id: u64) -> bool {
        match self.snapshots.remove(&id) {
            Some(state) => {
                self.state = state;
                self.snapshots.retain(|k, _| *k < id);
                true
            }
            None => false,
        }
    }
}
