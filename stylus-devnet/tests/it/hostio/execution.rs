//! Running out of ink or stack, traps, early exit, keccak, the block context, intrinsic gas, the
//! constructor and memory growth.

use stylus_devnet::*;

use super::tester::*;

#[test]
fn out_of_ink_consumes_all_gas() {
    let (mut net, a) = setup();
    net.set_gas_limit(1_000_000);
    let r = net.send(ME, a, &Cmd::new().op(0x09).done(), U256::ZERO);
    assert_eq!(r.status, Status::OutOfGas);
    assert_eq!(r.gas_used, 1_000_000);
}

#[test]
fn out_of_stack_consumes_all_gas() {
    let (mut net, a) = setup();
    let r = net.send(ME, a, &Cmd::new().op(0x0a).done(), U256::ZERO);
    assert_eq!(r.status, Status::OutOfStack);
    assert_eq!(r.gas_used, net.gas_limit());
}

#[test]
fn traps_and_bad_pointers_are_failures_with_refund() {
    let (mut net, a) = setup();
    for op in [0x0b, 0x13] {
        let r = net.send(
            ME,
            a,
            &Cmd::new().store(key(1), word(1)).flush().op(op).done(),
            U256::ZERO,
        );
        assert_eq!(r.status, Status::Failure, "{r:?}");
        assert!(r.output.is_empty());
        assert!(r.gas_used < 100_000, "{r:?}");
        assert_eq!(net.storage_at(a, slot(key(1))), B256::ZERO);
    }
}

#[test]
fn exit_early_keeps_output() {
    let (mut net, a) = setup();
    let r = net.send(
        ME,
        a,
        &Cmd::new().op(0x0f).op(0x07).bytes(&[0]).op(0x0b).done(),
        U256::ZERO,
    );
    assert_eq!(r.status, Status::Success);
    assert_eq!(r.output, ME.as_slice());
    let r = net.send(
        ME,
        a,
        &Cmd::new().op(0x0f).op(0x07).bytes(&[3]).done(),
        U256::ZERO,
    );
    assert_eq!(r.status, Status::Revert);
    assert_eq!(r.output, ME.as_slice());
}

#[test]
fn keccak_matches() {
    let (mut net, a) = setup();
    let data = b"hello stylus, a longer message over 64 bytes to cross the word threshold...";
    let r = net.call(
        ME,
        a,
        &Cmd::new()
            .op(0x12)
            .bytes(&[data.len() as u8])
            .bytes(data)
            .done(),
    );
    assert_eq!(r.output, alloy_primitives::keccak256(data).as_slice());
}

#[test]
fn block_context() {
    let (mut net, a) = setup();
    net.advance_time(3600);
    let r = net.call(ME, a, &Cmd::new().op(0x14).done());
    let ts = u64::from_le_bytes(r.output[..8].try_into().unwrap());
    let number = u64::from_le_bytes(r.output[8..16].try_into().unwrap());
    let chain = u64::from_le_bytes(r.output[16..24].try_into().unwrap());
    assert_eq!(ts, DEFAULT_TIMESTAMP + 3600);
    assert_eq!(number, 2);
    assert_eq!(chain, 412_346);
}

#[test]
fn intrinsic_gas_is_included() {
    let (mut net, a) = setup();
    let empty = net.send(ME, a, &[], U256::ZERO).gas_used;
    assert!(empty > 21_000);
    // an EOA transfer costs exactly 21,000
    net.set_balance(ME, U256::from(10u64));
    let r = net.send(ME, Address::repeat_byte(0x77), &[], U256::from(1u64));
    assert_eq!(r.gas_used, 21_000);
    assert_eq!(net.balance(Address::repeat_byte(0x77)), U256::from(1u64));
}

const CTOR: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "storage_cache_bytes32" (func $scache (param i32 i32)))
  (import "vm_hooks" "storage_flush_cache" (func $flush (param i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (memory (export "memory") 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (call $read_args (i32.const 32))
    ;; constructor: selector then a 32-byte word stored at slot 0; a zero word reverts
    (if (i64.eqz (i64.load (i32.const 60))) (then (return (i32.const 1))))
    (call $scache (i32.const 0) (i32.const 36))
    (call $flush (i32.const 0))
    (i32.const 0)))"#;

#[test]
fn deploy_runs_the_constructor_atomically() {
    let wasm = wat::parse_str(CTOR).unwrap();
    let mut net = Devnet::new();
    let r = net.deploy(ME, &wasm, &word(42)).unwrap();
    let c = r.contract_address.unwrap();
    assert_eq!(net.storage_at(c, U256::ZERO), B256::from(word(42)));
    assert!(!net.code(c).is_empty());
    // constructor revert: nothing deployed, nonce consumed
    let nonce = net.nonce(ME);
    let e = net.deploy(ME, &wasm, &word(0)).unwrap_err();
    let DeployError::Constructor(receipt) = e else {
        panic!("{e}")
    };
    assert_eq!(receipt.status, Status::Revert);
    assert_eq!(net.nonce(ME), nonce + 1);
    assert!(net.code(ME.create(nonce)).is_empty());
}

#[test]
fn memory_grow_pays_for_pages() {
    let src = r#"(module
      (import "vm_hooks" "read_args" (func $read_args (param i32)))
      (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
      (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
      (memory (export "memory") 1 16)
      (func (export "user_entrypoint") (param $len i32) (result i32)
        (call $read_args (i32.const 0))
        (i32.store (i32.const 4) (memory.grow (i32.load8_u (i32.const 0))))
        (call $write_result (i32.const 4) (i32.const 4))
        (i32.const 0)))"#;
    let mut net = Devnet::new();
    let a = net
        .deploy_without_constructor(ME, &wat::parse_str(src).unwrap())
        .unwrap()
        .contract_address
        .unwrap();
    let one = net.send(ME, a, &[1], U256::ZERO);
    let three = net.send(ME, a, &[3], U256::ZERO);
    assert_eq!(one.output, 1u32.to_le_bytes());
    // 1 + 1 pages stay within the 2 free pages; 1 + 3 pages pay 2 × 1000 (+ exp(4) − exp(1) = 0)
    assert_eq!(three.gas_used - one.gas_used, 2_000);
    // growing past the declared maximum fails (returns -1) but was paid for
    let r = net.send(ME, a, &[16], U256::ZERO);
    assert_eq!(r.output, (-1i32).to_le_bytes());
}
