//! Normalisation and validation of a Stylus program for Arbitrum Nitro.
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
//! `call_indirect` table index, no DataCount section, no custom sections) and
//! [`validate`] checks the result against Nitro's feature set and the Stylus
//! module contract: imports only from `vm_hooks`, exports exactly
//! `user_entrypoint` and `memory`, no start function, no floating point.

use std::fmt;
use std::io::Write;

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasmparser::{
    BinaryReaderError, CompositeInnerType, ExternalKind, FunctionBody, Operator, Parser, Payload,
    TypeRef, ValType, Validator, WasmFeatures,
};

/// Largest brotli-compressed program (including [`NITRO_PREFIX`]) a single
/// contract may deploy: the EVM code-size limit, 24 KiB.
pub const MAX_COMPRESSED_LEN: usize = 24_576;

/// Largest uncompressed program Nitro activates: 128 KiB.
pub const MAX_UNCOMPRESSED_LEN: usize = 128 * 1024;

/// The 4-byte header Nitro expects in front of the brotli stream of a
/// deployed program (`EF F0 00` Stylus discriminant, then dictionary `00`,
/// i.e. no dictionary).
pub const NITRO_PREFIX: [u8; 4] = [0xEF, 0xF0, 0x00, 0x00];

/// Brotli quality used by `cargo stylus` and by this tool.
pub const BROTLI_QUALITY: u32 = 11;

/// Brotli window (log2 of the window size) used by this tool.
pub const BROTLI_WINDOW: u32 = 22;

/// The only module name a Stylus program may import functions from.
pub const HOST_MODULE: &str = "vm_hooks";

/// Name of the exported entry point Nitro calls.
pub const ENTRYPOINT: &str = "user_entrypoint";

/// Name of the exported linear memory.
pub const MEMORY_EXPORT: &str = "memory";

/// Linker-synthesised exports rustc/wasm-ld may add to a `cdylib`. They
/// expose addresses only, are never used by Nitro, and are dropped by
/// [`normalize`].
pub const LINKER_EXPORTS: &[&str] = &["__data_end", "__heap_base"];

/// Initial memory size (in 64 KiB pages) above which Nitro refuses to
/// activate a program (`StylusParams.PageLimit` default).
pub const MAX_INITIAL_PAGES: u64 = 128;

/// The WebAssembly features Nitro's activation accepts.
///
/// Floats are *parsed* by Nitro, which is why they are part of this set; any
/// floating-point instruction or value type is then rejected separately by
/// [`validate`], as Nitro does at activation.
pub const NITRO_FEATURES: WasmFeatures = WasmFeatures::MUTABLE_GLOBAL
    .union(WasmFeatures::SATURATING_FLOAT_TO_INT)
    .union(WasmFeatures::SIGN_EXTENSION)
    .union(WasmFeatures::BULK_MEMORY)
    .union(WasmFeatures::MULTI_VALUE)
    .union(WasmFeatures::FLOATS);

/// Proposals that are valid WebAssembly but unsupported by Nitro, by the name
/// used in error messages. Each entry lists only the bits that belong to that
/// proposal alone, so that [`validate`] can name the proposal a module needs.
const FOREIGN_FEATURES: &[(&str, WasmFeatures)] = &[
    // `REFERENCE_TYPES` also carries the `CALL_INDIRECT_OVERLONG` bit; probe
    // them separately so an over-long call_indirect is not blamed on
    // reference types proper.
    (
        "reference-types",
        WasmFeatures::REFERENCE_TYPES.difference(WasmFeatures::CALL_INDIRECT_OVERLONG),
    ),
    (
        "call-indirect-overlong (non-canonical call_indirect encoding; run normalize)",
        WasmFeatures::CALL_INDIRECT_OVERLONG,
    ),
    ("simd", WasmFeatures::SIMD),
    ("relaxed-simd", WasmFeatures::RELAXED_SIMD),
    ("threads", WasmFeatures::THREADS),
    (
        "shared-everything-threads",
        WasmFeatures::SHARED_EVERYTHING_THREADS,
    ),
    ("tail-call", WasmFeatures::TAIL_CALL),
    ("multi-memory", WasmFeatures::MULTI_MEMORY),
    ("exceptions", WasmFeatures::EXCEPTIONS),
    ("legacy-exceptions", WasmFeatures::LEGACY_EXCEPTIONS),
    ("memory64", WasmFeatures::MEMORY64),
    ("extended-const", WasmFeatures::EXTENDED_CONST),
    ("function-references", WasmFeatures::FUNCTION_REFERENCES),
    ("gc", WasmFeatures::GC),
    ("gc-types", WasmFeatures::GC_TYPES),
    ("custom-page-sizes", WasmFeatures::CUSTOM_PAGE_SIZES),
    ("memory-control", WasmFeatures::MEMORY_CONTROL),
    ("stack-switching", WasmFeatures::STACK_SWITCHING),
    ("wide-arithmetic", WasmFeatures::WIDE_ARITHMETIC),
    ("custom-descriptors", WasmFeatures::CUSTOM_DESCRIPTORS),
    ("compact-imports", WasmFeatures::COMPACT_IMPORTS),
];

/// Why a module could not be normalised or was rejected.
#[derive(Debug)]
pub enum Error {
    /// The input is not a well-formed WebAssembly module, even with every
    /// WebAssembly proposal enabled.
    Malformed {
        /// Byte offset of the problem in the input.
        offset: u64,
        /// wasmparser's description of the problem.
        message: String,
    },
    /// The input is a component, not a core module.
    NotACoreModule,
    /// The module uses `memory.init` or `data.drop`. Those instructions need
    /// a DataCount section, which Nitro rejects, so the module cannot be
    /// normalised.
    NeedsDataCount {
        /// Index of the first function using such an instruction.
        func: u32,
    },
    /// wasm-encoder could not re-encode the module.
    Reencode(String),
    /// The module is valid WebAssembly but breaks one or more of Nitro's rules.
    Rejected(Vec<Violation>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Malformed { offset, message } => {
                write!(
                    f,
                    "not a valid WebAssembly module: {message} (at byte {offset:#x})"
                )
            }
            Error::NotACoreModule => {
                f.write_str("input is a WebAssembly component, not a core module")
            }
            Error::NeedsDataCount { func } => write!(
                f,
                "function {func} uses memory.init/data.drop, which require a DataCount section; \
                 Nitro rejects DataCount sections, so the program cannot be deployed"
            ),
            Error::Reencode(message) => write!(f, "re-encoding the module failed: {message}"),
            Error::Rejected(violations) => {
                write!(
                    f,
                    "the module would be rejected by Nitro ({} problem",
                    violations.len()
                )?;
                f.write_str(if violations.len() == 1 { ")" } else { "s)" })?;
                for violation in violations {
                    write!(f, "\n  - {violation}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<BinaryReaderError> for Error {
    fn from(e: BinaryReaderError) -> Self {
        Error::Malformed {
            offset: e.offset(),
            message: e.message().to_string(),
        }
    }
}

/// One reason Nitro would refuse to activate a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// The module needs a WebAssembly proposal Nitro does not support.
    UnsupportedFeature {
        /// The proposal, e.g. `reference-types` or `simd`.
        feature: &'static str,
        /// The first validation error under Nitro's feature set.
        detail: String,
    },
    /// The module is valid with all proposals enabled but not with Nitro's,
    /// and no single proposal could be blamed.
    InvalidForNitro {
        /// The validation error under Nitro's feature set.
        detail: String,
    },
    /// A floating-point instruction; Nitro rejects float arithmetic.
    FloatInstruction {
        /// Function index (in the function index space, imports included).
        func: u32,
        /// Byte offset of the instruction.
        offset: u64,
        /// The instruction, e.g. `F64Add`.
        op: String,
    },
    /// A floating-point value type in a signature, local or global.
    FloatType {
        /// Where the type appears, e.g. `type 3` or `locals of function 12`.
        location: String,
    },
    /// The module has a DataCount section.
    DataCountSection,
    /// The module has a start function; Stylus programs may not.
    StartFunction {
        /// Index of the start function.
        func: u32,
    },
    /// An import from a module other than [`HOST_MODULE`].
    DisallowedImport {
        /// Import module name.
        module: String,
        /// Import field name.
        name: String,
    },
    /// An import of a memory, table, global or tag (only functions may be
    /// imported).
    NonFunctionImport {
        /// Import module name.
        module: String,
        /// Import field name.
        name: String,
    },
    /// A required export is absent.
    MissingExport {
        /// The missing export.
        name: &'static str,
    },
    /// A required export exists but is of the wrong kind.
    WrongExportKind {
        /// The export.
        name: &'static str,
        /// What it should be (`function` or `memory`).
        expected: &'static str,
    },
    /// `user_entrypoint` does not have type `(i32) -> i32`.
    EntrypointSignature {
        /// The signature found.
        found: String,
    },
    /// An export other than `user_entrypoint` and `memory`.
    UnexpectedExport {
        /// The export's name.
        name: String,
    },
    /// Not exactly one linear memory.
    MemoryCount {
        /// Memories defined or imported.
        count: usize,
    },
    /// The memory's initial size exceeds [`MAX_INITIAL_PAGES`].
    TooManyPages {
        /// Initial pages.
        initial: u64,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::UnsupportedFeature { feature, detail } => {
                write!(f, "uses the `{feature}` proposal, which Nitro does not support ({detail})")
            }
            Violation::InvalidForNitro { detail } => {
                write!(f, "invalid under Nitro's WebAssembly feature set: {detail}")
            }
            Violation::FloatInstruction { func, offset, op } => write!(
                f,
                "floating-point instruction {op} in function {func} (at byte {offset:#x}); \
                 Nitro rejects float arithmetic"
            ),
            Violation::FloatType { location } => {
                write!(f, "floating-point value type in {location}; Nitro rejects floats")
            }
            Violation::DataCountSection => {
                f.write_str("has a DataCount section, which Nitro rejects (\"unsupported section type\")")
            }
            Violation::StartFunction { func } => {
                write!(f, "declares start function {func}; Stylus programs may not have one")
            }
            Violation::DisallowedImport { module, name } => write!(
                f,
                "imports `{module}.{name}`; only `{HOST_MODULE}.*` host functions are available \
                 (is a debug-only feature such as stylus-sdk/debug enabled?)"
            ),
            Violation::NonFunctionImport { module, name } => {
                write!(f, "imports `{module}.{name}`, which is not a function")
            }
            Violation::MissingExport { name } => write!(f, "does not export `{name}`"),
            Violation::WrongExportKind { name, expected } => {
                write!(f, "exports `{name}`, but not as a {expected}")
            }
            Violation::EntrypointSignature { found } => {
                write!(f, "`{ENTRYPOINT}` has type {found}; expected (i32) -> i32")
            }
            Violation::UnexpectedExport { name } => write!(
                f,
                "exports `{name}`; a Stylus program exports only `{ENTRYPOINT}` and `{MEMORY_EXPORT}`"
            ),
            Violation::MemoryCount { count } => {
                write!(f, "has {count} linear memories; exactly one is required")
            }
            Violation::TooManyPages { initial } => write!(
                f,
                "memory starts at {initial} pages; Nitro's limit is {MAX_INITIAL_PAGES} \
                 (is the stack size linker argument missing?)"
            ),
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

/// Re-encodes `wasm` into the form Nitro accepts.
///
/// Every instruction is re-encoded canonically (in particular `call_indirect`
/// gets the one-byte table index `0x00`), the DataCount section, all custom
/// sections (`name`, `producers`, `target_features`, ...) and the
/// [`LINKER_EXPORTS`] are dropped. Everything else is preserved in order.
///
/// The result is not validated; call [`validate`] on it.
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

fn reencode_error<E: fmt::Display>(e: wasm_encoder::reencode::Error<E>) -> Error {
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

/// Checks that `wasm` is a program Nitro would activate.
///
/// The module must validate with [`NITRO_FEATURES`] (a named
/// [`Violation::UnsupportedFeature`] is reported for each foreign proposal it
/// relies on) and must satisfy the Stylus module rules listed in the module
/// documentation. All violations found are reported together.
pub fn validate(wasm: &[u8]) -> Result<ModuleSummary, Error> {
    Validator::new_with_features(WasmFeatures::all()).validate_all(wasm)?;

    let mut violations = Vec::new();
    if let Err(nitro_err) = Validator::new_with_features(NITRO_FEATURES).validate_all(wasm) {
        let detail = format!("{} at byte {:#x}", nitro_err.message(), nitro_err.offset());
        let before = violations.len();
        for &(feature, bits) in FOREIGN_FEATURES {
            let without = WasmFeatures::all().difference(bits);
            if Validator::new_with_features(without)
                .validate_all(wasm)
                .is_err()
            {
                violations.push(Violation::UnsupportedFeature {
                    feature,
                    detail: detail.clone(),
                });
            }
        }
        if violations.len() == before {
            violations.push(Violation::InvalidForNitro { detail });
        }
    }

    let summary = check_rules(wasm, &mut violations)?;
    if violations.is_empty() {
        Ok(summary)
    } else {
        Err(Error::Rejected(violations))
    }
}

/// The Stylus/Nitro rules that are not WebAssembly feature flags.
fn check_rules(wasm: &[u8], violations: &mut Vec<Violation>) -> Result<ModuleSummary, Error> {
    let mut summary = ModuleSummary::default();
    // Signature of every type index, and type index of every function.
    let mut types: Vec<Option<(Vec<ValType>, Vec<ValType>)>> = Vec::new();
    let mut func_types: Vec<u32> = Vec::new();
    let mut imported_funcs = 0u32;
    let mut memories = 0usize;
    let mut exports: Vec<(String, ExternalKind, u32)> = Vec::new();
    let mut body_index = 0u32;

    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::TypeSection(section) => {
                for group in section {
                    for sub in group?.into_types() {
                        let index = types.len();
                        match &sub.composite_type.inner {
                            CompositeInnerType::Func(ft) => {
                                if ft.params().iter().chain(ft.results()).any(is_float) {
                                    violations.push(Violation::FloatType {
                                        location: format!("type {index} ({ft})"),
                                    });
                                }
                                types.push(Some((ft.params().to_vec(), ft.results().to_vec())));
                            }
                            _ => types.push(None),
                        }
                    }
                }
            }
            Payload::ImportSection(section) => {
                for import in section.into_imports() {
                    let import = import?;
                    match import.ty {
                        TypeRef::Func(ty) | TypeRef::FuncExact(ty) => {
                            imported_funcs += 1;
                            func_types.push(ty);
                        }
                        TypeRef::Memory(_) => {
                            memories += 1;
                            violations.push(non_function_import(&import));
                        }
                        _ => violations.push(non_function_import(&import)),
                    }
                    if import.module != HOST_MODULE {
                        violations.push(Violation::DisallowedImport {
                            module: import.module.to_string(),
                            name: import.name.to_string(),
                        });
                    } else {
                        summary
                            .imports
                            .push(format!("{}.{}", import.module, import.name));
                    }
                }
            }
            Payload::FunctionSection(section) => {
                for ty in section {
                    func_types.push(ty?);
                    summary.functions += 1;
                }
            }
            Payload::MemorySection(section) => {
                for memory in section {
                    let memory = memory?;
                    memories += 1;
                    summary.initial_pages = memory.initial;
                    if memory.initial > MAX_INITIAL_PAGES {
                        violations.push(Violation::TooManyPages {
                            initial: memory.initial,
                        });
                    }
                }
            }
            Payload::GlobalSection(section) => {
                for (index, global) in section.into_iter().enumerate() {
                    if is_float(&global?.ty.content_type) {
                        violations.push(Violation::FloatType {
                            location: format!("global {index}"),
                        });
                    }
                }
            }
            Payload::ExportSection(section) => {
                for export in section {
                    let export = export?;
                    exports.push((export.name.to_string(), export.kind, export.index));
                }
            }
            Payload::StartSection { func, .. } => {
                violations.push(Violation::StartFunction { func });
            }
            Payload::DataCountSection { .. } => violations.push(Violation::DataCountSection),
            Payload::DataSection(section) => summary.data_segments = section.count() as usize,
            Payload::CodeSectionEntry(body) => {
                let func = imported_funcs + body_index;
                body_index += 1;
                for local in body.get_locals_reader()? {
                    if is_float(&local?.1) {
                        violations.push(Violation::FloatType {
                            location: format!("locals of function {func}"),
                        });
                        break;
                    }
                }
                let mut reader = body.get_operators_reader()?;
                while !reader.eof() {
                    let (op, offset) = reader.read_with_offset()?;
                    if let Some(name) = float_op_name(&op) {
                        violations.push(Violation::FloatInstruction {
                            func,
                            offset,
                            op: name,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    if memories != 1 {
        violations.push(Violation::MemoryCount { count: memories });
    }
    check_exports(&exports, &types, &func_types, violations);
    Ok(summary)
}

fn non_function_import(import: &wasmparser::Import<'_>) -> Violation {
    Violation::NonFunctionImport {
        module: import.module.to_string(),
        name: import.name.to_string(),
    }
}

fn check_exports(
    exports: &[(String, ExternalKind, u32)],
    types: &[Option<(Vec<ValType>, Vec<ValType>)>],
    func_types: &[u32],
    violations: &mut Vec<Violation>,
) {
    let find = |name: &str| exports.iter().find(|(n, _, _)| n == name);
    match find(ENTRYPOINT) {
        None => violations.push(Violation::MissingExport { name: ENTRYPOINT }),
        Some((_, ExternalKind::Func, index)) => {
            let signature = func_types
                .get(*index as usize)
                .and_then(|ty| types.get(*ty as usize))
                .and_then(Option::as_ref);
            let expected = (vec![ValType::I32], vec![ValType::I32]);
            match signature {
                Some(sig) if *sig == expected => {}
                Some((params, results)) => violations.push(Violation::EntrypointSignature {
                    found: format!("{params:?} -> {results:?}"),
                }),
                None => violations.push(Violation::EntrypointSignature {
                    found: "<unknown>".into(),
                }),
            }
        }
        Some(_) => violations.push(Violation::WrongExportKind {
            name: ENTRYPOINT,
            expected: "function",
        }),
    }
    match find(MEMORY_EXPORT) {
        None => violations.push(Violation::MissingExport {
            name: MEMORY_EXPORT,
        }),
        Some((_, ExternalKind::Memory, _)) => {}
        Some(_) => violations.push(Violation::WrongExportKind {
            name: MEMORY_EXPORT,
            expected: "memory",
        }),
    }
    for (name, _, _) in exports {
        if name != ENTRYPOINT && name != MEMORY_EXPORT {
            violations.push(Violation::UnexpectedExport { name: name.clone() });
        }
    }
}

fn is_float(ty: &ValType) -> bool {
    matches!(ty, ValType::F32 | ValType::F64)
}

/// The name of `op` if it is a scalar floating-point instruction (arithmetic,
/// comparison, conversion, reinterpretation, constant, load or store).
///
/// SIMD lane operations such as `F32x4Add` are reported as the `simd`
/// proposal instead.
fn float_op_name(op: &Operator<'_>) -> Option<String> {
    let debug = format!("{op:?}");
    let name = debug
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default();
    let scalar_float = (name.contains("F32") || name.contains("F64"))
        && !name.contains("F32x4")
        && !name.contains("F64x2");
    scalar_float.then(|| name.to_string())
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
    let mut names = std::collections::HashMap::new();
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

/// Brotli-compresses `wasm` the way it is deployed: quality
/// [`BROTLI_QUALITY`], window [`BROTLI_WINDOW`], prefixed with
/// [`NITRO_PREFIX`].
pub fn compress(wasm: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = NITRO_PREFIX.to_vec();
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        writer.write_all(wasm)?;
        writer.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, ConstExpr, DataCountSection, DataSection, EntityType, ExportKind,
        ExportSection, Function, FunctionSection, ImportSection, Instruction, MemorySection,
        MemoryType, Module, StartSection, TypeSection, ValType as EncValType,
    };

    /// Builds a minimal valid Stylus program: one `vm_hooks` import, the
    /// `user_entrypoint` function (index 1) whose code is `body` (its argument
    /// is local 0; it must leave an i32) and an empty function (index 2)
    /// that can be made the start function.
    struct Builder {
        start: bool,
        data_count: bool,
        import_module: &'static str,
        body: Vec<Instruction<'static>>,
        locals: Vec<(u32, EncValType)>,
        linker_exports: bool,
    }

    impl Default for Builder {
        fn default() -> Self {
            Builder {
                start: false,
                data_count: false,
                import_module: HOST_MODULE,
                body: vec![Instruction::LocalGet(0)],
                locals: Vec::new(),
                linker_exports: false,
            }
        }
    }

    impl Builder {
        fn build(&self) -> Vec<u8> {
            let mut module = Module::new();
            let mut types = TypeSection::new();
            types.ty().function([EncValType::I32], [EncValType::I32]); // 0: entrypoint
            types.ty().function([], []); // 1: start
            types.ty().function([EncValType::I32, EncValType::I32], []); // 2: host fn
            module.section(&types);

            let mut imports = ImportSection::new();
            imports.import(self.import_module, "read_args", EntityType::Function(2));
            module.section(&imports);

            let mut funcs = FunctionSection::new();
            funcs.function(0);
            funcs.function(1);
            module.section(&funcs);

            let mut memories = MemorySection::new();
            memories.memory(MemoryType {
                minimum: 1,
                maximum: None,
                memory64: false,
                shared: false,
                page_size_log2: None,
            });
            module.section(&memories);

            if self.linker_exports {
                let mut globals = wasm_encoder::GlobalSection::new();
                let ty = wasm_encoder::GlobalType {
                    val_type: EncValType::I32,
                    mutable: false,
                    shared: false,
                };
                globals.global(ty, &ConstExpr::i32_const(1024));
                module.section(&globals);
            }

            let mut exports = ExportSection::new();
            exports.export(ENTRYPOINT, ExportKind::Func, 1);
            exports.export(MEMORY_EXPORT, ExportKind::Memory, 0);
            if self.linker_exports {
                exports.export("__data_end", ExportKind::Global, 0);
                exports.export("__heap_base", ExportKind::Global, 0);
            }
            module.section(&exports);

            if self.start {
                module.section(&StartSection { function_index: 2 });
            }
            if self.data_count {
                module.section(&DataCountSection { count: 1 });
            }

            let mut code = CodeSection::new();
            let mut entry = Function::new(self.locals.clone());
            for instruction in &self.body {
                entry.instruction(instruction);
            }
            entry.instruction(&Instruction::End);
            code.function(&entry);
            let mut start = Function::new([]);
            start.instruction(&Instruction::End);
            code.function(&start);
            module.section(&code);

            let mut data = DataSection::new();
            data.active(0, &ConstExpr::i32_const(16), b"stylus".iter().copied());
            module.section(&data);
            module.finish()
        }
    }

    fn violations(wasm: &[u8]) -> Vec<Violation> {
        match validate(wasm) {
            Err(Error::Rejected(v)) => v,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    #[test]
    fn minimal_program_is_accepted_and_normalisation_is_idempotent() {
        let wasm = Builder::default().build();
        let summary = validate(&wasm).expect("minimal program validates");
        assert_eq!(summary.imports, vec!["vm_hooks.read_args".to_string()]);
        assert_eq!(summary.functions, 2);
        assert_eq!(summary.initial_pages, 1);

        let (normalized, report) = normalize(&wasm).unwrap();
        assert_eq!(
            normalized, wasm,
            "a canonical module must round-trip byte for byte"
        );
        assert_eq!(report, NormalizeReport::default());
    }

    /// Hand-assembled module: `(func (param i32) (result i32) local.get 0
    /// call_indirect (type 0) table 0)` where the table index is encoded as
    /// the five-byte LEB `80 80 80 80 00`, as LLVM emits it.
    fn overlong_call_indirect_module() -> Vec<u8> {
        #[rustfmt::skip]
        let wasm: Vec<u8> = vec![
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
            // type section: 1 type, (func (param i32) (result i32))
            0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
            // function section: 1 function of type 0
            0x03, 0x02, 0x01, 0x00,
            // table section: 1 funcref table, min 1
            0x04, 0x04, 0x01, 0x70, 0x00, 0x01,
            // memory section: 1 memory, min 1
            0x05, 0x03, 0x01, 0x00, 0x01,
            // export section: "user_entrypoint" func 0, "memory" memory 0
            0x07, 0x1c, 0x02,
            0x0f, b'u', b's', b'e', b'r', b'_', b'e', b'n', b't', b'r', b'y', b'p', b'o', b'i', b'n', b't', 0x00, 0x00,
            0x06, b'm', b'e', b'm', b'o', b'r', b'y', 0x02, 0x00,
            // element section: active, table 0, offset i32.const 0, [func 0]
            0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00,
            // code section: 1 body
            0x0a, 0x0f, 0x01,
            0x0d, // body size
            0x00, // no locals
            0x20, 0x00, // local.get 0
            0x20, 0x00, // local.get 0 (table slot)
            0x11, 0x00, 0x80, 0x80, 0x80, 0x80, 0x00, // call_indirect type 0, table 0 (over-long)
            0x0b, // end
        ];
        wasm
    }

    #[test]
    fn overlong_call_indirect_is_rejected_before_and_canonical_after_normalisation() {
        let wasm = overlong_call_indirect_module();
        let before = violations(&wasm);
        assert!(
            before.iter().any(|v| matches!(
                v,
                Violation::UnsupportedFeature { feature, .. } if feature.starts_with("call-indirect-overlong")
            )),
            "{before:?}"
        );
        assert!(
            !before.iter().any(|v| matches!(
                v,
                Violation::UnsupportedFeature {
                    feature: "reference-types",
                    ..
                }
            )),
            "an over-long encoding alone must not be blamed on reference types: {before:?}"
        );

        let (normalized, report) = normalize(&wasm).unwrap();
        assert_eq!(report.call_indirect, 1);
        assert_eq!(report.call_indirect_overlong, 1);
        validate(&normalized).expect("normalised module is accepted");
        // The body shrank by exactly the four padding bytes and now ends in
        // `call_indirect 0 0x00; end`.
        assert_eq!(normalized.len(), wasm.len() - 4);
        assert!(normalized.ends_with(&[0x20, 0x00, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0b]));
    }

    #[test]
    fn data_count_section_is_rejected_and_removed() {
        let wasm = Builder {
            data_count: true,
            ..Builder::default()
        }
        .build();
        assert_eq!(violations(&wasm), vec![Violation::DataCountSection]);

        let (normalized, report) = normalize(&wasm).unwrap();
        assert!(report.data_count_removed);
        assert!(Parser::new(0)
            .parse_all(&normalized)
            .all(|p| !matches!(p, Ok(Payload::DataCountSection { .. }))));
        assert_eq!(normalized, Builder::default().build());
        validate(&normalized).unwrap();
    }

    #[test]
    fn memory_init_cannot_be_normalised() {
        let wasm = Builder {
            data_count: true,
            body: vec![
                Instruction::I32Const(0),
                Instruction::I32Const(0),
                Instruction::I32Const(0),
                Instruction::MemoryInit {
                    mem: 0,
                    data_index: 0,
                },
                Instruction::LocalGet(0),
            ],
            ..Builder::default()
        }
        .build();
        assert!(matches!(
            normalize(&wasm),
            Err(Error::NeedsDataCount { func: 1 })
        ));
    }

    #[test]
    fn custom_sections_are_dropped() {
        let mut wasm = Builder::default().build();
        // Append a `producers`-like custom section.
        let mut module = Module::new();
        module.section(&wasm_encoder::CustomSection {
            name: "producers".into(),
            data: b"rustc".as_slice().into(),
        });
        wasm.extend_from_slice(&module.finish()[8..]);
        let (normalized, report) = normalize(&wasm).unwrap();
        assert_eq!(
            report.custom_sections_removed,
            vec!["producers".to_string()]
        );
        assert_eq!(normalized, Builder::default().build());
    }

    #[test]
    fn linker_exports_are_rejected_and_dropped() {
        let wasm = Builder {
            linker_exports: true,
            ..Builder::default()
        }
        .build();
        assert_eq!(
            violations(&wasm),
            vec![
                Violation::UnexpectedExport {
                    name: "__data_end".into()
                },
                Violation::UnexpectedExport {
                    name: "__heap_base".into()
                },
            ]
        );
        let (normalized, report) = normalize(&wasm).unwrap();
        assert_eq!(report.exports_removed, ["__data_end", "__heap_base"]);
        validate(&normalized).expect("only the unused global remains");
    }

    #[test]
    fn float_instruction_is_rejected() {
        let wasm = Builder {
            body: vec![
                Instruction::F64Const(1.5.into()),
                Instruction::F64Const(2.0.into()),
                Instruction::F64Add,
                Instruction::I32TruncSatF64S,
            ],
            ..Builder::default()
        }
        .build();
        let found = violations(&wasm);
        let ops: Vec<&str> = found
            .iter()
            .filter_map(|v| match v {
                Violation::FloatInstruction { func: 1, op, .. } => Some(op.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(ops, ["F64Const", "F64Const", "F64Add", "I32TruncSatF64S"]);
        assert_eq!(found.len(), 4, "{found:?}");
    }

    #[test]
    fn float_local_is_rejected() {
        let wasm = Builder {
            locals: vec![(1, EncValType::F32)],
            ..Builder::default()
        }
        .build();
        assert_eq!(
            violations(&wasm),
            vec![Violation::FloatType {
                location: "locals of function 1".into()
            }]
        );
    }

    #[test]
    fn reference_type_instruction_is_rejected() {
        let wasm = Builder {
            body: vec![
                Instruction::RefNull(wasm_encoder::HeapType::FUNC),
                Instruction::RefIsNull,
            ],
            ..Builder::default()
        }
        .build();
        let found = violations(&wasm);
        assert!(
            found.iter().any(|v| matches!(
                v,
                Violation::UnsupportedFeature {
                    feature: "reference-types",
                    ..
                }
            )),
            "{found:?}"
        );
    }

    #[test]
    fn simd_instruction_is_rejected() {
        let wasm = Builder {
            body: vec![
                Instruction::LocalGet(0),
                Instruction::I32x4Splat,
                Instruction::I32x4ExtractLane(0),
            ],
            ..Builder::default()
        }
        .build();
        let found = violations(&wasm);
        assert!(
            found.iter().any(|v| matches!(
                v,
                Violation::UnsupportedFeature {
                    feature: "simd",
                    ..
                }
            )),
            "{found:?}"
        );
    }

    #[test]
    fn start_function_is_rejected() {
        let wasm = Builder {
            start: true,
            ..Builder::default()
        }
        .build();
        assert_eq!(
            violations(&wasm),
            vec![Violation::StartFunction { func: 2 }]
        );
    }

    #[test]
    fn foreign_import_is_rejected() {
        let wasm = Builder {
            import_module: "console",
            ..Builder::default()
        }
        .build();
        assert_eq!(
            violations(&wasm),
            vec![Violation::DisallowedImport {
                module: "console".into(),
                name: "read_args".into()
            }]
        );
    }

    #[test]
    fn garbage_is_malformed() {
        assert!(matches!(
            validate(b"\0asm\x01\0\0\0\x01"),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            normalize(b"not wasm"),
            Err(Error::Malformed { .. })
        ));
    }

    #[test]
    fn function_sizes_are_sorted_and_named() {
        let mut wasm = Builder {
            body: vec![
                Instruction::LocalGet(0),
                Instruction::Drop,
                Instruction::LocalGet(0),
            ],
            ..Builder::default()
        }
        .build();
        let mut names = wasm_encoder::NameSection::new();
        let mut map = wasm_encoder::NameMap::new();
        map.append(1, "entry");
        names.functions(&map);
        let mut module = Module::new();
        module.section(&names);
        wasm.extend_from_slice(&module.finish()[8..]);

        let sizes = function_sizes(&wasm).unwrap();
        assert_eq!(
            sizes,
            vec![
                FunctionSize {
                    index: 1,
                    name: Some("entry".into()),
                    len: 7
                },
                FunctionSize {
                    index: 2,
                    name: None,
                    len: 2
                },
            ]
        );
    }

    #[test]
    fn compression_has_nitro_prefix_and_round_trips() {
        let wasm = Builder::default().build();
        let compressed = compress(&wasm).unwrap();
        assert_eq!(compressed[..4], NITRO_PREFIX);
        let mut decompressed = Vec::new();
        brotli::BrotliDecompress(&mut &compressed[4..], &mut decompressed).unwrap();
        assert_eq!(decompressed, wasm);
    }
}
