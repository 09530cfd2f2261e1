//! ArbOS precompiles: ArbSys, ArbGasInfo, ArbWasm and ArbWasmCache answered from the chain
//! and the activated programs, priced by Nitro's precompile rule, called at top level and
//! from a program.

use alloy_sol_types::{SolCall, SolError};
use stylus_devnet::arbos::{self, ArbGasInfo, ArbSys, ArbWasm, ArbWasmCache};
use stylus_devnet::*;

use crate::program_cache::{deploy, ME};

/// Static-calls the address in its first 20 bytes with the rest as calldata and returns
/// what came back (reverting with it when the call failed).
const FORWARD: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "static_call_contract" (func $static (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "read_return_data" (func $read_return (param i32 i32 i32) (result i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (memory (export "memory") 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $status i32)
    (local $ret i32)
    (call $read_args (i32.const 0))
    (local.set $status
      (call $static (i32.const 0) (i32.const 20) (i32.sub (local.get $len) (i32.const 20))
                    (i64.const -1) (i32.const 4096)))
    (local.set $ret (call $read_return (i32.const 8192) (i32.const 0) (i32.const 4096)))
    (call $write_result (i32.const 8192) (local.get $ret))
    (local.get $status)))"#;

fn call(net: &mut Devnet, to: Address, data: &[u8]) -> Receipt {
    net.call(ME, to, data)
}

fn word(n: u64) -> Vec<u8> {
    U256::from(n).to_be_bytes::<32>().to_vec()
}

#[test]
fn arbsys_answers_the_chain_and_costs_what_nitro_charges() {
    let mut net = Devnet::new();
    net.set_chain_id(4242);
    net.mine();
    let data = ArbSys::arbBlockNumberCall {}.abi_encode();
    let r = call(&mut net, arbos::ARB_SYS, &data);
    assert_eq!(
        (r.status, r.output.clone()),
        (Status::Success, word(net.block_number()))
    );
    // Intrinsic gas, then 800 to open the ArbOS state and 3 for the one-word result.
    assert_eq!(r.gas_used, pricing::intrinsic_gas(&data, false) + 800 + 3);
    let r = call(
        &mut net,
        arbos::ARB_SYS,
        &ArbSys::arbChainIDCall {}.abi_encode(),
    );
    assert_eq!(r.output, word(4242));
    let r = call(
        &mut net,
        arbos::ARB_SYS,
        &ArbSys::arbOSVersionCall {}.abi_encode(),
    );
    assert_eq!(r.output, word(55 + net.params().arbos_version));
    let r = call(
        &mut net,
        arbos::ARB_SYS,
        &ArbSys::isTopLevelCallCall {}.abi_encode(),
    );
    assert_eq!(r.output, word(1));
    let alias = ArbSys::mapL1SenderContractAddressToL2AliasCall {
        sender: Address::repeat_byte(0xFF),
        unused: Address::ZERO,
    }
    .abi_encode();
    let r = call(&mut net, arbos::ARB_SYS, &alias);
    let mut expected = [0u8; 32];
    expected[12..]
        .copy_from_slice(&alloy_primitives::hex!("1111000000000000000000000000000000001110")[..]);
    assert_eq!(r.output, expected.to_vec());
    // What the devnet cannot answer says so.
    let r = call(
        &mut net,
        arbos::ARB_SYS,
        &ArbSys::arbBlockHashCall {
            arbBlockNum: U256::from(1),
        }
        .abi_encode(),
    );
    assert_eq!(r.status, Status::Invalid);
    assert!(r.error.unwrap_or_default().contains("not available"));
}

#[test]
fn bad_calls_revert_and_consume_all_gas() {
    let mut net = Devnet::new();
    net.set_gas_limit(100_000);
    for (what, data, value) in [
        ("unknown selector", vec![1, 2, 3, 4], U256::ZERO),
        ("too short", vec![1], U256::ZERO),
        (
            "value to a view",
            ArbSys::arbChainIDCall {}.abi_encode(),
            U256::from(1),
        ),
    ] {
        net.set_balance(ME, U256::from(10));
        let r = net.call_with_value(ME, arbos::ARB_SYS, &data, value);
        assert_eq!(r.status, Status::Revert, "{what}");
        assert_eq!(r.gas_used, 100_000, "{what}");
    }
}

#[test]
fn arbwasm_describes_activated_programs() {
    let mut net = Devnet::new();
    let program = deploy(&mut net);
    let code = net.code(program);
    let activated = net.activate(&code).expect("activates");
    let p = net.params().clone();

    let version = call(
        &mut net,
        arbos::ARB_WASM,
        &ArbWasm::programVersionCall { program }.abi_encode(),
    );
    assert_eq!(version.output, word(u64::from(p.stylus_version)));
    let init = call(
        &mut net,
        arbos::ARB_WASM,
        &ArbWasm::programInitGasCall { program }.abi_encode(),
    );
    let decoded = ArbWasm::programInitGasCall::abi_decode_returns(&init.output).unwrap();
    let cached = activated.cached_gas(p.min_cached_init_gas, p.cached_cost_scalar);
    assert_eq!(decoded.gasWhenCached, cached);
    assert_eq!(
        decoded.gas,
        activated.init_gas(p.min_init_gas, p.init_cost_scalar) + cached
    );
    let footprint = call(
        &mut net,
        arbos::ARB_WASM,
        &ArbWasm::programMemoryFootprintCall { program }.abi_encode(),
    );
    assert_eq!(footprint.output, word(u64::from(activated.footprint)));
    let by_hash = call(
        &mut net,
        arbos::ARB_WASM,
        &ArbWasm::codehashVersionCall {
            codehash: activated.codehash,
        }
        .abi_encode(),
    );
    assert_eq!(by_hash.output, version.output);
    let stylus = call(
        &mut net,
        arbos::ARB_WASM,
        &ArbWasm::stylusVersionCall {}.abi_encode(),
    );
    assert_eq!(stylus.output, word(u64::from(p.stylus_version)));
    let min = call(
        &mut net,
        arbos::ARB_WASM,
        &ArbWasm::minInitGasCall {}.abi_encode(),
    );
    let min = ArbWasm::minInitGasCall::abi_decode_returns(&min.output).unwrap();
    assert_eq!(
        (min.gas, min.cached),
        (
            u64::from(p.min_init_gas) * 128,
            u64::from(p.min_cached_init_gas) * 32
        )
    );

    // Not a program: the contract's own error, with the gas left (not all consumed).
    let nothing = call(
        &mut net,
        arbos::ARB_WASM,
        &ArbWasm::programVersionCall { program: ME }.abi_encode(),
    );
    assert_eq!(nothing.status, Status::Revert);
    assert_eq!(nothing.output, ArbWasm::ProgramNotActivated {}.abi_encode());
    assert!(nothing.gas_used < net.gas_limit());
    // Activation: deployed programs are already up to date; an account without code is not wasm.
    let again = net.send(
        ME,
        arbos::ARB_WASM,
        &ArbWasm::activateProgramCall { program }.abi_encode(),
        U256::ZERO,
    );
    assert_eq!(again.output, ArbWasm::ProgramUpToDate {}.abi_encode());
    let eoa = net.send(
        ME,
        arbos::ARB_WASM,
        &ArbWasm::activateProgramCall { program: ME }.abi_encode(),
        U256::ZERO,
    );
    assert_eq!(eoa.output, ArbWasm::ProgramNotWasm {}.abi_encode());
}

#[test]
fn the_cache_and_gas_info_are_read_from_the_chain() {
    let mut net = Devnet::new();
    net.set_basefee(U256::from(100_000_000u64));
    let program = deploy(&mut net);
    let codehash = alloy_primitives::keccak256(net.code(program));
    let is_cached = ArbWasmCache::codehashIsCachedCall { codehash }.abi_encode();
    assert_eq!(
        call(&mut net, arbos::ARB_WASM_CACHE, &is_cached).output,
        word(0)
    );
    net.cache_program(program).expect("a program");
    assert_eq!(
        call(&mut net, arbos::ARB_WASM_CACHE, &is_cached).output,
        word(1)
    );
    // The one cache manager is the CacheManager contract's address; no one else may cache.
    let managers = call(
        &mut net,
        arbos::ARB_WASM_CACHE,
        &ArbWasmCache::allCacheManagersCall {}.abi_encode(),
    );
    assert_eq!(
        ArbWasmCache::allCacheManagersCall::abi_decode_returns(&managers.output).unwrap(),
        vec![arbos::CACHE_MANAGER]
    );
    net.set_gas_limit(1_000_000);
    let evict = net.send(
        ME,
        arbos::ARB_WASM_CACHE,
        &ArbWasmCache::evictCodehashCall { codehash }.abi_encode(),
        U256::ZERO,
    );
    assert_eq!((evict.status, evict.gas_used), (Status::Revert, 1_000_000));
    assert!(net.is_program_cached(program));
    let min = call(
        &mut net,
        arbos::ARB_GAS_INFO,
        &ArbGasInfo::getMinimumGasPriceCall {}.abi_encode(),
    );
    assert_eq!(min.output, word(100_000_000));
    let l1 = call(
        &mut net,
        arbos::ARB_GAS_INFO,
        &ArbGasInfo::getL1BaseFeeEstimateCall {}.abi_encode(),
    );
    assert_eq!(l1.output, word(0));
}

#[test]
fn a_program_reads_arbsys_through_a_static_call() {
    let mut net = Devnet::new();
    net.mine();
    net.mine();
    let wasm = wat::parse_str(FORWARD).expect("valid wat");
    let forward = net
        .deploy_without_constructor(ME, &wasm)
        .expect("activates")
        .contract_address
        .expect("deployed");
    let mut input = arbos::ARB_SYS.to_vec();
    input.extend(ArbSys::arbBlockNumberCall {}.abi_encode());
    let r = net.call(ME, forward, &input);
    assert_eq!(
        (r.status, r.output),
        (Status::Success, word(net.block_number()))
    );
    // The program was called by the transaction itself: it is a top-level call.
    let mut input = arbos::ARB_SYS.to_vec();
    input.extend(ArbSys::isTopLevelCallCall {}.abi_encode());
    assert_eq!(net.call(ME, forward, &input).output, word(1));
    // A program's revert from the precompile comes back as its data.
    let mut input = arbos::ARB_WASM.to_vec();
    input.extend(ArbWasm::programVersionCall { program: ME }.abi_encode());
    let r = net.call(ME, forward, &input);
    assert_eq!(
        (r.status, r.output),
        (Status::Revert, ArbWasm::ProgramNotActivated {}.abi_encode())
    );
}
