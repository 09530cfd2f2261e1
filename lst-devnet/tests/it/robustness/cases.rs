//! The hand-built requests: malformed JSON, invalid request objects, unknown methods, bad
//! parameters, batches, each with the JSON-RPC error code its answer must carry.

use super::*;

/// One hand-built request body and the error code its answer must carry.
pub(super) struct Case {
    pub(super) name: &'static str,
    pub(super) body: Vec<u8>,
    pub(super) code: i64,
}

pub(super) fn req(id: u64, method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

/// Request objects that are valid JSON-RPC envelopes with bad methods or params, each with
/// the code it must be refused with. Used alone and inside batches. None of them mines.
pub(super) fn bad_objects(registry: Address) -> Vec<(&'static str, Value, i64)> {
    let a = Address::repeat_byte(0x42);
    let short_call = json!({"to": registry, "data": "0x12"});
    let not_admin = format!(
        "0x{}",
        alloy::hex::encode(
            ILstRegistry::openRoundCall {
                slots: 1,
                deadline: u64::MAX
            }
            .abi_encode()
        )
    );
    vec![
        ("unknown method", req(1, "eth_nope", json!([])), -32601),
        (
            "trace of an unknown transaction",
            req(1, "debug_traceTransaction", json!([B256::ZERO])),
            -32000,
        ),
        (
            "method of a namespace the node does not serve",
            req(1, "trace_transaction", json!([B256::ZERO])),
            -32601,
        ),
        (
            "huge method name",
            req(1, &"x".repeat(10_000), json!([])),
            -32601,
        ),
        (
            "bad address",
            req(1, "eth_getBalance", json!(["0xzz"])),
            -32602,
        ),
        ("missing param", req(1, "eth_getBalance", json!([])), -32602),
        (
            "named params",
            req(1, "eth_getBalance", json!({"address": a})),
            -32602,
        ),
        (
            "too many params",
            req(1, "eth_getBalance", json!([a, "latest", 1])),
            -32602,
        ),
        (
            "future block",
            req(1, "eth_getBalance", json!([a, "0xffffffff"])),
            -32000,
        ),
        (
            "empty raw tx",
            req(1, "eth_sendRawTransaction", json!(["0x"])),
            -32602,
        ),
        (
            "truncated raw tx",
            req(1, "eth_sendRawTransaction", json!(["0x02c0"])),
            -32602,
        ),
        (
            "garbage raw tx",
            req(
                1,
                "eth_sendRawTransaction",
                json!(["0x".to_string() + &"ff".repeat(64)]),
            ),
            -32602,
        ),
        (
            "non-hex raw tx",
            req(1, "eth_sendRawTransaction", json!(["hello"])),
            -32602,
        ),
        (
            "numeric raw tx",
            req(1, "eth_sendRawTransaction", json!([12345])),
            -32602,
        ),
        (
            "bad call target",
            req(1, "eth_call", json!([{"to": "0x1234"}, "latest"])),
            -32602,
        ),
        (
            "short calldata",
            req(1, "eth_call", json!([short_call, "latest"])),
            3,
        ),
        (
            "data != input",
            req(
                1,
                "eth_call",
                json!([{"to": registry, "data": "0x01", "input": "0x02"}]),
            ),
            -32602,
        ),
        (
            "call gas too high",
            req(
                1,
                "eth_call",
                json!([{"to": registry, "gas": "0xffffffffff"}]),
            ),
            -32000,
        ),
        (
            "state override with both state and stateDiff",
            req(
                1,
                "eth_call",
                json!([{"to": registry}, "latest", {registry.to_string(): {"state": {}, "stateDiff": {}}}]),
            ),
            -32602,
        ),
        (
            "reverting estimate",
            req(
                1,
                "eth_estimateGas",
                json!([{"to": registry, "data": not_admin}]),
            ),
            3,
        ),
        (
            // A creation whose init code halts (INVALID): geth's -32000 with its words.
            "halting creation estimate",
            req(1, "eth_estimateGas", json!([{"data": "0xfe"}])),
            -32000,
        ),
        (
            "inverted log range",
            req(
                1,
                "eth_getLogs",
                json!([{"fromBlock": "0x10", "toBlock": "0x1"}]),
            ),
            -32000,
        ),
        (
            "huge log range",
            req(
                1,
                "eth_getLogs",
                json!([{"fromBlock": "0x0", "toBlock": "0xffffffffff"}]),
            ),
            -32000,
        ),
        (
            "unknown log block",
            req(
                1,
                "eth_getLogs",
                json!([{"blockHash": B256::repeat_byte(1)}]),
            ),
            -32000,
        ),
        (
            "bad log address",
            req(1, "eth_getLogs", json!([{"address": "0xnope"}])),
            -32602,
        ),
        (
            "bad block tag",
            req(1, "eth_getBlockByNumber", json!(["banana", false])),
            -32602,
        ),
        (
            "short tx hash",
            req(1, "eth_getTransactionReceipt", json!(["0x1234"])),
            -32602,
        ),
        (
            "foreign sender",
            req(
                1,
                "eth_sendTransaction",
                json!([{"from": a, "to": a, "value": "0x1"}]),
            ),
            -32000,
        ),
        (
            "no sender",
            req(1, "eth_sendTransaction", json!([{"to": a, "value": "0x1"}])),
            -32602,
        ),
        (
            "bad fee history",
            req(1, "eth_feeHistory", json!(["0x5", "banana"])),
            -32602,
        ),
        (
            "bad time shift",
            req(1, "evm_increaseTime", json!([{"x": 1}])),
            -32602,
        ),
        (
            "too many blocks",
            req(1, "anvil_mine", json!(["0xffffffff"])),
            -32602,
        ),
        (
            "bad sha3 data",
            req(1, "web3_sha3", json!(["0xzz"])),
            -32602,
        ),
        (
            "no jsonrpc",
            json!({"id": 1, "method": "eth_chainId"}),
            -32600,
        ),
        (
            "jsonrpc 1.0",
            json!({"jsonrpc": "1.0", "id": 1, "method": "eth_chainId"}),
            -32600,
        ),
        (
            "numeric method",
            json!({"jsonrpc": "2.0", "id": 1, "method": 7}),
            -32600,
        ),
        (
            "scalar params",
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": 3}),
            -32600,
        ),
        (
            "array id",
            json!({"jsonrpc": "2.0", "id": [1], "method": "eth_chainId"}),
            -32600,
        ),
        ("scalar request", json!(42), -32600),
        ("string request", json!("eth_chainId"), -32600),
        ("null request", Value::Null, -32600),
    ]
}

/// Whole bodies: not JSON, or not a request, plus every bad object on its own.
pub(super) fn cases(registry: Address) -> Vec<Case> {
    let mut cases = vec![
        Case {
            name: "not json",
            body: b"{not json".to_vec(),
            code: -32700,
        },
        Case {
            name: "empty body",
            body: Vec::new(),
            code: -32700,
        },
        Case {
            name: "blank body",
            body: b"  \n ".to_vec(),
            code: -32700,
        },
        Case {
            name: "invalid utf-8",
            body: b"\xff\xfe{\"a\":1}".to_vec(),
            code: -32700,
        },
        Case {
            name: "trailing garbage",
            body: br#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"} x"#.to_vec(),
            code: -32700,
        },
        Case {
            name: "deep nesting",
            body: vec![b'['; 100_000],
            code: -32700,
        },
        Case {
            name: "empty batch",
            body: b"[]".to_vec(),
            code: -32600,
        },
    ];
    for (name, object, code) in bad_objects(registry) {
        cases.push(Case {
            name,
            body: serde_json::to_vec(&object).unwrap(),
            code,
        });
    }
    cases
}
