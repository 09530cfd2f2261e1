//! The registry over JSON-RPC: read-only calls, and transactions that are simulated first,
//! then sent, with their receipt, events and any custom error decoded against the interface.

use alloy::contract::SolCallBuilder;
use alloy::dyn_abi::FunctionExt;
use alloy::eips::BlockId;
use alloy::json_abi::Function;
use alloy::network::EthereumWallet;
use alloy::primitives::{hex, Address, Bytes};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::SolCall;
use serde_json::{json, Value};

use lst_registry_client::abi::call_name;

use crate::abi::ILstRegistry;
use crate::error::{CliError, Result};
use crate::output::{decode_error, decode_event, dyn_to_json, DecodedCall, Fields, Report};

/// The registry at an address, through a provider.
#[derive(Clone)]
pub struct Chain {
    /// The provider (with a wallet when connected with [`connect_with_signer`]).
    pub provider: DynProvider,
    /// The registry's address.
    pub address: Address,
}

/// Reads an RPC URL.
///
/// # Errors
/// [`CliError::Usage`] if it is not an http(s) URL.
pub fn parse_url(rpc: &str) -> Result<alloy::transports::http::reqwest::Url> {
    let url: alloy::transports::http::reqwest::Url = rpc
        .parse()
        .map_err(|e| CliError::usage(format!("--rpc `{rpc}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(CliError::usage(format!(
            "--rpc `{rpc}`: only http(s) endpoints are supported"
        )));
    }
    Ok(url)
}

/// A read-only connection.
///
/// # Errors
/// [`CliError::Usage`] for a bad URL.
pub fn connect(rpc: &str, registry: Address) -> Result<Chain> {
    let provider = ProviderBuilder::new()
        .connect_http(parse_url(rpc)?)
        .erased();
    Ok(Chain {
        provider,
        address: registry,
    })
}

/// A connection that signs transactions with `signer` (nonce, gas and chain id filled in by
/// the provider).
///
/// # Errors
/// [`CliError::Usage`] for a bad URL.
pub fn connect_with_signer(
    rpc: &str,
    registry: Address,
    signer: PrivateKeySigner,
) -> Result<Chain> {
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer))
        .connect_http(parse_url(rpc)?)
        .erased();
    Ok(Chain {
        provider,
        address: registry,
    })
}

/// Turns a contract-call error into a decoded revert if it carries one of the interface's
/// errors, else into an RPC error.
pub fn call_error(function: &str, error: alloy::contract::Error) -> CliError {
    if let Some(data) = error.as_revert_data() {
        return match decode_error(&data) {
            Some(decoded) => CliError::Revert {
                function: function.to_string(),
                error: decoded,
            },
            None => CliError::Rpc(format!(
                "{function} reverted with data the interface does not know: 0x{}",
                hex::encode(&data)
            )),
        };
    }
    CliError::Rpc(format!("{function}: {error}"))
}

impl Chain {
    /// Calls a view of the registry.
    ///
    /// # Errors
    /// [`CliError::Revert`] with the decoded custom error, or [`CliError::Rpc`].
    pub async fn view<C: SolCall>(&self, call: C) -> Result<C::Return> {
        SolCallBuilder::new_sol(&self.provider, &self.address, &call)
            .call()
            .await
            .map_err(|e| call_error(call_name::<C>(), e))
    }

    /// The chain id of the endpoint.
    ///
    /// # Errors
    /// [`CliError::Rpc`].
    pub async fn chain_id(&self) -> Result<u64> {
        self.provider
            .get_chain_id()
            .await
            .map_err(|e| CliError::Rpc(format!("eth_chainId: {e}")))
    }

    /// The latest block's timestamp: the chain's clock.
    ///
    /// # Errors
    /// [`CliError::Rpc`].
    pub async fn latest_timestamp(&self) -> Result<u64> {
        let block = self
            .provider
            .get_block_by_number(alloy::eips::BlockNumberOrTag::Latest)
            .await
            .map_err(|e| CliError::Rpc(format!("eth_getBlockByNumber: {e}")))?
            .ok_or_else(|| CliError::Rpc("no latest block".into()))?;
        Ok(block.header.timestamp)
    }

    /// Checks that there is code at the registry's address, so that a wrong `--registry`
    /// fails with a clear message rather than a decoding error.
    ///
    /// # Errors
    /// [`CliError::Usage`] if there is none.
    pub async fn require_code(&self) -> Result<()> {
        let code = self
            .provider
            .get_code_at(self.address)
            .await
            .map_err(|e| CliError::Rpc(format!("eth_getCode: {e}")))?;
        if code.is_empty() {
            return Err(CliError::usage(format!(
                "no contract at --registry {} on this endpoint",
                self.address
            )));
        }
        Ok(())
    }

    /// Simulates `call` from `from`, then (unless `dry_run`) sends it and waits for the
    /// receipt. The report gives the transaction hash, status, block, gas used, the simulated
    /// return value, and the decoded events, or the decoded custom error.
    ///
    /// # Errors
    /// [`CliError::Revert`] if the simulation reverts (nothing is sent); [`CliError::Rpc`] on
    /// transport failures. A transaction mined with a failure status is not an error: its
    /// report says so (`ok` false).
    pub async fn transact<C: SolCall>(
        &self,
        from: Address,
        call: C,
        dry_run: bool,
    ) -> Result<Report> {
        let function = call_name::<C>();
        let builder = SolCallBuilder::new_sol(&self.provider, &self.address, &call).from(from);
        let simulated = format!("{function} (simulated; nothing was sent)");
        let output = builder
            .call_raw()
            .await
            .map_err(|e| call_error(&simulated, e))?;
        let returned = decode_returns::<C>(&output);

        if dry_run {
            let gas = builder
                .estimate_gas()
                .await
                .map_err(|e| call_error(&simulated, e))?;
            let json = json!({
                "function": function, "from": from, "to": self.address, "dryRun": true,
                "gasEstimate": gas, "returned": returned,
            });
            let mut fields = Fields::new();
            fields
                .add("function", function)
                .add("from", from)
                .add("to", self.address);
            fields
                .add("simulated", "ok (not sent: --dry-run)")
                .add("gas estimate", gas);
            if let Some(text) = returned_text(&returned) {
                fields.add("would return", text);
            }
            return Ok(Report::new(json, fields.render()));
        }

        let pending = builder.send().await.map_err(|e| call_error(function, e))?;
        let hash = *pending.tx_hash();
        let receipt = pending.get_receipt().await.map_err(|e| {
            CliError::Rpc(format!("{function}: waiting for receipt of {hash}: {e}"))
        })?;
        let success = receipt.status();
        let events: Vec<DecodedCall> = receipt
            .logs()
            .iter()
            .filter(|log| log.address() == self.address)
            .filter_map(|log| decode_event(&log.inner))
            .collect();
        let error = if success {
            None
        } else {
            // Replay at the block to recover the custom error (receipts carry no revert data).
            let block = receipt
                .block_number
                .map(BlockId::number)
                .unwrap_or_else(BlockId::latest);
            match SolCallBuilder::new_sol(&self.provider, &self.address, &call)
                .from(from)
                .block(block)
                .call_raw()
                .await
            {
                Err(e) => match call_error(function, e) {
                    CliError::Revert { error, .. } => Some(error),
                    _ => None,
                },
                Ok(_) => None,
            }
        };

        let json = json!({
            "function": function,
            "from": from,
            "to": self.address,
            "txHash": hash,
            "status": if success { "success" } else { "reverted" },
            "blockNumber": receipt.block_number,
            "gasUsed": receipt.gas_used,
            "returned": if success { returned.clone() } else { Value::Null },
            "events": events,
            "error": error,
        });
        let mut fields = Fields::new();
        fields
            .add("function", function)
            .add("from", from)
            .add("to", self.address);
        fields.add("tx hash", hash);
        fields.add("status", if success { "success" } else { "REVERTED" });
        if let Some(block) = receipt.block_number {
            fields.add("block", block);
        }
        fields.add("gas used", receipt.gas_used);
        if success {
            if let Some(text) = returned_text(&returned) {
                fields.add("returned", text);
            }
        }
        let mut human = fields.render();
        if let Some(error) = &error {
            human.push_str(&format!("\nerror     {error}"));
        }
        if !events.is_empty() {
            human.push_str("\nevents:");
            for event in &events {
                human.push_str(&format!("\n  {event}"));
            }
        }
        let mut report = Report::new(json, human);
        report.ok = success;
        Ok(report)
    }
}

/// The return values of `C` decoded from `output` by the interface, as `{name: value}`.
fn decode_returns<C: SolCall>(output: &Bytes) -> Value {
    let functions = ILstRegistry::abi::functions();
    let function: Option<&Function> = functions
        .values()
        .flatten()
        .find(|f| f.selector() == C::SELECTOR);
    let Some(function) = function else {
        return Value::Null;
    };
    if function.outputs.is_empty() {
        return Value::Null;
    }
    match function.abi_decode_output(output) {
        Ok(values) => {
            let map: serde_json::Map<String, Value> = function
                .outputs
                .iter()
                .zip(values.iter())
                .map(|(param, value)| (param.name.clone(), dyn_to_json(value)))
                .collect();
            Value::Object(map)
        }
        Err(_) => Value::Null,
    }
}

/// `name: value, …` of a decoded return, if any.
fn returned_text(returned: &Value) -> Option<String> {
    let map = returned.as_object()?;
    Some(
        map.iter()
            .map(|(k, v)| {
                format!(
                    "{k} {}",
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    )
}
