//! The registry's Solidity interface, as Rust types: one call type per function, the
//! [`RegistryEvent`] enum of every event and the [`RegistryError`] enum of every custom error.
//!
//! Everything comes from the committed interface `abi/ILstRegistry.sol` (selectors, event
//! topics, error selectors, names) through `lst-registry-types`, so a signature that drifts
//! between the contract and the interface breaks the end-to-end tests.

pub use lst_registry_types::{ILstRegistry, RegistryCall, RegistryError, RegistryEvent};

/// `keccak256("stylus_constructor()")[..4]`: the SDK's constructor route, which the
/// interface does not list.
pub fn constructor_selector() -> [u8; 4] {
    lst_registry_types::program::CONSTRUCTOR_SELECTOR
}

/// The name of an interface function from its selector, if the interface has it.
pub fn function_name(selector: [u8; 4]) -> Option<&'static str> {
    RegistryCall::name_by_selector(selector)
}
