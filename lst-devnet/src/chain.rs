//! The chain around the devnet: blocks (one transaction per block, automine), receipts,
//! logs, the clock, history for queries at past blocks, snapshots, and the checks a node
//! makes before it accepts a transaction.
//!
//! [`Devnet`] holds the world state and the block being built (the *pending* block): its
//! number is `latest + 1`, and its timestamp is set from [`Chain`]'s clock right before
//! anything executes in it. Sealing a block records it and calls [`Devnet::mine`].

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use alloy_consensus::transaction::Recovered;
use alloy_consensus::{
    Eip658Value, Header, Receipt as ConsensusReceipt, ReceiptEnvelope, ReceiptWithBloom,
    Transaction as _, TxEnvelope,
};
use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{keccak256, logs_bloom, Address, Bytes, Log, TxKind, B256, B64, U256};
use alloy_signer_local::PrivateKeySigner;
use stylus_devnet::{pricing, Devnet, Receipt, Status, DEFAULT_GAS_LIMIT};

use crate::accounts::{DevAccount, DEV_BALANCE};
use crate::rpc::RpcError;
use crate::tx::{sign_eip1559, UnsignedTx};

/// Base fee of every block, in wei: 0.1 gwei, Arbitrum's minimum (nitro-devnode's too).
pub const BASE_FEE: u128 = 100_000_000;
/// Largest gas limit of a transaction or call (ArbOS' per-transaction limit, 32M).
pub const MAX_TX_GAS: u64 = 32_000_000;
/// Gas limit reported in block headers (Arbitrum's, 2^50).
pub const BLOCK_GAS_LIMIT: u64 = stylus_devnet::ARBITRUM_BLOCK_GAS_LIMIT;

/// A sealed block.
#[derive(Clone, Debug)]
pub struct BlockRecord {
    /// The consensus header (hashed with [`Header::hash_slow`]).
    pub header: Header,
    /// Its hash.
    pub hash: B256,
    /// Hashes of its transactions (zero or one).
    pub transactions: Vec<B256>,
}

/// A mined transaction and its outcome.
#[derive(Clone, Debug)]
pub struct TxRecord {
    /// The signed transaction and its sender.
    pub tx: Recovered<TxEnvelope>,
    /// Its block.
    pub block_number: u64,
    /// Its block's hash.
    pub block_hash: B256,
    /// Block timestamp.
    pub block_timestamp: u64,
    /// True when the top-level frame succeeded.
    pub success: bool,
    /// Gas used (intrinsic included, refund deducted).
    pub gas_used: u64,
    /// Price paid per gas, in wei.
    pub effective_gas_price: u128,
    /// Logs (empty on failure).
    pub logs: Vec<Log>,
    /// Created program, for deployments.
    pub contract_address: Option<Address>,
    /// Return or revert data.
    pub output: Bytes,
    /// Why a failed transaction failed, when the devnet says more than "reverted".
    pub error: Option<String>,
}

impl TxRecord {
    /// The consensus receipt (status, cumulative gas = gas used, logs, bloom), typed like
    /// the transaction.
    pub fn receipt_envelope(&self) -> ReceiptEnvelope<Log> {
        let receipt = ConsensusReceipt {
            status: Eip658Value::Eip658(self.success),
            cumulative_gas_used: self.gas_used,
            logs: self.logs.clone(),
        };
        let bloom = logs_bloom(self.logs.iter());
        ReceiptEnvelope::from_typed(
            self.tx.inner().tx_type(),
            ReceiptWithBloom::new(receipt, bloom),
        )
    }
}

/// Timestamps: wall-clock time plus an offset, strictly increasing, as anvil does.
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
    /// `history[n]`: the world after block `n`, for queries at past blocks.
    history: Vec<Devnet>,
    clock: Clock,
}

/// The node's chain. Not thread-safe by itself: the server keeps it in a mutex.
pub struct Chain {
    state: State,
    chain_id: u64,
    signers: HashMap<Address, PrivateKeySigner>,
    accounts: Vec<Address>,
    snapshots: BTreeMap<u64, State>,
    next_snapshot: u64,
}

/// Where a state query looks.
enum At<'a> {
    Latest,
    Past(&'a Devnet),
}

impl Chain {
    /// A chain with `accounts` funded with [`DEV_BALANCE`] and their keys available to
    /// `eth_sendTransaction`. Block 0 (genesis) is sealed at the current time.
    pub fn new(chain_id: u64, accounts: &[DevAccount]) -> Result<Self, String> {
        let mut net = Devnet::new();
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
        Ok(Self {
            state: State {
                history: vec![net.clone()],
                net,
                blocks: vec![genesis],
                txs: HashMap::new(),
                clock: Clock::default(),
            },
            chain_id,
            signers,
            accounts: accounts.iter().map(|a| a.address).collect(),
            snapshots: BTreeMap::new(),
            next_snapshot: 1,
        })
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
            usize::try_from(n)
                .ok()
                .and_then(|n| self.state.history.get(n))
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

    /// `evm_mine`: seals an empty block. Returns its number.
    pub fn mine(&mut self) -> u64 {
        self.prepare_pending();
        self.seal(None)
    }

    // ----- cheats and snapshots ------------------------------------------------------------

    /// `anvil_setBalance`.
    pub fn set_balance(&mut self, address: Address, value: U256) {
        self.state.net.set_balance(address, value);
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

    // ----- execution ----------------------------------------------------------------------

    /// Seals the pending block with at most one transaction and moves on to the next.
    fn seal(&mut self, tx: Option<TxRecord>) -> u64 {
        let number = self.latest() + 1;
        let parent = self.latest_block();
        let timestamp = self.state.net.timestamp();
        let (envelopes, receipts, gas_used, bloom) = match &tx {
            Some(record) => (
                vec![record.tx.inner().clone()],
                vec![record.receipt_envelope()],
                record.gas_used,
                logs_bloom(record.logs.iter()),
            ),
            None => (Vec::new(), Vec::new(), 0, Default::default()),
        };
        let transactions_root = alloy_consensus::proofs::calculate_transaction_root(&envelopes);
        let receipts_root = alloy_consensus::proofs::calculate_receipt_root(&receipts);
        let mut root_preimage = parent.header.state_root.to_vec();
        root_preimage.extend_from_slice(transactions_root.as_slice());
        let header = Header {
            parent_hash: parent.hash,
            ommers_hash: alloy_consensus::constants::EMPTY_OMMER_ROOT_HASH,
            beneficiary: Address::ZERO,
            // Not a Merkle root: the devnet does not keep a state trie.
            state_root: keccak256(&root_preimage),
            transactions_root,
            receipts_root,
            logs_bloom: bloom,
            difficulty: U256::from(1),
            number,
            gas_limit: BLOCK_GAS_LIMIT,
            gas_used,
            timestamp,
            extra_data: Bytes::new(),
            mix_hash: B256::ZERO,
            nonce: B64::ZERO,
            base_fee_per_gas: Some(BASE_FEE as u64),
            ..Default::default()
        };
        let hash = header.hash_slow();
        let mut hashes = Vec::new();
        if let Some(mut record) = tx {
            record.block_number = number;
            record.block_hash = hash;
            record.block_timestamp = timestamp;
            let tx_hash = *record.tx.inner().tx_hash();
            hashes.push(tx_hash);
            self.state.txs.insert(tx_hash, record);
        }
        self.state.blocks.push(BlockRecord {
            header,
            hash,
            transactions: hashes,
        });
        self.state.clock.next = None;
        self.state.net.mine();
        self.state.history.push(self.state.net.clone());
        number
    }

    /// Checks a signed transaction as a node's pool would and mines it in a block of its own.
    /// Returns its hash. A transaction that executes and fails is mined (status 0); one that
    /// cannot be included is refused with -32000.
    pub fn submit(&mut self, tx: Recovered<TxEnvelope>) -> Result<B256, RpcError> {
        let hash = *tx.inner().tx_hash();
        if self.state.txs.contains_key(&hash) {
            return Err(RpcError::server("already known"));
        }
        let from = tx.signer();
        let envelope = tx.inner();
        let expected = self.state.net.nonce(from);
        let nonce = envelope.nonce();
        if nonce < expected {
            return Err(RpcError::server(format!(
                "nonce too low: next nonce {expected}, tx nonce {nonce}"
            )));
        }
        if nonce > expected {
            return Err(RpcError::server(format!(
                "nonce too high: next nonce {expected}, tx nonce {nonce} (this node has no \
                 transaction pool: send transactions in nonce order)"
            )));
        }
        let gas = envelope.gas_limit();
        let create = envelope.kind().is_create();
        let intrinsic = pricing::intrinsic_gas(envelope.input(), create);
        if gas < intrinsic {
            return Err(RpcError::server(format!(
                "intrinsic gas too low: have {gas}, want {intrinsic}"
            )));
        }
        if gas > MAX_TX_GAS {
            return Err(RpcError::server(format!(
                "exceeds block gas limit: gas {gas} > {MAX_TX_GAS}"
            )));
        }
        if envelope.max_fee_per_gas() < BASE_FEE {
            return Err(RpcError::server(format!(
                "max fee per gas less than block base fee: address {from}, maxFeePerGas: {}, \
                 baseFee: {BASE_FEE}",
                envelope.max_fee_per_gas()
            )));
        }
        let value = envelope.value();
        let cost = U256::from(gas) * U256::from(envelope.max_fee_per_gas()) + value;
        let balance = self.state.net.balance(from);
        if balance < cost {
            return Err(RpcError::server(format!(
                "insufficient funds for gas * price + value: address {from} have {balance} \
                 want {cost}"
            )));
        }
        let price = envelope.effective_gas_price(Some(BASE_FEE as u64));
        let input = envelope.input().clone();
        let kind = envelope.kind();
        self.execute(tx, price, gas, move |net| match kind {
            TxKind::Call(to) => Ok((net.send(from, to, &input, value), None)),
            TxKind::Create => deploy_code(net, from, &input, value),
        })
        .map(|_| hash)
    }

    /// Runs `body` in the pending block under `gas` and `price`, charges the fee, seals.
    fn execute(
        &mut self,
        tx: Recovered<TxEnvelope>,
        price: u128,
        gas: u64,
        body: impl FnOnce(&mut Devnet) -> Result<(Receipt, Option<Address>), RpcError>,
    ) -> Result<u64, RpcError> {
        self.prepare_pending();
        let from = tx.signer();
        let net = &mut self.state.net;
        net.set_gas_limit(gas);
        net.set_gas_price(U256::from(price));
        let outcome = body(net);
        net.set_gas_limit(DEFAULT_GAS_LIMIT);
        let (receipt, created) = outcome?;
        let fee = U256::from(receipt.gas_used) * U256::from(price);
        let balance = net.balance(from);
        net.set_balance(from, balance.saturating_sub(fee));
        let record = TxRecord {
            tx,
            block_number: 0,
            block_hash: B256::ZERO,
            block_timestamp: 0,
            success: receipt.is_success(),
            gas_used: receipt.gas_used,
            effective_gas_price: price,
            logs: receipt
                .logs
                .iter()
                .map(|l| Log::new_unchecked(l.address, l.topics.clone(), l.data.clone().into()))
                .collect(),
            contract_address: created,
            output: receipt.output.into(),
            error: receipt.error,
        };
        Ok(self.seal(Some(record)))
    }

    /// Deploys `wasm` from development account `from` with the SDK constructor called with
    /// `constructor_args` (no constructor call for `None`), recorded as a signed EIP-1559
    /// creation transaction whose input is the Stylus code followed by the constructor
    /// calldata. Returns the program's address.
    pub fn deploy_program(
        &mut self,
        from: Address,
        wasm: &[u8],
        constructor_args: Option<&[u8]>,
    ) -> Result<Address, String> {
        let code = self
            .state
            .net
            .activate(wasm)
            .map_err(|e| format!("activation failed: {e}"))?
            .code;
        let mut input = code;
        if let Some(args) = constructor_args {
            input.extend_from_slice(&stylus_devnet::constructor_selector());
            input.extend_from_slice(args);
        }
        let tx = self
            .sign(from, TxKind::Create, input.into(), U256::ZERO, MAX_TX_GAS)
            .map_err(|e| e.to_string())?;
        let wasm = wasm.to_vec();
        let args = constructor_args.map(<[u8]>::to_vec);
        let number = self
            .execute(tx, BASE_FEE, MAX_TX_GAS, move |net| {
                let deployed = match &args {
                    Some(args) => net.deploy(from, &wasm, args),
                    None => net.deploy_without_constructor(from, &wasm),
                };
                match deployed {
                    Ok(receipt) => {
                        let address = receipt.contract_address;
                        Ok((receipt, address))
                    }
                    Err(e) => Err(RpcError::server(e.to_string())),
                }
            })
            .map_err(|e| e.to_string())?;
        self.block(number)
            .and_then(|b| b.transactions.first())
            .and_then(|h| self.transaction(h))
            .and_then(|r| r.contract_address)
            .ok_or_else(|| "deployment created no program".to_string())
    }

    /// Signs an EIP-1559 transaction from development account `from` at its next nonce.
    pub fn sign(
        &self,
        from: Address,
        to: TxKind,
        input: Bytes,
        value: U256,
        gas_limit: u64,
    ) -> Result<Recovered<TxEnvelope>, RpcError> {
        let signer = self
            .signers
            .get(&from)
            .ok_or_else(|| RpcError::server(format!("unknown account {from}")))?;
        sign_eip1559(
            UnsignedTx {
                chain_id: self.chain_id,
                nonce: self.state.net.nonce(from),
                gas_limit,
                max_fee_per_gas: 2 * BASE_FEE,
                max_priority_fee_per_gas: 0,
                to,
                value,
                input,
            },
            signer,
        )
    }

    /// Signs a fully specified EIP-1559 transaction from development account `from`.
    pub fn sign_unsigned(
        &self,
        from: Address,
        tx: UnsignedTx,
    ) -> Result<Recovered<TxEnvelope>, RpcError> {
        let signer = self
            .signers
            .get(&from)
            .ok_or_else(|| RpcError::server(format!("unknown account {from}")))?;
        sign_eip1559(tx, signer)
    }

    /// Whether `address` is a development account this node can sign for.
    pub fn can_sign(&self, address: &Address) -> bool {
        self.signers.contains_key(address)
    }

    /// `eth_call`: runs `call` at block `id` and discards its changes.
    pub fn call(&mut self, call: &CallRequest, id: BlockId) -> Result<Bytes, RpcError> {
        let receipt = self.simulate(call, id, call.gas.unwrap_or(MAX_TX_GAS))?;
        outcome(receipt)
    }

    /// `eth_estimateGas`: the least gas limit under which `call` succeeds (binary search
    /// between the gas it uses and its cap), or the error it fails with under the cap.
    pub fn estimate_gas(&mut self, call: &CallRequest, id: BlockId) -> Result<u64, RpcError> {
        let cap = call.gas.unwrap_or(MAX_TX_GAS);
        let receipt = self.simulate(call, id, cap)?;
        let used = receipt.gas_used;
        outcome(receipt)?;
        if self.simulate(call, id, used)?.is_success() {
            return Ok(used);
        }
        let (mut lo, mut hi) = (used, cap);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.simulate(call, id, mid)?.is_success() {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    }

    /// `eth_call` at the latest block with the most gas a transaction may have, answered
    /// with the devnet's receipt (status, output, logs) rather than JSON-RPC's result.
    pub(crate) fn simulate_latest(&mut self, call: &CallRequest) -> Result<Receipt, RpcError> {
        self.simulate(call, BlockId::latest(), call.gas.unwrap_or(MAX_TX_GAS))
    }

    fn simulate(&mut self, call: &CallRequest, id: BlockId, gas: u64) -> Result<Receipt, RpcError> {
        let to = call.to.ok_or_else(|| {
            RpcError::server("calls without `to` (contract creation) are not supported")
        })?;
        if gas > MAX_TX_GAS {
            return Err(RpcError::server(format!(
                "gas {gas} exceeds the limit of {MAX_TX_GAS}"
            )));
        }
        let latest = matches!(self.at(id)?, At::Latest);
        if latest {
            self.prepare_pending();
        }
        let mut past = match self.at(id)? {
            At::Latest => None,
            At::Past(net) => Some(net.clone()),
        };
        let net = match past.as_mut() {
            Some(net) => net,
            None => &mut self.state.net,
        };
        net.set_gas_limit(gas);
        let receipt = net.call_with_value(call.from, to, &call.input, call.value);
        net.set_gas_limit(DEFAULT_GAS_LIMIT);
        Ok(receipt)
    }

    /// The logs of blocks `from..=to` that `matches` accepts, in chain order, each with its
    /// block, transaction and index.
    pub fn logs(
        &self,
        from: u64,
        to: u64,
        matches: impl Fn(&Log) -> bool,
    ) -> Vec<(&TxRecord, u64, &Log)> {
        let mut out = Vec::new();
        for number in from..=to.min(self.latest()) {
            let Some(block) = self.block(number) else {
                break;
            };
            for hash in &block.transactions {
                if let Some(record) = self.transaction(hash) {
                    for (i, log) in record.logs.iter().enumerate() {
                        if matches(log) {
                            out.push((record, i as u64, log));
                        }
                    }
                }
            }
        }
        out
    }
}

/// The fields of an `eth_call`/`eth_estimateGas` request this node uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallRequest {
    /// Caller (zero address when absent).
    pub from: Address,
    /// Callee; `None` (creation) is refused.
    pub to: Option<Address>,
    /// Calldata.
    pub input: Bytes,
    /// Value.
    pub value: U256,
    /// Gas limit (default [`MAX_TX_GAS`]).
    pub gas: Option<u64>,
}

/// A call's result, or the RPC error its failure maps to.
fn outcome(receipt: Receipt) -> Result<Bytes, RpcError> {
    match receipt.status {
        Status::Success => Ok(receipt.output.into()),
        Status::Revert => Err(RpcError::reverted(&receipt.output)),
        Status::Failure => {
            let mut e = RpcError::reverted(&[]);
            if let Some(reason) = receipt.error {
                e.message = format!("execution reverted (Stylus failure: {reason})");
            }
            Err(e)
        }
        Status::OutOfGas => Err(RpcError::server("out of gas")),
        Status::OutOfStack => Err(RpcError::server(
            "out of stack (Nitro's depth checker tripped)",
        )),
        Status::Invalid => Err(RpcError::server(
            receipt
                .error
                .unwrap_or_else(|| "invalid transaction".to_string()),
        )),
    }
}

/// True for input the devnet can deploy: raw wasm or Stylus code (`EF F0 00 ..`).
pub fn is_stylus_code(input: &[u8]) -> bool {
    input.starts_with(b"\0asm") || input.starts_with(&[0xEF, 0xF0, 0x00])
}

/// A creation transaction: the input must be the program itself (raw wasm or `EF F0 00`
/// code); it is activated and deployed without a constructor. EVM init code (such as
/// cargo-stylus' deployment prelude) cannot run on the devnet.
fn deploy_code(
    net: &mut Devnet,
    from: Address,
    input: &[u8],
    value: U256,
) -> Result<(Receipt, Option<Address>), RpcError> {
    if !is_stylus_code(input) {
        return Err(RpcError::server(
            "contract creation needs the program itself (raw wasm or EF F0 00 Stylus code) as \
             input: the Stylus devnet cannot run EVM init code",
        ));
    }
    if !value.is_zero() {
        return Err(RpcError::server(
            "contract creation with value is not supported",
        ));
    }
    match net.deploy_without_constructor(from, input) {
        Ok(receipt) => {
            let address = receipt.contract_address;
            Ok((receipt, address))
        }
        Err(stylus_devnet::DeployError::Activation(e)) => {
            Err(RpcError::server(format!("activation failed: {e}")))
        }
        Err(e) => Err(RpcError::server(e.to_string())),
    }
}
