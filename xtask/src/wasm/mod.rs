//! Normalisation of a Stylus program for Arbitrum Nitro, and its check against Nitro's
//! activation as the devnet implements it.
//!
//! rustc's output for `wasm32-unknown-unknown` is not directly acceptable to
//! Nitro's activation step:
//!
//! * LLVM encodes the table immediate of `call_indirect` as a padded
//!   (multi-byte) LEB128. That encoding is only legal with the reference-types
//!   proposal, which Nitro does not enable, so activation rejects it.
//! * Nitro's parser rejects a module that carries a DataCount section
//!   ("unsupported section type"), which some tools (e.g. binaryen) emit.
//!
//! [`normalize`] re-encodes the module with `wasm-encoder` (canonical one-byte
//! `call_indirect` table index, no DataCount section, no custom sections, no linker
//! exports). [`validate`] then runs the devnet's implementation of Nitro's activation
//! ([`stylus_devnet::activation`]: every static rule, the instrumentation, the brotli
//! compression and its prefix), so the rules live in one place: the devnet, which was
//! checked against Nitro's own runtime. This module only adds what activation does not
//! need: the normalisation, a summary for the report and per-function sizes.

use std::collections::HashMap;

use stylus_devnet::activation::{compress_wasm, ActivatedProgram, ActivationError};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasmparser::{FunctionBody, Operator, Parser, Payload, TypeRef, Validator, WasmFeatures};

/// Largest brotli-compressed program (including its 4-byte prefix) a single contract may
/// deploy: the EVM code-size limit, 24 KiB (the devnet's, which is Nitro's).
pub const MAX_COMPRESSED_LEN: usize = stylus_devnet::pricing::evm::MAX_CODE_SIZE;

/// Largest uncompressed program Nitro activates: 128 KiB (`MaxWasmSize`; the default of
/// [`stylus_devnet::ActivationConfig::max_wasm_size`], checked by a test).
pub const MAX_UNCOMPRESSED_LEN: usize = 128 * 1024;

/// Linker-synthesised exports rustc/wasm-ld may add to a `cdylib`. They expose addresses
/// only, are never used by Nitro, and are dropped by [`normalize`].
pub const LINKER_EXPORTS: &[&str] = &["__data_end", "__heap_base"];

/// Why a module could not be normalised or was rejected.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is not a well-formed WebAssembly module, even with every WebAssembly
    /// proposal enabled.
    #[error("not a valid WebAssembly module: {message} (at byte {offset:#x})")]
    Malformed {
        /// Byte offset of the problem in the input.
        offset: u64,
        /// wasmparser's description of the problem.
        message: String,
    },
    /// The input is a component, not a core module.
    #[error("input is a WebAssembly component, not a core module")]
    NotACoreModule,
    /// The module uses `memory.init` or `data.drop`. Those instructions need a DataCount
    /// section, which Nitro rejects, so the module cannot be normalised.
    #[error(
        "function {func} uses memory.init/data.drop, which require a DataCount section; \
         Nitro rejects DataCount sections, so the program cannot be deployed"
    )]
    NeedsDataCount {
        /// Index of the first function using such an instruction.
        func: u32,
    },
    /// wasm-encoder could not re-encode the module.
    #[error("re-encoding the module failed: {0}")]
    Reencode(String),
    /// The module is valid WebAssembly but Nitro's activation refuses it (the first rule
    /// broken, in Nitro's order).
    #[error("Nitro's activation would refuse the module: {0}")]
    Rejected(#[from] ActivationError),
}

impl From<wasmparser::BinaryReaderError> for Error {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Error::Malformed {
            offset: e.offset(),
            message: e.message().to_string(),
        }
    }
}

/// What [`normalize`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NormalizeReport {
    /// `call_indirect` instructions in the module.
    pub call_indirect: usize,
    /// Of those, how many had a non-canonical (over-long) encoding.
    pub call_indirect_overlong: usize,
    /// Whether a DataCount section was dropped.
    pub data_count_removed: bool,
    /// Names of the custom sections dropped.
    pub custom_sections_removed: Vec<String>,
    /// Linker-synthesised exports dropped (see [`LINKER_EXPORTS`]).
    pub exports_removed: Vec<String>,
}

/// Re-encodes `wasm` into the form Nitro accepts.
///
/// Every instruction is re-encoded canonically (in particular `call_indirect`
/// gets the one-byte table index `0x00`), the DataCount section, all custom
/// sections (`name`, `producers`, `target_features`, ...) and the
/// [`LINKER_EXPORTS`] are dropped. Everything else is preserved in order.
///
/// The result is not checked; call [`validate`] on it.
pub fn normalize(wasm: &[u8]) -> Result<(Vec<u8>, NormalizeReport), Error> {
    // Parse with every proposal enabled: the input is rustc's output, which
    // may legitimately use encodings Nitro does not accept.
    Validator::new_with_features(WasmFeatures::all()).validate_all(wasm)?;

    let mut report = NormalizeReport::default();
    let mut module = wasm_encoder::Module::new();
    let mut reencoder = RoundtripReencoder;
    // Code section being rebuilt, with the number of bodies still expected.
    let mut code: Option<(wasm_encoder::CodeSection, u32)> = None;
    let mut imported_funcs = 0u32;
    let mut defined_funcs = 0u32;

    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        match payload {
            Payload::Version { encoding, .. } => {
                if encoding != wasmparser::Encoding::Module {
                    return Err(Error::NotACoreModule);
                }
            }
            Payload::CustomSection(section) => {
                report
                    .custom_sections_removed
                    .push(section.name().to_string());
            }
            Payload::DataCountSection { .. } => report.data_count_removed = true,
            Payload::ImportSection(section) => {
                for import in section.clone().into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported_funcs += 1;
                    }
                }
                let mut imports = wasm_encoder::ImportSection::new();
                reencoder
                    .parse_import_section(&mut imports, section)
                    .map_err(reencode_error)?;
                module.section(&imports);
            }
            Payload::ExportSection(section) => {
                let mut exports = wasm_encoder::ExportSection::new();
                for export in section {
                    let export = export?;
                    if LINKER_EXPORTS.contains(&export.name) {
                        report.exports_removed.push(export.name.to_string());
                        continue;
                    }
                    let kind = reencoder.export_kind(export.kind).map_err(reencode_error)?;
                    exports.export(export.name, kind, export.index);
                }
                module.section(&exports);
            }
            Payload::CodeSectionStart { count, .. } => {
                let section = wasm_encoder::CodeSection::new();
                if count == 0 {
                    module.section(&section);
                } else {
                    code = Some((section, count));
                }
            }
            Payload::CodeSectionEntry(body) => {
                let func = imported_funcs + defined_funcs;
                defined_funcs += 1;
                let scan = scan_body(&body)?;
                if scan.needs_data_count {
                    return Err(Error::NeedsDataCount { func });
                }
                report.call_indirect += scan.call_indirect;
                report.call_indirect_overlong += scan.call_indirect_overlong;

                let Some((section, remaining)) = code.as_mut() else {
                    return Err(Error::Reencode(
                        "function body outside of a code section".into(),
                    ));
                };
                reencoder
                    .parse_function_body(section, body)
                    .map_err(reencode_error)?;
                *remaining -= 1;
                if *remaining == 0 {
                    if let Some((section, _)) = code.take() {
                        module.section(&section);
                    }
                }
            }
            Payload::End(_) => break,
            other => {
                reencode_section(&mut reencoder, &mut module, other)?;
            }
        }
    }

    Ok((module.finish(), report))
}

/// Re-encodes one of the "plain" sections that need no special treatment.
fn reencode_section(
    reencoder: &mut RoundtripReencoder,
    module: &mut wasm_encoder::Module,
    payload: Payload<'_>,
) -> Result<(), Error> {
    macro_rules! section {
        ($section:ty, $method:ident, $reader:expr) => {{
            let mut section = <$section>::new();
            reencoder
                .$method(&mut section, $reader)
                .map_err(reencode_error)?;
            module.section(&section);
        }};
    }
    match payload {
        Payload::TypeSection(r) => section!(wasm_encoder::TypeSection, parse_type_section, r),
        Payload::FunctionSection(r) => {
            section!(wasm_encoder::FunctionSection, parse_function_section, r)
        }
        Payload::TableSection(r) => section!(wasm_encoder::TableSection, parse_table_section, r),
        Payload::MemorySection(r) => section!(wasm_encoder::MemorySection, parse_memory_section, r),
        Payload::TagSection(r) => section!(wasm_encoder::TagSection, parse_tag_section, r),
        Payload::GlobalSection(r) => section!(wasm_encoder::GlobalSection, parse_global_section, r),
        Payload::ElementSection(r) => {
            section!(wasm_encoder::ElementSection, parse_element_section, r)
        }
        Payload::DataSection(r) => section!(wasm_encoder::DataSection, parse_data_section, r),
        Payload::StartSection { func, .. } => {
            module.section(&wasm_encoder::StartSection {
                function_index: func,
            });
        }
        Payload::UnknownSection { id, contents, .. } => {
            // Carried over verbatim; validation decides whether it is acceptable.
            module.section(&wasm_encoder::RawSection { id, data: contents });
        }
        _ => return Err(Error::NotACoreModule),
    }
    Ok(())
}

fn reencode_error<E: std::fmt::Display>(e: wasm_encoder::reencode::Error<E>) -> Error {
    Error::Reencode(e.to_string())
}

/// What [`scan_body`] found in one function body.
#[derive(Debug, Default)]
struct BodyScan {
    call_indirect: usize,
    call_indirect_overlong: usize,
    needs_data_count: bool,
}

/// Counts `call_indirect`s (and over-long ones) and detects instructions that
/// require a DataCount section.
fn scan_body(body: &FunctionBody<'_>) -> Result<BodyScan, Error> {
    let mut scan = BodyScan::default();
    let mut reader = body.get_operators_reader()?;
    while !reader.eof() {
        let (op, offset) = reader.read_with_offset()?;
        match op {
            Operator::CallIndirect {
                type_index,
                table_index,
            } => {
                scan.call_indirect += 1;
                let len = reader.original_position() - offset;
                if len > 1 + leb128_len(type_index) + leb128_len(table_index) {
                    scan.call_indirect_overlong += 1;
                }
            }
            Operator::MemoryInit { .. } | Operator::DataDrop { .. } => {
                scan.needs_data_count = true;
            }
            _ => {}
        }
    }
    Ok(scan)
}

/// Length of the canonical (shortest) unsigned LEB128 encoding of `value`.
fn leb128_len(mut value: u32) -> u64 {
    let mut len = 1;
    while value >= 0x80 {
        value >>= 7;
        len += 1;
    }
    len
}

/// Facts about a module that passed [`validate`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleSummary {
    /// Imported host functions, as `vm_hooks.name`.
    pub imports: Vec<String>,
    /// Functions defined by the module.
    pub functions: usize,
    /// Initial size of the linear memory in 64 KiB pages.
    pub initial_pages: u64,
    /// Data segments.
    pub data_segments: usize,
}

/// A module Nitro's activation accepts.
#[derive(Debug, Clone)]
pub struct Validated {
    /// What the module holds.
    pub summary: ModuleSummary,
    /// The activated program: deployable code (prefix + brotli), init and cached costs.
    pub program: ActivatedProgram,
}

/// Checks that `wasm` is a program Nitro would activate, by activating it on the devnet's
/// implementation of Nitro's activation (default configuration: ArbOS 50, Stylus 2).
///
/// # Errors
/// [`Error::Malformed`] for a module that does not parse, [`Error::Rejected`] with the
/// first rule Nitro's activation finds broken.
pub fn validate(wasm: &[u8]) -> Result<Validated, Error> {
    let summary = summarize(wasm)?;
    let program = stylus_devnet::activate(wasm)?;
    Ok(Validated { summary, program })
}

/// Counts the module's imports, functions, initial pages and data segments.
fn summarize(wasm: &[u8]) -> Result<ModuleSummary, Error> {
    let mut summary = ModuleSummary::default();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(section) => {
                for import in section.into_imports() {
                    let import = import?;
                    summary
                        .imports
                        .push(format!("{}.{}", import.module, import.name));
                }
            }
            Payload::FunctionSection(section) => summary.functions += section.count() as usize,
            Payload::MemorySection(section) => {
                for memory in section {
                    summary.initial_pages = memory?.initial;
                }
            }
            Payload::DataSection(section) => summary.data_segments = section.count() as usize,
            _ => {}
        }
    }
    Ok(summary)
}

/// One function body and its encoded size, for size investigations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSize {
    /// Index in the function index space (imports included).
    pub index: u32,
    /// Name from the `name` custom section, if the module has one.
    pub name: Option<String>,
    /// Encoded size of the body in bytes (locals and instructions).
    pub len: usize,
}

/// The module's function bodies, largest first.
///
/// Names come from the `name` section, so build without stripping (see
/// `cargo xtask top`) to get them; they are returned as found (mangled).
pub fn function_sizes(wasm: &[u8]) -> Result<Vec<FunctionSize>, Error> {
    let mut sizes = Vec::new();
    let mut names = HashMap::new();
    let mut imported_funcs = 0u32;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(section) => {
                for import in section.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported_funcs += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let index = imported_funcs + sizes.len() as u32;
                sizes.push(FunctionSize {
                    index,
                    name: None,
                    len: body.as_bytes().len(),
                });
            }
            Payload::CustomSection(section) => {
                if let wasmparser::KnownCustom::Name(reader) = section.as_known() {
                    for subsection in reader {
                        if let wasmparser::Name::Function(map) = subsection? {
                            for naming in map {
                                let naming = naming?;
                                names.insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for size in &mut sizes {
        size.name = names.remove(&size.index);
    }
    sizes.sort_by(|a, b| b.len.cmp(&a.len).then(a.index.cmp(&b.index)));
    Ok(sizes)
}

/// Brotli-compresses `wasm` the way it is deployed (quality 11, window 22, prefix
/// `EF F0 00 00`), by the devnet's [`compress_wasm`].
pub fn compress(wasm: &[u8]) -> Vec<u8> {
    compress_wasm(wasm)
}

#[cfg(test)]
mod tests;
