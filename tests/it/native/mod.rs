//! Native integration tests of the registry on stylus-sdk's `TestVM`.
//!
//! `cargo test -p lst-registry --test it native::` runs them alone; one module per concern. Every
//! revert test goes through `support::expect_revert` (or `Env::reverts`), which checks the exact
//! error, that storage did not change and that no log was emitted.

// `RegistryError` is the crate's by-value error (its design, not the tests').
#![allow(clippy::result_large_err)]

mod support;

mod access;
mod attestation;
mod errors;
mod extremes;
mod harness;
mod nodes;
mod pause;
mod rounds;
mod router;
mod rules;
