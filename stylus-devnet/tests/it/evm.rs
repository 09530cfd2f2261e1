//! EVM frames beside Stylus ones: creation transactions, CREATE/CREATE2 from both VMs,
//! EVM→Stylus and Stylus→EVM calls, one atomic revert across both, Arbitrum's creation rules
//! (Stylus code may start with 0xEF, and runs only once activated). The EVM contracts are
//! the genesis contracts compiled from `contracts/genesis` (`contracts/out/genesis.json`).

use alloy_sol_types::{sol, SolCall};
use stylus_devnet::*;

use crate::hostio::tester::{key, slot, word, Cmd, ME, TESTER};

sol! {
    struct Call3 { address target; bool allowFailure; bytes callData; }
    struct Result3 { bool success; bytes returnData; }
    function aggregate3(Call3[] calls) external payable returns (Result3[] returnData);
    function getChainId() external view returns (uint256 chainid);
    function getEthBalance(address addr) external view returns (uint256 balance);
}

/// `contracts/out/genesis.json`'s creation and runtime code of `name`.
pub(crate) fn genesis(name: &str) -> (Vec<u8>, Vec<u8>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../contracts/out/genesis.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let c = json["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap();
    let hex = |k: &str| alloy_primitives::hex::decode(c[k].as_str().unwrap()).unwrap();
    (hex("bytecode"), hex("deployedBytecode"))
}

/// Init code that deploys `runtime` as it is: `PUSH2 n DUP1 PUSH1 12 PUSH1 0 CODECOPY
/// PUSH1 0 RETURN`, then the code.
fn deployer_of(runtime: &[u8]) -> Vec<u8> {
    let [hi, lo] = (runtime.len() as u16).to_be_bytes();
    let mut code = vec![
        0x61, hi, lo, 0x80, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3,
    ];
    code.extend_from_slice(runtime);
    code
}

fn with_tester() -> (Devnet, Address, Address) {
    let wasm = wat::parse_str(TESTER).unwrap();
    let mut net = Devnet::new();
    let tester = net
        .deploy_without_constructor(ME, &wasm)
        .unwrap()
        .contract_address
        .unwrap();
    let (init, _) = genesis("Multicall3");
    let r = net.create(ME, &init, U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    (net, tester, r.contract_address.unwrap())
}

/// Sends `aggregate3` of `calls` (target, calldata; none may fail) to Multicall3 from `ME`.
pub(crate) fn aggregate(
    net: &mut Devnet,
    multicall: Address,
    calls: &[(Address, &[u8])],
) -> Receipt {
    let calls = calls
        .iter()
        .map(|(target, data)| Call3 {
            target: *target,
            allowFailure: false,
            callData: data.to_vec().into(),
        })
        .collect();
    net.send(
        ME,
        multicall,
        &aggregate3Call { calls }.abi_encode(),
        U256::ZERO,
    )
}

#[test]
fn a_creation_transaction_runs_init_code_and_deploys_what_it_returns() {
    let mut net = Devnet::new();
    let (init, runtime) = genesis("Multicall3");
    let nonce = net.nonce(ME);
    let r = net.create(ME, &init, U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let address = r.contract_address.unwrap();
    assert_eq!(address, ME.create(nonce));
    assert_eq!(net.code(address), runtime);
    assert_eq!(
        r.output, runtime,
        "the receipt's output is the deployed code"
    );
    assert_eq!(net.nonce(ME), nonce + 1);
    assert_eq!(
        net.nonce(address),
        1,
        "a contract starts at nonce 1 (EIP-161)"
    );

    // an eth_call of the same creation deploys nothing
    let call = net.call_create(ME, &init, U256::ZERO);
    assert_eq!(call.output, runtime);
    assert_eq!(net.nonce(ME), nonce + 1);
    assert!(net.code(ME.create(nonce + 1)).is_empty());
}

#[test]
fn evm_calls_stylus_and_stylus_calls_evm() {
    let (mut net, tester, multicall) = with_tester();
    // EVM → Stylus: Multicall3 calls the tester, which stores and loads a slot
    let inner = Cmd::new()
        .store(key(1), word(7))
        .flush()
        .load(key(1))
        .done();
    let r = aggregate(&mut net, multicall, &[(tester, &inner)]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let out = aggregate3Call::abi_decode_returns(&r.output).unwrap();
    assert!(out[0].success);
    assert_eq!(out[0].returnData.as_ref(), &word(7));
    assert_eq!(
        U256::from_be_bytes(net.storage_at(tester, slot(key(1))).0),
        U256::from(7)
    );

    // Stylus → EVM: the tester calls Multicall3's getChainId and gets its answer
    let cmd = Cmd::new()
        .call(multicall, 2, 0, &getChainIdCall {}.abi_encode())
        .done();
    let r = net.call(ME, tester, &cmd);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(r.output[0], 0, "status byte: success");
    assert_eq!(
        U256::from_be_slice(&r.output[1..33]),
        U256::from(DEFAULT_CHAIN_ID)
    );
}

#[test]
fn a_revert_in_one_vm_undoes_the_other_vms_writes() {
    let (mut net, tester, multicall) = with_tester();
    let store = Cmd::new().store(key(2), word(9)).flush().done();
    let revert = Cmd::new().op(0x0c).done();
    let r = aggregate(&mut net, multicall, &[(tester, &store), (tester, &revert)]);
    assert_eq!(r.status, Status::Revert, "{r:?}");
    assert_eq!(
        U256::from_be_bytes(net.storage_at(tester, slot(key(2))).0),
        U256::ZERO,
        "the Stylus write is undone"
    );
    assert!(r.logs.is_empty());

    // and a Stylus frame that reverts after an EVM frame was paid: the tester sends 5 wei
    // to Multicall3's payable aggregate3, then reverts
    net.set_balance(tester, U256::from(1_000));
    let pay = aggregate3Call { calls: vec![] }.abi_encode();
    let cmd = Cmd::new().call(multicall, 0, 5, &pay).op(0x0c).done();
    let before = net.balance(multicall);
    let r = net.send(ME, tester, &cmd, U256::ZERO);
    assert_eq!(r.status, Status::Revert, "{r:?}");
    assert_eq!(
        net.balance(multicall),
        before,
        "the EVM frame's value transfer is undone"
    );
}

#[test]
fn create2_through_the_deterministic_deployer_and_its_collision() {
    let mut net = Devnet::new();
    let (init, runtime) = genesis("DeterministicDeployer");
    let factory = net.create(ME, &init, U256::ZERO).contract_address.unwrap();
    let (mc_init, mc_runtime) = genesis("Multicall3");
    let salt = B256::repeat_byte(0x5a);
    let mut data = salt.to_vec();
    data.extend_from_slice(&mc_init);
    let r = net.send(ME, factory, &data, U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let expected = factory.create2(salt, alloy_primitives::keccak256(&mc_init));
    assert_eq!(r.output, expected.as_slice(), "returns the 20-byte address");
    assert_eq!(net.code(expected), mc_runtime);
    assert_ne!(runtime, mc_runtime);

    // the same salt and code again: the address is taken, CREATE2 fails, the factory reverts
    let r = net.send(ME, factory, &data, U256::ZERO);
    assert_eq!(r.status, Status::Revert, "{r:?}");
    assert_eq!(net.code(expected), mc_runtime);
}

/// A Stylus program that runs `create1`/`create2` on its calldata: `flag(1) ‖ salt(32) ‖
/// value(32) ‖ init code`; returns the address (20 bytes) and the return data.
const CREATOR: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "create1" (func $create1 (param i32 i32 i32 i32 i32)))
  (import "vm_hooks" "create2" (func $create2 (param i32 i32 i32 i32 i32 i32)))
  (import "vm_hooks" "read_return_data" (func $rrd (param i32 i32 i32) (result i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (memory (export "memory") 2)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $n i32)
    (call $pay (i32.const 0))
    (call $read_args (i32.const 0))
    (if (i32.eqz (i32.load8_u (i32.const 0)))
      (then (call $create1 (i32.const 65) (i32.sub (local.get $len) (i32.const 65)) (i32.const 33)
              (i32.const 0x8000) (i32.const 0x7ff0)))
      (else (call $create2 (i32.const 65) (i32.sub (local.get $len) (i32.const 65)) (i32.const 33)
              (i32.const 1) (i32.const 0x8000) (i32.const 0x7ff0))))
    (local.set $n (call $rrd (i32.const 0x8014) (i32.const 0) (i32.load (i32.const 0x7ff0))))
    (call $write_result (i32.const 0x8000) (i32.add (i32.const 20) (local.get $n)))
    (i32.const 0)))"#;

fn creator_input(create2: bool, salt: B256, init: &[u8]) -> Vec<u8> {
    let mut input = vec![u8::from(create2)];
    input.extend_from_slice(salt.as_slice());
    input.extend_from_slice(&[0u8; 32]);
    input.extend_from_slice(init);
    input
}

#[test]
fn a_stylus_program_creates_evm_contracts_with_create1_and_create2() {
    let mut net = Devnet::new();
    let wasm = wat::parse_str(CREATOR).unwrap();
    let creator = net
        .deploy_without_constructor(ME, &wasm)
        .unwrap()
        .contract_address
        .unwrap();
    let (init, runtime) = genesis("Multicall3");

    let nonce = net.nonce(creator);
    let r = net.send(
        ME,
        creator,
        &creator_input(false, B256::ZERO, &init),
        U256::ZERO,
    );
    assert_eq!(r.status, Status::Success, "{r:?}");
    let created = Address::from_slice(&r.output[..20]);
    assert_eq!(created, creator.create(nonce));
    assert_eq!(r.output.len(), 20, "no return data on success");
    assert_eq!(net.code(created), runtime);
    assert_eq!(net.nonce(creator), nonce + 1);

    let salt = B256::repeat_byte(3);
    let r = net.send(ME, creator, &creator_input(true, salt, &init), U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let created = Address::from_slice(&r.output[..20]);
    assert_eq!(
        created,
        creator.create2(salt, alloy_primitives::keccak256(&init))
    );
    assert_eq!(net.code(created), runtime);

    // init code that reverts with data: zero address, the revert data as return data
    // PUSH2 0xBEEF PUSH1 0 MSTORE PUSH1 2 PUSH1 30 REVERT
    let reverting = [
        0x61, 0xbe, 0xef, 0x60, 0x00, 0x52, 0x60, 0x02, 0x60, 0x1e, 0xfd,
    ];
    let r = net.send(
        ME,
        creator,
        &creator_input(false, B256::ZERO, &reverting),
        U256::ZERO,
    );
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(&r.output[..20], Address::ZERO.as_slice());
    assert_eq!(&r.output[20..], &[0xbe, 0xef]);
}

#[test]
fn creation_rules_0xef_code_size_and_halts() {
    let mut net = Devnet::new();
    // returning 0xEF01: refused (EIP-3541), all gas consumed
    let r = net.create(ME, &deployer_of(&[0xef, 0x01]), U256::ZERO);
    assert_eq!(r.status, Status::Halt, "{r:?}");
    assert_eq!(
        r.error.as_deref(),
        Some("invalid code: must not begin with 0xef")
    );
    assert_eq!(r.gas_used, DEFAULT_GAS_LIMIT);
    assert!(r.contract_address.is_none());

    // Stylus code (EF F0 00) is allowed, and is not callable before it is activated
    let r = net.create(
        ME,
        &deployer_of(&[0xef, 0xf0, 0x00, 0x00, 0x01]),
        U256::ZERO,
    );
    assert_eq!(r.status, Status::Success, "{r:?}");
    let program = r.contract_address.unwrap();
    assert_eq!(net.code(program), [0xef, 0xf0, 0x00, 0x00, 0x01]);
    let r = net.call(ME, program, &[]);
    assert_eq!(r.status, Status::Halt, "{r:?}");
    assert_eq!(r.error.as_deref(), Some("error ProgramNotActivated()"));
    assert_eq!(
        r.gas_used, DEFAULT_GAS_LIMIT,
        "as on Nitro: the frame's gas is gone"
    );

    // more than 24,576 bytes: refused
    let r = net.create(ME, &deployer_of(&vec![0u8; 24_577]), U256::ZERO);
    assert_eq!(r.status, Status::Halt, "{r:?}");
    assert_eq!(r.error.as_deref(), Some("max code size exceeded"));

    // an invalid opcode in a call: halt, all gas consumed, the nonce still moves on
    let bad = net
        .create(ME, &deployer_of(&[0xfe]), U256::ZERO)
        .contract_address
        .unwrap();
    let nonce = net.nonce(ME);
    let r = net.send(ME, bad, &[], U256::ZERO);
    assert_eq!(r.status, Status::Halt, "{r:?}");
    assert_eq!(r.error.as_deref(), Some("invalid opcode"));
    assert_eq!(r.gas_used, DEFAULT_GAS_LIMIT);
    assert_eq!(net.nonce(ME), nonce + 1);
}

#[test]
fn ethereum_precompiles_run_from_evm_and_stylus() {
    let (mut net, tester, multicall) = with_tester();
    // sha256("") through the tester's static call to 0x02
    let sha = Address::with_last_byte(2);
    let r = net.call(ME, tester, &Cmd::new().call(sha, 2, 0, &[]).done());
    assert_eq!(r.output[0], 0);
    assert_eq!(
        alloy_primitives::hex::encode(&r.output[1..]),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    // modexp (0x05) through Multicall3: 3^2 mod 5 = 4
    let mut input = Vec::new();
    for len in [1u8, 1, 1] {
        input.extend_from_slice(&word(len));
    }
    input.extend_from_slice(&[3, 2, 5]);
    let calls = vec![Call3 {
        target: Address::with_last_byte(5),
        allowFailure: false,
        callData: input.into(),
    }];
    let r = net.call(ME, multicall, &aggregate3Call { calls }.abi_encode());
    assert_eq!(r.status, Status::Success, "{r:?}");
    let out = aggregate3Call::abi_decode_returns(&r.output).unwrap();
    assert_eq!(out[0].returnData.as_ref(), &[4]);
}

sol! {
    function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
    function codehashVersion(bytes32 codehash) external view returns (uint16 version);
    error ProgramNotActivated();
    error ProgramUpToDate();
    error ProgramInsufficientValue(uint256 have, uint256 want);
    error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
    function programTimeLeft(address program) external view returns (uint64 secs);
    function codehashKeepalive(bytes32 codehash) external payable;
    function expiryDays() external view returns (uint16 _days);
}

#[test]
fn stylus_code_created_by_a_transaction_runs_once_arbwasm_activates_it() {
    use alloy_sol_types::SolError;
    let arb_wasm = Address::with_last_byte(0x71);
    let mut net = Devnet::new();
    net.set_balance(ME, U256::from(10u128.pow(20)));
    let wasm = wat::parse_str(TESTER).unwrap();
    let code = activation::compress_wasm(&wasm);
    let program = net
        .create(ME, &deployer_of(&code), U256::ZERO)
        .contract_address
        .unwrap();
    let codehash = alloy_primitives::keccak256(&code);
    let load = Cmd::new().load(key(1)).done();

    let r = net.call(ME, program, &load);
    assert_eq!(r.error.as_deref(), Some("error ProgramNotActivated()"));
    let r = net.call(ME, arb_wasm, &codehashVersionCall { codehash }.abi_encode());
    assert_eq!(r.status, Status::Revert);
    assert_eq!(r.output, ProgramNotActivated {}.abi_encode());

    // without the data fee: refused, and nothing is activated
    let activate = activateProgramCall { program }.abi_encode();
    let r = net.send(ME, arb_wasm, &activate, U256::ZERO);
    assert_eq!(r.status, Status::Revert, "{r:?}");
    let refused = ProgramInsufficientValue::abi_decode(&r.output).unwrap();
    assert!(refused.want > U256::ZERO);
    assert_eq!(net.call(ME, program, &load).status, Status::Halt);

    // an eth_call of the activation activates nothing either
    let one_eth = U256::from(10u128.pow(18));
    let r = net.call_with_value(ME, arb_wasm, &activate, one_eth);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(net.call(ME, program, &load).status, Status::Halt);

    // with more than the fee: activated, the fee kept, the rest refunded, an event
    let before = net.balance(ME);
    let r = net.send(ME, arb_wasm, &activate, one_eth);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let out = activateProgramCall::abi_decode_returns(&r.output).unwrap();
    assert_eq!(out.version, 2);
    assert!(out.dataFee > U256::ZERO && out.dataFee < one_eth);
    assert_eq!(net.balance(ME), before - out.dataFee, "the rest came back");
    assert_eq!(net.balance(arb_wasm), U256::ZERO);
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, arb_wasm);
    assert_eq!(r.logs[0].topics[1], codehash);
    assert!(
        r.gas_used > 1_659_168,
        "the fixed and measured activation gas: {}",
        r.gas_used
    );

    let r = net.call(ME, program, &load);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let r = net.call(ME, arb_wasm, &codehashVersionCall { codehash }.abi_encode());
    assert_eq!(r.status, Status::Success);
    let r = net.send(ME, arb_wasm, &activate, one_eth);
    assert_eq!(r.output, ProgramUpToDate {}.abi_encode());

    // programs do not age here: the whole lifetime is left, a keepalive is too soon
    let r = net.call(ME, arb_wasm, &expiryDaysCall {}.abi_encode());
    assert_eq!(expiryDaysCall::abi_decode_returns(&r.output).unwrap(), 365);
    let r = net.call(ME, arb_wasm, &programTimeLeftCall { program }.abi_encode());
    assert_eq!(
        programTimeLeftCall::abi_decode_returns(&r.output).unwrap(),
        365 * 86_400
    );
    let r = net.call(
        ME,
        arb_wasm,
        &codehashKeepaliveCall { codehash }.abi_encode(),
    );
    assert_eq!(
        r.output,
        ProgramKeepaliveTooSoon { ageInSeconds: 0 }.abi_encode()
    );
    let r = net.call(
        ME,
        arb_wasm,
        &programTimeLeftCall { program: ME }.abi_encode(),
    );
    assert_eq!(r.output, ProgramNotActivated {}.abi_encode());
}

/// `set_code` places code as `anvil_setCode` and a state override do on Nitro: EVM code runs
/// at once, Stylus code only once its codehash is activated, and nothing else changes.
#[test]
fn set_code_places_evm_code_and_unactivated_stylus_code_as_it_is() {
    let arb_wasm = Address::with_last_byte(0x71);
    let mut net = Devnet::new();
    let at = Address::repeat_byte(0x5c);
    net.set_nonce(at, 7);
    // PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
    net.set_code(
        at,
        &[0x60, 0x2a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3],
    );
    let r = net.call(ME, at, &[]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(r.output, U256::from(42).to_be_bytes::<32>().to_vec());
    assert_eq!(net.nonce(at), 7, "the nonce is left as it is");

    let code = activation::compress_wasm(&wat::parse_str(TESTER).unwrap());
    net.set_code(at, &code);
    assert_eq!(net.code(at), code);
    let load = Cmd::new().load(key(1)).done();
    let r = net.call(ME, at, &load);
    assert_eq!(r.error.as_deref(), Some("error ProgramNotActivated()"));
    net.set_balance(ME, U256::from(10u128.pow(20)));
    let activate = activateProgramCall { program: at }.abi_encode();
    let r = net.send(ME, arb_wasm, &activate, U256::from(10u128.pow(18)));
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(net.call(ME, at, &load).status, Status::Success);

    net.set_code(at, &[]);
    assert!(net.code(at).is_empty());
    assert_eq!(net.call(ME, at, &load).output, Vec::<u8>::new());
}

sol! {
    function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) external payable returns (address);
}

/// What `cargo stylus deploy` does for a program with a constructor: one transaction to the
/// StylusDeployer, which creates the code, activates it through ArbWasm with the value sent,
/// runs the initialisation and refunds the rest.
#[test]
fn the_stylus_deployer_creates_activates_and_initialises_in_one_transaction() {
    let mut net = Devnet::new();
    net.set_balance(ME, U256::from(10u128.pow(20)));
    let (init, _) = genesis("StylusDeployer");
    let deployer = net.create(ME, &init, U256::ZERO).contract_address.unwrap();
    let code = activation::compress_wasm(&wat::parse_str(TESTER).unwrap());
    let init_data = Cmd::new().store(key(4), word(44)).flush().done();
    let call = deployCall {
        bytecode: deployer_of(&code).into(),
        initData: init_data.into(),
        initValue: U256::ZERO,
        salt: B256::ZERO,
    };
    let before = net.balance(ME);
    let value = U256::from(10u128.pow(18));
    let r = net.send(ME, deployer, &call.abi_encode(), value);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let created = deployCall::abi_decode_returns(&r.output).unwrap();
    assert_eq!(created, deployer.create(1));
    assert_eq!(
        U256::from_be_bytes(net.storage_at(created, slot(key(4))).0),
        U256::from(44),
        "initialised in the same transaction"
    );
    let fee = before - net.balance(ME);
    assert!(
        fee > U256::ZERO && fee < value,
        "only the data fee was kept: {fee}"
    );
    assert_eq!(net.balance(deployer), U256::ZERO);
    // ProgramActivated (ArbWasm) then ContractDeployed (the deployer)
    assert_eq!(r.logs.len(), 2);
    assert_eq!(r.logs[1].address, deployer);
}

#[test]
fn tracing_records_evm_instructions_and_frames_across_both_vms() {
    let (mut net, tester, multicall) = with_tester();
    net.set_tracing(true);
    let inner = Cmd::new().load(key(1)).done();
    let r = aggregate(&mut net, multicall, &[(tester, &inner)]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let trace = net.take_trace().unwrap();

    // the struct logger: every EVM instruction of the Multicall3 frame, in order
    let logs = &trace.struct_logs;
    assert!(logs.len() > 50, "{} instructions", logs.len());
    assert_eq!((logs[0].pc, logs[0].op, logs[0].depth), (0, 0x60, 1));
    assert_eq!(logs[0].op_name(), "PUSH1");
    assert!(logs[0].stack.is_empty());
    assert!(
        logs.windows(2).all(|w| w[1].gas <= w[0].gas),
        "gas only goes down"
    );
    assert_eq!(logs.last().unwrap().op, 0xf3, "ends with RETURN");
    let call = logs
        .iter()
        .find(|l| l.op == 0xf1)
        .expect("a CALL to the tester");
    assert!(
        call.gas_cost > 2_600,
        "a call's cost includes the gas it gives"
    );
    assert!(logs.iter().all(|l| l.error.is_none()));

    // the call tracer: the EVM frame with the Stylus frame under it
    let top = trace.call.unwrap();
    assert_eq!((top.kind, top.to), ("CALL", multicall));
    assert_eq!(top.calls.len(), 1);
    assert_eq!((top.calls[0].kind, top.calls[0].to), ("CALL", tester));
    assert!(top.calls[0].gas_used > 0);

    // a creation is a CREATE frame whose output is the deployed code
    let (init, runtime) = genesis("DeterministicDeployer");
    let r = net.create(ME, &init, U256::ZERO);
    let top = net.take_trace().unwrap().call.unwrap();
    assert_eq!(top.kind, "CREATE");
    assert_eq!(top.to, r.contract_address.unwrap());
    assert_eq!(top.output, runtime);
}

/// The depth of the deepest frame under `call` (`call` is 1), and that frame.
fn deepest(call: &CallTrace) -> (usize, &CallTrace) {
    call.calls
        .iter()
        .map(deepest)
        .max_by_key(|(depth, _)| *depth)
        .map_or((1, call), |(depth, frame)| (depth + 1, frame))
}

/// Frames nest natively: a contract that calls itself with all its gas goes as deep as the
/// 63/64 rule lets it under the block's gas, and with gas enough to the call depth limit
/// (1,024 below the transaction's frame), the transaction's thread keeping its ordinary stack,
/// which grows at each frame as needed.
#[test]
fn a_contract_calling_itself_nests_as_deep_as_its_gas_allows() {
    let mut net = Devnet::new();
    // PUSH1 0 ×5 (retSize, retOffset, argsSize, argsOffset, value) ADDRESS GAS CALL POP STOP
    let recursive = [
        0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x30, 0x5a, 0xf1, 0x50, 0x00,
    ];
    let at = Address::repeat_byte(0x7e);
    net.set_code(at, &recursive);
    net.set_tracing(true);
    let r = net.send(ME, at, &[], U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let trace = net.take_trace().unwrap();
    let (depth, _) = deepest(trace.call.as_ref().unwrap());
    assert!((400..1024).contains(&depth), "{depth} frames");
    // With gas enough for every frame, the depth limit stops it: 1,025 frames run (depths 0 to
    // 1,024), the next call fails (its CALL returns 0) and every frame above returns normally.
    // The refused call is in the trace with its error, as geth's callTracer records it.
    net.set_gas_limit(1 << 44);
    net.set_balance(ME, U256::from(1u128 << 100));
    let r = net.send(ME, at, &[], U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let trace = net.take_trace().unwrap();
    let (depth, refused) = deepest(trace.call.as_ref().unwrap());
    assert_eq!(depth, 1026);
    assert_eq!(refused.error.as_deref(), Some("max call depth exceeded"));
}
