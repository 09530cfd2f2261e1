//! What can go wrong in the client itself, as opposed to a registry revert, which is an
//! expected outcome decoded into a [`RegistryError`](crate::abi::RegistryError).

use std::path::PathBuf;

use alloy_primitives::hex;
use thiserror::Error;

use crate::backend::{BackendError, Status};

/// A failure of the client: the artifacts, the backend, or an answer of the registry that
/// does not decode against the interface.
#[derive(Debug, Error)]
pub enum ClientError {
    /// An artifact (`artifacts/*.wasm`) is missing.
    #[error("{} not found: run `cargo xtask artifact` first", .0.display())]
    ArtifactMissing(PathBuf),
    /// The artifact exists but cannot be read.
    #[error("reading {}: {}", .0.display(), .1)]
    ArtifactUnreadable(PathBuf, std::io::Error),
    /// Deployment on the devnet failed (activation or constructor).
    #[cfg(feature = "devnet")]
    #[error("deploying the registry: {0}")]
    Deploy(stylus_devnet::DeployError),
    /// The backend could not answer.
    #[error("{function}: {error}")]
    Backend {
        /// Function called.
        function: String,
        /// The backend's error.
        error: BackendError,
    },
    /// The registry reverted with data that is not one of the interface's custom errors.
    #[error("{function} reverted with data that is no custom error of the interface: 0x{}", hex::encode(.data))]
    UndecodableRevert {
        /// Function called.
        function: String,
        /// Raw revert data.
        data: Vec<u8>,
    },
    /// The registry returned data that does not decode as the function's return values.
    #[error("{function} returned undecodable data ({reason}): 0x{}", hex::encode(.data))]
    UndecodableReturn {
        /// Function called.
        function: String,
        /// Raw return data.
        data: Vec<u8>,
        /// Why it was refused.
        reason: ReturnError,
    },
    /// A log that is not one of the interface's events, or not emitted by the registry.
    #[error("{function} emitted a log that is no event of the interface ({reason}): {log}")]
    UndecodableLog {
        /// Function whose transaction emitted it.
        function: String,
        /// Topics and data, hex.
        log: String,
        /// Decoder message.
        reason: String,
    },
    /// The transaction did not end in success or a revert (trap, out of gas, invalid).
    #[error("{function} ended with {status:?}{}", .reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default())]
    Aborted {
        /// Function called.
        function: String,
        /// How it ended.
        status: Status,
        /// The backend's explanation, if any.
        reason: Option<String>,
    },
    /// A key could not sign.
    #[error("signing failed: {0}")]
    Signing(String),
    /// A call reverted where the caller needed it to succeed.
    #[error("{function} reverted with {error}")]
    Reverted {
        /// Function called.
        function: String,
        /// The decoded error.
        error: String,
    },
}

#[cfg(feature = "devnet")]
impl From<stylus_devnet::DeployError> for ClientError {
    fn from(e: stylus_devnet::DeployError) -> Self {
        ClientError::Deploy(e)
    }
}

/// Why return data is refused.
#[derive(Debug, thiserror::Error)]
pub enum ReturnError {
    /// It does not decode as the function's return values.
    #[error(transparent)]
    Decode(Box<alloy_sol_types::Error>),
    /// It decodes, but is not their canonical encoding (trailing or dirty bytes).
    #[error("not the canonical encoding of the return values")]
    NotCanonical,
    /// A page's parallel arrays have different lengths.
    #[error("columns of different lengths: {0:?}")]
    RaggedColumns(Vec<usize>),
}
