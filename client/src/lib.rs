//! # lst-registry-client
//!
//! Everything off-chain that speaks to the LST registry, written once, for the end-to-end
//! and adversarial suites, the devnet node's seeding and the CLI:
//!
//! * [`abi`]: the interface's types (re-exported from `lst-registry-types`), function names
//!   by selector, the constructor's selector and arguments.
//! * [`backend`]: the synchronous [`Backend`] trait a chain implements (send, call, block
//!   time) and the [`Receipt`] it answers with; [`devnet`] implements it for the in-process
//!   Stylus devnet (feature `devnet`), `rpc` for a JSON-RPC node over HTTP (feature `rpc`).
//! * [`decode`]: strict decoding of return data, custom errors and events (a value must
//!   re-encode to exactly the bytes received).
//! * [`registry`]: [`Registry`], typed calls over a backend, each answered as a decoded
//!   [`Tx`].
//! * [`eip712`]: tally attestations: digest, signing with alloy's local signer (low `s`,
//!   `r ‖ s ‖ v`), signer order, recovery as the registry checks it.
//! * [`actors`]: named accounts and oracle keys derived from names, and an address book.
//! * [`fixtures`]: the inputs of scenarios and tests (LSTs that apply, nodes, tallies,
//!   attestation calls), derived from names and sized as the gas targets assume.
//! * [`artifact`]: the three programs' artifacts (core, admin and views) and where they are.
//! * [`error`]: [`ClientError`], what can go wrong besides a revert.
//! * [`vault`]: the Solidity LST integration (`integrations/lst-vault`): its METIS token and
//!   staking vault, their init code and the calls the scenario and the seed make.

pub mod abi;
pub mod actors;
pub mod artifact;
pub mod backend;
pub mod decode;
#[cfg(feature = "devnet")]
pub mod devnet;
pub mod eip712;
pub mod error;
pub mod fixtures;
pub mod registry;
#[cfg(feature = "rpc")]
pub mod rpc;
#[cfg(feature = "devnet")]
pub mod scenario;
pub mod vault;

pub use backend::{Backend, BackendError, Log, Receipt, Request, Status};
pub use error::{ClientError, ReturnError};
pub use lst_registry_types as types;
pub use lst_registry_types::{ILstRegistry, RegistryCall, RegistryError, RegistryEvent};
pub use registry::{Outcome, Registry, Tx};
