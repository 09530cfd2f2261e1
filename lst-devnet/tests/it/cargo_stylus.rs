//! `cargo stylus check` and `cargo stylus deploy` against the node, replayed: the JSON-RPC
//! exchange cargo-stylus 0.10.10 had with a fresh `lst-devnet`, recorded by
//! `bash scripts/cargo-stylus-devnet.sh` into `tests/fixtures/cargo-stylus.json` (installing
//! cargo-stylus takes about 9 minutes, so the test run replays it instead). Every request is
//! sent again, in order, to a fresh node, and the answers must be what cargo-stylus got:
//! `codehashVersion` failing with `ProgramNotActivated`, the data fee learnt under a code
//! override, the views and admin programs each created by its signed transaction and activated
//! by the next, and the registry created, activated and constructed by one transaction to the
//! StylusDeployer — the same transaction hashes, receipts and gas — then `admin()`,
//! `viewsProgram()` and `adminProgram()` read back.
//!
//! `cargo stylus cache status`, `suggest-bid` and `bid` are replayed the same way, from
//! `tests/fixtures/cargo-stylus-cache.json` (recorded by `lst-devnet/js/cargo-stylus/record-cache.mjs`, run
//! by the same script): the genesis CacheManager found through `ArbWasmCache`, its status,
//! the bid that caches the node's registry, then `AlreadyCached` and `ProgramNotActivated`.
//!
//! What depends on the clock is compared by its shape: a data fee (the data pricer's demand
//! decays with time) must be non-zero and no more than what the recorded transaction paid
//! for, and balances after a fee only answer.

use alloy::primitives::{Address, U256};
use alloy::providers::Provider;
use serde_json::Value;

use crate::common::{node, rpc};

/// `ArbWasm.activateProgram(address)`.
const ACTIVATE_PROGRAM: &str = "0x58c780c2";

/// The recording `tests/fixtures/<name>`.
fn recording(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn word(hex: &str, index: usize) -> U256 {
    let digits = &hex.trim_start_matches("0x")[index * 64..(index + 1) * 64];
    U256::from_str_radix(digits, 16).unwrap()
}

/// The fields of a receipt that do not depend on the clock.
fn receipt_shape(receipt: &Value) -> Value {
    let logs: Vec<Value> = receipt["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| serde_json::json!({ "address": l["address"], "topics": l["topics"] }))
        .collect();
    serde_json::json!({
        "status": receipt["status"],
        "blockNumber": receipt["blockNumber"],
        "transactionHash": receipt["transactionHash"],
        "from": receipt["from"],
        "to": receipt["to"],
        "contractAddress": receipt["contractAddress"],
        "gasUsed": receipt["gasUsed"],
        "logs": logs,
    })
}

/// Sends every recorded request to `node`, in order, and compares the answers with the
/// recorded ones; returns how many transactions were sent.
async fn replay(node: &lst_devnet::RunningNode, exchanges: &[Value]) -> usize {
    let mut sent = 0;
    for (i, exchange) in exchanges.iter().enumerate() {
        let method = exchange["request"]["method"].as_str().unwrap();
        let params = exchange["request"]["params"].clone();
        let params = if params.is_null() {
            Value::Array(vec![])
        } else {
            params
        };
        let expected = &exchange["response"];
        let answer = rpc(node, method, params.clone()).await;
        let context = format!("exchange {i}: {method} {params}");
        if let Some(error) = expected.get("error") {
            let got = answer.expect_err(&context);
            assert_eq!(got["code"], error["code"], "{context}");
            assert_eq!(got["data"], error["data"], "{context}");
            continue;
        }
        let got = answer.unwrap_or_else(|e| panic!("{context}: {e}"));
        let result = &expected["result"];
        match method {
            "eth_call"
                if params[0]["input"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with(ACTIVATE_PROGRAM) =>
            {
                // (version, dataFee): the version exactly; the fee by its shape.
                let (got, want) = (got.as_str().unwrap(), result.as_str().unwrap());
                assert_eq!(word(got, 0), word(want, 0), "{context}");
                assert!(word(got, 1) > U256::ZERO, "{context}");
                assert!(
                    word(got, 1) <= word(want, 1) * U256::from(12) / U256::from(10),
                    "{context}"
                );
            }
            "eth_getTransactionReceipt" => {
                assert_eq!(receipt_shape(&got), receipt_shape(result), "{context}");
                assert_eq!(got["status"], "0x1", "{context}");
            }
            "eth_sendRawTransaction" => {
                assert_eq!(&got, result, "{context}");
                sent += 1;
            }
            // A balance after an activation's data fee; the fee history's ratios of gas that
            // includes activations: answered, not compared.
            "eth_getBalance" | "eth_feeHistory" => {}
            _ => assert_eq!(&got, result, "{context}"),
        }
    }
    sent
}

#[tokio::test(flavor = "multi_thread")]
async fn cargo_stylus_check_and_deploy_replayed_against_a_fresh_node() {
    let recorded = recording("cargo-stylus.json");
    assert_eq!(recorded["cargoStylus"], "stylus 0.10.10");
    let exchanges = recorded["exchanges"].as_array().unwrap();
    let node = node(false).await;
    let sent = replay(&node, exchanges).await;
    assert_eq!(
        sent, 5,
        "the views and admin programs' creations and activations, the registry's deployment"
    );

    // The registry answers through its views program, with the admin of the constructor.
    let registry: Address = serde_json::from_value(recorded["registry"].clone()).unwrap();
    let views: Address = serde_json::from_value(recorded["views"].clone()).unwrap();
    let admin_program: Address = serde_json::from_value(recorded["adminProgram"].clone()).unwrap();
    let admin: Address = serde_json::from_value(recorded["deployer"].clone()).unwrap();
    let client = crate::common::reader(&node);
    let registry = crate::ILstRegistry::new(registry, client);
    assert_eq!(registry.admin().call().await.unwrap(), admin);
    assert_eq!(registry.viewsProgram().call().await.unwrap(), views);
    assert_eq!(registry.adminProgram().call().await.unwrap(), admin_program);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn cargo_stylus_cache_status_and_bid_replayed_against_a_fresh_node() {
    let recorded = recording("cargo-stylus-cache.json");
    assert_eq!(recorded["cargoStylus"], "stylus 0.10.10");
    let node = node(false).await;
    // The program bid for is the registry the node deploys itself.
    let registry: Address = serde_json::from_value(recorded["registry"].clone()).unwrap();
    assert_eq!(node.registry, registry);
    let exchanges = recorded["exchanges"].as_array().unwrap();
    assert_eq!(replay(&node, exchanges).await, 1, "the bid");

    // The registry's code is cached now; the CacheManager holds the bid.
    let client = crate::common::reader(&node);
    let code = client.get_code_at(registry).await.unwrap();
    let cached = rpc(
        &node,
        "eth_call",
        serde_json::json!([{
            "to": "0x0000000000000000000000000000000000000072",
            "input": format!("0xa72f179b{}", alloy::primitives::hex::encode(alloy::primitives::keccak256(&code))),
        }, "latest"]),
    )
    .await
    .unwrap();
    assert_eq!(word(cached.as_str().unwrap(), 0), U256::from(1));
    assert_eq!(
        client
            .get_balance(lst_devnet::genesis::CACHE_MANAGER)
            .await
            .unwrap(),
        U256::from(1000)
    );
    node.shutdown();
}
