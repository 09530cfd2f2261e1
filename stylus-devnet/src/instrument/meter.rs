//! The ink meter: before each basic block, `if ink < cost { status = 1; trap }` then
//! `ink -= cost`, with cost = Σ opcode ink + the block header's.

use wasmparser::{BlockType, Operator};

use super::shared::{Globals, ModuleInfo};
use crate::pricing::{opcode_ink, INK_HEADER_COST};

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

/// Pass 1: charges each basic block's ink before it runs.
pub(super) fn ink_meter<'a>(
    info: &ModuleInfo,
    g: &Globals,
    ops: Vec<Operator<'a>>,
) -> Vec<Operator<'a>> {
    use Operator::*;
    let empty = BlockType::Empty;
    let params_of = |ty: u32| info.types.get(ty as usize).map_or(0, |t| t.params().len());
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
    metered
}
