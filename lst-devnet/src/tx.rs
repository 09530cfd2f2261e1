//! Transactions: decoding `eth_sendRawTransaction` payloads (EIP-2718 envelopes), recovering
//! and checking their signers, and signing the unsigned requests of `eth_sendTransaction` with
//! a development key.

use alloy_consensus::transaction::{Recovered, SignerRecoverable};
use alloy_consensus::{SignableTransaction, Transaction as _, TxEip1559, TxEnvelope};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{Bytes, TxKind};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;

use crate::rpc::RpcError;

/// Decodes a signed transaction (legacy RLP or a typed EIP-2718 envelope) and recovers its
/// sender. Refuses what this node cannot execute: pre-EIP-155 legacy transactions (no chain
/// id, as geth does by default), blob (EIP-4844) and set-code (EIP-7702) transactions, and
/// a chain id other than `chain_id`. Signatures with a high `s` (EIP-2) do not recover.
pub fn decode_raw(raw: &[u8], chain_id: u64) -> Result<Recovered<TxEnvelope>, RpcError> {
    if raw.is_empty() {
        return Err(RpcError::invalid_params("empty transaction"));
    }
    let mut buf = raw;
    let envelope = TxEnvelope::decode_2718(&mut buf)
        .map_err(|e| RpcError::invalid_params(format!("transaction could not be decoded: {e}")))?;
    if !buf.is_empty() {
        return Err(RpcError::invalid_params(
            "transaction could not be decoded: trailing bytes",
        ));
    }
    match &envelope {
        TxEnvelope::Legacy(_) | TxEnvelope::Eip2930(_) | TxEnvelope::Eip1559(_) => {}
        TxEnvelope::Eip4844(_) => {
            return Err(RpcError::server(
                "blob transactions (EIP-4844) are not supported",
            ))
        }
        TxEnvelope::Eip7702(_) => {
            return Err(RpcError::server(
                "set-code transactions (EIP-7702) are not supported",
            ))
        }
    }
    match envelope.chain_id() {
        None => {
            return Err(RpcError::server(
                "only replay-protected (EIP-155) transactions allowed over RPC",
            ))
        }
        Some(id) if id != chain_id => {
            return Err(RpcError::server(format!(
                "invalid chain id: transaction is for chain {id}, this node is chain {chain_id}"
            )))
        }
        Some(_) => {}
    }
    let sender = envelope
        .recover_signer()
        .map_err(|e| RpcError::server(format!("invalid sender: {e}")))?;
    Ok(Recovered::new_unchecked(envelope, sender))
}

/// What an unsigned transaction request asks for, with every field filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsignedTx {
    /// Chain id.
    pub chain_id: u64,
    /// Sender's nonce.
    pub nonce: u64,
    /// Gas limit.
    pub gas_limit: u64,
    /// Max fee per gas (wei).
    pub max_fee_per_gas: u128,
    /// Max priority fee per gas (wei).
    pub max_priority_fee_per_gas: u128,
    /// Recipient, or creation.
    pub to: TxKind,
    /// Value (wei).
    pub value: alloy_primitives::U256,
    /// Calldata or init code.
    pub input: Bytes,
}

impl UnsignedTx {
    fn eip1559(self) -> TxEip1559 {
        TxEip1559 {
            chain_id: self.chain_id,
            nonce: self.nonce,
            gas_limit: self.gas_limit,
            max_fee_per_gas: self.max_fee_per_gas,
            max_priority_fee_per_gas: self.max_priority_fee_per_gas,
            to: self.to,
            value: self.value,
            access_list: Default::default(),
            input: self.input,
        }
    }
}

/// `tx` from an impersonated account (`anvil_impersonateAccount`): an EIP-1559 transaction
/// whose signature is a placeholder (`r` = the sender's address, `s` = 1, as no key would
/// sign), attributed to `from` without recovery. Its hash is unique per sender and nonce.
pub fn impersonated_eip1559(
    tx: UnsignedTx,
    from: alloy_primitives::Address,
) -> Recovered<TxEnvelope> {
    let r = alloy_primitives::U256::from_be_slice(from.as_slice());
    let signature = alloy_primitives::Signature::new(r, alloy_primitives::U256::from(1), false);
    let envelope = TxEnvelope::from(tx.eip1559().into_signed(signature));
    Recovered::new_unchecked(envelope, from)
}

/// Signs `tx` as an EIP-1559 transaction with `signer`.
pub fn sign_eip1559(
    tx: UnsignedTx,
    signer: &PrivateKeySigner,
) -> Result<Recovered<TxEnvelope>, RpcError> {
    let tx = TxEip1559 {
        chain_id: tx.chain_id,
        nonce: tx.nonce,
        gas_limit: tx.gas_limit,
        max_fee_per_gas: tx.max_fee_per_gas,
        max_priority_fee_per_gas: tx.max_priority_fee_per_gas,
        to: tx.to,
        value: tx.value,
        access_list: Default::default(),
        input: tx.input,
    };
    let signature = signer
        .sign_hash_sync(&tx.signature_hash())
        .map_err(|e| RpcError::internal(format!("signing: {e}")))?;
    let envelope = TxEnvelope::from(tx.into_signed(signature));
    Ok(Recovered::new_unchecked(envelope, signer.address()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_consensus::TxLegacy;
    use alloy_eips::eip2718::Encodable2718;
    use alloy_primitives::{Address, U256};

    fn key() -> PrivateKeySigner {
        PrivateKeySigner::from_bytes(&alloy_primitives::B256::repeat_byte(7)).unwrap()
    }

    fn unsigned(chain_id: u64) -> UnsignedTx {
        UnsignedTx {
            chain_id,
            nonce: 3,
            gas_limit: 100_000,
            max_fee_per_gas: 2,
            max_priority_fee_per_gas: 1,
            to: TxKind::Call(Address::repeat_byte(1)),
            value: U256::from(5),
            input: Bytes::from_static(&[1, 2, 3]),
        }
    }

    #[test]
    fn an_eip1559_transaction_round_trips() {
        let signed = sign_eip1559(unsigned(412_346), &key()).unwrap();
        let raw = signed.inner().encoded_2718();
        let decoded = decode_raw(&raw, 412_346).unwrap();
        assert_eq!(decoded.signer(), key().address());
        assert_eq!(decoded.inner().tx_hash(), signed.inner().tx_hash());
    }

    #[test]
    fn the_wrong_chain_is_refused() {
        let signed = sign_eip1559(unsigned(1), &key()).unwrap();
        let e = decode_raw(&signed.inner().encoded_2718(), 412_346).unwrap_err();
        assert!(e.message.contains("chain id"), "{e}");
    }

    #[test]
    fn legacy_transactions_need_eip155() {
        let mut tx = TxLegacy {
            chain_id: None,
            nonce: 0,
            gas_price: 1,
            gas_limit: 21_000,
            to: TxKind::Call(Address::repeat_byte(2)),
            value: U256::ZERO,
            input: Bytes::new(),
        };
        let sig = key().sign_hash_sync(&tx.signature_hash()).unwrap();
        let raw = TxEnvelope::from(tx.clone().into_signed(sig)).encoded_2718();
        assert!(decode_raw(&raw, 412_346)
            .unwrap_err()
            .message
            .contains("EIP-155"));

        tx.chain_id = Some(412_346);
        let sig = key().sign_hash_sync(&tx.signature_hash()).unwrap();
        let raw = TxEnvelope::from(tx.into_signed(sig)).encoded_2718();
        assert_eq!(decode_raw(&raw, 412_346).unwrap().signer(), key().address());
    }

    #[test]
    fn garbage_is_refused() {
        assert!(decode_raw(&[], 1).is_err());
        assert!(decode_raw(&[0x02, 0xc0], 1).is_err());
        assert!(decode_raw(&[0xff; 40], 1).is_err());
    }
}
