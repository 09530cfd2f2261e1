//! World state (accounts, storage) and the per-transaction state with its journal.
//!
//! Every mutation made while a transaction runs goes through [`TxState`], which records the
//! previous value in a journal. A call frame takes a [`Snapshot`] before it runs and
//! [`TxState::revert_to`] undoes everything after it (storage, balances, nonces, code,
//! transient storage, access-list additions, refund counter, logs, programs activated and
//! changes to the program cache) when the frame fails.

use alloy_primitives::map::{HashMap, HashSet};
use std::sync::Arc;

use alloy_primitives::{keccak256, Address, B256, U256};

use crate::frame::Env;

/// An account of the devnet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Account {
    /// Balance in wei.
    pub balance: U256,
    /// Nonce.
    pub nonce: u64,
    /// Deployed code (for programs: `EF F0 00 00 <brotli>`).
    pub code: Arc<Vec<u8>>,
    /// keccak256 of `code` (keccak of the empty string when there is none).
    pub codehash: B256,
    /// Persistent storage.
    pub storage: HashMap<B256, B256>,
}

impl Account {
    /// An account with no code.
    pub fn empty() -> Self {
        Self {
            codehash: alloy_primitives::KECCAK256_EMPTY,
            ..Default::default()
        }
    }

    /// EIP-161 emptiness: no code, zero nonce and zero balance.
    pub fn is_empty(&self) -> bool {
        self.code.is_empty() && self.nonce == 0 && self.balance.is_zero()
    }
}

/// All accounts.
#[derive(Clone, Debug, Default)]
pub struct World {
    pub(crate) accounts: HashMap<Address, Account>,
}

impl World {
    /// The account at `address`, if it exists.
    pub fn account(&self, address: &Address) -> Option<&Account> {
        self.accounts.get(address)
    }

    pub(crate) fn account_mut(&mut self, address: Address) -> &mut Account {
        self.accounts.entry(address).or_insert_with(Account::empty)
    }

    /// Storage word `key` of `address` (zero when unset).
    pub fn storage(&self, address: &Address, key: &B256) -> B256 {
        self.accounts
            .get(address)
            .and_then(|a| a.storage.get(key).copied())
            .unwrap_or_default()
    }
}

/// An emitted log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
    /// Emitting contract (the storage context: the caller for delegate calls).
    pub address: Address,
    /// Up to four topics.
    pub topics: Vec<B256>,
    /// Payload.
    pub data: Vec<u8>,
}

enum Entry {
    Storage {
        address: Address,
        key: B256,
        prev: B256,
    },
    Balance {
        address: Address,
        prev: U256,
    },
    Nonce {
        address: Address,
        prev: u64,
    },
    Code {
        address: Address,
        prev_code: Arc<Vec<u8>>,
        prev_hash: B256,
    },
    Created {
        address: Address,
    },
    Transient {
        address: Address,
        key: B256,
        prev: B256,
    },
    WarmAccount(Address),
    /// A program activated in this transaction (`ArbWasm.activateProgram`).
    Program,
    /// A change to the program cache (`ArbWasmCache.cacheProgram` / `evictCodehash`).
    Cache,
    WarmSlot(Address, B256),
    Refund(i64),
}

/// A point in the journal a frame can revert to.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Snapshot {
    journal: usize,
    logs: usize,
}

/// State of one transaction in flight. Owned by the executing frame (and moved into each
/// wasm store while a program runs, see `host.rs`).
#[derive(Default)]
pub(crate) struct TxState {
    pub world: World,
    pub env: Arc<Env>,
    journal: Vec<Entry>,
    pub logs: Vec<Log>,
    /// Values at the start of the transaction of the slots written in it.
    originals: HashMap<(Address, B256), B256>,
    transient: HashMap<(Address, B256), B256>,
    warm_accounts: HashSet<Address>,
    warm_slots: HashSet<(Address, B256)>,
    /// Every account and slot warmed in this transaction, reverted frames included (not
    /// journaled): what an access list must name.
    touched_accounts: HashSet<Address>,
    touched_slots: HashSet<(Address, B256)>,
    refund: i64,
    /// Stylus pages currently open and the high-water mark in this tx.
    pub open_pages: u16,
    pub ever_pages: u16,
    /// Open non-delegate frames per address (reentrancy detection).
    pub frame_counts: HashMap<Address, u32>,
    /// Call depth of the frame running now.
    pub depth: usize,
    /// Programs activated in this transaction, by codehash: callable at once, and the
    /// chain's once the transaction commits.
    new_programs: Vec<(B256, Arc<crate::frame::Program>)>,
    /// Changes to ArbOS's program cache made in this transaction, in order (codehash, cached
    /// from then on): they count at once, and are the chain's once the transaction commits.
    cache_changes: Vec<(B256, bool)>,
    /// Accounts created in this transaction (EIP-6780's `SELFDESTRUCT` empties only those).
    created: HashSet<Address>,
    /// The recorder, when the transaction is traced.
    pub tracer: Option<Box<crate::trace::Tracer>>,
}

impl TxState {
    pub(crate) fn new(world: World, env: Arc<Env>) -> Self {
        Self {
            world,
            env,
            ..Default::default()
        }
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot {
            journal: self.journal.len(),
            logs: self.logs.len(),
        }
    }

    /// Undoes every change made after `snap`.
    pub(crate) fn revert_to(&mut self, snap: Snapshot) {
        while self.journal.len() > snap.journal {
            match self.journal.pop().expect("length checked") {
                Entry::Storage { address, key, prev } => {
                    let account = self.world.account_mut(address);
                    if prev.is_zero() {
                        account.storage.remove(&key);
                    } else {
                        account.storage.insert(key, prev);
                    }
                }
                Entry::Balance { address, prev } => self.world.account_mut(address).balance = prev,
                Entry::Nonce { address, prev } => self.world.account_mut(address).nonce = prev,
                Entry::Code {
                    address,
                    prev_code,
                    prev_hash,
                } => {
                    let account = self.world.account_mut(address);
                    account.code = prev_code;
                    account.codehash = prev_hash;
                }
                Entry::Created { address } => {
                    self.world.accounts.remove(&address);
                }
                Entry::Transient { address, key, prev } => {
                    self.transient.insert((address, key), prev);
                }
                Entry::Program => {
                    self.new_programs.pop();
                }
                Entry::Cache => {
                    self.cache_changes.pop();
                }
                Entry::WarmAccount(address) => {
                    self.warm_accounts.remove(&address);
                }
                Entry::WarmSlot(address, key) => {
                    self.warm_slots.remove(&(address, key));
                }
                Entry::Refund(prev) => self.refund = prev,
            }
        }
        self.logs.truncate(snap.logs);
    }

    /// Journals an account's creation if it does not exist yet.
    pub(crate) fn touch(&mut self, address: Address) {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.world.accounts.entry(address)
        {
            slot.insert(Account::empty());
            self.journal.push(Entry::Created { address });
        }
    }

    /// The activated program with `codehash`: the chain's, or one activated in this
    /// transaction.
    pub(crate) fn program(&self, codehash: &B256) -> Option<Arc<crate::frame::Program>> {
        if let Some(program) = self.env.programs.get(codehash) {
            return Some(program.clone());
        }
        self.new_programs
            .iter()
            .rev()
            .find(|(hash, _)| hash == codehash)
            .map(|(_, program)| program.clone())
    }

    /// Activates `program` (journaled: a revert takes it back).
    pub(crate) fn add_program(&mut self, codehash: B256, program: Arc<crate::frame::Program>) {
        self.new_programs.push((codehash, program));
        self.journal.push(Entry::Program);
    }

    /// The programs activated by the transaction, once it is over.
    pub(crate) fn take_new_programs(&mut self) -> Vec<(B256, Arc<crate::frame::Program>)> {
        std::mem::take(&mut self.new_programs)
    }

    /// Whether the program with `codehash` is in ArbOS's program cache, as this transaction
    /// sees it: the chain's cache with the transaction's changes so far.
    pub(crate) fn is_cached(&self, codehash: &B256) -> bool {
        match self
            .cache_changes
            .iter()
            .rev()
            .find(|(hash, _)| hash == codehash)
        {
            Some((_, cached)) => *cached,
            None => self.env.cached_programs.contains(codehash),
        }
    }

    /// Puts the program with `codehash` in the program cache or takes it out (journaled: a
    /// revert takes it back).
    pub(crate) fn set_cached(&mut self, codehash: B256, cached: bool) {
        self.cache_changes.push((codehash, cached));
        self.journal.push(Entry::Cache);
    }

    /// The program cache's changes made by the transaction, in order, once it is over.
    pub(crate) fn take_cache_changes(&mut self) -> Vec<(B256, bool)> {
        std::mem::take(&mut self.cache_changes)
    }

    /// Records that `address` was created in this transaction.
    pub(crate) fn mark_created(&mut self, address: Address) {
        self.created.insert(address);
    }

    /// Whether `address` was created in this transaction.
    pub(crate) fn created_in_tx(&self, address: &Address) -> bool {
        self.created.contains(address)
    }

    /// The account's nonce (zero when it does not exist).
    pub(crate) fn nonce(&self, address: &Address) -> u64 {
        self.world.account(address).map(|a| a.nonce).unwrap_or(0)
    }

    pub(crate) fn exists(&self, address: &Address) -> bool {
        self.world.accounts.contains_key(address)
    }

    pub(crate) fn balance(&self, address: &Address) -> U256 {
        self.world
            .account(address)
            .map(|a| a.balance)
            .unwrap_or_default()
    }

    pub(crate) fn set_balance(&mut self, address: Address, value: U256) {
        self.touch(address);
        let account = self.world.account_mut(address);
        let prev = std::mem::replace(&mut account.balance, value);
        self.journal.push(Entry::Balance { address, prev });
    }

    /// Moves `value` wei; false (and no change) if `from` cannot afford it.
    pub(crate) fn transfer(&mut self, from: Address, to: Address, value: U256) -> bool {
        let have = self.balance(&from);
        if have < value {
            return false;
        }
        self.set_balance(from, have - value);
        let to_balance = self.balance(&to);
        self.set_balance(to, to_balance.saturating_add(value));
        true
    }

    pub(crate) fn set_nonce(&mut self, address: Address, nonce: u64) {
        self.touch(address);
        let prev = std::mem::replace(&mut self.world.account_mut(address).nonce, nonce);
        self.journal.push(Entry::Nonce { address, prev });
    }

    pub(crate) fn code(&self, address: &Address) -> Arc<Vec<u8>> {
        self.world
            .account(address)
            .map(|a| a.code.clone())
            .unwrap_or_default()
    }

    /// EXTCODEHASH semantics: zero for nonexistent accounts.
    pub(crate) fn codehash(&self, address: &Address) -> B256 {
        self.world
            .account(address)
            .map(|a| a.codehash)
            .unwrap_or_default()
    }

    pub(crate) fn set_code(&mut self, address: Address, code: Vec<u8>) {
        self.touch(address);
        let hash = keccak256(&code);
        let account = self.world.account_mut(address);
        let prev_code = std::mem::replace(&mut account.code, Arc::new(code));
        let prev_hash = std::mem::replace(&mut account.codehash, hash);
        self.journal.push(Entry::Code {
            address,
            prev_code,
            prev_hash,
        });
    }

    pub(crate) fn storage(&self, address: &Address, key: &B256) -> B256 {
        self.world.storage(address, key)
    }

    /// Value of the slot at the start of the transaction.
    pub(crate) fn original_storage(&self, address: &Address, key: &B256) -> B256 {
        match self.originals.get(&(*address, *key)) {
            Some(v) => *v,
            None => self.storage(address, key),
        }
    }

    pub(crate) fn set_storage(&mut self, address: Address, key: B256, value: B256) {
        let prev = self.storage(&address, &key);
        self.originals.entry((address, key)).or_insert(prev);
        self.touch(address);
        let account = self.world.account_mut(address);
        if value.is_zero() {
            account.storage.remove(&key);
        } else {
            account.storage.insert(key, value);
        }
        self.journal.push(Entry::Storage { address, key, prev });
    }

    pub(crate) fn transient(&self, address: &Address, key: &B256) -> B256 {
        self.transient
            .get(&(*address, *key))
            .copied()
            .unwrap_or_default()
    }

    pub(crate) fn set_transient(&mut self, address: Address, key: B256, value: B256) {
        let prev = self
            .transient
            .insert((address, key), value)
            .unwrap_or_default();
        self.journal.push(Entry::Transient { address, key, prev });
    }

    /// Marks an account warm; returns true if it was cold (EIP-2929).
    pub(crate) fn warm_account(&mut self, address: Address) -> bool {
        let cold = self.warm_accounts.insert(address);
        if cold {
            self.journal.push(Entry::WarmAccount(address));
            self.touched_accounts.insert(address);
        }
        cold
    }

    /// The accounts and slots warmed in this transaction (in reverted frames too), as an
    /// access list: each account with its slots (sorted), and the accounts without slots
    /// that are not in `exclude`.
    pub(crate) fn accessed(&self, exclude: &HashSet<Address>) -> Vec<(Address, Vec<B256>)> {
        let mut by_address: std::collections::BTreeMap<Address, Vec<B256>> = Default::default();
        for (address, key) in &self.touched_slots {
            by_address.entry(*address).or_default().push(*key);
        }
        for address in &self.touched_accounts {
            if !exclude.contains(address) {
                by_address.entry(*address).or_default();
            }
        }
        by_address
            .into_iter()
            .map(|(address, mut keys)| {
                keys.sort();
                (address, keys)
            })
            .collect()
    }

    /// Marks a slot warm; returns true if it was cold (EIP-2929).
    pub(crate) fn warm_slot(&mut self, address: Address, key: B256) -> bool {
        let cold = self.warm_slots.insert((address, key));
        if cold {
            self.journal.push(Entry::WarmSlot(address, key));
            self.touched_slots.insert((address, key));
        }
        cold
    }

    pub(crate) fn refund(&self) -> i64 {
        self.refund
    }

    pub(crate) fn add_refund(&mut self, delta: i64) {
        if delta != 0 {
            self.journal.push(Entry::Refund(self.refund));
            self.refund += delta;
        }
    }

    pub(crate) fn add_log(&mut self, log: Log) {
        self.logs.push(log);
    }

    /// Records `new` more open Stylus pages, returning the previous (open, ever).
    pub(crate) fn add_stylus_pages(&mut self, new: u16) -> (u16, u16) {
        let (open, ever) = (self.open_pages, self.ever_pages);
        self.open_pages = open.saturating_add(new);
        self.ever_pages = ever.max(self.open_pages);
        (open, ever)
    }

    /// Discards the journal (the transaction is committed).
    pub(crate) fn commit(&mut self) {
        self.journal.clear();
    }
}
