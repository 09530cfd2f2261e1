//! A chain that survives: `anvil_dumpState` / `anvil_loadState` / `anvil_reset` over
//! JSON-RPC, and the `--state FILE` of the binary, killed with SIGKILL in the middle of a
//! stream of transactions and started again from its file.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolCall;
use lst_devnet::chain::{STATE_FORMAT, STATE_VERSION};
use lst_devnet::{start, NodeConfig, RunningNode};
use serde_json::{json, Value};

use crate::common::{code_of, node, rpc, rpc_at, wallet};
use crate::ILstRegistry;

/// A fresh path in the system's temporary directory.
fn temp_path(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    std::env::temp_dir().join(format!(
        "lst-devnet-{name}-{}-{nanos}.json",
        std::process::id()
    ))
}

/// Sends 1 wei from development account `i` to `to`; the transaction's hash.
async fn transfer(node: &RunningNode, i: usize, to: Address) -> B256 {
    let tx = TransactionRequest::default()
        .with_to(to)
        .with_value(U256::from(1));
    let pending = wallet(node, i).send_transaction(tx).await.unwrap();
    *pending.tx_hash()
}

/// What two nodes must agree on when one holds the other's state.
async fn fingerprint(node: &RunningNode, registry: Address) -> Value {
    let latest = rpc(node, "eth_getBlockByNumber", json!(["latest", false]))
        .await
        .unwrap();
    let rules = rpc(
        node,
        "eth_call",
        json!([{"to": registry, "data": Bytes::from(ILstRegistry::rulesCall {}.abi_encode())}, "latest"]),
    )
    .await
    .unwrap();
    json!({
        "number": latest["number"],
        "hash": latest["hash"],
        "balance": rpc(node, "eth_getBalance", json!([node.accounts[1].address, "latest"])).await.unwrap(),
        "nonce": rpc(node, "eth_getTransactionCount", json!([node.accounts[0].address, "latest"])).await.unwrap(),
        "code": rpc(node, "eth_getCode", json!([registry, "latest"])).await.unwrap(),
        "slot0": rpc(node, "eth_getStorageAt", json!([registry, "0x0", "latest"])).await.unwrap(),
        "rules": rules,
    })
}

#[tokio::test]
async fn a_dumped_chain_loads_into_another_node_and_goes_on_from_there() {
    let a = node(true).await;
    let sent = transfer(&a, 1, Address::repeat_byte(0x77)).await;
    let dump = rpc(&a, "anvil_dumpState", json!([])).await.unwrap();
    let dump_text = dump.as_str().unwrap().to_owned();

    let b = node(false).await;
    assert_ne!(
        fingerprint(&b, a.registry).await["hash"],
        fingerprint(&a, a.registry).await["hash"]
    );
    assert_eq!(
        rpc(&b, "anvil_loadState", json!([dump_text])).await,
        Ok(json!(true))
    );
    // Same head, accounts, code, storage and registry answers; the same receipt.
    assert_eq!(
        fingerprint(&b, a.registry).await,
        fingerprint(&a, a.registry).await
    );
    let receipt = |n| rpc(n, "eth_getTransactionReceipt", json!([sent]));
    assert_eq!(receipt(&b).await.unwrap(), receipt(&a).await.unwrap());
    let by_hash = |n| rpc(n, "eth_getTransactionByHash", json!([sent]));
    assert_eq!(by_hash(&b).await.unwrap(), by_hash(&a).await.unwrap());
    // Dumping again gives the same bytes.
    assert_eq!(
        rpc(&b, "anvil_dumpState", json!([])).await.unwrap(),
        json!(dump_text)
    );

    // The loaded chain goes on: the next block's parent is the loaded head.
    let head = rpc(&b, "eth_getBlockByNumber", json!(["latest", false]))
        .await
        .unwrap();
    let next = transfer(&b, 1, Address::repeat_byte(0x78)).await;
    let mined = rpc(&b, "eth_getTransactionReceipt", json!([next]))
        .await
        .unwrap();
    let block = rpc(&b, "eth_getBlockByHash", json!([mined["blockHash"], false]))
        .await
        .unwrap();
    assert_eq!(block["parentHash"], head["hash"]);
    // The state of blocks before the load is not kept; the blocks themselves are.
    let error = rpc(&b, "eth_getBalance", json!([b.accounts[1].address, "0x1"]))
        .await
        .unwrap_err();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("historical state not available"),
        "{error}"
    );
    assert!(!rpc(&b, "eth_getBlockByNumber", json!(["0x1", false]))
        .await
        .unwrap()
        .is_null());
}

/// A valid dump of `node`, as JSON, to be spoiled.
async fn dump_json(node: &RunningNode) -> Value {
    let hex = rpc(node, "anvil_dumpState", json!([])).await.unwrap();
    let bytes: Bytes = serde_json::from_value(hex).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn as_param(state: &Value) -> Value {
    json!([Bytes::from(serde_json::to_vec(state).unwrap())])
}

#[tokio::test]
async fn a_bad_state_is_refused_whole_and_changes_nothing() {
    let source = node(true).await;
    transfer(&source, 1, Address::repeat_byte(0x77)).await;
    let good = dump_json(&source).await;
    let target = node(false).await;
    let before = rpc(&target, "anvil_dumpState", json!([])).await.unwrap();

    let spoil = |f: &dyn Fn(&mut Value)| {
        let mut state = good.clone();
        f(&mut state);
        state
    };
    let cases: Vec<(&str, Value, &str)> = vec![
        ("not JSON", json!(["0x00010203"]), "not JSON"),
        (
            "another format",
            as_param(&spoil(&|s| s["format"] = json!("anvil"))),
            "format",
        ),
        (
            "another version",
            as_param(&spoil(&|s| s["version"] = json!(STATE_VERSION + 1))),
            "version 2 is not supported",
        ),
        (
            "another chain",
            as_param(&spoil(&|s| s["chainId"] = json!(1))),
            "chain 1",
        ),
        (
            "a tampered block",
            as_param(&spoil(&|s| {
                s["blocks"][3]["header"]["timestamp"] = json!("0x1")
            })),
            "hashes to",
        ),
        (
            "a missing transaction",
            as_param(&spoil(&|s| {
                s["transactions"].as_array_mut().unwrap().pop();
            })),
            "is missing",
        ),
        (
            "a transaction in the wrong block",
            as_param(&spoil(&|s| s["transactions"][0]["blockNumber"] = json!(0))),
            "is not in block 0",
        ),
        (
            "a program that does not activate",
            as_param(&spoil(&|s| {
                let registry = s["node"]["registry"].as_str().unwrap().to_owned();
                let accounts = s["devnet"]["accounts"].as_object_mut().unwrap();
                let (_, account) = accounts
                    .iter_mut()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&registry))
                    .unwrap();
                account["code"] = json!("0xeff0000001020304");
            })),
            "does not activate",
        ),
        (
            "an unknown field",
            as_param(&spoil(&|s| s["extra"] = json!(1))),
            "unknown field",
        ),
        (
            "a mined transaction also in the pool",
            as_param(&spoil(&|s| {
                let mined = s["transactions"][0].clone();
                s["pool"] = json!([{
                    "hash": mined["hash"], "raw": mined["raw"], "from": mined["from"], "seq": 0
                }]);
            })),
            "both mined and pooled",
        ),
        (
            "a pooled transaction whose bytes are not its hash",
            as_param(&spoil(&|s| {
                let mined = s["transactions"][0].clone();
                s["pool"] = json!([{
                    "hash": B256::repeat_byte(1), "raw": mined["raw"], "from": mined["from"], "seq": 0
                }]);
            })),
            "its bytes hash to",
        ),
    ];
    for (what, param, expected) in cases {
        let error = rpc(&target, "anvil_loadState", param).await.unwrap_err();
        assert_eq!(code_of(&error), -32000, "{what}: {error}");
        assert!(
            error["message"].as_str().unwrap().contains(expected),
            "{what}: {error}"
        );
        assert_eq!(
            rpc(&target, "anvil_dumpState", json!([])).await.unwrap(),
            before,
            "{what} changed the chain"
        );
    }
    // The unspoilt state loads.
    assert_eq!(
        rpc(&target, "anvil_loadState", as_param(&good)).await,
        Ok(json!(true))
    );
    assert_eq!(good["format"], json!(STATE_FORMAT));
}

#[tokio::test]
async fn reset_returns_to_the_state_the_node_started_with() {
    let n = node(true).await;
    let start = rpc(&n, "eth_getBlockByNumber", json!(["latest", false]))
        .await
        .unwrap();
    let sent = transfer(&n, 1, Address::repeat_byte(0x77)).await;
    let snapshot = rpc(&n, "evm_snapshot", json!([])).await.unwrap();
    assert_eq!(
        rpc(
            &n,
            "anvil_reset",
            json!([{"forking": {"jsonRpcUrl": "http://x"}}])
        )
        .await
        .map_err(|e| e["message"].clone()),
        Err(json!("forking is not supported: the devnet is offline"))
    );
    assert_eq!(
        code_of(&rpc(&n, "anvil_reset", json!([7])).await.unwrap_err()),
        -32602
    );
    assert!(!rpc(&n, "eth_getTransactionReceipt", json!([sent]))
        .await
        .unwrap()
        .is_null());
    assert_eq!(rpc(&n, "anvil_reset", json!([])).await, Ok(json!(true)));
    let after = rpc(&n, "eth_getBlockByNumber", json!(["latest", false]))
        .await
        .unwrap();
    assert_eq!(after["hash"], start["hash"]);
    assert!(rpc(&n, "eth_getTransactionReceipt", json!([sent]))
        .await
        .unwrap()
        .is_null());
    // Snapshots end with a reset; hardhat's name and an empty options object work too.
    assert_eq!(
        rpc(&n, "evm_revert", json!([snapshot])).await,
        Ok(json!(false))
    );
    assert_eq!(rpc(&n, "hardhat_reset", json!([{}])).await, Ok(json!(true)));
    // The registry is still there: the seeded state is what the node started with.
    let phase = ILstRegistry::new(n.registry, wallet(&n, 0))
        .phase()
        .call()
        .await
        .unwrap();
    assert_eq!(phase.nodeCount, 4);
}

#[tokio::test]
async fn with_a_state_file_every_answered_change_is_on_disk() {
    let path = temp_path("inproc");
    let config = NodeConfig {
        port: 0,
        seed: true,
        state: Some(path.clone()),
        ..Default::default()
    };
    let a = start(config.clone()).await.unwrap();
    assert_eq!(a.loaded_from, None);
    let mut sent = Vec::new();
    for i in 0..3u8 {
        sent.push(transfer(&a, 1, Address::repeat_byte(i)).await);
        // The file as it is now, loaded into another node, has the transaction.
        let other = node(false).await;
        let bytes = Bytes::from(std::fs::read(&path).unwrap());
        rpc(&other, "anvil_loadState", json!([bytes]))
            .await
            .unwrap();
        let receipt = rpc(
            &other,
            "eth_getTransactionReceipt",
            json!([sent[i as usize]]),
        )
        .await
        .unwrap();
        assert_eq!(receipt["status"], json!("0x1"));
    }
    // Cheats are kept too.
    rpc(
        &a,
        "anvil_setBalance",
        json!([Address::repeat_byte(0x99), "0x1234"]),
    )
    .await
    .unwrap();
    let head = rpc(&a, "eth_blockNumber", json!([])).await.unwrap();
    drop(a);

    // Started again with the same configuration, the node loads the file (no new seeding).
    let b = start(config).await.unwrap();
    assert_eq!(b.loaded_from.as_deref(), Some(path.as_path()));
    assert_eq!(rpc(&b, "eth_blockNumber", json!([])).await.unwrap(), head);
    assert_eq!(
        rpc(
            &b,
            "eth_getBalance",
            json!([Address::repeat_byte(0x99), "latest"])
        )
        .await
        .unwrap(),
        json!("0x1234")
    );
    for hash in &sent {
        assert!(!rpc(&b, "eth_getTransactionReceipt", json!([hash]))
            .await
            .unwrap()
            .is_null());
    }
    drop(b);
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn the_pool_is_kept_in_the_state_file_and_waits_again_after_a_restart() {
    let path = temp_path("pool");
    let config = NodeConfig {
        port: 0,
        seed: false,
        state: Some(path.clone()),
        ..Default::default()
    };
    let a = start(config.clone()).await.unwrap();
    rpc(&a, "evm_setAutomine", json!([false])).await.unwrap();
    // One pending transfer, and one queued behind a nonce gap.
    let pending = transfer(&a, 1, Address::repeat_byte(0x31)).await;
    let signer = crate::common::signer(&a, 2);
    let from = a.accounts[2].address;
    let account_nonce = crate::common::quantity(
        &rpc(&a, "eth_getTransactionCount", json!([from, "latest"]))
            .await
            .unwrap(),
    );
    let gapped = TransactionRequest::default()
        .with_from(from)
        .with_to(Address::repeat_byte(0x32))
        .with_value(U256::from(1))
        .with_nonce(account_nonce + 1)
        .with_chain_id(a.chain_id)
        .with_gas_limit(21_000)
        .with_max_fee_per_gas(1_000_000_000)
        .with_max_priority_fee_per_gas(0)
        .build(&EthereumWallet::from(signer))
        .await
        .unwrap();
    let raw = Bytes::from(alloy::eips::eip2718::Encodable2718::encoded_2718(&gapped));
    let queued: B256 = serde_json::from_value(
        rpc(&a, "eth_sendRawTransaction", json!([raw]))
            .await
            .unwrap(),
    )
    .unwrap();
    let status = json!({"pending": "0x1", "queued": "0x1"});
    assert_eq!(rpc(&a, "txpool_status", json!([])).await.unwrap(), status);
    let head = rpc(&a, "eth_blockNumber", json!([])).await.unwrap();
    // The file, as the hashes were answered, already holds both.
    let file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let stored: Vec<Value> = file["pool"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["hash"].clone())
        .collect();
    assert_eq!(stored.len(), 2);
    assert!(stored.contains(&json!(pending)) && stored.contains(&json!(queued)));
    drop(a);

    let b = start(config).await.unwrap();
    assert_eq!(rpc(&b, "txpool_status", json!([])).await.unwrap(), status);
    assert_eq!(rpc(&b, "eth_blockNumber", json!([])).await.unwrap(), head);
    // Mining (automine is on again: a start option) takes the pending one, not the queued.
    rpc(&b, "evm_mine", json!([])).await.unwrap();
    let receipt = rpc(&b, "eth_getTransactionReceipt", json!([pending]))
        .await
        .unwrap();
    assert_eq!(receipt["status"], json!("0x1"));
    assert!(rpc(&b, "eth_getTransactionReceipt", json!([queued]))
        .await
        .unwrap()
        .is_null());
    assert_eq!(
        rpc(&b, "txpool_status", json!([])).await.unwrap(),
        json!({"pending": "0x0", "queued": "0x1"})
    );
    drop(b);
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn dump_state_on_stop_and_load_state_at_start() {
    let dump = temp_path("dump");
    let a = start(NodeConfig {
        port: 0,
        seed: true,
        dump_state: Some(dump.clone()),
        ..Default::default()
    })
    .await
    .unwrap();
    let sent = transfer(&a, 2, Address::repeat_byte(0x55)).await;
    assert!(!dump.exists(), "written before the node stopped");
    a.shutdown();
    let b = start(NodeConfig {
        port: 0,
        load_state: Some(dump.clone()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert!(!rpc(&b, "eth_getTransactionReceipt", json!([sent]))
        .await
        .unwrap()
        .is_null());
    // The seeded oracle keys are known again: the file says the seed ran.
    assert_eq!(b.oracle_keys.len(), lst_devnet::SEED_ORACLES);
    drop(b);
    let _ = std::fs::remove_file(&dump);
}

// ----- the binary, killed -----------------------------------------------------------------

/// `lst-devnet --port 0 --seed --state FILE`, and its URL once it listens.
fn spawn_binary(state: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lst-devnet"))
        .args(["--port", "0", "--seed", "--state"])
        .arg(state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("piped");
    let mut url = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("utf-8 output");
        if let Some(rest) = line.strip_prefix("RPC") {
            url = Some(rest.trim().to_owned());
        }
        if line.starts_with("Listening on") {
            break;
        }
    }
    (child, url.expect("the node prints its URL"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_mid_stream_loses_no_answered_transaction() {
    let path = temp_path("kill");
    let confirmed: Arc<Mutex<Vec<B256>>> = Arc::default();
    for round in 0..4u64 {
        let (mut child, url) = spawn_binary(&path);
        // Everything answered before every earlier kill is here.
        let so_far = confirmed.lock().unwrap().clone();
        for hash in &so_far {
            let receipt = rpc_at(&url, "eth_getTransactionReceipt", json!([hash]))
                .await
                .unwrap();
            assert_eq!(
                receipt["status"],
                json!("0x1"),
                "round {round}: {hash} lost"
            );
        }
        // Two senders stream transfers until the node dies under them.
        let mut senders = Vec::new();
        for account in [1usize, 2] {
            let key = lst_devnet::accounts::dev_accounts(3).unwrap()[account].private_key;
            let provider = ProviderBuilder::new()
                .wallet(EthereumWallet::from(
                    alloy::signers::local::PrivateKeySigner::from_bytes(&key).unwrap(),
                ))
                .connect_http(url.parse().unwrap());
            let confirmed = confirmed.clone();
            senders.push(tokio::spawn(async move {
                loop {
                    let tx = TransactionRequest::default()
                        .with_to(Address::repeat_byte(0x70))
                        .with_value(U256::from(1));
                    match provider.send_transaction(tx).await {
                        Ok(pending) => confirmed.lock().unwrap().push(*pending.tx_hash()),
                        Err(e) => return e.to_string(),
                    }
                }
            }));
        }
        // Kill once a few more transactions were answered, at a different moment each round.
        let target = confirmed.lock().unwrap().len() + 4 + 3 * round as usize;
        let deadline = std::time::Instant::now() + Duration::from_secs(120);
        while confirmed.lock().unwrap().len() < target {
            assert!(
                std::time::Instant::now() < deadline,
                "round {round}: too slow"
            );
            if let Some(i) = senders.iter().position(|s| s.is_finished()) {
                let why = senders.remove(i).await.unwrap();
                panic!("round {round}: a sender stopped before the kill: {why}");
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        tokio::time::sleep(Duration::from_millis(round * 7)).await;
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        for sender in senders {
            sender.await.unwrap();
        }
    }
    // A last start: every answered transaction of the four runs is in the chain.
    let (mut child, url) = spawn_binary(&path);
    let answered = confirmed.lock().unwrap().clone();
    assert!(answered.len() >= 4 * 4, "{} transactions", answered.len());
    for hash in &answered {
        let receipt = rpc_at(&url, "eth_getTransactionReceipt", json!([hash]))
            .await
            .unwrap();
        assert_eq!(receipt["status"], json!("0x1"), "{hash} lost");
    }
    child.kill().ok();
    child.wait().ok();
    let _ = std::fs::remove_file(&path);
}

/// `lst-devnet --state FILE` on a file it must refuse: exit status 1, the message, and the
/// file left as it was.
fn refused(contents: &[u8]) -> String {
    let path = temp_path("refused");
    std::fs::write(&path, contents).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lst-devnet"))
        .args(["--port", "0", "--state"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        contents,
        "the file was changed"
    );
    let _ = std::fs::remove_file(&path);
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn the_binary_refuses_a_file_of_another_version_or_a_torn_one() {
    let other = json!({"format": STATE_FORMAT, "version": 99, "whatever": []});
    let message = refused(&serde_json::to_vec(&other).unwrap());
    assert!(
        message.contains("state file version 99 is not supported"),
        "{message}"
    );
    let message = refused(br#"{"format":"lst-devnet-state","version":1,"chainId":4123"#);
    assert!(
        message.contains("not an lst-devnet state file"),
        "{message}"
    );
}
