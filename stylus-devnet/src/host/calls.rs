//! Calls, creations and return data; nested frames run through the executor's entry points
//! the host is given (`Nested`).

use super::*;

/// `call_contract` / `delegate_call_contract` / `static_call_contract` (+ `api.go` `doCall`).
#[allow(clippy::too_many_arguments)]
pub(super) fn do_call(
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
    let value_given = value.is_some();
    let value = match value {
        Some(ptr) => c.read_u256(ptr)?,
        None => U256::ZERO,
    };
    let tracing = c.env().tx.tracer.is_some();
    let traced_input = if tracing { input.clone() } else { Vec::new() };
    let mut steps = Vec::new();

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
                // Stylus has no CALLCODE: the linker never asks for it
                CallKind::Call | CallKind::CallCode => Message {
                    kind: CallKind::Call,
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
            if let Some(tracer) = env.tx.tracer.as_mut() {
                tracer.open_steps();
            }
            let result = (env.nested.call)(&mut env.tx, msg);
            if let Some(tracer) = env.tx.tracer.as_mut() {
                steps = tracer.close_steps();
            }
            let cost = base.saturating_add(child_gas.saturating_sub(result.gas_left));
            (result.output, cost, result.error.is_none())
        }
    };
    c.buy_gas(cost)?;
    let len = output.len() as u32;
    c.env_mut().return_data = output;
    c.write_u32(ret_len, len)?;
    let status: u8 = if ok { 0 } else { 2 };
    if tracing {
        let value = value.to_be_bytes::<32>();
        let value: &[u8] = if value_given { &value } else { &[] };
        c.trace_call(
            &[
                contract.as_slice(),
                &gas.to_be_bytes(),
                value,
                &traced_input,
            ],
            &[&len.to_be_bytes(), &[status]],
            Some(contract),
            Some(steps),
        )?;
    }
    Ok(u32::from(status))
}

/// `create1` / `create2` (+ `api.go`'s `create`): CREATE's base cost (CREATE2 adds the
/// keccak words of the init code) from the program's gas, then all but a 64th to the
/// constructor; the 64th comes back. Writes the new address (zero on failure) and the length
/// of the return data, which is the revert data when the constructor reverted and empty
/// otherwise.
#[allow(clippy::too_many_arguments)]
pub(super) fn create(
    c: &mut C,
    base: u64,
    code: u32,
    code_len: u32,
    endowment: u32,
    salt: Option<u32>,
    contract: u32,
    revert_len: u32,
) -> HostResult<()> {
    c.buy_ink(base)?;
    c.pay_for_read(code_len)?;
    c.pay_for_read(code_len)?;
    let init_code = c.read_slice(code, code_len)?;
    let value = c.read_u256(endowment)?;
    let salt = match salt {
        Some(ptr) => Some(c.read_b256(ptr)?),
        None => None,
    };
    if c.env().frame.is_static {
        return failure("create: write protection (static call)");
    }
    let start_gas = c.gas_left()?;
    let mut base_cost = evm::CREATE_GAS;
    if salt.is_some() {
        let words = (init_code.len() as u64).div_ceil(32);
        base_cost = base_cost.saturating_add(evm::KECCAK_WORD_GAS.saturating_mul(words));
    }
    if start_gas < base_cost {
        return failure("create: out of gas");
    }
    let gas = start_gas - base_cost;
    let one_64th = gas / 64;
    let tracing = c.env().tx.tracer.is_some();
    let traced_code = if tracing {
        init_code.clone()
    } else {
        Vec::new()
    };
    let env = c.env_mut();
    let creation = Creation {
        caller: env.frame.address,
        value,
        init_code,
        gas: gas - one_64th,
        salt,
    };
    if let Some(tracer) = env.tx.tracer.as_mut() {
        tracer.open_steps();
    }
    let (result, address) = (env.nested.create)(&mut env.tx, creation);
    let steps = match env.tx.tracer.as_mut() {
        Some(tracer) => tracer.close_steps(),
        None => Vec::new(),
    };
    let address = address.unwrap_or_default();
    let output = match result.error {
        Some(crate::frame::FrameError::Revert) => result.output,
        _ => Vec::new(),
    };
    let cost = start_gas.saturating_sub(result.gas_left.saturating_add(one_64th));
    c.buy_gas(cost)?;
    let len = output.len() as u32;
    c.env_mut().return_data = output;
    c.write_u32(revert_len, len)?;
    c.write_slice(contract, address.as_slice())?;
    if tracing {
        let value = value.to_be_bytes::<32>();
        let mut args: Vec<&[u8]> = vec![&value];
        let salt_bytes;
        if let Some(salt) = salt {
            salt_bytes = salt;
            args.push(salt_bytes.as_slice());
        }
        args.push(&traced_code);
        c.trace_call(
            &args,
            &[address.as_slice(), &len.to_be_bytes()],
            Some(address),
            Some(steps),
        )?;
    }
    Ok(())
}

pub(super) fn read_return_data(c: &mut C, dest: u32, offset: u32, size: u32) -> HostResult<u32> {
    c.buy_ink(hostio::READ_RETURN_DATA)?;
    let len = c.env().return_data.len() as u32;
    let max = len.saturating_sub(offset);
    c.pay_for_write(size.min(max))?;
    if max == 0 {
        c.trace(&[&offset.to_be_bytes(), &size.to_be_bytes()], &[])?;
        return Ok(0);
    }
    let start = offset as usize;
    let end = (offset.saturating_add(size) as usize).min(len as usize);
    let slice = c.env().return_data[start..end].to_vec();
    if !slice.is_empty() {
        c.write_slice(dest, &slice)?;
    }
    c.trace(&[&offset.to_be_bytes(), &size.to_be_bytes()], &[&slice])?;
    Ok(slice.len() as u32)
}

pub(super) fn return_data_size(c: &mut C) -> HostResult<u32> {
    c.buy_ink(hostio::RETURN_DATA_SIZE)?;
    let len = c.env().return_data.len() as u32;
    c.trace(&[], &[&len.to_be_bytes()])?;
    Ok(len)
}
