//! # LST registry views program
//!
//! The read-only part of the LST registry: one of the two Stylus programs the registry's core
//! delegates to (the other is the admin program, `admin/`), serving the registry's views
//! (`admin()`, `rules()`, `round(id)`, `application(id)`, `activePairings(...)`, …). The
//! core delegates to this program every selector that it does not serve itself and that is
//! not one of the admin program's (unknown selectors too), at the address it fixed at
//! construction; so this code runs in the registry's context, reads the registry's storage,
//! and one address serves the whole of `abi/ILstRegistry.sol`.
//!
//! The logic lives in [`lst_registry::views`]; this crate is only the program's entrypoint.
//! Deploy it before the core (no constructor), activate it, then pass its address to the
//! registry's constructor. Called directly, it reverts with `RegistryNotDelegated`.

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

    /// Serves one read-only call of the registry.
    #[entrypoint]
    #[allow(dead_code)] // native builds have no `user_entrypoint` calling it
    fn serve(input: Vec<u8>, host: stylus_sdk::host::VM) -> stylus_sdk::ArbResult {
        // SAFETY: the registry's storage is the only storage this program reads; it lives for
        // this call.
        let registry = unsafe { <LstRegistry as StorageType>::new(U256::ZERO, 0, host) };
        lst_registry::views::serve(&registry, &input).map_err(Into::into)
    }
}
