//! ArbOS's program cache (`ArbWasmCache.cacheProgram` / `evictCodehash`): a cached program
//! pays `cached_gas` on entry instead of `init_gas` + `cached_gas`; the cache is keyed by
//! codehash; `storage_dump` for before/after comparisons; and `clone` as a fork.

use stylus_devnet::*;

/// Returns its calldata; a first byte of 1 stores the second byte in slot 0 first.
const ECHO: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "storage_cache_bytes32" (func $scache (param i32 i32)))
  (import "vm_hooks" "storage_flush_cache" (func $flush (param i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (memory (export "memory") 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (call $read_args (i32.const 1024))
    (if (i32.eq (i32.load8_u (i32.const 1024)) (i32.const 1)) (then
      (i32.store8 (i32.const 95) (i32.load8_u (i32.const 1025)))
      (call $scache (i32.const 0) (i32.const 64))
      (call $flush (i32.const 0))))
    (call $write_result (i32.const 1024) (local.get $len))
    (i32.const 0)))"#;

pub(crate) const ME: Address = Address::repeat_byte(0xEE);

pub(crate) fn deploy(net: &mut Devnet) -> Address {
    let wasm = wat::parse_str(ECHO).expect("valid wat");
    net.deploy_without_constructor(ME, &wasm)
        .expect("activates")
        .contract_address
        .expect("deployed")
}

fn gas(net: &mut Devnet, program: Address) -> u64 {
    let r = net.send(ME, program, &[0, 7], U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    r.gas_used
}

fn init_gas(net: &Devnet) -> u64 {
    let wasm = wat::parse_str(ECHO).expect("valid wat");
    let p = net.params();
    net.activate(&wasm)
        .expect("activates")
        .init_gas(p.min_init_gas, p.init_cost_scalar)
}

#[test]
fn programs_start_uncached() {
    let mut net = Devnet::new();
    let a = deploy(&mut net);
    assert!(!net.is_program_cached(a));
    assert_eq!(gas(&mut net, a), gas(&mut net, a));
}

#[test]
fn cached_program_saves_exactly_its_init_gas() {
    let mut net = Devnet::new();
    let a = deploy(&mut net);
    let uncached = gas(&mut net, a);
    let codehash = net.cache_program(a).expect("a program");
    assert_eq!(codehash, keccak(&net.code(a)));
    assert!(net.is_program_cached(a));
    let cached = gas(&mut net, a);
    let init = init_gas(&net);
    assert!(
        init > 69 * 128,
        "init_gas includes MinInitGas × 128: {init}"
    );
    assert_eq!(uncached - cached, init);
}

#[test]
fn eviction_restores_the_uncached_cost() {
    let mut net = Devnet::new();
    let a = deploy(&mut net);
    let uncached = gas(&mut net, a);
    net.cache_program(a).expect("a program");
    net.evict_program(a).expect("a program");
    assert!(!net.is_program_cached(a));
    assert_eq!(gas(&mut net, a), uncached);
    // evicting twice is harmless
    net.evict_program(a).expect("a program");
}

#[test]
fn cache_is_keyed_by_codehash() {
    let mut net = Devnet::new();
    let a = deploy(&mut net);
    let b = deploy(&mut net);
    let uncached = gas(&mut net, b);
    net.cache_program(a).expect("a program");
    assert!(net.is_program_cached(b), "same code, same cache entry");
    assert_eq!(uncached - gas(&mut net, b), init_gas(&net));
}

#[test]
fn only_activated_programs_can_be_cached() {
    let mut net = Devnet::new();
    let eoa = Address::repeat_byte(0x42);
    assert_eq!(net.cache_program(eoa), Err(CacheError::NotActivated(eoa)));
    assert_eq!(net.evict_program(eoa), Err(CacheError::NotActivated(eoa)));
    assert!(!net.is_program_cached(eoa));
}

#[test]
fn caching_changes_only_the_entry_cost() {
    let mut net = Devnet::new();
    let a = deploy(&mut net);
    let before = net.send(ME, a, &[0, 9], U256::ZERO);
    net.cache_program(a).expect("a program");
    let after = net.send(ME, a, &[0, 9], U256::ZERO);
    assert_eq!(before.output, after.output);
    assert_eq!(before.status, after.status);
}

#[test]
fn storage_dump_lists_non_zero_slots() {
    let mut net = Devnet::new();
    let a = deploy(&mut net);
    assert!(net.storage_dump(a).is_empty());
    let r = net.send(ME, a, &[1, 5], U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let dump = net.storage_dump(a);
    assert_eq!(dump.len(), 1);
    assert_eq!(dump.get(&B256::ZERO), Some(&B256::from(U256::from(5u8))));
    // clearing the slot removes it from the dump
    let r = net.send(ME, a, &[1, 0], U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert!(net.storage_dump(a).is_empty());
}

fn keccak(bytes: &[u8]) -> B256 {
    alloy_primitives::keccak256(bytes)
}

#[test]
fn a_clone_forks_the_chain() {
    let mut net = Devnet::new();
    let a = deploy(&mut net);
    let mut fork = net.clone();
    let r = fork.send(ME, a, &[1, 3], U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(fork.storage_dump(a).len(), 1);
    assert!(net.storage_dump(a).is_empty(), "the original is untouched");
    fork.cache_program(a).expect("a program");
    assert!(!net.is_program_cached(a), "the cache is per chain");
}

#[test]
fn an_image_rebuilds_programs_storage_and_the_cache() {
    let mut net = Devnet::new();
    let a = deploy(&mut net);
    let b = deploy(&mut net);
    assert_eq!(
        net.send(ME, a, &[1, 0x2A], U256::ZERO).status,
        Status::Success
    );
    net.cache_program(a).expect("a program");
    let before = gas(&mut net, b);
    let image = net.image();
    let mut back = Devnet::from_image(image.clone()).expect("the image loads");
    assert_eq!(back.image(), image);
    assert_eq!(back.storage_dump(a), net.storage_dump(a));
    assert_eq!(back.code(a), net.code(a));
    // Both programs run again, the cache flag is kept (it is per codehash: b shares a's
    // code, so both are cached), and gas is what it was.
    assert!(back.is_program_cached(a) && back.is_program_cached(b));
    assert_eq!(gas(&mut back, b), before);
    let r = back.call(ME, a, &[0, 9]);
    assert_eq!((r.status, r.output), (Status::Success, vec![0, 9]));
}
