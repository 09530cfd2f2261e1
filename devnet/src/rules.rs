//! What activation refuses and the names it checks for: the [`ActivationError`] of every
//! Nitro rule, the Stylus code prefix and the entrypoint's name. Shared by activation
//! ([`crate::activation`]) and instrumentation ([`crate::instrument`]), which both report
//! violations, so that neither module imports the other's internals.

use std::fmt;

/// The three-byte "EOF-inspired" discriminant of a classic Stylus program.
pub const STYLUS_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x00];
/// Name of the program's entry point export.
pub const ENTRYPOINT: &str = "user_entrypoint";

/// Why a program cannot be activated. Each variant names one Nitro rule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // fields are the offending values, named after the rule
pub enum ActivationError {
    /// Deployed code that is neither `\0asm…` nor `EF F0 00 <dict> <brotli>`.
    NotAStylusProgram,
    /// The dictionary byte of the prefix is not supported (only 0 = none is, here).
    UnsupportedDictionary(u8),
    /// The brotli stream is corrupt.
    Decompression(String),
    /// Uncompressed wasm larger than MaxWasmSize.
    WasmTooLarge { size: usize, limit: usize },
    /// Deployed code (4-byte prefix + brotli q11) larger than the max code size.
    CodeTooLarge { size: usize, limit: usize },
    /// The wasm uses a disabled WebAssembly feature (reference types, SIMD, threads, ...).
    UnsupportedFeature {
        feature: &'static str,
        message: String,
    },
    /// Wasm validation failed for another reason.
    InvalidWasm(String),
    /// wasm binary version other than 1.
    UnsupportedVersion(u32),
    /// A section Nitro does not accept (e.g. DataCount, tag, unknown ids).
    UnsupportedSection(String),
    /// An import that is not a function (memory, table, global, tag).
    UnsupportedImportKind {
        module: String,
        name: String,
        kind: &'static str,
    },
    /// The same (module, name) imported with different types.
    InconsistentImport { module: String, name: String },
    /// An export with the same name as an import.
    ExportShadowsImport(String),
    /// Import names starting with `stylus` are reserved.
    ReservedImport(String),
    /// Export names starting with `stylus` are reserved.
    ReservedExport(String),
    /// A global initializer that is not a single constant.
    NonConstantGlobal(u32),
    /// Start functions are not allowed.
    StartFunction(u32),
    /// No memory is defined.
    MissingMemory,
    /// More than one memory.
    MultipleMemories(usize),
    /// The memory is not exported as `memory`.
    MemoryNotExported,
    /// Initial memory above the heap bound (128 pages).
    MemoryTooLarge { pages: u64, limit: u64 },
    /// Initial memory above the pages still available in the transaction.
    MemoryExceedsPageLimit { pages: u64, limit: u64 },
    /// The memory can grow (max ≠ min) but `vm_hooks.pay_for_memory_grow` is not imported.
    MissingPayForMemoryGrow,
    /// An opcode Nitro's instrumentation refuses (memory.init, data.drop, table.*, elem.drop, …).
    UnsupportedOperator { func: u32, op: String },
    /// A floating-point operation other than const/load/store/reinterpret.
    FloatOperation { func: u32, op: String },
    /// A function's worst-case frame (stack + locals + 4) exceeds 10,240 words.
    FrameTooLarge { func: u32, size: u32, limit: u32 },
    /// More than 4,096 values live on a function's operand stack at once.
    StackContention { func: u32, height: u32, limit: u32 },
    /// `user_entrypoint` is not exported.
    MissingEntrypoint,
    /// `user_entrypoint` is not a function, or not `(i32) -> i32`.
    BadEntrypoint(String),
    /// A count above one of Nitro's anti-DoS limits (`what` names it).
    LimitExceeded {
        what: &'static str,
        count: u64,
        limit: u64,
    },
    /// A function body with more than 348 locals.
    TooManyLocals { func: u32, count: u64, limit: u64 },
    /// A function body with more than 65,536 operators (after instrumentation).
    TooManyOperators { func: u32, count: u64, limit: u64 },
    /// An export or module name longer than 512 bytes.
    NameTooLong {
        what: &'static str,
        len: usize,
        limit: usize,
    },
    /// An import outside `vm_hooks`' 42 hostios (or a `console`/`debug` import).
    UnknownImport { module: String, name: String },
    /// A known hostio imported with the wrong signature.
    ImportSignature {
        name: String,
        expected: String,
        found: String,
    },
    /// A data or element segment that is not active with a constant in-bounds offset.
    BadSegment(String),
    /// Internal: the instrumented module could not be produced.
    Internal(String),
}

impl fmt::Display for ActivationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ActivationError::*;
        match self {
            NotAStylusProgram => write!(f, "not a wasm module nor a Stylus program (EF F0 00 prefix)"),
            UnsupportedDictionary(d) => write!(f, "unsupported brotli dictionary type {d}"),
            Decompression(e) => write!(f, "failed to decompress program: {e}"),
            WasmTooLarge { size, limit } => {
                write!(f, "wasm is {size} bytes uncompressed, above MaxWasmSize {limit}")
            }
            CodeTooLarge { size, limit } => write!(
                f,
                "compressed program is {size} bytes with its 4-byte prefix, above the max code size {limit}"
            ),
            UnsupportedFeature { feature, message } => {
                write!(f, "wasm uses the {feature} feature, which Stylus disables: {message}")
            }
            InvalidWasm(e) => write!(f, "invalid wasm: {e}"),
            UnsupportedVersion(v) => write!(f, "wasm format version {v} not supported"),
            UnsupportedSection(s) => write!(f, "unsupported section type {s}"),
            UnsupportedImportKind { module, name, kind } => {
                write!(f, "unsupported import kind: {module}.{name} is a {kind} (only functions)")
            }
            InconsistentImport { module, name } => {
                write!(f, "inconsistent imports for {module}.{name}")
            }
            ExportShadowsImport(n) => write!(f, "binary exports an import with the same name {n}"),
            ReservedImport(n) => write!(f, "binary imports reserved symbol {n}"),
            ReservedExport(n) => write!(f, "binary exports reserved symbol {n}"),
            NonConstantGlobal(i) => write!(f, "non-constant initializer for global {i}"),
            StartFunction(i) => write!(f, "start functions not allowed (start = func {i})"),
            MissingMemory => write!(f, "missing memory with export name \"memory\""),
            MultipleMemories(n) => write!(f, "only one memory is allowed, found {n}"),
            MemoryNotExported => write!(f, "memory 0 is not exported as \"memory\""),
            MemoryTooLarge { pages, limit } => {
                write!(f, "memory size {pages} pages exceeds bound {limit}")
            }
            MemoryExceedsPageLimit { pages, limit } => {
                write!(f, "memory exceeds limit: {pages} > {limit} pages")
            }
            MissingPayForMemoryGrow => write!(
                f,
                "memory can grow (max != min) but vm_hooks.pay_for_memory_grow (i32)->() is not imported"
            ),
            UnsupportedOperator { func, op } => {
                write!(f, "opcode not supported in func {func}: {op}")
            }
            FloatOperation { func, op } => {
                write!(f, "no implementation for floating point operation {op} in func {func}")
            }
            FrameTooLarge { func, size, limit } => {
                write!(f, "frame too large in func {func}: {size} > {limit}-word limit")
            }
            StackContention { func, height, limit } => {
                write!(f, "too many values on the stack at once in func {func}: {height} > {limit}")
            }
            MissingEntrypoint => write!(f, "missing export with name {ENTRYPOINT}"),
            BadEntrypoint(e) => write!(f, "bad {ENTRYPOINT}: {e}"),
            LimitExceeded { what, count, limit } => {
                write!(f, "too many wasm {what}: {count} > {limit}")
            }
            TooManyLocals { func, count, limit } => {
                write!(f, "too many wasm locals in func {func}: {count} > {limit}")
            }
            TooManyOperators { func, count, limit } => {
                write!(f, "too many wasm opcodes in func body {func}: {count} > {limit}")
            }
            NameTooLong { what, len, limit } => write!(f, "wasm {what} too long: {len} > {limit}"),
            UnknownImport { module, name } => write!(f, "no such import {name} in {module}"),
            ImportSignature { name, expected, found } => {
                write!(f, "import {name} has the wrong signature: expected {expected}, found {found}")
            }
            BadSegment(e) => write!(f, "{e}"),
            Internal(e) => write!(f, "internal instrumentation error: {e}"),
        }
    }
}

impl std::error::Error for ActivationError {}
