//! Normalisation and validation of hand-built modules: each of Nitro's rules the artifact
//! could break, as the devnet's activation reports it.

use super::*;
use stylus_devnet::activation::ActivationConfig;
use wasm_encoder::{
    CodeSection, ConstExpr, DataCountSection, DataSection, EntityType, ExportKind, ExportSection,
    Function, FunctionSection, ImportSection, Instruction, MemorySection, MemoryType, Module,
    StartSection, TypeSection, ValType as EncValType,
};

/// Index of the entrypoint in the test module (after the two imports).
const ENTRY: u32 = 2;
/// Index of the empty function that can be made the start function.
const START: u32 = 3;

/// Builds a minimal valid Stylus program: two `vm_hooks` imports (`read_args`,
/// `pay_for_memory_grow`), the `user_entrypoint` function whose code is `body` (its
/// argument is local 0; it must leave an i32) and an empty function that can be made
/// the start function.
struct Builder {
    start: bool,
    data_count: bool,
    import_module: &'static str,
    body: Vec<Instruction<'static>>,
    linker_exports: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            start: false,
            data_count: false,
            import_module: "vm_hooks",
            body: vec![Instruction::LocalGet(0)],
            linker_exports: false,
        }
    }
}

impl Builder {
    fn build(&self) -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([EncValType::I32], [EncValType::I32]); // 0: entrypoint
        types.ty().function([], []); // 1: start
        types.ty().function([EncValType::I32], []); // 2: the hostios
        module.section(&types);

        let mut imports = ImportSection::new();
        imports.import(self.import_module, "read_args", EntityType::Function(2));
        imports.import("vm_hooks", "pay_for_memory_grow", EntityType::Function(2));
        module.section(&imports);

        let mut funcs = FunctionSection::new();
        funcs.function(0);
        funcs.function(1);
        module.section(&funcs);

        let mut memories = MemorySection::new();
        memories.memory(MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        module.section(&memories);

        if self.linker_exports {
            let mut globals = wasm_encoder::GlobalSection::new();
            let ty = wasm_encoder::GlobalType {
                val_type: EncValType::I32,
                mutable: false,
                shared: false,
            };
            globals.global(ty, &ConstExpr::i32_const(1024));
            module.section(&globals);
        }

        let mut exports = ExportSection::new();
        exports.export(stylus_devnet::rules::ENTRYPOINT, ExportKind::Func, ENTRY);
        exports.export("memory", ExportKind::Memory, 0);
        if self.linker_exports {
            exports.export("__data_end", ExportKind::Global, 0);
            exports.export("__heap_base", ExportKind::Global, 0);
        }
        module.section(&exports);

        if self.start {
            module.section(&StartSection {
                function_index: START,
            });
        }
        if self.data_count {
            module.section(&DataCountSection { count: 1 });
        }

        let mut code = CodeSection::new();
        let mut entry = Function::new([]);
        for instruction in &self.body {
            entry.instruction(instruction);
        }
        entry.instruction(&Instruction::End);
        code.function(&entry);
        let mut start = Function::new([]);
        start.instruction(&Instruction::End);
        code.function(&start);
        module.section(&code);

        let mut data = DataSection::new();
        data.active(0, &ConstExpr::i32_const(16), b"stylus".iter().copied());
        module.section(&data);
        module.finish()
    }
}

/// The activation error that rejects `wasm`.
fn rejection(wasm: &[u8]) -> ActivationError {
    match validate(wasm) {
        Err(Error::Rejected(e)) => e,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn minimal_program_is_accepted_and_normalisation_is_idempotent() {
    let wasm = Builder::default().build();
    let validated = validate(&wasm).expect("minimal program validates");
    assert_eq!(
        validated.summary,
        ModuleSummary {
            imports: vec![
                "vm_hooks.read_args".to_string(),
                "vm_hooks.pay_for_memory_grow".to_string()
            ],
            functions: 2,
            initial_pages: 1,
            data_segments: 1,
        }
    );
    assert_eq!(validated.program.code, compress(&wasm));

    let (normalized, report) = normalize(&wasm).unwrap();
    assert_eq!(
        normalized, wasm,
        "a canonical module must round-trip byte for byte"
    );
    assert_eq!(report, NormalizeReport::default());
}

/// Hand-assembled module: two hostio imports and `(func (param i32) (result i32)
/// local.get 0 local.get 0 call_indirect (type 0) table 0)` where the table index is
/// encoded as the five-byte LEB `80 80 80 80 00`, as LLVM emits it.
fn overlong_call_indirect_module() -> Vec<u8> {
    #[rustfmt::skip]
    let wasm: Vec<u8> = vec![
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
        // type section: 2 types, (func (param i32) (result i32)), (func (param i32))
        0x01, 0x0a, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00,
        // import section: vm_hooks.read_args and vm_hooks.pay_for_memory_grow, type 1
        0x02, 0x35, 0x02,
        0x08, b'v', b'm', b'_', b'h', b'o', b'o', b'k', b's',
        0x09, b'r', b'e', b'a', b'd', b'_', b'a', b'r', b'g', b's', 0x00, 0x01,
        0x08, b'v', b'm', b'_', b'h', b'o', b'o', b'k', b's',
        0x13, b'p', b'a', b'y', b'_', b'f', b'o', b'r', b'_', b'm', b'e', b'm', b'o', b'r',
        b'y', b'_', b'g', b'r', b'o', b'w', 0x00, 0x01,
        // function section: 1 function of type 0
        0x03, 0x02, 0x01, 0x00,
        // table section: 1 funcref table, min 1
        0x04, 0x04, 0x01, 0x70, 0x00, 0x01,
        // memory section: 1 memory, min 1
        0x05, 0x03, 0x01, 0x00, 0x01,
        // export section: "user_entrypoint" func 2, "memory" memory 0
        0x07, 0x1c, 0x02,
        0x0f, b'u', b's', b'e', b'r', b'_', b'e', b'n', b't', b'r', b'y', b'p', b'o', b'i', b'n', b't', 0x00, 0x02,
        0x06, b'm', b'e', b'm', b'o', b'r', b'y', 0x02, 0x00,
        // element section: active, table 0, offset i32.const 0, [func 2]
        0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x02,
        // code section: 1 body
        0x0a, 0x0f, 0x01,
        0x0d, // body size
        0x00, // no locals
        0x20, 0x00, // local.get 0
        0x20, 0x00, // local.get 0 (table slot)
        0x11, 0x00, 0x80, 0x80, 0x80, 0x80, 0x00, // call_indirect type 0, table 0 (over-long)
        0x0b, // end
    ];
    wasm
}

#[test]
fn overlong_call_indirect_is_rejected_before_and_canonical_after_normalisation() {
    let wasm = overlong_call_indirect_module();
    let before = rejection(&wasm);
    assert!(
        matches!(
            before,
            ActivationError::UnsupportedFeature {
                feature: "reference-types",
                ..
            } | ActivationError::InvalidWasm(_)
        ),
        "{before:?}"
    );

    let (normalized, report) = normalize(&wasm).unwrap();
    assert_eq!(report.call_indirect, 1);
    assert_eq!(report.call_indirect_overlong, 1);
    validate(&normalized).expect("normalised module is accepted");
    // The body shrank by exactly the four padding bytes and now ends in
    // `call_indirect 0 0x00; end`.
    assert_eq!(normalized.len(), wasm.len() - 4);
    assert!(normalized.ends_with(&[0x20, 0x00, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0b]));
}

#[test]
fn data_count_section_is_rejected_and_removed() {
    let wasm = Builder {
        data_count: true,
        ..Builder::default()
    }
    .build();
    assert!(
        matches!(rejection(&wasm), ActivationError::UnsupportedSection(ref s) if s.starts_with("DataCount"))
    );

    let (normalized, report) = normalize(&wasm).unwrap();
    assert!(report.data_count_removed);
    assert!(Parser::new(0)
        .parse_all(&normalized)
        .all(|p| !matches!(p, Ok(Payload::DataCountSection { .. }))));
    assert_eq!(normalized, Builder::default().build());
    validate(&normalized).unwrap();
}

#[test]
fn memory_init_cannot_be_normalised() {
    let wasm = Builder {
        data_count: true,
        body: vec![
            Instruction::I32Const(0),
            Instruction::I32Const(0),
            Instruction::I32Const(0),
            Instruction::MemoryInit {
                mem: 0,
                data_index: 0,
            },
            Instruction::LocalGet(0),
        ],
        ..Builder::default()
    }
    .build();
    assert!(matches!(
        normalize(&wasm),
        Err(Error::NeedsDataCount { func: ENTRY })
    ));
}

#[test]
fn custom_sections_are_dropped() {
    let mut wasm = Builder::default().build();
    // Append a `producers`-like custom section.
    let mut module = Module::new();
    module.section(&wasm_encoder::CustomSection {
        name: "producers".into(),
        data: b"rustc".as_slice().into(),
    });
    wasm.extend_from_slice(&module.finish()[8..]);
    let (normalized, report) = normalize(&wasm).unwrap();
    assert_eq!(
        report.custom_sections_removed,
        vec!["producers".to_string()]
    );
    assert_eq!(normalized, Builder::default().build());
}

#[test]
fn linker_exports_are_dropped() {
    let wasm = Builder {
        linker_exports: true,
        ..Builder::default()
    }
    .build();
    let (normalized, report) = normalize(&wasm).unwrap();
    assert_eq!(report.exports_removed, ["__data_end", "__heap_base"]);
    validate(&normalized).expect("only the unused global remains");
}

#[test]
fn float_instruction_is_rejected() {
    let wasm = Builder {
        body: vec![
            Instruction::F64Const(1.5.into()),
            Instruction::F64Const(2.0.into()),
            Instruction::F64Add,
            Instruction::I32TruncSatF64S,
        ],
        ..Builder::default()
    }
    .build();
    let found = rejection(&wasm);
    assert!(
        matches!(found, ActivationError::FloatOperation { func: ENTRY, .. }),
        "{found:?}"
    );
}

#[test]
fn reference_type_instruction_is_rejected() {
    let wasm = Builder {
        body: vec![
            Instruction::RefNull(wasm_encoder::HeapType::FUNC),
            Instruction::RefIsNull,
        ],
        ..Builder::default()
    }
    .build();
    let found = rejection(&wasm);
    assert!(
        matches!(
            found,
            ActivationError::UnsupportedFeature {
                feature: "reference-types",
                ..
            }
        ),
        "{found:?}"
    );
}

#[test]
fn simd_instruction_is_rejected() {
    let wasm = Builder {
        body: vec![
            Instruction::LocalGet(0),
            Instruction::I32x4Splat,
            Instruction::I32x4ExtractLane(0),
        ],
        ..Builder::default()
    }
    .build();
    let found = rejection(&wasm);
    assert!(
        matches!(
            found,
            ActivationError::UnsupportedFeature {
                feature: "SIMD",
                ..
            }
        ),
        "{found:?}"
    );
}

#[test]
fn start_function_is_rejected() {
    let wasm = Builder {
        start: true,
        ..Builder::default()
    }
    .build();
    assert_eq!(rejection(&wasm), ActivationError::StartFunction(START));
}

#[test]
fn foreign_import_is_rejected() {
    let wasm = Builder {
        import_module: "console",
        ..Builder::default()
    }
    .build();
    let found = rejection(&wasm);
    assert!(
        matches!(found, ActivationError::UnknownImport { ref module, .. } if module == "console"),
        "{found:?}"
    );
}

#[test]
fn garbage_is_malformed() {
    assert!(matches!(
        validate(b"\0asm\x01\0\0\0\x01"),
        Err(Error::Malformed { .. })
    ));
    assert!(matches!(
        normalize(b"not wasm"),
        Err(Error::Malformed { .. })
    ));
}

#[test]
fn function_sizes_are_sorted_and_named() {
    let mut wasm = Builder {
        body: vec![
            Instruction::LocalGet(0),
            Instruction::Drop,
            Instruction::LocalGet(0),
        ],
        ..Builder::default()
    }
    .build();
    let mut names = wasm_encoder::NameSection::new();
    let mut map = wasm_encoder::NameMap::new();
    map.append(ENTRY, "entry");
    names.functions(&map);
    let mut module = Module::new();
    module.section(&names);
    wasm.extend_from_slice(&module.finish()[8..]);

    let sizes = function_sizes(&wasm).unwrap();
    assert_eq!(
        sizes,
        vec![
            FunctionSize {
                index: ENTRY,
                name: Some("entry".into()),
                len: 7
            },
            FunctionSize {
                index: START,
                name: None,
                len: 2
            },
        ]
    );
}

#[test]
fn compression_has_nitro_prefix_and_round_trips() {
    let wasm = Builder::default().build();
    let compressed = compress(&wasm);
    assert_eq!(compressed[..4], [0xEF, 0xF0, 0x00, 0x00]);
    let mut decompressed = Vec::new();
    brotli::BrotliDecompress(&mut &compressed[4..], &mut decompressed).unwrap();
    assert_eq!(decompressed, wasm);
}

#[test]
fn limits_are_the_devnets() {
    let config = ActivationConfig::default();
    assert_eq!(MAX_UNCOMPRESSED_LEN, config.max_wasm_size);
    assert_eq!(MAX_COMPRESSED_LEN, config.max_code_size);
}
