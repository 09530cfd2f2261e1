//! One crafted module per activation rule; each breaks exactly that rule.

use stylus_devnet::activation::{activate_with, compress_wasm, ActivationConfig};
use stylus_devnet::{activate, ActivationError as E};
use wasm_encoder::{
    CodeSection, ConstExpr, DataCountSection, DataSection, ExportKind, ExportSection, Function,
    FunctionSection, GlobalSection, GlobalType, Instruction, MemorySection, MemoryType, Module,
    TypeSection, ValType,
};

const PAY: &str = r#"(import "vm_hooks" "pay_for_memory_grow" (func (param i32)))"#;
const ENTRY: &str = r#"(func (export "user_entrypoint") (param i32) (result i32) i32.const 0)"#;

fn wat(src: &str) -> Vec<u8> {
    wat::parse_str(src).unwrap_or_else(|e| panic!("bad wat: {e}"))
}

/// A valid module with `extra` spliced in.
fn module(extra: &str) -> Vec<u8> {
    if extra.trim_start().starts_with("(import") {
        // imports must precede definitions; split off any trailing definitions
        let split = extra.find(") (func").map_or(extra.len(), |i| i + 1);
        let (imports, rest) = extra.split_at(split);
        return wat(&format!(
            r#"(module {imports} {PAY} (memory (export "memory") 1) {ENTRY} {rest})"#
        ));
    }
    wat(&format!(
        r#"(module {PAY} (memory (export "memory") 1) {ENTRY} {extra})"#
    ))
}

fn err(wasm: &[u8]) -> E {
    activate(wasm).expect_err("activation should fail")
}

fn big() -> ActivationConfig {
    ActivationConfig {
        max_wasm_size: 4 << 20,
        max_code_size: 4 << 20,
        ..Default::default()
    }
}

/// Encodes `user_entrypoint` + memory with the given extra functions (type 0 = (i32)->i32,
/// type 1 = ()->()).
fn encoded(extra_funcs: Vec<Function>, data_segments: usize) -> Vec<u8> {
    let mut m = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32], [ValType::I32]);
    types.ty().function([], []);
    m.section(&types);
    let mut funcs = FunctionSection::new();
    funcs.function(0);
    for _ in &extra_funcs {
        funcs.function(1);
    }
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
    let mut code = CodeSection::new();
    let mut entry = Function::new([]);
    entry.instruction(&Instruction::I32Const(0));
    entry.instruction(&Instruction::End);
    code.function(&entry);
    for f in &extra_funcs {
        code.function(f);
    }
    m.section(&code);
    if data_segments > 0 {
        let mut data = DataSection::new();
        for i in 0..data_segments {
            data.active(0, &ConstExpr::i32_const(i as i32), [1u8]);
        }
        m.section(&data);
    }
    m.finish()
}

fn nop_func(nops: usize) -> Function {
    let mut f = Function::new([]);
    for _ in 0..nops {
        f.instruction(&Instruction::Nop);
    }
    f.instruction(&Instruction::End);
    f
}

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

#[test]
fn unknown_imports_are_rejected() {
    let e = err(&module(r#"(import "vm_hooks" "no_such_hostio" (func))"#));
    assert!(
        matches!(e, E::UnknownImport { ref name, .. } if name == "no_such_hostio"),
        "{e}"
    );
    let e = err(&module(r#"(import "env" "read_args" (func (param i32)))"#));
    assert!(
        matches!(e, E::UnknownImport { ref module, .. } if module == "env"),
        "{e}"
    );
    let e = err(&module(
        r#"(import "console" "log_txt" (func (param i32 i32)))"#,
    ));
    assert!(matches!(e, E::UnknownImport { .. }), "{e}");
}

#[test]
fn hostio_signatures_must_match() {
    let e = err(&module(
        r#"(import "vm_hooks" "read_args" (func (param i64)))"#,
    ));
    assert!(
        matches!(e, E::ImportSignature { ref name, ref expected, .. } if name == "read_args" && expected == "(i32) -> ()"),
        "{e}"
    );
    // all 42 hostios with their exact signatures are accepted
    let mut imports = String::new();
    for (name, params, results) in stylus_devnet::activation::HOSTIOS {
        let list = |v: &[wasmparser::ValType]| {
            v.iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        imports += &format!(
            r#"(import "vm_hooks" "{name}" (func (param {}) (result {})))"#,
            list(params),
            list(results)
        );
    }
    let wasm = wat(&format!(
        r#"(module {imports} (memory (export "memory") 1) {ENTRY})"#
    ));
    activate(&wasm).unwrap();
}

#[test]
fn non_function_imports_are_rejected() {
    let e = err(&wat(&format!(
        r#"(module (import "vm_hooks" "mem" (memory 1)) (export "memory" (memory 0)) {ENTRY})"#
    )));
    assert!(
        matches!(e, E::UnsupportedImportKind { kind: "memory", .. }),
        "{e}"
    );
}

#[test]
fn inconsistent_duplicate_imports_are_rejected() {
    let e = err(&module(
        r#"(import "vm_hooks" "read_args" (func (param i32))) (import "vm_hooks" "read_args" (func (param i64)))"#,
    ));
    assert!(matches!(e, E::InconsistentImport { .. }), "{e}");
}

#[test]
fn reserved_and_shadowing_names_are_rejected() {
    let e = err(&module(r#"(func (export "stylus_thing"))"#));
    assert!(
        matches!(e, E::ReservedExport(ref n) if n == "stylus_thing"),
        "{e}"
    );
    let e = err(&module(r#"(import "vm_hooks" "stylus_x" (func))"#));
    assert!(
        matches!(e, E::ReservedImport(ref n) if n == "stylus_x"),
        "{e}"
    );
    let e = err(&module(
        r#"(import "vm_hooks" "read_args" (func (param i32))) (func (export "read_args"))"#,
    ));
    assert!(
        matches!(e, E::ExportShadowsImport(ref n) if n == "read_args"),
        "{e}"
    );
}

#[test]
fn entrypoint_is_required_with_its_signature() {
    let e = err(&wat(&format!(
        r#"(module {PAY} (memory (export "memory") 1))"#
    )));
    assert_eq!(e, E::MissingEntrypoint);
    let e = err(&wat(&format!(
        r#"(module {PAY} (memory (export "memory") 1) (func (export "user_entrypoint") (param i64) (result i32) i32.const 0))"#
    )));
    assert!(matches!(e, E::BadEntrypoint(_)), "{e}");
}

#[test]
fn memory_must_exist_and_be_exported_as_memory() {
    let e = err(&wat(&format!(r#"(module {PAY} {ENTRY})"#)));
    assert_eq!(e, E::MissingMemory);
    let e = err(&wat(&format!(
        r#"(module {PAY} (memory (export "mem") 1) {ENTRY})"#
    )));
    assert_eq!(e, E::MemoryNotExported);
}

#[test]
fn start_function_is_rejected() {
    let e = err(&module("(func $s) (start $s)"));
    assert!(matches!(e, E::StartFunction(_)), "{e}");
}

#[test]
fn initial_memory_is_bounded_by_128_pages() {
    let e = err(&wat(&format!(
        r#"(module {PAY} (memory (export "memory") 129) {ENTRY})"#
    )));
    assert_eq!(
        e,
        E::MemoryTooLarge {
            pages: 129,
            limit: 128
        }
    );
    let config = ActivationConfig {
        page_limit: 10,
        ..Default::default()
    };
    let wasm = wat(&format!(
        r#"(module {PAY} (memory (export "memory") 11) {ENTRY})"#
    ));
    assert_eq!(
        activate_with(&wasm, &config).unwrap_err(),
        E::MemoryExceedsPageLimit {
            pages: 11,
            limit: 10
        }
    );
}

#[test]
fn growable_memory_requires_pay_for_memory_grow() {
    let e = err(&wat(&format!(
        r#"(module (memory (export "memory") 1) {ENTRY})"#
    )));
    assert_eq!(e, E::MissingPayForMemoryGrow);
    let e = err(&wat(&format!(
        r#"(module (memory (export "memory") 1 2) {ENTRY})"#
    )));
    assert_eq!(e, E::MissingPayForMemoryGrow);
    // a fixed-size memory needs no import
    activate(&wat(&format!(
        r#"(module (memory (export "memory") 1 1) {ENTRY})"#
    )))
    .unwrap();
}

#[test]
fn locals_are_limited() {
    let e = err(&module(&format!("(func {})", "(local i32)".repeat(349))));
    assert!(
        matches!(
            e,
            E::TooManyLocals {
                count: 349,
                limit: 348,
                ..
            }
        ),
        "{e}"
    );
    activate(&module(&format!("(func {})", "(local i32)".repeat(348)))).unwrap();
}

#[test]
fn frame_size_is_limited() {
    // the frame check (stack + locals + 4 words) runs before the locals limit
    let e = err(&module(&format!("(func {})", "(local i32)".repeat(10_300))));
    assert!(
        matches!(
            e,
            E::FrameTooLarge {
                size: 10_306,
                limit: 10_240,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn stack_contention_is_limited() {
    let body = format!("{}{}", "i32.const 0 ".repeat(4097), "drop ".repeat(4097));
    let e = err(&module(&format!("(func {body})")));
    assert!(matches!(e, E::StackContention { limit: 4096, .. }), "{e}");
}

#[test]
fn operators_per_function_are_limited() {
    let wasm = encoded(vec![nop_func(65_530)], 0);
    let e = activate(&wasm).unwrap_err();
    assert!(
        matches!(e, E::TooManyOperators { limit: 65_536, .. }),
        "{e}"
    );
}

#[test]
fn functions_are_limited() {
    let funcs = (0..4096).map(|_| nop_func(0)).collect();
    let e = activate(&encoded(funcs, 0)).unwrap_err();
    assert_eq!(
        e,
        E::LimitExceeded {
            what: "functions",
            count: 4097,
            limit: 4096
        }
    );
}

#[test]
fn data_segments_are_limited() {
    let e = activate(&encoded(vec![], 129)).unwrap_err();
    assert_eq!(
        e,
        E::LimitExceeded {
            what: "datas",
            count: 129,
            limit: 128
        }
    );
}

#[test]
fn globals_are_limited_counting_the_four_added() {
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
    let mut globals = GlobalSection::new();
    for _ in 0..32_765 {
        globals.global(
            GlobalType {
                val_type: ValType::I32,
                mutable: false,
                shared: false,
            },
            &ConstExpr::i32_const(0),
        );
    }
    m.section(&globals);
    let mut exports = ExportSection::new();
    exports.export("user_entrypoint", ExportKind::Func, 0);
    exports.export("memory", ExportKind::Memory, 0);
    m.section(&exports);
    let mut code = CodeSection::new();
    let mut entry = Function::new([]);
    entry.instruction(&Instruction::I32Const(0));
    entry.instruction(&Instruction::End);
    code.function(&entry);
    m.section(&code);
    let wasm = m.finish();
    let e = activate_with(&wasm, &big()).unwrap_err();
    assert_eq!(
        e,
        E::LimitExceeded {
            what: "globals",
            count: 32_769,
            limit: 32_768
        }
    );
}

#[test]
fn table_entries_are_limited() {
    let e = err(&module("(table 4097 funcref)"));
    assert_eq!(
        e,
        E::LimitExceeded {
            what: "table entries",
            count: 4097,
            limit: 4096
        }
    );
}

#[test]
fn imports_are_limited_to_513() {
    let imports = r#"(import "vm_hooks" "read_args" (func (param i32)))"#.repeat(514);
    let e = err(&module(&imports));
    assert_eq!(
        e,
        E::LimitExceeded {
            what: "imports",
            count: 515,
            limit: 513
        }
    );
}

#[test]
fn uncompressed_size_is_limited() {
    let wasm = module(&format!(r#"(@custom "pad" "{}")"#, "x".repeat(128 * 1024)));
    let e = err(&wasm);
    assert!(matches!(e, E::WasmTooLarge { limit: 131_072, .. }), "{e}");
}

#[test]
fn compressed_size_is_limited() {
    // 40 KB of pseudo-random bytes do not compress below 24,576
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: String = (0..40_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            format!("\\{:02x}", (x >> 24) as u8)
        })
        .collect();
    let wasm = module(&format!(r#"(data (i32.const 0) "{noise}")"#));
    let e = err(&wasm);
    assert!(matches!(e, E::CodeTooLarge { limit: 24_576, .. }), "{e}");
    assert!(compress_wasm(&wasm).len() > 24_576);
}

#[test]
fn data_segments_must_fit_in_memory() {
    let e = err(&module(r#"(data (i32.const 65535) "ab")"#));
    assert!(
        matches!(e, E::BadSegment(ref s) if s.contains("out-of-bounds data")),
        "{e}"
    );
}

#[test]
fn errors_display_the_offending_values() {
    let e = E::MemoryTooLarge {
        pages: 129,
        limit: 128,
    };
    assert_eq!(e.to_string(), "memory size 129 pages exceeds bound 128");
}
