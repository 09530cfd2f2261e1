//! The `sol!` items a source file declares, as lines to compare with the interface's.

use std::collections::{BTreeMap, BTreeSet};

use crate::abi_drift::read;

/// The items a `sol!` block of `file` declares with `keyword` (`event`, `error`), by name, each
/// as one line: `keyword Name(type [indexed ]name, ...)`.
pub(crate) fn declared(file: &str, keyword: &str) -> BTreeMap<String, String> {
    let text = read(file);
    let mut items = BTreeMap::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(&format!("{keyword} ")) {
        let starts_line = rest[..at]
            .rsplit('\n')
            .next()
            .is_some_and(|indent| indent.trim().is_empty());
        let end = rest[at..].find(';').map_or(rest.len(), |e| at + e);
        let item = &rest[at..end];
        let name: String = item[keyword.len() + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !starts_line
            || name.is_empty()
            || !item[keyword.len() + 1 + name.len()..].starts_with('(')
        {
            rest = &rest[at + keyword.len()..];
            continue;
        }
        rest = &rest[end..];
        let line = item
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("( ", "(")
            .replace(" )", ")")
            .replace(",)", ")");
        items.insert(name, line);
    }
    items
}

/// An interface item as one line, like [`declared`] gives it.
pub(crate) fn declaration(
    keyword: &str,
    name: &str,
    params: impl Iterator<Item = (String, bool, String)>,
) -> String {
    let params: Vec<String> = params
        .map(|(ty, indexed, name)| {
            if indexed {
                format!("{ty} indexed {name}")
            } else {
                format!("{ty} {name}")
            }
        })
        .collect();
    format!("{keyword} {name}({})", params.join(", "))
}

/// The items of `program` and `interface` that differ, for a failure message.
pub(crate) fn differences(
    program: &BTreeMap<String, String>,
    interface: &BTreeMap<String, String>,
) -> String {
    let mut out = String::new();
    for name in program
        .keys()
        .chain(interface.keys())
        .collect::<BTreeSet<_>>()
    {
        match (program.get(name), interface.get(name)) {
            (Some(p), Some(i)) if p == i => {}
            (p, i) => {
                out += &format!(
                    "\n  program:   {}\n  interface: {}",
                    p.map_or("-", |s| s),
                    i.map_or("-", |s| s)
                )
            }
        }
    }
    out
}
