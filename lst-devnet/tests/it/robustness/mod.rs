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

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use alloy::primitives::{Address, Bytes, TxKind, B256, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::Filter;
use alloy::sol_types::{SolCall, SolEvent};
use alloy::transports::http::reqwest;
use alloy_eips::eip2718::Encodable2718;
use lst_devnet::chain::BASE_FEE;
use lst_devnet::tx::{sign_eip1559, UnsignedTx};
use lst_devnet::{start, NodeConfig, RunningNode};
use serde_json::{json, Value};

use crate::ILstRegistry;

mod cases;
mod traffic;

use self::cases::{bad_objects, cases, req};
use self::traffic::{broken_http, hammer, reader, sender, Counters};

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
