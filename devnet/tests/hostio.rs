//! Hostio semantics and gas, using a hand-written "command interpreter" program.
//!
//! Calldata is a sequence of commands; the output is what the commands appended.

use stylus_devnet::*;

const TESTER: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "exit_early" (func $exit_early (param i32)))
  (import "vm_hooks" "storage_load_bytes32" (func $sload (param i32 i32)))
  (import "vm_hooks" "storage_cache_bytes32" (func $scache (param i32 i32)))
  (import "vm_hooks" "storage_flush_cache" (func $flush (param i32)))
  (import "vm_hooks" "transient_load_bytes32" (func $tload (param i32 i32)))
  (import "vm_hooks" "transient_store_bytes32" (func $tstore (param i32 i32)))
  (import "vm_hooks" "emit_log" (func $emit_log (param i32 i32 i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "delegate_call_contract" (func $dcall (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "static_call_contract" (func $scall (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "read_return_data" (func $rrd (param i32 i32 i32) (result i32)))
  (import "vm_hooks" "msg_reentrant" (func $reentrant (result i32)))
  (import "vm_hooks" "msg_sender" (func $sender (param i32)))
  (import "vm_hooks" "msg_value" (func $value (param i32)))
  (import "vm_hooks" "account_balance" (func $balance (param i32 i32)))
  (import "vm_hooks" "native_keccak256" (func $keccak (param i32 i32 i32)))
  (import "vm_hooks" "block_timestamp" (func $timestamp (result i64)))
  (import "vm_hooks" "block_number" (func $number (result i64)))
  (import "vm_hooks" "chainid" (func $chainid (result i64)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (memory (export "memory") 2)
  (global $out (mut i32) (i32.const 0x8000))
  (func $recurse (param i32) (result i32) (call $recurse (i32.add (local.get 0) (i32.const 1))))
  (func $u64 (param i64) (i64.store (global.get $out) (local.get 0)) (global.set $out (i32.add (global.get $out) (i32.const 8))))
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $p i32) (local $op i32) (local $n i32) (local $st i32) (local $kind i32)
    (call $pay (i32.const 0))
    (call $read_args (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $len)))
        (local.set $op (i32.load8_u (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        ;; 0x00 key value: cache
        (if (i32.eq (local.get $op) (i32.const 0x00)) (then
          (call $scache (local.get $p) (i32.add (local.get $p) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 64))) (br $next)))
        ;; 0x01: flush  0x03: flush+clear
        (if (i32.eq (local.get $op) (i32.const 0x01)) (then (call $flush (i32.const 0)) (br $next)))
        (if (i32.eq (local.get $op) (i32.const 0x03)) (then (call $flush (i32.const 1)) (br $next)))
        ;; 0x02 key: load -> out
        (if (i32.eq (local.get $op) (i32.const 0x02)) (then
          (call $sload (local.get $p) (global.get $out))
          (global.set $out (i32.add (global.get $out) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 32))) (br $next)))
        ;; 0x04 topics(1) len(1) data: emit_log
        (if (i32.eq (local.get $op) (i32.const 0x04)) (then
          (local.set $n (i32.load8_u (i32.add (local.get $p) (i32.const 1))))
          (call $emit_log (i32.add (local.get $p) (i32.const 2)) (local.get $n) (i32.load8_u (local.get $p)))
          (local.set $p (i32.add (local.get $p) (i32.add (local.get $n) (i32.const 2)))) (br $next)))
        ;; 0x05 addr(20) kind(1) value(32) len(2) data: call -> status byte, return data
        (if (i32.eq (local.get $op) (i32.const 0x05)) (then
          (local.set $kind (i32.load8_u (i32.add (local.get $p) (i32.const 20))))
          (local.set $n (i32.load16_u (i32.add (local.get $p) (i32.const 53))))
          (if (i32.eq (local.get $kind) (i32.const 0))
            (then (local.set $st (call $call (local.get $p) (i32.add (local.get $p) (i32.const 55)) (local.get $n)
                    (i32.add (local.get $p) (i32.const 21)) (i64.const -1) (i32.const 0x7ff0)))))
          (if (i32.eq (local.get $kind) (i32.const 1))
            (then (local.set $st (call $dcall (local.get $p) (i32.add (local.get $p) (i32.const 55)) (local.get $n)
                    (i64.const -1) (i32.const 0x7ff0)))))
          (if (i32.eq (local.get $kind) (i32.const 2))
            (then (local.set $st (call $scall (local.get $p) (i32.add (local.get $p) (i32.const 55)) (local.get $n)
                    (i64.const -1) (i32.const 0x7ff0)))))
          (i32.store8 (global.get $out) (local.get $st))
          (global.set $out (i32.add (global.get $out) (i32.const 1)))
          (global.set $out (i32.add (global.get $out)
            (call $rrd (global.get $out) (i32.const 0) (i32.load (i32.const 0x7ff0)))))
          (local.set $p (i32.add (local.get $p) (i32.add (local.get $n) (i32.const 55)))) (br $next)))
        ;; 0x06: msg_reentrant -> 1 byte
        (if (i32.eq (local.get $op) (i32.const 0x06)) (then
          (i32.store8 (global.get $out) (call $reentrant))
          (global.set $out (i32.add (global.get $out) (i32.const 1))) (br $next)))
        ;; 0x07 status: write_result + exit_early
        (if (i32.eq (local.get $op) (i32.const 0x07)) (then
          (call $write_result (i32.const 0x8000) (i32.sub (global.get $out) (i32.const 0x8000)))
          (call $exit_early (i32.load8_u (local.get $p)))))
        ;; 0x09 spin, 0x0a recurse, 0x0b unreachable, 0x0c revert
        (if (i32.eq (local.get $op) (i32.const 0x09)) (then (loop $spin (br $spin))))
        (if (i32.eq (local.get $op) (i32.const 0x0a)) (then (drop (call $recurse (i32.const 0)))))
        (if (i32.eq (local.get $op) (i32.const 0x0b)) (then unreachable))
        (if (i32.eq (local.get $op) (i32.const 0x0c)) (then
          (call $write_result (i32.const 0x8000) (i32.sub (global.get $out) (i32.const 0x8000)))
          (return (i32.const 1))))
        ;; 0x0d key value: tstore; 0x0e key: tload -> out
        (if (i32.eq (local.get $op) (i32.const 0x0d)) (then
          (call $tstore (local.get $p) (i32.add (local.get $p) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 64))) (br $next)))
        (if (i32.eq (local.get $op) (i32.const 0x0e)) (then
          (call $tload (local.get $p) (global.get $out))
          (global.set $out (i32.add (global.get $out) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 32))) (br $next)))
        ;; 0x0f sender(20), 0x10 value(32), 0x11 addr: balance(32)
        (if (i32.eq (local.get $op) (i32.const 0x0f)) (then
          (call $sender (global.get $out))
          (global.set $out (i32.add (global.get $out) (i32.const 20))) (br $next)))
        (if (i32.eq (local.get $op) (i32.const 0x10)) (then
          (call $value (global.get $out))
          (global.set $out (i32.add (global.get $out) (i32.const 32))) (br $next)))
        (if (i32.eq (local.get $op) (i32.const 0x11)) (then
          (call $balance (local.get $p) (global.get $out))
          (global.set $out (i32.add (global.get $out) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 20))) (br $next)))
        ;; 0x12 len(1) data: keccak -> out
        (if (i32.eq (local.get $op) (i32.const 0x12)) (then
          (local.set $n (i32.load8_u (local.get $p)))
          (call $keccak (i32.add (local.get $p) (i32.const 1)) (local.get $n) (global.get $out))
          (global.set $out (i32.add (global.get $out) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.add (local.get $n) (i32.const 1)))) (br $next)))
        ;; 0x13: read through a bad pointer
        (if (i32.eq (local.get $op) (i32.const 0x13)) (then (call $sload (i32.const 0x7ffffff0) (i32.const 0))))
        ;; 0x14: timestamp, L1 block number, chain id (u64 LE each)
        (if (i32.eq (local.get $op) (i32.const 0x14)) (then
          (call $u64 (call $timestamp)) (call $u64 (call $number)) (call $u64 (call $chainid)) (br $next)))
        unreachable))
    (call $write_result (i32.const 0x8000) (i32.sub (global.get $out) (i32.const 0x8000)))
    (i32.const 0)))"#;

const ME: Address = Address::repeat_byte(0xEE);

fn key(n: u8) -> [u8; 32] {
    let mut k = [0u8; 32];
    k[31] = n;
    k[0] = 0x11;
    k
}

fn word(n: u8) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[31] = n;
    w
}

struct Cmd(Vec<u8>);

impl Cmd {
    fn new() -> Self {
        Cmd(Vec::new())
    }
    fn store(mut self, k: [u8; 32], v: [u8; 32]) -> Self {
        self.0.push(0);
        self.0.extend(k);
        self.0.extend(v);
        self
    }
    fn flush(mut self) -> Self {
        self.0.push(1);
        self
    }
    fn flush_clear(mut self) -> Self {
        self.0.push(3);
        self
    }
    fn load(mut self, k: [u8; 32]) -> Self {
        self.0.push(2);
        self.0.extend(k);
        self
    }
    fn log(mut self, topics: u8, data: &[u8]) -> Self {
        self.0.extend([4, topics, data.len() as u8]);
        self.0.extend(data);
        self
    }
    fn call(mut self, to: Address, kind: u8, value: u8, data: &[u8]) -> Self {
        self.0.push(5);
        self.0.extend(to.as_slice());
        self.0.push(kind);
        self.0.extend(word(value));
        self.0.extend((data.len() as u16).to_le_bytes());
        self.0.extend(data);
        self
    }
    fn op(mut self, op: u8) -> Self {
        self.0.push(op);
        self
    }
    fn bytes(mut self, b: &[u8]) -> Self {
        self.0.extend(b);
        self
    }
    fn done(self) -> Vec<u8> {
        self.0
    }
}

fn setup() -> (Devnet, Address) {
    let wasm = wat::parse_str(TESTER).unwrap();
    let mut net = Devnet::new();
    let r = net.deploy_without_constructor(ME, &wasm).unwrap();
    (net, r.contract_address.unwrap())
}

fn second(net: &mut Devnet) -> Address {
    let wasm = wat::parse_str(TESTER).unwrap();
    net.deploy_without_constructor(ME, &wasm)
        .unwrap()
        .contract_address
        .unwrap()
}

fn slot(k: [u8; 32]) -> U256 {
    U256::from_be_bytes(k)
}

#[test]
fn storage_round_trip() {
    let (mut net, a) = setup();
    let r = net.send(
        ME,
        a,
        &Cmd::new().store(key(1), word(7)).flush().done(),
        U256::ZERO,
    );
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(net.storage_at(a, slot(key(1))), B256::from(word(7)));
    let r = net.send(
        ME,
        a,
        &Cmd::new().load(key(1)).load(key(2)).done(),
        U256::ZERO,
    );
    assert_eq!(r.output, [word(7), word(0)].concat());
    // a cached write is visible to later loads in the same invocation
    let r = net.call(
        ME,
        a,
        &Cmd::new().store(key(3), word(9)).load(key(3)).done(),
    );
    assert_eq!(r.output, word(9));
    // unflushed writes are lost at exit (the host does not flush)
    assert_eq!(net.storage_at(a, slot(key(3))), B256::ZERO);
}

/// Two transactions that take the same ink path differ only by EVM storage gas.
fn gas(net: &mut Devnet, a: Address, cmd: Vec<u8>) -> u64 {
    let r = net.send(ME, a, &cmd, U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    r.gas_used + r.gas_refunded
}

#[test]
fn sstore_gas_follows_eip_2200_2929_3529() {
    let (mut net, a) = setup();
    let set = gas(
        &mut net,
        a,
        Cmd::new().store(key(1), word(5)).flush().done(),
    ); // 0 -> 5: 22,100
    let reset = gas(
        &mut net,
        a,
        Cmd::new().store(key(1), word(6)).flush().done(),
    ); // 5 -> 6: 5,000
    assert_eq!(set - reset, 22_100 - 5_000);
    let noop = gas(
        &mut net,
        a,
        Cmd::new().store(key(1), word(6)).flush().done(),
    ); // 6 -> 6: 2,200
    assert_eq!(set - noop, 22_100 - 2_200);
    // 6 -> 0: 5,000 with a 4,800 refund
    let r = net.send(
        ME,
        a,
        &Cmd::new().store(key(1), word(0)).flush().done(),
        U256::ZERO,
    );
    assert_eq!(r.gas_refunded, 4_800);
    // same path as `reset`; the zero value byte makes calldata 12 gas cheaper (4 vs 16)
    assert_eq!(r.gas_used + r.gas_refunded, reset - 12);
    // dirty slot within one tx: 0 -> 1 (22,100) then 1 -> 0 (100, refund 19,900 capped at 1/5)
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .store(key(2), word(1))
            .flush()
            .store(key(2), word(0))
            .flush()
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.status, Status::Success);
    let total = r.gas_used + r.gas_refunded;
    assert_eq!(r.gas_refunded, total / 5);
    assert_eq!(net.storage_at(a, slot(key(2))), B256::ZERO);
}

#[test]
fn sload_gas_cold_warm_and_cached() {
    let (mut net, a) = setup();
    // second load after clearing the cache: warm (100 + 5) vs cold other slot (2,100 + 5)
    let warm = gas(
        &mut net,
        a,
        Cmd::new().load(key(1)).flush_clear().load(key(1)).done(),
    );
    let cold = gas(
        &mut net,
        a,
        Cmd::new().load(key(1)).flush_clear().load(key(2)).done(),
    );
    assert_eq!(cold - warm, 2_000);
    // without clearing, the second load hits the cache: no access cost at all
    let cached = gas(
        &mut net,
        a,
        Cmd::new().load(key(1)).flush().load(key(1)).done(),
    );
    assert_eq!(warm - cached, 105);
}

#[test]
fn logs_are_emitted_and_priced() {
    let (mut net, a) = setup();
    let mut data = key(9).to_vec();
    data.extend(b"payload");
    let r = net.send(ME, a, &Cmd::new().log(1, &data).done(), U256::ZERO);
    assert_eq!(r.status, Status::Success);
    assert_eq!(
        r.logs,
        vec![Log {
            address: a,
            topics: vec![B256::from(key(9))],
            data: b"payload".to_vec()
        }]
    );
    // same bytes as 2 topics: +375 for the topic, -8*32 for the data
    let mut two = [key(9), key(8)].concat();
    two.extend(b"payload");
    let one = two.clone(); // identical bytes, one topic fewer
    let g1 = gas(&mut net, a, Cmd::new().log(1, &one).done());
    let g2 = gas(&mut net, a, Cmd::new().log(2, &two).done());
    assert_eq!(g2 as i64 - g1 as i64, 375 - 256);
    // more than 4 topics is a Failure (revert without data, gas refunded)
    let r = net.send(ME, a, &Cmd::new().log(5, &[0u8; 160]).done(), U256::ZERO);
    assert_eq!(r.status, Status::Failure);
    assert!(r.output.is_empty() && r.logs.is_empty());
    assert!(r.gas_used < net.gas_limit() / 2);
}

#[test]
fn revert_discards_storage_and_logs() {
    let (mut net, a) = setup();
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .store(key(1), word(1))
            .flush()
            .log(0, b"x")
            .op(0x0c)
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.status, Status::Revert);
    assert!(r.logs.is_empty());
    assert_eq!(net.storage_at(a, slot(key(1))), B256::ZERO);
}

#[test]
fn nested_revert_is_atomic() {
    let (mut net, a) = setup();
    let b = second(&mut net);
    // B writes and reverts; A continues and writes: only A's write survives
    let inner = Cmd::new()
        .store(key(1), word(1))
        .flush()
        .log(0, b"inner")
        .op(0x0c)
        .done();
    let outer = Cmd::new()
        .call(b, 0, 0, &inner)
        .store(key(2), word(2))
        .flush()
        .done();
    let r = net.send(ME, a, &outer, U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(r.output, [2u8]); // failure status, empty revert data
    assert!(r.logs.is_empty());
    assert_eq!(net.storage_at(b, slot(key(1))), B256::ZERO);
    assert_eq!(net.storage_at(a, slot(key(2))), B256::from(word(2)));
    // B succeeds, then A reverts: nothing survives
    let inner = Cmd::new().store(key(3), word(3)).flush().done();
    let outer = Cmd::new().call(b, 0, 0, &inner).op(0x0c).done();
    let r = net.send(ME, a, &outer, U256::ZERO);
    assert_eq!(r.status, Status::Revert);
    assert_eq!(r.output, [0u8]);
    assert_eq!(net.storage_at(b, slot(key(3))), B256::ZERO);
}

#[test]
fn calls_return_data_and_transfer_value() {
    let (mut net, a) = setup();
    let b = second(&mut net);
    net.set_balance(ME, U256::from(1_000u64));
    let outer = Cmd::new()
        .call(b, 0, 40, &Cmd::new().op(0x0f).op(0x10).done())
        .done();
    let r = net.send(ME, a, &outer, U256::from(100u64));
    assert_eq!(r.status, Status::Success, "{r:?}");
    let mut expected = vec![0u8];
    expected.extend(a.as_slice()); // B sees A as sender
    expected.extend(word(40));
    assert_eq!(r.output, expected);
    assert_eq!(net.balance(ME), U256::from(900u64));
    assert_eq!(net.balance(a), U256::from(60u64));
    assert_eq!(net.balance(b), U256::from(40u64));
}

#[test]
fn delegate_call_runs_in_callers_context() {
    let (mut net, a) = setup();
    let b = second(&mut net);
    let inner = Cmd::new()
        .store(key(1), word(4))
        .flush()
        .op(0x0f)
        .op(0x06)
        .done();
    let r = net.send(ME, a, &Cmd::new().call(b, 1, 0, &inner).done(), U256::ZERO);
    assert_eq!(r.status, Status::Success, "{r:?}");
    let mut expected = vec![0u8];
    expected.extend(ME.as_slice()); // msg.sender propagates
    expected.push(0); // delegate frames do not count as reentrancy
    assert_eq!(r.output, expected);
    assert_eq!(net.storage_at(a, slot(key(1))), B256::from(word(4)));
    assert_eq!(net.storage_at(b, slot(key(1))), B256::ZERO);
}

#[test]
fn static_call_rejects_writes() {
    let (mut net, a) = setup();
    let b = second(&mut net);
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .call(b, 2, 0, &Cmd::new().store(key(1), word(1)).flush().done())
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.output, [2u8]);
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .call(b, 2, 0, &Cmd::new().log(0, b"x").done())
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.output, [2u8]);
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .call(b, 2, 0, &Cmd::new().load(key(1)).done())
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.output, [[0u8].as_slice(), &word(0)].concat());
}

#[test]
fn reentrancy_flag() {
    let (mut net, a) = setup();
    let b = second(&mut net);
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .op(0x06)
            .call(a, 0, 0, &Cmd::new().op(0x06).done())
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.output, vec![0, 0, 1]);
    // A -> B -> A
    let back = Cmd::new()
        .call(a, 0, 0, &Cmd::new().op(0x06).done())
        .op(0x06)
        .done();
    let r = net.send(ME, a, &Cmd::new().call(b, 0, 0, &back).done(), U256::ZERO);
    assert_eq!(r.output, vec![0, 0, 1, 0]);
}

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
fn transient_storage_lives_for_one_transaction() {
    let (mut net, a) = setup();
    let r = net.send(
        ME,
        a,
        &Cmd::new()
            .op(0x0d)
            .bytes(&key(1))
            .bytes(&word(5))
            .op(0x0e)
            .bytes(&key(1))
            .done(),
        U256::ZERO,
    );
    assert_eq!(r.output, word(5));
    let r = net.send(
        ME,
        a,
        &Cmd::new().op(0x0e).bytes(&key(1)).done(),
        U256::ZERO,
    );
    assert_eq!(r.output, word(0));
}

#[test]
fn ecrecover_precompile() {
    let (mut net, a) = setup();
    let ecrecover = Address::with_last_byte(1);
    // go-ethereum's ecrecover "ValidKey" vector
    let input = alloy_primitives::hex::decode(
        "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c\
         000000000000000000000000000000000000000000000000000000000000001c\
         73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f\
         eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549",
    )
    .unwrap();
    let r = net.call(ME, a, &Cmd::new().call(ecrecover, 2, 0, &input).done());
    let mut expected = vec![0u8];
    expected.extend([0u8; 12]);
    expected
        .extend(alloy_primitives::hex::decode("a94f5374fce5edbc8e2a8697c15331677e6ebf0b").unwrap());
    assert_eq!(r.output, expected, "{r:?}");
    // a signature made here, recovered through the precompile
    use k256::ecdsa::SigningKey;
    let signer = SigningKey::from_slice(&[7u8; 32]).unwrap();
    let hash = alloy_primitives::keccak256(b"message");
    let (sig, recid) = signer.sign_prehash_recoverable(hash.as_slice()).unwrap();
    let mut input = hash.to_vec();
    input.extend(word(27 + recid.to_byte()));
    input.extend(sig.to_bytes());
    let address = Address::from_public_key(signer.verifying_key());
    let r = net.call(ME, a, &Cmd::new().call(ecrecover, 2, 0, &input).done());
    assert_eq!(&r.output[13..], address.as_slice());
    // invalid v: success with empty output
    input[63] = 29;
    let r = net.call(ME, a, &Cmd::new().call(ecrecover, 2, 0, &input).done());
    assert_eq!(r.output, vec![0u8]);
}

#[test]
fn eth_call_discards_state() {
    let (mut net, a) = setup();
    let r = net.call(
        ME,
        a,
        &Cmd::new()
            .store(key(1), word(1))
            .flush()
            .load(key(1))
            .done(),
    );
    assert_eq!(r.output, word(1));
    assert_eq!(net.storage_at(a, slot(key(1))), B256::ZERO);
    assert_eq!(net.nonce(ME), 1); // only the deployment
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
