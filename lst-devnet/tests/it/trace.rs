//! Tracing over JSON-RPC: `debug_traceTransaction`, `debug_traceCall` and
//! `debug_traceBlockByNumber` with geth's `callTracer`, Nitro's `stylusTracer` and the default
//! struct logger, on the registry's own transactions (the core, and the admin and views
//! programs it delegates to).

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, B256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolCall;
use lst_devnet::RunningNode;
use serde_json::{json, Value};

use crate::common::{code_of, node, quantity, rpc, wallet};
use crate::ILstRegistry;

/// `registerNode` from account `from` (the admin is account 0): the mined hash, whatever
/// its status.
async fn register(node: &RunningNode, from: usize, i: u8) -> B256 {
    let input = ILstRegistry::registerNodeCall {
        operator: Address::repeat_byte(0x10 + i),
        sequencerSigner: Address::repeat_byte(0x20 + i),
        metadataUri: format!("ipfs://node-{i}"),
    }
    .abi_encode();
    send(node, from, input).await
}

/// A transaction to the registry from account `from`: the mined hash, whatever its status.
async fn send(node: &RunningNode, from: usize, input: Vec<u8>) -> B256 {
    let tx = TransactionRequest::default()
        .with_to(node.registry)
        .with_input(input)
        .with_gas_limit(3_000_000);
    let pending = wallet(node, from).send_transaction(tx).await.unwrap();
    *pending.tx_hash()
}

/// The receipt of the mined transaction `hash`, as JSON.
async fn receipt_of(node: &RunningNode, hash: B256) -> Value {
    rpc(node, "eth_getTransactionReceipt", json!([hash]))
        .await
        .unwrap()
}

/// `debug_traceTransaction` of `hash` with geth's `callTracer`.
async fn call_trace(node: &RunningNode, hash: B256) -> Value {
    rpc(
        node,
        "debug_traceTransaction",
        json!([hash, {"tracer": "callTracer"}]),
    )
    .await
    .unwrap()
}

/// The first inner call of a `callTracer` frame: the registry's delegate call to `program`,
/// with no value and less gas than the whole call.
fn delegated<'a>(call: &'a Value, node: &RunningNode, program: Address) -> &'a Value {
    let inner = &call["calls"][0];
    assert_eq!(
        (
            inner["type"].clone(),
            inner["from"].clone(),
            inner["to"].clone()
        ),
        (json!("DELEGATECALL"), json!(node.registry), json!(program))
    );
    assert!(inner.get("value").is_none());
    assert!(quantity(&inner["gasUsed"]) < quantity(&call["gasUsed"]));
    inner
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_mined_transaction_is_traced_three_ways() {
    let n = node(false).await;
    // `openRound`, served by the core itself (no delegate call), which returns the round's id.
    let latest = rpc(&n, "eth_getBlockByNumber", json!(["latest", false]))
        .await
        .unwrap();
    let input = ILstRegistry::openRoundCall {
        slots: 2,
        deadline: quantity(&latest["timestamp"]) + 86_400,
    }
    .abi_encode();
    let hash = send(&n, 0, input).await;
    let receipt = receipt_of(&n, hash).await;
    let tx = rpc(&n, "eth_getTransactionByHash", json!([hash]))
        .await
        .unwrap();
    assert_eq!(receipt["status"], json!("0x1"));

    let call = call_trace(&n, hash).await;
    assert_eq!(call["type"], json!("CALL"));
    assert_eq!(call["from"], json!(n.accounts[0].address));
    assert_eq!(call["to"], json!(n.registry));
    assert_eq!(call["input"], tx["input"]);
    assert_eq!(call["gas"], tx["gas"]);
    assert_eq!(call["gasUsed"], receipt["gasUsed"]);
    assert_eq!(call["value"], json!("0x0"));
    assert!(
        call.get("error").is_none() && call.get("calls").is_none(),
        "{call}"
    );

    let hostios = rpc(
        &n,
        "debug_traceTransaction",
        json!([hash, {"tracer": "stylusTracer"}]),
    )
    .await
    .unwrap();
    let list = names(&hostios);
    assert_eq!(list.first().map(String::as_str), Some("user_entrypoint"));
    assert_eq!(list.last().map(String::as_str), Some("user_returned"));
    for expected in ["read_args", "storage_flush_cache", "emit_log", "msg_sender"] {
        assert!(list.iter().any(|n| n == expected), "{expected} in {list:?}");
    }
    let input_len = tx["input"].as_str().unwrap().len() as u64 / 2 - 1;
    assert_eq!(hostios[0]["args"], json!(format!("0x{input_len:08x}")));
    assert_eq!(hostios[list.len() - 1]["outs"], json!("0x00000000"));
    let read_args = &hostios[list.iter().position(|n| n == "read_args").unwrap()];
    assert_eq!(read_args["outs"], tx["input"]);
    let mut last = u64::MAX;
    for h in hostios.as_array().unwrap() {
        let (start, end) = (
            h["startInk"].as_u64().unwrap(),
            h["endInk"].as_u64().unwrap(),
        );
        assert!(start <= last && end <= start, "{h}");
        last = end;
    }

    let logs = rpc(&n, "debug_traceTransaction", json!([hash]))
        .await
        .unwrap();
    assert_eq!(
        logs,
        json!({"gas": quantity(&receipt["gasUsed"]), "failed": false, "returnValue": call["output"], "structLogs": []})
    );

    let block = rpc(
        &n,
        "debug_traceBlockByNumber",
        json!([receipt["blockNumber"], {"tracer": "callTracer"}]),
    )
    .await
    .unwrap();
    assert_eq!(block, json!([{"txHash": hash, "result": call}]));
}

/// The admin's functions run in the admin program: the call tree shows the core's delegate
/// call to it, and the logs it emits are the registry's.
#[tokio::test]
async fn an_admin_function_is_traced_through_the_admin_program() {
    let n = node(false).await;
    let admin_program = ILstRegistry::new(n.registry, wallet(&n, 0))
        .adminProgram()
        .call()
        .await
        .unwrap();
    let hash = register(&n, 0, 1).await;
    let receipt = receipt_of(&n, hash).await;
    assert_eq!(receipt["status"], json!("0x1"));
    for log in receipt["logs"].as_array().unwrap() {
        assert_eq!(log["address"], json!(n.registry));
    }
    let call = call_trace(&n, hash).await;
    let inner = delegated(&call, &n, admin_program);
    assert_eq!(call["calls"].as_array().unwrap().len(), 1);
    assert_eq!(inner["output"], call["output"]);
}

#[tokio::test]
async fn a_revert_and_a_delegated_view_are_traced() {
    let n = node(false).await;
    // A stranger registering a node: reverted with the registry's custom error.
    let hash = register(&n, 9, 2).await;
    let receipt = receipt_of(&n, hash).await;
    assert_eq!(receipt["status"], json!("0x0"));
    let call = call_trace(&n, hash).await;
    assert_eq!(call["error"], json!("execution reverted"));
    let output = call["output"].as_str().unwrap().to_owned();
    assert!(
        output.len() >= 10,
        "revert data carries the custom error: {call}"
    );
    let logs = rpc(&n, "debug_traceTransaction", json!([hash]))
        .await
        .unwrap();
    assert_eq!(
        (logs["failed"].clone(), logs["returnValue"].clone()),
        (json!(true), json!(output))
    );

    // A view: the core delegates it to the views program.
    let views = ILstRegistry::new(n.registry, wallet(&n, 0))
        .viewsProgram()
        .call()
        .await
        .unwrap();
    let request =
        json!({"to": n.registry, "data": Bytes::from(ILstRegistry::rulesCall {}.abi_encode())});
    let call = rpc(
        &n,
        "debug_traceCall",
        json!([request, "latest", {"tracer": "callTracer"}]),
    )
    .await
    .unwrap();
    let expected_output = rpc(&n, "eth_call", json!([request, "latest"]))
        .await
        .unwrap();
    assert_eq!(call["output"], expected_output);
    let inner = delegated(&call, &n, views);
    assert_eq!(inner["output"], expected_output);
    let top = rpc(
        &n,
        "debug_traceCall",
        json!([request, "latest", {"tracer": "callTracer", "tracerConfig": {"onlyTopCall": true}}]),
    )
    .await
    .unwrap();
    assert!(top.get("calls").is_none());

    let hostios = rpc(
        &n,
        "debug_traceCall",
        json!([request, "latest", {"tracer": "stylusTracer"}]),
    )
    .await
    .unwrap();
    let delegate = hostios
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == json!("delegate_call_contract"))
        .expect("the core delegates");
    assert_eq!(delegate["address"], json!(views));
    let steps = names(&delegate["steps"]);
    assert_eq!(steps.first().map(String::as_str), Some("user_entrypoint"));
    assert!(
        steps.iter().any(|s| s == "storage_load_bytes32"),
        "{steps:?}"
    );
}

#[tokio::test]
async fn a_transaction_later_in_a_block_is_replayed_after_the_earlier_ones() {
    let n = node(false).await;
    rpc(&n, "evm_setAutomine", json!([false])).await.unwrap();
    let first = register(&n, 0, 3).await;
    let second = register(&n, 0, 4).await;
    rpc(&n, "evm_mine", json!([])).await.unwrap();
    let receipt = receipt_of(&n, second).await;
    assert_eq!(receipt["transactionIndex"], json!("0x1"));
    // The replay must see the first registration (the second one's storage costs depend on
    // it); the node checks the replay's gas against the receipt's.
    let call = call_trace(&n, second).await;
    assert_eq!(call["gasUsed"], receipt["gasUsed"]);
    let first_receipt = receipt_of(&n, first).await;
    assert_eq!(first_receipt["blockHash"], receipt["blockHash"]);
}

#[tokio::test]
async fn bad_tracing_requests_are_refused() {
    let n = node(false).await;
    let hash = register(&n, 0, 5).await;
    let error = rpc(
        &n,
        "debug_traceTransaction",
        json!([hash, {"tracer": "prestateTracer"}]),
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&error), -32000);
    assert!(
        error["message"].as_str().unwrap().contains("not supported"),
        "{error}"
    );
    let error = rpc(&n, "debug_traceTransaction", json!([B256::repeat_byte(7)]))
        .await
        .unwrap_err();
    assert!(
        error["message"].as_str().unwrap().contains("not found"),
        "{error}"
    );
    let error = rpc(&n, "debug_traceTransaction", json!(["0x12"]))
        .await
        .unwrap_err();
    assert_eq!(code_of(&error), -32602);
    // Deployments are not traced: the registry's own deployment (block 1: the views
    // program's creation).
    let deploy = rpc(&n, "eth_getBlockByNumber", json!(["0x1", false]))
        .await
        .unwrap();
    let error = rpc(
        &n,
        "debug_traceTransaction",
        json!([deploy["transactions"][0]]),
    )
    .await
    .unwrap_err();
    assert!(
        error["message"].as_str().unwrap().contains("creation"),
        "{error}"
    );
    let error = rpc(&n, "debug_traceBlockByNumber", json!(["0xffff"]))
        .await
        .unwrap_err();
    assert!(
        error["message"].as_str().unwrap().contains("not found"),
        "{error}"
    );
}
