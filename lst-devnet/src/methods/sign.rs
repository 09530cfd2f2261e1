//! Signing with the development accounts' keys: `eth_sendTransaction`,
//! `eth_signTransaction`, `eth_sign`, `personal_sign` and `eth_signTypedData_v4` (what an
//! oracle's tooling uses to sign EIP-712 tallies against unlocked accounts).

use alloy_consensus::transaction::Recovered;
use alloy_consensus::TxEnvelope;
use alloy_dyn_abi::TypedData;
use alloy_eips::eip2718::Encodable2718;
use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, Bytes, TxKind};
use alloy_rpc_types_eth::TransactionRequest;
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use serde_json::Value;

use super::params::{call_request, json, Params};
use crate::chain::{Chain, BASE_FEE};
use crate::rpc::RpcError;
use crate::tx::{impersonated_eip1559, UnsignedTx};

/// The key of development account `from`, or the error a node without it answers.
fn key<'a>(chain: &'a Chain, from: &Address) -> Result<&'a PrivateKeySigner, RpcError> {
    chain.signer(from).ok_or_else(|| {
        RpcError::server(format!(
            "unknown account {from}: this node signs for its development accounts only"
        ))
    })
}

/// `eth_sendTransaction`: signs the request and sends it.
pub(super) fn send_transaction(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let req: TransactionRequest = p.required(0, "transaction")?;
    let tx = fill_and_sign(chain, &req, true)?;
    json(chain.submit(tx)?)
}

/// `eth_signTransaction`: the signed transaction (EIP-2718 bytes), not sent.
pub(super) fn sign_transaction(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let req: TransactionRequest = p.required(0, "transaction")?;
    let tx = fill_and_sign(chain, &req, false)?;
    json(Bytes::from(tx.inner().encoded_2718()))
}

/// `eth_sign(address, data)` and `personal_sign(data, address)`: an EIP-191 signature
/// (`"\x19Ethereum Signed Message:\n" ‖ len ‖ data`), 65 bytes `r ‖ s ‖ v` with `v` 27/28.
pub(super) fn sign_message(
    chain: &Chain,
    p: &Params<'_>,
    address_first: bool,
) -> Result<Value, RpcError> {
    p.at_most(if address_first { 2 } else { 3 })?;
    let (a, d) = if address_first { (0, 1) } else { (1, 0) };
    let address: Address = p.required(a, "address")?;
    let data: Bytes = p.required(d, "data")?;
    let signature = key(chain, &address)?
        .sign_message_sync(&data)
        .map_err(RpcError::internal)?;
    json(Bytes::from(signature.as_bytes().to_vec()))
}

/// `eth_signTypedData_v4(address, typedData)`: an EIP-712 signature over the typed data,
/// given as a JSON object or as a string holding one (as MetaMask and viem send it).
pub(super) fn sign_typed_data(chain: &Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(2)?;
    let address: Address = p.required(0, "address")?;
    let raw: Value = p.required(1, "typed data")?;
    let typed: TypedData = match raw {
        Value::String(text) => serde_json::from_str(&text),
        other => serde_json::from_value(other),
    }
    .map_err(|e| RpcError::invalid_params(format!("argument 1 (typed data): {e}")))?;
    let hash = typed
        .eip712_signing_hash()
        .map_err(|e| RpcError::invalid_params(format!("argument 1 (typed data): {e}")))?;
    let signature = key(chain, &address)?
        .sign_hash_sync(&hash)
        .map_err(RpcError::internal)?;
    json(Bytes::from(signature.as_bytes().to_vec()))
}

/// Fills in a transaction request from a development account (nonce, gas, fees) and signs
/// it as EIP-1559: what `eth_sendTransaction` sends and `eth_signTransaction` returns. With
/// `impersonation`, an impersonated account (`anvil_impersonateAccount`) sends unsigned.
fn fill_and_sign(
    chain: &mut Chain,
    req: &TransactionRequest,
    impersonation: bool,
) -> Result<Recovered<TxEnvelope>, RpcError> {
    let from = req
        .from
        .ok_or_else(|| RpcError::invalid_params("\"from\" is required"))?;
    let impersonated = impersonation && !chain.can_sign(&from) && chain.is_impersonated(&from);
    if !chain.can_sign(&from) && !impersonated {
        return Err(RpcError::server(format!(
            "unknown account {from}: this node signs for its development accounts only \
             (anvil_impersonateAccount sends from any account)"
        )));
    }
    if let Some(id) = req.chain_id {
        if id != chain.chain_id() {
            return Err(RpcError::server(format!(
                "invalid chain id {id}, this node is chain {}",
                chain.chain_id()
            )));
        }
    }
    let call = call_request(req)?;
    let kind = req.to.unwrap_or(TxKind::Create);
    let latest = BlockId::Number(BlockNumberOrTag::Latest);
    let gas = match req.gas {
        Some(gas) => gas,
        None => chain.estimate_gas(&call, latest)?,
    };
    let max_fee = req
        .max_fee_per_gas
        .or(req.gas_price)
        .unwrap_or(2 * BASE_FEE);
    let unsigned = UnsignedTx {
        chain_id: chain.chain_id(),
        nonce: match req.nonce {
            Some(nonce) => nonce,
            None => chain.pending_nonce(from),
        },
        gas_limit: gas,
        max_fee_per_gas: max_fee,
        max_priority_fee_per_gas: req.max_priority_fee_per_gas.unwrap_or(0).min(max_fee),
        to: kind,
        value: call.value,
        input: call.input,
    };
    if impersonated {
        return Ok(impersonated_eip1559(unsigned, from));
    }
    chain.sign_unsigned(from, unsigned)
}
