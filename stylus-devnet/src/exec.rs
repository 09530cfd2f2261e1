//! Call frames: the parts of geth's `evm.Call`/`DelegateCall`/`StaticCall` and of Nitro's
//! `Programs.CallProgram` that decide what a frame costs and returns: call depth, value
//! transfer, snapshots, precompiles, program entry cost, memory pages, reentrancy, the
//! ArbOS ≥ 31 return-data minimum cost and the mapping of Stylus outcomes to EVM errors.

use alloy_primitives::{B256, U256};

use crate::activation::STYLUS_PREFIX;
use crate::frame::{is_precompile, CallKind, FrameError, FrameResult, Message};
use crate::host::{self, FrameContext, Outcome};
use crate::pricing::{self, evm};
use crate::state::TxState;
use crate::trace::CallTrace;

/// Runs a message call in `tx` (geth `evm.Call` & co.), recording the frame when the
/// transaction is traced.
pub(crate) fn call(tx: &mut TxState, msg: Message) -> FrameResult {
    let Some(tracer) = tx.tracer.as_mut() else {
        return run_call(tx, msg);
    };
    let (kind, from, to) = match msg.kind {
        CallKind::Call => ("CALL", msg.caller, msg.address),
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
    if let Some(tracer) = tx.tracer.as_mut() {
        let error = result.error.as_ref().map(|e| match e {
            FrameError::Revert => "execution reverted".to_owned(),
            FrameError::Failure(reason) => {
                format!("execution reverted (Stylus failure: {reason})")
            }
            FrameError::OutOfGas => "out of gas".to_owned(),
            FrameError::OutOfStack | FrameError::CallDepth => "max call depth exceeded".to_owned(),
            FrameError::InsufficientBalance => "insufficient balance for transfer".to_owned(),
            FrameError::Unsupported(reason) => reason.clone(),
        });
        tracer.exit(gas.saturating_sub(result.gas_left), &result.output, error);
    }
    result
}

fn run_call(tx: &mut TxState, msg: Message) -> FrameResult {
    if tx.depth > evm::MAX_CALL_DEPTH {
        return FrameResult::err(FrameError::CallDepth, msg.gas);
    }
    let transfers = msg.kind == CallKind::Call && !msg.value.is_zero();
    if transfers && tx.balance(&msg.caller) < msg.value {
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
        if code.is_empty() {
            FrameResult::ok(Vec::new(), msg.gas)
        } else if code.len() > 3 && code[..3] == STYLUS_PREFIX {
            let codehash = tx.codehash(&msg.code_address);
            run_program(tx, &msg, codehash)
        } else {
            FrameResult::err(
                FrameError::Unsupported(format!(
                    "{} has EVM bytecode, which the Stylus devnet cannot execute",
                    msg.code_address
                )),
                0,
            )
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
    let Some(program) = env.programs.get(&codehash).cloned() else {
        return FrameResult::err(
            FrameError::Unsupported(format!("program at {} is not activated", msg.code_address)),
            0,
        );
    };
    let params = &env.params;
    let activated = &program.activated;
    let starting_gas = msg.gas;

    // entry cost: memory footprint + init/cached costs (`programs.go` `CallProgram`); only the
    // ArbOS program cache counts as cached (no ArbOS 60 "recent wasms")
    let cached = env.cached_programs.contains(&codehash);
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
    let (outcome, output, gas_left) = host::run(tx, &program, frame, gas, call);

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

fn run_precompile(msg: &Message) -> FrameResult {
    let n = u16::from_be_bytes([msg.code_address[18], msg.code_address[19]]);
    let words = (msg.input.len() as u64).div_ceil(32);
    let (cost, output) = match n {
        0x01 => (3000, ecrecover(&msg.input)),
        0x02 => {
            use sha2::Digest;
            (60 + 12 * words, sha2::Sha256::digest(&msg.input).to_vec())
        }
        0x04 => (15 + 3 * words, msg.input.clone()),
        _ => {
            return FrameResult::err(
                FrameError::Unsupported(format!(
                    "precompile {} is not implemented",
                    msg.code_address
                )),
                0,
            )
        }
    };
    if msg.gas < cost {
        return FrameResult::err(FrameError::OutOfGas, 0);
    }
    FrameResult::ok(output, msg.gas - cost)
}

/// The ecrecover precompile: input `hash ‖ v ‖ r ‖ s` (zero-padded to 128 bytes);
/// output the 32-byte left-padded signer, or nothing for an invalid signature.
pub(crate) fn ecrecover(input: &[u8]) -> Vec<u8> {
    let mut buf = [0u8; 128];
    let n = input.len().min(128);
    buf[..n].copy_from_slice(&input[..n]);
    let hash = B256::from_slice(&buf[..32]);
    let v = U256::from_be_slice(&buf[32..64]);
    let r = U256::from_be_slice(&buf[64..96]);
    let s = U256::from_be_slice(&buf[96..128]);
    let parity = match v.to::<u64>() {
        _ if v > U256::from(28u8) => return Vec::new(),
        27 => false,
        28 => true,
        _ => return Vec::new(),
    };
    // secp256k1 group order
    let order = alloy_primitives::uint!(
        0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141_U256
    );
    if r.is_zero() || s.is_zero() || r >= order || s >= order {
        return Vec::new();
    }
    // normalise high-s signatures (the precompile accepts them)
    let (s, parity) = if s > order >> 1 {
        (order - s, !parity)
    } else {
        (s, parity)
    };
    let sig = alloy_primitives::Signature::new(r, s, parity);
    match sig.recover_address_from_prehash(&hash) {
        Ok(address) => {
            let mut out = vec![0u8; 12];
            out.extend_from_slice(address.as_slice());
            out
        }
        Err(_) => Vec::new(),
    }
}
