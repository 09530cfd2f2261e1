//! # LST registry admin program
//!
//! The admin's half of the LST registry's state-changing functions: a third Stylus program
//! that serves the roles (`transferAdmin`, `acceptAdmin`, `setGuardian`), the oracle set
//! (`setOracleSet`, `setOracleSetDelay`), the rules and node limits (`setVoteRules`,
//! `setSnapshotSpace`, `setStakeCapBounds`, `setPhaseNodeLimit`) and the node registry
//! (`registerNode`, `updateNode`). The registry's core program delegates these selectors to
//! this program, whose address it fixed at construction; so this code runs in the registry's
//! context, writes the registry's storage with the same checks and events as the rest of the
//! registry, and one address serves the whole of `abi/ILstRegistry.sol`.
//!
//! The logic lives in [`lst_registry::admin`]; this crate is only the program's entrypoint.
//! Deploy it first (no constructor), activate it, then pass its address to the registry's
//! constructor. Called directly, it reverts with `RegistryNotDelegated`.

#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use alloy_primitives::U256;
use lst_registry::LstRegistry;
use stylus_sdk::prelude::*;

/// The program's entrypoint, in a module of its own: the SDK's macro writes
/// `user_entrypoint` beside `serve`, undocumented, and Nitro finds it by its exported name
/// (`#[no_mangle]`), whatever module it is in.
mod entry {
    use super::*;

    /// Serves one of the admin's functions of the registry.
    #[entrypoint]
    #[allow(dead_code)] // native builds have no `user_entrypoint` calling it
    fn serve(input: Vec<u8>, host: stylus_sdk::host::VM) -> stylus_sdk::ArbResult {
        // SAFETY: the registry's storage is the only storage this program uses; it lives for
        // this call.
        let mut registry = unsafe { <LstRegistry as StorageType>::new(U256::ZERO, 0, host) };
        lst_registry::admin::serve(&mut registry, &input).map_err(Into::into)
    }
}
