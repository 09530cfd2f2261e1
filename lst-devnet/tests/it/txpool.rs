//! The transaction pool and the mining modes: a nonce gap waits until it fills, transactions
//! wait for `evm_mine` without automine and share its block, replacements, drops, interval
//! mining, and the `txpool_*` reads.

use std::time::{Duration, Instant};

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use lst_devnet::RunningNode;
use serde_json::{json, Value};

use crate::common::{code_of, node, quantity, rpc, wallet};
use crate::ILstRegistry;

/// 1 wei from development account `i` at `nonce` with `max_fee` (wei per gas); its hash.
async fn transfer_at(
    node: &RunningNode,
    i: usize,
    nonce: u64,
    max_fee: u128,
) -> Result<B256, String> {
    let tx = TransactionRequest::default()
        .with_to(Address::repeat_byte(0x70))
        .with_value(U256::from(1))
        .with_nonce(nonce)
        .with_gas_limit(100_000)
        .with_max_fee_per_gas(max_fee)
        .with_max_priority_fee_per_gas(max_fee);
    wallet(node, i)
        .send_transaction(tx)
        .await
        .map(|pending| *pending.tx_hash())
        .map_err(|e| e.to_string())
}

async fn nonce(node: &RunningNode, i: usize, tag: &str) -> u64 {
    let n = rpc(
        node,
        "eth_getTransactionCount",
        json!([node.accounts[i].address, tag]),
    )
    .await
    .unwrap();
    quantity(&n)
}

async fn receipt(node: &RunningNode, hash: B256) -> Value {
    rpc(node, "eth_getTransactionReceipt", json!([hash]))
        .await
        .unwrap()
}

async fn status(node: &RunningNode) -> Value {
    rpc(node, "txpool_status", json!([])).await.unwrap()
}

const FEE: u128 = 200_000_000;

#[tokio::test]
async fn a_nonce_gap_waits_in_the_pool_until_it_fills() {
    let n = node(false).await;
    let next = nonce(&n, 1, "latest").await;
    let later = transfer_at(&n, 1, next + 1, FEE).await.unwrap();
    assert!(receipt(&n, later).await.is_null());
    assert_eq!(status(&n).await, json!({"pending": "0x0", "queued": "0x1"}));
    let sender = n.accounts[1].address.to_checksum(None);
    let content = rpc(&n, "txpool_content", json!([])).await.unwrap();
    assert_eq!(
        content["queued"][&sender][(next + 1).to_string()]["hash"],
        json!(later)
    );
    let inspect = rpc(&n, "txpool_inspect", json!([])).await.unwrap();
    assert_eq!(
        inspect["queued"][&sender][(next + 1).to_string()],
        json!(format!(
            "{}: 1 wei + 100000 gas × {FEE} wei",
            Address::repeat_byte(0x70).to_checksum(None)
        ))
    );
    let waiting = rpc(&n, "eth_getTransactionByHash", json!([later]))
        .await
        .unwrap();
    assert_eq!(
        (waiting["hash"].clone(), waiting["blockNumber"].clone()),
        (json!(later), Value::Null)
    );
    // The gap fills: both are mined, in nonce order, a block each (automine).
    let first = transfer_at(&n, 1, next, FEE).await.unwrap();
    let (a, b) = (receipt(&n, first).await, receipt(&n, later).await);
    assert_eq!(
        (a["status"].clone(), b["status"].clone()),
        (json!("0x1"), json!("0x1"))
    );
    let number = |r: &Value| quantity(&r["blockNumber"]);
    assert_eq!(number(&b), number(&a) + 1);
    assert_eq!(status(&n).await, json!({"pending": "0x0", "queued": "0x0"}));
    assert_eq!(nonce(&n, 1, "latest").await, next + 2);
    // Still refused: a used nonce, and one too far ahead.
    let low = transfer_at(&n, 1, next, FEE + 1).await.unwrap_err();
    assert!(low.contains("nonce too low"), "{low}");
    let far = transfer_at(&n, 1, next + 2 + lst_devnet::chain::MAX_NONCE_GAP + 1, FEE)
        .await
        .unwrap_err();
    assert!(far.contains("nonce too high"), "{far}");
    assert_eq!(status(&n).await, json!({"pending": "0x0", "queued": "0x0"}));
}

#[tokio::test]
async fn without_automine_transactions_wait_and_share_the_next_block() {
    let n = node(false).await;
    assert_eq!(
        rpc(&n, "anvil_getAutomine", json!([])).await,
        Ok(json!(true))
    );
    rpc(&n, "evm_setAutomine", json!([false])).await.unwrap();
    assert_eq!(
        rpc(&n, "hardhat_getAutomine", json!([])).await,
        Ok(json!(false))
    );
    let head = rpc(&n, "eth_blockNumber", json!([])).await.unwrap();

    // Two registrations from the admin (a log each; alloy takes the "pending" nonce) and a
    // transfer from account 1.
    let admin = wallet(&n, 0);
    let registry = ILstRegistry::new(n.registry, &admin);
    let mut hashes = Vec::new();
    for i in 0..2u8 {
        let pending = registry
            .registerNode(
                Address::repeat_byte(0x10 + i),
                Address::repeat_byte(0x20 + i),
                format!("ipfs://node-{i}"),
            )
            .gas(2_000_000)
            .send()
            .await
            .unwrap();
        hashes.push(*pending.tx_hash());
    }
    let latest = nonce(&n, 0, "latest").await;
    assert_eq!(nonce(&n, 0, "pending").await, latest + 2);
    hashes.push(
        transfer_at(&n, 1, nonce(&n, 1, "pending").await, FEE)
            .await
            .unwrap(),
    );
    assert_eq!(status(&n).await, json!({"pending": "0x3", "queued": "0x0"}));
    assert_eq!(rpc(&n, "eth_blockNumber", json!([])).await.unwrap(), head);
    for hash in &hashes {
        assert!(receipt(&n, *hash).await.is_null());
    }

    rpc(&n, "evm_mine", json!([])).await.unwrap();
    let receipts: Vec<Value> = futures_all(&n, &hashes).await;
    let block = rpc(&n, "eth_getBlockByNumber", json!(["latest", false]))
        .await
        .unwrap();
    assert_eq!(block["transactions"], json!(hashes));
    let mut cumulative = 0u64;
    for (i, r) in receipts.iter().enumerate() {
        assert_eq!(r["status"], json!("0x1"));
        assert_eq!(r["blockHash"], block["hash"]);
        assert_eq!(quantity(&r["transactionIndex"]), i as u64);
        cumulative += quantity(&r["gasUsed"]);
        assert_eq!(quantity(&r["cumulativeGasUsed"]), cumulative);
    }
    assert_eq!(quantity(&block["gasUsed"]), cumulative);
    // Log indices run across the block: the second registration's log is the block's second.
    let logs = |r: &Value| r["logs"].as_array().unwrap().clone();
    let (first, second) = (logs(&receipts[0]), logs(&receipts[1]));
    assert_eq!(
        first.last().unwrap()["logIndex"],
        json!(format!("0x{:x}", first.len() - 1))
    );
    assert_eq!(second[0]["logIndex"], json!(format!("0x{:x}", first.len())));
    assert_eq!(second[0]["transactionIndex"], json!("0x1"));
    let by_block = rpc(&n, "eth_getLogs", json!([{"blockHash": block["hash"]}]))
        .await
        .unwrap();
    let indices: Vec<Value> = by_block
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["logIndex"].clone())
        .collect();
    let expected: Vec<Value> = (0..indices.len())
        .map(|i| json!(format!("0x{i:x}")))
        .collect();
    assert_eq!(indices, expected);
    assert_eq!(status(&n).await, json!({"pending": "0x0", "queued": "0x0"}));
    // Both registrations took effect.
    let phase = registry.phase().call().await.unwrap();
    assert_eq!(phase.nodeCount, 2);
}

async fn futures_all(n: &RunningNode, hashes: &[B256]) -> Vec<Value> {
    let mut out = Vec::new();
    for hash in hashes {
        out.push(receipt(n, *hash).await);
    }
    out
}

#[tokio::test]
async fn a_replacement_needs_a_higher_fee_and_drops_remove_waiting_transactions() {
    let n = node(false).await;
    rpc(&n, "evm_setAutomine", json!([false])).await.unwrap();
    let next = nonce(&n, 1, "latest").await;
    let first = transfer_at(&n, 1, next, FEE).await.unwrap();
    let under = transfer_at(&n, 1, next, FEE * 105 / 100).await.unwrap_err();
    assert!(
        under.contains("replacement transaction underpriced"),
        "{under}"
    );
    let second = transfer_at(&n, 1, next, FEE * 120 / 100).await.unwrap();
    assert!(rpc(&n, "eth_getTransactionByHash", json!([first]))
        .await
        .unwrap()
        .is_null());
    assert_eq!(status(&n).await, json!({"pending": "0x1", "queued": "0x0"}));
    assert_eq!(
        rpc(&n, "anvil_dropTransaction", json!([second])).await,
        Ok(json!(second))
    );
    assert_eq!(
        rpc(&n, "anvil_dropTransaction", json!([second])).await,
        Ok(Value::Null)
    );
    transfer_at(&n, 1, next, FEE).await.unwrap();
    transfer_at(&n, 2, nonce(&n, 2, "latest").await + 3, FEE)
        .await
        .unwrap();
    assert_eq!(status(&n).await, json!({"pending": "0x1", "queued": "0x1"}));
    rpc(&n, "anvil_dropAllTransactions", json!([]))
        .await
        .unwrap();
    assert_eq!(status(&n).await, json!({"pending": "0x0", "queued": "0x0"}));
    // Nothing was mined meanwhile; an evm_mine now seals an empty block.
    assert_eq!(nonce(&n, 1, "latest").await, next);
    rpc(&n, "evm_mine", json!([])).await.unwrap();
    let block = rpc(&n, "eth_getBlockByNumber", json!(["latest", false]))
        .await
        .unwrap();
    assert_eq!(block["transactions"], json!([]));
    // Turning automine on mines what is ready.
    let waiting = transfer_at(&n, 1, next, FEE).await.unwrap();
    assert!(receipt(&n, waiting).await.is_null());
    rpc(&n, "evm_setAutomine", json!([true])).await.unwrap();
    assert_eq!(receipt(&n, waiting).await["status"], json!("0x1"));
}

#[tokio::test]
async fn interval_mining_seals_blocks_by_itself_until_stopped() {
    let n = node(false).await;
    assert_eq!(
        rpc(&n, "anvil_getIntervalMining", json!([])).await,
        Ok(Value::Null)
    );
    assert_eq!(
        code_of(
            &rpc(&n, "evm_setIntervalMining", json!([86_401]))
                .await
                .unwrap_err()
        ),
        -32602
    );
    rpc(&n, "evm_setAutomine", json!([false])).await.unwrap();
    rpc(&n, "evm_setIntervalMining", json!([1])).await.unwrap();
    assert_eq!(
        rpc(&n, "anvil_getIntervalMining", json!([])).await,
        Ok(json!(1))
    );
    let sent = transfer_at(&n, 1, nonce(&n, 1, "latest").await, FEE)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while receipt(&n, sent).await.is_null() {
        assert!(Instant::now() < deadline, "not mined by the interval");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    rpc(&n, "evm_setIntervalMining", json!([0])).await.unwrap();
    let head = rpc(&n, "eth_blockNumber", json!([])).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(rpc(&n, "eth_blockNumber", json!([])).await.unwrap(), head);
}

#[tokio::test]
async fn a_pending_transaction_filter_reports_a_transaction_when_it_arrives() {
    let n = node(false).await;
    let filter = rpc(&n, "eth_newPendingTransactionFilter", json!([]))
        .await
        .unwrap();
    let changes = || async {
        rpc(&n, "eth_getFilterChanges", json!([filter]))
            .await
            .unwrap()
    };
    rpc(&n, "evm_setAutomine", json!([false])).await.unwrap();
    let next = nonce(&n, 1, "latest").await;
    let first = transfer_at(&n, 1, next, FEE).await.unwrap();
    // A queued one (nonce gap) has arrived too.
    let gapped = transfer_at(&n, 1, next + 2, FEE).await.unwrap();
    assert!(receipt(&n, first).await.is_null(), "not mined yet");
    assert_eq!(changes().await, json!([first, gapped]));
    assert_eq!(changes().await, json!([]));
    // Mining reports nothing again.
    rpc(&n, "evm_mine", json!([])).await.unwrap();
    assert_eq!(receipt(&n, first).await["status"], json!("0x1"));
    assert_eq!(changes().await, json!([]));
    // With automine, a transaction arrives and is mined at once: reported once.
    rpc(&n, "evm_setAutomine", json!([true])).await.unwrap();
    let mined = transfer_at(&n, 2, nonce(&n, 2, "latest").await, FEE)
        .await
        .unwrap();
    assert_eq!(changes().await, json!([mined]));
    n.shutdown();
}
