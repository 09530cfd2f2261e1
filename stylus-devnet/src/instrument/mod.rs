//! Rewrites a checked module the way Nitro instruments it at activation, so that the
//! instrumented module behaves on wasmi exactly like Nitro's native/WAVM code:
//!
//! 1. **start mover**: only `user_entrypoint` and `memory` stay exported;
//! 2. **ink meter** (`meter.rs`): before each basic block, `if ink < cost { status = 1; trap }`
//!    then `ink -= cost`, with cost = Σ opcode ink + 2450;
//! 3. **dynamic meter** (`dynamic.rs`): `memory.fill`/`memory.copy` pay 100 ink per byte first;
//! 4. **depth checker** (`depth.rs`): on entry `if stack_left <= frame { stack_left = 0; trap }`,
//!    `stack_left -= frame`, credited back before every `return` (an extra `return` is placed
//!    before the final `end`);
//! 5. **heap bound** (`heap.rs`): `pay_for_memory_grow(delta)` is called before `memory.grow`.
//!
//! Four globals are appended and exported: `stylus_ink_left` (i64), `stylus_ink_status` (i32),
//! `stylus_scratch_global` (i32), `stylus_stack_left` (i32). The same operator sequences as
//! Nitro's middlewares are produced, so frame sizes and operator counts match.

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, ElementSection, ExportKind, ExportSection,
    FunctionSection, GlobalSection, GlobalType, ImportSection, MemorySection, Module, TableSection,
    TypeSection, ValType as EncValType,
};
use wasmparser::{ExternalKind, Operator};

use crate::rules::{ActivationError, ENTRYPOINT};

mod depth;
mod dynamic;
mod heap;
mod meter;
mod shared;

pub(crate) use shared::{is_float_arithmetic, Instrumented, ModuleInfo};
pub use shared::{
    MAX_FRAME_CONTENTION, MAX_FRAME_SIZE, STYLUS_INK_LEFT, STYLUS_INK_STATUS,
    STYLUS_SCRATCH_GLOBAL, STYLUS_STACK_LEFT,
};

use shared::{internal, Globals};

/// Instruments the module described by `info` (already checked by activation).
pub(crate) fn instrument(info: &ModuleInfo, _wasm: &[u8]) -> Result<Instrumented, ActivationError> {
    let mut re = RoundtripReencoder;
    let mut module = Module::new();

    let first_new_global = info.globals.len() as u32;
    let globals = Globals {
        ink: first_new_global,
        status: first_new_global + 1,
        scratch: first_new_global + 2,
        stack: first_new_global + 3,
    };

    if let Some(section) = info.type_section.clone() {
        let mut types = TypeSection::new();
        re.parse_type_section(&mut types, section)
            .map_err(internal)?;
        module.section(&types);
    }
    if let Some(section) = info.import_section.clone() {
        let mut imports = ImportSection::new();
        re.parse_import_section(&mut imports, section)
            .map_err(internal)?;
        module.section(&imports);
    }
    if let Some(section) = info.function_section.clone() {
        let mut funcs = FunctionSection::new();
        re.parse_function_section(&mut funcs, section)
            .map_err(internal)?;
        module.section(&funcs);
    }
    if let Some(section) = info.table_section.clone() {
        let mut tables = TableSection::new();
        re.parse_table_section(&mut tables, section)
            .map_err(internal)?;
        module.section(&tables);
    }
    if let Some(section) = info.memory_section.clone() {
        let mut memories = MemorySection::new();
        re.parse_memory_section(&mut memories, section)
            .map_err(internal)?;
        module.section(&memories);
    }
    let mut global_section = GlobalSection::new();
    if let Some(section) = info.global_section.clone() {
        re.parse_global_section(&mut global_section, section)
            .map_err(internal)?;
    }
    let mutable = |val_type| GlobalType {
        val_type,
        mutable: true,
        shared: false,
    };
    global_section.global(mutable(EncValType::I64), &ConstExpr::i64_const(0));
    global_section.global(mutable(EncValType::I32), &ConstExpr::i32_const(0));
    global_section.global(mutable(EncValType::I32), &ConstExpr::i32_const(0));
    global_section.global(mutable(EncValType::I32), &ConstExpr::i32_const(0));
    module.section(&global_section);

    let mut exports = ExportSection::new();
    let mut kept_exports = 0;
    for (name, kind, index) in &info.exports {
        match (*name, kind) {
            (ENTRYPOINT, ExternalKind::Func) => exports.export(name, ExportKind::Func, *index),
            ("memory", ExternalKind::Memory) => exports.export(name, ExportKind::Memory, *index),
            _ => continue,
        };
        kept_exports += 1;
    }
    exports.export(STYLUS_INK_LEFT, ExportKind::Global, globals.ink);
    exports.export(STYLUS_INK_STATUS, ExportKind::Global, globals.status);
    exports.export(STYLUS_SCRATCH_GLOBAL, ExportKind::Global, globals.scratch);
    exports.export(STYLUS_STACK_LEFT, ExportKind::Global, globals.stack);
    module.section(&exports);

    if let Some(section) = info.element_section.clone() {
        let mut elements = ElementSection::new();
        re.parse_element_section(&mut elements, section)
            .map_err(internal)?;
        module.section(&elements);
    }

    let mut code = CodeSection::new();
    let mut locals_counts = Vec::with_capacity(info.codes.len());
    let mut op_counts = Vec::with_capacity(info.codes.len());
    for (local_index, body) in info.codes.iter().enumerate() {
        let func_index = (info.imports.len() + local_index) as u32;
        let mut locals = 0u32;
        let mut reader = body.get_locals_reader().map_err(internal)?;
        for _ in 0..reader.get_count() {
            let (count, _) = reader.read().map_err(internal)?;
            locals = locals.saturating_add(count);
        }
        let mut ops = Vec::new();
        let mut reader = body.get_operators_reader().map_err(internal)?;
        while !reader.eof() {
            ops.push(reader.read().map_err(internal)?);
        }
        let ops = instrument_function(info, &globals, func_index, locals, ops)?;
        let mut function = re.new_function_with_parsed_locals(body).map_err(internal)?;
        for op in &ops {
            let ins = re.instruction(op.clone()).map_err(internal)?;
            function.instruction(&ins);
        }
        code.function(&function);
        locals_counts.push(locals);
        op_counts.push(ops.len());
    }
    module.section(&code);

    if let Some(section) = info.data_section.clone() {
        let mut datas = DataSection::new();
        re.parse_data_section(&mut datas, section)
            .map_err(internal)?;
        module.section(&datas);
    }

    Ok(Instrumented {
        wasm: module.finish(),
        locals: locals_counts,
        op_counts,
        kept_exports,
    })
}

/// Runs the four passes over one function body, in Nitro's order.
fn instrument_function<'a>(
    info: &ModuleInfo,
    g: &Globals,
    func: u32,
    locals: u32,
    ops: Vec<Operator<'a>>,
) -> Result<Vec<Operator<'a>>, ActivationError> {
    let metered = meter::ink_meter(info, g, ops);
    let dynamic = dynamic::dynamic_meter(g, func, metered)?;
    let depth = depth::depth_checker(info, g, func, locals, dynamic)?;
    Ok(heap::heap_bound(info, g, depth))
}
