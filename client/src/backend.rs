//! What a chain must answer for the client: a synchronous [`Backend`] that sends a
//! transaction or runs an `eth_call`, and the [`Receipt`] it answers with.
//!
//! The trait is synchronous on purpose: the in-process devnet is, and a JSON-RPC backend
//! can own a runtime and block on its provider, so that no caller needs an async context.

use alloy_primitives::{Address, B256, U256};
use thiserror::Error;

/// How a transaction (or call) ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// It succeeded; `output` holds the return data.
    Success,
    /// It reverted; `output` holds the revert data.
    Revert,
    /// It trapped or a host function failed (an EVM revert with empty data).
    Failure,
    /// It ran out of gas.
    OutOfGas,
    /// It ran out of stack (Nitro's depth checker).
    OutOfStack,
    /// It could not run at all (below intrinsic gas, unaffordable value, no code...).
    Invalid,
}

impl Status {
    /// True for [`Status::Success`].
    pub fn is_success(self) -> bool {
        self == Status::Success
    }
}

/// A log as emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
    /// Emitting contract.
    pub address: Address,
    /// Up to four topics.
    pub topics: Vec<B256>,
    /// Payload.
    pub data: Vec<u8>,
}

impl From<&alloy_primitives::Log> for Log {
    fn from(log: &alloy_primitives::Log) -> Self {
        Log {
            address: log.address,
            topics: log.topics().to_vec(),
            data: log.data.data.to_vec(),
        }
    }
}

/// What a backend answers for a transaction or a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// How it ended.
    pub status: Status,
    /// Return data, or revert data for [`Status::Revert`].
    pub output: Vec<u8>,
    /// Logs, in emission order (empty unless it succeeded).
    pub logs: Vec<Log>,
    /// Receipt gas: intrinsic + execution − refund.
    pub gas_used: u64,
    /// Address of a deployed program, for deployments.
    pub contract_address: Option<Address>,
    /// The transaction's hash, when the backend has one.
    pub tx_hash: Option<B256>,
    /// The block that includes it, when the backend has one.
    pub block_number: Option<u64>,
    /// The backend's explanation of an abnormal end, if any.
    pub error: Option<String>,
}

impl Receipt {
    /// True for a successful transaction.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }
}

/// A backend could not answer (transport, signing, an unknown sender...).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct BackendError(pub String);

/// A transaction or call to run: `calldata` from `from` to `to` with `value` wei.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request<'a> {
    /// Sender.
    pub from: Address,
    /// Recipient (the registry).
    pub to: Address,
    /// Calldata.
    pub calldata: &'a [u8],
    /// Value in wei.
    pub value: U256,
}

/// A chain the client can speak to.
pub trait Backend {
    /// Sends `request` as a transaction and waits for its receipt.
    fn send(&mut self, request: &Request<'_>) -> Result<Receipt, BackendError>;

    /// Runs `request` without changing any state (`eth_call`).
    fn call(&mut self, request: &Request<'_>) -> Result<Receipt, BackendError>;

    /// The timestamp of the latest block.
    fn timestamp(&mut self) -> Result<u64, BackendError>;
}
