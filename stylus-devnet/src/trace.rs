//! Execution traces: every hostio a program makes, as Nitro's `stylusTracer` reports it, and
//! every call frame, as geth's `callTracer` does.
//!
//! Tracing is off unless [`Devnet::set_tracing`](crate::Devnet::set_tracing) turns it on;
//! then each transaction leaves a [`Trace`] for [`Devnet::take_trace`](crate::Devnet::take_trace).
//! Tracing never changes what a transaction costs or does: the recorder buys no ink.
//!
//! A hostio record carries the bytes Nitro's host puts in its trace (`arbutil`'s `trace!`):
//! `args` are what the hostio read (pointers resolved, scalars big-endian), `outs` what it
//! wrote or returned, `startInk`/`endInk` the ink before and after it. Each Stylus frame
//! starts with a `user_entrypoint` record (args: the calldata length, 4 bytes) and ends with
//! `user_returned` (outs: the outcome, 4 bytes: 0 success, 1 revert, 2 failure, 3 out of ink,
//! 4 out of stack). A call hostio names its callee in `address` and holds the callee's own
//! records in `steps`.

use alloy_primitives::{Address, U256};

/// One hostio call, as Nitro's `stylusTracer` reports it (`HostioTraceInfo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostioTrace {
    /// The hostio's name (`storage_load_bytes32`, …) or `user_entrypoint` / `user_returned`.
    pub name: String,
    /// What it read.
    pub args: Vec<u8>,
    /// What it wrote or returned.
    pub outs: Vec<u8>,
    /// Ink before it.
    pub start_ink: u64,
    /// Ink after it.
    pub end_ink: u64,
    /// The callee, for calls.
    pub address: Option<Address>,
    /// The callee's own records, for calls (empty when the callee runs no program).
    pub steps: Option<Vec<HostioTrace>>,
}

/// One call frame, as geth's `callTracer` reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallTrace {
    /// `CALL`, `DELEGATECALL` or `STATICCALL`.
    pub kind: &'static str,
    /// The caller (for a delegate call: the caller of the frame that delegates).
    pub from: Address,
    /// The callee (for a delegate call: the address whose code runs).
    pub to: Address,
    /// Value sent.
    pub value: U256,
    /// Gas given to the frame.
    pub gas: u64,
    /// Gas the frame used.
    pub gas_used: u64,
    /// Calldata.
    pub input: Vec<u8>,
    /// Return (or revert) data.
    pub output: Vec<u8>,
    /// Why the frame failed, if it did (`execution reverted`, `out of gas`, …).
    pub error: Option<String>,
    /// The frames it called, in order.
    pub calls: Vec<CallTrace>,
}

/// One EVM instruction, as geth's default struct logger reports it (without memory and
/// storage: the stack is kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructLog {
    /// Program counter.
    pub pc: u64,
    /// The opcode.
    pub op: u8,
    /// Gas before the instruction.
    pub gas: u64,
    /// What the instruction cost (a call: with the gas it gave the callee).
    pub gas_cost: u64,
    /// Call depth (1 for the transaction's frame).
    pub depth: u64,
    /// The stack before the instruction, bottom first.
    pub stack: Vec<U256>,
    /// Why the frame stopped here, if the instruction halted it.
    pub error: Option<String>,
}

impl StructLog {
    /// The opcode's name (`PUSH1`, `SSTORE`, …; `opcode 0xNN not defined` for an undefined
    /// one, as geth names it).
    pub fn op_name(&self) -> String {
        match revm_interpreter::bytecode::opcode::OpCode::new(self.op) {
            Some(op) => op.as_str().to_owned(),
            None => format!("opcode {:#04x} not defined", self.op),
        }
    }
}

/// What one traced transaction recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// The top-level frame's hostios (empty when it runs no program).
    pub hostios: Vec<HostioTrace>,
    /// The top-level call frame.
    pub call: Option<CallTrace>,
    /// Every EVM instruction of every EVM frame, in execution order (Stylus frames run no
    /// EVM instructions: their hostios are in `hostios`).
    pub struct_logs: Vec<StructLog>,
}

/// The recorder a traced transaction carries.
#[derive(Debug, Default)]
pub(crate) struct Tracer {
    /// Hostio lists of the frames open now; the last is where records go.
    steps: Vec<Vec<HostioTrace>>,
    /// Call frames open now.
    frames: Vec<CallTrace>,
    done: Trace,
}

impl Tracer {
    pub(crate) fn new() -> Self {
        Self {
            steps: vec![Vec::new()],
            ..Default::default()
        }
    }

    /// Records a hostio in the innermost frame.
    pub(crate) fn hostio(&mut self, record: HostioTrace) {
        if let Some(list) = self.steps.last_mut() {
            list.push(record);
        }
    }

    /// A nested call starts: its records go to a list of their own.
    pub(crate) fn open_steps(&mut self) {
        self.steps.push(Vec::new());
    }

    /// The nested call ended: its records.
    pub(crate) fn close_steps(&mut self) -> Vec<HostioTrace> {
        if self.steps.len() > 1 {
            self.steps.pop().unwrap_or_default()
        } else {
            Vec::new()
        }
    }

    /// A call frame starts.
    pub(crate) fn enter(&mut self, frame: CallTrace) {
        self.frames.push(frame);
    }

    /// The innermost call frame ends.
    pub(crate) fn exit(&mut self, gas_used: u64, output: &[u8], error: Option<String>) {
        let Some(mut frame) = self.frames.pop() else {
            return;
        };
        frame.gas_used = gas_used;
        frame.output = output.to_vec();
        frame.error = error;
        match self.frames.last_mut() {
            Some(parent) => parent.calls.push(frame),
            None => self.done.call = Some(frame),
        }
    }

    /// An EVM instruction ran.
    pub(crate) fn struct_log(&mut self, log: StructLog) {
        self.done.struct_logs.push(log);
    }

    /// Everything recorded.
    pub(crate) fn finish(mut self) -> Trace {
        self.done.hostios = self.steps.into_iter().next().unwrap_or_default();
        self.done
    }
}
