//! Positional parameters and the JSON shapes every method shares.

use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, TxKind, U64};
use alloy_rpc_types_eth::TransactionRequest;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::chain::{to_devnet, CallRequest, Overrides};
use crate::rpc::RpcError;

/// Positional parameters of a request.
pub(super) struct Params<'a> {
    items: &'a [Value],
}

impl<'a> Params<'a> {
    pub(super) fn new(params: &'a Value) -> Result<Self, RpcError> {
        match params {
            Value::Array(items) => Ok(Self { items }),
            _ => Err(RpcError::invalid_params(
                "parameters must be an array (positional)",
            )),
        }
    }

    /// Refuses more than `max` parameters.
    pub(super) fn at_most(&self, max: usize) -> Result<(), RpcError> {
        if self.items.len() > max {
            return Err(RpcError::invalid_params(format!(
                "too many arguments, want at most {max}"
            )));
        }
        Ok(())
    }

    pub(super) fn required<T: DeserializeOwned>(
        &self,
        i: usize,
        what: &str,
    ) -> Result<T, RpcError> {
        match self.items.get(i) {
            None => Err(RpcError::invalid_params(format!(
                "missing value for required argument {i} ({what})"
            ))),
            Some(v) => serde_json::from_value(v.clone())
                .map_err(|e| RpcError::invalid_params(format!("argument {i} ({what}): {e}"))),
        }
    }

    pub(super) fn optional<T: DeserializeOwned>(
        &self,
        i: usize,
        what: &str,
    ) -> Result<Option<T>, RpcError> {
        match self.items.get(i) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.required(i, what).map(Some),
        }
    }

    pub(super) fn block(&self, i: usize) -> Result<BlockId, RpcError> {
        Ok(self
            .optional::<BlockId>(i, "block")?
            .unwrap_or(BlockId::Number(BlockNumberOrTag::Latest)))
    }
}

pub(super) fn json<T: Serialize>(value: T) -> Result<Value, RpcError> {
    serde_json::to_value(value).map_err(RpcError::internal)
}

pub(super) fn quantity(n: u64) -> Result<Value, RpcError> {
    json(U64::from(n))
}

/// Accepts a JSON number or a hex quantity (tools send both to `evm_increaseTime`).
pub(super) fn number_or_quantity(value: Value, what: &str) -> Result<u64, RpcError> {
    match value {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| RpcError::invalid_params(format!("{what}: not a u64"))),
        other => serde_json::from_value::<U64>(other)
            .map(|n| n.to::<u64>())
            .map_err(|e| RpcError::invalid_params(format!("{what}: {e}"))),
    }
}

/// The state override (parameter 2) and block override (parameter 3) of `eth_call` and
/// `eth_estimateGas`, checked.
pub(super) fn overrides(p: &Params<'_>) -> Result<Overrides, RpcError> {
    let state = p.optional(2, "state override")?.unwrap_or_default();
    let block = p.optional(3, "block override")?;
    Overrides::new(state, block)
}

pub(super) fn call_request(req: &TransactionRequest) -> Result<CallRequest, RpcError> {
    let input = req.input.input().cloned().unwrap_or_default();
    if let (Some(a), Some(b)) = (&req.input.input, &req.input.data) {
        if a != b {
            return Err(RpcError::invalid_params(
                "both \"data\" and \"input\" are set and not equal",
            ));
        }
    }
    let to = match req.to {
        Some(TxKind::Call(to)) => Some(to),
        _ => None,
    };
    Ok(CallRequest {
        from: req.from.unwrap_or(Address::ZERO),
        to,
        input,
        value: req.value.unwrap_or_default(),
        gas: req.gas,
        access_list: req.access_list.as_ref().map(to_devnet).unwrap_or_default(),
    })
}
