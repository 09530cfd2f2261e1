//! The dynamic meter: `memory.fill` and `memory.copy` pay their ink per byte first; the other
//! bulk-memory and table operators are rejected.

use wasmparser::{BlockType, Operator};

use super::shared::Globals;
use crate::pricing::{MEMORY_COPY_INK, MEMORY_FILL_INK};
use crate::rules::ActivationError;

/// Pass 2: charges `memory.fill`/`memory.copy` per byte before they run.
pub(super) fn dynamic_meter<'a>(
    g: &Globals,
    func: u32,
    metered: Vec<Operator<'a>>,
) -> Result<Vec<Operator<'a>>, ActivationError> {
    use Operator::*;
    let empty = BlockType::Empty;
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
    Ok(dynamic)
}
