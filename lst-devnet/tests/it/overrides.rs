//! `eth_call` and `eth_estimateGas` with state and block overrides, sent as geth's JSON
//! shapes: each applies to that one call only, a bad override is -32602 with nothing run,
//! and the chain never changes.

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::sol_types::SolCall;
use lst_devnet::chain::MAX_OVERRIDDEN_ACCOUNTS;
use lst_devnet::RunningNode;
use serde_json::{json, Value};
use stylus_devnet::arbos::{ArbSys, ArbWasm, ARB_SYS, ARB_WASM};

use crate::common::{code_of, node, quantity, rpc, wallet, with_custom_section};
use crate::ILstRegistry;

/// `eth_call` of `data` on `to` at the latest block with `overrides` (params 2 and 3).
async fn call(
    node: &RunningNode,
    to: Address,
    data: Vec<u8>,
    overrides: &[Value],
) -> Result<Bytes, Value> {
    call_from(node, Address::ZERO, to, data, overrides).await
}

async fn call_from(
    node: &RunningNode,
    from: Address,
    to: Address,
    data: Vec<u8>,
    overrides: &[Value],
) -> Result<Bytes, Value> {
    let mut params = vec![
        json!({"from": from, "to": to, "input": Bytes::from(data)}),
        json!("latest"),
    ];
    params.extend_from_slice(overrides);
    rpc(node, "eth_call", Value::Array(params))
        .await
        .map(|v| serde_json::from_value(v).unwrap())
}

async fn admin_of(node: &RunningNode, overrides: &[Value]) -> Address {
    let out = call(
        node,
        node.registry,
        ILstRegistry::adminCall {}.abi_encode(),
        overrides,
    )
    .await
    .unwrap();
    ILstRegistry::adminCall::abi_decode_returns(&out).unwrap()
}

async fn slot(node: &RunningNode, index: u64) -> B256 {
    let v = rpc(
        node,
        "eth_getStorageAt",
        json!([node.registry, format!("{index:#x}"), "latest"]),
    )
    .await
    .unwrap();
    serde_json::from_value(v).unwrap()
}

/// Slot 0 (the control record) with the admin's 20 bytes replaced by `who`'s, wherever
/// they are in the word.
fn with_admin(slot0: B256, admin: Address, who: Address) -> B256 {
    let mut word = slot0.0;
    let at = word
        .windows(20)
        .position(|w| w == admin.as_slice())
        .expect("the admin is stored in slot 0");
    word[at..at + 20].copy_from_slice(who.as_slice());
    B256::from(word)
}

/// What a test checks is unchanged after a refused or overridden call.
/// The registry's program under a code hash no one has activated (a custom section added),
/// as `EF F0 00` code.
fn unactivated_registry_code() -> Bytes {
    let wasm = std::fs::read(lst_devnet::artifact_path()).unwrap();
    lst_devnet::deploy::stylus_code(&with_custom_section(&wasm))
        .unwrap()
        .into()
}

async fn fingerprint(node: &RunningNode) -> (u64, B256, Value) {
    let number = quantity(&rpc(node, "eth_blockNumber", json!([])).await.unwrap());
    let code = rpc(node, "eth_getCode", json!([node.registry, "latest"]))
        .await
        .unwrap();
    (number, slot(node, 0).await, code)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_state_diff_makes_a_stranger_admin_for_one_call_and_one_estimate_only() {
    let node = node(false).await;
    let admin = node.accounts[0].address;
    let stranger = node.accounts[9].address;
    let before = fingerprint(&node).await;
    let slot0 = before.1;
    let diff = json!({ node.registry.to_string(): {
        "stateDiff": { B256::ZERO.to_string(): with_admin(slot0, admin, stranger) }
    }});
    assert_eq!(admin_of(&node, &[]).await, admin);
    assert_eq!(admin_of(&node, std::slice::from_ref(&diff)).await, stranger);
    // An admin-only change from the stranger: reverts as it is, estimates under the override.
    let tx = json!({
        "from": stranger,
        "to": node.registry,
        "input": Bytes::from(ILstRegistry::setOracleSetDelayCall { delay: 3 * 86_400 }.abi_encode()),
    });
    let refused = rpc(&node, "eth_estimateGas", json!([tx, "latest"]))
        .await
        .unwrap_err();
    assert_eq!(code_of(&refused), 3, "{refused}");
    let gas = rpc(&node, "eth_estimateGas", json!([tx, "latest", diff]))
        .await
        .unwrap();
    assert!(quantity(&gas) > 21_000, "{gas}");
    // Nothing stayed: the admin, the slot, the chain.
    assert_eq!(admin_of(&node, &[]).await, admin);
    assert_eq!(fingerprint(&node).await, before);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_state_override_replaces_the_whole_storage() {
    let node = node(false).await;
    let (admin, stranger) = (node.accounts[0].address, node.accounts[9].address);
    // The registry's fixed slots, the admin changed in slot 0: the views read them.
    let mut storage = serde_json::Map::new();
    for i in 0..8u64 {
        let mut value = slot(&node, i).await;
        if i == 0 {
            value = with_admin(value, admin, stranger);
        }
        if value != B256::ZERO {
            storage.insert(B256::from(U256::from(i)).to_string(), json!(value));
        }
    }
    let listed = json!({ node.registry.to_string(): { "state": storage } });
    assert_eq!(admin_of(&node, &[listed]).await, stranger);
    // An empty `stateDiff` changes nothing; an empty `state` leaves no storage at all, so
    // the views program's address is gone too: the core, as if its constructor had not run,
    // refuses to delegate `admin()` to address zero (`RegistryNoCode(0)`, execution error 3).
    let no_diff = json!({ node.registry.to_string(): { "stateDiff": {} } });
    assert_eq!(admin_of(&node, &[no_diff]).await, admin);
    let empty = json!({ node.registry.to_string(): { "state": {} } });
    let out = call(
        &node,
        node.registry,
        ILstRegistry::adminCall {}.abi_encode(),
        &[empty],
    )
    .await;
    let no_code = ILstRegistry::RegistryNoCode {
        account: Address::ZERO,
    };
    let error = out.expect_err("the core delegated to address zero");
    assert_eq!(error["code"], json!(3));
    assert_eq!(
        error["data"],
        json!(Bytes::from(alloy::sol_types::SolError::abi_encode(
            &no_code
        )))
    );
    assert_eq!(admin_of(&node, &[]).await, admin);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn code_overrides_place_code_as_nitro_does() {
    let node = node(false).await;
    let before = fingerprint(&node).await;
    // No code: the registry's address answers as an account without code (empty output).
    let none = json!({ node.registry.to_string(): { "code": "0x" } });
    let out = call(
        &node,
        node.registry,
        ILstRegistry::adminCall {}.abi_encode(),
        &[none],
    )
    .await;
    assert_eq!(out, Ok(Bytes::new()));
    // The registry's own code at a fresh address, with the registry's storage: answers as
    // the registry does.
    let code: Bytes = serde_json::from_value(before.2.clone()).unwrap();
    let elsewhere = Address::repeat_byte(0x77);
    let mut storage = serde_json::Map::new();
    for i in 0..8u64 {
        let value = slot(&node, i).await;
        if value != B256::ZERO {
            storage.insert(B256::from(U256::from(i)).to_string(), json!(value));
        }
    }
    let copy = json!({ elsewhere.to_string(): { "code": code, "state": storage } });
    let out = call(
        &node,
        elsewhere,
        ILstRegistry::adminCall {}.abi_encode(),
        &[copy],
    )
    .await
    .unwrap();
    assert_eq!(
        ILstRegistry::adminCall::abi_decode_returns(&out).unwrap(),
        node.accounts[0].address
    );
    // EVM bytecode runs as it is: `PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN`.
    let evm = json!({ elsewhere.to_string(): { "code": "0x602a60005260206000f3" } });
    let out = call(&node, elsewhere, vec![], &[evm]).await.unwrap();
    assert_eq!(out, Bytes::from(B256::from(U256::from(42)).to_vec()));
    // Stylus code whose codehash is not activated is placed, as on Nitro, and a call to it
    // fails with ArbWasm's ProgramNotActivated until it is activated.
    let unactivated = json!({ elsewhere.to_string(): { "code": unactivated_registry_code() } });
    let error = call(
        &node,
        elsewhere,
        ILstRegistry::adminCall {}.abi_encode(),
        &[unactivated],
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&error), -32000, "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("ProgramNotActivated"),
        "{error}"
    );
    assert_eq!(
        rpc(&node, "eth_getCode", json!([elsewhere, "latest"]))
            .await
            .unwrap(),
        "0x"
    );
    assert_eq!(fingerprint(&node).await, before);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_balance_override_pays_for_the_call_s_value() {
    let node = node(false).await;
    let poor = Address::repeat_byte(0x55);
    let value = U256::from(10u64).pow(U256::from(18));
    let send = |overrides: Vec<Value>| {
        let node = &node;
        async move {
            let mut params = vec![
                json!({"from": poor, "to": Address::repeat_byte(0x56), "value": value}),
                json!("latest"),
            ];
            params.extend(overrides);
            rpc(node, "eth_call", Value::Array(params)).await
        }
    };
    assert!(send(vec![]).await.is_err());
    let rich = json!({ poor.to_string(): { "balance": value, "nonce": "0x7" } });
    assert_eq!(send(vec![rich]).await.unwrap(), "0x");
    assert_eq!(
        rpc(&node, "eth_getBalance", json!([poor, "latest"]))
            .await
            .unwrap(),
        "0x0"
    );
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn block_overrides_set_the_number_and_the_time_a_call_sees() {
    let node = node(false).await;
    let latest = quantity(&rpc(&node, "eth_blockNumber", json!([])).await.unwrap());
    let arb_block = |overrides: Vec<Value>| {
        let node = &node;
        async move {
            let out = call(
                node,
                ARB_SYS,
                ArbSys::arbBlockNumberCall {}.abi_encode(),
                &overrides,
            )
            .await
            .unwrap();
            U256::from_be_slice(&out)
        }
    };
    assert_eq!(arb_block(vec![]).await, U256::from(latest + 1));
    assert_eq!(
        arb_block(vec![json!({}), json!({"number": "0x3039"})]).await,
        U256::from(12_345)
    );
    // The time: a scheduled oracle set is in force from its time on.
    let admin = wallet(&node, 0);
    let registry = ILstRegistry::new(node.registry, &admin);
    for signers in [vec![Address::repeat_byte(1)], vec![Address::repeat_byte(2)]] {
        let receipt = registry
            .setOracleSet(signers, 1)
            .send()
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        assert!(receipt.status());
    }
    let set = |overrides: Vec<Value>| {
        let node = &node;
        async move {
            let out = call(
                node,
                node.registry,
                ILstRegistry::oracleSetCall {}.abi_encode(),
                &overrides,
            )
            .await
            .unwrap();
            ILstRegistry::oracleSetCall::abi_decode_returns(&out).unwrap()
        }
    };
    let now = set(vec![]).await;
    assert_eq!(now.signers, vec![Address::repeat_byte(1)]);
    assert!(now.nextAt > 0);
    let at = |t: u64| vec![json!({}), json!({ "time": format!("{t:#x}") })];
    assert_eq!(
        set(at(now.nextAt - 1)).await.signers,
        vec![Address::repeat_byte(1)]
    );
    assert_eq!(
        set(at(now.nextAt)).await.signers,
        vec![Address::repeat_byte(2)]
    );
    assert_eq!(set(vec![]).await.signers, vec![Address::repeat_byte(1)]);
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_overrides_are_refused_with_32602_and_nothing_runs() {
    let node = node(false).await;
    let before = fingerprint(&node).await;
    let r = node.registry.to_string();
    let too_many: serde_json::Map<String, Value> = (0..=MAX_OVERRIDDEN_ACCOUNTS)
        .map(|i| {
            let mut a = [0u8; 20];
            a[..8].copy_from_slice(&(i as u64 + 1).to_be_bytes());
            (Address::from(a).to_string(), json!({"balance": "0x1"}))
        })
        .collect();
    let cases = [
        (
            json!({ r.clone(): { "state": {}, "stateDiff": {} } }),
            None,
            "both",
        ),
        (
            json!({ r.clone(): { "movePrecompileToAddress": Address::repeat_byte(9) } }),
            None,
            "movePrecompileToAddress",
        ),
        (
            json!({ r.clone(): { "storage": {} } }),
            None,
            "unknown field",
        ),
        (
            json!({ r.clone(): { "balance": "lots" } }),
            None,
            "state override",
        ),
        (Value::Object(too_many), None, "at most"),
        (
            json!({}),
            Some(json!({"number": format!("{:#x}", U256::MAX)})),
            "64 bits",
        ),
        (json!([1, 2]), None, "state override"),
    ];
    for (state, block, words) in cases {
        let mut overrides = vec![state];
        overrides.extend(block);
        let error = call(
            &node,
            node.registry,
            ILstRegistry::adminCall {}.abi_encode(),
            &overrides,
        )
        .await
        .unwrap_err();
        assert_eq!(code_of(&error), -32602, "{error}");
        assert!(
            error["message"].as_str().unwrap().contains(words),
            "{words}: {error}"
        );
        let estimate = rpc(
            &node,
            "eth_estimateGas",
            json!([{"to": node.registry, "input": Bytes::from(ILstRegistry::adminCall {}.abi_encode())}, "latest"])
                .as_array()
                .unwrap()
                .iter()
                .cloned()
                .chain(overrides)
                .collect::<Value>(),
        )
        .await
        .unwrap_err();
        assert_eq!(code_of(&estimate), -32602, "{estimate}");
    }
    assert_eq!(fingerprint(&node).await, before);
    node.shutdown();
}

/// `cargo stylus check` and `deploy` learn whether a program needs activation and what its
/// data fee is with exactly these calls: `codehashVersion(codehash)` must fail with
/// `ProgramNotActivated`, then `activateProgram(address)` runs with the code placed at the
/// address by a state override, from a random sender given a balance by another, with 1 ETH.
#[tokio::test(flavor = "multi_thread")]
async fn cargo_stylus_check_learns_a_programs_data_fee_through_an_override() {
    let node = node(false).await;
    let before = fingerprint(&node).await;
    let code = unactivated_registry_code();
    let codehash = alloy::primitives::keccak256(&code);
    let version = json!([
        {"to": ARB_WASM, "input": Bytes::from(ArbWasm::codehashVersionCall { codehash }.abi_encode())},
        "latest"
    ]);
    let not_activated = rpc(&node, "eth_call", version.clone()).await.unwrap_err();
    assert_eq!(code_of(&not_activated), 3, "{not_activated}");
    // ProgramNotActivated(): the error cargo-stylus decodes to decide that it must activate.
    assert_eq!(
        not_activated["data"],
        json!("0x6f809c4e"),
        "{not_activated}"
    );

    let program = Address::repeat_byte(0x5c);
    let sender = Address::repeat_byte(0x5e);
    let spoof = json!({
        program.to_string(): { "code": code },
        sender.to_string(): { "balance": format!("{:#x}", U256::MAX) },
    });
    let data = ArbWasm::activateProgramCall { program }.abi_encode();
    let out: Bytes = serde_json::from_value(
        rpc(
            &node,
            "eth_call",
            json!([
                {"from": sender, "to": ARB_WASM, "input": Bytes::from(data), "value": "0xde0b6b3a7640000"},
                "latest",
                spoof
            ]),
        )
        .await
        .unwrap(),
    )
    .unwrap();
    let activated = ArbWasm::activateProgramCall::abi_decode_returns(&out).unwrap();
    let stylus_version = ArbWasm::stylusVersionCall::abi_decode_returns(
        &call(
            &node,
            ARB_WASM,
            ArbWasm::stylusVersionCall {}.abi_encode(),
            &[],
        )
        .await
        .unwrap(),
    )
    .unwrap();
    assert_eq!(activated.version, stylus_version);
    assert!(activated.dataFee > U256::ZERO, "a data fee in wei");
    assert!(activated.dataFee < U256::from(10u64).pow(U256::from(18)));

    // The activation was the call's only: the code hash is still not activated.
    assert_eq!(
        rpc(&node, "eth_call", version).await.unwrap_err(),
        not_activated
    );
    assert_eq!(fingerprint(&node).await, before);
    node.shutdown();
}
