//! Calldata in, result out, early exit, memory growth: the program's I/O with its host.

use super::*;

pub(super) fn read_args(c: &mut C, dest: u32) -> HostResult<()> {
    c.buy_ink(hostio::READ_ARGS)?;
    let args = std::mem::take(&mut c.env_mut().frame.args);
    let result = c
        .pay_for_write(args.len() as u32)
        .and_then(|_| c.write_slice(dest, &args))
        .and_then(|_| c.trace(&[], &[&args]));
    c.env_mut().frame.args = args;
    result
}

pub(super) fn write_result(c: &mut C, ptr: u32, len: u32) -> HostResult<()> {
    c.buy_ink(hostio::WRITE_RESULT)?;
    c.pay_for_read(len)?;
    c.pay_for_read(len)?;
    let outs = c.read_slice(ptr, len)?;
    c.trace(&[&outs], &[])?;
    c.env_mut().outs = outs;
    Ok(())
}

pub(super) fn exit_early(c: &mut C, status: u32) -> HostResult<()> {
    c.trace(&[&status.to_be_bytes()], &[])?;
    Err(Escape::Exit(status))
}

pub(super) fn pay_for_memory_grow(c: &mut C, pages: u32) -> HostResult<()> {
    let pages = pages as u16; // wasmer truncates the i32 to u16
    if pages == 0 {
        c.buy_ink(hostio::PAY_FOR_MEMORY_GROW)?;
        return c.trace(&[&pages.to_be_bytes()], &[]);
    }
    let env = c.env_mut();
    let (open, ever) = env.tx.add_stylus_pages(pages);
    let gas = env.tx.env.params.memory_model.gas_cost(pages, open, ever);
    c.buy_gas(gas)?;
    c.trace(&[&pages.to_be_bytes()], &[])
}
