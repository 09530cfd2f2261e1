//! JSON-RPC 2.0 envelopes and errors.
//!
//! Error codes follow the JSON-RPC 2.0 specification and the conventions of geth and anvil:
//!
//! | code | meaning |
//! | --- | --- |
//! | -32700 | the body is not JSON |
//! | -32600 | not a valid request object (or an empty/oversized batch, oversized body) |
//! | -32601 | unknown method |
//! | -32602 | wrong parameters |
//! | -32603 | internal error (a bug: the node stays up) |
//! | -32000 | the request was understood but refused (bad transaction, unknown block, ...) |
//! | 3 | `execution reverted`: `eth_call`/`eth_estimateGas` reverted; `data` holds the revert data |

use alloy_primitives::Bytes;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Parse error: the body is not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// The JSON is not a valid request object.
pub const INVALID_REQUEST: i64 = -32600;
/// No such method.
pub const METHOD_NOT_FOUND: i64 = -32601;
/// The parameters do not fit the method.
pub const INVALID_PARAMS: i64 = -32602;
/// An internal error of the node.
pub const INTERNAL_ERROR: i64 = -32603;
/// Server error: the request was understood and refused (geth's catch-all).
pub const SERVER_ERROR: i64 = -32000;
/// `execution reverted` (geth, anvil): `data` carries the revert data.
pub const EXECUTION_REVERTED: i64 = 3;

/// A JSON-RPC error object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{message} ({code})")]
pub struct RpcError {
    /// The error code.
    pub code: i64,
    /// A short description.
    pub message: String,
    /// Extra data: the revert data of a reverted call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl RpcError {
    /// An error with `code` and `message`.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            data: None,
        }
    }
    /// -32700.
    pub fn parse(detail: impl std::fmt::Display) -> Self {
        Self::new(PARSE_ERROR, format!("parse error: {detail}"))
    }
    /// -32600.
    pub fn invalid_request(detail: impl std::fmt::Display) -> Self {
        Self::new(INVALID_REQUEST, format!("invalid request: {detail}"))
    }
    /// -32601.
    pub fn method_not_found(method: &str) -> Self {
        Self::new(
            METHOD_NOT_FOUND,
            format!("the method {method} does not exist/is not available"),
        )
    }
    /// -32602.
    pub fn invalid_params(detail: impl std::fmt::Display) -> Self {
        Self::new(INVALID_PARAMS, format!("invalid params: {detail}"))
    }
    /// -32603.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::new(INTERNAL_ERROR, format!("internal error: {detail}"))
    }
    /// -32000 with a message.
    pub fn server(message: impl Into<String>) -> Self {
        Self::new(SERVER_ERROR, message)
    }
    /// 3, `execution reverted`, with the revert data as `data` (hex), as geth and anvil
    /// answer; alloy's `as_revert_data()` and viem find it there.
    pub fn reverted(output: &[u8]) -> Self {
        let data = Bytes::copy_from_slice(output);
        let message = if output.is_empty() {
            "execution reverted".to_string()
        } else {
            format!("execution reverted: custom error {data}")
        };
        Self {
            code: EXECUTION_REVERTED,
            message,
            data: Some(Value::String(data.to_string())),
        }
    }
}

/// A parsed, valid request.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// `id`; `None` for a notification (no `id` member), which gets no response.
    pub id: Option<Value>,
    /// The method name.
    pub method: String,
    /// Positional parameters (named parameters are refused with -32602 by the methods).
    pub params: Value,
}

/// A response object: exactly one of `result` and `error`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Response {
    /// Always "2.0".
    pub jsonrpc: &'static str,
    /// The request's id (`null` when it could not be read).
    pub id: Value,
    /// The result, on success.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    /// The error, on failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<RpcError>,
}

impl Response {
    /// A success.
    pub fn ok(id: Value, result: Value) -> Self {
        Self {
            jsonrpc: "2.0",
            id,
            result: Some(result),
            error: None,
        }
    }
    /// A failure.
    pub fn err(id: Value, error: RpcError) -> Self {
        Self {
            jsonrpc: "2.0",
            id,
            result: None,
            error: Some(error),
        }
    }
}

/// Validates one request object (JSON-RPC 2.0 §4). On failure returns the error response,
/// carrying the request's id when it could be read.
#[allow(clippy::result_large_err)] // the error is the response itself, built once
pub fn parse_request(value: Value) -> Result<Request, Response> {
    let Value::Object(mut object) = value else {
        return Err(Response::err(
            Value::Null,
            RpcError::invalid_request("a request must be a JSON object"),
        ));
    };
    let id = object.remove("id");
    let reply_id = match &id {
        Some(v @ (Value::Null | Value::Number(_) | Value::String(_))) => v.clone(),
        Some(_) => {
            return Err(Response::err(
                Value::Null,
                RpcError::invalid_request("id must be a string, a number or null"),
            ))
        }
        None => Value::Null,
    };
    match object.get("jsonrpc") {
        Some(Value::String(v)) if v == "2.0" => {}
        _ => {
            return Err(Response::err(
                reply_id,
                RpcError::invalid_request("jsonrpc must be \"2.0\""),
            ))
        }
    }
    let method = match object.remove("method") {
        Some(Value::String(m)) => m,
        _ => {
            return Err(Response::err(
                reply_id,
                RpcError::invalid_request("method must be a string"),
            ))
        }
    };
    let params = match object.remove("params") {
        None | Some(Value::Null) => Value::Array(Vec::new()),
        Some(p @ (Value::Array(_) | Value::Object(_))) => p,
        Some(_) => {
            return Err(Response::err(
                reply_id,
                RpcError::invalid_request("params must be an array or an object"),
            ))
        }
    };
    Ok(Request { id, method, params })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_valid_request_parses() {
        let r = parse_request(json!({"jsonrpc":"2.0","id":7,"method":"eth_chainId"})).unwrap();
        assert_eq!(r.id, Some(json!(7)));
        assert_eq!(r.params, json!([]));
    }

    #[test]
    fn invalid_requests_are_refused_with_their_id() {
        let e = parse_request(json!({"jsonrpc":"1.0","id":"a","method":"x"})).unwrap_err();
        assert_eq!(e.id, json!("a"));
        assert_eq!(e.error.unwrap().code, INVALID_REQUEST);
        let e = parse_request(json!({"jsonrpc":"2.0","id":1,"method":5})).unwrap_err();
        assert_eq!(e.error.unwrap().code, INVALID_REQUEST);
        let e = parse_request(json!({"jsonrpc":"2.0","id":[1],"method":"x"})).unwrap_err();
        assert_eq!(e.id, Value::Null);
        let e = parse_request(json!({"jsonrpc":"2.0","id":1,"method":"x","params":3})).unwrap_err();
        assert_eq!(e.error.unwrap().code, INVALID_REQUEST);
        let e = parse_request(json!(42)).unwrap_err();
        assert_eq!(e.error.unwrap().code, INVALID_REQUEST);
    }

    #[test]
    fn reverts_carry_their_data() {
        let e = RpcError::reverted(&[0xde, 0xad]);
        assert_eq!(e.code, EXECUTION_REVERTED);
        assert_eq!(e.data, Some(json!("0xdead")));
        assert!(e.message.contains("revert"));
    }
}
