//! The devnet's modules import one way, as ARCHITECTURE.md ("The devnet's modules") draws
//! them: each names only modules of the layers below its own, so no two import each other
//! in a circle. Both VMs reach the frame executor through the entry points they are handed
//! (`frame::Nested`), never by naming it; this test reads every `crate::` path of the
//! sources (a name the crate root re-exports counts as the module it comes from) and fails
//! on the first that points sideways or up.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, from the top: a module may name the modules of any layer below its own.
const LAYERS: &[&[&str]] = &[
    &["devnet"],
    &["exec"],
    &["arbos"],
    &["host", "revm_frame"],
    &["state"],
    &["frame"],
    &["activation"],
    &["instrument"],
    &["pricing", "rules", "trace"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every identifier that follows `crate::` on the code lines of `text` (comments skipped),
/// with its line number.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        for (at, _) in line.match_indices("crate::") {
            let name: String = line[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push((number + 1, name));
        }
    }
    out
}

/// The crate root's re-exports: each name `pub use module::{…}` hands on, with its module.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for statement in lib.split(';') {
        let Some(rest) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        for name in names.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if !name.is_empty() {
                out.insert(name.to_owned(), module.to_owned());
            }
        }
    }
    out
}

#[test]
fn every_module_names_only_the_layers_below_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = read(&src.join("lib.rs"));
    let reexported = reexports(&lib);
    assert_eq!(
        reexported.get("AccessListItem").map(String::as_str),
        Some("devnet"),
        "the crate root's re-exports were not read"
    );
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap_or(file);
        let Some(first) = relative.components().next() else {
            continue;
        };
        let module = first.as_os_str().to_string_lossy();
        let module = module.trim_end_matches(".rs");
        if module == "lib" {
            continue;
        }
        let Some(own) = layer(module) else {
            panic!(
                "{} is in no layer: add its module to LAYERS",
                relative.display()
            );
        };
        let text = read(file);
        for (line, name) in crate_paths(&text) {
            let target = reexported.get(&name).map_or(name.as_str(), String::as_str);
            if target == module {
                continue;
            }
            checked += 1;
            match layer(target) {
                Some(theirs) if theirs > own => {}
                _ => wrong.push(format!(
                    "{}:{line} names crate::{name} ({target})",
                    relative.display()
                )),
            }
        }
    }
    assert!(checked > 50, "only {checked} crate paths were read");
    assert!(
        wrong.is_empty(),
        "imports against the layering:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn a_name_from_a_higher_layer_is_caught() {
    let text =
        "use crate::frame::Env;\n// crate::exec in a comment\nfn f() { crate::exec::call(); }";
    let names: Vec<_> = crate_paths(text).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["frame", "exec"]);
    assert!(layer("exec") < layer("frame"));
    let lib = "pub use devnet::{\n    Devnet, Receipt,\n};\npub use frame::BlockEnv;";
    let map = reexports(lib);
    assert_eq!(map.get("Receipt").map(String::as_str), Some("devnet"));
    assert_eq!(map.get("BlockEnv").map(String::as_str), Some("frame"));
}
