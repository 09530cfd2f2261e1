//! The 42 `vm_hooks` hostios on wasmi, with Nitro's semantics and prices
//! (`crates/wasm-libraries/user-host-trait/lib.rs`, `crates/arbutil/src/evm/req.rs`,
//! `arbos/programs/api.go`), and the runner that executes one program invocation.
//!
//! Ink lives in the instrumented module's `stylus_ink_left`/`stylus_ink_status` globals, so
//! hostios buy ink from the same counter the ink meter decrements. Every hostio follows
//! Nitro's order: base ink → per-byte ink → sentry → read memory → request → buy gas →
//! write memory; which step fails decides between out-of-ink and Failure.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use alloy_primitives::{keccak256, Address, B256, U256};
use wasmi::{Caller, Engine, Global, Linker, Memory, Store, Val};

use crate::frame::{CallKind, FrameResult, Message, Program};
use crate::instrument::{STYLUS_INK_LEFT, STYLUS_INK_STATUS, STYLUS_STACK_LEFT};
use crate::pricing::{self, evm, hostio};
use crate::state::{Log, TxState};

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
#[derive(Debug)]
pub(crate) enum Escape {
    OutOfInk,
    Exit(u32),
    Failure(String),
}

impl fmt::Display for Escape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Escape::OutOfInk => write!(f, "out of ink"),
            Escape::Exit(status) => write!(f, "exit_early({status})"),
            Escape::Failure(reason) => write!(f, "{reason}"),
        }
    }
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

struct StorageWord {
    value: B256,
    known: Option<B256>,
}

/// Per-invocation storage cache (`arbutil/src/evm/storage.rs`).
#[derive(Default)]
struct StorageCache {
    slots: HashMap<B256, StorageWord>,
    reads: usize,
    writes: usize,
}

impl StorageCache {
    fn read_gas(&mut self) -> u64 {
        self.reads += 1;
        match self.reads {
            0..=32 => 0,
            33..=128 => 2,
            _ => 10,
        }
    }

    fn write_gas(&mut self) -> u64 {
        self.writes += 1;
        match self.writes {
            0..=8 => 0,
            9..=64 => 7,
            _ => 10,
        }
    }
}

/// How the host runs a nested call: the frame executor's entry point, handed to [`run`], so
/// that the host does not depend on the executor (as revm's interpreter sees only its host).
pub(crate) type NestedCall = fn(&mut TxState, Message) -> FrameResult;

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

/// The hostios, defined once on [`engine`].
fn hostios() -> &'static Linker<HostEnv> {
    static LINKER: OnceLock<Linker<HostEnv>> = OnceLock::new();
    LINKER.get_or_init(|| linker(engine()))
}

/// Store data of one program invocation.
pub(crate) struct HostEnv {
    nested: NestedCall,
    tx: TxState,
    frame: FrameContext,
    outs: Vec<u8>,
    return_data: Vec<u8>,
    cache: StorageCache,
    last_code: Option<(Address, Arc<Vec<u8>>)>,
    memory: Option<Memory>,
    globals: Option<[Global; 3]>,
}

/// Runs `program` with `gas`, returning the outcome, output and gas left (Nitro `stylus_call`).
pub(crate) fn run(
    tx: &mut TxState,
    program: &Program,
    frame: FrameContext,
    gas: u64,
    nested: NestedCall,
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
        Err(reason) => (Outcome::Failure(reason), Vec::new(), 0),
    }
}

fn execute(
    store: &mut Store<HostEnv>,
    linker: &Linker<HostEnv>,
    program: &Program,
    args_len: i32,
    gas: u64,
    ink_price: u32,
    max_depth: u32,
) -> Result<(Outcome, u64), String> {
    let instance = linker
        .instantiate_and_start(&mut *store, &program.module)
        .map_err(|e| format!("instantiation failed: {e}"))?;
    let global = |name| {
        instance
            .get_global(&*store, name)
            .ok_or(format!("missing global {name}"))
    };
    let globals = [
        global(STYLUS_INK_LEFT)?,
        global(STYLUS_INK_STATUS)?,
        global(STYLUS_STACK_LEFT)?,
    ];
    let memory = instance
        .get_memory(&*store, "memory")
        .ok_or("missing memory")?;
    let [ink, status, stack] = globals;
    let ink_start = pricing::gas_to_ink(gas, ink_price);
    let set =
        |store: &mut Store<HostEnv>, g: Global, v: Val| g.set(store, v).map_err(|e| e.to_string());
    set(store, ink, Val::I64(ink_start as i64))?;
    set(store, status, Val::I32(0))?;
    set(store, stack, Val::I32(max_depth as i32))?;
    store.data_mut().globals = Some(globals);
    store.data_mut().memory = Some(memory);

    let entry = instance
        .get_typed_func::<i32, i32>(&*store, crate::rules::ENTRYPOINT)
        .map_err(|e| e.to_string())?;
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

fn read_args(c: &mut C, dest: u32) -> HostResult<()> {
    c.buy_ink(hostio::READ_ARGS)?;
    let args = std::mem::take(&mut c.env_mut().frame.args);
    let result = c
        .pay_for_write(args.len() as u32)
        .and_then(|_| c.write_slice(dest, &args));
    c.env_mut().frame.args = args;
    result
}

fn write_result(c: &mut C, ptr: u32, len: u32) -> HostResult<()> {
    c.buy_ink(hostio::WRITE_RESULT)?;
    c.pay_for_read(len)?;
    c.pay_for_read(len)?;
    let outs = c.read_slice(ptr, len)?;
    c.env_mut().outs = outs;
    Ok(())
}

fn exit_early(_c: &mut C, status: u32) -> HostResult<()> {
    Err(Escape::Exit(status))
}

fn storage_load_bytes32(c: &mut C, key: u32, dest: u32) -> HostResult<()> {
    c.buy_ink(hostio::STORAGE_LOAD)?;
    let arbos = c.env().tx.env.params.arbos_version;
    let api_gas = if arbos < 32 {
        pricing::EVM_API_INK
    } else {
        pricing::ink_to_gas(pricing::EVM_API_INK, c.ink_price())
    };
    c.require_gas(evm::COLD_SLOAD_GAS + evm::STORAGE_REQUIRED_ACCESS_GAS + api_gas)?;
    let key = c.read_b256(key)?;
    let env = c.env_mut();
    let mut cost = env.cache.read_gas();
    let value = match env.cache.slots.get(&key) {
        Some(word) => word.value,
        None => {
            let address = env.frame.address;
            let cold = env.tx.warm_slot(address, key);
            let access = if cold {
                evm::COLD_SLOAD_GAS
            } else {
                evm::WARM_READ_GAS
            };
            let value = env.tx.storage(&address, &key);
            cost = cost.saturating_add(access).saturating_add(api_gas);
            env.cache.slots.insert(
                key,
                StorageWord {
                    value,
                    known: Some(value),
                },
            );
            value
        }
    };
    c.buy_gas(cost)?;
    c.write_slice(dest, value.as_slice())
}

fn storage_cache_bytes32(c: &mut C, key: u32, value: u32) -> HostResult<()> {
    c.buy_ink(hostio::STORAGE_CACHE)?;
    c.require_gas(evm::SSTORE_SENTRY_GAS + evm::STORAGE_REQUIRED_ACCESS_GAS)?;
    let key = c.read_b256(key)?;
    let value = c.read_b256(value)?;
    let cache = &mut c.env_mut().cache;
    let cost = cache.write_gas();
    cache
        .slots
        .entry(key)
        .and_modify(|w| w.value = value)
        .or_insert(StorageWord { value, known: None });
    c.buy_gas(cost)
}

fn storage_flush_cache(c: &mut C, clear: u32) -> HostResult<()> {
    c.buy_ink(hostio::STORAGE_FLUSH)?;
    c.require_gas(evm::SSTORE_SENTRY_GAS)?;
    let gas_left = c.gas_left()?;
    let arbos = c.env().tx.env.params.arbos_version;
    let env = c.env_mut();
    // Nitro iterates a hash map; the order only matters on failure, which reverts anyway.
    let mut dirty = BTreeMap::new();
    for (key, word) in env.cache.slots.iter_mut() {
        if Some(word.value) != word.known {
            dirty.insert(*key, word.value);
            word.known = Some(word.value);
        }
    }
    if clear != 0 {
        env.cache.slots.clear();
    }
    if dirty.is_empty() {
        return Ok(());
    }
    if env.frame.is_static {
        return failure("storage_flush_cache: write protection (static call)");
    }
    let address = env.frame.address;
    let budget_start = gas_left.saturating_add(1);
    let mut budget = budget_start;
    let mut out_of_gas = false;
    for (key, value) in dirty {
        let tx = &mut env.tx;
        let cold = tx.warm_slot(address, key);
        let current = tx.storage(&address, &key);
        let original = tx.original_storage(&address, &key);
        let (cost, refund) = pricing::sstore_cost(&original.0, &current.0, &value.0, cold);
        if cost > budget {
            budget = 0;
            out_of_gas = true;
            break;
        }
        budget -= cost;
        tx.add_refund(refund);
        tx.set_storage(address, key, value);
    }
    let failed = out_of_gas || budget == 0;
    let charged = budget_start - budget;
    if arbos >= 32 {
        c.buy_gas(charged)?;
    }
    if failed {
        return if arbos >= 50 {
            c.out_of_ink()
        } else {
            failure("storage_flush_cache failed")
        };
    }
    Ok(())
}

fn transient_load_bytes32(c: &mut C, key: u32, dest: u32) -> HostResult<()> {
    c.buy_ink(hostio::TRANSIENT_LOAD)?;
    c.buy_gas(evm::TLOAD_GAS)?;
    let key = c.read_b256(key)?;
    let env = c.env();
    let value = env.tx.transient(&env.frame.address, &key);
    c.write_slice(dest, value.as_slice())
}

fn transient_store_bytes32(c: &mut C, key: u32, value: u32) -> HostResult<()> {
    c.buy_ink(hostio::TRANSIENT_STORE)?;
    c.buy_gas(evm::TSTORE_GAS)?;
    let key = c.read_b256(key)?;
    let value = c.read_b256(value)?;
    let env = c.env_mut();
    if env.frame.is_static {
        return failure("transient_store_bytes32: write protection (static call)");
    }
    let address = env.frame.address;
    env.tx.set_transient(address, key, value);
    Ok(())
}

/// `call_contract` / `delegate_call_contract` / `static_call_contract` (+ `api.go` `doCall`).
#[allow(clippy::too_many_arguments)]
fn do_call(
    c: &mut C,
    kind: CallKind,
    contract: u32,
    data: u32,
    data_len: u32,
    value: Option<u32>,
    gas: u64,
    ret_len: u32,
) -> HostResult<u32> {
    c.buy_ink(hostio::CALL_CONTRACT)?;
    c.pay_for_read(data_len)?;
    c.pay_for_read(data_len)?;
    let gas_left = c.gas_left()?;
    let gas_req = gas.min(gas_left);
    let contract = c.read_address(contract)?;
    let input = c.read_slice(data, data_len)?;
    let value = match value {
        Some(ptr) => c.read_u256(ptr)?,
        None => U256::ZERO,
    };

    let env = c.env_mut();
    let (output, cost, ok) = if env.frame.is_static && !value.is_zero() {
        (Vec::new(), 0, false)
    } else {
        let tx = &mut env.tx;
        let mut base = evm::WARM_READ_GAS;
        if tx.warm_account(contract) {
            base += evm::COLD_ACCOUNT_GAS - evm::WARM_READ_GAS;
        }
        if !value.is_zero() {
            base += evm::CALL_VALUE_GAS;
            let empty = tx.world.account(&contract).is_none_or(|a| a.is_empty());
            if empty {
                base += evm::CALL_NEW_ACCOUNT_GAS;
            }
        }
        if base > gas_left {
            (Vec::new(), gas_left, false)
        } else {
            let start = (gas_left - base) * 63 / 64;
            let mut child_gas = start.min(gas_req);
            if !value.is_zero() {
                child_gas = child_gas.saturating_add(evm::CALL_STIPEND);
            }
            let frame = &env.frame;
            let msg = match kind {
                CallKind::Call => Message {
                    kind,
                    caller: frame.address,
                    address: contract,
                    code_address: contract,
                    value,
                    input,
                    gas: child_gas,
                    is_static: frame.is_static,
                },
                CallKind::DelegateCall => Message {
                    kind,
                    caller: frame.caller,
                    address: frame.address,
                    code_address: contract,
                    value: frame.value,
                    input,
                    gas: child_gas,
                    is_static: frame.is_static,
                },
                CallKind::StaticCall => Message {
                    kind,
                    caller: frame.address,
                    address: contract,
                    code_address: contract,
                    value: U256::ZERO,
                    input,
                    gas: child_gas,
                    is_static: true,
                },
            };
            let result = (env.nested)(&mut env.tx, msg);
            let cost = base.saturating_add(child_gas.saturating_sub(result.gas_left));
            (result.output, cost, result.error.is_none())
        }
    };
    c.buy_gas(cost)?;
    let len = output.len() as u32;
    c.env_mut().return_data = output;
    c.write_u32(ret_len, len)?;
    Ok(if ok { 0 } else { 2 })
}

fn create(
    c: &mut C,
    base: u64,
    code: u32,
    code_len: u32,
    endowment: u32,
    salt: Option<u32>,
) -> HostResult<()> {
    c.buy_ink(base)?;
    c.pay_for_read(code_len)?;
    c.pay_for_read(code_len)?;
    let _code = c.read_slice(code, code_len)?;
    let _endowment = c.read_b256(endowment)?;
    if let Some(salt) = salt {
        c.read_b256(salt)?;
    }
    if c.env().frame.is_static {
        return failure("create: write protection (static call)");
    }
    failure("create1/create2 are not supported by the Stylus devnet (EVM init code cannot run)")
}

fn read_return_data(c: &mut C, dest: u32, offset: u32, size: u32) -> HostResult<u32> {
    c.buy_ink(hostio::READ_RETURN_DATA)?;
    let len = c.env().return_data.len() as u32;
    let max = len.saturating_sub(offset);
    c.pay_for_write(size.min(max))?;
    if max == 0 {
        return Ok(0);
    }
    let start = offset as usize;
    let end = (offset.saturating_add(size) as usize).min(len as usize);
    let slice = c.env().return_data[start..end].to_vec();
    if !slice.is_empty() {
        c.write_slice(dest, &slice)?;
    }
    Ok(slice.len() as u32)
}

fn return_data_size(c: &mut C) -> HostResult<u32> {
    c.buy_ink(hostio::RETURN_DATA_SIZE)?;
    Ok(c.env().return_data.len() as u32)
}

fn emit_log(c: &mut C, data: u32, len: u32, topics: u32) -> HostResult<()> {
    c.buy_ink(hostio::EMIT_LOG)?;
    if topics > 4 || u64::from(len) < u64::from(topics) * 32 {
        return failure(format!(
            "emit_log: bad topic data ({topics} topics, {len} bytes)"
        ));
    }
    c.pay_for_read(len)?;
    let data_len = u64::from(len - topics * 32);
    c.buy_gas((1 + u64::from(topics)) * evm::LOG_TOPIC_GAS + data_len * evm::LOG_DATA_GAS)?;
    let bytes = c.read_slice(data, len)?;
    let env = c.env_mut();
    if env.frame.is_static {
        return failure("emit_log: write protection (static call)");
    }
    let split = topics as usize * 32;
    let log = Log {
        address: env.frame.address,
        topics: bytes[..split].chunks(32).map(B256::from_slice).collect(),
        data: bytes[split..].to_vec(),
    };
    env.tx.add_log(log);
    Ok(())
}

fn account_touch_cost(c: &mut C, address: Address, with_code: bool) -> u64 {
    let env = c.env_mut();
    let cold = env.tx.warm_account(address);
    let access = if cold {
        evm::COLD_ACCOUNT_GAS
    } else {
        evm::WARM_READ_GAS
    };
    let code_cost = if with_code {
        700 * (env.tx.env.params.max_code_size as u64 / evm::MAX_CODE_SIZE as u64)
    } else {
        0
    };
    access + code_cost
}

fn account_balance(c: &mut C, address: u32, dest: u32) -> HostResult<()> {
    c.buy_ink(hostio::ACCOUNT_BALANCE)?;
    c.require_gas(evm::COLD_ACCOUNT_GAS)?;
    let address = c.read_address(address)?;
    let cost = account_touch_cost(c, address, false);
    let balance = c.env().tx.balance(&address);
    c.buy_gas(cost)?;
    c.write_slice(dest, &balance.to_be_bytes::<32>())
}

/// Nitro's `account_code` request with the per-invocation last-code cache.
fn load_code(c: &mut C, address: Address) -> HostResult<Arc<Vec<u8>>> {
    let gas = c.gas_left()?;
    if let Some((cached, code)) = &c.env().last_code {
        if *cached == address {
            return Ok(code.clone());
        }
    }
    let cost = account_touch_cost(c, address, true);
    let code = if gas < cost {
        Arc::default()
    } else {
        c.env().tx.code(&address)
    };
    let arbos = c.env().tx.env.params.arbos_version;
    if !code.is_empty() || arbos < 40 {
        c.env_mut().last_code = Some((address, code.clone()));
    }
    c.buy_gas(cost)?;
    Ok(code)
}

fn account_code(c: &mut C, address: u32, offset: u32, size: u32, dest: u32) -> HostResult<u32> {
    c.buy_ink(hostio::ACCOUNT_CODE)?;
    c.require_gas(evm::COLD_ACCOUNT_GAS)?;
    let address = c.read_address(address)?;
    let code = load_code(c, address)?;
    c.pay_for_write(code.len() as u32)?;
    let start = (offset as usize).min(code.len());
    let end = (offset.saturating_add(size) as usize).min(code.len());
    let slice = &code[start..end.max(start)];
    c.write_slice(dest, slice)?;
    Ok(slice.len() as u32)
}

fn account_code_size(c: &mut C, address: u32) -> HostResult<u32> {
    c.buy_ink(hostio::ACCOUNT_CODE_SIZE)?;
    c.require_gas(evm::COLD_ACCOUNT_GAS)?;
    let address = c.read_address(address)?;
    Ok(load_code(c, address)?.len() as u32)
}

fn account_codehash(c: &mut C, address: u32, dest: u32) -> HostResult<()> {
    c.buy_ink(hostio::ACCOUNT_CODE_HASH)?;
    c.require_gas(evm::COLD_ACCOUNT_GAS)?;
    let address = c.read_address(address)?;
    let cost = account_touch_cost(c, address, false);
    let hash = c.env().tx.codehash(&address);
    c.buy_gas(cost)?;
    c.write_slice(dest, hash.as_slice())
}

fn write_word(c: &mut C, base: u64, dest: u32, word: [u8; 32]) -> HostResult<()> {
    c.buy_ink(base)?;
    c.write_slice(dest, &word)
}

fn write_address(c: &mut C, base: u64, dest: u32, address: Address) -> HostResult<()> {
    c.buy_ink(base)?;
    c.write_slice(dest, address.as_slice())
}

fn read_value<T>(c: &mut C, base: u64, value: impl FnOnce(&HostEnv) -> T) -> HostResult<T> {
    c.buy_ink(base)?;
    Ok(value(c.env()))
}

fn math(c: &mut C, base: u64, ptrs: &[u32], op: impl FnOnce(&[U256]) -> U256) -> HostResult<()> {
    c.buy_ink(base)?;
    let mut values = Vec::with_capacity(ptrs.len());
    for ptr in ptrs {
        values.push(c.read_u256(*ptr)?);
    }
    let result = op(&values);
    c.write_slice(ptrs[0], &result.to_be_bytes::<32>())
}

fn math_pow(c: &mut C, value: u32, exponent: u32) -> HostResult<()> {
    c.buy_ink(hostio::MATH_POW)?;
    let a = c.read_u256(value)?;
    let e = c.read_fixed::<32>(exponent)?;
    c.buy_ink(pricing::pow_price(&e))?;
    let result = a.wrapping_pow(U256::from_be_bytes(e));
    c.write_slice(value, &result.to_be_bytes::<32>())
}

fn native_keccak256(c: &mut C, input: u32, len: u32, output: u32) -> HostResult<()> {
    c.buy_ink(pricing::keccak_price(len))?;
    let preimage = c.read_slice(input, len)?;
    let digest = keccak256(preimage);
    c.write_slice(output, digest.as_slice())
}

fn pay_for_memory_grow(c: &mut C, pages: u32) -> HostResult<()> {
    let pages = pages as u16; // wasmer truncates the i32 to u16
    if pages == 0 {
        return c.buy_ink(hostio::PAY_FOR_MEMORY_GROW);
    }
    let env = c.env_mut();
    let (open, ever) = env.tx.add_stylus_pages(pages);
    let gas = env.tx.env.params.memory_model.gas_cost(pages, open, ever);
    c.buy_gas(gas)
}

/// Defines the 42 hostios on a linker.
#[allow(clippy::redundant_closure_call)] // the closure lets hostio bodies use `?`
pub(crate) fn linker(engine: &Engine) -> Linker<HostEnv> {
    let mut linker = Linker::new(engine);
    macro_rules! hostio {
        ($name:literal, |$c:ident $(, $arg:ident : $ty:ty)*| -> $ret:ty $body:block) => {
            linker
                .func_wrap("vm_hooks", $name, |mut $c: Caller<'_, HostEnv> $(, $arg: $ty)*| -> Result<$ret, wasmi::Error> {
                    #[allow(unused_mut)]
                    let mut $c = &mut $c;
                    let result: HostResult<$ret> = (|| $body)();
                    result.map_err(wasmi::Error::host)
                })
                .expect("hostio defined once");
        };
    }
    hostio!("read_args", |c, dest: u32| -> () { read_args(c, dest) });
    hostio!("write_result", |c, ptr: u32, len: u32| -> () {
        write_result(c, ptr, len)
    });
    hostio!("exit_early", |c, status: u32| -> () {
        exit_early(c, status)
    });
    hostio!("storage_load_bytes32", |c, key: u32, dest: u32| -> () {
        storage_load_bytes32(c, key, dest)
    });
    hostio!("storage_cache_bytes32", |c, key: u32, value: u32| -> () {
        storage_cache_bytes32(c, key, value)
    });
    hostio!("storage_flush_cache", |c, clear: u32| -> () {
        storage_flush_cache(c, clear)
    });
    hostio!("transient_load_bytes32", |c, key: u32, dest: u32| -> () {
        transient_load_bytes32(c, key, dest)
    });
    hostio!("transient_store_bytes32", |c, key: u32, value: u32| -> () {
        transient_store_bytes32(c, key, value)
    });
    hostio!("call_contract", |c,
                              contract: u32,
                              data: u32,
                              len: u32,
                              value: u32,
                              gas: u64,
                              ret_len: u32|
     -> u32 {
        do_call(
            c,
            CallKind::Call,
            contract,
            data,
            len,
            Some(value),
            gas,
            ret_len,
        )
    });
    hostio!("delegate_call_contract", |c,
                                       contract: u32,
                                       data: u32,
                                       len: u32,
                                       gas: u64,
                                       ret_len: u32|
     -> u32 {
        do_call(
            c,
            CallKind::DelegateCall,
            contract,
            data,
            len,
            None,
            gas,
            ret_len,
        )
    });
    hostio!("static_call_contract", |c,
                                     contract: u32,
                                     data: u32,
                                     len: u32,
                                     gas: u64,
                                     ret_len: u32|
     -> u32 {
        do_call(
            c,
            CallKind::StaticCall,
            contract,
            data,
            len,
            None,
            gas,
            ret_len,
        )
    });
    hostio!("create1", |c,
                        code: u32,
                        len: u32,
                        endowment: u32,
                        _contract: u32,
                        _revert_len: u32|
     -> () {
        create(c, hostio::CREATE1, code, len, endowment, None)
    });
    hostio!("create2", |c,
                        code: u32,
                        len: u32,
                        endowment: u32,
                        salt: u32,
                        _contract: u32,
                        _revert_len: u32|
     -> () {
        create(c, hostio::CREATE2, code, len, endowment, Some(salt))
    });
    hostio!("read_return_data", |c,
                                 dest: u32,
                                 offset: u32,
                                 size: u32|
     -> u32 {
        read_return_data(c, dest, offset, size)
    });
    hostio!("return_data_size", |c| -> u32 { return_data_size(c) });
    hostio!("emit_log", |c, data: u32, len: u32, topics: u32| -> () {
        emit_log(c, data, len, topics)
    });
    hostio!("account_balance", |c, address: u32, dest: u32| -> () {
        account_balance(c, address, dest)
    });
    hostio!("account_code", |c,
                             address: u32,
                             offset: u32,
                             size: u32,
                             dest: u32|
     -> u32 {
        account_code(c, address, offset, size, dest)
    });
    hostio!("account_code_size", |c, address: u32| -> u32 {
        account_code_size(c, address)
    });
    hostio!("account_codehash", |c, address: u32, dest: u32| -> () {
        account_codehash(c, address, dest)
    });
    hostio!("evm_gas_left", |c| -> u64 {
        c.buy_ink(hostio::EVM_GAS_LEFT)?;
        c.gas_left()
    });
    hostio!("evm_ink_left", |c| -> u64 {
        c.buy_ink(hostio::EVM_INK_LEFT)?;
        c.ink_ready()
    });
    hostio!("block_basefee", |c, dest: u32| -> () {
        let fee = c.env().tx.env.block.basefee.to_be_bytes::<32>();
        write_word(c, hostio::BLOCK_BASEFEE, dest, fee)
    });
    hostio!("chainid", |c| -> u64 {
        read_value(c, hostio::CHAIN_ID, |e| e.tx.env.chain_id)
    });
    hostio!("block_coinbase", |c, dest: u32| -> () {
        let coinbase = c.env().tx.env.block.coinbase;
        write_address(c, hostio::BLOCK_COINBASE, dest, coinbase)
    });
    hostio!("block_gas_limit", |c| -> u64 {
        read_value(c, hostio::BLOCK_GAS_LIMIT, |e| e.tx.env.block.gas_limit)
    });
    hostio!("block_number", |c| -> u64 {
        read_value(c, hostio::BLOCK_NUMBER, |e| e.tx.env.block.l1_number)
    });
    hostio!("block_timestamp", |c| -> u64 {
        read_value(c, hostio::BLOCK_TIMESTAMP, |e| e.tx.env.block.timestamp)
    });
    hostio!("contract_address", |c, dest: u32| -> () {
        let address = c.env().frame.address;
        write_address(c, hostio::ADDRESS, dest, address)
    });
    hostio!("math_div", |c, value: u32, divisor: u32| -> () {
        math(c, hostio::MATH_DIV, &[value, divisor], |v| {
            v[0].checked_div(v[1]).unwrap_or_default()
        })
    });
    hostio!("math_mod", |c, value: u32, modulus: u32| -> () {
        math(c, hostio::MATH_MOD, &[value, modulus], |v| {
            v[0].checked_rem(v[1]).unwrap_or_default()
        })
    });
    hostio!("math_pow", |c, value: u32, exponent: u32| -> () {
        math_pow(c, value, exponent)
    });
    hostio!("math_add_mod", |c,
                             value: u32,
                             addend: u32,
                             modulus: u32|
     -> () {
        math(c, hostio::MATH_ADD_MOD, &[value, addend, modulus], |v| {
            v[0].add_mod(v[1], v[2])
        })
    });
    hostio!("math_mul_mod", |c,
                             value: u32,
                             multiplier: u32,
                             modulus: u32|
     -> () {
        math(
            c,
            hostio::MATH_MUL_MOD,
            &[value, multiplier, modulus],
            |v| v[0].mul_mod(v[1], v[2]),
        )
    });
    hostio!("msg_reentrant", |c| -> u32 {
        read_value(c, hostio::MSG_REENTRANT, |e| e.frame.reentrant as u32)
    });
    hostio!("msg_sender", |c, dest: u32| -> () {
        let sender = c.env().frame.caller;
        write_address(c, hostio::MSG_SENDER, dest, sender)
    });
    hostio!("msg_value", |c, dest: u32| -> () {
        let value = c.env().frame.value.to_be_bytes::<32>();
        write_word(c, hostio::MSG_VALUE, dest, value)
    });
    hostio!("native_keccak256", |c,
                                 input: u32,
                                 len: u32,
                                 output: u32|
     -> () {
        native_keccak256(c, input, len, output)
    });
    hostio!("tx_gas_price", |c, dest: u32| -> () {
        let price = c.env().tx.env.gas_price.to_be_bytes::<32>();
        write_word(c, hostio::TX_GAS_PRICE, dest, price)
    });
    hostio!("tx_ink_price", |c| -> u32 {
        read_value(c, hostio::TX_INK_PRICE, |e| e.tx.env.params.ink_price)
    });
    hostio!("tx_origin", |c, dest: u32| -> () {
        let origin = c.env().tx.env.origin;
        write_address(c, hostio::TX_ORIGIN, dest, origin)
    });
    hostio!("pay_for_memory_grow", |c, pages: u32| -> () {
        pay_for_memory_grow(c, pages)
    });
    linker
}
