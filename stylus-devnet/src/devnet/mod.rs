//! The test-facing API: [`Devnet`], [`Receipt`], [`Status`].

use std::sync::Arc;

use alloy_primitives::keccak256;

use crate::frame::Env;
use crate::state::World;

// Declared in the order of the API's documentation.
mod chain;

mod accounts;

mod deploy;
mod transactions;

mod receipt;

mod image;

pub use image::{AccountImage, DevnetImage, ImageError};
pub use receipt::{CacheError, DeployError, Receipt, Status};
pub use transactions::AccessListItem;

/// Chain id of nitro-devnode.
pub const DEFAULT_CHAIN_ID: u64 = 412_346;
/// Timestamp of block 1.
pub const DEFAULT_TIMESTAMP: u64 = 1_700_000_000;
/// Default per-transaction gas limit.
pub const DEFAULT_GAS_LIMIT: u64 = 30_000_000;
/// Arbitrum's block gas limit as reported to programs.
pub const ARBITRUM_BLOCK_GAS_LIMIT: u64 = 1 << 50;

/// An offline, single-node Stylus chain.
///
/// Transactions run synchronously; every transaction is atomic. Blocks advance only when
/// asked ([`Devnet::mine`], [`Devnet::advance_time`]). `clone` forks the chain: the copy has
/// the same state and evolves independently (activated programs are shared, read-only).
#[derive(Clone)]
pub struct Devnet {
    world: World,
    env: Arc<Env>,
    gas_limit: u64,
    /// Whether transactions are traced ([`Devnet::set_tracing`]).
    tracing: bool,
    /// The trace of the last traced transaction.
    last_trace: Option<crate::trace::Trace>,
}

impl Default for Devnet {
    fn default() -> Self {
        Self::new()
    }
}

/// Selector the Stylus SDK routes to the constructor: `keccak256("stylus_constructor()")[..4]`.
pub fn constructor_selector() -> [u8; 4] {
    keccak256("stylus_constructor()")[..4]
        .try_into()
        .expect("4 bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devnet_is_send() {
        fn assert_send<T: Send>() {}
        assert_send::<Devnet>();
    }

    #[test]
    fn constructor_selector_matches_sdk() {
        assert_eq!(
            constructor_selector(),
            keccak256(b"stylus_constructor()")[..4]
        );
    }
}
