//! # lst
//!
//! The command-line tool of the LST registry (`lst`), for the people who run the program:
//! oracles attest Snapshot results, relayers submit them, dapps and operators read the
//! registry, node operators and the admin send transactions.
//!
//! Modules by concern:
//!
//! * [`snapshot`]: Snapshot GraphQL proposal results, checked for what an oracle may sign
//!   (a closed basic vote, in the program's space, titled and worded as the program's).
//! * [`wei`]: exact decimal ↔ wei conversion (no floating point).
//! * [`attestation`]: signed-tally and submission documents; combining and verifying them
//!   (the EIP-712 digest, signing and recovery are `lst-registry-client`'s).
//! * [`abi`]: the committed Solidity interface, through alloy's `sol!`.
//! * [`chain`]: the registry on the `--rpc` endpoint through `lst-registry-client`'s
//!   JSON-RPC backend and `Registry`; the tool's errors and transaction reports on top.
//! * [`keys`]: private keys from files or the environment, never from arguments.
//! * [`output`]: human and JSON reports; generic decoding of events and custom errors.
//! * [`cli`] and [`commands`]: the command line and what each command does.

pub mod abi;
pub mod attestation;
pub mod chain;
pub mod cli;
pub mod commands;
pub mod error;
pub mod keys;
pub mod output;
pub mod snapshot;
pub mod wei;

pub use error::{CliError, Result};
