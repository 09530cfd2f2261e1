//! The JSON-RPC server under malformed, oversized and concurrent requests keeps answering
//! and loses no transaction. Needs the artifact (`cargo xtask artifact`).
//!
//! One node; concurrently: K dev accounts each send M signed EIP-1559 transactions
//! (registry calls that succeed, plain transfers, and registry calls that revert), replaying
//! and gapping some of them on the way; hammer tasks post malformed JSON, invalid requests,
//! unknown methods, bad params, large batches, oversized bodies and broken HTTP; reader tasks
//! run eth_call / eth_getLogs / eth_blockNumber / eth_getBalance. Afterwards every sent
//! transaction has its receipt and status, nonces, balances, block count and logs add up,
//! every malformed request got a JSON-RPC error object (or HTTP 413 / a reset for the
//! oversized body), and the node still answers.

#![allow(missing_docs)] // the types `sol!` generates from the interface

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use alloy::primitives::{Address, Bytes, TxKind, B256, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::Filter;
use alloy::sol;
use alloy::sol_types::{SolCall, SolEvent};
use alloy::transports::http::reqwest;
use alloy_eips::eip2718::Encodable2718;
use lst_devnet::chain::BASE_FEE;
use lst_devnet::tx::{sign_eip1559, UnsignedTx};
use lst_devnet::{start, NodeConfig, RunningNode};
use serde_json::{json, Value};

sol!(
    #[sol(rpc)]
    "../abi/ILstRegistry.sol"
);

/// Sending accounts (dev accounts 1..=K; account 0 is the admin).
const K: usize = 8;
/// Transactions per sending account.
const M: u64 = 10;
/// Passes each hammer task makes over the malformed cases.
const PASSES: usize = 5;
/// Hammer tasks.
const HAMMERS: usize = 4;
/// Reader tasks.
const READERS: usize = 2;

/// What transaction `j` of an account is, and the status its receipt must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `submitApplication` to the open round: anyone may, once a round (one live application
    /// per applicant); status 1, one event.
    Apply,
    /// A view (`counts()`) sent as a transaction: mined, status 1, no event.
    Read,
    /// A plain value transfer: status 1.
    Transfer,
    /// `openRound` by a non-admin with an explicit gas limit: mined, status 0.
    Revert,
}

fn kind(j: u64) -> Kind {
    match j % 3 {
        0 if j == 0 => Kind::Apply,
        0 => Kind::Read,
        1 => Kind::Transfer,
        _ => Kind::Revert,
    }
}

fn recipient(i: usize) -> Address {
    Address::repeat_byte(0xA0 + i as u8)
}

fn transfer_value(j: u64) -> U256 {
    U256::from(1_000 + j)
}

fn raw(node: &RunningNode, i: usize, tx: UnsignedTx) -> (Bytes, B256) {
    let signer = node.accounts[i].signer().unwrap();
    let signed = sign_eip1559(tx, &signer).unwrap();
    let hash = *signed.inner().tx_hash();
    (signed.inner().encoded_2718().into(), hash)
}

fn unsigned(
    node: &RunningNode,
    nonce: u64,
    to: Address,
    gas: u64,
    value: U256,
    input: Vec<u8>,
) -> UnsignedTx {
    UnsignedTx {
        chain_id: node.chain_id,
        nonce,
        gas_limit: gas,
        max_fee_per_gas: 2 * BASE_FEE,
        max_priority_fee_per_gas: 0,
        to: TxKind::Call(to),
        value,
        input: input.into(),
    }
}

/// Transaction `j` (nonce `j`) of dev account `i`.
fn account_tx(node: &RunningNode, i: usize, j: u64) -> UnsignedTx {
    match kind(j) {
        Kind::Apply => {
            let call = ILstRegistry::submitApplicationCall {
                name: format!("lst-{i}-{j}"),
                metadataUri: format!("ipfs://application/{i}/{j}"),
                contentHash: B256::repeat_byte(i as u8 + 1),
                snapshotSpace: "metislayer2.eth".into(),
                snapshotProposal: B256::from(U256::from(i as u64 * 1_000 + j + 1)),
                stakingContract: Address::repeat_byte(0x50 + i as u8),
            };
            unsigned(
                node,
                j,
                node.registry,
                5_000_000,
                U256::ZERO,
                call.abi_encode(),
            )
        }
        Kind::Read => unsigned(
            node,
            j,
            node.registry,
            1_000_000,
            U256::ZERO,
            ILstRegistry::countsCall {}.abi_encode(),
        ),
        Kind::Transfer => unsigned(node, j, recipient(i), 21_000, transfer_value(j), Vec::new()),
        Kind::Revert => {
            let call = ILstRegistry::openRoundCall {
                slots: 1,
                deadline: u64::MAX,
            };
            unsigned(
                node,
                j,
                node.registry,
                1_000_000,
                U256::ZERO,
                call.abi_encode(),
            )
        }
    }
}

/// The JSON-RPC error code of a provider error, if the node answered with an error object.
fn rpc_code<E: std::fmt::Debug>(e: &alloy::transports::RpcError<E>) -> Option<i64> {
    e.as_error_resp().map(|p| p.code)
}

/// Checks that `v` is one JSON-RPC 2.0 error response (no result) and returns its code.
fn error_code(v: &Value, what: &str) -> i64 {
    assert_eq!(v["jsonrpc"], "2.0", "{what}: {v}");
    assert!(v.get("id").is_some(), "{what}: no id: {v}");
    assert!(v.get("result").is_none(), "{what}: a result: {v}");
    let error = v["error"]
        .as_object()
        .unwrap_or_else(|| panic!("{what}: no error object: {v}"));
    assert!(error["message"].is_string(), "{what}: {v}");
    error["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("{what}: no integer code: {v}"))
}

/// One hand-built request body and the error code its answer must carry.
struct Case {
    name: &'static str,
    body: Vec<u8>,
    code: i64,
}

fn req(id: u64, method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

/// Request objects that are valid JSON-RPC envelopes with bad methods or params, each with
/// the code it must be refused with. Used alone and inside batches. None of them mines.
fn bad_objects(registry: Address) -> Vec<(&'static str, Value, i64)> {
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
            "debug method",
            req(1, "debug_traceTransaction", json!([B256::ZERO])),
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
            "state overrides",
            req(1, "eth_call", json!([{"to": registry}, "latest", {}])),
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
            "creation estimate",
            req(1, "eth_estimateGas", json!([{"data": "0x00"}])),
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
fn cases(registry: Address) -> Vec<Case> {
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

#[derive(Default)]
struct Counters {
    malformed: AtomicUsize,
    batch_items: AtomicUsize,
    oversized_413: AtomicUsize,
    oversized_reset: AtomicUsize,
    broken_http: AtomicUsize,
    refused_txs: AtomicUsize,
    reads: AtomicUsize,
}

async fn post(client: &reqwest::Client, url: &str, body: Vec<u8>) -> (u16, Vec<u8>) {
    let r = client
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the node answers");
    let status = r.status().as_u16();
    (status, r.bytes().await.expect("a body").to_vec())
}

fn parse(body: &[u8], what: &str) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {}", String::from_utf8_lossy(body)))
}

/// Posts every malformed case `PASSES` times, plus large batches and oversized bodies.
async fn hammer(url: String, registry: Address, counters: Arc<Counters>, seed: usize) {
    let client = reqwest::Client::new();
    let cases = cases(registry);
    let objects = bad_objects(registry);
    for pass in 0..PASSES {
        for n in 0..cases.len() {
            // Each task walks the cases from a different place.
            let case = &cases[(n + seed * 7 + pass) % cases.len()];
            let (status, body) = post(&client, &url, case.body.clone()).await;
            assert_eq!(status, 200, "{}", case.name);
            let v = parse(&body, case.name);
            assert_eq!(error_code(&v, case.name), case.code, "{}: {v}", case.name);
            counters.malformed.fetch_add(1, Ordering::Relaxed);
        }

        // A full batch (100) of bad objects, ids renumbered: one error per item, by id.
        let batch: Vec<Value> = (0..100)
            .map(|k| {
                let mut o = objects[k % objects.len()].1.clone();
                if o.get("id").is_some_and(|id| id.is_number()) {
                    o["id"] = json!(k);
                }
                o
            })
            .collect();
        let (status, body) = post(&client, &url, serde_json::to_vec(&batch).unwrap()).await;
        assert_eq!(status, 200);
        let answers = parse(&body, "batch");
        let answers = answers.as_array().expect("a batch answer");
        assert_eq!(answers.len(), 100);
        for (k, answer) in answers.iter().enumerate() {
            let (name, _, code) = &objects[k % objects.len()];
            assert_eq!(
                error_code(answer, name),
                *code,
                "batch item {k} ({name}): {answer}"
            );
            if let Some(id) = answer["id"].as_u64() {
                assert_eq!(id as usize, k, "answers keep the request order");
            }
        }
        counters.batch_items.fetch_add(100, Ordering::Relaxed);
        counters.malformed.fetch_add(1, Ordering::Relaxed);

        // One over the batch limit: a single -32600.
        let batch: Vec<Value> = (0..101).map(|k| req(k, "eth_chainId", json!([]))).collect();
        let (_, body) = post(&client, &url, serde_json::to_vec(&batch).unwrap()).await;
        assert_eq!(
            error_code(&parse(&body, "batch of 101"), "batch of 101"),
            -32600
        );
        counters.malformed.fetch_add(1, Ordering::Relaxed);

        // A batch mixing garbage items with good ones: each answered on its own.
        let mixed =
            json!([1, req(1, "eth_chainId", json!([])), {"foo": 1}, req(2, "eth_nope", json!([]))]);
        let (_, body) = post(&client, &url, serde_json::to_vec(&mixed).unwrap()).await;
        let v = parse(&body, "mixed batch");
        let v = v.as_array().expect("mixed batch answer");
        assert_eq!(v.len(), 4);
        assert_eq!(error_code(&v[0], "mixed 0"), -32600);
        assert_eq!(
            v[1]["result"],
            format!("0x{:x}", lst_devnet::DEFAULT_CHAIN_ID)
        );
        assert_eq!(error_code(&v[2], "mixed 2"), -32600);
        assert_eq!(error_code(&v[3], "mixed 3"), -32601);
        counters.malformed.fetch_add(1, Ordering::Relaxed);

        // A notification of an unknown method: no answer at all (JSON-RPC 2.0 §4.1).
        let (status, body) = post(
            &client,
            &url,
            br#"{"jsonrpc":"2.0","method":"eth_nope"}"#.to_vec(),
        )
        .await;
        assert_eq!((status, body.len()), (204, 0));

        // Over the 5 MiB limit: HTTP 413 with -32600, or the connection is closed while the
        // client is still uploading (the server answers early and does not read the rest).
        let oversized = reqwest::Client::new()
            .post(&url)
            .header("content-type", "application/json")
            .body(vec![b' '; 6 * 1024 * 1024])
            .send()
            .await;
        match oversized {
            Ok(r) => {
                assert_eq!(r.status().as_u16(), 413);
                let v = parse(&r.bytes().await.unwrap(), "oversized");
                assert_eq!(error_code(&v, "oversized"), -32600);
                counters.oversized_413.fetch_add(1, Ordering::Relaxed);
            }
            Err(_) => {
                counters.oversized_reset.fetch_add(1, Ordering::Relaxed);
            }
        }
        counters.malformed.fetch_add(1, Ordering::Relaxed);
        tokio::task::yield_now().await;
    }
}

/// Broken HTTP on raw sockets: a garbage request line, and a body cut short.
fn broken_http(addr: std::net::SocketAddr, counters: &Counters) {
    let timeout = Some(Duration::from_secs(10));
    // Not HTTP at all: an HTTP 400 (from hyper) or a closed connection, never a 2xx.
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(timeout).unwrap();
    s.write_all(b"HELLO THERE\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || text.starts_with("HTTP/1.1 4"),
        "garbage request line: {text}"
    );
    counters.broken_http.fetch_add(1, Ordering::Relaxed);

    // A POST announcing 1000 bytes that sends 10 and stops writing: an HTTP 4xx (the
    // unreadable body as -32700), or a closed connection.
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(timeout).unwrap();
    s.write_all(
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\"",
    )
    .unwrap();
    s.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || text.starts_with("HTTP/1.1 4"),
        "truncated body: {text}"
    );
    if let Some((_, body)) = text.split_once("\r\n\r\n") {
        if !body.is_empty() {
            error_code(&parse(body.as_bytes(), "truncated body"), "truncated body");
        }
    }
    counters.broken_http.fetch_add(1, Ordering::Relaxed);
}

/// Reads while the senders run; block number, application count and logs never go back.
async fn reader(url: String, registry: Address, done: Arc<AtomicBool>, counters: Arc<Counters>) {
    let provider = ProviderBuilder::new().connect_http(url.parse().unwrap());
    let contract = ILstRegistry::new(registry, &provider);
    let submitted = Filter::new()
        .from_block(0)
        .address(registry)
        .event_signature(ILstRegistry::ApplicationSubmitted::SIGNATURE_HASH);
    let (mut block, mut apps, mut logs) = (0u64, 0u64, 0usize);
    loop {
        // Checked before the round of reads: one full round runs after the senders finish.
        let last = done.load(Ordering::Acquire);
        let b = provider.get_block_number().await.expect("eth_blockNumber");
        assert!(b >= block, "block number went back: {block} -> {b}");
        block = b;
        let c = contract.counts().call().await.expect("eth_call counts()");
        assert!(c.applicationCount >= apps, "applications went back");
        apps = c.applicationCount;
        let l = provider
            .get_logs(&submitted)
            .await
            .expect("eth_getLogs")
            .len();
        assert!(l >= logs, "logs went back: {logs} -> {l}");
        logs = l;
        provider
            .get_balance(recipient(1))
            .await
            .expect("eth_getBalance");
        // A batch of 100 good reads: 100 results.
        let batch: Vec<Value> = (0..100)
            .map(|k| match k % 3 {
                0 => req(k, "eth_blockNumber", json!([])),
                1 => req(k, "eth_chainId", json!([])),
                _ => req(
                    k,
                    "eth_getTransactionCount",
                    json!([recipient(1), "latest"]),
                ),
            })
            .collect();
        let raw: Value = reqwest::Client::new()
            .post(&url)
            .json(&batch)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let raw = raw.as_array().expect("a batch answer");
        assert_eq!(raw.len(), 100);
        assert!(raw.iter().all(|r| r.get("result").is_some()), "{raw:?}");
        counters.reads.fetch_add(5 + 100, Ordering::Relaxed);
        if last {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Sends the M transactions of account `i` in nonce order; replays each, and tries a nonce
/// gap and a wrong chain id on the way (all refused with -32000, never mined).
async fn sender(node: Arc<RunningNode>, i: usize, counters: Arc<Counters>) -> Vec<(u64, B256)> {
    let provider = ProviderBuilder::new().connect_http(node.url.parse().unwrap());
    let mut hashes = Vec::new();
    for j in 0..M {
        let (tx, hash) = raw(&node, i, account_tx(&node, i, j));
        let sent = provider
            .send_raw_transaction(&tx)
            .await
            .unwrap_or_else(|e| panic!("account {i} tx {j}: {e}"));
        assert_eq!(
            *sent.tx_hash(),
            hash,
            "the node's hash is the transaction's"
        );
        hashes.push((j, hash));

        let e = provider.send_raw_transaction(&tx).await.unwrap_err();
        assert_eq!(rpc_code(&e), Some(-32000), "replay: {e}");
        assert!(e.to_string().contains("already known"), "{e}");
        counters.refused_txs.fetch_add(1, Ordering::Relaxed);
        if j % 4 == 1 {
            let (gap, _) = raw(
                &node,
                i,
                unsigned(
                    &node,
                    j + 5,
                    recipient(i),
                    21_000,
                    U256::from(1),
                    Vec::new(),
                ),
            );
            let e = provider.send_raw_transaction(&gap).await.unwrap_err();
            assert_eq!(rpc_code(&e), Some(-32000), "gap: {e}");
            assert!(e.to_string().contains("nonce too high"), "{e}");
            let mut other_chain = unsigned(
                &node,
                j + 1,
                recipient(i),
                21_000,
                U256::from(1),
                Vec::new(),
            );
            other_chain.chain_id = 1;
            let (other_chain, _) = raw(&node, i, other_chain);
            let e = provider
                .send_raw_transaction(&other_chain)
                .await
                .unwrap_err();
            assert_eq!(rpc_code(&e), Some(-32000), "chain id: {e}");
            counters.refused_txs.fetch_add(2, Ordering::Relaxed);
        }
    }
    hashes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_traffic_with_malformed_requests_loses_no_transaction() {
    let node = Arc::new(
        start(NodeConfig {
            port: 0,
            seed: false,
            ..Default::default()
        })
        .await
        .expect("node starts (run `cargo xtask artifact` first)"),
    );
    assert!(node.accounts.len() > K);
    let provider = ProviderBuilder::new().connect_http(node.url.parse().unwrap());

    // The admin opens a round so that any account can apply.
    let now = provider
        .get_block_by_number(alloy::rpc::types::BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    let open = ILstRegistry::openRoundCall {
        slots: 3,
        deadline: now + 86_400,
    };
    let admin_nonce = provider
        .get_transaction_count(node.accounts[0].address)
        .await
        .unwrap();
    let (tx, hash) = raw(
        &node,
        0,
        unsigned(
            &node,
            admin_nonce,
            node.registry,
            5_000_000,
            U256::ZERO,
            open.abi_encode(),
        ),
    );
    let _ = provider.send_raw_transaction(&tx).await.unwrap();
    assert!(provider
        .get_transaction_receipt(hash)
        .await
        .unwrap()
        .unwrap()
        .status());

    let before = provider.get_block_number().await.unwrap();
    let balances_before: Vec<U256> = {
        let mut v = Vec::new();
        for i in 1..=K {
            v.push(
                provider
                    .get_balance(node.accounts[i].address)
                    .await
                    .unwrap(),
            );
        }
        v
    };
    let started = Instant::now();
    let counters = Arc::new(Counters::default());
    let done = Arc::new(AtomicBool::new(false));

    let senders: Vec<_> = (1..=K)
        .map(|i| tokio::spawn(sender(node.clone(), i, counters.clone())))
        .collect();
    let hammers: Vec<_> = (0..HAMMERS)
        .map(|seed| {
            tokio::spawn(hammer(
                node.url.clone(),
                node.registry,
                counters.clone(),
                seed,
            ))
        })
        .collect();
    let readers: Vec<_> = (0..READERS)
        .map(|_| {
            tokio::spawn(reader(
                node.url.clone(),
                node.registry,
                done.clone(),
                counters.clone(),
            ))
        })
        .collect();
    let broken = {
        let (addr, counters) = (node.addr, counters.clone());
        tokio::task::spawn_blocking(move || broken_http(addr, &counters))
    };

    let mut sent = Vec::new();
    for (k, s) in senders.into_iter().enumerate() {
        sent.push((k + 1, s.await.expect("sender task")));
    }
    // How much of the other traffic ran while the transactions were being sent.
    let malformed_during = counters.malformed.load(Ordering::Relaxed);
    let reads_during = counters.reads.load(Ordering::Relaxed);
    done.store(true, Ordering::Release);
    for h in hammers {
        h.await.expect("hammer task");
    }
    for r in readers {
        r.await.expect("reader task");
    }
    broken.await.expect("broken-http task");
    let concurrent = started.elapsed();

    // Exactly K×M blocks, one transaction each.
    let after = provider
        .get_block_number()
        .await
        .expect("eth_blockNumber still answers");
    assert_eq!(
        after - before,
        K as u64 * M,
        "one block per sent transaction, no more"
    );
    for n in before + 1..=after {
        let count: alloy::primitives::U64 = provider
            .raw_request(
                "eth_getBlockTransactionCountByNumber".into(),
                (format!("0x{n:x}"),),
            )
            .await
            .unwrap();
        assert_eq!(count.to::<u64>(), 1, "block {n}");
    }

    // Every transaction has its receipt and status; balances pay exactly gas and values.
    let mut blocks = std::collections::BTreeSet::new();
    let mut applications = 0;
    for (i, hashes) in &sent {
        let address = node.accounts[*i].address;
        assert_eq!(hashes.len() as u64, M);
        assert_eq!(
            provider.get_transaction_count(address).await.unwrap(),
            M,
            "account {i}"
        );
        let mut spent = U256::ZERO;
        let mut received = U256::ZERO;
        for (j, hash) in hashes {
            let receipt = provider
                .get_transaction_receipt(*hash)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("account {i} tx {j}: no receipt"));
            assert_eq!(receipt.from, address);
            let expected = kind(*j);
            assert_eq!(
                receipt.status(),
                expected != Kind::Revert,
                "account {i} tx {j} ({expected:?})"
            );
            let logs = receipt.inner.logs();
            match expected {
                Kind::Apply => {
                    assert_eq!(logs.len(), 1, "account {i} tx {j}");
                    let e = ILstRegistry::ApplicationSubmitted::decode_log(&logs[0].inner).unwrap();
                    assert_eq!(e.applicant, address);
                    applications += 1;
                }
                Kind::Transfer => {
                    assert!(logs.is_empty());
                    received += transfer_value(*j);
                }
                Kind::Read | Kind::Revert => assert!(logs.is_empty()),
            }
            assert!(
                blocks.insert(receipt.block_number.unwrap()),
                "two txs in one block"
            );
            spent += U256::from(receipt.gas_used) * U256::from(receipt.effective_gas_price);
        }
        assert_eq!(
            provider.get_balance(recipient(*i)).await.unwrap(),
            received,
            "recipient of {i}"
        );
        assert_eq!(
            provider.get_balance(address).await.unwrap(),
            balances_before[*i - 1] - spent - received,
            "account {i} paid gas and values, nothing else"
        );
    }
    assert_eq!(blocks.len(), K * M as usize);
    assert_eq!(
        (*blocks.first().unwrap(), *blocks.last().unwrap()),
        (before + 1, after)
    );

    // The registry saw every application, once.
    let registry = ILstRegistry::new(node.registry, &provider);
    assert_eq!(
        registry.counts().call().await.unwrap().applicationCount,
        applications
    );
    let submitted = Filter::new()
        .from_block(0)
        .address(node.registry)
        .event_signature(ILstRegistry::ApplicationSubmitted::SIGNATURE_HASH);
    assert_eq!(
        provider.get_logs(&submitted).await.unwrap().len() as u64,
        applications
    );

    // Still answering.
    assert_eq!(provider.get_block_number().await.unwrap(), after);
    assert_eq!(provider.get_chain_id().await.unwrap(), node.chain_id);

    let c = &counters;
    let oversized =
        c.oversized_413.load(Ordering::Relaxed) + c.oversized_reset.load(Ordering::Relaxed);
    assert_eq!(oversized, HAMMERS * PASSES);
    println!(
        "robustness: {} txs mined ({} applications, {} reads/transfers/reverts), {} refused tx \
         replays/gaps/wrong-chain, {} malformed requests (incl. {} oversized: {} HTTP 413, {} \
         reset; {} batch items), {} broken-HTTP connections, {} reads; {} malformed requests and {} \
         reads while the txs were sent; concurrent phase {:.1?}",
        K as u64 * M,
        applications,
        K as u64 * M - applications,
        c.refused_txs.load(Ordering::Relaxed),
        c.malformed.load(Ordering::Relaxed),
        oversized,
        c.oversized_413.load(Ordering::Relaxed),
        c.oversized_reset.load(Ordering::Relaxed),
        c.batch_items.load(Ordering::Relaxed),
        c.broken_http.load(Ordering::Relaxed),
        c.reads.load(Ordering::Relaxed),
        malformed_during,
        reads_during,
        concurrent,
    );
}
