//! The 42 `vm_hooks` hostios on wasmi, with Nitro's semantics and prices
//! (`crates/wasm-libraries/user-host-trait/lib.rs`, `crates/arbutil/src/evm/req.rs`,
//! `arbos/programs/api.go`), and the runner that executes one program invocation.
//!
//! Ink lives in the instrumented module's `stylus_ink_left`/`stylus_ink_status` globals, so
//! hostios buy ink from the same counter the ink meter decrements. Every hostio follows
//! Nitro's order: base ink → per-byte ink → sentry → read memory → request → buy gas →
//! write memory; which step fails decides between out-of-ink and Failure.

use alloy_primitives::map::HashMap;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use alloy_primitives::{keccak256, Address, B256, U256};
use wasmi::{Caller, Engine, Global, Linker, Memory, Store, Val};

use crate::frame::{CallKind, Creation, Message, Nested, Program};
use crate::instrument::{STYLUS_INK_LEFT, STYLUS_INK_STATUS, STYLUS_STACK_LEFT};
use crate::pricing::{self, evm, hostio};
use crate::state::{Log, TxState};
use crate::trace::HostioTrace;

mod account;
mod calls;
mod io;
mod linker;
mod logs;
mod math;
mod storage;

use account::*;
use calls::*;
use io::*;
pub(crate) use linker::linker;
use logs::*;
use math::*;
use storage::*;

/// How a program invocation ended (Nitro `UserOutcomeKind`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Success,
    Revert,
    Failure(String),
    OutOfInk,
    OutOfStack,
}

/// Why a hostio stopped the program.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Escape {
    #[error("out of ink")]
    OutOfInk,
    #[error("exit_early({0})")]
    Exit(u32),
    #[error("{0}")]
    Failure(String),
}

impl wasmi::errors::HostError for Escape {}

type HostResult<T> = Result<T, Escape>;

fn failure<T>(reason: impl Into<String>) -> HostResult<T> {
    Err(Escape::Failure(reason.into()))
}

/// Frame data fixed at entry (Nitro `EvmData`, the parts that vary per frame).
pub(crate) struct FrameContext {
    pub address: Address,
    pub caller: Address,
    pub value: U256,
    pub is_static: bool,
    pub reentrant: bool,
    pub args: Vec<u8>,
}

/// The wasmi engine every program is compiled for and runs on, configured once: Nitro's
/// depth checker, never wasmi's own limits, is what stops recursion; no reference types.
pub(crate) fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut config = wasmi::Config::default();
        config.set_max_recursion_depth(100_000);
        config.set_max_stack_height(256 * 1024 * 1024);
        config.wasm_reference_types(false);
        Engine::new(&config)
    })
}

/// Compiles an activated program's instrumented module for [`engine`].
pub(crate) fn compile(
    activated: crate::activation::ActivatedProgram,
) -> Result<Program, crate::activation::ActivationError> {
    let module = wasmi::Module::new(engine(), &activated.instrumented[..]).map_err(|e| {
        crate::activation::ActivationError::Internal(format!("wasmi rejected the module: {e}"))
    })?;
    Ok(Program {
        activated: Arc::new(activated),
        module,
    })
}

/// The hostios, defined once on [`engine`].
fn hostios() -> &'static Linker<HostEnv> {
    static LINKER: OnceLock<Linker<HostEnv>> = OnceLock::new();
    LINKER.get_or_init(|| linker(engine()))
}

/// Store data of one program invocation.
pub(crate) struct HostEnv {
    nested: Nested<TxState>,
    tx: TxState,
    frame: FrameContext,
    outs: Vec<u8>,
    return_data: Vec<u8>,
    cache: StorageCache,
    last_code: Option<(Address, Arc<Vec<u8>>)>,
    memory: Option<Memory>,
    globals: Option<[Global; 3]>,
    /// When tracing: the hostio running now and the ink before it.
    hostio: Option<(&'static str, u64)>,
}

/// Runs `program` with `gas`, returning the outcome, output and gas left (Nitro `stylus_call`).
pub(crate) fn run(
    tx: &mut TxState,
    program: &Program,
    frame: FrameContext,
    gas: u64,
    nested: Nested<TxState>,
) -> (Outcome, Vec<u8>, u64) {
    let env = tx.env.clone();
    let ink_price = env.params.ink_price;
    let args_len = frame.args.len() as i32;
    let host = HostEnv {
        nested,
        tx: std::mem::take(tx),
        frame,
        outs: Vec::new(),
        return_data: Vec::new(),
        cache: StorageCache::default(),
        last_code: None,
        memory: None,
        globals: None,
        hostio: None,
    };
    let mut store = Store::new(engine(), host);
    let result = execute(
        &mut store,
        hostios(),
        program,
        args_len,
        gas,
        ink_price,
        env.params.max_stack_depth,
    );
    let host = store.into_data();
    *tx = host.tx;
    if let Some(tracer) = tx.tracer.as_mut() {
        let (code, ink) = match &result {
            Ok((outcome, ink_left)) => {
                let code = match outcome {
                    Outcome::Success => 0u32,
                    Outcome::Revert => 1,
                    Outcome::Failure(_) => 2,
                    Outcome::OutOfInk => 3,
                    Outcome::OutOfStack => 4,
                };
                (code, *ink_left)
            }
            Err(_) => (2, 0),
        };
        tracer.hostio(HostioTrace {
            name: "user_returned".into(),
            args: Vec::new(),
            outs: code.to_be_bytes().to_vec(),
            start_ink: ink,
            end_ink: ink,
            address: None,
            steps: None,
        });
    }
    match result {
        Ok((outcome, ink_left)) => {
            let gas_left = match outcome {
                Outcome::OutOfStack | Outcome::OutOfInk => 0,
                _ => pricing::ink_to_gas(ink_left, ink_price),
            };
            let output = match outcome {
                Outcome::Success | Outcome::Revert => host.outs,
                _ => Vec::new(),
            };
            (outcome, output, gas_left)
        }
        Err(reason) => (Outcome::Failure(reason.to_string()), Vec::new(), 0),
    }
}

/// Why an instrumented program could not be started (each a Failure, with this message).
#[derive(Debug, thiserror::Error)]
enum StartError {
    #[error("instantiation failed: {0}")]
    Instantiate(#[source] wasmi::Error),
    #[error("missing global {0}")]
    MissingGlobal(&'static str),
    #[error("missing memory")]
    MissingMemory,
    #[error("{0}")]
    Wasmi(#[from] wasmi::Error),
    #[error("{0}")]
    Global(#[from] wasmi::errors::GlobalError),
}

fn execute(
    store: &mut Store<HostEnv>,
    linker: &Linker<HostEnv>,
    program: &Program,
    args_len: i32,
    gas: u64,
    ink_price: u32,
    max_depth: u32,
) -> Result<(Outcome, u64), StartError> {
    let instance = linker
        .instantiate_and_start(&mut *store, &program.module)
        .map_err(StartError::Instantiate)?;
    let global = |name| {
        instance
            .get_global(&*store, name)
            .ok_or(StartError::MissingGlobal(name))
    };
    let globals = [
        global(STYLUS_INK_LEFT)?,
        global(STYLUS_INK_STATUS)?,
        global(STYLUS_STACK_LEFT)?,
    ];
    let memory = instance
        .get_memory(&*store, "memory")
        .ok_or(StartError::MissingMemory)?;
    let [ink, status, stack] = globals;
    let ink_start = pricing::gas_to_ink(gas, ink_price);
    if let Some(tracer) = store.data_mut().tx.tracer.as_mut() {
        tracer.hostio(HostioTrace {
            name: "user_entrypoint".into(),
            args: (args_len as u32).to_be_bytes().to_vec(),
            outs: Vec::new(),
            start_ink: ink_start,
            end_ink: ink_start,
            address: None,
            steps: None,
        });
    }
    let set = |store: &mut Store<HostEnv>, g: Global, v: Val| g.set(store, v);
    set(store, ink, Val::I64(ink_start as i64))?;
    set(store, status, Val::I32(0))?;
    set(store, stack, Val::I32(max_depth as i32))?;
    store.data_mut().globals = Some(globals);
    store.data_mut().memory = Some(memory);

    let entry = instance.get_typed_func::<i32, i32>(&*store, crate::rules::ENTRYPOINT)?;
    let result = entry.call(&mut *store, args_len);

    let ink_left = match ink.get(&*store) {
        Val::I64(v) => v as u64,
        _ => 0,
    };
    let exhausted = !matches!(status.get(&*store), Val::I32(0));
    let stack_left = match stack.get(&*store) {
        Val::I32(v) => v,
        _ => 0,
    };
    let outcome = match result {
        Ok(0) => Outcome::Success,
        Ok(_) => Outcome::Revert,
        Err(error) => {
            if stack_left == 0 {
                Outcome::OutOfStack
            } else if exhausted {
                Outcome::OutOfInk
            } else if let Some(escape) = error.downcast_ref::<Escape>() {
                match escape {
                    Escape::OutOfInk => Outcome::OutOfInk,
                    Escape::Exit(0) => Outcome::Success,
                    Escape::Exit(_) => Outcome::Revert,
                    Escape::Failure(reason) => Outcome::Failure(reason.clone()),
                }
            } else if error.as_trap_code() == Some(wasmi::TrapCode::StackOverflow) {
                // wasmi's own limit (never reached with Nitro's depth budget)
                Outcome::OutOfStack
            } else {
                Outcome::Failure(format!("trap: {error}"))
            }
        }
    };
    Ok((outcome, if exhausted { 0 } else { ink_left }))
}

/// Hostio helpers over a wasmi caller.
trait Host {
    fn env(&self) -> &HostEnv;
    fn env_mut(&mut self) -> &mut HostEnv;
    fn ink_ready(&self) -> HostResult<u64>;
    fn set_ink(&mut self, ink: u64, exhausted: bool);
    fn read_slice(&self, ptr: u32, len: u32) -> HostResult<Vec<u8>>;
    fn write_slice(&mut self, ptr: u32, data: &[u8]) -> HostResult<()>;

    fn ink_price(&self) -> u32 {
        self.env().tx.env.params.ink_price
    }
    fn out_of_ink<T>(&mut self) -> HostResult<T> {
        self.set_ink(0, true);
        Err(Escape::OutOfInk)
    }
    fn buy_ink(&mut self, ink: u64) -> HostResult<()> {
        let left = self.ink_ready()?;
        if left < ink {
            return self.out_of_ink();
        }
        self.set_ink(left - ink, false);
        Ok(())
    }
    fn require_ink(&mut self, ink: u64) -> HostResult<()> {
        if self.ink_ready()? < ink {
            return self.out_of_ink();
        }
        Ok(())
    }
    fn buy_gas(&mut self, gas: u64) -> HostResult<()> {
        self.buy_ink(pricing::gas_to_ink(gas, self.ink_price()))
    }
    fn require_gas(&mut self, gas: u64) -> HostResult<()> {
        self.require_ink(pricing::gas_to_ink(gas, self.ink_price()))
    }
    fn gas_left(&self) -> HostResult<u64> {
        Ok(pricing::ink_to_gas(self.ink_ready()?, self.ink_price()))
    }
    fn pay_for_read(&mut self, bytes: u32) -> HostResult<()> {
        self.buy_ink(pricing::read_price(bytes))
    }
    fn pay_for_write(&mut self, bytes: u32) -> HostResult<()> {
        self.buy_ink(pricing::write_price(bytes))
    }
    fn read_fixed<const N: usize>(&self, ptr: u32) -> HostResult<[u8; N]> {
        let data = self.read_slice(ptr, N as u32)?;
        Ok(data.try_into().expect("length checked"))
    }
    fn read_b256(&self, ptr: u32) -> HostResult<B256> {
        Ok(B256::from(self.read_fixed::<32>(ptr)?))
    }
    fn read_u256(&self, ptr: u32) -> HostResult<U256> {
        Ok(U256::from_be_bytes(self.read_fixed::<32>(ptr)?))
    }
    fn read_address(&self, ptr: u32) -> HostResult<Address> {
        Ok(Address::from(self.read_fixed::<20>(ptr)?))
    }
    fn write_u32(&mut self, ptr: u32, value: u32) -> HostResult<()> {
        self.write_slice(ptr, &value.to_le_bytes())
    }

    /// When tracing, records the hostio running now with what it read (`args`) and wrote
    /// or returned (`outs`), as Nitro's `trace!` does; nothing otherwise.
    fn trace(&mut self, args: &[&[u8]], outs: &[&[u8]]) -> HostResult<()> {
        self.trace_call(args, outs, None, None)
    }

    /// [`Host::trace`] for a call: the callee and its own records.
    fn trace_call(
        &mut self,
        args: &[&[u8]],
        outs: &[&[u8]],
        address: Option<Address>,
        steps: Option<Vec<HostioTrace>>,
    ) -> HostResult<()> {
        let Some((name, start_ink)) = self.env_mut().hostio.take() else {
            return Ok(());
        };
        let end_ink = self.ink_ready()?;
        if let Some(tracer) = self.env_mut().tx.tracer.as_mut() {
            tracer.hostio(HostioTrace {
                name: name.into(),
                args: args.concat(),
                outs: outs.concat(),
                start_ink,
                end_ink,
                address,
                steps,
            });
        }
        Ok(())
    }
}

impl Host for Caller<'_, HostEnv> {
    fn env(&self) -> &HostEnv {
        self.data()
    }
    fn env_mut(&mut self) -> &mut HostEnv {
        self.data_mut()
    }
    fn ink_ready(&self) -> HostResult<u64> {
        let [ink, status, _] = self.data().globals.expect("globals set before entry");
        if !matches!(status.get(self), Val::I32(0)) {
            return Err(Escape::OutOfInk);
        }
        match ink.get(self) {
            Val::I64(v) => Ok(v as u64),
            _ => Err(Escape::OutOfInk),
        }
    }
    fn set_ink(&mut self, value: u64, exhausted: bool) {
        let [ink, status, _] = self.data().globals.expect("globals set before entry");
        // types are fixed by the instrumentation, so these cannot fail
        let _ = ink.set(&mut *self, Val::I64(value as i64));
        let _ = status.set(&mut *self, Val::I32(exhausted as i32));
    }
    fn read_slice(&self, ptr: u32, len: u32) -> HostResult<Vec<u8>> {
        let memory = self.data().memory.expect("memory set before entry");
        let data = memory.data(self);
        let start = ptr as usize;
        match start
            .checked_add(len as usize)
            .and_then(|end| data.get(start..end))
        {
            Some(slice) => Ok(slice.to_vec()),
            None => failure(format!("memory read out of bounds: {len} bytes at {ptr}")),
        }
    }
    fn write_slice(&mut self, ptr: u32, bytes: &[u8]) -> HostResult<()> {
        let memory = self.data().memory.expect("memory set before entry");
        let data = memory.data_mut(&mut *self);
        let start = ptr as usize;
        match start
            .checked_add(bytes.len())
            .and_then(|end| data.get_mut(start..end))
        {
            Some(slice) => {
                slice.copy_from_slice(bytes);
                Ok(())
            }
            None => failure(format!(
                "memory write out of bounds: {} bytes at {ptr}",
                bytes.len()
            )),
        }
    }
}

type C<'a> = Caller<'a, HostEnv>;

fn write_word(c: &mut C, base: u64, dest: u32, word: [u8; 32]) -> HostResult<()> {
    c.buy_ink(base)?;
    c.write_slice(dest, &word)?;
    c.trace(&[], &[&word])
}

fn write_address(c: &mut C, base: u64, dest: u32, address: Address) -> HostResult<()> {
    c.buy_ink(base)?;
    c.write_slice(dest, address.as_slice())?;
    c.trace(&[], &[address.as_slice()])
}

/// A scalar a hostio returns, traced big-endian at its own width.
trait Scalar: Copy {
    fn be(self) -> Vec<u8>;
}
impl Scalar for u32 {
    fn be(self) -> Vec<u8> {
        self.to_be_bytes().to_vec()
    }
}
impl Scalar for u64 {
    fn be(self) -> Vec<u8> {
        self.to_be_bytes().to_vec()
    }
}

fn read_value<T: Scalar>(c: &mut C, base: u64, value: impl FnOnce(&HostEnv) -> T) -> HostResult<T> {
    c.buy_ink(base)?;
    let value = value(c.env());
    c.trace(&[], &[&value.be()])?;
    Ok(value)
}
