//! Chain records as the standard RPC objects of `alloy-rpc-types-eth` (blocks, transactions,
//! receipts, logs), so that their JSON is exactly what alloy, viem and cast expect, with the
//! fields Nitro adds: `gasUsedForL1` and `l1BlockNumber` on receipts, `l1BlockNumber`,
//! `sendCount` and `sendRoot` on blocks.

use alloy_consensus::transaction::Recovered;
use alloy_primitives::{Log as PrimitiveLog, U256, U64};
use alloy_rpc_types_eth::{
    Block, BlockTransactions, Header as RpcHeader, Log, Transaction, TransactionReceipt,
};
use alloy_serde::{OtherFields, WithOtherFields};

use crate::chain::{ArbHeaderInfo, BlockRecord, Chain, Pooled, TxRecord};

/// Nitro's extra fields, as `(name, quantity or hash)` pairs.
fn other<const N: usize>(fields: [(&str, serde_json::Value); N]) -> OtherFields {
    fields
        .into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .collect()
}

fn quantity(n: u64) -> serde_json::Value {
    serde_json::json!(U64::from(n))
}

/// A mined transaction.
pub fn transaction(record: &TxRecord) -> Transaction {
    Transaction {
        inner: Recovered::new_unchecked(record.tx.inner().clone(), record.tx.signer()),
        block_hash: Some(record.block_hash),
        block_number: Some(record.block_number),
        transaction_index: Some(record.index),
        effective_gas_price: Some(record.effective_gas_price),
    }
}

/// A transaction waiting in the pool: no block, no index, no price paid yet.
pub fn pooled_transaction(pooled: &Pooled) -> Transaction {
    Transaction {
        inner: Recovered::new_unchecked(pooled.tx.inner().clone(), pooled.tx.signer()),
        block_hash: None,
        block_number: None,
        transaction_index: None,
        effective_gas_price: None,
    }
}

/// Log `index` (in its block) of a mined transaction.
pub fn log(record: &TxRecord, index: u64, log: &PrimitiveLog) -> Log {
    Log {
        inner: log.clone(),
        block_hash: Some(record.block_hash),
        block_number: Some(record.block_number),
        block_timestamp: Some(record.block_timestamp),
        transaction_hash: Some(*record.tx.inner().tx_hash()),
        transaction_index: Some(record.index),
        log_index: Some(index),
        removed: false,
    }
}

/// The receipt of a mined transaction, with Nitro's `gasUsedForL1` and `l1BlockNumber`.
pub fn receipt(record: &TxRecord) -> WithOtherFields<TransactionReceipt> {
    WithOtherFields {
        inner: eth_receipt(record),
        other: other([
            ("gasUsedForL1", quantity(record.gas_used_for_l1)),
            ("l1BlockNumber", quantity(record.l1_block_number)),
        ]),
    }
}

fn eth_receipt(record: &TxRecord) -> TransactionReceipt {
    let logs: Vec<Log> = record
        .logs
        .iter()
        .enumerate()
        .map(|(i, l)| log(record, record.first_log_index + i as u64, l))
        .collect();
    let inner = record.receipt_envelope().map_logs(|_| Log::default());
    // Put the RPC logs (with their positions) in place of the consensus ones.
    let inner = replace_logs(inner, logs);
    let to = match record.tx.inner().kind() {
        alloy_primitives::TxKind::Call(to) => Some(to),
        alloy_primitives::TxKind::Create => None,
    };
    TransactionReceipt {
        inner,
        transaction_hash: *record.tx.inner().tx_hash(),
        transaction_index: Some(record.index),
        block_hash: Some(record.block_hash),
        block_number: Some(record.block_number),
        gas_used: record.gas_used,
        effective_gas_price: record.effective_gas_price,
        blob_gas_used: None,
        blob_gas_price: None,
        from: record.tx.signer(),
        to,
        contract_address: record.contract_address,
    }
}

fn replace_logs(
    mut envelope: alloy_consensus::ReceiptEnvelope<Log>,
    logs: Vec<Log>,
) -> alloy_consensus::ReceiptEnvelope<Log> {
    if let Some(receipt) = envelope.as_receipt_with_bloom_mut() {
        receipt.receipt.logs = logs;
    }
    envelope
}

/// A block, with full transactions or their hashes, and Nitro's `l1BlockNumber`,
/// `sendCount` and `sendRoot` (read back from the header, where Nitro keeps them).
pub fn block(chain: &Chain, record: &BlockRecord, full: bool) -> WithOtherFields<Block> {
    WithOtherFields {
        inner: eth_block(chain, record, full),
        other: nitro_block_fields(record),
    }
}

/// A block's header as `eth_subscribe("newHeads")` announces it: the block as
/// [`block`] renders it (hash, size, Nitro's fields), without transactions and uncles.
pub fn head(record: &BlockRecord) -> WithOtherFields<RpcHeader> {
    WithOtherFields {
        inner: rpc_header(record),
        other: nitro_block_fields(record),
    }
}

fn nitro_block_fields(record: &BlockRecord) -> OtherFields {
    let info = ArbHeaderInfo::of(&record.header);
    other([
        ("l1BlockNumber", quantity(info.l1_block_number)),
        ("sendCount", quantity(info.send_count)),
        ("sendRoot", serde_json::json!(info.send_root)),
    ])
}

fn rpc_header(record: &BlockRecord) -> RpcHeader {
    let size = alloy_rlp::Encodable::length(&record.header);
    RpcHeader {
        hash: record.hash,
        inner: record.header.clone(),
        total_difficulty: Some(U256::from(record.header.number + 1)),
        size: Some(U256::from(size)),
    }
}

fn eth_block(chain: &Chain, record: &BlockRecord, full: bool) -> Block {
    let transactions = if full {
        BlockTransactions::Full(
            record
                .transactions
                .iter()
                .filter_map(|h| chain.transaction(h))
                .map(transaction)
                .collect(),
        )
    } else {
        BlockTransactions::Hashes(record.transactions.clone())
    };
    Block {
        header: rpc_header(record),
        uncles: Vec::new(),
        transactions,
        withdrawals: None,
    }
}

use alloy_consensus::Transaction as _;
