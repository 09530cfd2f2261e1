//! The command-interpreter program and its command encoder.

use stylus_devnet::*;

pub(crate) const TESTER: &str = r#"(module
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

pub(crate) const ME: Address = Address::repeat_byte(0xEE);

pub(crate) fn key(n: u8) -> [u8; 32] {
    let mut k = [0u8; 32];
    k[31] = n;
    k[0] = 0x11;
    k
}

pub(crate) fn word(n: u8) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[31] = n;
    w
}

pub(crate) struct Cmd(Vec<u8>);

impl Cmd {
    pub(crate) fn new() -> Self {
        Cmd(Vec::new())
    }
    pub(crate) fn store(mut self, k: [u8; 32], v: [u8; 32]) -> Self {
        self.0.push(0);
        self.0.extend(k);
        self.0.extend(v);
        self
    }
    pub(crate) fn flush(mut self) -> Self {
        self.0.push(1);
        self
    }
    pub(crate) fn flush_clear(mut self) -> Self {
        self.0.push(3);
        self
    }
    pub(crate) fn load(mut self, k: [u8; 32]) -> Self {
        self.0.push(2);
        self.0.extend(k);
        self
    }
    pub(crate) fn log(mut self, topics: u8, data: &[u8]) -> Self {
        self.0.extend([4, topics, data.len() as u8]);
        self.0.extend(data);
        self
    }
    pub(crate) fn call(mut self, to: Address, kind: u8, value: u8, data: &[u8]) -> Self {
        self.0.push(5);
        self.0.extend(to.as_slice());
        self.0.push(kind);
        self.0.extend(word(value));
        self.0.extend((data.len() as u16).to_le_bytes());
        self.0.extend(data);
        self
    }
    pub(crate) fn op(mut self, op: u8) -> Self {
        self.0.push(op);
        self
    }
    pub(crate) fn bytes(mut self, b: &[u8]) -> Self {
        self.0.extend(b);
        self
    }
    pub(crate) fn done(self) -> Vec<u8> {
        self.0
    }
}

pub(crate) fn setup() -> (Devnet, Address) {
    let wasm = wat::parse_str(TESTER).unwrap();
    let mut net = Devnet::new();
    let r = net.deploy_without_constructor(ME, &wasm).unwrap();
    (net, r.contract_address.unwrap())
}

pub(crate) fn second(net: &mut Devnet) -> Address {
    let wasm = wat::parse_str(TESTER).unwrap();
    net.deploy_without_constructor(ME, &wasm)
        .unwrap()
        .contract_address
        .unwrap()
}

pub(crate) fn slot(k: [u8; 32]) -> U256 {
    U256::from_be_bytes(k)
}
