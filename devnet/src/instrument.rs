//! Rewrites a checked module the way Nitro instruments it at activation, so that the
//! instrumented module behaves on wasmi exactly like Nitro's native/WAVM code:
//!
//! 1. **start mover**: only `user_entrypoint` and `memory` stay exported;
//! 2. **ink meter** (`meter.rs`): before each basic block, `if ink < cost { status = 1; trap }`
//!    then `ink -= cost`, with cost = Σ opcode ink + 2450;
//! 3. **dynamic meter** (`dynamic.rs`): `memory.fill`/`memory.copy` pay 100 ink per byte first;
//! 4. **depth checker** (`depth.rs`): on entry `if stack_left <= frame { stack_left = 0; trap }`,
//!    `stack_left -= frame`, credited back before every `return` (an extra `return` is placed
//!    before the final `end`);
//! 5. **heap bound** (`heap.rs`): `pay_for_memory_grow(delta)` is called before `memory.grow`.
//!
//! Four globals are appended and exported: `stylus_ink_left` (i64), `stylus_ink_status` (i32),
//! `stylus_scratch_global` (i32), `stylus_stack_left` (i32). The same operator sequences as
//! Nitro's middlewares are produced, so frame sizes and operator counts match.

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, ElementSection, ExportKind, ExportSection,
    FunctionSection, GlobalSection, GlobalType, ImportSection, MemorySection, Module, TableSection,
    TypeSection, ValType as EncValType,
};
use wasmparser::{
    BlockType, Data, Element, ExternalKind, FuncType, FunctionBody, Global, MemoryType, Operator,
    TableType,
};

use crate::pricing::{opcode_ink, INK_HEADER_COST, MEMORY_COPY_INK, MEMORY_FILL_INK};
use crate::rules::{ActivationError, ENTRYPOINT};

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

struct Globals {
    ink: u32,
    status: u32,
    scratch: u32,
    stack: u32,
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

fn ends_basic_block(op: &Operator) -> bool {
    use Operator::*;
    matches!(
        op,
        End | Else
            | Return
            | Loop { .. }
            | Br { .. }
            | BrTable { .. }
            | BrIf { .. }
            | If { .. }
            | Call { .. }
            | CallIndirect { .. }
    )
}

fn internal(e: impl std::fmt::Display) -> ActivationError {
    ActivationError::Internal(e.to_string())
}

/// Instruments the module described by `info` (already checked by activation).
pub(crate) fn instrument(info: &ModuleInfo, _wasm: &[u8]) -> Result<Instrumented, ActivationError> {
    let mut re = RoundtripReencoder;
    let mut module = Module::new();

    let first_new_global = info.globals.len() as u32;
    let globals = Globals {
        ink: first_new_global,
        status: first_new_global + 1,
        scratch: first_new_global + 2,
        stack: first_new_global + 3,
    };

    if let Some(section) = info.type_section.clone() {
        let mut types = TypeSection::new();
        re.parse_type_section(&mut types, section)
            .map_err(internal)?;
        module.section(&types);
    }
    if let Some(section) = info.import_section.clone() {
        let mut imports = ImportSection::new();
        re.parse_import_section(&mut imports, section)
            .map_err(internal)?;
        module.section(&imports);
    }
    if let Some(section) = info.function_section.clone() {
        let mut funcs = FunctionSection::new();
        re.parse_function_section(&mut funcs, section)
            .map_err(internal)?;
        module.section(&funcs);
    }
    if let Some(section) = info.table_section.clone() {
        let mut tables = TableSection::new();
        re.parse_table_section(&mut tables, section)
            .map_err(internal)?;
        module.section(&tables);
    }
    if let Some(section) = info.memory_section.clone() {
        let mut memories = MemorySection::new();
        re.parse_memory_section(&mut memories, section)
            .map_err(internal)?;
        module.section(&memories);
    }
    let mut global_section = GlobalSection::new();
    if let Some(section) = info.global_section.clone() {
        re.parse_global_section(&mut global_section, section)
            .map_err(internal)?;
    }
    let mutable = |val_type| GlobalType {
        val_type,
        mutable: true,
        shared: false,
    };
    global_section.global(mutable(EncValType::I64), &ConstExpr::i64_const(0));
    global_section.global(mutable(EncValType::I32), &ConstExpr::i32_const(0));
    global_section.global(mutable(EncValType::I32), &ConstExpr::i32_const(0));
    global_section.global(mutable(EncValType::I32), &ConstExpr::i32_const(0));
    module.section(&global_section);

    let mut exports = ExportSection::new();
    let mut kept_exports = 0;
    for (name, kind, index) in &info.exports {
        match (*name, kind) {
            (ENTRYPOINT, ExternalKind::Func) => exports.export(name, ExportKind::Func, *index),
            ("memory", ExternalKind::Memory) => exports.export(name, ExportKind::Memory, *index),
            _ => continue,
        };
        kept_exports += 1;
    }
    exports.export(STYLUS_INK_LEFT, ExportKind::Global, globals.ink);
    exports.export(STYLUS_INK_STATUS, ExportKind::Global, globals.status);
    exports.export(STYLUS_SCRATCH_GLOBAL, ExportKind::Global, globals.scratch);
    exports.export(STYLUS_STACK_LEFT, ExportKind::Global, globals.stack);
    module.section(&exports);

    if let Some(section) = info.element_section.clone() {
        let mut elements = ElementSection::new();
        re.parse_element_section(&mut elements, section)
            .map_err(internal)?;
        module.section(&elements);
    }

    let mut code = CodeSection::new();
    let mut locals_counts = Vec::with_capacity(info.codes.len());
    let mut op_counts = Vec::with_capacity(info.codes.len());
    for (local_index, body) in info.codes.iter().enumerate() {
        let func_index = (info.imports.len() + local_index) as u32;
        let mut locals = 0u32;
        let mut reader = body.get_locals_reader().map_err(internal)?;
        for _ in 0..reader.get_count() {
            let (count, _) = reader.read().map_err(internal)?;
            locals = locals.saturating_add(count);
        }
        let mut ops = Vec::new();
        let mut reader = body.get_operators_reader().map_err(internal)?;
        while !reader.eof() {
            ops.push(reader.read().map_err(internal)?);
        }
        let ops = instrument_function(info, &globals, func_index, locals, ops)?;
        let mut function = re.new_function_with_parsed_locals(body).map_err(internal)?;
        for op in &ops {
            let ins = re.instruction(op.clone()).map_err(internal)?;
            function.instruction(&ins);
        }
        code.function(&function);
        locals_counts.push(locals);
        op_counts.push(ops.len());
    }
    module.section(&code);

    if let Some(section) = info.data_section.clone() {
        let mut datas = DataSection::new();
        re.parse_data_section(&mut datas, section)
            .map_err(internal)?;
        module.section(&datas);
    }

    Ok(Instrumented {
        wasm: module.finish(),
        locals: locals_counts,
        op_counts,
        kept_exports,
    })
}

fn instrument_function<'a>(
    info: &ModuleInfo,
    g: &Globals,
    func: u32,
    locals: u32,
    ops: Vec<Operator<'a>>,
) -> Result<Vec<Operator<'a>>, ActivationError> {
    use Operator::*;
    let empty = BlockType::Empty;
    let params_of = |ty: u32| info.types.get(ty as usize).map_or(0, |t| t.params().len());

    // 1. ink meter
    let mut metered = Vec::with_capacity(ops.len() * 2);
    let mut block: Vec<Operator<'a>> = Vec::new();
    let mut block_cost = 0u64;
    for op in ops {
        let end = ends_basic_block(&op);
        block_cost = block_cost.saturating_add(opcode_ink(&op, params_of));
        block.push(op);
        if end {
            let cost = block_cost.saturating_add(INK_HEADER_COST) as i64;
            metered.extend([
                GlobalGet {
                    global_index: g.ink,
                },
                I64Const { value: cost },
                I64LtU,
                If { blockty: empty },
                I32Const { value: 1 },
                GlobalSet {
                    global_index: g.status,
                },
                Unreachable,
                End,
                GlobalGet {
                    global_index: g.ink,
                },
                I64Const { value: cost },
                I64Sub,
                GlobalSet {
                    global_index: g.ink,
                },
            ]);
            metered.append(&mut block);
            block_cost = 0;
        }
    }

    // 2. dynamic meter
    let mut dynamic = Vec::with_capacity(metered.len());
    for op in metered {
        let coefficient = match op {
            MemoryFill { .. } => Some(MEMORY_FILL_INK as i64),
            MemoryCopy { .. } => Some(MEMORY_COPY_INK as i64),
            MemoryInit { .. }
            | DataDrop { .. }
            | ElemDrop { .. }
            | TableInit { .. }
            | TableCopy { .. }
            | TableFill { .. }
            | TableGet { .. }
            | TableSet { .. }
            | TableGrow { .. }
            | TableSize { .. } => {
                return Err(ActivationError::UnsupportedOperator {
                    func,
                    op: format!("{op:?}"),
                })
            }
            _ => None,
        };
        if let Some(coefficient) = coefficient {
            dynamic.extend([
                GlobalSet {
                    global_index: g.scratch,
                },
                GlobalGet {
                    global_index: g.ink,
                },
                GlobalGet {
                    global_index: g.ink,
                },
                GlobalGet {
                    global_index: g.scratch,
                },
                I64ExtendI32U,
                I64Const { value: coefficient },
                I64Mul,
                I64Sub,
                GlobalSet {
                    global_index: g.ink,
                },
                GlobalGet {
                    global_index: g.ink,
                },
                I64LtU,
                If { blockty: empty },
                I32Const { value: 1 },
                GlobalSet {
                    global_index: g.status,
                },
                Unreachable,
                End,
                GlobalGet {
                    global_index: g.scratch,
                },
            ]);
        }
        dynamic.push(op);
    }

    // 3. depth checker
    let worst = worst_case_depth(info, func, &dynamic)?;
    let size = worst + locals + 4;
    if size > MAX_FRAME_SIZE {
        return Err(ActivationError::FrameTooLarge {
            func,
            size,
            limit: MAX_FRAME_SIZE,
        });
    }
    let size = size as i32;
    let mut depth = Vec::with_capacity(dynamic.len() + 16);
    depth.extend([
        GlobalGet {
            global_index: g.stack,
        },
        I32Const { value: size },
        I32LeU,
        If { blockty: empty },
        I32Const { value: 0 },
        GlobalSet {
            global_index: g.stack,
        },
        Unreachable,
        End,
        GlobalGet {
            global_index: g.stack,
        },
        I32Const { value: size },
        I32Sub,
        GlobalSet {
            global_index: g.stack,
        },
    ]);
    let last = dynamic
        .pop()
        .ok_or_else(|| internal("empty function body"))?;
    dynamic.push(Return);
    dynamic.push(last);
    for op in dynamic {
        if matches!(op, Return) {
            depth.extend([
                GlobalGet {
                    global_index: g.stack,
                },
                I32Const { value: size },
                I32Add,
                GlobalSet {
                    global_index: g.stack,
                },
            ]);
        }
        depth.push(op);
    }

    // 4. heap bound
    let Some(pay) = info.pay_func else {
        return Ok(depth);
    };
    let mut out = Vec::with_capacity(depth.len());
    for op in depth {
        if matches!(op, MemoryGrow { .. }) {
            out.extend([
                GlobalSet {
                    global_index: g.scratch,
                },
                GlobalGet {
                    global_index: g.scratch,
                },
                GlobalGet {
                    global_index: g.scratch,
                },
                Call {
                    function_index: pay,
                },
            ]);
        }
        out.push(op);
    }
    Ok(out)
}

/// Nitro's worst-case operand-stack estimate (`depth.rs` `worst_case_depth`), including its
/// simplifications (block results pre-allocated at block entry, outs pushed before ins popped).
fn worst_case_depth(
    info: &ModuleInfo,
    func: u32,
    code: &[Operator],
) -> Result<u32, ActivationError> {
    use Operator::*;
    let mut worst: u32 = 0;
    let mut stack: u32 = 0;
    let mut scopes = vec![0u32];
    let unsupported = |op: &Operator| ActivationError::UnsupportedOperator {
        func,
        op: format!("{op:?}"),
    };

    macro_rules! push {
        ($n:expr) => {{
            stack += $n;
            worst = worst.max(stack);
        }};
    }
    macro_rules! pop {
        ($n:expr) => {{
            stack = stack.saturating_sub($n);
        }};
    }
    let ins_outs = |ty: &FuncType| (ty.params().len() as u32, ty.results().len() as u32);

    for op in code {
        match op {
            Block { blockty } | Loop { blockty } | If { blockty } => {
                if matches!(op, If { .. }) {
                    pop!(1);
                }
                match blockty {
                    BlockType::Empty => {}
                    BlockType::Type(_) => push!(1),
                    BlockType::FuncType(id) => {
                        let ty = info
                            .types
                            .get(*id as usize)
                            .ok_or_else(|| unsupported(op))?;
                        let (ins, outs) = ins_outs(ty);
                        push!(outs);
                        pop!(ins);
                    }
                }
                scopes.push(stack);
            }
            Else => {
                stack = *scopes
                    .last()
                    .ok_or_else(|| internal("malformed if-else scope"))?
            }
            End => stack = scopes.pop().ok_or_else(|| internal("malformed scoping"))?,
            Call { function_index } => {
                let ty = info
                    .func_type(*function_index)
                    .ok_or_else(|| unsupported(op))?;
                let (ins, outs) = ins_outs(ty);
                push!(outs);
                pop!(ins);
            }
            CallIndirect { type_index, .. } => {
                let ty = info
                    .types
                    .get(*type_index as usize)
                    .ok_or_else(|| unsupported(op))?;
                let (ins, outs) = ins_outs(ty);
                push!(outs);
                pop!(ins);
                pop!(1);
            }
            MemoryFill { .. } | MemoryCopy { .. } => pop!(3),

            Nop
            | Unreachable
            | I32Eqz
            | I64Eqz
            | I32Clz
            | I32Ctz
            | I32Popcnt
            | I64Clz
            | I64Ctz
            | I64Popcnt
            | Br { .. }
            | Return
            | LocalTee { .. }
            | MemoryGrow { .. }
            | I32Load { .. }
            | I64Load { .. }
            | F32Load { .. }
            | F64Load { .. }
            | I32Load8S { .. }
            | I32Load8U { .. }
            | I32Load16S { .. }
            | I32Load16U { .. }
            | I64Load8S { .. }
            | I64Load8U { .. }
            | I64Load16S { .. }
            | I64Load16U { .. }
            | I64Load32S { .. }
            | I64Load32U { .. }
            | I32WrapI64
            | I64ExtendI32S
            | I64ExtendI32U
            | I32Extend8S
            | I32Extend16S
            | I64Extend8S
            | I64Extend16S
            | I64Extend32S
            | F32Abs
            | F32Neg
            | F32Ceil
            | F32Floor
            | F32Trunc
            | F32Nearest
            | F32Sqrt
            | F64Abs
            | F64Neg
            | F64Ceil
            | F64Floor
            | F64Trunc
            | F64Nearest
            | F64Sqrt
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
            | I32ReinterpretF32
            | I64ReinterpretF64
            | F32ReinterpretI32
            | F64ReinterpretI64
            | I32TruncSatF32S
            | I32TruncSatF32U
            | I32TruncSatF64S
            | I32TruncSatF64U
            | I64TruncSatF32S
            | I64TruncSatF32U
            | I64TruncSatF64S
            | I64TruncSatF64U => {}

            LocalGet { .. }
            | GlobalGet { .. }
            | MemorySize { .. }
            | I32Const { .. }
            | I64Const { .. }
            | F32Const { .. }
            | F64Const { .. } => push!(1),

            Drop
            | I32Eq
            | I32Ne
            | I32LtS
            | I32LtU
            | I32GtS
            | I32GtU
            | I32LeS
            | I32LeU
            | I32GeS
            | I32GeU
            | I64Eq
            | I64Ne
            | I64LtS
            | I64LtU
            | I64GtS
            | I64GtU
            | I64LeS
            | I64LeU
            | I64GeS
            | I64GeU
            | F32Eq
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
            | I32Add
            | I32Sub
            | I32Mul
            | I32DivS
            | I32DivU
            | I32RemS
            | I32RemU
            | I64Add
            | I64Sub
            | I64Mul
            | I64DivS
            | I64DivU
            | I64RemS
            | I64RemU
            | I32And
            | I32Or
            | I32Xor
            | I32Shl
            | I32ShrS
            | I32ShrU
            | I32Rotl
            | I32Rotr
            | I64And
            | I64Or
            | I64Xor
            | I64Shl
            | I64ShrS
            | I64ShrU
            | I64Rotl
            | I64Rotr
            | F32Add
            | F32Sub
            | F32Mul
            | F32Div
            | F32Min
            | F32Max
            | F32Copysign
            | F64Add
            | F64Sub
            | F64Mul
            | F64Div
            | F64Min
            | F64Max
            | F64Copysign
            | BrIf { .. }
            | BrTable { .. }
            | LocalSet { .. }
            | GlobalSet { .. } => pop!(1),

            Select
            | I32Store { .. }
            | I64Store { .. }
            | F32Store { .. }
            | F64Store { .. }
            | I32Store8 { .. }
            | I32Store16 { .. }
            | I64Store8 { .. }
            | I64Store16 { .. }
            | I64Store32 { .. } => pop!(2),

            other => return Err(unsupported(other)),
        }
    }
    if worst > MAX_FRAME_CONTENTION {
        return Err(ActivationError::StackContention {
            func,
            height: worst,
            limit: MAX_FRAME_CONTENTION,
        });
    }
    Ok(worst)
}
