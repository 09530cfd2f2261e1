//! Execution traces: the hostios of a program as Nitro's `stylusTracer` lists them (with
//! nested calls' records under the call), the call frames as geth's `callTracer` nests them,
//! and that tracing changes no outcome and no gas.

use stylus_devnet::*;

use crate::program_cache::{deploy, ME};

/// Calls the program whose address is its calldata with `[0, 7]` and returns what it got.
const CALLER: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (memory (export "memory") 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (call $read_args (i32.const 0))
    (i32.store8 (i32.const 200) (i32.const 0))
    (i32.store8 (i32.const 201) (i32.const 7))
    (drop (call $call (i32.const 0) (i32.const 200) (i32.const 2) (i32.const 256) (i64.const -1) (i32.const 300)))
    (call $write_result (i32.const 200) (i32.const 2))
    (i32.const 0)))"#;

fn names(trace: &[HostioTrace]) -> Vec<&str> {
    trace.iter().map(|h| h.name.as_str()).collect()
}

/// Ink only goes down, within a record and from one record to the next.
fn ink_runs_down(trace: &[HostioTrace]) {
    let mut last = u64::MAX;
    for h in trace {
        assert!(h.start_ink <= last && h.end_ink <= h.start_ink, "{h:?}");
        last = h.end_ink;
    }
}

#[test]
fn nothing_is_traced_unless_asked() {
    let mut net = Devnet::new();
    let a = deploy(&mut net);
    net.send(ME, a, &[0, 7], U256::ZERO);
    assert_eq!(net.take_trace(), None);
}

#[test]
fn a_programs_hostios_are_listed_with_nitros_bytes() {
    let mut net = Devnet::new();
    let a = deploy(&mut net);
    let mut plain = net.clone();
    net.set_tracing(true);
    let calldata = [1u8, 0x2A, 9];
    let traced = net.send(ME, a, &calldata, U256::ZERO);
    let untraced = plain.send(ME, a, &calldata, U256::ZERO);
    assert_eq!(
        (traced.status, traced.gas_used, &traced.output),
        (untraced.status, untraced.gas_used, &untraced.output)
    );
    let trace = net.take_trace().expect("traced");
    assert_eq!(
        names(&trace.hostios),
        [
            "user_entrypoint",
            "read_args",
            "storage_cache_bytes32",
            "storage_flush_cache",
            "write_result",
            "user_returned"
        ]
    );
    let h = &trace.hostios;
    assert_eq!(h[0].args, 3u32.to_be_bytes());
    assert_eq!((h[1].args.len(), &h[1].outs[..]), (0, &calldata[..]));
    let mut value = [0u8; 32];
    value[31] = 0x2A;
    assert_eq!(h[2].args, [[0u8; 32], value].concat());
    assert_eq!(h[3].args, [0u8]);
    assert_eq!(h[4].args, calldata);
    assert_eq!(h[5].outs, 0u32.to_be_bytes());
    ink_runs_down(h);
    assert!(h[1].start_ink > h[1].end_ink, "read_args costs ink");
    // The frame.
    let call = trace.call.expect("a frame");
    assert_eq!((call.kind, call.from, call.to), ("CALL", ME, a));
    assert_eq!(
        (call.input, call.output),
        (calldata.to_vec(), calldata.to_vec())
    );
    assert_eq!(call.error, None);
    assert!(call.gas_used > 0 && call.gas_used < call.gas);
    assert!(call.calls.is_empty());
    // Taken once.
    assert_eq!(net.take_trace(), None);
}

#[test]
fn a_nested_call_holds_the_callees_records_and_frame() {
    let mut net = Devnet::new();
    let echo = deploy(&mut net);
    let wasm = wat::parse_str(CALLER).expect("valid wat");
    let caller = net
        .deploy_without_constructor(ME, &wasm)
        .expect("activates")
        .contract_address
        .expect("deployed");
    net.set_tracing(true);
    let r = net.send(ME, caller, echo.as_slice(), U256::ZERO);
    assert_eq!((r.status, r.output), (Status::Success, vec![0, 7]));
    let trace = net.take_trace().expect("traced");
    assert_eq!(
        names(&trace.hostios),
        [
            "user_entrypoint",
            "read_args",
            "call_contract",
            "write_result",
            "user_returned"
        ]
    );
    let call = &trace.hostios[2];
    assert_eq!(call.address, Some(echo));
    // address ‖ gas (8 bytes) ‖ value (32) ‖ calldata; outs: return length (4) ‖ status.
    assert_eq!(
        call.args,
        [
            echo.as_slice(),
            &u64::MAX.to_be_bytes(),
            &[0u8; 32],
            &[0, 7]
        ]
        .concat()
    );
    assert_eq!(call.outs, [&2u32.to_be_bytes()[..], &[0]].concat());
    let steps = call.steps.as_deref().expect("the callee's records");
    assert_eq!(
        names(steps),
        [
            "user_entrypoint",
            "read_args",
            "write_result",
            "user_returned"
        ]
    );
    ink_runs_down(steps);
    // The callee ran on ink the call hostio had bought: its records sit inside the call's.
    assert!(steps[0].start_ink < call.start_ink);
    let frame = trace.call.expect("a frame");
    assert_eq!(frame.calls.len(), 1);
    let inner = &frame.calls[0];
    assert_eq!((inner.kind, inner.from, inner.to), ("CALL", caller, echo));
    assert_eq!(
        (&inner.input[..], &inner.output[..]),
        (&[0u8, 7][..], &[0u8, 7][..])
    );
    assert!(inner.gas_used > 0 && inner.gas_used < frame.gas_used);
}
