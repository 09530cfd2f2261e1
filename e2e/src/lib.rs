//! # lst-registry-e2e
//!
//! End-to-end harness of the `lst-registry` Stylus program: the deployable artifact
//! (`artifacts/lst_registry.wasm`), run through its real entrypoint and ABI on the offline
//! devnet (`stylus-devnet`).
//!
//! * [`abi`]: the Solidity interface as Rust types (calls, [`abi::RegistryEvent`],
//!   [`abi::RegistryError`]).
//! * [`artifact`]: loading the artifact; the devnet parameters (and the temporary size-limit
//!   override).
//! * [`client`]: [`client::Registry`], a typed client that decodes every return value, log
//!   and revert.
//! * [`actors`], [`eip712`]: named accounts, oracle keys and attestation signing.
//! * [`transcript`], [`render`]: a readable record of transactions and their expectations.
//! * [`scenario`]: the program's lifecycle (Alpha → Throughput → Main launch → Open access).
//! * [`gas`], [`report`]: gas measurements and `docs/gas-report.md`.

pub mod abi;
pub mod actors;
pub mod artifact;
pub mod client;
pub mod eip712;
pub mod error;
pub mod gas;
pub mod render;
pub mod report;
pub mod scenario;
pub mod snapshot;
pub mod transcript;

pub use error::E2eError;
