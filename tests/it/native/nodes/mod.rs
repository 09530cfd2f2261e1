//! Stage 2: nodes, pairings, stake caps, stake reports, and their views.

use alloy_primitives::U256;
use lst_registry::RegistryError;

use crate::native::support::*;

fn length(field: u8, len: usize, min: usize, max: usize) -> RegistryError {
    RegistryError::invalid_length(field, U256::from(len), U256::from(min), U256::from(max))
}

fn cap_error(cap: U256) -> RegistryError {
    RegistryError::invalid_stake_cap(cap, metis(20_000), metis(100_000))
}

mod pairing;
mod registering;
mod revoking;
mod stake;
mod views;
