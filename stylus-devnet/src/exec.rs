//! Call frames: the parts of geth's `evm.Call`/`DelegateCall`/`StaticCall` and of Nitro's
//! `Programs.CallProgram` that decide what a frame costs and returns: call depth, value
//! transfer, snapshots, precompiles, program entry cost, memory pages, reentrancy, the
//! ArbOS ≥ 31 return-data minimum cost and the mapping of Stylus outcomes to EVM errors.

use alloy_primitives::{Address, B256};

use crate::activation::STYLUS_PREFIX;
use crate::frame::{is_precompile, CallKind, Creation, FrameError, FrameResult, Message, Nested};
use crate::host::{self, FrameContext, Outcome};
use crate::pricing::{self, evm};
use crate::revm_frame;
use crate::state::TxState;
use crate::trace::CallTrace;

/// The executor's entry points, handed to both VMs for the frames their code starts.
const NESTED: Nested<TxState> = Nested { call, create };

/// Runs a message call in `tx` (geth `evm.Call` & co.), recording the frame when the
/// transaction is traced.
pub(crate) fn call(tx: &mut TxState, msg: Message) -> FrameResult {
    grow_stack(|| traced_call(tx, msg))
}

/// Native stack a frame may use before the next frame's check: a Stylus frame (wasmi's
/// executor and the hostio that calls out) or an EVM frame (revm's interpreter).
const STACK_RED_ZONE: usize = 1024 * 1024;
/// Stack added when a frame starts with less than [`STACK_RED_ZONE`] left.
const STACK_SEGMENT: usize = 32 * 1024 * 1024;

/// Runs `f` with at least [`STACK_RED_ZONE`] of native stack: nested frames recurse natively,
/// up to the call depth, and the stack grows on demand at each (the thread of a transaction
/// keeps its own stack otherwise).
fn grow_stack<T>(f: impl FnOnce() -> T) -> T {
    stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, f)
}

fn traced_call(tx: &mut TxState, msg: Message) -> FrameResult {
    let Some(tracer) = tx.tracer.as_mut() else {
        return run_call(tx, msg);
    };
    let (kind, from, to) = match msg.kind {
        CallKind::Call => ("CALL", msg.caller, msg.address),
        CallKind::CallCode => ("CALLCODE", msg.caller, msg.code_address),
        CallKind::StaticCall => ("STATICCALL", msg.caller, msg.address),
        CallKind::DelegateCall => ("DELEGATECALL", msg.address, msg.code_address),
    };
    tracer.enter(CallTrace {
        kind,
        from,
        to,
        value: msg.value,
        gas: msg.gas,
        gas_used: 0,
        input: msg.input.clone(),
        output: Vec::new(),
        error: None,
        calls: Vec::new(),
    });
    let gas = msg.gas;
    let result = run_call(tx, msg);
    trace_exit(tx, gas, &result);
    result
}

fn trace_exit(tx: &mut TxState, gas: u64, result: &FrameResult) {
    if let Some(tracer) = tx.tracer.as_mut() {
        let error = result.error.as_ref().map(|e| match e {
            FrameError::Revert => "execution reverted".to_owned(),
            FrameError::Failure(reason) => {
                format!("execution reverted (Stylus failure: {reason})")
            }
            FrameError::OutOfGas => "out of gas".to_owned(),
            FrameError::OutOfStack | FrameError::CallDepth => "max call depth exceeded".to_owned(),
            FrameError::InsufficientBalance => "insufficient balance for transfer".to_owned(),
            FrameError::Halt(reason) | FrameError::Unsupported(reason) => reason.clone(),
        });
        tracer.exit(gas.saturating_sub(result.gas_left), &result.output, error);
    }
}

fn run_call(tx: &mut TxState, msg: Message) -> FrameResult {
    if tx.depth > evm::MAX_CALL_DEPTH {
        return FrameResult::err(FrameError::CallDepth, msg.gas);
    }
    let transfers = msg.kind == CallKind::Call && !msg.value.is_zero();
    let spends = matches!(msg.kind, CallKind::Call | CallKind::CallCode);
    if spends && tx.balance(&msg.caller) < msg.value {
        return FrameResult::err(FrameError::InsufficientBalance, msg.gas);
    }
    let snapshot = tx.snapshot();
    if msg.kind == CallKind::Call && !tx.exists(&msg.address) {
        if !is_precompile(&msg.address) && msg.value.is_zero() {
            return FrameResult::ok(Vec::new(), msg.gas);
        }
        tx.touch(msg.address);
    }
    if transfers {
        tx.transfer(msg.caller, msg.address, msg.value);
    }

    tx.depth += 1;
    let result = if let Some(result) = crate::arbos::run(tx, &msg) {
        result
    } else if is_precompile(&msg.code_address) {
        run_precompile(&msg)
    } else {
        let code = tx.code(&msg.code_address);
        let codehash = tx.codehash(&msg.code_address);
        if code.is_empty() {
            FrameResult::ok(Vec::new(), msg.gas)
        } else if code.len() > 3 && code[..3] == STYLUS_PREFIX {
            run_program(tx, &msg, codehash)
        } else {
            revm_frame::run_code(tx, &msg, &code, codehash, NESTED)
        }
    };
    tx.depth -= 1;

    let mut result = result;
    if let Some(error) = &result.error {
        tx.revert_to(snapshot);
        match error {
            FrameError::Revert | FrameError::Failure(_) => {}
            _ => result.gas_left = 0,
        }
    }
    result
}

/// Runs a Stylus program (Nitro `CallProgram` + `callProgram`).
fn run_program(tx: &mut TxState, msg: &Message, codehash: B256) -> FrameResult {
    let env = tx.env.clone();
    let Some(program) = tx.program(&codehash) else {
        // Nitro's `CallProgram`: a plain error, not a revert; the frame's gas is gone
        return FrameResult::err(FrameError::Halt("error ProgramNotActivated()".into()), 0);
    };
    let params = &env.params;
    let activated = &program.activated;
    let starting_gas = msg.gas;

    // entry cost: memory footprint + init/cached costs (`programs.go` `CallProgram`); only the
    // ArbOS program cache counts as cached (no ArbOS 60 "recent wasms"), as this transaction
    // sees it (a cache manager may have cached it earlier in the transaction)
    let cached = tx.is_cached(&codehash);
    let mut cost = params
        .memory_model
        .gas_cost(activated.footprint, tx.open_pages, tx.ever_pages);
    if cached || activated.stylus_version > 1 {
        cost = cost.saturating_add(
            activated.cached_gas(params.min_cached_init_gas, params.cached_cost_scalar),
        );
    }
    if !cached {
        cost =
            cost.saturating_add(activated.init_gas(params.min_init_gas, params.init_cost_scalar));
    }
    if starting_gas < cost {
        return FrameResult::err(FrameError::OutOfGas, 0);
    }
    let gas = starting_gas - cost;
    let (open_before, _) = tx.add_stylus_pages(activated.footprint);

    let counted = msg.kind != CallKind::DelegateCall;
    if counted {
        *tx.frame_counts.entry(msg.address).or_default() += 1;
    }
    let reentrant = tx.frame_counts.get(&msg.address).copied().unwrap_or(0) > 1;

    let frame = FrameContext {
        address: msg.address,
        caller: msg.caller,
        value: msg.value,
        is_static: msg.is_static,
        reentrant,
        args: msg.input.clone(),
    };
    let (outcome, output, gas_left) = host::run(tx, &program, frame, gas, NESTED);

    if counted {
        if let Some(count) = tx.frame_counts.get_mut(&msg.address) {
            *count -= 1;
        }
    }
    tx.open_pages = open_before;

    let (error, output) = match outcome {
        Outcome::Success => (None, output),
        Outcome::Revert => (Some(FrameError::Revert), output),
        Outcome::Failure(reason) => (Some(FrameError::Failure(reason)), Vec::new()),
        Outcome::OutOfInk => (Some(FrameError::OutOfGas), Vec::new()),
        Outcome::OutOfStack => (Some(FrameError::OutOfStack), Vec::new()),
    };
    let mut gas_left = gas_left;
    // ArbOS >= 31: returned data must have cost at least its EVM memory expansion
    if !output.is_empty() && params.arbos_version >= 31 {
        let evm_cost = pricing::evm_memory_cost(output.len() as u64);
        if starting_gas < evm_cost {
            return FrameResult::err(FrameError::OutOfGas, 0);
        }
        gas_left = gas_left.min(starting_gas - evm_cost);
    }
    FrameResult {
        error,
        output,
        gas_left,
    }
}

/// Ethereum's precompiles as Nitro's ArbOS 50 has them (geth's Osaka set: 0x01–0x11 and
/// P256VERIFY at 0x100 for 6,900 gas), run by revm's implementations.
fn run_precompile(msg: &Message) -> FrameResult {
    use revm_precompile::{PrecompileSpecId, Precompiles};
    let spec = PrecompileSpecId::from_spec_id(revm_frame::SPEC);
    let Some(precompile) = Precompiles::new(spec).get(&msg.code_address) else {
        // an address in the precompile range with nothing there: an empty account
        return FrameResult::ok(Vec::new(), msg.gas);
    };
    match precompile.execute(&msg.input, msg.gas, 0) {
        Ok(out) if out.status.is_success() && out.gas_used <= msg.gas => {
            FrameResult::ok(out.bytes.to_vec(), msg.gas - out.gas_used)
        }
        Ok(out) => {
            let reason = out.status.halt_reason().map(|h| h.to_string());
            match reason {
                Some(r) if !r.to_lowercase().contains("out of gas") => {
                    FrameResult::err(FrameError::Halt(r), 0)
                }
                _ => FrameResult::err(FrameError::OutOfGas, 0),
            }
        }
        Err(e) => FrameResult::err(FrameError::Halt(e.to_string()), 0),
    }
}

/// Runs a creation (geth `evm.create`): call depth, the endowment, the creator's nonce (it
/// moves on even when the creation fails), EIP-684 collisions, the constructor frame (EVM
/// init code), then Nitro's rules for what it returns: at most `max_code_size` bytes, not
/// starting with 0xEF unless it is Stylus code (`EF F0 00`, which `ArbWasm.activateProgram`
/// must activate before it runs), 200 gas per byte deposited. Returns the frame's result
/// (revert data as output) and the new address when it succeeded.
pub(crate) fn create(tx: &mut TxState, creation: Creation) -> (FrameResult, Option<Address>) {
    grow_stack(|| traced_create(tx, creation))
}

fn traced_create(tx: &mut TxState, creation: Creation) -> (FrameResult, Option<Address>) {
    let nonce = tx.nonce(&creation.caller);
    let address = creation.address(nonce);
    if tx.tracer.is_some() {
        let kind = if creation.salt.is_some() {
            "CREATE2"
        } else {
            "CREATE"
        };
        if let Some(tracer) = tx.tracer.as_mut() {
            tracer.enter(CallTrace {
                kind,
                from: creation.caller,
                to: address,
                value: creation.value,
                gas: creation.gas,
                gas_used: 0,
                input: creation.init_code.clone(),
                output: Vec::new(),
                error: None,
                calls: Vec::new(),
            });
        }
    }
    let gas = creation.gas;
    let (result, created) = run_create(tx, creation, nonce, address);
    trace_exit(tx, gas, &result);
    (result, created)
}

fn run_create(
    tx: &mut TxState,
    creation: Creation,
    nonce: u64,
    address: Address,
) -> (FrameResult, Option<Address>) {
    let gas = creation.gas;
    if tx.depth > evm::MAX_CALL_DEPTH {
        return (FrameResult::err(FrameError::CallDepth, gas), None);
    }
    if tx.balance(&creation.caller) < creation.value {
        return (FrameResult::err(FrameError::InsufficientBalance, gas), None);
    }
    let Some(next) = nonce.checked_add(1) else {
        return (
            FrameResult::err(FrameError::Halt("nonce uint64 overflow".into()), gas),
            None,
        );
    };
    tx.set_nonce(creation.caller, next);
    tx.warm_account(address);
    let collides = tx
        .world
        .account(&address)
        .is_some_and(|a| a.nonce != 0 || !a.code.is_empty() || !a.storage.is_empty());
    if collides {
        return (
            FrameResult::err(FrameError::Halt("contract address collision".into()), 0),
            None,
        );
    }
    let snapshot = tx.snapshot();
    tx.touch(address);
    tx.mark_created(address);
    tx.set_nonce(address, 1);
    tx.transfer(creation.caller, address, creation.value);

    tx.depth += 1;
    let mut result = revm_frame::run_init_code(tx, &creation, address, gas, NESTED);
    tx.depth -= 1;

    if result.error.is_none() {
        let code = std::mem::take(&mut result.output);
        let max = tx.env.params.max_code_size;
        let stylus = code.len() > 3 && code[..3] == STYLUS_PREFIX;
        let deposit = evm::CODE_DEPOSIT_GAS.saturating_mul(code.len() as u64);
        let error = if code.len() > max {
            Some(FrameError::Halt("max code size exceeded".into()))
        } else if code.first() == Some(&0xEF) && !stylus {
            Some(FrameError::Halt(
                "invalid code: must not begin with 0xef".into(),
            ))
        } else if result.gas_left < deposit {
            Some(FrameError::OutOfGas)
        } else {
            None
        };
        if let Some(error) = error {
            tx.revert_to(snapshot);
            return (FrameResult::err(error, 0), None);
        }
        result.gas_left -= deposit;
        tx.set_code(address, code.clone());
        // the deployed code is the frame's output (what `eth_call` of a creation returns)
        result.output = code;
        return (result, Some(address));
    }
    tx.revert_to(snapshot);
    if !matches!(result.error, Some(FrameError::Revert)) {
        result.gas_left = 0;
        result.output.clear();
    }
    (result, None)
}
