//! What the chain records: sealed blocks (with Nitro's header fields) and mined transactions.

use alloy_consensus::transaction::Recovered;
use alloy_consensus::{
    Eip658Value, Header, Receipt as ConsensusReceipt, ReceiptEnvelope, ReceiptWithBloom, TxEnvelope,
};
use alloy_primitives::{logs_bloom, Address, Bytes, Log, B256};

/// What Nitro keeps of ArbOS in a block header (`HeaderInfo` in its `arb_types.go`): the
/// root of the L2→L1 send Merkle tree in `extraData`, and in `mixHash` the number of sends
/// (bytes 0..8), the L1 block number ArbOS saw (8..16) and the ArbOS version (16..24), all
/// big-endian. The devnet sends nothing to L1, so the root is zero and the count 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArbHeaderInfo {
    /// Root of the send (L2→L1 message) Merkle tree.
    pub send_root: B256,
    /// Number of sends since genesis.
    pub send_count: u64,
    /// The L1 block number as ArbOS saw it in this block.
    pub l1_block_number: u64,
    /// The ArbOS version that built the block.
    pub arbos_format_version: u64,
}

impl ArbHeaderInfo {
    /// Writes the information into `header` as Nitro does.
    pub fn apply(&self, header: &mut Header) {
        header.extra_data = Bytes::copy_from_slice(self.send_root.as_slice());
        let mut mix = [0u8; 32];
        mix[..8].copy_from_slice(&self.send_count.to_be_bytes());
        mix[8..16].copy_from_slice(&self.l1_block_number.to_be_bytes());
        mix[16..24].copy_from_slice(&self.arbos_format_version.to_be_bytes());
        header.mix_hash = B256::from(mix);
    }

    /// Reads it back from a header written by [`ArbHeaderInfo::apply`].
    pub fn of(header: &Header) -> Self {
        let mix = header.mix_hash.0;
        let word = |i: usize| {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(&mix[i..i + 8]);
            u64::from_be_bytes(bytes)
        };
        Self {
            send_root: if header.extra_data.len() == 32 {
                B256::from_slice(&header.extra_data)
            } else {
                B256::ZERO
            },
            send_count: word(0),
            l1_block_number: word(8),
            arbos_format_version: word(16),
        }
    }
}

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
    /// Position in its block.
    pub index: u64,
    /// Gas used by its block up to and including it.
    pub cumulative_gas_used: u64,
    /// Index (in its block) of its first log.
    pub first_log_index: u64,
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
    /// The L1 block number ArbOS saw when the transaction ran (Nitro's `l1BlockNumber`).
    pub l1_block_number: u64,
    /// Gas charged for posting the transaction's data to L1 (Nitro's `gasUsedForL1`): always
    /// 0, since the devnet has no L1 and charges no L1 data fee.
    pub gas_used_for_l1: u64,
}

impl TxRecord {
    /// The consensus receipt (status, cumulative gas = gas used, logs, bloom), typed like
    /// the transaction.
    pub fn receipt_envelope(&self) -> ReceiptEnvelope<Log> {
        let receipt = ConsensusReceipt {
            status: Eip658Value::Eip658(self.success),
            cumulative_gas_used: self.cumulative_gas_used,
            logs: self.logs.clone(),
        };
        let bloom = logs_bloom(self.logs.iter());
        ReceiptEnvelope::from_typed(
            self.tx.inner().tx_type(),
            ReceiptWithBloom::new(receipt, bloom),
        )
    }
}
