//! What activation refuses and the names it checks for: the [`ActivationError`] of every
//! Nitro rule, the Stylus code prefix and the entrypoint's name. Shared by activation
//! ([`crate::activation`]) and instrumentation ([`crate::instrument`]), which both report
//! violations, so that neither module imports the other's internals.

/// The three-byte "EOF-inspired" discriminant of a classic Stylus program.
pub const STYLUS_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x00];
/// Name of the program's entry point export.
pub const ENTRYPOINT: &str = "user_entrypoint";

/// Why a program cannot be activated. Each variant names one Nitro rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[allow(missing_docs)] // fields are the offending values, named after the rule
pub enum ActivationError {
    /// Deployed code that is neither `\0asm…` nor `EF F0 00 <dict> <brotli>`.
    #[error("not a wasm module nor a Stylus program (EF F0 00 prefix)")]
    NotAStylusProgram,
    /// The dictionary byte of the prefix is not supported (only 0 = none is, here).
    #[error("unsupported brotli dictionary type {0}")]
    UnsupportedDictionary(u8),
    /// The brotli stream is corrupt.
    #[error("failed to decompress program: {0}")]
    Decompression(String),
    /// Uncompressed wasm larger than MaxWasmSize.
    #[error("wasm is {size} bytes uncompressed, above MaxWasmSize {limit}")]
    WasmTooLarge { size: usize, limit: usize },
    /// Deployed code (4-byte prefix + brotli q11) larger than the max code size.
    #[error("compressed program is {size} bytes with its 4-byte prefix, above the max code size {limit}")]
    CodeTooLarge { size: usize, limit: usize },
    /// The wasm uses a disabled WebAssembly feature (reference types, SIMD, threads, ...).
    #[error("wasm uses the {feature} feature, which Stylus disables: {message}")]
    UnsupportedFeature {
        feature: &'static str,
        message: String,
    },
    /// Wasm validation failed for another reason.
    #[error("invalid wasm: {0}")]
    InvalidWasm(String),
    /// wasm binary version other than 1.
    #[error("wasm format version {0} not supported")]
    UnsupportedVersion(u32),
    /// A section Nitro does not accept (e.g. DataCount, tag, unknown ids).
    #[error("unsupported section type {0}")]
    UnsupportedSection(String),
    /// An import that is not a function (memory, table, global, tag).
    #[error("unsupported import kind: {module}.{name} is a {kind} (only functions)")]
    UnsupportedImportKind {
        module: String,
        name: String,
        kind: &'static str,
    },
    /// The same (module, name) imported with different types.
    #[error("inconsistent imports for {module}.{name}")]
    InconsistentImport { module: String, name: String },
    /// An export with the same name as an import.
    #[error("binary exports an import with the same name {0}")]
    ExportShadowsImport(String),
    /// Import names starting with `stylus` are reserved.
    #[error("binary imports reserved symbol {0}")]
    ReservedImport(String),
    /// Export names starting with `stylus` are reserved.
    #[error("binary exports reserved symbol {0}")]
    ReservedExport(String),
    /// A global initializer that is not a single constant.
    #[error("non-constant initializer for global {0}")]
    NonConstantGlobal(u32),
    /// Start functions are not allowed.
    #[error("start functions not allowed (start = func {0})")]
    StartFunction(u32),
    /// No memory is defined.
    #[error("missing memory with export name \"memory\"")]
    MissingMemory,
    /// More than one memory.
    #[error("only one memory is allowed, found {0}")]
    MultipleMemories(usize),
    /// The memory is not exported as `memory`.
    #[error("memory 0 is not exported as \"memory\"")]
    MemoryNotExported,
    /// Initial memory above the heap bound (128 pages).
    #[error("memory size {pages} pages exceeds bound {limit}")]
    MemoryTooLarge { pages: u64, limit: u64 },
    /// Initial memory above the pages still available in the transaction.
    #[error("memory exceeds limit: {pages} > {limit} pages")]
    MemoryExceedsPageLimit { pages: u64, limit: u64 },
    /// The memory can grow (max ≠ min) but `vm_hooks.pay_for_memory_grow` is not imported.
    #[error(
        "memory can grow (max != min) but vm_hooks.pay_for_memory_grow (i32)->() is not imported"
    )]
    MissingPayForMemoryGrow,
    /// An opcode Nitro's instrumentation refuses (memory.init, data.drop, table.*, elem.drop, …).
    #[error("opcode not supported in func {func}: {op}")]
    UnsupportedOperator { func: u32, op: String },
    /// A floating-point operation other than const/load/store/reinterpret.
    #[error("no implementation for floating point operation {op} in func {func}")]
    FloatOperation { func: u32, op: String },
    /// A function's worst-case frame (stack + locals + 4) exceeds 10,240 words.
    #[error("frame too large in func {func}: {size} > {limit}-word limit")]
    FrameTooLarge { func: u32, size: u32, limit: u32 },
    /// More than 4,096 values live on a function's operand stack at once.
    #[error("too many values on the stack at once in func {func}: {height} > {limit}")]
    StackContention { func: u32, height: u32, limit: u32 },
    /// `user_entrypoint` is not exported.
    #[error("missing export with name {ENTRYPOINT}")]
    MissingEntrypoint,
    /// `user_entrypoint` is not a function, or not `(i32) -> i32`.
    #[error("bad {ENTRYPOINT}: {0}")]
    BadEntrypoint(String),
    /// A count above one of Nitro's anti-DoS limits (`what` names it).
    #[error("too many wasm {what}: {count} > {limit}")]
    LimitExceeded {
        what: &'static str,
        count: u64,
        limit: u64,
    },
    /// A function body with more than 348 locals.
    #[error("too many wasm locals in func {func}: {count} > {limit}")]
    TooManyLocals { func: u32, count: u64, limit: u64 },
    /// A function body with more than 65,536 operators (after instrumentation).
    #[error("too many wasm opcodes in func body {func}: {count} > {limit}")]
    TooManyOperators { func: u32, count: u64, limit: u64 },
    /// An export or module name longer than 512 bytes.
    #[error("wasm {what} too long: {len} > {limit}")]
    NameTooLong {
        what: &'static str,
        len: usize,
        limit: usize,
    },
    /// An import outside `vm_hooks`' 42 hostios (or a `console`/`debug` import).
    #[error("no such import {name} in {module}")]
    UnknownImport { module: String, name: String },
    /// A known hostio imported with the wrong signature.
    #[error("import {name} has the wrong signature: expected {expected}, found {found}")]
    ImportSignature {
        name: String,
        expected: String,
        found: String,
    },
    /// A data or element segment that is not active with a constant in-bounds offset.
    #[error("{0}")]
    BadSegment(String),
    /// Internal: the instrumented module could not be produced.
    #[error("internal instrumentation error: {0}")]
    Internal(String),
}
