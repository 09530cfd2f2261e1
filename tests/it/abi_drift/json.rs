//! `abi/ILstRegistry.json` is the JSON ABI generated from the interface.

use std::collections::BTreeSet;

use alloy_json_abi::JsonAbi;

use crate::abi_drift::{interface, path, INTERFACE, JSON};

/// Sorts object keys, recursively (solc's output order).
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}

/// Gives every parameter (of `inputs`, `outputs`, `components`) the `internalType` solc gives it.
/// `sol!` leaves it out for elementary types, whose internal type is the type itself; the
/// interface uses no other type in its signatures.
fn with_internal_types(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Array(items) => items.iter_mut().for_each(with_internal_types),
        serde_json::Value::Object(map) => {
            for key in ["inputs", "outputs", "components"] {
                let Some(serde_json::Value::Array(params)) = map.get_mut(key) else {
                    continue;
                };
                for param in params.iter_mut() {
                    let serde_json::Value::Object(param) = param else {
                        continue;
                    };
                    if !param.contains_key("internalType") {
                        let ty = param.get("type").cloned().unwrap_or_default();
                        param.insert("internalType".into(), ty);
                    }
                }
                params.iter_mut().for_each(with_internal_types);
            }
        }
        _ => {}
    }
}

/// The JSON ABI of the interface as solc lays it out: entries ordered by type then name, keys
/// sorted, `internalType` on every parameter, two-space indentation, final newline.
fn generated_json() -> String {
    let mut value = serde_json::to_value(interface()).expect("JSON ABI serialises");
    with_internal_types(&mut value);
    let items = value.as_array_mut().expect("a JSON ABI is an array");
    let key = |item: &serde_json::Value| {
        let text = |k: &str| {
            item.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        (text("type"), text("name"))
    };
    items.sort_by_key(key);
    let mut text = serde_json::to_string_pretty(&sorted(value)).expect("JSON ABI prints");
    text.push('\n');
    text
}

#[test]
fn committed_json_is_generated_from_the_interface() {
    let generated = generated_json();
    if std::env::var_os("UPDATE_ABI").is_some_and(|v| v == "1") {
        std::fs::write(path(JSON), &generated)
            .unwrap_or_else(|e| panic!("cannot write {JSON}: {e}"));
        eprintln!("wrote {JSON}");
        return;
    }
    let committed = std::fs::read_to_string(path(JSON)).unwrap_or_default();
    if committed.replace("\r\n", "\n") == generated {
        return;
    }
    // Say which entries differ, when the committed file parses at all.
    let items = |abi: &JsonAbi| -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        out.extend(
            abi.functions()
                .map(|f| format!("function {}", f.full_signature())),
        );
        out.extend(
            abi.events()
                .map(|e| format!("event {}", e.full_signature())),
        );
        out.extend(abi.errors().map(|e| {
            let params: Vec<String> = e
                .inputs
                .iter()
                .map(|p| format!("{} {}", p.ty, p.name))
                .collect();
            format!("error {}({})", e.name, params.join(", "))
        }));
        out
    };
    let detail = match serde_json::from_str::<JsonAbi>(&committed) {
        Ok(old) => {
            let (old, new) = (items(&old), items(&interface()));
            format!(
                "only in {JSON}: {:#?}\nonly in {INTERFACE}: {:#?}",
                old.difference(&new).collect::<Vec<_>>(),
                new.difference(&old).collect::<Vec<_>>()
            )
        }
        Err(e) => format!("{JSON} is missing or unparsable: {e}"),
    };
    panic!(
        "{JSON} is not the JSON ABI of {INTERFACE} (or not in its canonical layout).\n{detail}\n\
         Regenerate it with: UPDATE_ABI=1 cargo test -p lst-registry --test it abi_drift::"
    );
}
