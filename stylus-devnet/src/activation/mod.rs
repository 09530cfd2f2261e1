//! Program activation: the checks Nitro applies when `ArbWasm.activateProgram` runs
//! (`crates/prover/src/binary.rs` `parse_user`, `programs/*` middlewares,
//! `machine.rs` `from_user_binary`), and the activation-time cost estimates.
//!
//! [`activate`] takes either a raw wasm module (`\0asm…`) or a deployable Stylus contract
//! code (`EF F0 00 <dict> <brotli>`), checks it, instruments it ([`crate::instrument`]) and
//! returns an [`ActivatedProgram`]. Every violation is reported as a specific
//! [`ActivationError`] variant carrying the offending values.

// One file per rule group, each importing only the files below it: `activate_with` (here) runs
// `parse` (features, validation, the module's sections), `limits` and `linking`, then `costs`;
// `hostios` and `config` hold the hostio table and the types they share.

use std::io::{Read, Write};

use alloy_primitives::keccak256;

use crate::instrument;

mod config;
mod costs;
mod hostios;
mod limits;
mod linking;
mod parse;

pub use crate::rules::{ActivationError, ENTRYPOINT, STYLUS_PREFIX};
pub use config::{ActivatedProgram, ActivationConfig};
pub use hostios::HOSTIOS;

use costs::{activation_gas, estimate_costs};
use limits::check_limits;
use linking::check_linking;
use parse::parse;

/// Activates with [`ActivationConfig::default`].
pub fn activate(wasm: &[u8]) -> Result<ActivatedProgram, ActivationError> {
    activate_with(wasm, &ActivationConfig::default())
}

/// Decodes deployable Stylus code (`EF F0 00 <dict> <brotli>`) into wasm, capped at `limit`.
pub fn decompress_code(code: &[u8], limit: usize) -> Result<Vec<u8>, ActivationError> {
    if code.len() <= 3 || code[..3] != STYLUS_PREFIX {
        return Err(ActivationError::NotAStylusProgram);
    }
    if code.len() < 4 {
        return Err(ActivationError::NotAStylusProgram);
    }
    match code[3] {
        0 => {}
        d => return Err(ActivationError::UnsupportedDictionary(d)),
    }
    let mut out = Vec::new();
    let reader = brotli::Decompressor::new(&code[4..], 4096);
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| ActivationError::Decompression(e.to_string()))?;
    if out.len() > limit {
        return Err(ActivationError::WasmTooLarge {
            size: out.len(),
            limit,
        });
    }
    Ok(out)
}

/// Compresses wasm the way cargo-stylus does (brotli quality 11, window 22, no dictionary)
/// and prepends `EF F0 00 00`.
pub fn compress_wasm(wasm: &[u8]) -> Vec<u8> {
    let mut out = vec![0xEF, 0xF0, 0x00, 0x00];
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer
            .write_all(wasm)
            .expect("writing to a Vec cannot fail");
        writer.flush().expect("writing to a Vec cannot fail");
    }
    out
}

/// Runs every activation check of Nitro on `input` and instruments it.
pub fn activate_with(
    input: &[u8],
    config: &ActivationConfig,
) -> Result<ActivatedProgram, ActivationError> {
    let wasm = if input.starts_with(b"\0asm") {
        if input.len() > config.max_wasm_size {
            return Err(ActivationError::WasmTooLarge {
                size: input.len(),
                limit: config.max_wasm_size,
            });
        }
        input.to_vec()
    } else {
        decompress_code(input, config.max_wasm_size)?
    };
    let code = compress_wasm(&wasm);
    if code.len() > config.max_code_size {
        return Err(ActivationError::CodeTooLarge {
            size: code.len(),
            limit: config.max_code_size,
        });
    }

    let info = parse(&wasm, config)?;
    let out = instrument::instrument(&info, &wasm)?;
    check_limits(&info, &out, config)?;
    check_linking(&info)?;

    let codehash = keccak256(&code);
    let costs = estimate_costs(&info, &wasm, config.stylus_version);
    let activation_gas = activation_gas(&info, &wasm, &out, config.arbos_version);
    Ok(ActivatedProgram {
        code,
        codehash,
        instrumented: out.wasm,
        stylus_version: config.stylus_version,
        init_cost: costs.0,
        cached_init_cost: costs.1,
        footprint: info.memory_min() as u16,
        asm_estimate: costs.2,
        activation_gas,
        wasm,
    })
}
