//! Parsing: the wasm features Nitro allows, validation, and the module's sections read into
//! the instrumenter's `ModuleInfo`.

use std::collections::{HashMap, HashSet};

use wasmparser::{
    Encoding, ExternalKind, Imports, Operator, Parser, Payload, TypeRef, ValType, Validator,
    WasmFeatures,
};

use super::config::ActivationConfig;
use super::hostios::fmt_sig;
use crate::instrument::ModuleInfo;
use crate::rules::ActivationError;

fn features(config: &ActivationConfig) -> WasmFeatures {
    let mut f = WasmFeatures::empty();
    f.set(WasmFeatures::MUTABLE_GLOBAL, true);
    f.set(WasmFeatures::SATURATING_FLOAT_TO_INT, true);
    f.set(WasmFeatures::SIGN_EXTENSION, true);
    f.set(WasmFeatures::MULTI_VALUE, config.arbos_version < 60);
    f.set(WasmFeatures::BULK_MEMORY, true);
    f.set(WasmFeatures::FLOATS, true);
    f.set(WasmFeatures::GC_TYPES, true);
    f
}

/// Features we try one at a time to name the one a failing module uses.
const NAMED_FEATURES: [(WasmFeatures, &str); 13] = [
    (WasmFeatures::REFERENCE_TYPES, "reference-types"),
    (WasmFeatures::SIMD, "SIMD"),
    (WasmFeatures::RELAXED_SIMD, "relaxed-SIMD"),
    (WasmFeatures::THREADS, "threads/atomics"),
    (WasmFeatures::TAIL_CALL, "tail-call"),
    (WasmFeatures::MULTI_MEMORY, "multi-memory"),
    (WasmFeatures::EXCEPTIONS, "exception-handling"),
    (WasmFeatures::MEMORY64, "memory64"),
    (WasmFeatures::EXTENDED_CONST, "extended-const"),
    (WasmFeatures::FUNCTION_REFERENCES, "function-references"),
    (WasmFeatures::GC, "GC"),
    (WasmFeatures::MULTI_VALUE, "multi-value"),
    (WasmFeatures::MEMORY_CONTROL, "memory-control"),
];

fn validate(wasm: &[u8], config: &ActivationConfig) -> Result<(), ActivationError> {
    let base = features(config);
    let Err(err) = Validator::new_with_features(base).validate_all(wasm) else {
        return Ok(());
    };
    let offset = err.offset();
    for (feature, name) in NAMED_FEATURES {
        if base.contains(feature) {
            continue;
        }
        let mut with = base | feature;
        if feature == WasmFeatures::FUNCTION_REFERENCES || feature == WasmFeatures::GC {
            with |= WasmFeatures::REFERENCE_TYPES;
        }
        if feature == WasmFeatures::RELAXED_SIMD {
            with |= WasmFeatures::SIMD;
        }
        match Validator::new_with_features(with).validate_all(wasm) {
            Ok(_) => {
                return Err(ActivationError::UnsupportedFeature {
                    feature: name,
                    message: err.to_string(),
                })
            }
            Err(e) if e.offset() > offset => {
                return Err(ActivationError::UnsupportedFeature {
                    feature: name,
                    message: err.to_string(),
                })
            }
            Err(_) => {}
        }
    }
    Err(ActivationError::InvalidWasm(err.to_string()))
}

pub(super) fn parse<'a>(
    wasm: &'a [u8],
    config: &ActivationConfig,
) -> Result<ModuleInfo<'a>, ActivationError> {
    use ActivationError as E;
    validate(wasm, config)?;
    let mut info = ModuleInfo::default();
    let invalid = |e: wasmparser::BinaryReaderError| E::InvalidWasm(e.to_string());

    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(invalid)? {
            Payload::Version { num, encoding, .. } => {
                if encoding != Encoding::Module || num != 1 {
                    return Err(E::UnsupportedVersion(num.into()));
                }
            }
            Payload::TypeSection(reader) => {
                info.type_section = Some(reader.clone());
                for ty in reader.into_iter_err_on_gc_types() {
                    info.types.push(ty.map_err(invalid)?);
                }
            }
            Payload::ImportSection(reader) => {
                info.import_section = Some(reader.clone());
                for group in reader {
                    let import = match group.map_err(invalid)? {
                        Imports::Single(_, import) => import,
                        _ => {
                            return Err(E::UnsupportedImportKind {
                                module: "?".into(),
                                name: "?".into(),
                                kind: "compact import group",
                            })
                        }
                    };
                    let kind = match import.ty {
                        TypeRef::Func(ty) => {
                            info.imports.push((import.module, import.name, ty));
                            continue;
                        }
                        TypeRef::Table(_) => "table",
                        TypeRef::Memory(_) => "memory",
                        TypeRef::Global(_) => "global",
                        TypeRef::Tag(_) => "tag",
                        _ => "function of an unsupported form",
                    };
                    return Err(E::UnsupportedImportKind {
                        module: import.module.into(),
                        name: import.name.into(),
                        kind,
                    });
                }
            }
            Payload::FunctionSection(reader) => {
                info.function_section = Some(reader.clone());
                for f in reader {
                    info.functions.push(f.map_err(invalid)?);
                }
            }
            Payload::TableSection(reader) => {
                info.table_section = Some(reader.clone());
                for t in reader {
                    info.tables.push(t.map_err(invalid)?.ty);
                }
            }
            Payload::MemorySection(reader) => {
                info.memory_section = Some(reader.clone());
                for m in reader {
                    info.memories.push(m.map_err(invalid)?);
                }
            }
            Payload::GlobalSection(reader) => {
                info.global_section = Some(reader.clone());
                for (i, g) in reader.into_iter().enumerate() {
                    let g = g.map_err(invalid)?;
                    let mut ops = g.init_expr.get_operators_reader();
                    let first = ops.read().map_err(invalid)?;
                    let second = ops.read().map_err(invalid)?;
                    let constant = matches!(
                        first,
                        Operator::I32Const { .. }
                            | Operator::I64Const { .. }
                            | Operator::F32Const { .. }
                            | Operator::F64Const { .. }
                    );
                    if !constant || !matches!(second, Operator::End) || !ops.eof() {
                        return Err(E::NonConstantGlobal(i as u32));
                    }
                    info.globals.push(g);
                }
            }
            Payload::ExportSection(reader) => {
                for e in reader {
                    let e = e.map_err(invalid)?;
                    info.exports.push((e.name, e.kind, e.index));
                }
            }
            Payload::StartSection { func, .. } => info.start = Some(func),
            Payload::ElementSection(reader) => {
                info.element_section = Some(reader.clone());
                for e in reader {
                    info.elements.push(e.map_err(invalid)?);
                }
            }
            Payload::DataSection(reader) => {
                info.data_section = Some(reader.clone());
                for d in reader {
                    info.datas.push(d.map_err(invalid)?);
                }
            }
            Payload::CodeSectionStart { .. } => {}
            Payload::CodeSectionEntry(body) => info.codes.push(body),
            Payload::CustomSection(reader) => {
                if reader.name() == "name" {
                    let names = wasmparser::NameSectionReader::new(wasmparser::BinaryReader::new(
                        reader.data(),
                        reader.data_offset(),
                    ));
                    for name in names {
                        if let Ok(wasmparser::Name::Module { name, .. }) = name {
                            info.module_name_len = name.len();
                        }
                    }
                }
            }
            Payload::UnknownSection { id, .. } => {
                return Err(E::UnsupportedSection(format!("unknown section id {id}")))
            }
            Payload::End(_) => {}
            Payload::DataCountSection { .. } => {
                return Err(E::UnsupportedSection("DataCount (id 12)".into()))
            }
            Payload::TagSection(_) => return Err(E::UnsupportedSection("tag (id 13)".into())),
            other => return Err(E::UnsupportedSection(format!("{other:?}"))),
        }
    }

    // the same import twice with different types
    let mut seen = HashMap::new();
    for (module, name, ty) in &info.imports {
        if let Some(prior) = seen.insert((*module, *name), *ty) {
            if prior != *ty {
                return Err(E::InconsistentImport {
                    module: (*module).into(),
                    name: (*name).into(),
                });
            }
        }
    }
    // exports named like imports (the part after the last `__` counts), reserved names
    let export_names: HashSet<&str> = info
        .exports
        .iter()
        .map(|(name, ..)| name.rsplit("__").next().unwrap_or(name))
        .collect();
    for (_, name, _) in &info.imports {
        if export_names.contains(name) {
            return Err(E::ExportShadowsImport((*name).into()));
        }
    }
    let mut reserved: Vec<&&str> = export_names
        .iter()
        .filter(|x| x.starts_with("stylus"))
        .collect();
    reserved.sort();
    if let Some(name) = reserved.first() {
        return Err(E::ReservedExport((**name).into()));
    }
    if let Some((_, name, _)) = info
        .imports
        .iter()
        .find(|(_, n, _)| n.starts_with("stylus"))
    {
        return Err(E::ReservedImport((*name).into()));
    }

    // start mover (non-debug chains)
    if let Some(start) = info.start {
        return Err(E::StartFunction(start));
    }
    // heap bound: memory info and the grow import
    match info.memories.len() {
        0 => return Err(E::MissingMemory),
        1 => {}
        n => return Err(E::MultipleMemories(n)),
    }
    let memory_exported = info.exports.iter().any(|(name, kind, index)| {
        *name == "memory" && *kind == ExternalKind::Memory && *index == 0
    });
    if !memory_exported {
        return Err(E::MemoryNotExported);
    }
    let memory = info.memories[0];
    if memory.initial > 128 {
        return Err(E::MemoryTooLarge {
            pages: memory.initial,
            limit: 128,
        });
    }
    if memory.maximum != Some(memory.initial) {
        let pay = info
            .imports
            .iter()
            .position(|(module, name, _)| *module == "vm_hooks" && *name == "pay_for_memory_grow");
        let Some(pay) = pay else {
            return Err(E::MissingPayForMemoryGrow);
        };
        let ty = info.func_type(pay as u32);
        if ty.map(|t| (t.params(), t.results())) != Some((&[ValType::I32][..], &[][..])) {
            return Err(E::ImportSignature {
                name: "pay_for_memory_grow".into(),
                expected: "(i32) -> ()".into(),
                found: ty.map(fmt_sig).unwrap_or_default(),
            });
        }
        info.pay_func = Some(pay as u32);
    }
    Ok(info)
}
