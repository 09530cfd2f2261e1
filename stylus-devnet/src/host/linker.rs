//! The linker: each of the 42 `vm_hooks` imports bound to its family's implementation, in
//! one table (what a new hostio adds a line to).

use wasmi::{Caller, Engine, Linker};

use super::*;

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
                    if $c.data().tx.tracer.is_some() {
                        let start = $c.ink_ready().unwrap_or(0);
                        $c.data_mut().hostio = Some(($name, start));
                    }
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
                        contract: u32,
                        revert_len: u32|
     -> () {
        create(
            c,
            hostio::CREATE1,
            code,
            len,
            endowment,
            None,
            contract,
            revert_len,
        )
    });
    hostio!("create2", |c,
                        code: u32,
                        len: u32,
                        endowment: u32,
                        salt: u32,
                        contract: u32,
                        revert_len: u32|
     -> () {
        create(
            c,
            hostio::CREATE2,
            code,
            len,
            endowment,
            Some(salt),
            contract,
            revert_len,
        )
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
        let gas = c.gas_left()?;
        c.trace(&[], &[&gas.to_be_bytes()])?;
        Ok(gas)
    });
    hostio!("evm_ink_left", |c| -> u64 {
        c.buy_ink(hostio::EVM_INK_LEFT)?;
        let ink = c.ink_ready()?;
        c.trace(&[], &[&ink.to_be_bytes()])?;
        Ok(ink)
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
