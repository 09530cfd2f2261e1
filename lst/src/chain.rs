//! The registry on the endpoint of `--rpc`, through `lst-registry-client`: its JSON-RPC
//! backend sends, calls, simulates and waits for receipts, its [`Registry`] encodes and
//! strictly decodes. What stays here is the tool's side: the URL check of `--rpc`, the
//! mapping of the client's errors onto [`CliError`] (with the custom errors decoded for
//! display), and the report of a transaction.

use alloy::dyn_abi::FunctionExt;
use alloy::json_abi::Function;
use alloy::primitives::{hex, Address, U256};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::SolCall;
use serde_json::{json, Value};

use lst_registry_client::abi::call_name;
use lst_registry_client::rpc::RpcBackend;
use lst_registry_client::{BackendError, ClientError, Outcome, Registry, Request, Tx};

use crate::abi::ILstRegistry;
use crate::error::{CliError, Result};
use crate::output::{decode_error, decode_event, dyn_to_json, DecodedCall, Fields, Report};

/// The registry at an address, through the client's JSON-RPC backend.
pub struct Chain {
    registry: Registry<RpcBackend>,
}

/// Checks an RPC URL given with `--rpc`.
///
/// # Errors
/// [`CliError::Usage`] if it is not an http(s) URL.
fn check_url(rpc: &str) -> Result<()> {
    let url: alloy::transports::http::reqwest::Url = rpc
        .parse()
        .map_err(|e| CliError::usage(format!("--rpc `{rpc}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(CliError::usage(format!(
            "--rpc `{rpc}`: only http(s) endpoints are supported"
        )));
    }
    Ok(())
}

/// A node failed to answer.
fn rpc_error(error: BackendError) -> CliError {
    CliError::Rpc(error.0)
}

/// A failure of the client while running `function`: a transport failure or an answer
/// that does not decode against the interface.
fn client_error(function: &str, error: ClientError) -> CliError {
    match error {
        ClientError::Backend { error, .. } => CliError::Rpc(format!("{function}: {error}")),
        ClientError::UndecodableRevert { data, .. } => CliError::Rpc(format!(
            "{function} reverted with data the interface does not know: 0x{}",
            hex::encode(&data)
        )),
        other => CliError::Rpc(other.to_string()),
    }
}

/// The custom error of a reverted `tx`, decoded for display from its revert data.
fn revert_of<R>(tx: &Tx<R>) -> Option<DecodedCall> {
    match tx.outcome {
        Outcome::Reverted(_) => decode_error(&tx.receipt.output),
        Outcome::Success(_) => None,
    }
}

/// [`CliError::Revert`] for `function` reverted with `data` (which the client decoded).
fn reverted(function: &str, data: &[u8]) -> CliError {
    match decode_error(data) {
        Some(error) => CliError::Revert {
            function: function.to_string(),
            error,
        },
        None => CliError::Rpc(format!(
            "{function} reverted with data the interface does not know: 0x{}",
            hex::encode(data)
        )),
    }
}

impl Chain {
    /// A connection to the registry at `registry` on `rpc`, signing with `signers` (none
    /// for read-only use).
    ///
    /// # Errors
    /// [`CliError::Usage`] for a bad URL, [`CliError::Rpc`] if the backend cannot start.
    pub fn connect(rpc: &str, registry: Address, signers: Vec<PrivateKeySigner>) -> Result<Self> {
        check_url(rpc)?;
        let backend = RpcBackend::connect(rpc, signers).map_err(rpc_error)?;
        Ok(Self {
            registry: Registry::at(backend, registry),
        })
    }

    /// The registry's address.
    pub fn address(&self) -> Address {
        self.registry.address()
    }

    /// Calls a view of the registry.
    ///
    /// # Errors
    /// [`CliError::Revert`] with the decoded custom error, or [`CliError::Rpc`].
    pub fn view<C: SolCall>(&mut self, call: C) -> Result<C::Return> {
        let function = call_name::<C>();
        let tx = self
            .registry
            .simulate(Address::ZERO, &call)
            .map_err(|e| client_error(function, e))?;
        match tx.outcome {
            Outcome::Success(value) => Ok(value),
            Outcome::Reverted(_) => Err(reverted(function, &tx.receipt.output)),
        }
    }

    /// The chain id of the endpoint.
    ///
    /// # Errors
    /// [`CliError::Rpc`].
    pub fn chain_id(&self) -> Result<u64> {
        self.registry.backend().chain_id().map_err(rpc_error)
    }

    /// The latest block's timestamp: the chain's clock.
    ///
    /// # Errors
    /// [`CliError::Rpc`].
    pub fn latest_timestamp(&mut self) -> Result<u64> {
        use lst_registry_client::Backend;
        self.registry.backend_mut().timestamp().map_err(rpc_error)
    }

    /// Checks that there is code at the registry's address, so that a wrong `--registry`
    /// fails with a clear message rather than a decoding error.
    ///
    /// # Errors
    /// [`CliError::Usage`] if there is none.
    pub fn require_code(&self) -> Result<()> {
        let code = self
            .registry
            .backend()
            .code_at(self.address())
            .map_err(rpc_error)?;
        if code.is_empty() {
            return Err(CliError::usage(format!(
                "no contract at --registry {} on this endpoint",
                self.address()
            )));
        }
        Ok(())
    }

    /// Simulates `call` from `from`, then (unless `dry_run`) sends it and waits for the
    /// receipt (the client's backend simulates before sending, and replays a transaction
    /// that reverted once mined to recover its custom error). The report gives the
    /// transaction hash, status, block, gas used, the simulated return value, and the
    /// decoded events, or the decoded custom error.
    ///
    /// # Errors
    /// [`CliError::Revert`] if the simulation reverts (nothing is sent); [`CliError::Rpc`] on
    /// transport failures. A transaction mined with a failure status is not an error: its
    /// report says so (`ok` false).
    pub fn transact<C: SolCall>(
        &mut self,
        from: Address,
        call: C,
        dry_run: bool,
    ) -> Result<Report> {
        let function = call_name::<C>();
        let simulated = format!("{function} (simulated; nothing was sent)");
        let to = self.address();
        if dry_run {
            let tx = self
                .registry
                .simulate(from, &call)
                .map_err(|e| client_error(&simulated, e))?;
            if tx.error().is_some() {
                return Err(reverted(&simulated, &tx.receipt.output));
            }
            let calldata = call.abi_encode();
            let request = Request {
                from,
                to,
                calldata: &calldata,
                value: U256::ZERO,
            };
            let gas = self
                .registry
                .backend()
                .estimate_gas(&request)
                .map_err(|e| CliError::Rpc(format!("{simulated}: {e}")))?;
            let returned = decode_returns::<C>(&tx.receipt.output);
            let json = json!({
                "function": function, "from": from, "to": to, "dryRun": true,
                "gasEstimate": gas, "returned": returned,
            });
            let mut fields = Fields::new();
            fields
                .add("function", function)
                .add("from", from)
                .add("to", to);
            fields
                .add("simulated", "ok (not sent: --dry-run)")
                .add("gas estimate", gas);
            if let Some(text) = returned_text(&returned) {
                fields.add("would return", text);
            }
            return Ok(Report::new(json, fields.render()));
        }

        let tx = self
            .registry
            .send(from, &call)
            .map_err(|e| client_error(function, e))?;
        let Some(hash) = tx.receipt.tx_hash else {
            // The backend's simulation (or its gas estimate) reverted: nothing was sent.
            return Err(reverted(&simulated, &tx.receipt.output));
        };
        let success = tx.value().is_some();
        let returned = decode_returns::<C>(&tx.receipt.output);
        // Every log is the registry's (the client refused the transaction otherwise): named
        // here for display.
        let events: Vec<DecodedCall> = tx
            .receipt
            .logs
            .iter()
            .filter_map(|log| {
                decode_event(&alloy::primitives::Log::new_unchecked(
                    log.address,
                    log.topics.clone(),
                    log.data.clone().into(),
                ))
            })
            .collect();
        let error = revert_of(&tx);
        let block = tx.receipt.block_number;

        let json = json!({
            "function": function,
            "from": from,
            "to": to,
            "txHash": hash,
            "status": if success { "success" } else { "reverted" },
            "blockNumber": block,
            "gasUsed": tx.gas_used,
            "returned": if success { returned.clone() } else { Value::Null },
            "events": events,
            "error": error,
        });
        let mut fields = Fields::new();
        fields
            .add("function", function)
            .add("from", from)
            .add("to", to);
        fields.add("tx hash", hash);
        fields.add("status", if success { "success" } else { "REVERTED" });
        if let Some(block) = block {
            fields.add("block", block);
        }
        fields.add("gas used", tx.gas_used);
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
fn decode_returns<C: SolCall>(output: &[u8]) -> Value {
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::sol_types::SolError;
    use lst_registry_client::BackendError;

    #[test]
    fn only_http_endpoints_are_accepted() {
        assert!(check_url("http://127.0.0.1:8547").is_ok());
        assert!(check_url("https://arb1.arbitrum.io/rpc").is_ok());
        let ws = check_url("ws://127.0.0.1:8547").expect_err("not http");
        assert_eq!(
            ws.to_string(),
            "--rpc `ws://127.0.0.1:8547`: only http(s) endpoints are supported"
        );
        assert!(check_url("not a url")
            .expect_err("not a URL")
            .to_string()
            .starts_with("--rpc `not a url` is not a URL"));
    }

    #[test]
    fn the_clients_failures_read_as_before() {
        let transport = client_error(
            "rules",
            ClientError::Backend {
                function: "rules".into(),
                error: BackendError("connection refused".into()),
            },
        );
        assert_eq!(transport.to_string(), "rpc: rules: connection refused");
        let unknown = client_error(
            "pause",
            ClientError::UndecodableRevert {
                function: "pause".into(),
                data: vec![0xde, 0xad],
            },
        );
        assert_eq!(
            unknown.to_string(),
            "rpc: pause reverted with data the interface does not know: 0xdead"
        );
        let data = ILstRegistry::RegistryNotAdmin {
            caller: Address::repeat_byte(7),
        }
        .abi_encode();
        let revert = reverted("pause (simulated; nothing was sent)", &data);
        assert!(
            matches!(&revert, CliError::Revert { function, error } if function.starts_with("pause (simulated") && error.name == "RegistryNotAdmin"),
            "{revert}"
        );
    }
}
