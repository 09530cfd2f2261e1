//! The registry's Solidity interface, as Rust types: one call type per function, the
//! [`RegistryEvent`] enum of every event and the [`RegistryError`] enum of every custom error.
//!
//! Selectors, event topics and error selectors all come from the interface file, so a
//! signature that drifts between the contract and the interface breaks the end-to-end tests.
//!
//! TEMPORARY: `abi/ILstRegistry.sol` (the committed interface) does not exist yet; until it
//! does, this imports `e2e/abi-draft/ILstRegistry.sol`, written from `src/router.rs`
//! `SIGNATURES`, `src/errors.rs` and `src/events.rs`. Switching is this one path.

alloy_sol_types::sol!(
    #[sol(all_derives)]
    "abi-draft/ILstRegistry.sol"
);

pub use ILstRegistry::{
    ILstRegistryCalls as RegistryCall, ILstRegistryErrors as RegistryError,
    ILstRegistryEvents as RegistryEvent,
};

/// `keccak256("stylus_constructor()")[..4]`: the SDK's constructor route, which the
/// interface does not list.
pub fn constructor_selector() -> [u8; 4] {
    stylus_devnet::constructor_selector()
}

/// The name of an interface function from its selector, if the interface has it.
pub fn function_name(selector: [u8; 4]) -> Option<&'static str> {
    RegistryCall::name_by_selector(selector)
}
