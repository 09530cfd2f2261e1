//! # lst-registry-adversarial
//!
//! Adversarial, property and fuzz tests of the deployable `lst-registry` program
//! (`artifacts/lst_registry.wasm`) on the offline Stylus devnet. The tests live in `tests/`;
//! this library is their support:
//!
//! * [`cast`]: every role (admin, guardian, oracles with real secp256k1 keys, node
//!   operators, applicants, staking contracts, strangers) as named accounts.
//! * [`chain`]: a deployed registry on a devnet (deployed once, forked per case), sending
//!   raw calldata and classifying receipts strictly (success or a decodable custom error,
//!   nothing else).
//! * [`layout`]: the registry's storage decoded slot by slot from `src/storage/`'s layout
//!   table, so tests compare the contract's whole state with a model without calling it.
//! * [`sign`]: EIP-712 tally signatures, malleable twins, and the verification rules of
//!   `src/attestation.rs` as a reference model.
//! * [`fixture`]: a populated registry (every role present), built once and forked.
//! * [`config`]: seeds and case counts from the environment, and the proptest runner.

pub mod cast;
pub mod chain;
pub mod config;
pub mod fixture;
pub mod layout;
pub mod sign;

pub use lst_registry_client as client;
pub use lst_registry_client::abi::{ILstRegistry as I, RegistryError, RegistryEvent};

use alloy_primitives::U256;

/// One METIS in wei.
pub use lst_registry_types::program::METIS;
/// `2^96 − 1`: the largest amount the registry stores (`uint96` max).
pub const MAX_AMOUNT: u128 = (1u128 << 96) - 1;

/// `n` whole METIS as a `uint256`.
pub fn metis(n: u128) -> U256 {
    U256::from(n * METIS)
}

/// An amount in wei as a `uint256`.
pub fn wei(n: u128) -> U256 {
    U256::from(n)
}
