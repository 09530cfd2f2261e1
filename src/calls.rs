//! What serving a call takes, for the core ([`crate::router`]) and the views
//! ([`crate::views`]) alike: selectors, the list of a program's signatures, and the checks
//! every call passes before its route (a 4-byte selector, no value), with how a routed call
//! fails.

use alloc::vec::Vec;
use alloy_primitives::U256;
use stylus_sdk::keccak_const::Keccak256;

use crate::abi::{Calldata, Malformed};
use crate::errors::{RegistryError, Result};

/// The 4-byte selector of a function signature, as a big-endian integer.
pub const fn selector(signature: &str) -> u32 {
    let hash = Keccak256::new().update(signature.as_bytes()).finalize();
    u32::from_be_bytes([hash[0], hash[1], hash[2], hash[3]])
}

/// Declares one selector constant per signature and the list of the signatures.
macro_rules! functions {
    ($($name:ident = $signature:literal;)*) => {
        $(const $name: u32 = selector($signature);)*
        /// Every function signature this program serves (the constructor route aside).
        pub const SIGNATURES: &[&str] = &[$($signature),*];
        /// Whether `selector` is the selector of one of [`SIGNATURES`].
        #[allow(dead_code)] // only the admin program's list is asked
        pub const fn serves(selector: u32) -> bool {
            matches!(selector, $($name)|*)
        }
    };
}
pub(crate) use functions;

/// Why a routed call failed.
pub(crate) enum Failure {
    /// The arguments did not decode.
    Malformed,
    /// The registry refused the call.
    Registry(RegistryError),
}

impl From<Malformed> for Failure {
    fn from(_: Malformed) -> Self {
        Failure::Malformed
    }
}

impl From<RegistryError> for Failure {
    fn from(error: RegistryError) -> Self {
        Failure::Registry(error)
    }
}

/// A routed call's outcome: `Ok(None)` when the program serves no function with the selector.
pub(crate) type Routed = core::result::Result<Option<Vec<u8>>, Failure>;

/// Nothing to return.
pub(crate) fn done(_: ()) -> Vec<u8> {
    Vec::new()
}

/// Serves `input` with `route`, and refuses a selector `route` does not serve with
/// `RegistryUnknownSelector`: what the admin and views programs do, which have no program
/// behind them.
pub(crate) fn serve_only(
    value: U256,
    input: &[u8],
    route: impl FnOnce(u32, &Calldata) -> Routed,
) -> Result<Vec<u8>> {
    let mut sel = [0u8; 4];
    for (to, from) in sel.iter_mut().zip(input) {
        *to = *from;
    }
    serve_with(value, input, route)?.ok_or_else(|| RegistryError::unknown_selector(sel))
}

/// Splits `input` into selector and arguments, refusing value. The error of a call whose
/// selector the program does not serve is `RegistryUnknownSelector`.
pub(crate) fn serve_with(
    value: U256,
    input: &[u8],
    route: impl FnOnce(u32, &Calldata) -> Routed,
) -> Result<Option<Vec<u8>>> {
    let mut sel = [0u8; 4];
    for (to, from) in sel.iter_mut().zip(input) {
        *to = *from;
    }
    if input.len() < 4 {
        return Err(RegistryError::unknown_selector(sel));
    }
    if !value.is_zero() {
        return Err(RegistryError::not_payable(value));
    }
    match route(
        u32::from_be_bytes(sel),
        &Calldata::new(input.get(4..).unwrap_or_default()),
    ) {
        Ok(output) => Ok(output),
        Err(Failure::Malformed) => Err(RegistryError::malformed_calldata(sel)),
        Err(Failure::Registry(error)) => Err(error),
    }
}
