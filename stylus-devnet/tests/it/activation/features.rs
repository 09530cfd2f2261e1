//! WebAssembly features: what Nitro's activation allows and what it rejects.

use stylus_devnet::activation::{activate_with, ActivationConfig};
use stylus_devnet::{activate, ActivationError as E};
use wasm_encoder::{
    CodeSection, DataCountSection, ExportKind, ExportSection, Function, FunctionSection,
    Instruction, MemorySection, MemoryType, Module, TypeSection, ValType,
};

use super::fixtures::*;

#[test]
fn valid_module_activates_with_costs() {
    let program = activate(&module("")).unwrap();
    assert_eq!(program.footprint, 1);
    assert!(program.init_cost > 0);
    assert!(program.cached_init_cost > 0);
    assert_eq!(&program.code[..4], &[0xEF, 0xF0, 0x00, 0x00]);
    assert!(program.activation_gas > 1_659_168);
    // the deployable code activates to the same program
    let again = activate(&program.code).unwrap();
    assert_eq!(again.codehash, program.codehash);
    assert_eq!(again.wasm, program.wasm);
}

#[test]
fn floats_const_load_store_are_allowed() {
    activate(&module("(func f32.const 1 drop i32.const 0 f64.load drop)")).unwrap();
}

#[test]
fn float_arithmetic_is_rejected() {
    let e = err(&module("(func f32.const 1 f32.const 2 f32.add drop)"));
    assert!(
        matches!(e, E::FloatOperation { ref op, .. } if op.contains("F32Add")),
        "{e}"
    );
}

#[test]
fn reference_types_are_rejected() {
    let e = err(&module("(func ref.null func drop)"));
    assert!(
        matches!(
            e,
            E::UnsupportedFeature {
                feature: "reference-types",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn rustc_overlong_call_indirect_counts_as_reference_types_until_reencoded() {
    // call_indirect whose table index is the over-long LEB `80 00`, as rustc emits it
    let mut m = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32], [ValType::I32]);
    types.ty().function([], []);
    m.section(&types);
    let mut funcs = FunctionSection::new();
    funcs.function(0);
    m.section(&funcs);
    let mut tables = wasm_encoder::TableSection::new();
    tables.table(wasm_encoder::TableType {
        element_type: wasm_encoder::RefType::FUNCREF,
        minimum: 1,
        maximum: Some(1),
        table64: false,
        shared: false,
    });
    m.section(&tables);
    let mut mem = MemorySection::new();
    mem.memory(MemoryType {
        minimum: 1,
        maximum: Some(1),
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    m.section(&mem);
    let mut exports = ExportSection::new();
    exports.export("user_entrypoint", ExportKind::Func, 0);
    exports.export("memory", ExportKind::Memory, 0);
    m.section(&exports);
    let mut code = CodeSection::new();
    let body = [0x00, 0x41, 0x00, 0x11, 0x01, 0x80, 0x00, 0x41, 0x00, 0x0b];
    code.raw(&body);
    m.section(&code);
    let raw = m.finish();
    let e = err(&raw);
    assert!(
        matches!(
            e,
            E::UnsupportedFeature {
                feature: "reference-types",
                ..
            }
        ),
        "{e}"
    );

    // normalising (re-encoding) the module makes it acceptable
    let normalised = wasmprinter_like_roundtrip(&raw);
    activate(&normalised).unwrap();
}

/// Re-encodes a module through wasmparser → wasm-encoder (what a normaliser does).
fn wasmprinter_like_roundtrip(wasm: &[u8]) -> Vec<u8> {
    use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
    let mut features = wasmparser::WasmFeatures::default();
    features.insert(wasmparser::WasmFeatures::REFERENCE_TYPES);
    let mut module = Module::new();
    let parser = wasmparser::Parser::new(0);
    RoundtripReencoder
        .parse_core_module(&mut module, parser, wasm)
        .unwrap();
    module.finish()
}

#[test]
fn simd_is_rejected() {
    let e = err(&module("(func v128.const i64x2 0 0 drop)"));
    assert!(
        matches!(
            e,
            E::UnsupportedFeature {
                feature: "SIMD",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn threads_are_rejected() {
    let e = err(&module("(func i32.const 0 i32.atomic.load drop)"));
    assert!(
        matches!(
            e,
            E::UnsupportedFeature {
                feature: "threads/atomics",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn multi_value_is_rejected_from_arbos_60() {
    let wasm = module("(func (result i32 i32) i32.const 1 i32.const 2)");
    activate(&wasm).unwrap();
    let config = ActivationConfig {
        arbos_version: 60,
        ..Default::default()
    };
    let e = activate_with(&wasm, &config).unwrap_err();
    assert!(
        matches!(
            e,
            E::UnsupportedFeature {
                feature: "multi-value",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn data_count_section_is_rejected() {
    let mut m = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32], [ValType::I32]);
    m.section(&types);
    let mut funcs = FunctionSection::new();
    funcs.function(0);
    m.section(&funcs);
    let mut mem = MemorySection::new();
    mem.memory(MemoryType {
        minimum: 1,
        maximum: Some(1),
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    m.section(&mem);
    let mut exports = ExportSection::new();
    exports.export("user_entrypoint", ExportKind::Func, 0);
    exports.export("memory", ExportKind::Memory, 0);
    m.section(&exports);
    m.section(&DataCountSection { count: 0 });
    let mut code = CodeSection::new();
    let mut entry = Function::new([]);
    entry.instruction(&Instruction::I32Const(0));
    entry.instruction(&Instruction::End);
    code.function(&entry);
    m.section(&code);
    let e = err(&m.finish());
    assert!(
        matches!(e, E::UnsupportedSection(ref s) if s.contains("DataCount")),
        "{e}"
    );
}

#[test]
fn bulk_memory_only_copy_and_fill() {
    activate(&module("(func i32.const 0 i32.const 0 i32.const 1 memory.copy i32.const 0 i32.const 0 i32.const 1 memory.fill)")).unwrap();
    let e = err(&module(
        "(table 1 funcref) (elem func 1) (func elem.drop 0)",
    ));
    assert!(
        matches!(e, E::UnsupportedOperator { ref op, .. } if op.contains("ElemDrop")),
        "{e}"
    );
}
