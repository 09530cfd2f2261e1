//! Linking (Nitro's `Module::from_user_binary`): imports against the hostios, no float
//! arithmetic, and data and element segments within memory and tables.

use wasmparser::{DataKind, ElementItems, ElementKind, FuncType, Operator};

use super::hostios::{fmt_sig, HOSTIOS};
use crate::instrument::{self, ModuleInfo};
use crate::rules::ActivationError;

/// `Module::from_user_binary`: imports against the hostio table, float ops, segments.
pub(super) fn check_linking(info: &ModuleInfo) -> Result<(), ActivationError> {
    use ActivationError as E;
    for (index, (module, name, _)) in info.imports.iter().enumerate() {
        let found = info.func_type(index as u32).expect("validated import type");
        let hostio = HOSTIOS.iter().find(|(n, ..)| n == name);
        let Some((_, params, results)) = hostio.filter(|_| *module == "vm_hooks") else {
            return Err(E::UnknownImport {
                module: (*module).into(),
                name: (*name).into(),
            });
        };
        if found.params() != *params || found.results() != *results {
            let expected = FuncType::new(params.iter().copied(), results.iter().copied());
            return Err(E::ImportSignature {
                name: (*name).into(),
                expected: fmt_sig(&expected),
                found: fmt_sig(found),
            });
        }
    }
    for (func, body) in info.codes.iter().enumerate() {
        let mut ops = body
            .get_operators_reader()
            .map_err(|e| E::InvalidWasm(e.to_string()))?;
        while !ops.eof() {
            let op = ops.read().map_err(|e| E::InvalidWasm(e.to_string()))?;
            if instrument::is_float_arithmetic(&op) {
                return Err(E::FloatOperation {
                    func: (info.imports.len() + func) as u32,
                    op: format!("{op:?}"),
                });
            }
        }
    }
    let memory_bytes = info.memory_min().saturating_mul(65_536);
    for (i, data) in info.datas.iter().enumerate() {
        let DataKind::Active {
            memory_index,
            offset_expr,
        } = &data.kind
        else {
            continue;
        };
        if *memory_index != 0 {
            return Err(E::BadSegment(format!(
                "data segment {i} writes to nonexistent memory"
            )));
        }
        let offset = const_i32(offset_expr)
            .ok_or_else(|| E::BadSegment(format!("data segment {i}: non-constant offset")))?;
        let end = u64::from(offset as u32) + data.data.len() as u64;
        if end > memory_bytes {
            return Err(E::BadSegment(format!(
                "out-of-bounds data segment {i}: offset {} + size {} > memory size {memory_bytes}",
                offset as u32,
                data.data.len()
            )));
        }
    }
    for (i, elem) in info.elements.iter().enumerate() {
        let ElementKind::Active {
            table_index,
            offset_expr,
        } = &elem.kind
        else {
            continue;
        };
        let offset = const_i32(offset_expr)
            .ok_or_else(|| E::BadSegment(format!("element segment {i}: non-constant offset")))?;
        let table = info
            .tables
            .get(table_index.unwrap_or(0) as usize)
            .ok_or_else(|| E::BadSegment(format!("element segment {i} for nonexistent table")))?;
        let ElementItems::Functions(items) = &elem.items else {
            return Err(E::BadSegment(format!(
                "element segment {i}: non-constant element initializers are not supported"
            )));
        };
        let end = u64::from(offset as u32) + u64::from(items.count());
        if end > table.initial {
            return Err(E::BadSegment(format!(
                "out-of-bounds element segment {i}: offset {} + length {} > table size {}",
                offset as u32,
                items.count(),
                table.initial
            )));
        }
    }
    if info.codes.is_empty() {
        return Err(E::BadSegment("module has no code".into()));
    }
    Ok(())
}

fn const_i32(expr: &wasmparser::ConstExpr) -> Option<i32> {
    let mut ops = expr.get_operators_reader();
    match (ops.read().ok()?, ops.read().ok()?, ops.eof()) {
        (Operator::I32Const { value }, Operator::End, true) => Some(value),
        _ => None,
    }
}
