//! Program activation: the checks Nitro applies when `ArbWasm.activateProgram` runs
//! (`crates/prover/src/binary.rs` `parse_user`, `programs/*` middlewares,
//! `machine.rs` `from_user_binary`), and the activation-time cost estimates.
//!
//! [`activate`] takes either a raw wasm module (`\0asm…`) or a deployable Stylus contract
//! code (`EF F0 00 <dict> <brotli>`), checks it, instruments it ([`crate::instrument`]) and
//! returns an [`ActivatedProgram`]. Every violation is reported as a specific
//! [`ActivationError`] variant carrying the offending values.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};

use alloy_primitives::{keccak256, B256};
use wasmparser::{
    DataKind, ElementItems, ElementKind, Encoding, ExternalKind, FuncType, Imports, Operator,
    Parser, Payload, TypeRef, ValType, Validator, WasmFeatures,
};

use crate::instrument::{self, ModuleInfo};

pub use crate::rules::{ActivationError, ENTRYPOINT, STYLUS_PREFIX};

/// Parameters of activation (defaults: ArbOS 50, Stylus version 2, Nitro's initial params).
#[derive(Clone, Debug)]
pub struct ActivationConfig {
    /// ArbOS version at activation (multi-value is rejected from 60, import limit from 32).
    pub arbos_version: u64,
    /// Stylus version (1 folds cached cost into init cost; 2 is current).
    pub stylus_version: u16,
    /// Pages available to the module (PageLimit − pages already open in the tx).
    pub page_limit: u16,
    /// Maximum decompressed wasm size (MaxWasmSize, 128 KiB).
    pub max_wasm_size: usize,
    /// Maximum deployed code size including the 4-byte prefix (EIP-170, 24,576).
    pub max_code_size: usize,
}

impl Default for ActivationConfig {
    fn default() -> Self {
        Self {
            arbos_version: 50,
            stylus_version: 2,
            page_limit: 128,
            max_wasm_size: 128 * 1024,
            max_code_size: crate::pricing::evm::MAX_CODE_SIZE,
        }
    }
}

/// The 42 `vm_hooks` imports with their exact wasm signatures (params, results),
/// in Nitro's `HOSTIOS` order.
pub const HOSTIOS: [(&str, &[ValType], &[ValType]); 42] = {
    use ValType::{I32, I64};
    [
        ("read_args", &[I32], &[]),
        ("write_result", &[I32, I32], &[]),
        ("exit_early", &[I32], &[]),
        ("storage_load_bytes32", &[I32, I32], &[]),
        ("storage_cache_bytes32", &[I32, I32], &[]),
        ("storage_flush_cache", &[I32], &[]),
        ("transient_load_bytes32", &[I32, I32], &[]),
        ("transient_store_bytes32", &[I32, I32], &[]),
        ("call_contract", &[I32, I32, I32, I32, I64, I32], &[I32]),
        ("delegate_call_contract", &[I32, I32, I32, I64, I32], &[I32]),
        ("static_call_contract", &[I32, I32, I32, I64, I32], &[I32]),
        ("create1", &[I32, I32, I32, I32, I32], &[]),
        ("create2", &[I32, I32, I32, I32, I32, I32], &[]),
        ("read_return_data", &[I32, I32, I32], &[I32]),
        ("return_data_size", &[], &[I32]),
        ("emit_log", &[I32, I32, I32], &[]),
        ("account_balance", &[I32, I32], &[]),
        ("account_code", &[I32, I32, I32, I32], &[I32]),
        ("account_code_size", &[I32], &[I32]),
        ("account_codehash", &[I32, I32], &[]),
        ("evm_gas_left", &[], &[I64]),
        ("evm_ink_left", &[], &[I64]),
        ("block_basefee", &[I32], &[]),
        ("chainid", &[], &[I64]),
        ("block_coinbase", &[I32], &[]),
        ("block_gas_limit", &[], &[I64]),
        ("block_number", &[], &[I64]),
        ("block_timestamp", &[], &[I64]),
        ("contract_address", &[I32], &[]),
        ("math_div", &[I32, I32], &[]),
        ("math_mod", &[I32, I32], &[]),
        ("math_pow", &[I32, I32], &[]),
        ("math_add_mod", &[I32, I32, I32], &[]),
        ("math_mul_mod", &[I32, I32, I32], &[]),
        ("msg_reentrant", &[], &[I32]),
        ("msg_sender", &[I32], &[]),
        ("msg_value", &[I32], &[]),
        ("native_keccak256", &[I32, I32, I32], &[]),
        ("tx_gas_price", &[I32], &[]),
        ("tx_ink_price", &[], &[I32]),
        ("tx_origin", &[I32], &[]),
        ("pay_for_memory_grow", &[I32], &[]),
    ]
};

/// A checked, instrumented program ready to be deployed and executed.
#[derive(Clone, Debug)]
pub struct ActivatedProgram {
    /// The uncompressed wasm as given (or decompressed).
    pub wasm: Vec<u8>,
    /// The deployable contract code: `EF F0 00 00` + brotli(q11, window 22) of the wasm.
    pub code: Vec<u8>,
    /// keccak256 of [`Self::code`].
    pub codehash: B256,
    /// The module after Nitro's instrumentation (ink meter, depth checker, heap bound).
    pub instrumented: Vec<u8>,
    /// Stylus version used for instrumentation and pricing.
    pub stylus_version: u16,
    /// Activation-time `init_cost` (see `programs.go` `initGas`).
    pub init_cost: u16,
    /// Activation-time `cached_init_cost` (see `programs.go` `cachedGas`).
    pub cached_init_cost: u16,
    /// Initial memory in pages, charged at every call through the memory model.
    pub footprint: u16,
    /// Nitro's canonical estimate of the native code size.
    pub asm_estimate: u32,
    /// Gas `ArbWasm.activateProgram` would charge (fixed + measured parts; no data fee).
    pub activation_gas: u64,
}

impl ActivatedProgram {
    /// `init_gas` charged at a call of an uncached program (params: MinInitGas, InitCostScalar).
    pub fn init_gas(&self, min_init_gas: u8, init_cost_scalar: u8) -> u64 {
        let base = u64::from(min_init_gas) * 128;
        let dyno = u64::from(self.init_cost) * u64::from(init_cost_scalar) * 2;
        base.saturating_add(dyno.div_ceil(100))
    }

    /// `cached_gas` charged at a call (always for Stylus version > 1).
    pub fn cached_gas(&self, min_cached_init_gas: u8, cached_cost_scalar: u8) -> u64 {
        let base = u64::from(min_cached_init_gas) * 32;
        let dyno = u64::from(self.cached_init_cost) * u64::from(cached_cost_scalar) * 2;
        base.saturating_add(dyno.div_ceil(100))
    }
}

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

fn features(config: &ActivationConfig) -> WasmFeatures {
    let mut f = WasmFeatures::empty();
    f.set(WasmFeatures::MUTABLE_GLOBAL, true);
    f.set(WasmFeatures::SATURATING_FLOAT_TO_INT, true);
    f.set(WasmFeatures::SIGN_EXTENSION, true);
    f.set(WasmFeatures::MULTI_VALUE, config.arbos_version < 60);
    f.set(WasmFeatures::BULK_MEMORY, true);
    f.set(WasmFeatures::FLOATS, true);
    f.set(WasmFeatures::GC_TYPES, true);
    f
}

/// Features we try one at a time to name the one a failing module uses.
const NAMED_FEATURES: [(WasmFeatures, &str); 13] = [
    (WasmFeatures::REFERENCE_TYPES, "reference-types"),
    (WasmFeatures::SIMD, "SIMD"),
    (WasmFeatures::RELAXED_SIMD, "relaxed-SIMD"),
    (WasmFeatures::THREADS, "threads/atomics"),
    (WasmFeatures::TAIL_CALL, "tail-call"),
    (WasmFeatures::MULTI_MEMORY, "multi-memory"),
    (WasmFeatures::EXCEPTIONS, "exception-handling"),
    (WasmFeatures::MEMORY64, "memory64"),
    (WasmFeatures::EXTENDED_CONST, "extended-const"),
    (WasmFeatures::FUNCTION_REFERENCES, "function-references"),
    (WasmFeatures::GC, "GC"),
    (WasmFeatures::MULTI_VALUE, "multi-value"),
    (WasmFeatures::MEMORY_CONTROL, "memory-control"),
];

fn validate(wasm: &[u8], config: &ActivationConfig) -> Result<(), ActivationError> {
    let base = features(config);
    let Err(err) = Validator::new_with_features(base).validate_all(wasm) else {
        return Ok(());
    };
    let offset = err.offset();
    for (feature, name) in NAMED_FEATURES {
        if base.contains(feature) {
            continue;
        }
        let mut with = base | feature;
        if feature == WasmFeatures::FUNCTION_REFERENCES || feature == WasmFeatures::GC {
            with |= WasmFeatures::REFERENCE_TYPES;
        }
        if feature == WasmFeatures::RELAXED_SIMD {
            with |= WasmFeatures::SIMD;
        }
        match Validator::new_with_features(with).validate_all(wasm) {
            Ok(_) => {
                return Err(ActivationError::UnsupportedFeature {
                    feature: name,
                    message: err.to_string(),
                })
            }
            Err(e) if e.offset() > offset => {
                return Err(ActivationError::UnsupportedFeature {
                    feature: name,
                    message: err.to_string(),
                })
            }
            Err(_) => {}
        }
    }
    Err(ActivationError::InvalidWasm(err.to_string()))
}

fn parse<'a>(wasm: &'a [u8], config: &ActivationConfig) -> Result<ModuleInfo<'a>, ActivationError> {
    use ActivationError as E;
    validate(wasm, config)?;
    let mut info = ModuleInfo::default();
    let invalid = |e: wasmparser::BinaryReaderError| E::InvalidWasm(e.to_string());

    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(invalid)? {
            Payload::Version { num, encoding, .. } => {
                if encoding != Encoding::Module || num != 1 {
                    return Err(E::UnsupportedVersion(num.into()));
                }
            }
            Payload::TypeSection(reader) => {
                info.type_section = Some(reader.clone());
                for ty in reader.into_iter_err_on_gc_types() {
                    info.types.push(ty.map_err(invalid)?);
                }
            }
            Payload::ImportSection(reader) => {
                info.import_section = Some(reader.clone());
                for group in reader {
                    let import = match group.map_err(invalid)? {
                        Imports::Single(_, import) => import,
                        _ => {
                            return Err(E::UnsupportedImportKind {
                                module: "?".into(),
                                name: "?".into(),
                                kind: "compact import group",
                            })
                        }
                    };
                    let kind = match import.ty {
                        TypeRef::Func(ty) => {
                            info.imports.push((import.module, import.name, ty));
                            continue;
                        }
                        TypeRef::Table(_) => "table",
                        TypeRef::Memory(_) => "memory",
                        TypeRef::Global(_) => "global",
                        TypeRef::Tag(_) => "tag",
                        _ => "function of an unsupported form",
                    };
                    return Err(E::UnsupportedImportKind {
                        module: import.module.into(),
                        name: import.name.into(),
                        kind,
                    });
                }
            }
            Payload::FunctionSection(reader) => {
                info.function_section = Some(reader.clone());
                for f in reader {
                    info.functions.push(f.map_err(invalid)?);
                }
            }
            Payload::TableSection(reader) => {
                info.table_section = Some(reader.clone());
                for t in reader {
                    info.tables.push(t.map_err(invalid)?.ty);
                }
            }
            Payload::MemorySection(reader) => {
                info.memory_section = Some(reader.clone());
                for m in reader {
                    info.memories.push(m.map_err(invalid)?);
                }
            }
            Payload::GlobalSection(reader) => {
                info.global_section = Some(reader.clone());
                for (i, g) in reader.into_iter().enumerate() {
                    let g = g.map_err(invalid)?;
                    let mut ops = g.init_expr.get_operators_reader();
                    let first = ops.read().map_err(invalid)?;
                    let second = ops.read().map_err(invalid)?;
                    let constant = matches!(
                        first,
                        Operator::I32Const { .. }
                            | Operator::I64Const { .. }
                            | Operator::F32Const { .. }
                            | Operator::F64Const { .. }
                    );
                    if !constant || !matches!(second, Operator::End) || !ops.eof() {
                        return Err(E::NonConstantGlobal(i as u32));
                    }
                    info.globals.push(g);
                }
            }
            Payload::ExportSection(reader) => {
                for e in reader {
                    let e = e.map_err(invalid)?;
                    info.exports.push((e.name, e.kind, e.index));
                }
            }
            Payload::StartSection { func, .. } => info.start = Some(func),
            Payload::ElementSection(reader) => {
                info.element_section = Some(reader.clone());
                for e in reader {
                    info.elements.push(e.map_err(invalid)?);
                }
            }
            Payload::DataSection(reader) => {
                info.data_section = Some(reader.clone());
                for d in reader {
                    info.datas.push(d.map_err(invalid)?);
                }
            }
            Payload::CodeSectionStart { .. } => {}
            Payload::CodeSectionEntry(body) => info.codes.push(body),
            Payload::CustomSection(reader) => {
                if reader.name() == "name" {
                    let names = wasmparser::NameSectionReader::new(wasmparser::BinaryReader::new(
                        reader.data(),
                        reader.data_offset(),
                    ));
                    for name in names {
                        if let Ok(wasmparser::Name::Module { name, .. }) = name {
                            info.module_name_len = name.len();
                        }
                    }
                }
            }
            Payload::UnknownSection { id, .. } => {
                return Err(E::UnsupportedSection(format!("unknown section id {id}")))
            }
            Payload::End(_) => {}
            Payload::DataCountSection { .. } => {
                return Err(E::UnsupportedSection("DataCount (id 12)".into()))
            }
            Payload::TagSection(_) => return Err(E::UnsupportedSection("tag (id 13)".into())),
            other => return Err(E::UnsupportedSection(format!("{other:?}"))),
        }
    }

    // the same import twice with different types
    let mut seen = HashMap::new();
    for (module, name, ty) in &info.imports {
        if let Some(prior) = seen.insert((*module, *name), *ty) {
            if prior != *ty {
                return Err(E::InconsistentImport {
                    module: (*module).into(),
                    name: (*name).into(),
                });
            }
        }
    }
    // exports named like imports (the part after the last `__` counts), reserved names
    let export_names: HashSet<&str> = info
        .exports
        .iter()
        .map(|(name, ..)| name.rsplit("__").next().unwrap_or(name))
        .collect();
    for (_, name, _) in &info.imports {
        if export_names.contains(name) {
            return Err(E::ExportShadowsImport((*name).into()));
        }
    }
    let mut reserved: Vec<&&str> = export_names
        .iter()
        .filter(|x| x.starts_with("stylus"))
        .collect();
    reserved.sort();
    if let Some(name) = reserved.first() {
        return Err(E::ReservedExport((**name).into()));
    }
    if let Some((_, name, _)) = info
        .imports
        .iter()
        .find(|(_, n, _)| n.starts_with("stylus"))
    {
        return Err(E::ReservedImport((*name).into()));
    }

    // start mover (non-debug chains)
    if let Some(start) = info.start {
        return Err(E::StartFunction(start));
    }
    // heap bound: memory info and the grow import
    match info.memories.len() {
        0 => return Err(E::MissingMemory),
        1 => {}
        n => return Err(E::MultipleMemories(n)),
    }
    let memory_exported = info.exports.iter().any(|(name, kind, index)| {
        *name == "memory" && *kind == ExternalKind::Memory && *index == 0
    });
    if !memory_exported {
        return Err(E::MemoryNotExported);
    }
    let memory = info.memories[0];
    if memory.initial > 128 {
        return Err(E::MemoryTooLarge {
            pages: memory.initial,
            limit: 128,
        });
    }
    if memory.maximum != Some(memory.initial) {
        let pay = info
            .imports
            .iter()
            .position(|(module, name, _)| *module == "vm_hooks" && *name == "pay_for_memory_grow");
        let Some(pay) = pay else {
            return Err(E::MissingPayForMemoryGrow);
        };
        let ty = info.func_type(pay as u32);
        if ty.map(|t| (t.params(), t.results())) != Some((&[ValType::I32][..], &[][..])) {
            return Err(E::ImportSignature {
                name: "pay_for_memory_grow".into(),
                expected: "(i32) -> ()".into(),
                found: ty.map(fmt_sig).unwrap_or_default(),
            });
        }
        info.pay_func = Some(pay as u32);
    }
    Ok(info)
}

/// Formats a function type like `(i32, i64) -> (i32)`.
pub(crate) fn fmt_sig(ty: &FuncType) -> String {
    let list = |v: &[ValType]| {
        v.iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("({}) -> ({})", list(ty.params()), list(ty.results()))
}

fn check_limits(
    info: &ModuleInfo,
    out: &instrument::Instrumented,
    config: &ActivationConfig,
) -> Result<(), ActivationError> {
    use ActivationError as E;
    // entrypoint (checked by `instrument` in Nitro, after the middlewares)
    let entry = info.exports.iter().find(|(name, ..)| *name == ENTRYPOINT);
    let Some((_, kind, index)) = entry else {
        return Err(E::MissingEntrypoint);
    };
    if *kind != ExternalKind::Func {
        return Err(E::BadEntrypoint(format!(
            "export is a {kind:?}, not a function"
        )));
    }
    let ty = info.func_type(*index);
    if ty.map(|t| (t.params(), t.results())) != Some((&[ValType::I32][..], &[ValType::I32][..])) {
        return Err(E::BadEntrypoint(format!(
            "type is {}, expected (i32) -> (i32)",
            ty.map(fmt_sig).unwrap_or_default()
        )));
    }

    let pages = info.memory_min();
    if pages > u64::from(config.page_limit) {
        return Err(E::MemoryExceedsPageLimit {
            pages,
            limit: config.page_limit.into(),
        });
    }
    let limit = |what, count: usize, limit: u64| {
        if count as u64 > limit {
            Err(E::LimitExceeded {
                what,
                count: count as u64,
                limit,
            })
        } else {
            Ok(())
        }
    };
    limit("memories", info.memories.len(), 1)?;
    limit("datas", info.datas.len(), 128)?;
    limit("elements", info.elements.len(), 128)?;
    // after the start mover only whitelisted exports plus the 4 instrumentation globals remain
    limit("exports", out.kept_exports + 4, 1024)?;
    limit("functions", info.codes.len(), 4096)?;
    limit("globals", info.globals.len() + 4, 32_768)?;
    for (func, (locals, ops)) in out.locals.iter().zip(&out.op_counts).enumerate() {
        let func = func as u32;
        if *locals > 348 {
            return Err(E::TooManyLocals {
                func,
                count: *locals as u64,
                limit: 348,
            });
        }
        if *ops > 65_536 {
            return Err(E::TooManyOperators {
                func,
                count: *ops as u64,
                limit: 65_536,
            });
        }
    }
    if config.arbos_version >= 32 {
        limit("imports", info.imports.len(), 513)?;
    }
    let table_entries = info
        .tables
        .iter()
        .map(|t| t.initial)
        .fold(0u64, u64::saturating_add);
    if table_entries > 4096 {
        return Err(E::LimitExceeded {
            what: "table entries",
            count: table_entries,
            limit: 4096,
        });
    }
    // Nitro sums the binary byte ranges of the element segments here.
    let elem_entries = info
        .elements
        .iter()
        .map(|e| e.range.end - e.range.start)
        .sum::<u64>();
    if elem_entries > 4096 {
        return Err(E::LimitExceeded {
            what: "element entries",
            count: elem_entries,
            limit: 4096,
        });
    }
    if info.module_name_len > 512 {
        return Err(E::NameTooLong {
            what: "module name",
            len: info.module_name_len,
            limit: 512,
        });
    }
    Ok(())
}

/// `Module::from_user_binary`: imports against the hostio table, float ops, segments.
fn check_linking(info: &ModuleInfo) -> Result<(), ActivationError> {
    use ActivationError as E;
    for (index, (module, name, _)) in info.imports.iter().enumerate() {
        let found = info.func_type(index as u32).expect("validated import type");
        let hostio = HOSTIOS.iter().find(|(n, ..)| n == name);
        let Some((_, params, results)) = hostio.filter(|_| *module == "vm_hooks") else {
            return Err(E::UnknownImport {
                module: (*module).into(),
                name: (*name).into(),
            });
        };
        if found.params() != *params || found.results() != *results {
            let expected = FuncType::new(params.iter().copied(), results.iter().copied());
            return Err(E::ImportSignature {
                name: (*name).into(),
                expected: fmt_sig(&expected),
                found: fmt_sig(found),
            });
        }
    }
    for (func, body) in info.codes.iter().enumerate() {
        let mut ops = body
            .get_operators_reader()
            .map_err(|e| E::InvalidWasm(e.to_string()))?;
        while !ops.eof() {
            let op = ops.read().map_err(|e| E::InvalidWasm(e.to_string()))?;
            if instrument::is_float_arithmetic(&op) {
                return Err(E::FloatOperation {
                    func: (info.imports.len() + func) as u32,
                    op: format!("{op:?}"),
                });
            }
        }
    }
    let memory_bytes = info.memory_min().saturating_mul(65_536);
    for (i, data) in info.datas.iter().enumerate() {
        let DataKind::Active {
            memory_index,
            offset_expr,
        } = &data.kind
        else {
            continue;
        };
        if *memory_index != 0 {
            return Err(E::BadSegment(format!(
                "data segment {i} writes to nonexistent memory"
            )));
        }
        let offset = const_i32(offset_expr)
            .ok_or_else(|| E::BadSegment(format!("data segment {i}: non-constant offset")))?;
        let end = u64::from(offset as u32) + data.data.len() as u64;
        if end > memory_bytes {
            return Err(E::BadSegment(format!(
                "out-of-bounds data segment {i}: offset {} + size {} > memory size {memory_bytes}",
                offset as u32,
                data.data.len()
            )));
        }
    }
    for (i, elem) in info.elements.iter().enumerate() {
        let ElementKind::Active {
            table_index,
            offset_expr,
        } = &elem.kind
        else {
            continue;
        };
        let offset = const_i32(offset_expr)
            .ok_or_else(|| E::BadSegment(format!("element segment {i}: non-constant offset")))?;
        let table = info
            .tables
            .get(table_index.unwrap_or(0) as usize)
            .ok_or_else(|| E::BadSegment(format!("element segment {i} for nonexistent table")))?;
        let ElementItems::Functions(items) = &elem.items else {
            return Err(E::BadSegment(format!(
                "element segment {i}: non-constant element initializers are not supported"
            )));
        };
        let end = u64::from(offset as u32) + u64::from(items.count());
        if end > table.initial {
            return Err(E::BadSegment(format!(
                "out-of-bounds element segment {i}: offset {} + length {} > table size {}",
                offset as u32,
                items.count(),
                table.initial
            )));
        }
    }
    if info.codes.is_empty() {
        return Err(E::BadSegment("module has no code".into()));
    }
    Ok(())
}

fn const_i32(expr: &wasmparser::ConstExpr) -> Option<i32> {
    let mut ops = expr.get_operators_reader();
    match (ops.read().ok()?, ops.read().ok()?, ops.eof()) {
        (Operator::I32Const { value }, Operator::End, true) => Some(value),
        _ => None,
    }
}

/// (init_cost, cached_init_cost, asm_estimate) as computed in `binary.rs` `instrument`.
fn estimate_costs(info: &ModuleInfo, wasm: &[u8], version: u16) -> (u16, u16, u32) {
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
fn activation_gas(
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
