//! Activation-time cost estimates: init costs, the native size estimate, activation gas.

use crate::instrument::{self, ModuleInfo};

/// (init_cost, cached_init_cost, asm_estimate) as computed in `binary.rs` `instrument`.
pub(super) fn estimate_costs(info: &ModuleInfo, wasm: &[u8], version: u16) -> (u16, u16, u32) {
    let funcs = info.codes.len() as u64;
    let globals = info.globals.len() as u64 + 4;
    let wasm_len = wasm.len() as u64;
    let data_len: u64 = info
        .datas
        .iter()
        .map(|d| d.range.end - d.range.start)
        .sum::<u64>()
        + info
            .elements
            .iter()
            .map(|e| e.range.end - e.range.start)
            .sum::<u64>();
    let type_len: u64 = info
        .functions
        .iter()
        .filter_map(|ty| info.types.get(*ty as usize))
        .map(|t| (t.params().len() + t.results().len()) as u64)
        .sum();
    let footprint = info.memory_min();

    let mut asm: u64 = 512_000;
    asm = asm.saturating_add(funcs.saturating_mul(996_829) / 1000);
    asm = asm.saturating_add(type_len.saturating_mul(11_416) / 1000);
    asm = asm.saturating_add(wasm_len.saturating_mul(62_628) / 10_000);

    let mut cached: u64 = 0;
    cached = cached.saturating_add(funcs.saturating_mul(13_420) / 100_000);
    cached = cached.saturating_add(type_len.saturating_mul(89) / 100_000);
    cached = cached.saturating_add(wasm_len.saturating_mul(122) / 100_000);
    cached = cached.saturating_add(globals.saturating_mul(1628) / 1000);
    cached = cached.saturating_add(data_len.saturating_mul(75_244) / 100_000);
    cached = cached.saturating_add(footprint * 5);

    let mut init: u64 = if version == 1 { cached } else { 0 };
    init = init.saturating_add(funcs.saturating_mul(8252) / 1000);
    init = init.saturating_add(type_len.saturating_mul(1059) / 1000);
    init = init.saturating_add(wasm_len.saturating_mul(1286) / 10_000);

    let clamp = |x: u64| x.min(u16::MAX.into()) as u16;
    (clamp(init), clamp(cached), asm.min(u32::MAX.into()) as u32)
}

/// Gas charged by `ArbWasm.activateProgram`: the fixed 1,659,168 plus Nitro's
/// µs-based estimates converted at 28 gas/µs (the data fee is paid in wei, not modelled).
pub(super) fn activation_gas(
    info: &ModuleInfo,
    wasm: &[u8],
    out: &instrument::Instrumented,
    arbos_version: u64,
) -> u64 {
    let us_to_gas = |us: u64| us.saturating_mul(2 * 7_000_000) / (1_000_000 / 2);
    let mut gas: u64 = 1_659_168;
    if arbos_version >= 32 {
        gas += us_to_gas(wasm.len() as u64 * 31_733 / 100_000);
    }
    gas += us_to_gas(info.functions.len() as u64 * 17_263 / 100_000);
    let data: u64 = info.datas.iter().map(|d| d.data.len() as u64).sum();
    gas += us_to_gas(data * 17_376 / 100_000);
    let elems: u64 = info
        .elements
        .iter()
        .map(|e| e.range.end - e.range.start)
        .sum();
    gas += us_to_gas(elems * 17_376 / 100_000);
    gas += us_to_gas(info.memory_min() * 2217);
    let code: u64 = out.op_counts.iter().map(|c| *c as u64).sum();
    gas += us_to_gas(code * 535 / 1000);
    gas
}
