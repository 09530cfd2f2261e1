//! The heap bound: `pay_for_memory_grow(delta)` is called before every `memory.grow`.

use wasmparser::Operator;

use super::shared::{Globals, ModuleInfo};

/// Pass 4: calls `pay_for_memory_grow` before `memory.grow` (when the module imports it).
pub(super) fn heap_bound<'a>(
    info: &ModuleInfo,
    g: &Globals,
    depth: Vec<Operator<'a>>,
) -> Vec<Operator<'a>> {
    use Operator::*;
    let Some(pay) = info.pay_func else {
        return depth;
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
    out
}
