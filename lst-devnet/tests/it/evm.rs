//! EVM contracts over JSON-RPC: creations by EVM init code (signed raw transactions and the
//! node's `eth_sendTransaction`, with value), `eth_call` / `eth_estimateGas` / traces of a
//! creation, an exceptional halt mined with status 0, and the genesis contracts
//! (`contracts/out/genesis.json`) in every chain: Multicall3 batching the registry's views
//! (EVM calling Stylus), kept by `anvil_reset` and state files, and the StylusDeployer
//! deploying and activating the registry as `cargo stylus deploy` does.

use alloy::network::TransactionBuilder;
use alloy::primitives::{keccak256, Address, Bytes, TxKind, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::sol_types::{SolCall, SolEvent};
use alloy_eips::eip2718::Encodable2718;
use lst_devnet::chain::BASE_FEE;
use lst_devnet::genesis::{CACHE_MANAGER, DETERMINISTIC_DEPLOYER, MULTICALL3, STYLUS_DEPLOYER};
use lst_devnet::tx::{sign_eip1559, UnsignedTx};
use lst_devnet::{start, NodeConfig, RunningNode};
use serde_json::{json, Value};

use crate::common::{code_of, node, quantity, reader, rpc, signer, wallet, with_custom_section};
use crate::ILstRegistry;

alloy::sol! {
    /// The part of Multicall3 these tests call.
    #[sol(rpc)]
    interface IMulticall3 {
        struct Call3 { address target; bool allowFailure; bytes callData; }
        struct Result { bool success; bytes returnData; }
        function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory returnData);
        function getChainId() external view returns (uint256 chainid);
        function getBlockNumber() external view returns (uint256 blockNumber);
    }

    /// What the StylusDeployer emits; ArbWasm's activation event.
    interface Events {
        event ContractDeployed(address deployedContract);
        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
    }

    /// ArbWasm's view of an activated code hash.
    function codehashVersion(bytes32 codehash) external view returns (uint16 version);
}

/// Init code that deploys the one-byte runtime `FE` (INVALID): `PUSH1 FE PUSH1 0 MSTORE8
/// PUSH1 1 PUSH1 0 RETURN`. It takes value (raw bytecode has no callvalue check).
const INVALID_RUNTIME_INIT: [u8; 10] = [0x60, 0xfe, 0x60, 0x00, 0x53, 0x60, 0x01, 0x60, 0x00, 0xf3];
/// Init code that reverts without data: `PUSH1 0 PUSH1 0 REVERT`.
const REVERTING_INIT: [u8; 5] = [0x60, 0x00, 0x60, 0x00, 0xfd];
/// ArbWasm.
const ARB_WASM: Address = Address::new([
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x71,
]);

/// `contracts/out/genesis.json`, read from the repository (not through the node's copy).
fn genesis_file() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../contracts/out/genesis.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A genesis contract's address, creation code and runtime code.
fn contract(name: &str) -> (Address, Bytes, Bytes) {
    let file = genesis_file();
    let c = file["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in genesis.json"));
    let field = |f: &str| c[f].as_str().unwrap().parse::<Bytes>().unwrap();
    (
        c["address"].as_str().unwrap().parse().unwrap(),
        field("bytecode"),
        field("deployedBytecode"),
    )
}

/// A signed EIP-1559 creation from development account `i` at `nonce`, as raw bytes.
fn raw_creation(node: &RunningNode, i: usize, nonce: u64, gas: u64, init: &Bytes) -> Bytes {
    let tx = UnsignedTx {
        chain_id: node.chain_id,
        nonce,
        gas_limit: gas,
        max_fee_per_gas: 2 * BASE_FEE,
        max_priority_fee_per_gas: 0,
        to: TxKind::Create,
        value: U256::ZERO,
        input: init.clone(),
    };
    sign_eip1559(tx, &signer(node, i))
        .unwrap()
        .inner()
        .encoded_2718()
        .into()
}

/// `eth_sendTransaction` (the node signs) and the receipt.
async fn send_unlocked(node: &RunningNode, tx: Value) -> TransactionReceipt {
    let hash: B256 =
        serde_json::from_value(rpc(node, "eth_sendTransaction", json!([tx])).await.unwrap())
            .unwrap();
    reader(node)
        .get_transaction_receipt(hash)
        .await
        .unwrap()
        .expect("mined")
}

/// A creation by development account `i` through alloy's wallet (nonce, gas filled in).
async fn deploy(node: &RunningNode, i: usize, tx: TransactionRequest) -> TransactionReceipt {
    wallet(node, i)
        .send_transaction(tx)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn evm_init_code_deploys_by_raw_and_by_unlocked_transactions() {
    let node = node(false).await;
    let p = reader(&node);
    let (_, multicall_init, multicall_runtime) = contract("Multicall3");

    // A signed raw creation from account 1, with the gas eth_estimateGas gives.
    let from = node.accounts[1].address;
    let gas = p
        .estimate_gas(
            TransactionRequest::default()
                .from(from)
                .with_deploy_code(multicall_init.clone()),
        )
        .await
        .unwrap();
    let before = p.get_balance(from).await.unwrap();
    let receipt = p
        .send_raw_transaction(&raw_creation(&node, 1, 0, gas, &multicall_init))
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    let copy = from.create(0);
    assert_eq!(receipt.contract_address, Some(copy));
    assert_eq!(receipt.to, None);
    assert!(receipt.gas_used <= gas);
    // The fee is the base fee times the gas used, as for calls.
    let spent = before - p.get_balance(from).await.unwrap();
    assert_eq!(spent, U256::from(receipt.gas_used) * U256::from(BASE_FEE));
    assert_eq!(p.get_code_at(copy).await.unwrap(), multicall_runtime);
    assert_eq!(p.get_transaction_count(copy).await.unwrap(), 1, "EIP-161");
    assert_eq!(p.get_transaction_count(from).await.unwrap(), 1);
    // The copy runs.
    let chain_id = IMulticall3::new(copy, &p)
        .getChainId()
        .call()
        .await
        .unwrap();
    assert_eq!(chain_id, U256::from(node.chain_id));

    // eth_sendTransaction without `to` and without gas: the node estimates and signs.
    let (_, factory_init, factory_runtime) = contract("DeterministicDeployer");
    let sender = node.accounts[2].address;
    let receipt = send_unlocked(&node, json!({"from": sender, "data": factory_init})).await;
    assert!(receipt.status());
    assert_eq!(receipt.contract_address, Some(sender.create(0)));
    assert_eq!(
        p.get_code_at(sender.create(0)).await.unwrap(),
        factory_runtime
    );
    let tx = p
        .get_transaction_by_hash(receipt.transaction_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        alloy::consensus::Transaction::kind(tx.inner.inner()),
        TxKind::Create
    );

    // A creation with value: the new account holds it, the sender pays it and the fee.
    let before = p.get_balance(sender).await.unwrap();
    let receipt = send_unlocked(
        &node,
        json!({"from": sender, "data": Bytes::from(INVALID_RUNTIME_INIT), "value": "0x3e8"}),
    )
    .await;
    assert!(receipt.status());
    let funded = sender.create(1);
    assert_eq!(receipt.contract_address, Some(funded));
    assert_eq!(p.get_balance(funded).await.unwrap(), U256::from(1000));
    assert_eq!(
        p.get_code_at(funded).await.unwrap(),
        Bytes::from(vec![0xfe])
    );
    let spent = before - p.get_balance(sender).await.unwrap();
    assert_eq!(
        spent,
        U256::from(receipt.gas_used) * U256::from(BASE_FEE) + U256::from(1000)
    );

    // Multicall3's constructor is not payable: the creation reverts, is mined with status 0
    // and names the address it was for (as geth's receipts do), which holds nothing.
    let receipt = send_unlocked(
        &node,
        json!({"from": sender, "data": multicall_init, "value": "0x1", "gas": "0x100000"}),
    )
    .await;
    assert!(!receipt.status());
    assert_eq!(receipt.contract_address, Some(sender.create(2)));
    assert!(p.get_code_at(sender.create(2)).await.unwrap().is_empty());
    assert_eq!(p.get_balance(sender.create(2)).await.unwrap(), U256::ZERO);
    assert_eq!(p.get_transaction_count(sender).await.unwrap(), 3);

    // Access lists on a creation are still refused (the devnet's creation takes none).
    let error = rpc(
        &node,
        "eth_call",
        json!([{"from": sender, "data": multicall_init, "accessList": [{"address": MULTICALL3, "storageKeys": []}]}, "latest"]),
    )
    .await
    .unwrap_err();
    assert!(
        error["message"].as_str().unwrap().contains("access list"),
        "{error}"
    );
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn eth_call_and_estimate_gas_of_a_creation() {
    let node = node(false).await;
    let p = reader(&node);
    let (_, init, runtime) = contract("Multicall3");
    let from = node.accounts[3].address;
    let creation = TransactionRequest::default()
        .from(from)
        .with_deploy_code(init.clone());
    let number = p.get_block_number().await.unwrap();

    // eth_call of a creation answers the code it would deploy; nothing stays.
    assert_eq!(p.call(creation.clone()).await.unwrap(), runtime);
    assert_eq!(p.get_transaction_count(from).await.unwrap(), 0);
    assert!(p.get_code_at(from.create(0)).await.unwrap().is_empty());

    // eth_estimateGas: the least limit that works; one gas less runs out (the code deposit
    // is not paid), is mined with status 0 and uses all of its gas.
    let gas = p.estimate_gas(creation.clone()).await.unwrap();
    assert!(gas > 53_000, "{gas}");
    let short = deploy(&node, 3, creation.clone().with_gas_limit(gas - 1)).await;
    assert!(!short.status());
    assert_eq!(short.gas_used, gas - 1);
    assert!(p.get_code_at(from.create(0)).await.unwrap().is_empty());
    let enough = deploy(&node, 3, creation.clone().with_gas_limit(gas)).await;
    assert!(enough.status());
    assert_eq!(p.get_code_at(from.create(1)).await.unwrap(), runtime);
    assert_eq!(p.get_block_number().await.unwrap(), number + 2);

    // NodeInterface's estimate of a creation is eth_estimateGas's.
    alloy::sol! {
        function gasEstimateComponents(address to, bool contractCreation, bytes data)
            returns (uint64 gasEstimate, uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate);
    }
    let answer = p
        .call(
            TransactionRequest::default()
                .from(from)
                .to(Address::with_last_byte(0xc8))
                .input(
                    Bytes::from(
                        gasEstimateComponentsCall {
                            to: Address::ZERO,
                            contractCreation: true,
                            data: init.clone(),
                        }
                        .abi_encode(),
                    )
                    .into(),
                ),
        )
        .await
        .unwrap();
    let parts = gasEstimateComponentsCall::abi_decode_returns(&answer).unwrap();
    assert_eq!(parts.gasEstimate, p.estimate_gas(creation).await.unwrap());

    // A creation that reverts: eth_call and eth_estimateGas answer 3 "execution reverted".
    let reverting = json!({"from": from, "data": Bytes::from(REVERTING_INIT)});
    for method in ["eth_call", "eth_estimateGas"] {
        let error = rpc(&node, method, json!([reverting, "latest"]))
            .await
            .unwrap_err();
        assert_eq!(code_of(&error), 3, "{method}: {error}");
        assert_eq!(error["message"], "execution reverted", "{method}");
    }

    // EIP-3860: init code over twice the largest code (2 × 24,576 bytes) is refused, by
    // eth_call and by debug_traceCall alike.
    let huge = Bytes::from(vec![0x5b; 2 * 24_576 + 1]);
    for (method, params) in [
        ("eth_call", json!([{"from": from, "data": huge}, "latest"])),
        (
            "debug_traceCall",
            json!([{"from": from, "data": huge}, "latest", {"tracer": "callTracer"}]),
        ),
    ] {
        let error = rpc(&node, method, params).await.unwrap_err();
        assert_eq!(code_of(&error), -32000, "{method}: {error}");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("max initcode size exceeded"),
            "{method}: {error}"
        );
    }
    let error = p
        .send_raw_transaction(&raw_creation(&node, 3, 2, 30_000_000, &huge))
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("max initcode size exceeded"), "{error}");
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_exceptional_halt_is_mined_with_status_0_and_all_its_gas() {
    let node = node(false).await;
    let p = reader(&node);
    let from = node.accounts[4].address;
    let receipt = deploy(
        &node,
        4,
        TransactionRequest::default().with_deploy_code(Bytes::from(INVALID_RUNTIME_INIT)),
    )
    .await;
    let invalid = receipt.contract_address.unwrap();
    assert_eq!(
        p.get_code_at(invalid).await.unwrap(),
        Bytes::from(vec![0xfe])
    );

    // eth_call and eth_estimateGas answer -32000 with geth's words.
    let call = json!({"from": from, "to": invalid});
    for method in ["eth_call", "eth_estimateGas"] {
        let error = rpc(&node, method, json!([call, "latest"]))
            .await
            .unwrap_err();
        assert_eq!(code_of(&error), -32000, "{method}: {error}");
        assert_eq!(error["message"], "invalid opcode", "{method}");
    }

    // Sent with a gas limit, it is mined: status 0, all the gas used and paid for.
    let before = p.get_balance(from).await.unwrap();
    let receipt = wallet(&node, 4)
        .send_transaction(
            TransactionRequest::default()
                .with_to(invalid)
                .with_gas_limit(100_000),
        )
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(!receipt.status());
    assert_eq!(receipt.gas_used, 100_000);
    assert!(receipt.inner.logs().is_empty());
    let spent = before - p.get_balance(from).await.unwrap();
    assert_eq!(spent, U256::from(100_000u64) * U256::from(BASE_FEE));
    let raw = rpc(
        &node,
        "eth_getTransactionReceipt",
        json!([receipt.transaction_hash]),
    )
    .await
    .unwrap();
    assert_eq!(raw["status"], "0x0");

    // Traced: the call frame's error and the struct logger's last step say why.
    let trace = rpc(
        &node,
        "debug_traceTransaction",
        json!([receipt.transaction_hash, {"tracer": "callTracer"}]),
    )
    .await
    .unwrap();
    assert_eq!(trace["error"], "invalid opcode");
    assert_eq!(quantity(&trace["gasUsed"]), 100_000);
    assert!(trace.get("revertReason").is_none(), "{trace}");
    let logs = rpc(
        &node,
        "debug_traceTransaction",
        json!([receipt.transaction_hash]),
    )
    .await
    .unwrap();
    assert_eq!(logs["failed"], true);
    let steps = logs["structLogs"].as_array().unwrap();
    assert_eq!(steps.len(), 1, "{logs}");
    assert_eq!(steps[0]["op"], "INVALID");
    assert_eq!(steps[0]["error"], "invalid opcode");

    // A creation whose init code halts: mined, status 0, all its gas, nothing deployed.
    let receipt = deploy(
        &node,
        4,
        TransactionRequest::default()
            .with_deploy_code(Bytes::from(vec![0xfe]))
            .with_gas_limit(80_000),
    )
    .await;
    assert!(!receipt.status());
    assert_eq!(receipt.gas_used, 80_000);
    let address = receipt.contract_address.unwrap();
    assert!(p.get_code_at(address).await.unwrap().is_empty());
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn creations_by_init_code_are_traced() {
    let node = node(false).await;
    let (_, init, runtime) = contract("Multicall3");
    let from = node.accounts[5].address;
    let receipt = deploy(
        &node,
        5,
        TransactionRequest::default().with_deploy_code(init.clone()),
    )
    .await;
    let created = receipt.contract_address.unwrap();
    let trace = rpc(
        &node,
        "debug_traceTransaction",
        json!([receipt.transaction_hash, {"tracer": "callTracer"}]),
    )
    .await
    .unwrap();
    assert_eq!(trace["type"], "CREATE");
    assert_eq!(trace["from"], json!(from));
    assert_eq!(trace["to"], json!(created));
    assert_eq!(trace["value"], "0x0");
    assert_eq!(trace["input"], json!(init));
    assert_eq!(trace["output"], json!(runtime));
    assert_eq!(quantity(&trace["gasUsed"]), receipt.gas_used);
    // geth's struct logger: Solidity's init code starts `PUSH1 0x80 PUSH1 0x40 MSTORE`.
    let logs = rpc(
        &node,
        "debug_traceTransaction",
        json!([receipt.transaction_hash]),
    )
    .await
    .unwrap();
    let steps = logs["structLogs"].as_array().unwrap();
    let ops: Vec<&str> = steps
        .iter()
        .take(3)
        .map(|s| s["op"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["PUSH1", "PUSH1", "MSTORE"]);
    assert_eq!(steps[1]["stack"], json!(["0x80"]));
    assert_eq!(steps[0]["depth"], 1);
    assert_eq!(steps.last().unwrap()["op"], "RETURN");
    let bare = rpc(
        &node,
        "debug_traceTransaction",
        json!([receipt.transaction_hash, {"disableStack": true}]),
    )
    .await
    .unwrap();
    assert!(bare["structLogs"][1].get("stack").is_none());

    // debug_traceCall of a creation (no `to`): the frame it would run; nothing stays.
    let trace = rpc(
        &node,
        "debug_traceCall",
        json!([{"from": from, "data": init}, "latest", {"tracer": "callTracer"}]),
    )
    .await
    .unwrap();
    assert_eq!(trace["type"], "CREATE");
    assert_eq!(trace["to"], json!(from.create(1)));
    assert_eq!(trace["output"], json!(runtime));
    let p = reader(&node);
    assert!(p.get_code_at(from.create(1)).await.unwrap().is_empty());
    // The calls Multicall3 makes, nested: to the registry (Stylus) from EVM code.
    let batch = IMulticall3::aggregate3Call {
        calls: vec![IMulticall3::Call3 {
            target: node.registry,
            allowFailure: false,
            callData: ILstRegistry::adminCall {}.abi_encode().into(),
        }],
    }
    .abi_encode();
    let trace = rpc(
        &node,
        "debug_traceCall",
        json!([{"to": MULTICALL3, "data": Bytes::from(batch)}, "latest", {"tracer": "callTracer"}]),
    )
    .await
    .unwrap();
    assert_eq!(trace["calls"][0]["to"], json!(node.registry));
    node.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_genesis_contracts_are_in_every_chain() {
    let node = node(false).await;
    let p = reader(&node);
    let file = genesis_file();
    let contracts = file["contracts"].as_array().unwrap();
    assert_eq!(contracts.len(), 4);
    let expected = [
        ("DeterministicDeployer", DETERMINISTIC_DEPLOYER),
        ("Multicall3", MULTICALL3),
        ("StylusDeployer", STYLUS_DEPLOYER),
        ("CacheManager", CACHE_MANAGER),
    ];
    let check = |url: String| {
        let contracts = contracts.clone();
        async move {
            let p = alloy::providers::ProviderBuilder::new().connect_http(url.parse().unwrap());
            for c in contracts {
                let address: Address = c["address"].as_str().unwrap().parse().unwrap();
                let runtime: Bytes = c["deployedBytecode"].as_str().unwrap().parse().unwrap();
                assert_eq!(
                    p.get_code_at(address).await.unwrap(),
                    runtime,
                    "{}",
                    c["name"]
                );
                assert_eq!(p.get_transaction_count(address).await.unwrap(), 1);
                assert_eq!(p.get_balance(address).await.unwrap(), U256::ZERO);
            }
        }
    };
    for (c, (name, address)) in contracts.iter().zip(expected) {
        assert_eq!(c["name"], name);
        assert_eq!(
            c["address"].as_str().unwrap().parse::<Address>().unwrap(),
            address
        );
    }
    check(node.url.clone()).await;
    // In the genesis block's state too.
    let at_genesis = p.get_code_at(MULTICALL3).number(0).await.unwrap();
    assert!(!at_genesis.is_empty());

    // Multicall3 answers, and batches the registry's views: EVM calling Stylus.
    let multicall = IMulticall3::new(MULTICALL3, &p);
    assert_eq!(
        multicall.getChainId().call().await.unwrap(),
        U256::from(412_346)
    );
    // On Arbitrum the EVM's NUMBER is the L1 block number; eth_call runs in the pending
    // block, whose L1 block number follows the latest block's.
    let latest = rpc(&node, "eth_getBlockByNumber", json!(["latest", false]))
        .await
        .unwrap();
    assert_eq!(
        multicall.getBlockNumber().call().await.unwrap(),
        U256::from(quantity(&latest["l1BlockNumber"]) + 1)
    );
    let view = |data: Vec<u8>| IMulticall3::Call3 {
        target: node.registry,
        allowFailure: false,
        callData: data.into(),
    };
    let results = multicall
        .aggregate3(vec![
            view(ILstRegistry::adminCall {}.abi_encode()),
            view(ILstRegistry::countsCall {}.abi_encode()),
            view(ILstRegistry::rulesCall {}.abi_encode()),
        ])
        .call()
        .await
        .unwrap();
    assert!(results.iter().all(|r| r.success));
    assert_eq!(
        ILstRegistry::adminCall::abi_decode_returns(&results[0].returnData).unwrap(),
        node.accounts[0].address
    );
    // What the registry answers directly, byte for byte.
    for (result, data) in results.iter().zip([
        ILstRegistry::adminCall {}.abi_encode(),
        ILstRegistry::countsCall {}.abi_encode(),
        ILstRegistry::rulesCall {}.abi_encode(),
    ]) {
        assert_eq!(result.returnData, raw_call(&p, node.registry, data).await);
    }

    // anvil_reset returns to a state with them; a dumped state carries them.
    let dump = rpc(&node, "anvil_dumpState", json!([])).await.unwrap();
    rpc(&node, "anvil_reset", json!([])).await.unwrap();
    check(node.url.clone()).await;
    rpc(&node, "anvil_loadState", json!([dump])).await.unwrap();
    check(node.url.clone()).await;

    // Another chain id: Multicall3 reports it.
    let other = start(NodeConfig {
        port: 0,
        chain_id: 31_337,
        ..Default::default()
    })
    .await
    .unwrap();
    let p = reader(&other);
    check(other.url.clone()).await;
    assert_eq!(
        IMulticall3::new(MULTICALL3, &p)
            .getChainId()
            .call()
            .await
            .unwrap(),
        U256::from(31_337)
    );
    other.shutdown();
    node.shutdown();
}

/// `eth_call` of `data` to `to`: the raw answer.
async fn raw_call(p: &impl Provider, to: Address, data: Vec<u8>) -> Bytes {
    p.call(
        TransactionRequest::default()
            .to(to)
            .input(Bytes::from(data).into()),
    )
    .await
    .unwrap()
}

/// ArbWasm's `ProgramActivated` events in a receipt.
fn activations(receipt: &TransactionReceipt) -> Vec<Events::ProgramActivated> {
    receipt
        .inner
        .logs()
        .iter()
        .filter(|l| l.address() == ARB_WASM)
        .map(|l| Events::ProgramActivated::decode_log_data(l.data()).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_stylus_deployer_deploys_activates_and_initialises_the_registry() {
    let node = node(false).await;
    let p = reader(&node);
    let views_wasm = std::fs::read(lst_devnet::views_artifact_path()).unwrap();
    let admin_wasm = std::fs::read(lst_devnet::admin_artifact_path()).unwrap();
    let core_wasm = std::fs::read(lst_devnet::artifact_path()).unwrap();
    // The node deployed these programs already, so their code hashes are activated: a
    // custom section makes each a program of its own, which the deployer must activate.
    let views_code = lst_devnet::deploy::stylus_code(&with_custom_section(&views_wasm)).unwrap();
    let admin_code = lst_devnet::deploy::stylus_code(&with_custom_section(&admin_wasm)).unwrap();
    let core_code = lst_devnet::deploy::stylus_code(&with_custom_section(&core_wasm)).unwrap();
    let admin = node.accounts[6].address;
    let one_eth = U256::from(10).pow(U256::from(18));

    // What scripts/deploy.sh sends: first the views and admin programs (no constructor)…
    let deployed = |receipt: &TransactionReceipt| {
        let logs: Vec<_> = receipt
            .inner
            .logs()
            .iter()
            .filter(|l| l.address() == STYLUS_DEPLOYER)
            .collect();
        assert_eq!(logs.len(), 1);
        Events::ContractDeployed::decode_log_data(logs[0].data())
            .unwrap()
            .deployedContract
    };
    let before = p.get_balance(admin).await.unwrap();
    let send = |input: Vec<u8>| {
        let wallet = wallet(&node, 6);
        async move {
            let tx = TransactionRequest::default()
                .with_to(STYLUS_DEPLOYER)
                .with_input(input)
                .with_value(one_eth)
                .with_gas_limit(30_000_000);
            let pending = wallet.send_transaction(tx).await.unwrap();
            pending.get_receipt().await.unwrap()
        }
    };
    let receipt = send(lst_devnet::deploy::program_deployer_calldata(
        &views_code,
        B256::ZERO,
    ))
    .await;
    assert!(receipt.status(), "{receipt:?}");
    let views = deployed(&receipt);
    assert_eq!(views, STYLUS_DEPLOYER.create(1));
    assert_eq!(
        p.get_code_at(views).await.unwrap(),
        Bytes::from(views_code.clone())
    );
    let activation = activations(&receipt);
    assert_eq!(activation.len(), 1, "{:?}", receipt.inner.logs());
    assert_eq!(activation[0].program, views);
    assert_eq!(activation[0].codehash, keccak256(&views_code));
    // The sender paid the fee and the data fee; the rest of the ether came back.
    let spent = before - p.get_balance(admin).await.unwrap();
    assert_eq!(
        spent,
        U256::from(receipt.gas_used) * U256::from(BASE_FEE) + activation[0].dataFee
    );
    assert!(activation[0].dataFee > U256::ZERO);
    assert_eq!(p.get_balance(STYLUS_DEPLOYER).await.unwrap(), U256::ZERO);
    let receipt = send(lst_devnet::deploy::program_deployer_calldata(
        &admin_code,
        B256::ZERO,
    ))
    .await;
    assert!(receipt.status(), "{receipt:?}");
    let admin_program = deployed(&receipt);
    assert_eq!(admin_program, STYLUS_DEPLOYER.create(2));
    assert_eq!(activations(&receipt).len(), 1);

    // …then the core, with its constructor (admin, views, admin program) called by the
    // deployer, atomically.
    let receipt = send(lst_devnet::deploy::deployer_calldata(
        &core_code,
        admin,
        views,
        admin_program,
        B256::ZERO,
    ))
    .await;
    assert!(receipt.status(), "{receipt:?}");
    assert_eq!(activations(&receipt).len(), 1);
    let registry = deployed(&receipt);
    let registry = ILstRegistry::new(registry, &p);
    assert_eq!(registry.admin().call().await.unwrap(), admin);
    assert_eq!(registry.viewsProgram().call().await.unwrap(), views);
    assert_eq!(registry.adminProgram().call().await.unwrap(), admin_program);
    // The program runs as the node's own registry does.
    let rules = ILstRegistry::rulesCall {}.abi_encode();
    assert_eq!(
        raw_call(&p, *registry.address(), rules.clone()).await,
        raw_call(&p, node.registry, rules).await
    );
    let codehash = keccak256(&core_code);
    let version = raw_call(&p, ARB_WASM, codehashVersionCall { codehash }.abi_encode()).await;
    assert_eq!(
        codehashVersionCall::abi_decode_returns(&version).unwrap(),
        2
    );
    node.shutdown();
}
