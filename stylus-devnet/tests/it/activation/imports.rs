//! Imports, exports, the entrypoint, memory export and start function.

use stylus_devnet::{activate, ActivationError as E};

use super::fixtures::*;

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
