//! What can go wrong in the harness itself, as opposed to a registry revert, which is an
//! expected outcome decoded into [`RegistryError`](crate::abi::RegistryError).

use std::fmt;
use std::path::PathBuf;

use stylus_devnet::{DeployError, Status};

/// A failure of the end-to-end harness: the artifact, the devnet, or an answer of the
/// registry that does not decode against the interface.
#[derive(Debug)]
pub enum E2eError {
    /// `artifacts/lst_registry.wasm` is missing.
    ArtifactMissing(PathBuf),
    /// The artifact exists but cannot be read.
    ArtifactUnreadable(PathBuf, std::io::Error),
    /// Deployment failed (activation or constructor).
    Deploy(DeployError),
    /// The registry reverted with data that is not one of the interface's custom errors.
    UndecodableRevert {
        /// Function called.
        function: String,
        /// Raw revert data.
        data: Vec<u8>,
    },
    /// The registry returned data that does not decode as the function's return values.
    UndecodableReturn {
        /// Function called.
        function: String,
        /// Raw return data.
        data: Vec<u8>,
        /// Decoder message.
        reason: String,
    },
    /// A log that is not one of the interface's events, or not emitted by the registry.
    UndecodableLog {
        /// Function whose transaction emitted it.
        function: String,
        /// Topics and data, hex.
        log: String,
        /// Decoder message.
        reason: String,
    },
    /// The transaction did not end in success or a revert (trap, out of gas, invalid).
    Aborted {
        /// Function called.
        function: String,
        /// How it ended.
        status: Status,
        /// The devnet's explanation, if any.
        reason: Option<String>,
    },
    /// An oracle key could not sign.
    Signing(String),
    /// A call reverted where the harness needed it to succeed.
    Reverted {
        /// Function called.
        function: String,
        /// The decoded error.
        error: String,
    },
}

impl fmt::Display for E2eError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            E2eError::ArtifactMissing(path) => write!(
                f,
                "{} not found: run `cargo xtask artifact` first",
                path.display()
            ),
            E2eError::ArtifactUnreadable(path, e) => write!(f, "reading {}: {e}", path.display()),
            E2eError::Deploy(e) => write!(f, "deploying the registry: {e}"),
            E2eError::UndecodableRevert { function, data } => write!(
                f,
                "{function} reverted with data that is no custom error of the interface: 0x{}",
                alloy_primitives::hex::encode(data)
            ),
            E2eError::UndecodableReturn {
                function,
                data,
                reason,
            } => write!(
                f,
                "{function} returned undecodable data ({reason}): 0x{}",
                alloy_primitives::hex::encode(data)
            ),
            E2eError::UndecodableLog {
                function,
                log,
                reason,
            } => {
                write!(
                    f,
                    "{function} emitted a log that is no event of the interface ({reason}): {log}"
                )
            }
            E2eError::Aborted {
                function,
                status,
                reason,
            } => write!(
                f,
                "{function} ended with {status:?}{}",
                reason
                    .as_ref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default()
            ),
            E2eError::Signing(reason) => write!(f, "signing failed: {reason}"),
            E2eError::Reverted { function, error } => write!(f, "{function} reverted with {error}"),
        }
    }
}

impl std::error::Error for E2eError {}

impl From<DeployError> for E2eError {
    fn from(e: DeployError) -> Self {
        E2eError::Deploy(e)
    }
}
