//! anvil's state cheats: nonces, storage, code, impersonation and the node's description
//! (`anvil_*`, with hardhat's names where hardhat has them).

use alloy_primitives::{Address, Bytes, B256, U256};
use serde_json::{json, Value};

use super::params::{json, number_or_quantity, Params};
use super::CLIENT_VERSION;
use crate::chain::{Chain, BASE_FEE, BLOCK_GAS_LIMIT};
use crate::rpc::RpcError;

/// `anvil_setNonce(address, nonce)`.
pub(super) fn set_nonce(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(2)?;
    let address: Address = p.required(0, "address")?;
    let nonce = number_or_quantity(p.required(1, "nonce")?, "nonce")?;
    chain.set_nonce(address, nonce);
    Ok(Value::Null)
}

/// `anvil_setStorageAt(address, slot, value)`: true, as anvil answers.
pub(super) fn set_storage_at(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(3)?;
    let address: Address = p.required(0, "address")?;
    let slot: U256 = p.required(1, "slot")?;
    let value: B256 = p.required(2, "value")?;
    chain.set_storage(address, slot, value);
    json(true)
}

/// `anvil_setCode(address, code)`: Stylus code only (activated as on deployment).
pub(super) fn set_code(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(2)?;
    let address: Address = p.required(0, "address")?;
    let code: Bytes = p.required(1, "code")?;
    chain.set_code(address, &code)?;
    Ok(Value::Null)
}

/// `anvil_impersonateAccount` / `anvil_stopImpersonatingAccount`.
pub(super) fn impersonate(chain: &mut Chain, p: &Params<'_>, on: bool) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let address: Address = p.required(0, "address")?;
    chain.impersonate(address, on);
    Ok(Value::Null)
}

/// `anvil_autoImpersonateAccount(enabled)`.
pub(super) fn auto_impersonate(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let on: bool = p.required(0, "enabled")?;
    chain.auto_impersonate(on);
    Ok(Value::Null)
}

/// `anvil_nodeInfo`: the head, the fee environment and how transactions are mined.
pub(super) fn node_info(chain: &Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(0)?;
    let head = chain.latest_block();
    Ok(json!({
        "currentBlockNumber": head.header.number,
        "currentBlockTimestamp": head.header.timestamp,
        "currentBlockHash": head.hash,
        "hardFork": "cancun",
        "transactionOrder": "fifo",
        "environment": {
            "baseFee": BASE_FEE,
            "chainId": chain.chain_id(),
            "gasLimit": BLOCK_GAS_LIMIT,
            "gasPrice": BASE_FEE,
        },
        "forkConfig": {},
        "network": "arbitrum",
        "clientVersion": CLIENT_VERSION,
    }))
}
