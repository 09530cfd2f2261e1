//! The depth checker: on entry `if stack_left <= frame { stack_left = 0; trap }`,
//! `stack_left -= frame`, credited back before every `return` (an extra `return` is placed
//! before the final `end`); the frame is Nitro's worst-case operand-stack estimate.

use wasmparser::{BlockType, FuncType, Operator};

use super::shared::{internal, Globals, ModuleInfo, MAX_FRAME_CONTENTION, MAX_FRAME_SIZE};
use crate::rules::ActivationError;

/// Pass 3: charges the function's frame on entry and credits it back on return.
pub(super) fn depth_checker<'a>(
    info: &ModuleInfo,
    g: &Globals,
    func: u32,
    locals: u32,
    mut dynamic: Vec<Operator<'a>>,
) -> Result<Vec<Operator<'a>>, ActivationError> {
    use Operator::*;
    let empty = BlockType::Empty;
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
    Ok(depth)
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
