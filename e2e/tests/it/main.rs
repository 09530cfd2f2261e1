//! The end-to-end tests of the artifact on the offline Stylus devnet, in one binary: one
//! module per concern, the shared fixtures in `common`.

mod common;

mod activation;
mod atomicity;
mod attestation;
mod constructor;
mod errors;
mod events;
mod gas_snapshot;
mod governance;
mod lifecycle;
mod oracle_set;
mod router;
