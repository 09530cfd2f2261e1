//! The node driven over HTTP by alloy's provider, as an integrator's tooling drives it.
//! Needs the artifact (`cargo xtask artifact`).

use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::{BlockNumberOrTag, Filter, TransactionRequest};
use alloy::sol_types::SolEvent;
use alloy_eips::eip2718::Encodable2718;
use lst_devnet::tx::{sign_eip1559, UnsignedTx};
use lst_devnet::RunningNode;

use crate::common::{node, wallet};
use crate::ILstRegistry;
use ILstRegistry::ILstRegistryErrors as RegistryError;

fn raw(node: &RunningNode, i: usize, tx: UnsignedTx) -> Bytes {
    let s = lst_devnet::accounts::DevAccount::signer(&node.accounts[i]).unwrap();
    sign_eip1559(tx, &s).unwrap().inner().encoded_2718().into()
}

#[tokio::test(flavor = "multi_thread")]
async fn chain_id_accounts_and_code() {
    let node = node(false).await;
    let provider = ProviderBuilder::new().connect_http(node.url.parse().unwrap());
    assert_eq!(provider.get_chain_id().await.unwrap(), 412_346);
    let accounts = provider.get_accounts().await.unwrap();
    assert_eq!(accounts.len(), 10);
    assert_eq!(accounts[0], node.accounts[0].address);
    let ten_thousand = U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18));
    assert_eq!(
        provider.get_balance(accounts[9]).await.unwrap(),
        ten_thousand
    );
    // Blocks 1 to 3 are the deployment (views program, admin program, then core), paid by
    // account 0.
    assert_eq!(provider.get_block_number().await.unwrap(), 3);
    assert!(provider.get_balance(accounts[0]).await.unwrap() < ten_thousand);
    let code = provider.get_code_at(node.registry).await.unwrap();
    assert_eq!(&code[..3], &[0xEF, 0xF0, 0x00]);
    let registry = ILstRegistry::new(node.registry, &provider);
    assert_eq!(registry.admin().call().await.unwrap(), accounts[0]);
    let genesis = provider
        .get_block_by_number(BlockNumberOrTag::Earliest)
        .await
        .unwrap()
        .unwrap();
    let latest = provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .full()
        .await
        .unwrap()
        .unwrap();
    // genesis, the views program's deployment, the admin program's, the core's
    let first = provider
        .get_block_by_number(BlockNumberOrTag::Number(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.header.parent_hash, genesis.header.hash);
    let second = provider
        .get_block_by_number(BlockNumberOrTag::Number(2))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.header.parent_hash, first.header.hash);
    assert_eq!(latest.header.parent_hash, second.header.hash);
    let by_hash = provider
        .get_block_by_hash(latest.header.hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_hash.header.number, 3);
    let deploy = latest
        .transactions
        .txns()
        .next()
        .expect("the deployment")
        .clone();
    let receipt = provider
        .get_transaction_receipt(*deploy.inner.tx_hash())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(receipt.contract_address, Some(node.registry));
    assert!(provider
        .get_block_by_number(BlockNumberOrTag::Number(99))
        .await
        .unwrap()
        .is_none());
    let fees = provider
        .get_fee_history(2, BlockNumberOrTag::Latest, &[50.0])
        .await
        .unwrap();
    assert_eq!(fees.base_fee_per_gas.len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_eip1559_transaction_is_mined_with_its_logs() {
    let node = node(false).await;
    let provider = wallet(&node, 0);
    let registry = ILstRegistry::new(node.registry, &provider);
    let now = provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    let receipt = registry
        .openRound(3, now + 86_400)
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    assert!(receipt.gas_used > 21_000);
    let tx = provider
        .get_transaction_by_hash(receipt.transaction_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(alloy::consensus::Typed2718::ty(&tx), 2);
    assert_eq!(receipt.from, node.accounts[0].address);
    let log = &receipt.inner.logs()[0];
    assert_eq!(log.block_hash, receipt.block_hash);
    assert_eq!(log.transaction_hash, Some(receipt.transaction_hash));
    assert_eq!(log.log_index, Some(0));
    let opened = ILstRegistry::RoundOpened::decode_log(&log.inner).unwrap();
    assert_eq!((opened.roundId, opened.slots), (1, 3));

    // eth_getLogs: address + topic, OR-ed topics, null positions, block hash, ranges.
    let by_event = Filter::new()
        .address(node.registry)
        .event_signature(ILstRegistry::RoundOpened::SIGNATURE_HASH)
        .from_block(0);
    assert_eq!(provider.get_logs(&by_event).await.unwrap().len(), 1);
    let either = Filter::new().from_block(0).event_signature(vec![
        ILstRegistry::RoundOpened::SIGNATURE_HASH,
        ILstRegistry::AdminTransferred::SIGNATURE_HASH,
    ]);
    assert_eq!(
        provider.get_logs(&either).await.unwrap().len(),
        2,
        "constructor + round"
    );
    let round_one = Filter::new().from_block(0).topic1(U256::from(1));
    assert_eq!(provider.get_logs(&round_one).await.unwrap().len(), 1);
    let at_hash = Filter::new().at_block_hash(receipt.block_hash.unwrap());
    assert_eq!(provider.get_logs(&at_hash).await.unwrap().len(), 1);
    let none = Filter::new().from_block(0).address(Address::repeat_byte(9));
    assert!(provider.get_logs(&none).await.unwrap().is_empty());
    let old = Filter::new()
        .from_block(0)
        .to_block(1)
        .event_signature(ILstRegistry::RoundOpened::SIGNATURE_HASH);
    assert!(provider.get_logs(&old).await.unwrap().is_empty());

    // State at an older block.
    let before = registry.counts().block(3.into()).call().await.unwrap();
    assert_eq!(before.roundCount, 0);
    assert_eq!(registry.counts().call().await.unwrap().roundCount, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn reverts_give_status_0_and_custom_error_data() {
    let node = node(false).await;
    let stranger = wallet(&node, 3);
    let registry = ILstRegistry::new(node.registry, &stranger);
    let error = registry.openRound(1, u64::MAX).call().await.unwrap_err();
    let decoded = error
        .as_decoded_interface_error::<RegistryError>()
        .expect("custom error");
    assert!(
        matches!(decoded, RegistryError::RegistryNotAdmin(e) if e.caller == node.accounts[3].address)
    );
    // estimateGas reverts the same way; with an explicit gas limit the tx is mined, status 0.
    assert!(registry
        .openRound(1, u64::MAX)
        .estimate_gas()
        .await
        .is_err());
    let receipt = registry
        .openRound(1, u64::MAX)
        .gas(200_000)
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(!receipt.status());
    assert!(receipt.inner.logs().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_raw_transactions_are_refused() {
    let node = node(false).await;
    let provider = ProviderBuilder::new().connect_http(node.url.parse().unwrap());
    let tx = |chain_id, nonce| UnsignedTx {
        chain_id,
        nonce,
        gas_limit: 21_000,
        max_fee_per_gas: 1_000_000_000,
        max_priority_fee_per_gas: 0,
        to: alloy::primitives::TxKind::Call(Address::repeat_byte(0x42)),
        value: U256::from(1),
        input: Bytes::new(),
    };
    let send = |raw: Bytes| {
        let provider = provider.clone();
        async move {
            provider
                .send_raw_transaction(&raw)
                .await
                .map(|p| *p.tx_hash())
        }
    };
    // account 1 has nonce 0
    let e = send(raw(&node, 1, tx(1, 0))).await.unwrap_err().to_string();
    assert!(e.contains("chain id"), "{e}");
    // A nonce more than the pool's gap ahead is refused (a smaller gap waits in the pool:
    // tests/it/txpool.rs).
    let e = send(raw(
        &node,
        1,
        tx(412_346, lst_devnet::chain::MAX_NONCE_GAP + 1),
    ))
    .await
    .unwrap_err()
    .to_string();
    assert!(e.contains("nonce too high"), "{e}");
    let hash = send(raw(&node, 1, tx(412_346, 0))).await.unwrap();
    let receipt = provider
        .get_transaction_receipt(hash)
        .await
        .unwrap()
        .unwrap();
    assert!(receipt.status());
    assert_eq!(
        provider
            .get_balance(Address::repeat_byte(0x42))
            .await
            .unwrap(),
        U256::from(1)
    );
    let e = send(raw(&node, 1, tx(412_346, 0)))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("already known") || e.contains("nonce too low"),
        "{e}"
    );
    let mut low_gas = tx(412_346, 1);
    low_gas.gas_limit = 20_000;
    let e = send(raw(&node, 1, low_gas)).await.unwrap_err().to_string();
    assert!(e.contains("intrinsic gas too low"), "{e}");
    let e = send(Bytes::from_static(&[0x02, 0x01, 0x02]))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("decoded"), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn unsigned_transactions_from_dev_accounts_and_time_travel() {
    let node = node(false).await;
    let provider = ProviderBuilder::new().connect_http(node.url.parse().unwrap());
    let to = Address::repeat_byte(0x77);
    let request = TransactionRequest::default()
        .from(node.accounts[2].address)
        .to(to)
        .value(U256::from(1234));
    let receipt = provider
        .send_transaction(request)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    assert_eq!(provider.get_balance(to).await.unwrap(), U256::from(1234));
    assert_eq!(
        provider
            .get_transaction_count(node.accounts[2].address)
            .await
            .unwrap(),
        1
    );

    let t0 = provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    let snapshot: U256 = provider
        .raw_request("evm_snapshot".into(), ())
        .await
        .unwrap();
    let _: serde_json::Value = provider
        .raw_request("evm_increaseTime".into(), (86_400,))
        .await
        .unwrap();
    let _: serde_json::Value = provider.raw_request("evm_mine".into(), ()).await.unwrap();
    let t1 = provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    assert!(t1 >= t0 + 86_400, "{t0} -> {t1}");
    let _: serde_json::Value = provider
        .raw_request("evm_setNextBlockTimestamp".into(), (t1 + 1_000_000,))
        .await
        .unwrap();
    let _: serde_json::Value = provider.raw_request("evm_mine".into(), ()).await.unwrap();
    let t2 = provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    assert_eq!(t2, t1 + 1_000_000);
    let _: serde_json::Value = provider
        .raw_request("anvil_setBalance".into(), (to, U256::from(7)))
        .await
        .unwrap();
    assert_eq!(provider.get_balance(to).await.unwrap(), U256::from(7));
    let reverted: bool = provider
        .raw_request("evm_revert".into(), (snapshot,))
        .await
        .unwrap();
    assert!(reverted);
    assert_eq!(provider.get_balance(to).await.unwrap(), U256::from(1234));
    let latest = provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.header.timestamp, t0);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seeded_state_is_readable() {
    let node = node(true).await;
    assert_eq!(node.oracle_keys.len(), 3);
    let provider = ProviderBuilder::new().connect_http(node.url.parse().unwrap());
    let registry = ILstRegistry::new(node.registry, &provider);
    let counts = registry.counts().call().await.unwrap();
    assert_eq!(
        (
            counts.roundCount,
            counts.applicationCount,
            counts.nodeCount,
            counts.pairingCount
        ),
        (1, 2, 4, 4)
    );
    let oracles = registry.oracleSet().call().await.unwrap();
    assert_eq!(
        (oracles.signers.len(), oracles.threshold, oracles.epoch),
        (3, 2, 1)
    );
    // the first set is in force at once: nothing scheduled; later changes wait two days
    assert_eq!(
        (oracles.nextEpoch, oracles.nextAt, oracles.delay),
        (0, 0, 172_800)
    );
    for id in 1..=2u64 {
        let e = registry.eligibility(id).call().await.unwrap();
        assert!(e.eligible, "application {id} is qualified");
    }
    let round = registry.round(1).call().await.unwrap();
    assert_eq!((round.passed, round.qualified), (2, 2));
    let active = registry.activePairings(0, 10).call().await.unwrap();
    assert_eq!(active.nodeIds, vec![1, 2, 3, 4]);
    assert_eq!(active.applicationIds, vec![1, 1, 2, 2]);
    let node1 = registry.node(1).call().await.unwrap();
    assert_eq!(node1.operator, node.accounts[1].address);
    let pairing = registry.pairing(1).call().await.unwrap();
    assert_eq!(
        pairing.stake,
        U256::from(12_500u64) * U256::from(10u64).pow(U256::from(18))
    );
    // The history is indexed: 4 NodePaired events.
    let paired = Filter::new()
        .from_block(0)
        .event_signature(ILstRegistry::NodePaired::SIGNATURE_HASH);
    assert_eq!(provider.get_logs(&paired).await.unwrap().len(), 4);
    seeded_staking_is_real(&node, &provider).await;
}

/// The seed's LST side: the applications' staking contracts are the applicants' vaults
/// (contracts, as `pair` requires), over the seeded METIS token; the stakers hold METIS, and
/// pairing 1's stake is account 7's deposit through vault 1, reported by the vault in the
/// deposit's own transaction.
async fn seeded_staking_is_real(node: &RunningNode, provider: &impl Provider) {
    use alloy::consensus::Transaction as _;
    use alloy::sol_types::SolCall;
    use lst_devnet::seed::{seeded_metis, seeded_vault};
    use lst_registry_client::vault::{ILstVault, IMetisToken};

    let metis = |n: u64| U256::from(n) * U256::from(10u64).pow(U256::from(18));
    let view = |to: Address, input: Vec<u8>| {
        let request = TransactionRequest::default().to(to).input(input.into());
        async move { provider.call(request).await.unwrap() }
    };
    let registry = ILstRegistry::new(node.registry, provider);
    let account = |i: usize| node.accounts[i].address;
    let token = seeded_metis(account(0));
    let mut vaults = Vec::new();
    for (id, applicant) in [(1u64, 5), (2, 6)] {
        let application = registry.application(id).call().await.unwrap();
        assert_eq!(application.applicant, account(applicant));
        assert_eq!(
            application.stakingContract,
            seeded_vault(account(applicant))
        );
        let vault = application.stakingContract;
        assert!(!provider.get_code_at(vault).await.unwrap().is_empty());
        let out = view(vault, ILstVault::registryCall {}.abi_encode()).await;
        assert_eq!(
            ILstVault::registryCall::abi_decode_returns(&out).unwrap(),
            node.registry
        );
        let out = view(vault, ILstVault::metisCall {}.abi_encode()).await;
        assert_eq!(
            ILstVault::metisCall::abi_decode_returns(&out).unwrap(),
            token
        );
        vaults.push(vault);
    }
    assert!(!provider.get_code_at(token).await.unwrap().is_empty());
    for (holder, balance) in [
        (account(7), 87_500),
        (account(8), 100_000),
        (vaults[0], 12_500),
        (vaults[1], 0),
    ] {
        let out = view(
            token,
            IMetisToken::balanceOfCall { account: holder }.abi_encode(),
        )
        .await;
        let got = IMetisToken::balanceOfCall::abi_decode_returns(&out).unwrap();
        assert_eq!(got, metis(balance), "METIS of {holder}");
    }
    let out = view(
        vaults[0],
        ILstVault::pooledStakeCall { nodeId: 1 }.abi_encode(),
    )
    .await;
    assert_eq!(
        ILstVault::pooledStakeCall::abi_decode_returns(&out).unwrap(),
        metis(12_500)
    );
    // One stake report in the history: the registry's, in account 7's deposit to vault 1.
    let reported = Filter::new()
        .from_block(0)
        .event_signature(ILstRegistry::StakeReported::SIGNATURE_HASH);
    let logs = provider.get_logs(&reported).await.unwrap();
    assert_eq!(logs.len(), 1);
    let event = ILstRegistry::StakeReported::decode_log_data(logs[0].data()).unwrap();
    assert_eq!(
        (event.nodeId, event.pairingId, event.stake),
        (1, 1, metis(12_500))
    );
    let deposit = provider
        .get_transaction_by_hash(logs[0].transaction_hash.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (deposit.inner.signer(), deposit.to()),
        (account(7), Some(vaults[0]))
    );
    assert!(deposit
        .input()
        .starts_with(&ILstVault::depositCall::SELECTOR));
}

/// Hand-built JSON: what alloy would never send.
#[tokio::test(flavor = "multi_thread")]
async fn malformed_requests_get_json_rpc_errors() {
    use alloy::transports::http::reqwest;
    let node = node(false).await;
    let client = reqwest::Client::new();
    let post = |body: Vec<u8>| {
        let client = client.clone();
        let url = node.url.clone();
        async move {
            let r = client
                .post(url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let text = r.text().await.unwrap();
            (
                status,
                serde_json::from_str::<serde_json::Value>(&text).unwrap_or_default(),
            )
        }
    };
    let code = |v: &serde_json::Value| v["error"]["code"].as_i64().unwrap_or(0);

    let (_, v) = post(b"{not json".to_vec()).await;
    assert_eq!(code(&v), -32700);
    let (_, v) =
        post(br#"{"jsonrpc":"2.0","id":1,"method":"eth_nope","params":[]}"#.to_vec()).await;
    assert_eq!((code(&v), v["id"].as_i64()), (-32601, Some(1)));
    let (_, v) =
        post(br#"{"jsonrpc":"2.0","id":2,"method":"eth_getBalance","params":["0xzz"]}"#.to_vec())
            .await;
    assert_eq!(code(&v), -32602);
    let (_, v) =
        post(br#"{"jsonrpc":"2.0","id":3,"method":"eth_getBalance","params":[]}"#.to_vec()).await;
    assert_eq!(code(&v), -32602);
    let (_, v) = post(br#"{"id":4,"method":"eth_chainId"}"#.to_vec()).await;
    assert_eq!(code(&v), -32600);
    let (_, v) = post(b"[]".to_vec()).await;
    assert_eq!(code(&v), -32600);
    let (_, v) = post(br#"[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"net_version"},5]"#.to_vec()).await;
    let batch = v.as_array().expect("batch answer");
    assert_eq!(batch.len(), 3);
    assert_eq!(batch[0]["result"], "0x64aba");
    assert_eq!(batch[1]["result"], "412346");
    assert_eq!(code(&batch[2]), -32600);
    // An oversized body: HTTP 413 with -32600, unless the server's early answer races the
    // client's upload (the connection is then closed mid-body); either way it stays up.
    let oversized = client
        .post(node.url.clone())
        .header("content-type", "application/json")
        .body(vec![b' '; 6 * 1024 * 1024])
        .send()
        .await;
    if let Ok(r) = oversized {
        assert_eq!(r.status().as_u16(), 413);
        let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        assert_eq!(code(&v), -32600);
    }
    let (_, v) = post(br#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#.to_vec()).await;
    assert_eq!(v["result"], "0x64aba");
    // A reverted eth_call: code 3, revert data in `data`.
    let calldata = format!(
        "0x{}",
        alloy::hex::encode(alloy::sol_types::SolCall::abi_encode(
            &ILstRegistry::pauseCall {}
        ))
    );
    let body = serde_json::json!({"jsonrpc":"2.0","id":9,"method":"eth_call","params":[{"to": node.registry, "data": calldata}, "latest"]});
    let (_, v) = post(serde_json::to_vec(&body).unwrap()).await;
    assert_eq!(code(&v), 3);
    assert!(v["error"]["data"].as_str().unwrap().starts_with("0x"));
    // GET is the page (tests/it/page.rs); other methods than POST are refused.
    let r = client.put(node.url.clone()).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 405);
}
