//! The tool's errors. None of them ever carries key material.

use thiserror::Error;

use crate::output::DecodedCall;
use crate::snapshot::SnapshotError;
use crate::wei::WeiError;
use lst_registry_client::eip712::SignatureError;

/// Everything that can stop a command.
#[derive(Debug, Error)]
pub enum CliError {
    /// A missing or inconsistent option.
    #[error("{0}")]
    Usage(String),
    /// A key could not be loaded (the message never includes the key).
    #[error("key: {0}")]
    Key(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The Snapshot result was refused.
    #[error("snapshot: {0}")]
    Snapshot(#[from] SnapshotError),
    /// An amount is not an exact decimal.
    #[error("amount: {0}")]
    Amount(#[from] WeiError),
    /// A signature is malformed or does not recover.
    #[error("signature: {0}")]
    Signature(#[from] SignatureError),
    /// An attestation document is malformed or inconsistent.
    #[error("attestation: {0}")]
    Attestation(String),
    /// The chain disagrees with what the tool computed or was told.
    #[error("mismatch: {0}")]
    Mismatch(String),
    /// The registry's state rules the request out (e.g. a tally after the attestation
    /// deadline), so the tool refuses it.
    #[error("refused: {0}")]
    Refused(String),
    /// The JSON-RPC endpoint failed (connection, transport, unexpected answer).
    #[error("rpc: {0}")]
    Rpc(String),
    /// The registry reverted with one of the interface's custom errors.
    #[error("{function} reverted: {error}")]
    Revert {
        /// The function called.
        function: String,
        /// The decoded custom error.
        error: DecodedCall,
    },
}

impl CliError {
    /// A usage error.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::Usage(message.into())
    }

    /// An I/O error on `path`.
    pub fn io(path: impl std::fmt::Display, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_string(),
            source,
        }
    }
}

/// The tool's result type.
pub type Result<T, E = CliError> = std::result::Result<T, E>;
