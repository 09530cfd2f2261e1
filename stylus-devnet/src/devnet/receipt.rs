//! What a transaction returns, and the errors of deploying and caching programs.

use alloy_primitives::Address;

use crate::activation::ActivationError;
use crate::state::Log;

/// Outcome of a transaction's top-level frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Returned 0 (or `exit_early(0)`).
    Success,
    /// Returned non-zero; `output` holds the revert data.
    Revert,
    /// Trapped or a hostio failed (bad pointer, static-context write, >4 topics, ...):
    /// an EVM revert with empty data, remaining gas refunded. `Receipt::error` says why.
    Failure,
    /// Out of ink / gas: all gas consumed.
    OutOfGas,
    /// Nitro's depth checker tripped (`ErrDepth`): all gas consumed.
    OutOfStack,
    /// An EVM frame halted exceptionally (invalid opcode, bad jump destination, stack
    /// error, a write in a static call, a creation rule): all gas consumed.
    /// `Receipt::error` says why, in geth's words.
    Halt,
    /// The transaction could not run (gas limit below intrinsic gas, unaffordable value,
    /// unsupported code, call depth); see `Receipt::error`.
    Invalid,
}

impl Status {
    /// True for [`Status::Success`].
    pub fn is_success(self) -> bool {
        self == Status::Success
    }
}

/// Result of [`Devnet::send`](crate::Devnet::send), [`Devnet::call`](crate::Devnet::call) and [`Devnet::deploy`](crate::Devnet::deploy).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// How the top-level frame ended.
    pub status: Status,
    /// Return data, or revert data for [`Status::Revert`].
    pub output: Vec<u8>,
    /// Logs (empty unless successful).
    pub logs: Vec<Log>,
    /// Gas used including intrinsic gas, after the EIP-3529 refund (capped at gas_used/5).
    pub gas_used: u64,
    /// Refund applied to `gas_used`.
    pub gas_refunded: u64,
    /// Address of the deployed program, for deployments.
    pub contract_address: Option<Address>,
    /// Human-readable reason for Failure/Invalid/unsupported outcomes.
    pub error: Option<String>,
}

impl Receipt {
    /// True for a successful transaction.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }
}

/// Why [`Devnet::deploy`](crate::Devnet::deploy) failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeployError {
    /// The program does not pass activation.
    Activation(ActivationError),
    /// The constructor did not succeed; nothing was deployed.
    Constructor(Box<Receipt>),
}

impl std::fmt::Display for DeployError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeployError::Activation(e) => write!(f, "activation failed: {e}"),
            DeployError::Constructor(r) => write!(
                f,
                "constructor ended with {:?} (output 0x{}){}",
                r.status,
                alloy_primitives::hex::encode(&r.output),
                r.error
                    .as_ref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            ),
        }
    }
}

impl std::error::Error for DeployError {}

/// Why [`Devnet::cache_program`](crate::Devnet::cache_program) or [`Devnet::evict_program`](crate::Devnet::evict_program) refused an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheError {
    /// No activated Stylus program is deployed at the address (Nitro: `ProgramNotActivated`).
    NotActivated(Address),
}

impl std::fmt::Display for CacheError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CacheError::NotActivated(a) => write!(f, "no activated Stylus program at {a}"),
        }
    }
}

impl std::error::Error for CacheError {}

impl From<ActivationError> for DeployError {
    fn from(e: ActivationError) -> Self {
        DeployError::Activation(e)
    }
}
