//! # lst-registry-e2e
//!
//! End-to-end harness of the `lst-registry` Stylus program: the deployable artifacts (the
//! core `artifacts/lst_registry.wasm`, the admin program and the views program), run through
//! their real entrypoints and ABI on the offline devnet (`stylus-devnet`).
//!
//! What speaks to the registry (typed calls, strict decoding, signing, actors, artifacts,
//! deployment, the lifecycle scenario) is `lst-registry-client`'s; this crate keeps what is
//! end-to-end:
//!
//! * [`scenario`], [`transcript`], [`render`]: the program's lifecycle (Alpha → Throughput →
//!   Main launch → Open access) and its transcript, re-exported from the client, which
//!   owns them; the `lifecycle` binary prints it.
//! * [`gas`], [`report`], [`snapshot`]: gas measurements, `docs/gas-report.md` and
//!   `docs/gas-snapshot.tsv`.

pub mod gas;
pub mod report;
pub mod snapshot;

pub use lst_registry_client::scenario::{self, render, transcript};

/// The registry on the in-process devnet, as every scenario and test here uses it.
pub type Registry = lst_registry_client::Registry<stylus_devnet::Devnet>;
