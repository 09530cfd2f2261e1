//! Execution in the pending block: the checks a node makes before it accepts a transaction,
//! mining it, deployments, signing for development accounts, calls and gas estimation.

use alloy_consensus::transaction::Recovered;
use alloy_consensus::{Header, Transaction as _, TxEnvelope};
use alloy_eips::eip2930::AccessList;
use alloy_eips::BlockId;
use alloy_primitives::{logs_bloom, Address, Bytes, Log, TxKind, B256, B64, U256};
use alloy_signer_local::PrivateKeySigner;
use stylus_devnet::{pricing, AccessListItem, Devnet, Receipt, Status, DEFAULT_GAS_LIMIT};

use super::{
    ArbHeaderInfo, At, BlockRecord, Chain, Overrides, State, TxRecord, BASE_FEE, BLOCK_GAS_LIMIT,
    MAX_TX_GAS,
};
use crate::rpc::RpcError;
use crate::tx::{sign_eip1559, UnsignedTx};

impl Chain {
    /// Seals the pending block with `txs` (executed in it, in this order) and moves on to
    /// the next.
    pub(super) fn seal(&mut self, mut txs: Vec<TxRecord>) -> u64 {
        let number = self.latest() + 1;
        let parent = self.latest_block();
        let timestamp = self.state.net.timestamp();
        let (mut cumulative, mut first_log) = (0u64, 0u64);
        for (index, record) in txs.iter_mut().enumerate() {
            cumulative += record.gas_used;
            record.index = index as u64;
            record.cumulative_gas_used = cumulative;
            record.first_log_index = first_log;
            first_log += record.logs.len() as u64;
        }
        let envelopes: Vec<TxEnvelope> = txs.iter().map(|r| r.tx.inner().clone()).collect();
        let receipts: Vec<_> = txs.iter().map(TxRecord::receipt_envelope).collect();
        let gas_used = cumulative;
        let bloom = logs_bloom(txs.iter().flat_map(|r| r.logs.iter()));
        let transactions_root = alloy_consensus::proofs::calculate_transaction_root(&envelopes);
        let receipts_root = alloy_consensus::proofs::calculate_receipt_root(&receipts);
        let l1_block_number = self.state.net.l1_block_number();
        let mut header = Header {
            parent_hash: parent.hash,
            ommers_hash: alloy_consensus::constants::EMPTY_OMMER_ROOT_HASH,
            beneficiary: Address::ZERO,
            state_root: super::proof::state_root(&self.state.net.image()),
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
        ArbHeaderInfo {
            l1_block_number,
            arbos_format_version: self.state.net.params().arbos_version,
            ..ArbHeaderInfo::default()
        }
        .apply(&mut header);
        let hash = header.hash_slow();
        let mut hashes = Vec::new();
        for mut record in txs {
            record.block_number = number;
            record.block_hash = hash;
            record.block_timestamp = timestamp;
            record.l1_block_number = l1_block_number;
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
        self.announce_block(number);
        number
    }

    /// Accepts a signed transaction as a node's pool does. With automine (the default) a
    /// transaction at its sender's nonce is mined at once in a block of its own, and an error
    /// that keeps it out of the block is answered; a transaction with a nonce gap waits in the
    /// pool until the gap fills (then it is mined too). Without automine every transaction
    /// waits for the next block (`evm_mine`, interval mining). Returns its hash. A
    /// transaction that executes and fails is mined (status 0); one that cannot be included
    /// is refused with -32000.
    pub fn submit(&mut self, tx: Recovered<TxEnvelope>) -> Result<B256, RpcError> {
        let hash = *tx.inner().tx_hash();
        if self.state.txs.contains_key(&hash) || self.state.pool.get(&hash).is_some() {
            return Err(RpcError::server("already known"));
        }
        let expected = self.state.net.nonce(tx.signer());
        self.check(&tx, true)?;
        if self.automine && tx.inner().nonce() == expected {
            self.prepare_pending();
            let record = self.run(tx)?;
            self.announce_transaction(hash);
            self.seal(vec![record]);
            self.mine_ready_one_per_block();
            return Ok(hash);
        }
        self.state
            .pool
            .insert(tx, expected)
            .map_err(|e| RpcError::server(e.to_string()))?;
        self.announce_transaction(hash);
        Ok(hash)
    }

    /// The checks before a transaction enters the pool (`nonce_gap_ok`: a nonce above the
    /// account's is fine) or a block (it must be the account's nonce).
    fn check(&self, tx: &Recovered<TxEnvelope>, nonce_gap_ok: bool) -> Result<(), RpcError> {
        let from = tx.signer();
        let envelope = tx.inner();
        let expected = self.state.net.nonce(from);
        let nonce = envelope.nonce();
        if nonce < expected {
            return Err(RpcError::server(format!(
                "nonce too low: next nonce {expected}, tx nonce {nonce}"
            )));
        }
        if nonce > expected && !nonce_gap_ok {
            return Err(RpcError::server(format!(
                "nonce too high: next nonce {expected}, tx nonce {nonce}"
            )));
        }
        let gas = envelope.gas_limit();
        let create = envelope.kind().is_create();
        let access_list = access_list_of(envelope);
        if create && !access_list.is_empty() {
            return Err(RpcError::server(CREATION_ACCESS_LIST));
        }
        if create {
            check_initcode_size(&self.state.net, envelope.input())?;
        }
        let intrinsic = pricing::intrinsic_gas(envelope.input(), create)
            + pricing::access_list_gas(access_list.iter().map(|item| item.storage_keys.len()));
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
        let cost = U256::from(gas) * U256::from(envelope.max_fee_per_gas()) + envelope.value();
        let balance = self.state.net.balance(from);
        if balance < cost {
            return Err(RpcError::server(format!(
                "insufficient funds for gas * price + value: address {from} have {balance} \
                 want {cost}"
            )));
        }
        Ok(())
    }

    /// Executes a checked transaction in the pending block; its record, to be sealed.
    fn run(&mut self, tx: Recovered<TxEnvelope>) -> Result<TxRecord, RpcError> {
        self.check(&tx, false)?;
        let (receipt, created) = apply(&mut self.state.net, &tx)?;
        Ok(record(tx, receipt, created, BASE_FEE))
    }

    /// Mines the pool's pending transactions one block each (automine). A transaction that
    /// can no longer be included (its sender's balance went down meanwhile) is dropped.
    pub(super) fn mine_ready_one_per_block(&mut self) {
        while let Some(tx) = self.take_ready() {
            self.prepare_pending();
            if let Ok(record) = self.run(tx) {
                self.seal(vec![record]);
            }
        }
    }

    fn take_ready(&mut self) -> Option<Recovered<TxEnvelope>> {
        let State { pool, net, .. } = &mut self.state;
        pool.take_next(|a| net.nonce(a))
    }

    /// `evm_mine`: seals a block with every pending transaction of the pool (in arrival
    /// order; those that can no longer be included are dropped). Returns its number.
    pub fn mine(&mut self) -> u64 {
        self.prepare_pending();
        let mut records = Vec::new();
        while let Some(tx) = self.take_ready() {
            if let Ok(record) = self.run(tx) {
                records.push(record);
            }
        }
        let number = self.seal(records);
        self.last_mined = std::time::Instant::now();
        number
    }

    /// Runs `body` in the pending block under `gas` and `price` and charges the fee; the
    /// record, to be sealed.
    fn execute(
        &mut self,
        tx: Recovered<TxEnvelope>,
        price: u128,
        gas: u64,
        body: impl FnOnce(&mut Devnet) -> Result<(Receipt, Option<Address>), RpcError>,
    ) -> Result<TxRecord, RpcError> {
        let (receipt, created) = charge(&mut self.state.net, tx.signer(), price, gas, body)?;
        Ok(record(tx, receipt, created, price))
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
    ) -> Result<Address, DeployError> {
        let code = self.state.net.activate(wasm)?.code;
        let mut input = code;
        if let Some(args) = constructor_args {
            input.extend_from_slice(&stylus_devnet::constructor_selector());
            input.extend_from_slice(args);
        }
        let tx = self
            .sign(from, TxKind::Create, input.into(), U256::ZERO, MAX_TX_GAS)
            .map_err(DeployError::Refused)?;
        let wasm = wasm.to_vec();
        let args = constructor_args.map(<[u8]>::to_vec);
        self.prepare_pending();
        let record = self
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
            .map_err(DeployError::Refused)?;
        self.announce_transaction(*record.tx.inner().tx_hash());
        let number = self.seal(vec![record]);
        self.block(number)
            .and_then(|b| b.transactions.first())
            .and_then(|h| self.transaction(h))
            .and_then(|r| r.contract_address)
            .ok_or(DeployError::NoProgram)
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
                nonce: self.pending_nonce(from),
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

    /// The key of development account `address`, if this node holds it.
    pub fn signer(&self, address: &Address) -> Option<&PrivateKeySigner> {
        self.signers.get(address)
    }

    /// Whether `address` is a development account this node can sign for.
    pub fn can_sign(&self, address: &Address) -> bool {
        self.signers.contains_key(address)
    }

    /// `eth_call`: runs `call` at block `id` and discards its changes.
    pub fn call(&mut self, call: &CallRequest, id: BlockId) -> Result<Bytes, RpcError> {
        self.call_with(call, id, &Overrides::default())
    }

    /// `eth_call` with state and block overrides, applied to a copy of the state.
    pub fn call_with(
        &mut self,
        call: &CallRequest,
        id: BlockId,
        overrides: &Overrides,
    ) -> Result<Bytes, RpcError> {
        let receipt = self.simulate(call, id, call.gas.unwrap_or(MAX_TX_GAS), overrides)?;
        outcome(receipt)
    }

    /// `eth_estimateGas`: the least gas limit under which `call` succeeds (binary search
    /// between the gas it uses and its cap), or the error it fails with under the cap.
    pub fn estimate_gas(&mut self, call: &CallRequest, id: BlockId) -> Result<u64, RpcError> {
        self.estimate_gas_with(call, id, &Overrides::default())
    }

    /// `eth_estimateGas` with state and block overrides, applied to a copy of the state.
    pub fn estimate_gas_with(
        &mut self,
        call: &CallRequest,
        id: BlockId,
        overrides: &Overrides,
    ) -> Result<u64, RpcError> {
        let cap = call.gas.unwrap_or(MAX_TX_GAS);
        let receipt = self.simulate(call, id, cap, overrides)?;
        let used = receipt.gas_used;
        outcome(receipt)?;
        if self.simulate(call, id, used, overrides)?.is_success() {
            return Ok(used);
        }
        let (mut lo, mut hi) = (used, cap);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.simulate(call, id, mid, overrides)?.is_success() {
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
        self.simulate(
            call,
            BlockId::latest(),
            call.gas.unwrap_or(MAX_TX_GAS),
            &Overrides::default(),
        )
    }

    fn simulate(
        &mut self,
        call: &CallRequest,
        id: BlockId,
        gas: u64,
        overrides: &Overrides,
    ) -> Result<Receipt, RpcError> {
        self.run_call(call, id, gas, overrides, |net| simulate_on(net, call))?
    }

    /// `eth_createAccessList`: the access list `call` needs, found as geth finds it (run with
    /// the list, take what the run touched, again until the list stops changing; at most 10
    /// rounds), with the gas the call uses under it and its error, if it fails.
    pub fn create_access_list(
        &mut self,
        call: &CallRequest,
        id: BlockId,
        overrides: &Overrides,
    ) -> Result<(Vec<AccessListItem>, u64, Option<RpcError>), RpcError> {
        let to = call.to.ok_or_else(|| {
            RpcError::server(
                "eth_createAccessList of a contract creation is not supported (the devnet's \
                 creations take no access list)",
            )
        })?;
        let gas = call.gas.unwrap_or(MAX_TX_GAS);
        let mut list = call.access_list.clone();
        for _ in 0..10 {
            let (found, receipt) = self.run_call(call, id, gas, overrides, |net| {
                net.access_list(call.from, to, &call.input, call.value, &list)
            })?;
            if found == list {
                let used = receipt.gas_used;
                return Ok((list, used, outcome(receipt).err()));
            }
            list = found;
        }
        Err(RpcError::server(
            "the access list did not settle in 10 rounds",
        ))
    }

    /// Runs `f` on the state of block `id` (the pending block's for the latest) under `gas`,
    /// with `overrides` on a copy; nothing stays. (A Stylus-code creation, which deploys
    /// for good, runs on a copy too.)
    fn run_call<T>(
        &mut self,
        call: &CallRequest,
        id: BlockId,
        gas: u64,
        overrides: &Overrides,
        f: impl FnOnce(&mut Devnet) -> T,
    ) -> Result<T, RpcError> {
        let deploys = call.to.is_none() && is_stylus_code(&call.input);
        if gas > MAX_TX_GAS {
            return Err(RpcError::server(format!(
                "gas {gas} exceeds the limit of {MAX_TX_GAS}"
            )));
        }
        let latest = matches!(self.at(id)?, At::Latest);
        if latest {
            self.prepare_pending();
        }
        // A past block's state, or any state with overrides, is run on a copy.
        let mut past = match self.at(id)? {
            At::Latest if overrides.is_empty() && !deploys => None,
            At::Latest => Some(self.state.net.clone()),
            At::Past(net) => Some(net.clone()),
        };
        if let Some(net) = past.as_mut() {
            overrides.apply(net);
        }
        let net = match past.as_mut() {
            Some(net) => net,
            None => &mut self.state.net,
        };
        net.set_gas_limit(gas);
        let out = f(net);
        net.set_gas_limit(DEFAULT_GAS_LIMIT);
        Ok(out)
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
                            out.push((record, record.first_log_index + i as u64, log));
                        }
                    }
                }
            }
        }
        out
    }
}

/// Why [`Chain::deploy_program`] failed.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    /// The program does not pass Nitro's activation.
    #[error("activation failed: {0}")]
    Activation(#[from] stylus_devnet::ActivationError),
    /// The deployment could not be signed or was refused.
    #[error("deployment refused: {0}")]
    Refused(#[source] RpcError),
    /// The deployment was mined but created no program (its constructor failed).
    #[error("deployment created no program")]
    NoProgram,
}

/// The fields of an `eth_call`/`eth_estimateGas` request this node uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallRequest {
    /// Caller (zero address when absent).
    pub from: Address,
    /// Callee; `None` for a creation (`input` is the init code).
    pub to: Option<Address>,
    /// Calldata, or a creation's init code.
    pub input: Bytes,
    /// Value.
    pub value: U256,
    /// Gas limit (default [`MAX_TX_GAS`]).
    pub gas: Option<u64>,
    /// EIP-2930 access list (warm from the start, paid in intrinsic gas).
    pub access_list: Vec<AccessListItem>,
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
        Status::Halt => Err(RpcError::server(
            receipt
                .error
                .unwrap_or_else(|| "execution halted".to_string()),
        )),
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

/// Why a creation with an access list is refused: the devnet's creation transaction takes
/// none.
pub(super) const CREATION_ACCESS_LIST: &str =
    "an access list on a contract creation is not supported (the devnet's creations take no \
     access list)";

/// True for raw wasm or Stylus code (`EF F0 00 ..`). As a creation's input it is the
/// node's shortcut: the program itself, activated and deployed without a constructor
/// (neither is useful as EVM init code: `0x00` is STOP, which deploys nothing, and `0xEF` is
/// not an opcode).
pub fn is_stylus_code(input: &[u8]) -> bool {
    input.starts_with(b"\0asm") || input.starts_with(&[0xEF, 0xF0, 0x00])
}

/// `eth_call` / `eth_estimateGas` of `call` on `net`: a call, a creation by EVM init code
/// (its output is the code it would deploy), or the Stylus-code shortcut (on a copy: it
/// deploys; its output is the deployed code).
fn simulate_on(net: &mut Devnet, call: &CallRequest) -> Result<Receipt, RpcError> {
    match call.to {
        Some(to) => Ok(net.call_with_access_list(
            call.from,
            to,
            &call.input,
            call.value,
            &call.access_list,
        )),
        None if !call.access_list.is_empty() => Err(RpcError::server(CREATION_ACCESS_LIST)),
        None if is_stylus_code(&call.input) => {
            let (mut receipt, created) = deploy_code(net, call.from, &call.input, call.value)?;
            if let Some(address) = created {
                receipt.output = net.code(address);
            }
            Ok(receipt)
        }
        None => {
            check_initcode_size(net, &call.input)?;
            Ok(net.call_create(call.from, &call.input, call.value))
        }
    }
}

/// EIP-3860's limit on a creation's EVM init code: twice the largest code (Nitro's
/// `max_code_size`). The Stylus-code shortcut is not init code and has no such limit.
pub(super) fn check_initcode_size(net: &Devnet, input: &[u8]) -> Result<(), RpcError> {
    let limit = net.params().max_code_size.saturating_mul(2);
    let size = input.len();
    if size > limit && !is_stylus_code(input) {
        return Err(RpcError::server(format!(
            "max initcode size exceeded: code size {size} limit {limit}"
        )));
    }
    Ok(())
}

/// A creation transaction from `from` at `nonce`: EVM init code runs ([`Devnet::create`]);
/// the receipt names the address the creation is for, whether it succeeded or not (as
/// geth's). Input that is a Stylus program itself takes the node's shortcut
/// ([`deploy_code`]).
fn create(
    net: &mut Devnet,
    from: Address,
    nonce: u64,
    input: &[u8],
    value: U256,
) -> Result<(Receipt, Option<Address>), RpcError> {
    if is_stylus_code(input) {
        return deploy_code(net, from, input, value);
    }
    let receipt = net.create(from, input, value);
    Ok((receipt, Some(from.create(nonce))))
}

/// The shortcut for a creation whose input is the program itself (raw wasm or `EF F0 00`
/// code): it is activated and deployed without a constructor, and without value.
fn deploy_code(
    net: &mut Devnet,
    from: Address,
    input: &[u8],
    value: U256,
) -> Result<(Receipt, Option<Address>), RpcError> {
    if !value.is_zero() {
        return Err(RpcError::server(
            "a creation whose input is Stylus code (raw wasm or EF F0 00 code, deployed \
             without constructor) takes no value: send EVM init code that returns the code \
             to create with value",
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

/// Executes `tx` on `net` as a block does: under its own gas limit, at the base fee (ArbOS
/// charges the base fee alone: a priority fee, or a legacy gas price above the base fee, is
/// never paid; Nitro drops the tip before the state transition), fee charged. Shared by
/// mining and by replays (tracing).
pub(super) fn apply(
    net: &mut Devnet,
    tx: &Recovered<TxEnvelope>,
) -> Result<(Receipt, Option<Address>), RpcError> {
    let from = tx.signer();
    let envelope = tx.inner();
    let value = envelope.value();
    let input = envelope.input().clone();
    let kind = envelope.kind();
    let nonce = envelope.nonce();
    let access_list = access_list_of(envelope);
    charge(
        net,
        from,
        BASE_FEE,
        envelope.gas_limit(),
        move |net| match kind {
            TxKind::Call(to) => Ok((
                net.send_with_access_list(from, to, &input, value, &access_list),
                None,
            )),
            TxKind::Create => create(net, from, nonce, &input, value),
        },
    )
}

/// A transaction's EIP-2930 access list, as the devnet takes it (empty for legacy ones).
fn access_list_of(envelope: &TxEnvelope) -> Vec<AccessListItem> {
    envelope.access_list().map(to_devnet).unwrap_or_default()
}

/// An EIP-2930 access list as the devnet takes it.
pub(crate) fn to_devnet(list: &AccessList) -> Vec<AccessListItem> {
    list.iter()
        .map(|item| AccessListItem {
            address: item.address,
            storage_keys: item.storage_keys.clone(),
        })
        .collect()
}

/// A devnet access list as JSON-RPC answers it.
pub(crate) fn from_devnet(list: Vec<AccessListItem>) -> AccessList {
    AccessList(
        list.into_iter()
            .map(|item| alloy_eips::eip2930::AccessListItem {
                address: item.address,
                storage_keys: item.storage_keys,
            })
            .collect(),
    )
}

/// Runs `body` on `net` under `gas` and `price` and charges `from` the fee.
fn charge(
    net: &mut Devnet,
    from: Address,
    price: u128,
    gas: u64,
    body: impl FnOnce(&mut Devnet) -> Result<(Receipt, Option<Address>), RpcError>,
) -> Result<(Receipt, Option<Address>), RpcError> {
    net.set_gas_limit(gas);
    net.set_gas_price(U256::from(price));
    let outcome = body(net);
    net.set_gas_limit(DEFAULT_GAS_LIMIT);
    let (receipt, created) = outcome?;
    let fee = U256::from(receipt.gas_used) * U256::from(price);
    let balance = net.balance(from);
    net.set_balance(from, balance.saturating_sub(fee));
    Ok((receipt, created))
}

/// The record of an executed transaction, to be sealed (positions set by `seal`).
fn record(
    tx: Recovered<TxEnvelope>,
    receipt: Receipt,
    created: Option<Address>,
    price: u128,
) -> TxRecord {
    TxRecord {
        tx,
        block_number: 0,
        block_hash: B256::ZERO,
        block_timestamp: 0,
        index: 0,
        cumulative_gas_used: 0,
        first_log_index: 0,
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
        l1_block_number: 0,
        gas_used_for_l1: 0,
    }
}
