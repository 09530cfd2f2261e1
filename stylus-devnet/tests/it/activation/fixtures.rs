//! Module builders: a valid module with extra text spliced in, or one encoded with given functions
//! and data segments.

use stylus_devnet::activation::ActivationConfig;
use stylus_devnet::{activate, ActivationError as E};
use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, ExportKind, ExportSection, Function, FunctionSection,
    Instruction, MemorySection, MemoryType, Module, TypeSection, ValType,
};

pub(crate) const PAY: &str = r#"(import "vm_hooks" "pay_for_memory_grow" (func (param i32)))"#;

pub(crate) const ENTRY: &str =
    r#"(func (export "user_entrypoint") (param i32) (result i32) i32.const 0)"#;

pub(crate) fn wat(src: &str) -> Vec<u8> {
    wat::parse_str(src).unwrap_or_else(|e| panic!("bad wat: {e}"))
}

/// A valid module with `extra` spliced in.
pub(crate) fn module(extra: &str) -> Vec<u8> {
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

pub(crate) fn err(wasm: &[u8]) -> E {
    activate(wasm).expect_err("activation should fail")
}

pub(crate) fn big() -> ActivationConfig {
    ActivationConfig {
        max_wasm_size: 4 << 20,
        max_code_size: 4 << 20,
        ..Default::default()
    }
}

/// Encodes `user_entrypoint` + memory with the given extra functions (type 0 = (i32)->i32,
/// type 1 = ()->()).
pub(crate) fn encoded(extra_funcs: Vec<Function>, data_segments: usize) -> Vec<u8> {
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

pub(crate) fn nop_func(nops: usize) -> Function {
    let mut f = Function::new([]);
    for _ in 0..nops {
        f.instruction(&Instruction::Nop);
    }
    f.instruction(&Instruction::End);
    f
}
