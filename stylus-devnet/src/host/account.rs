//! Accounts: balance, code, code size, code hash, with EIP-2929 access costs.

use super::*;

pub(super) fn account_touch_cost(c: &mut C, address: Address, with_code: bool) -> u64 {
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

pub(super) fn account_balance(c: &mut C, address: u32, dest: u32) -> HostResult<()> {
    c.buy_ink(hostio::ACCOUNT_BALANCE)?;
    c.require_gas(evm::COLD_ACCOUNT_GAS)?;
    let address = c.read_address(address)?;
    let cost = account_touch_cost(c, address, false);
    let balance = c.env().tx.balance(&address);
    c.buy_gas(cost)?;
    let balance = balance.to_be_bytes::<32>();
    c.write_slice(dest, &balance)?;
    c.trace(&[address.as_slice()], &[&balance])
}

/// Nitro's `account_code` request with the per-invocation last-code cache.
pub(super) fn load_code(c: &mut C, address: Address) -> HostResult<Arc<Vec<u8>>> {
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

pub(super) fn account_code(
    c: &mut C,
    address: u32,
    offset: u32,
    size: u32,
    dest: u32,
) -> HostResult<u32> {
    c.buy_ink(hostio::ACCOUNT_CODE)?;
    c.require_gas(evm::COLD_ACCOUNT_GAS)?;
    let address = c.read_address(address)?;
    let code = load_code(c, address)?;
    c.pay_for_write(code.len() as u32)?;
    let start = (offset as usize).min(code.len());
    let end = (offset.saturating_add(size) as usize).min(code.len());
    let slice = &code[start..end.max(start)];
    c.write_slice(dest, slice)?;
    c.trace(
        &[
            address.as_slice(),
            &offset.to_be_bytes(),
            &size.to_be_bytes(),
        ],
        &[slice],
    )?;
    Ok(slice.len() as u32)
}

pub(super) fn account_code_size(c: &mut C, address: u32) -> HostResult<u32> {
    c.buy_ink(hostio::ACCOUNT_CODE_SIZE)?;
    c.require_gas(evm::COLD_ACCOUNT_GAS)?;
    let address = c.read_address(address)?;
    let len = load_code(c, address)?.len() as u32;
    c.trace(&[address.as_slice()], &[&len.to_be_bytes()])?;
    Ok(len)
}

pub(super) fn account_codehash(c: &mut C, address: u32, dest: u32) -> HostResult<()> {
    c.buy_ink(hostio::ACCOUNT_CODE_HASH)?;
    c.require_gas(evm::COLD_ACCOUNT_GAS)?;
    let address = c.read_address(address)?;
    let cost = account_touch_cost(c, address, false);
    let hash = c.env().tx.codehash(&address);
    c.buy_gas(cost)?;
    c.write_slice(dest, hash.as_slice())?;
    c.trace(&[address.as_slice()], &[hash.as_slice()])
}
