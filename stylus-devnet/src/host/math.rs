//! 256-bit arithmetic and keccak.

use super::*;

pub(super) fn math(
    c: &mut C,
    base: u64,
    ptrs: &[u32],
    op: impl FnOnce(&[U256]) -> U256,
) -> HostResult<()> {
    c.buy_ink(base)?;
    let mut values = Vec::with_capacity(ptrs.len());
    for ptr in ptrs {
        values.push(c.read_u256(*ptr)?);
    }
    let result = op(&values).to_be_bytes::<32>();
    c.write_slice(ptrs[0], &result)?;
    let args: Vec<[u8; 32]> = values.iter().map(|v| v.to_be_bytes::<32>()).collect();
    let args: Vec<&[u8]> = args.iter().map(|a| a.as_slice()).collect();
    c.trace(&args, &[&result])
}

pub(super) fn math_pow(c: &mut C, value: u32, exponent: u32) -> HostResult<()> {
    c.buy_ink(hostio::MATH_POW)?;
    let a = c.read_u256(value)?;
    let e = c.read_fixed::<32>(exponent)?;
    c.buy_ink(pricing::pow_price(&e))?;
    let result = a.wrapping_pow(U256::from_be_bytes(e)).to_be_bytes::<32>();
    c.write_slice(value, &result)?;
    c.trace(&[&a.to_be_bytes::<32>(), &e], &[&result])
}

pub(super) fn native_keccak256(c: &mut C, input: u32, len: u32, output: u32) -> HostResult<()> {
    c.buy_ink(pricing::keccak_price(len))?;
    let preimage = c.read_slice(input, len)?;
    let digest = keccak256(&preimage);
    c.write_slice(output, digest.as_slice())?;
    c.trace(&[&preimage], &[digest.as_slice()])
}
