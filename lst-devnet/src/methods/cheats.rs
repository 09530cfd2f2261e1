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

/// `anvil_dumpState`: the chain as the bytes of a state file (hex), which `anvil_loadState`
/// and `--load-state` take back. anvil gzips its dump; this node's is plain JSON.
pub(super) fn dump_state(chain: &Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(0)?;
    json(Bytes::from(chain.dump_state()))
}

/// `anvil_loadState(bytes)`: replaces the chain with a dumped one; true. The dump is
/// checked whole before anything changes.
pub(super) fn load_state(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let bytes: Bytes = p.required(0, "state")?;
    chain
        .load_state(&bytes)
        .map_err(|e| RpcError::server(e.to_string()))?;
    json(true)
}

/// `anvil_reset` / `hardhat_reset`: back to the node's state at start. A `forking` option
/// is refused: the devnet is offline.
pub(super) fn reset(chain: &mut Chain, p: &Params<'_>) -> Result<Value, RpcError> {
    p.at_most(1)?;
    let options: Option<Value> = p.optional(0, "options")?;
    match options {
        None | Some(Value::Null) => {}
        Some(Value::Object(o)) if o.get("forking").is_none_or(Value::is_null) => {}
        Some(Value::Object(_)) => {
            return Err(RpcError::server(
                "forking is not supported: the devnet is offline",
            ))
        }
        Some(other) => {
            return Err(RpcError::invalid_params(format!(
                "options: expected an object, got {other}"
            )))
        }
    }
    chain.reset();
    json(true)
}
