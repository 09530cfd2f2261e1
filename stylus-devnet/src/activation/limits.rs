//! Nitro's limits: the entrypoint and exports, and the sizes and counts of the parsed and the
//! instrumented module.

use wasmparser::{ExternalKind, ValType};

use super::config::ActivationConfig;
use super::hostios::fmt_sig;
use crate::instrument::{self, ModuleInfo};
use crate::rules::{ActivationError, ENTRYPOINT};

pub(super) fn check_limits(
    info: &ModuleInfo,
    out: &instrument::Instrumented,
    config: &ActivationConfig,
) -> Result<(), ActivationError> {
    use ActivationError as E;
    // entrypoint (checked by `instrument` in Nitro, after the middlewares)
    let entry = info.exports.iter().find(|(name, ..)| *name == ENTRYPOINT);
    let Some((_, kind, index)) = entry else {
        return Err(E::MissingEntrypoint);
    };
    if *kind != ExternalKind::Func {
        return Err(E::BadEntrypoint(format!(
            "export is a {kind:?}, not a function"
        )));
    }
    let ty = info.func_type(*index);
    if ty.map(|t| (t.params(), t.results())) != Some((&[ValType::I32][..], &[ValType::I32][..])) {
        return Err(E::BadEntrypoint(format!(
            "type is {}, expected (i32) -> (i32)",
            ty.map(fmt_sig).unwrap_or_default()
        )));
    }

    let pages = info.memory_min();
    if pages > u64::from(config.page_limit) {
        return Err(E::MemoryExceedsPageLimit {
            pages,
            limit: config.page_limit.into(),
        });
    }
    let limit = |what, count: usize, limit: u64| {
        if count as u64 > limit {
            Err(E::LimitExceeded {
                what,
                count: count as u64,
                limit,
            })
        } else {
            Ok(())
        }
    };
    limit("memories", info.memories.len(), 1)?;
    limit("datas", info.datas.len(), 128)?;
    limit("elements", info.elements.len(), 128)?;
    // after the start mover only whitelisted exports plus the 4 instrumentation globals remain
    limit("exports", out.kept_exports + 4, 1024)?;
    limit("functions", info.codes.len(), 4096)?;
    limit("globals", info.globals.len() + 4, 32_768)?;
    for (func, (locals, ops)) in out.locals.iter().zip(&out.op_counts).enumerate() {
        let func = func as u32;
        if *locals > 348 {
            return Err(E::TooManyLocals {
                func,
                count: *locals as u64,
                limit: 348,
            });
        }
        if *ops > 65_536 {
            return Err(E::TooManyOperators {
                func,
                count: *ops as u64,
                limit: 65_536,
            });
        }
    }
    if config.arbos_version >= 32 {
        limit("imports", info.imports.len(), 513)?;
    }
    let table_entries = info
        .tables
        .iter()
        .map(|t| t.initial)
        .fold(0u64, u64::saturating_add);
    if table_entries > 4096 {
        return Err(E::LimitExceeded {
            what: "table entries",
            count: table_entries,
            limit: 4096,
        });
    }
    // Nitro sums the binary byte ranges of the element segments here.
    let elem_entries = info
        .elements
        .iter()
        .map(|e| e.range.end - e.range.start)
        .sum::<u64>();
    if elem_entries > 4096 {
        return Err(E::LimitExceeded {
            what: "element entries",
            count: elem_entries,
            limit: 4096,
        });
    }
    if info.module_name_len > 512 {
        return Err(E::NameTooLong {
            what: "module name",
            len: info.module_name_len,
            limit: 512,
        });
    }
    Ok(())
}
