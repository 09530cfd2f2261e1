//! The registry's committed Solidity interface (`abi/ILstRegistry.sol`) as Rust types, from
//! `lst-registry-types`.

pub use lst_registry_types::{ILstRegistry, RegistryCall, RegistryError};
