//! The chain on disk: the state file of `--state`, `--load-state` / `--dump-state` and
//! `anvil_dumpState` / `anvil_loadState`.
//!
//! A state file is one JSON document: a format name and version, the chain id, the devnet's
//! image (accounts, code, storage, program cache, block context: see
//! [`stylus_devnet::DevnetImage`]), every block header with its hash, every transaction as
//! its EIP-2718 bytes with its outcome, and the clock. Programs are activated again from
//! their code when the file is loaded. Loading checks everything before it replaces
//! anything: the format and version, the chain id, each block's hash against its header,
//! the blocks' numbering and parent links, each transaction's hash against its bytes, and
//! that every transaction a block lists is there. What is not kept: the world state of past
//! blocks (queries at a block before the load answer "historical state not available"),
//! snapshots, filters and impersonations.
//!
//! Files are written atomically: the bytes go to a temporary file in the same directory,
//! which is flushed to disk (`fsync`), renamed over the target, and the directory is flushed
//! too. A crash at any moment leaves the previous file or the new one, never a mix.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use alloy_consensus::transaction::Recovered;
use alloy_consensus::{Header, TxEnvelope};
use alloy_eips::eip2718::{Decodable2718, Encodable2718};
use alloy_primitives::{Address, Bytes, Log, B256};
use serde::{Deserialize, Serialize};
use stylus_devnet::{Devnet, DevnetImage, ImageError};

use super::pool::{Pool, Pooled};
use super::{BlockRecord, Chain, Clock, State, TxRecord};

/// The `format` of a state file.
pub const STATE_FORMAT: &str = "lst-devnet-state";
/// The version this node writes and reads. A file of another version is refused.
pub const STATE_VERSION: u32 = 1;

/// Why a state could not be read, loaded or written.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The file could not be read or written.
    #[error("{path}: {source}", path = .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not a state file of this node.
    #[error("not an lst-devnet state file: {0}")]
    NotAStateFile(String),
    /// A state file of another version.
    #[error(
        "state file version {found} is not supported: this lst-devnet reads version \
         {STATE_VERSION} (start from a fresh state, or use the lst-devnet that wrote it)"
    )]
    Version {
        /// The file's version.
        found: u64,
    },
    /// The file is of another chain.
    #[error("the state is of chain {file}, the node runs chain {node} (--chain-id)")]
    ChainId {
        /// The file's chain id.
        file: u64,
        /// The node's.
        node: u64,
    },
    /// The file's parts disagree with each other.
    #[error("the state file is inconsistent: {0}")]
    Inconsistent(String),
    /// The devnet image does not load.
    #[error("the state file's accounts do not load: {0}")]
    Image(#[from] ImageError),
}

/// A block as stored.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StoredBlock {
    header: Header,
    hash: B256,
    transactions: Vec<B256>,
}

/// A mined transaction as stored: the signed bytes and what the block recorded.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StoredTx {
    hash: B256,
    raw: Bytes,
    from: Address,
    block_number: u64,
    success: bool,
    gas_used: u64,
    effective_gas_price: u128,
    logs: Vec<Log>,
    contract_address: Option<Address>,
    output: Bytes,
    error: Option<String>,
    l1_block_number: u64,
    gas_used_for_l1: u64,
}

/// A transaction of the pool (accepted, not mined) as stored: the signed bytes, the sender
/// (as accepted: impersonated senders carry no real signature) and the arrival order.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StoredPooled {
    hash: B256,
    raw: Bytes,
    from: Address,
    seq: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StoredClock {
    /// Seconds added to the wall clock, as a decimal string (it is an i128).
    offset: String,
    next: Option<u64>,
}

/// What the node that wrote the file had deployed, so that it can say so again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeRecord {
    /// The registry's address.
    pub registry: Address,
    /// Whether the Phase 1 seed ran.
    pub seeded: bool,
}

/// The whole file.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StateFile {
    format: String,
    version: u64,
    chain_id: u64,
    node: Option<NodeRecord>,
    devnet: DevnetImage,
    blocks: Vec<StoredBlock>,
    transactions: Vec<StoredTx>,
    /// The pool: transactions accepted and not mined yet (interval or manual mining).
    pool: Vec<StoredPooled>,
    clock: StoredClock,
}

/// The first two fields, read before anything else so that another version gets its own
/// message whatever the rest looks like.
#[derive(Deserialize)]
struct Preamble {
    format: Option<String>,
    version: Option<u64>,
}

impl State {
    fn to_file(&self, chain_id: u64, node: Option<NodeRecord>) -> StateFile {
        let blocks = self
            .blocks
            .iter()
            .map(|b| StoredBlock {
                header: b.header.clone(),
                hash: b.hash,
                transactions: b.transactions.clone(),
            })
            .collect();
        // In block order, so that equal chains give equal files.
        let transactions = self
            .blocks
            .iter()
            .flat_map(|b| b.transactions.iter())
            .filter_map(|hash| self.txs.get(hash).map(|r| (hash, r)))
            .map(|(hash, r)| StoredTx {
                hash: *hash,
                raw: Bytes::from(r.tx.inner().encoded_2718()),
                from: r.tx.signer(),
                block_number: r.block_number,
                success: r.success,
                gas_used: r.gas_used,
                effective_gas_price: r.effective_gas_price,
                logs: r.logs.clone(),
                contract_address: r.contract_address,
                output: r.output.clone(),
                error: r.error.clone(),
                l1_block_number: r.l1_block_number,
                gas_used_for_l1: r.gas_used_for_l1,
            })
            .collect();
        StateFile {
            format: STATE_FORMAT.to_owned(),
            version: u64::from(STATE_VERSION),
            chain_id,
            node,
            devnet: self.net.image(),
            blocks,
            transactions,
            pool: self
                .pool
                .all()
                .map(|p| StoredPooled {
                    hash: *p.tx.inner().tx_hash(),
                    raw: Bytes::from(p.tx.inner().encoded_2718()),
                    from: p.tx.signer(),
                    seq: p.seq,
                })
                .collect(),
            clock: StoredClock {
                offset: self.clock.offset.to_string(),
                next: self.clock.next,
            },
        }
    }

    fn from_file(file: StateFile) -> Result<Self, StateError> {
        let bad = |m: String| StateError::Inconsistent(m);
        let mut blocks: Vec<BlockRecord> = Vec::with_capacity(file.blocks.len());
        for (i, stored) in file.blocks.into_iter().enumerate() {
            let hash = stored.header.hash_slow();
            if hash != stored.hash {
                return Err(bad(format!(
                    "block {i}: its header hashes to {hash}, the file says {}",
                    stored.hash
                )));
            }
            if stored.header.number != i as u64 {
                return Err(bad(format!(
                    "block {i} is numbered {}",
                    stored.header.number
                )));
            }
            if let Some(parent) = blocks.last() {
                if stored.header.parent_hash != parent.hash {
                    return Err(bad(format!("block {i} does not follow block {}", i - 1)));
                }
            }
            blocks.push(BlockRecord {
                header: stored.header,
                hash,
                transactions: stored.transactions,
            });
        }
        let Some(latest) = blocks.last() else {
            return Err(bad("it has no blocks (not even genesis)".into()));
        };
        if file.devnet.block.number != latest.header.number + 1 {
            return Err(bad(format!(
                "the pending block is {}, the latest sealed block {}",
                file.devnet.block.number, latest.header.number
            )));
        }
        let mut txs = std::collections::HashMap::with_capacity(file.transactions.len());
        for stored in file.transactions {
            let mut raw = stored.raw.as_ref();
            let envelope = TxEnvelope::decode_2718(&mut raw)
                .map_err(|e| bad(format!("transaction {}: {e}", stored.hash)))?;
            if !raw.is_empty() || *envelope.tx_hash() != stored.hash {
                return Err(bad(format!(
                    "transaction {}: its bytes hash to {}",
                    stored.hash,
                    envelope.tx_hash()
                )));
            }
            let block = usize::try_from(stored.block_number)
                .ok()
                .and_then(|n| blocks.get(n))
                .filter(|b| b.transactions.contains(&stored.hash))
                .ok_or_else(|| {
                    bad(format!(
                        "transaction {} is not in block {}",
                        stored.hash, stored.block_number
                    ))
                })?;
            let record = TxRecord {
                tx: Recovered::new_unchecked(envelope, stored.from),
                block_number: stored.block_number,
                block_hash: block.hash,
                block_timestamp: block.header.timestamp,
                // Positions in the block: set below, from the block's order.
                index: 0,
                cumulative_gas_used: 0,
                first_log_index: 0,
                success: stored.success,
                gas_used: stored.gas_used,
                effective_gas_price: stored.effective_gas_price,
                logs: stored.logs,
                contract_address: stored.contract_address,
                output: stored.output,
                error: stored.error,
                l1_block_number: stored.l1_block_number,
                gas_used_for_l1: stored.gas_used_for_l1,
            };
            if txs.insert(stored.hash, record).is_some() {
                return Err(bad(format!("transaction {} is listed twice", stored.hash)));
            }
        }
        if let Some(missing) = blocks
            .iter()
            .flat_map(|b| b.transactions.iter())
            .find(|hash| !txs.contains_key(*hash))
        {
            return Err(bad(format!("transaction {missing} of a block is missing")));
        }
        for block in &blocks {
            let (mut cumulative, mut first_log) = (0u64, 0u64);
            for (index, hash) in block.transactions.iter().enumerate() {
                if let Some(record) = txs.get_mut(hash) {
                    cumulative += record.gas_used;
                    record.index = index as u64;
                    record.cumulative_gas_used = cumulative;
                    record.first_log_index = first_log;
                    first_log += record.logs.len() as u64;
                }
            }
        }
        let mut pooled = Vec::with_capacity(file.pool.len());
        for stored in file.pool {
            let mut raw = stored.raw.as_ref();
            let envelope = TxEnvelope::decode_2718(&mut raw)
                .map_err(|e| bad(format!("pooled transaction {}: {e}", stored.hash)))?;
            if !raw.is_empty() || *envelope.tx_hash() != stored.hash {
                return Err(bad(format!(
                    "pooled transaction {}: its bytes hash to {}",
                    stored.hash,
                    envelope.tx_hash()
                )));
            }
            if txs.contains_key(&stored.hash) {
                return Err(bad(format!(
                    "transaction {} is both mined and pooled",
                    stored.hash
                )));
            }
            pooled.push(Pooled {
                tx: Recovered::new_unchecked(envelope, stored.from),
                seq: stored.seq,
            });
        }
        let pool = Pool::restore(pooled).map_err(bad)?;
        let offset = file
            .clock
            .offset
            .parse::<i128>()
            .map_err(|e| bad(format!("clock offset: {e}")))?;
        let net = Devnet::from_image(file.devnet)?;
        let history_base = blocks.len() as u64 - 1;
        Ok(State {
            history: vec![net.clone()],
            history_base,
            net,
            blocks,
            txs,
            clock: Clock {
                offset,
                next: file.clock.next,
            },
            pool,
        })
    }
}

/// Parses a state file and checks its format, version and chain id.
fn parse(bytes: &[u8], chain_id: u64) -> Result<StateFile, StateError> {
    let preamble: Preamble = serde_json::from_slice(bytes)
        .map_err(|e| StateError::NotAStateFile(format!("not JSON: {e}")))?;
    if preamble.format.as_deref() != Some(STATE_FORMAT) {
        return Err(StateError::NotAStateFile(format!(
            "its format is {:?}, not {STATE_FORMAT:?}",
            preamble.format.unwrap_or_default()
        )));
    }
    match preamble.version {
        Some(v) if v == u64::from(STATE_VERSION) => {}
        Some(found) => return Err(StateError::Version { found }),
        None => return Err(StateError::NotAStateFile("it has no version".into())),
    }
    let file: StateFile =
        serde_json::from_slice(bytes).map_err(|e| StateError::NotAStateFile(e.to_string()))?;
    if file.chain_id != chain_id {
        return Err(StateError::ChainId {
            file: file.chain_id,
            node: chain_id,
        });
    }
    Ok(file)
}

/// Writes `bytes` to `path` atomically (temporary file, fsync, rename, directory fsync).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StateError> {
    let io = |source| StateError::Io {
        path: path.to_path_buf(),
        source,
    };
    let name = path.file_name().ok_or_else(|| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a file name",
        ))
    })?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    let mut file = File::create(&tmp).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    drop(file);
    fs::rename(&tmp, path).map_err(io)?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
    Ok(())
}

impl Chain {
    /// The chain as the bytes of a state file.
    pub fn dump_state(&self) -> Vec<u8> {
        let file = self.state.to_file(self.chain_id, self.node);
        // Serialising plain data into memory cannot fail; an empty dump would be refused
        // on load rather than taken for a chain.
        serde_json::to_vec(&file).unwrap_or_default()
    }

    /// Replaces the chain's state with the one in `bytes` (a state file of this chain id).
    /// Everything is checked first: on error nothing changes. Snapshots, filters and
    /// impersonations end; the development accounts' keys stay.
    pub fn load_state(&mut self, bytes: &[u8]) -> Result<(), StateError> {
        let file = parse(bytes, self.chain_id)?;
        let node = file.node;
        let state = State::from_file(file)?;
        self.replace_state(state, node);
        Ok(())
    }

    /// Writes the chain to `path` atomically.
    pub fn write_state(&self, path: &Path) -> Result<(), StateError> {
        write_atomically(path, &self.dump_state())
    }

    /// Reads `path` and loads it (see [`Chain::load_state`]).
    pub fn read_state(&mut self, path: &Path) -> Result<(), StateError> {
        let bytes = fs::read(path).map_err(|source| StateError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.load_state(&bytes)
    }

    /// From now on, writes the chain to `path` after every change ([`Chain::persist`]),
    /// starting now.
    pub fn keep_state_in(&mut self, path: PathBuf) -> Result<(), StateError> {
        self.write_state(&path)?;
        self.state_file = Some(path);
        Ok(())
    }

    /// The file the chain is kept in, if any.
    pub fn state_file(&self) -> Option<&Path> {
        self.state_file.as_deref()
    }

    /// Writes the chain to its state file, if it has one. Called after every request that
    /// changed it, before the answer goes out.
    pub fn persist(&self) -> Result<(), StateError> {
        match &self.state_file {
            Some(path) => self.write_state(path),
            None => Ok(()),
        }
    }

    /// What the node deployed, as recorded in the state.
    pub fn node_record(&self) -> Option<NodeRecord> {
        self.node
    }

    /// Records what the node deployed (kept in state files).
    pub fn set_node_record(&mut self, node: NodeRecord) {
        self.node = Some(node);
    }

    /// Marks the current state as the one `anvil_reset` returns to (at first: genesis).
    pub fn mark_initial(&mut self) {
        *self.initial = (self.state.clone(), self.node);
    }

    /// `anvil_reset`: back to the state marked by [`Chain::mark_initial`] (the node's state
    /// when it started). Snapshots, filters and impersonations end.
    pub fn reset(&mut self) {
        let (state, node) = (*self.initial).clone();
        self.replace_state(state, node);
    }

    /// Puts `state` and `node` in place; what referred to the old state (snapshots,
    /// filters, impersonations) ends.
    fn replace_state(&mut self, state: State, node: Option<NodeRecord>) {
        self.state = state;
        self.node = node;
        self.snapshots.clear();
        self.filters = Default::default();
        self.impersonated.clear();
        self.auto_impersonate = false;
    }
}
