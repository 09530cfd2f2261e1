//! What a developer moving from anvil or nitro-devnode expects of the node, driven through
//! alloy's provider over HTTP: fees as Arbitrum charges them, filters, signing with the
//! development accounts, block and receipt reads, and Nitro's extra block and receipt fields.
//! Needs the artifact (`cargo xtask artifact`).

use alloy::consensus::Header;
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, B256, U256, U64};
use alloy::providers::Provider;
use alloy::rpc::types::{BlockNumberOrTag, Filter, TransactionRequest};
use alloy::signers::Signature;
use lst_devnet::chain::BASE_FEE;
use serde_json::{json, Value};

use crate::common::{code_of, node, reader, register_node, rpc, wallet};
use crate::ILstRegistry;

#[tokio::test(flavor = "multi_thread")]
async fn only_the_base_fee_is_charged_whatever_the_tip_or_legacy_price() {
    let node = node(false).await;
    let provider = wallet(&node, 3);
    let from = node.accounts[3].address;
    let to = node.accounts[4].address;
    let gwei = 1_000_000_000u128;
    let requests = [
        // EIP-1559 with a 0.1 gwei tip and a 1 gwei cap.
        TransactionRequest::default()
            .with_from(from)
            .with_to(to)
            .with_value(U256::from(7))
            .with_gas_limit(21_000)
            .with_max_fee_per_gas(gwei)
            .with_max_priority_fee_per_gas(gwei / 10),
        // Legacy at 2 gwei.
        TransactionRequest::default()
            .with_from(from)
            .with_to(to)
            .with_value(U256::from(7))
            .with_gas_limit(21_000)
            .with_gas_price(2 * gwei),
    ];
    for (legacy, request) in [false, true].into_iter().zip(requests) {
        let before = provider.get_balance(from).await.unwrap();
        let receipt = provider
            .send_transaction(request)
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        assert_eq!(receipt.effective_gas_price, BASE_FEE);
        let after = provider.get_balance(from).await.unwrap();
        let paid = U256::from(receipt.gas_used) * U256::from(BASE_FEE) + U256::from(7);
        assert_eq!(before - after, paid);
        let tx = provider
            .get_transaction_by_hash(receipt.transaction_hash)
            .await
            .unwrap()
            .unwrap();
        // A legacy transaction's `gasPrice` is its own, as in geth; the receipt's is paid.
        if !legacy {
            assert_eq!(tx.effective_gas_price, Some(BASE_FEE));
        }
    }
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn blocks_and_receipts_carry_nitros_fields_inside_the_hashed_header() {
    let node = node(false).await;
    let hash = register_node(&node, 1).await;
    let receipt = rpc(&node, "eth_getTransactionReceipt", json!([hash]))
        .await
        .unwrap();
    assert_eq!(receipt["gasUsedForL1"], "0x0");
    let number = receipt["blockNumber"].clone();
    let block = rpc(&node, "eth_getBlockByNumber", json!([number, false]))
        .await
        .unwrap();
    assert_eq!(block["l1BlockNumber"], receipt["l1BlockNumber"]);
    assert_eq!(block["sendCount"], "0x0");
    assert_eq!(block["sendRoot"], json!(B256::ZERO));
    assert_eq!(block["extraData"], json!(B256::ZERO));
    // mixHash: send count, L1 block number, ArbOS version (50), big-endian u64s.
    let mix: B256 = serde_json::from_value(block["mixHash"].clone()).unwrap();
    let l1: U64 = serde_json::from_value(block["l1BlockNumber"].clone()).unwrap();
    assert_eq!(&mix[8..16], &l1.to::<u64>().to_be_bytes());
    assert_eq!(&mix[16..24], &50u64.to_be_bytes());
    // Each block sees a later L1 block than its parent.
    let parent = rpc(
        &node,
        "eth_getBlockByHash",
        json!([block["parentHash"], false]),
    )
    .await
    .unwrap();
    let parent_l1: U64 = serde_json::from_value(parent["l1BlockNumber"].clone()).unwrap();
    assert!(parent_l1 < l1);
    // The fields are in the header its hash covers.
    let rpc_block = reader(&node)
        .get_block_by_hash(serde_json::from_value(block["hash"].clone()).unwrap())
        .await
        .unwrap()
        .unwrap();
    let header: Header = rpc_block.header.inner.clone();
    assert_eq!(header.hash_slow(), rpc_block.header.hash);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn block_log_and_transaction_filters_report_each_change_once() {
    let node = node(false).await;
    let provider = reader(&node);
    let blocks = provider.new_block_filter().await.unwrap();
    let pending = provider
        .new_pending_transactions_filter(false)
        .await
        .unwrap();
    let logs = provider
        .new_filter(&Filter::new().address(node.registry).from_block(0))
        .await
        .unwrap();
    let elsewhere = provider
        .new_filter(&Filter::new().address(Address::repeat_byte(0xAB)))
        .await
        .unwrap();

    let first = register_node(&node, 1).await;
    let second = register_node(&node, 2).await;

    let hashes: Vec<B256> = provider.get_filter_changes(blocks).await.unwrap();
    assert_eq!(hashes.len(), 2);
    let latest = provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hashes[1], latest.header.hash);
    let txs: Vec<B256> = provider.get_filter_changes(pending).await.unwrap();
    assert_eq!(txs, vec![first, second]);
    let new_logs: Vec<alloy::rpc::types::Log> = provider.get_filter_changes(logs).await.unwrap();
    assert_eq!(new_logs.len(), 2);
    assert_eq!(new_logs[0].transaction_hash, Some(first));
    assert!(provider
        .get_filter_changes::<alloy::rpc::types::Log>(elsewhere)
        .await
        .unwrap()
        .is_empty());

    // Nothing new: empty answers; the log filter's full logs are eth_getLogs' answer.
    assert!(provider
        .get_filter_changes::<B256>(blocks)
        .await
        .unwrap()
        .is_empty());
    assert!(provider
        .get_filter_changes::<alloy::rpc::types::Log>(logs)
        .await
        .unwrap()
        .is_empty());
    let all = rpc(&node, "eth_getFilterLogs", json!([U256::from(logs)]))
        .await
        .unwrap();
    let direct = rpc(
        &node,
        "eth_getLogs",
        json!([{"address": node.registry, "fromBlock": "0x0"}]),
    )
    .await
    .unwrap();
    assert_eq!(all, direct);
    // The constructor's logs (block 3), then the two registrations.
    let all = all.as_array().unwrap();
    assert!(all.len() > 2);
    assert_eq!(all[all.len() - 2]["transactionHash"], json!(first));
    assert_eq!(all[all.len() - 1]["transactionHash"], json!(second));
    // A block filter has no logs of its own.
    let refused = rpc(&node, "eth_getFilterLogs", json!([U256::from(blocks)]))
        .await
        .unwrap_err();
    assert_eq!(code_of(&refused), -32000);

    assert!(provider.uninstall_filter(blocks).await.unwrap());
    assert!(!provider.uninstall_filter(blocks).await.unwrap());
    let gone = rpc(&node, "eth_getFilterChanges", json!([U256::from(blocks)]))
        .await
        .unwrap_err();
    assert_eq!(code_of(&gone), -32000);
    assert!(gone["message"]
        .as_str()
        .unwrap()
        .contains("filter not found"));
    // A filter over a range the node refuses is refused when installed.
    let too_wide = rpc(
        &node,
        "eth_newFilter",
        json!([{"fromBlock": "0x5", "toBlock": "0x1"}]),
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&too_wide), -32000);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn development_accounts_sign_messages_typed_data_and_transactions() {
    let node = node(false).await;
    let account = node.accounts[2].address;
    let message = b"lst-devnet says hello";

    for (method, params) in [
        ("eth_sign", json!([account, Bytes::from_static(message)])),
        (
            "personal_sign",
            json!([Bytes::from_static(message), account]),
        ),
    ] {
        let signature: Bytes =
            serde_json::from_value(rpc(&node, method, params).await.unwrap()).unwrap();
        assert_eq!(signature.len(), 65, "{method}");
        assert!(signature[64] == 27 || signature[64] == 28, "{method}: v");
        let signature = Signature::try_from(&signature[..]).unwrap();
        assert_eq!(
            signature.recover_address_from_msg(message).unwrap(),
            account,
            "{method}"
        );
    }

    // An oracle's tally, signed as EIP-712 typed data by an unlocked account, recovers to the
    // account from the digest the registry checks (computed by the client, not by the node).
    let attestation = lst_registry_client::eip712::TallyAttestation {
        round: 1,
        applicationId: 2,
        applicant: Address::repeat_byte(0x31),
        stakingContract: Address::repeat_byte(0x32),
        contentHash: B256::repeat_byte(0x33),
        snapshotSpace: "metislsp.eth".to_string(),
        snapshotProposal: B256::repeat_byte(0x34),
        forVotes: U256::from(25_000u64) * U256::from(10u64).pow(U256::from(18)),
        againstVotes: U256::from(1u64),
        abstainVotes: U256::ZERO,
        voters: 612,
        oracleEpoch: 1,
    };
    let domain = lst_registry_client::eip712::domain(node.chain_id, node.registry);
    let digest = lst_registry_client::eip712::digest(&attestation, &domain);
    let typed = json!({
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"}
            ],
            "TallyAttestation": [
                {"name": "round", "type": "uint64"},
                {"name": "applicationId", "type": "uint64"},
                {"name": "applicant", "type": "address"},
                {"name": "stakingContract", "type": "address"},
                {"name": "contentHash", "type": "bytes32"},
                {"name": "snapshotSpace", "type": "string"},
                {"name": "snapshotProposal", "type": "bytes32"},
                {"name": "forVotes", "type": "uint256"},
                {"name": "againstVotes", "type": "uint256"},
                {"name": "abstainVotes", "type": "uint256"},
                {"name": "voters", "type": "uint32"},
                {"name": "oracleEpoch", "type": "uint32"}
            ]
        },
        "primaryType": "TallyAttestation",
        "domain": {
            "name": "LstRegistry",
            "version": "1",
            "chainId": node.chain_id,
            "verifyingContract": node.registry
        },
        "message": {
            "round": 1, "applicationId": 2,
            "applicant": attestation.applicant, "stakingContract": attestation.stakingContract,
            "contentHash": attestation.contentHash, "snapshotSpace": "metislsp.eth",
            "snapshotProposal": attestation.snapshotProposal,
            "forVotes": attestation.forVotes.to_string(), "againstVotes": "1",
            "abstainVotes": "0", "voters": 612, "oracleEpoch": 1
        }
    });
    // As an object (cast, web3.py) and as a string holding one (viem, MetaMask).
    for data in [typed.clone(), Value::String(typed.to_string())] {
        let signature: Bytes = serde_json::from_value(
            rpc(&node, "eth_signTypedData_v4", json!([account, data]))
                .await
                .unwrap(),
        )
        .unwrap();
        let signature: [u8; 65] = signature[..].try_into().unwrap();
        assert_eq!(
            lst_registry_client::eip712::recover(&signature, digest),
            Some(account)
        );
    }

    // eth_signTransaction: signed, not sent; sending the bytes mines exactly that transaction.
    let request = json!([{"from": account, "to": node.accounts[5].address, "value": "0x9"}]);
    let before = reader(&node).get_block_number().await.unwrap();
    let raw: Bytes =
        serde_json::from_value(rpc(&node, "eth_signTransaction", request).await.unwrap()).unwrap();
    assert_eq!(reader(&node).get_block_number().await.unwrap(), before);
    let hash = reader(&node)
        .send_raw_transaction(&raw)
        .await
        .unwrap()
        .watch()
        .await
        .unwrap();
    assert_eq!(hash, alloy::primitives::keccak256(&raw));
    let tx = reader(&node)
        .get_transaction_by_hash(hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(tx.inner.signer(), account);

    // Refusals: a key the node does not hold, typed data that does not parse.
    let stranger = Address::repeat_byte(0x77);
    let refused = rpc(&node, "eth_sign", json!([stranger, "0x00"]))
        .await
        .unwrap_err();
    assert_eq!(code_of(&refused), -32000);
    let refused = rpc(
        &node,
        "eth_signTransaction",
        json!([{"from": stranger, "to": stranger}]),
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&refused), -32000);
    let malformed = rpc(
        &node,
        "eth_signTypedData_v4",
        json!([account, "{\"types\": 5}"]),
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&malformed), -32602);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn block_receipts_transactions_by_index_and_the_constant_answers() {
    let node = node(false).await;
    let hash = register_node(&node, 1).await;
    let receipt = rpc(&node, "eth_getTransactionReceipt", json!([hash]))
        .await
        .unwrap();
    let number = receipt["blockNumber"].clone();
    let block_hash = receipt["blockHash"].clone();

    let by_number = rpc(&node, "eth_getBlockReceipts", json!([number]))
        .await
        .unwrap();
    assert_eq!(by_number, json!([receipt]));
    let by_hash = rpc(&node, "eth_getBlockReceipts", json!([block_hash]))
        .await
        .unwrap();
    assert_eq!(by_hash, by_number);
    let empty = rpc(&node, "eth_getBlockReceipts", json!(["earliest"]))
        .await
        .unwrap();
    assert_eq!(empty, json!([]));
    let missing = rpc(&node, "eth_getBlockReceipts", json!(["0x99"]))
        .await
        .unwrap();
    assert_eq!(missing, Value::Null);

    let tx = rpc(&node, "eth_getTransactionByHash", json!([hash]))
        .await
        .unwrap();
    for (method, block) in [
        ("eth_getTransactionByBlockNumberAndIndex", number.clone()),
        ("eth_getTransactionByBlockHashAndIndex", block_hash.clone()),
    ] {
        assert_eq!(
            rpc(&node, method, json!([block, "0x0"])).await.unwrap(),
            tx,
            "{method}"
        );
        assert_eq!(
            rpc(&node, method, json!([block, "0x1"])).await.unwrap(),
            Value::Null
        );
    }
    assert_eq!(
        rpc(
            &node,
            "eth_getTransactionByBlockNumberAndIndex",
            json!(["0x99", "0x0"])
        )
        .await
        .unwrap(),
        Value::Null
    );
    assert_eq!(
        rpc(&node, "eth_getUncleCountByBlockNumber", json!([number]))
            .await
            .unwrap(),
        "0x0"
    );
    assert_eq!(
        rpc(&node, "eth_getUncleCountByBlockHash", json!([block_hash]))
            .await
            .unwrap(),
        "0x0"
    );
    assert_eq!(
        rpc(&node, "eth_getUncleCountByBlockNumber", json!(["0x99"]))
            .await
            .unwrap(),
        Value::Null
    );
    assert_eq!(
        rpc(
            &node,
            "eth_getUncleByBlockNumberAndIndex",
            json!([number, "0x0"])
        )
        .await
        .unwrap(),
        Value::Null
    );
    assert_eq!(
        rpc(&node, "eth_blobBaseFee", json!([])).await.unwrap(),
        "0x1"
    );
    assert_eq!(
        rpc(&node, "eth_coinbase", json!([])).await.unwrap(),
        json!(Address::ZERO)
    );
    assert_eq!(rpc(&node, "eth_mining", json!([])).await.unwrap(), true);
    assert_eq!(rpc(&node, "net_peerCount", json!([])).await.unwrap(), "0x0");
    // Wrong parameters are refused as such.
    let bad = rpc(
        &node,
        "eth_getTransactionByBlockNumberAndIndex",
        json!([number]),
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&bad), -32602);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn cheats_set_nonce_storage_and_stylus_code_and_impersonate_any_account() {
    let node = node(false).await;
    let provider = reader(&node);
    let stranger = Address::repeat_byte(0x5A);

    rpc(&node, "anvil_setNonce", json!([stranger, "0x32"]))
        .await
        .unwrap();
    assert_eq!(provider.get_transaction_count(stranger).await.unwrap(), 50);
    let slot = U256::from(7);
    let value = B256::repeat_byte(0x11);
    assert_eq!(
        rpc(&node, "anvil_setStorageAt", json!([stranger, slot, value]))
            .await
            .unwrap(),
        true
    );
    assert_eq!(
        provider.get_storage_at(stranger, slot).await.unwrap(),
        U256::from_be_bytes(value.0)
    );

    // The registry's own Stylus code, placed elsewhere, is callable there.
    let code = provider.get_code_at(node.registry).await.unwrap();
    let copy = Address::repeat_byte(0xC0);
    rpc(&node, "hardhat_setCode", json!([copy, code]))
        .await
        .unwrap();
    assert_eq!(provider.get_code_at(copy).await.unwrap(), code);
    // Stylus code that does not activate is refused and changes nothing.
    let bad = rpc(&node, "anvil_setCode", json!([copy, "0xeff0000000"]))
        .await
        .unwrap_err();
    assert_eq!(code_of(&bad), -32000, "{bad}");
    assert_eq!(provider.get_code_at(copy).await.unwrap(), code, "unchanged");
    // EVM bytecode is placed as it is and runs: `PUSH1 1 PUSH1 0 MSTORE PUSH1 32 PUSH1 0
    // RETURN` answers the word 1.
    let evm = Bytes::from_static(&[0x60, 0x01, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3]);
    rpc(&node, "anvil_setCode", json!([copy, evm]))
        .await
        .unwrap();
    assert_eq!(provider.get_code_at(copy).await.unwrap(), evm);
    let out = rpc(&node, "eth_call", json!([{"to": copy}, "latest"]))
        .await
        .unwrap();
    assert_eq!(out, json!(B256::from(U256::from(1)).to_string()));

    // Impersonation: refused before, sent unsigned while on, refused again after.
    rpc(
        &node,
        "anvil_setBalance",
        json!([stranger, "0xde0b6b3a7640000"]),
    )
    .await
    .unwrap();
    let send = json!([{"from": stranger, "to": node.accounts[1].address, "value": "0x1"}]);
    let refused = rpc(&node, "eth_sendTransaction", send.clone())
        .await
        .unwrap_err();
    assert_eq!(code_of(&refused), -32000);
    rpc(&node, "anvil_impersonateAccount", json!([stranger]))
        .await
        .unwrap();
    let hash: B256 = serde_json::from_value(
        rpc(&node, "eth_sendTransaction", send.clone())
            .await
            .unwrap(),
    )
    .unwrap();
    let receipt = provider
        .get_transaction_receipt(hash)
        .await
        .unwrap()
        .unwrap();
    assert!(receipt.status());
    assert_eq!(receipt.from, stranger);
    assert_eq!(provider.get_transaction_count(stranger).await.unwrap(), 51);
    // Nothing can sign for it, though.
    let unsigned = rpc(&node, "eth_signTransaction", send.clone())
        .await
        .unwrap_err();
    assert_eq!(code_of(&unsigned), -32000);
    rpc(&node, "anvil_stopImpersonatingAccount", json!([stranger]))
        .await
        .unwrap();
    assert!(rpc(&node, "eth_sendTransaction", send.clone())
        .await
        .is_err());
    rpc(&node, "anvil_autoImpersonateAccount", json!([true]))
        .await
        .unwrap();
    assert!(rpc(&node, "eth_sendTransaction", send.clone())
        .await
        .is_ok());
    rpc(&node, "anvil_autoImpersonateAccount", json!([false]))
        .await
        .unwrap();
    assert!(rpc(&node, "eth_sendTransaction", send).await.is_err());

    let info = rpc(&node, "anvil_nodeInfo", json!([])).await.unwrap();
    assert_eq!(
        info["currentBlockNumber"],
        provider.get_block_number().await.unwrap()
    );
    assert_eq!(info["environment"]["chainId"], 412_346);
    node.shutdown();
}

/// `eth_getProof` answers Merkle proofs that verify against the block's `stateRoot`, for the
/// registry's storage (present and absent slots), an EOA and an account that does not exist,
/// at the latest block and at an earlier one.
#[tokio::test]
async fn proofs_verify_against_each_blocks_state_root() {
    use alloy::primitives::keccak256;
    use alloy::rpc::types::EIP1186AccountProofResponse;
    use alloy_trie::proof::verify_proof;
    use alloy_trie::{Nibbles, TrieAccount};

    let node = node(true).await;
    let p = reader(&node);
    let check = |proof: &EIP1186AccountProofResponse, root: B256, exists: bool| {
        let leaf = exists.then(|| {
            alloy_rlp::encode(TrieAccount {
                nonce: proof.nonce,
                balance: proof.balance,
                storage_root: proof.storage_hash,
                code_hash: proof.code_hash,
            })
        });
        verify_proof(
            root,
            Nibbles::unpack(keccak256(proof.address)),
            leaf,
            &proof.account_proof,
        )
        .unwrap();
        for s in &proof.storage_proof {
            let value = (!s.value.is_zero()).then(|| alloy_rlp::encode(s.value));
            verify_proof(
                proof.storage_hash,
                Nibbles::unpack(keccak256(s.key.as_b256())),
                value,
                &s.proof,
            )
            .unwrap();
        }
    };
    let before = p.get_block_number().await.unwrap();
    let root_before = p
        .get_block_by_number(before.into())
        .await
        .unwrap()
        .unwrap()
        .header
        .state_root;
    let slots = vec![B256::ZERO, B256::with_last_byte(1), B256::repeat_byte(0xAB)];
    let registry = p.get_proof(node.registry, slots.clone()).await.unwrap();
    assert_eq!(
        registry.code_hash,
        keccak256(p.get_code_at(node.registry).await.unwrap())
    );
    assert!(registry.storage_proof.iter().any(|s| !s.value.is_zero()));
    assert!(registry.storage_proof[2].value.is_zero());
    for (s, slot) in registry.storage_proof.iter().zip(&slots) {
        let word = p
            .get_storage_at(node.registry, U256::from_be_bytes(slot.0))
            .await
            .unwrap();
        assert_eq!(s.value, word);
    }
    check(&registry, root_before, true);
    let eoa = p.get_proof(node.accounts[1].address, vec![]).await.unwrap();
    check(&eoa, root_before, true);
    let nobody = p
        .get_proof(Address::repeat_byte(0xEE), vec![])
        .await
        .unwrap();
    check(&nobody, root_before, false);

    // A block later, the root moved; the earlier block's proof still verifies against it.
    let tx = TransactionRequest::default()
        .with_to(Address::repeat_byte(0x70))
        .with_value(U256::from(1));
    wallet(&node, 1)
        .send_transaction(tx)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    let after = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(after.header.state_root, root_before);
    let now = p.get_proof(node.registry, slots.clone()).await.unwrap();
    check(&now, after.header.state_root, true);
    let then = p
        .get_proof(node.registry, slots)
        .block_id(before.into())
        .await
        .unwrap();
    check(&then, root_before, true);
    assert_eq!(then.storage_hash, registry.storage_hash);
}

/// ArbOS precompiles answer over JSON-RPC as on an Arbitrum node: ArbSys's block number and
/// chain id, ArbWasm's description of the registry's program, ArbGasInfo's minimum price.
#[tokio::test]
async fn arbos_precompiles_answer_eth_call() {
    use alloy::sol_types::SolCall;
    use stylus_devnet::arbos::{ArbGasInfo, ArbSys, ArbWasm, ARB_GAS_INFO, ARB_SYS, ARB_WASM};

    let node = node(false).await;
    let p = reader(&node);
    let call = |to: Address, data: Vec<u8>| {
        let p = p.clone();
        async move {
            p.call(TransactionRequest::default().to(to).input(data.into()))
                .await
                .unwrap()
        }
    };
    let number = call(ARB_SYS, ArbSys::arbBlockNumberCall {}.abi_encode()).await;
    let latest = p.get_block_number().await.unwrap();
    // eth_call runs in the pending block, one past the latest.
    assert_eq!(U256::from_be_slice(&number), U256::from(latest + 1));
    let chain = call(ARB_SYS, ArbSys::arbChainIDCall {}.abi_encode()).await;
    assert_eq!(U256::from_be_slice(&chain), U256::from(node.chain_id));
    let version = call(
        ARB_WASM,
        ArbWasm::programVersionCall {
            program: node.registry,
        }
        .abi_encode(),
    )
    .await;
    assert_eq!(U256::from_be_slice(&version), U256::from(2));
    let min = call(
        ARB_GAS_INFO,
        ArbGasInfo::getMinimumGasPriceCall {}.abi_encode(),
    )
    .await;
    assert_eq!(U256::from_be_slice(&min), U256::from(BASE_FEE));

    // NodeInterface (0xc8), answered by the node itself: the L2 estimate is eth_estimateGas's.
    alloy::sol! {
        function gasEstimateComponents(address to, bool contractCreation, bytes data)
            returns (uint64 gasEstimate, uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate);
        function nitroGenesisBlock() returns (uint256 number);
    }
    let node_interface = Address::with_last_byte(0xc8);
    let rules = ILstRegistry::rulesCall {}.abi_encode();
    let estimate = p
        .estimate_gas(
            TransactionRequest::default()
                .to(node.registry)
                .input(rules.clone().into()),
        )
        .await
        .unwrap();
    let answer = call(
        node_interface,
        gasEstimateComponentsCall {
            to: node.registry,
            contractCreation: false,
            data: rules.into(),
        }
        .abi_encode(),
    )
    .await;
    let parts = gasEstimateComponentsCall::abi_decode_returns(&answer).unwrap();
    assert_eq!(
        (
            parts.gasEstimate,
            parts.gasEstimateForL1,
            parts.baseFee,
            parts.l1BaseFeeEstimate
        ),
        (estimate, 0, U256::from(BASE_FEE), U256::ZERO)
    );
    let genesis = call(node_interface, nitroGenesisBlockCall {}.abi_encode()).await;
    assert_eq!(U256::from_be_slice(&genesis), U256::ZERO);
    let error = rpc(
        &node,
        "eth_call",
        json!([{"to": node_interface, "data": "0x12345678"}, "latest"]),
    )
    .await
    .unwrap_err();
    assert!(
        error["message"].as_str().unwrap().contains("NodeInterface"),
        "{error}"
    );
}
