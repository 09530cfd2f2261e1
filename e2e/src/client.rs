//! A typed client of the registry on the devnet: calls are encoded with the interface's
//! call types, return values decoded with them, every log decoded into a [`RegistryEvent`]
//! and every revert into a [`RegistryError`].
//!
//! Decoding is strict: each value must also re-encode to exactly the bytes received, so a
//! non-canonical encoding by the contract fails as loudly as an unknown one.

use alloy_primitives::{hex, Address, IntoLogData, U256};
use alloy_sol_types::{SolCall, SolEventInterface, SolInterface};
use stylus_devnet::{Devnet, Log, Receipt, Status};

use crate::abi::{constructor_selector, function_name, RegistryError, RegistryEvent};
use crate::artifact::Programs;
use crate::error::E2eError;

/// How a transaction ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome<R> {
    /// It succeeded and returned this value.
    Success(R),
    /// It reverted with this custom error.
    Reverted(RegistryError),
}

/// A transaction (or `eth_call`) decoded against the interface.
#[derive(Clone, Debug)]
pub struct Tx<R> {
    /// Interface name of the function called.
    pub function: String,
    /// Sender.
    pub from: Address,
    /// Return value or custom error.
    pub outcome: Outcome<R>,
    /// Decoded logs, in emission order (empty unless it succeeded).
    pub events: Vec<RegistryEvent>,
    /// Receipt gas: intrinsic + execution − refund.
    pub gas_used: u64,
    /// The devnet's receipt.
    pub receipt: Receipt,
}

impl<R> Tx<R> {
    /// The returned value, if it succeeded.
    pub fn value(&self) -> Option<&R> {
        match &self.outcome {
            Outcome::Success(value) => Some(value),
            Outcome::Reverted(_) => None,
        }
    }

    /// The custom error, if it reverted.
    pub fn error(&self) -> Option<&RegistryError> {
        match &self.outcome {
            Outcome::Success(_) => None,
            Outcome::Reverted(error) => Some(error),
        }
    }
}

/// The registry deployed on a devnet.
#[derive(Clone)]
pub struct Registry {
    net: Devnet,
    address: Address,
}

/// The name of the function `calldata` calls, for messages.
pub fn name_of_calldata(calldata: &[u8]) -> String {
    let Some(selector) = calldata.get(..4).and_then(|s| <[u8; 4]>::try_from(s).ok()) else {
        return format!("<{} bytes of calldata>", calldata.len());
    };
    if selector == constructor_selector() {
        return "constructor".to_string();
    }
    match function_name(selector) {
        Some(name) => name.to_string(),
        None => format!("<unknown selector 0x{}>", hex::encode(selector)),
    }
}

/// The constructor's arguments: `abi.encode(admin, views)`.
pub fn constructor_args(admin: Address, views: Address) -> Vec<u8> {
    let mut args = admin.into_word().0.to_vec();
    args.extend_from_slice(&views.into_word().0);
    args
}

/// Deploys the views program (it has no constructor) from `deployer`; returns its address.
pub fn deploy_views(
    net: &mut Devnet,
    views: &[u8],
    deployer: Address,
) -> Result<Address, E2eError> {
    let receipt = net.deploy_without_constructor(deployer, views)?;
    receipt.contract_address.ok_or_else(|| E2eError::Aborted {
        function: "views program deployment".to_string(),
        status: receipt.status,
        reason: Some("no contract address in a successful deployment".to_string()),
    })
}

impl Registry {
    /// Deploys the views program, then the core from `deployer` with `(admin, views)` as the
    /// constructor's arguments. Returns the registry and the decoded deployment of the core
    /// (its events are the constructor's).
    pub fn deploy(
        mut net: Devnet,
        programs: &Programs,
        deployer: Address,
        admin: Address,
    ) -> Result<(Self, Tx<()>), E2eError> {
        let views = deploy_views(&mut net, &programs.views, deployer)?;
        let receipt = net.deploy(deployer, &programs.core, &constructor_args(admin, views))?;
        let address = receipt.contract_address.ok_or_else(|| E2eError::Aborted {
            function: "constructor".to_string(),
            status: receipt.status,
            reason: Some("no contract address in a successful deployment".to_string()),
        })?;
        let registry = Self { net, address };
        let deployment = registry.decode("constructor", deployer, receipt, |_| Ok(()))?;
        Ok((registry, deployment))
    }

    /// The registry's address.
    pub fn address(&self) -> Address {
        self.address
    }

    /// The chain.
    pub fn net(&self) -> &Devnet {
        &self.net
    }

    /// The chain, to move time, fund accounts or cache the program.
    pub fn net_mut(&mut self) -> &mut Devnet {
        &mut self.net
    }

    /// Sends `call` from `from`.
    pub fn send<C: SolCall>(&mut self, from: Address, call: &C) -> Result<Tx<C::Return>, E2eError> {
        self.send_value(from, call, U256::ZERO)
    }

    /// Sends `call` from `from` with `value` wei (the registry is non-payable).
    pub fn send_value<C: SolCall>(
        &mut self,
        from: Address,
        call: &C,
        value: U256,
    ) -> Result<Tx<C::Return>, E2eError> {
        let receipt = self.net.send(from, self.address, &call.abi_encode(), value);
        self.decode(call_name::<C>(), from, receipt, decode_returns::<C>)
    }

    /// `eth_call` of `call` from `from`: runs it and discards every change.
    pub fn simulate<C: SolCall>(
        &mut self,
        from: Address,
        call: &C,
    ) -> Result<Tx<C::Return>, E2eError> {
        let receipt = self.net.call(from, self.address, &call.abi_encode());
        self.decode(call_name::<C>(), from, receipt, decode_returns::<C>)
    }

    /// The value of a view; a revert is an error.
    pub fn view<C: SolCall>(&mut self, call: &C) -> Result<C::Return, E2eError> {
        let tx = self.simulate(Address::ZERO, call)?;
        match tx.outcome {
            Outcome::Success(value) => Ok(value),
            Outcome::Reverted(error) => Err(E2eError::Reverted {
                function: call_name::<C>().to_string(),
                error: format!("{error:?}"),
            }),
        }
    }

    /// The views program the registry delegates its read-only functions to.
    pub fn views_program(&mut self) -> Result<Address, E2eError> {
        self.view(&crate::abi::ILstRegistry::viewsProgramCall {})
    }

    /// Sends raw calldata (for malformed calls); success returns the raw output.
    pub fn send_raw(
        &mut self,
        from: Address,
        calldata: &[u8],
        value: U256,
    ) -> Result<Tx<Vec<u8>>, E2eError> {
        let receipt = self.net.send(from, self.address, calldata, value);
        self.decode(&name_of_calldata(calldata), from, receipt, |out| {
            Ok(out.to_vec())
        })
    }

    /// `eth_call` with raw calldata.
    pub fn call_raw(
        &mut self,
        from: Address,
        calldata: &[u8],
        value: U256,
    ) -> Result<Tx<Vec<u8>>, E2eError> {
        let receipt = self
            .net
            .call_with_value(from, self.address, calldata, value);
        self.decode(&name_of_calldata(calldata), from, receipt, |out| {
            Ok(out.to_vec())
        })
    }

    /// Decodes a receipt: outcome, return value, events.
    fn decode<R>(
        &self,
        function: &str,
        from: Address,
        receipt: Receipt,
        returns: impl FnOnce(&[u8]) -> Result<R, String>,
    ) -> Result<Tx<R>, E2eError> {
        let outcome = match receipt.status {
            Status::Success => match returns(&receipt.output) {
                Ok(value) => Outcome::Success(value),
                Err(reason) => {
                    return Err(E2eError::UndecodableReturn {
                        function: function.to_string(),
                        data: receipt.output,
                        reason,
                    })
                }
            },
            Status::Revert => Outcome::Reverted(decode_error(function, &receipt.output)?),
            status => {
                return Err(E2eError::Aborted {
                    function: function.to_string(),
                    status,
                    reason: receipt.error.clone(),
                })
            }
        };
        let events = receipt
            .logs
            .iter()
            .map(|log| self.decode_log(function, log))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Tx {
            function: function.to_string(),
            from,
            outcome,
            events,
            gas_used: receipt.gas_used,
            receipt,
        })
    }

    /// Decodes one log into the interface's events.
    fn decode_log(&self, function: &str, log: &Log) -> Result<RegistryEvent, E2eError> {
        let fail = |reason: &str| E2eError::UndecodableLog {
            function: function.to_string(),
            log: format!(
                "address {} topics [{}] data 0x{}",
                log.address,
                log.topics
                    .iter()
                    .map(|t| format!("{t}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                hex::encode(&log.data)
            ),
            reason: reason.to_string(),
        };
        if log.address != self.address {
            return Err(fail("not emitted by the registry"));
        }
        let event = RegistryEvent::decode_raw_log(&log.topics, &log.data)
            .map_err(|e| fail(&e.to_string()))?;
        let encoded = event.to_log_data();
        if encoded.topics() != log.topics.as_slice() || encoded.data.as_ref() != log.data.as_slice()
        {
            return Err(fail("not the canonical encoding of the event"));
        }
        Ok(event)
    }
}

/// The interface name of the function `C` calls.
pub fn call_name<C: SolCall>() -> &'static str {
    C::SIGNATURE.split('(').next().unwrap_or(C::SIGNATURE)
}

/// Decodes revert data into a custom error of the interface, or fails loudly.
pub fn decode_error(function: &str, data: &[u8]) -> Result<RegistryError, E2eError> {
    let undecodable = || E2eError::UndecodableRevert {
        function: function.to_string(),
        data: data.to_vec(),
    };
    let error = RegistryError::abi_decode(data).map_err(|_| undecodable())?;
    if error.abi_encode() != data {
        return Err(undecodable());
    }
    Ok(error)
}

/// Decodes the return data of `C`, requiring the canonical encoding.
fn decode_returns<C: SolCall>(data: &[u8]) -> Result<C::Return, String> {
    let value = C::abi_decode_returns(data).map_err(|e| e.to_string())?;
    if C::abi_encode_returns(&value) != data {
        return Err("not the canonical encoding of the return values".to_string());
    }
    Ok(value)
}
