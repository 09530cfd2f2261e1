//! The registry's committed Solidity interface (`abi/ILstRegistry.sol`) as Rust types: every
//! call, return, event and custom error is encoded and decoded with these, so the tool and
//! the contract cannot drift apart silently.
//!
//! Also here: names of the interface's `uint8` codes, and the `@notice` of every custom
//! error, read from the interface's NatSpec so that reverts explain themselves.

use std::collections::BTreeMap;
use std::sync::OnceLock;

pub use lst_registry_types::codes::{
    APPLICATION_STATUS, APPLICATION_STATUS_MEANING, FIELD, PHASE, ROUND_STATUS,
};
pub use lst_registry_types::{ILstRegistry, RegistryError, RegistryEvent};

/// The interface's source, for its NatSpec.
const INTERFACE_SOURCE: &str = include_str!("../../abi/ILstRegistry.sol");

/// The name of code `code` in `names`, or `unknown(code)`.
pub fn code_name(names: &[&str], code: u8) -> String {
    names
        .get(code as usize)
        .map(|n| (*n).to_string())
        .unwrap_or_else(|| format!("unknown({code})"))
}

/// Parses a phase given as a code (`2`) or a name (`MainLaunch`, `main-launch`, case-insensitive).
pub fn parse_phase(text: &str) -> Option<u8> {
    if let Ok(code) = text.parse::<u8>() {
        return (usize::from(code) < PHASE.len()).then_some(code);
    }
    let wanted: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    PHASE
        .iter()
        .position(|name| name.to_ascii_lowercase() == wanted)
        .and_then(|p| u8::try_from(p).ok())
}

/// The `@notice` of every custom error of the interface, by error name.
pub fn error_notices() -> &'static BTreeMap<String, String> {
    static NOTICES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    NOTICES.get_or_init(|| {
        let mut notices = BTreeMap::new();
        let mut notice: Option<String> = None;
        for line in INTERFACE_SOURCE.lines().map(str::trim) {
            if let Some(text) = line.strip_prefix("/// @notice ") {
                notice = Some(text.to_string());
            } else if let Some(more) = line.strip_prefix("///") {
                let more = more.trim();
                if let Some(n) = notice.as_mut() {
                    if !more.starts_with('@') && !more.is_empty() {
                        n.push(' ');
                        n.push_str(more);
                    }
                }
            } else if let Some(rest) = line.strip_prefix("error ") {
                if let (Some(name), Some(text)) = (rest.split('(').next(), notice.take()) {
                    notices.insert(name.trim().to_string(), text);
                }
            } else {
                notice = None;
            }
        }
        notices
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::sol_types::SolInterface;

    #[test]
    fn every_error_has_a_notice() {
        let notices = error_notices();
        for selector in RegistryError::selectors() {
            let name =
                RegistryError::name_by_selector(selector).expect("selector of the interface");
            assert!(notices.contains_key(name), "{name} has no @notice");
        }
        assert_eq!(notices.len(), RegistryError::COUNT);
    }

    #[test]
    fn phases_by_code_or_name() {
        assert_eq!(parse_phase("2"), Some(2));
        assert_eq!(parse_phase("main-launch"), Some(2));
        assert_eq!(parse_phase("OpenAccess"), Some(3));
        assert_eq!(parse_phase("4"), None);
        assert_eq!(parse_phase("beta"), None);
    }
}
