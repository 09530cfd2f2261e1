//! Nitro's limits: memory, locals, frames, operators, functions, segments, globals, tables, imports,
//! sizes; and how the errors display.

use stylus_devnet::activation::{activate_with, compress_wasm, ActivationConfig};
use stylus_devnet::{activate, ActivationError as E};
use wasm_encoder::{
    CodeSection, ConstExpr, ExportKind, ExportSection, Function, FunctionSection, GlobalSection,
    GlobalType, Instruction, MemorySection, MemoryType, Module, TypeSection, ValType,
};

use super::fixtures::*;

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
