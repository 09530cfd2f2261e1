//! The registry's committed Solidity interface (`abi/ILstRegistry.sol`) as Rust types, from
//! `lst-registry-types` through the client.

pub use lst_registry_client::abi::{ILstRegistry, RegistryCall, RegistryError};
