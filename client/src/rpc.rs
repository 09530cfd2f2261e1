//! A JSON-RPC node as a [`Backend`] (feature `rpc`): alloy's HTTP provider, with a wallet
//! for the accounts whose keys it is given, blocked on by a current-thread runtime the
//! backend owns, so that callers stay synchronous (and must not call it from inside an
//! async runtime).
//!
//! A transaction is simulated first (`eth_call` at the latest block): one that reverts is
//! not sent, and its receipt is the simulated revert, without a hash or block. Otherwise it
//! is sent (nonce, gas and chain id filled in by the provider) and its receipt awaited; a
//! JSON-RPC receipt carries no return or revert data, so the return data is the
//! simulation's, and a transaction that reverts once mined is replayed as an `eth_call` at
//! its block to recover its custom error.
//!
//! Beyond the [`Backend`] trait, the node's chain id, the code at an address, a gas
//! estimate and an `eth_call` at a given block, for tools such as the CLI.

use alloy::eips::BlockId;
use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, Bytes};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use alloy::transports::TransportError;
use tokio::runtime::Runtime;

use crate::backend::{Backend, BackendError, Log, Receipt, Request, Status};

/// A JSON-RPC node reached over HTTP.
pub struct RpcBackend {
    runtime: Runtime,
    provider: DynProvider,
}

impl RpcBackend {
    /// A backend on the node at `url` (http or https) that signs with `signers` (none for
    /// read-only use; a sender without a key is left to the node's `eth_sendTransaction`).
    ///
    /// # Errors
    /// A URL that does not parse, or a runtime that cannot start.
    pub fn connect(url: &str, signers: Vec<PrivateKeySigner>) -> Result<Self, BackendError> {
        let url = url
            .parse()
            .map_err(|e| BackendError(format!("`{url}` is not a URL: {e}")))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| BackendError(format!("cannot start the runtime: {e}")))?;
        let provider = match signers.split_first() {
            None => ProviderBuilder::new().connect_http(url).erased(),
            Some((first, rest)) => {
                let mut wallet = EthereumWallet::from(first.clone());
                for signer in rest {
                    wallet.register_signer(signer.clone());
                }
                ProviderBuilder::new()
                    .wallet(wallet)
                    .connect_http(url)
                    .erased()
            }
        };
        Ok(Self { runtime, provider })
    }

    /// The provider, for what the trait does not cover.
    pub fn provider(&self) -> &DynProvider {
        &self.provider
    }

    /// `eth_call` of `request` at `block`: success with its output, a revert with its data.
    ///
    /// # Errors
    /// The transport failed, or the node refused the call without revert data.
    pub fn call_at(&self, r: &Request<'_>, block: BlockId) -> Result<Receipt, BackendError> {
        let tx = transaction(r);
        let answer = self
            .runtime
            .block_on(async { self.provider.call(tx).block(block).await });
        match answer {
            Ok(output) => Ok(receipt(Status::Success, output.to_vec())),
            Err(error) => match revert_data(&error) {
                Some(data) => Ok(receipt(Status::Revert, data.to_vec())),
                None => Err(BackendError(error.to_string())),
            },
        }
    }

    /// The node's chain id (`eth_chainId`).
    ///
    /// # Errors
    /// The transport failed; the message names the method.
    pub fn chain_id(&self) -> Result<u64, BackendError> {
        self.runtime
            .block_on(async { self.provider.get_chain_id().await })
            .map_err(|e| BackendError(format!("eth_chainId: {e}")))
    }

    /// The code at `address` at the latest block (`eth_getCode`); empty for an account
    /// without code.
    ///
    /// # Errors
    /// The transport failed; the message names the method.
    pub fn code_at(&self, address: Address) -> Result<Vec<u8>, BackendError> {
        self.runtime
            .block_on(async { self.provider.get_code_at(address).await })
            .map(|code| code.to_vec())
            .map_err(|e| BackendError(format!("eth_getCode: {e}")))
    }

    /// The gas `request` would use as a transaction (`eth_estimateGas`), without sending it.
    ///
    /// # Errors
    /// The transport failed, or the node found that it reverts; the message names the
    /// method.
    pub fn estimate_gas(&self, r: &Request<'_>) -> Result<u64, BackendError> {
        let tx = transaction(r);
        self.runtime
            .block_on(async { self.provider.estimate_gas(tx).await })
            .map_err(|e| BackendError(format!("eth_estimateGas: {e}")))
    }
}

impl Backend for RpcBackend {
    fn send(&mut self, r: &Request<'_>) -> Result<Receipt, BackendError> {
        // Simulated first: a receipt has no return data, and a revert is not worth sending.
        let simulated = self.call_at(r, BlockId::latest())?;
        if simulated.status != Status::Success {
            return Ok(simulated);
        }
        let tx = transaction(r);
        let pending = self
            .runtime
            .block_on(async { self.provider.send_transaction(tx).await });
        let pending = match pending {
            Ok(pending) => pending,
            // Gas estimation found that it reverts: answered as the revert, never sent.
            Err(error) => {
                return match revert_data(&error) {
                    Some(data) => Ok(receipt(Status::Revert, data.to_vec())),
                    None => Err(BackendError(error.to_string())),
                }
            }
        };
        // Sent: from here on, a failure names the hash, for the caller to look it up.
        let hash = *pending.tx_hash();
        let mined = self
            .runtime
            .block_on(async { pending.get_receipt().await })
            .map_err(|e| BackendError(format!("waiting for the receipt of {hash}: {e}")))?;
        let mut out = if mined.status() {
            receipt(Status::Success, simulated.output)
        } else {
            let block = mined
                .block_number
                .map(BlockId::number)
                .unwrap_or_else(BlockId::latest);
            let replay = self.call_at(r, block)?;
            receipt(Status::Revert, replay.output)
        };
        out.logs = mined
            .logs()
            .iter()
            .map(|log| Log::from(&log.inner))
            .collect();
        out.gas_used = mined.gas_used;
        out.contract_address = mined.contract_address;
        out.tx_hash = Some(mined.transaction_hash);
        out.block_number = mined.block_number;
        Ok(out)
    }

    fn call(&mut self, r: &Request<'_>) -> Result<Receipt, BackendError> {
        self.call_at(r, BlockId::latest())
    }

    fn timestamp(&mut self) -> Result<u64, BackendError> {
        let block = self
            .runtime
            .block_on(async { self.provider.get_block(BlockId::latest()).await })
            .map_err(|e| BackendError(format!("eth_getBlockByNumber: {e}")))?
            .ok_or_else(|| BackendError("no latest block".to_string()))?;
        Ok(block.header.timestamp)
    }
}

fn transaction(r: &Request<'_>) -> TransactionRequest {
    TransactionRequest::default()
        .with_from(r.from)
        .with_to(r.to)
        .with_input(Bytes::copy_from_slice(r.calldata))
        .with_value(r.value)
}

fn receipt(status: Status, output: Vec<u8>) -> Receipt {
    Receipt {
        status,
        output,
        logs: Vec::new(),
        gas_used: 0,
        contract_address: None,
        tx_hash: None,
        block_number: None,
        error: None,
    }
}

fn revert_data(error: &TransportError) -> Option<Bytes> {
    error.as_error_resp().and_then(|e| e.as_revert_data())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_that_does_not_parse_is_refused_before_any_request() {
        let error = RpcBackend::connect("not a url", Vec::new())
            .err()
            .expect("refused");
        assert!(error.0.starts_with("`not a url` is not a URL"), "{error}");
        assert!(RpcBackend::connect("http://127.0.0.1:1", Vec::new()).is_ok());
    }
}
