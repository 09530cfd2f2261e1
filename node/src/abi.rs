//! The registry's committed Solidity interface (`abi/ILstRegistry.sol`) as Rust types.
#![allow(missing_docs)]

alloy_sol_types::sol!(
    #[sol(all_derives)]
    "../abi/ILstRegistry.sol"
);

pub use ILstRegistry::{ILstRegistryCalls as RegistryCall, ILstRegistryErrors as RegistryError};
