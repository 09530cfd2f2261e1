//! EIP-2930 access lists: `eth_createAccessList` finds what a call touches, a transaction that
//! declares it pays 2,400 per account and 1,900 per key up front and finds those warm (as
//! Nitro's StateDB does for Stylus storage too), and the gas `eth_createAccessList` answers is
//! the gas the transaction then uses.

use alloy::eips::eip2930::{AccessList, AccessListItem};
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, B256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolCall;
use serde_json::{json, Value};

use crate::common::{code_of, node, quantity, rpc, wallet};
use crate::ILstRegistry;

fn set_delay(days: u32) -> Bytes {
    ILstRegistry::setOracleSetDelayCall {
        delay: days * 86_400,
    }
    .abi_encode()
    .into()
}

fn parse_list(answer: &Value) -> AccessList {
    serde_json::from_value(answer["accessList"].clone()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_access_list_eth_create_access_list_finds_is_what_the_transaction_then_pays() {
    let node = node(false).await;
    let admin = node.accounts[0].address;
    let call = json!({"from": admin, "to": node.registry, "input": set_delay(3)});
    let answer = rpc(&node, "eth_createAccessList", json!([call, "latest"]))
        .await
        .unwrap();
    assert!(answer.get("error").is_none(), "{answer}");
    let list = parse_list(&answer);
    // The registry, with the slots the change reads and writes, and the admin program the core
    // delegates the change to (an address, no slots of its own); nothing else (the sender and
    // the recipient are warm anyway, precompiles too).
    let admin_program = ILstRegistry::new(node.registry, wallet(&node, 0))
        .adminProgram()
        .call()
        .await
        .unwrap();
    let mut addresses: Vec<Address> = list.iter().map(|item| item.address).collect();
    addresses.sort();
    let mut expected = vec![node.registry, admin_program];
    expected.sort();
    assert_eq!(addresses, expected, "{answer}");
    let item = |address: Address| list.iter().find(|i| i.address == address).unwrap();
    assert!(item(admin_program).storage_keys.is_empty());
    let keys = item(node.registry).storage_keys.len() as u64;
    assert!(keys >= 1);
    let planned = quantity(&answer["gasUsed"]);
    // Asked again with its own list, it answers the same list: it has settled.
    let again = rpc(
        &node,
        "eth_createAccessList",
        json!([{"from": admin, "to": node.registry, "input": set_delay(3), "accessList": list.clone()}, "latest"]),
    )
    .await
    .unwrap();
    assert_eq!(parse_list(&again), list);
    assert_eq!(quantity(&again["gasUsed"]), planned);

    // Without the list, and with it: the same change, each on its own chain state.
    let snapshot = rpc(&node, "evm_snapshot", json!([])).await.unwrap();
    let send = |with: Option<AccessList>| {
        let node = &node;
        async move {
            let mut tx = TransactionRequest::default()
                .with_to(node.registry)
                .with_input(set_delay(3));
            if let Some(list) = with {
                tx = tx.with_access_list(list);
            }
            wallet(node, 0)
                .send_transaction(tx)
                .await
                .unwrap()
                .get_receipt()
                .await
                .unwrap()
        }
    };
    let without = send(None).await;
    rpc(&node, "evm_revert", json!([snapshot])).await.unwrap();
    let with = send(Some(list.clone())).await;
    assert!(without.status() && with.status());
    assert_eq!(with.gas_used, planned);
    // 2,400 per account (the registry, already warm as the recipient, and the admin program)
    // and 1,900 per key up front; the delegate call then finds the admin program warm (saving
    // 2,500) and each key saves its cold surcharge (2,000 on a first read, 2,100 on a first
    // write).
    let paid = 2 * 2_400 + 1_900 * keys;
    assert!(
        with.gas_used + 2_500 + 2_100 * keys >= without.gas_used + paid
            && with.gas_used + 2_500 + 2_000 * keys <= without.gas_used + paid,
        "with {} without {} keys {keys}",
        with.gas_used,
        without.gas_used
    );
    // The mined transaction carries its list.
    let mined = wallet(&node, 0)
        .get_transaction_by_hash(with.transaction_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        alloy::consensus::Transaction::access_list(mined.inner.inner()).cloned(),
        Some(list)
    );
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn eth_call_and_estimate_take_an_access_list_and_a_failing_call_answers_its_error() {
    let node = node(false).await;
    let admin = node.accounts[0].address;
    let list = json!([{"address": node.registry, "storageKeys": [B256::ZERO]}]);
    let out = rpc(
        &node,
        "eth_call",
        json!([{"from": admin, "to": node.registry, "input": Bytes::from(ILstRegistry::adminCall {}.abi_encode()), "accessList": list}, "latest"]),
    )
    .await
    .unwrap();
    assert_eq!(out, json!(admin.into_word()));
    let plain = rpc(
        &node,
        "eth_estimateGas",
        json!([{"from": admin, "to": node.registry, "input": set_delay(3)}, "latest"]),
    )
    .await
    .unwrap();
    let listed = rpc(
        &node,
        "eth_estimateGas",
        json!([{"from": admin, "to": node.registry, "input": set_delay(3), "accessList": list}, "latest"]),
    )
    .await
    .unwrap();
    assert_ne!(plain, listed);
    // A stranger's change reverts: the list of what it touched, the gas, and the reason.
    let stranger = node.accounts[9].address;
    let answer = rpc(
        &node,
        "eth_createAccessList",
        json!([{"from": stranger, "to": node.registry, "input": set_delay(3)}, "latest"]),
    )
    .await
    .unwrap();
    assert!(
        answer["error"].as_str().unwrap().contains("reverted"),
        "{answer}"
    );
    assert!(quantity(&answer["gasUsed"]) > 21_000);
    assert_eq!(parse_list(&answer)[0].address, node.registry);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_intrinsic_gas_of_an_access_list_is_checked_and_creations_with_one_are_refused() {
    let node = node(false).await;
    let p = wallet(&node, 1);
    let list = AccessList(vec![AccessListItem {
        address: Address::repeat_byte(0x44),
        storage_keys: vec![B256::ZERO, B256::repeat_byte(1)],
    }]);
    let before = p.get_block_number().await.unwrap();
    // 21,000 + 2,400 + 2 × 1,900 = 27,200 is the least this transfer may carry.
    let transfer = |gas: u64| {
        TransactionRequest::default()
            .with_to(Address::repeat_byte(0x45))
            .with_gas_limit(gas)
            .with_access_list(list.clone())
    };
    let refused = p.send_transaction(transfer(27_199)).await.unwrap_err();
    let refused = refused.as_error_resp().unwrap();
    assert_eq!(refused.code, -32000);
    assert!(
        refused.message.contains("intrinsic gas too low"),
        "{refused:?}"
    );
    // A fresh provider: the refused send advanced the first one's cached nonce.
    let receipt = wallet(&node, 1)
        .send_transaction(transfer(27_200))
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    assert_eq!(receipt.gas_used, 27_200);
    // A creation with a list.
    let wasm = b"\0asm\x01\0\0\0".to_vec();
    let error = wallet(&node, 1)
        .send_transaction(
            TransactionRequest::default()
                .with_deploy_code(wasm)
                .with_gas_limit(1_000_000)
                .with_access_list(list.clone()),
        )
        .await
        .unwrap_err();
    let error = error.as_error_resp().unwrap();
    assert_eq!(error.code, -32000);
    assert!(error.message.contains("access list"), "{error:?}");
    assert_eq!(p.get_block_number().await.unwrap(), before + 1);
    let bad = rpc(
        &node,
        "eth_createAccessList",
        json!([{"to": node.registry, "accessList": "nope"}, "latest"]),
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&bad), -32602);
    node.shutdown();
}
