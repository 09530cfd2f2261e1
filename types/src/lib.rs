//! # lst-registry-types
//!
//! The LST registry's interface as Rust types, for every off-chain crate that speaks to the
//! registry: the one expansion of the committed interface `abi/ILstRegistry.sol` (calls,
//! returns, events, custom errors), the EIP-712 tally attestation and its domain, the names
//! of the interface's `uint8` codes, and the program's constants and defaults.
//!
//! `no_std` (with `alloc`), so that anything from a browser build to the contract's own
//! tests can use it. The contract itself keeps its hand-written codec (size: see the README).

#![no_std]

extern crate alloc;

pub mod codes;
pub mod eip712;
pub mod program;

#[allow(missing_docs, clippy::too_many_arguments)]
mod generated {
    alloy_sol_types::sol!(
        // `extra_methods`: `From` each call, event and error into its enum, and accessors.
        #[sol(all_derives, extra_methods, abi)]
        "../abi/ILstRegistry.sol"
    );
}

pub use generated::ILstRegistry;
pub use ILstRegistry::{
    ILstRegistryCalls as RegistryCall, ILstRegistryErrors as RegistryError,
    ILstRegistryEvents as RegistryEvent,
};

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::keccak256;
    use alloy_sol_types::{SolError, SolEventInterface, SolInterface};

    #[test]
    fn every_event_and_error_converts() {
        // `extra_methods` gives every variant its `From`; the counts pin the interface.
        assert_eq!(RegistryEvent::COUNT, 28);
        assert_eq!(RegistryError::COUNT, 56);
        let error: RegistryError = ILstRegistry::RegistryNotDelegated {}.into();
        assert_eq!(error.selector(), keccak256("RegistryNotDelegated()")[..4]);
        assert_eq!(
            ILstRegistry::RegistryNotDelegated::SELECTOR,
            error.selector()
        );
    }
}
