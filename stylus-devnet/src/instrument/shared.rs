//! What the instrumentation passes share: the globals they add and their limits, the parsed
//! module, the result, and the operator classes Nitro rejects.

use wasmparser::{
    Data, Element, ExternalKind, FuncType, FunctionBody, Global, MemoryType, Operator, TableType,
};

use crate::rules::ActivationError;

/// Export names of the instrumentation globals.
pub const STYLUS_INK_LEFT: &str = "stylus_ink_left";
/// 0 while ink remains, 1 once exhausted.
pub const STYLUS_INK_STATUS: &str = "stylus_ink_status";
/// Scratch global shared by the dynamic meter and the heap bound.
pub const STYLUS_SCRATCH_GLOBAL: &str = "stylus_scratch_global";
/// Words of stack left for the depth checker.
pub const STYLUS_STACK_LEFT: &str = "stylus_stack_left";

/// Maximum frame size in words (Stylus v1/v2).
pub const MAX_FRAME_SIZE: u32 = 10 * 1024;
/// Maximum operand-stack height per frame (Stylus v1/v2).
pub const MAX_FRAME_CONTENTION: u32 = 4096;

/// What the activation parser learned about a module.
#[derive(Default)]
pub(crate) struct ModuleInfo<'a> {
    pub types: Vec<FuncType>,
    pub imports: Vec<(&'a str, &'a str, u32)>,
    pub functions: Vec<u32>,
    pub tables: Vec<TableType>,
    pub memories: Vec<MemoryType>,
    pub globals: Vec<Global<'a>>,
    pub exports: Vec<(&'a str, ExternalKind, u32)>,
    pub start: Option<u32>,
    pub elements: Vec<Element<'a>>,
    pub datas: Vec<Data<'a>>,
    pub codes: Vec<FunctionBody<'a>>,
    pub module_name_len: usize,
    pub pay_func: Option<u32>,
    pub type_section: Option<wasmparser::TypeSectionReader<'a>>,
    pub import_section: Option<wasmparser::ImportSectionReader<'a>>,
    pub function_section: Option<wasmparser::FunctionSectionReader<'a>>,
    pub table_section: Option<wasmparser::TableSectionReader<'a>>,
    pub memory_section: Option<wasmparser::MemorySectionReader<'a>>,
    pub global_section: Option<wasmparser::GlobalSectionReader<'a>>,
    pub element_section: Option<wasmparser::ElementSectionReader<'a>>,
    pub data_section: Option<wasmparser::DataSectionReader<'a>>,
}

impl ModuleInfo<'_> {
    /// Type of function `index` (imports first).
    pub(crate) fn func_type(&self, index: u32) -> Option<&FuncType> {
        let index = index as usize;
        let ty = match index.checked_sub(self.imports.len()) {
            None => self.imports[index].2,
            Some(local) => *self.functions.get(local)?,
        };
        self.types.get(ty as usize)
    }

    /// Initial pages of the (single) memory.
    pub(crate) fn memory_min(&self) -> u64 {
        self.memories.first().map_or(0, |m| m.initial)
    }
}

/// The instrumented module and per-function statistics.
pub(crate) struct Instrumented {
    pub wasm: Vec<u8>,
    /// Declared locals per function body.
    pub locals: Vec<u32>,
    /// Operators per function body after instrumentation.
    pub op_counts: Vec<usize>,
    /// Exports kept by the start mover.
    pub kept_exports: usize,
}

pub(crate) struct Globals {
    pub ink: u32,
    pub status: u32,
    pub scratch: u32,
    pub stack: u32,
}

/// True for the float operators Nitro cannot lower for user programs (everything but
/// const, load, store and reinterpret).
pub(crate) fn is_float_arithmetic(op: &Operator) -> bool {
    use Operator::*;
    matches!(
        op,
        F32Eq
            | F32Ne
            | F32Lt
            | F32Gt
            | F32Le
            | F32Ge
            | F64Eq
            | F64Ne
            | F64Lt
            | F64Gt
            | F64Le
            | F64Ge
            | F32Abs
            | F32Neg
            | F32Ceil
            | F32Floor
            | F32Trunc
            | F32Nearest
            | F32Sqrt
            | F32Add
            | F32Sub
            | F32Mul
            | F32Div
            | F32Min
            | F32Max
            | F32Copysign
            | F64Abs
            | F64Neg
            | F64Ceil
            | F64Floor
            | F64Trunc
            | F64Nearest
            | F64Sqrt
            | F64Add
            | F64Sub
            | F64Mul
            | F64Div
            | F64Min
            | F64Max
            | F64Copysign
            | I32TruncF32S
            | I32TruncF32U
            | I32TruncF64S
            | I32TruncF64U
            | I64TruncF32S
            | I64TruncF32U
            | I64TruncF64S
            | I64TruncF64U
            | F32ConvertI32S
            | F32ConvertI32U
            | F32ConvertI64S
            | F32ConvertI64U
            | F32DemoteF64
            | F64ConvertI32S
            | F64ConvertI32U
            | F64ConvertI64S
            | F64ConvertI64U
            | F64PromoteF32
            | I32TruncSatF32S
            | I32TruncSatF32U
            | I32TruncSatF64S
            | I32TruncSatF64U
            | I64TruncSatF32S
            | I64TruncSatF32U
            | I64TruncSatF64S
            | I64TruncSatF64U
    )
}

pub(crate) fn internal(e: impl std::fmt::Display) -> ActivationError {
    ActivationError::Internal(e.to_string())
}
