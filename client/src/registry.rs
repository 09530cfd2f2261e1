//! A typed client of the registry over any [`Backend`]: calls are encoded with the
//! interface's call types, return values decoded with them, every log decoded into a
//! [`RegistryEvent`] and every revert into a [`RegistryError`], all strictly (see
//! [`crate::decode`]).

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;

use crate::abi::{call_name, name_of_calldata, ILstRegistry, RegistryError, RegistryEvent};
use crate::backend::{Backend, Receipt, Request, Status};
use crate::decode::{decode_error, decode_logs, decode_returns};
use crate::error::ClientError;
use crate::error::ReturnError;

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
    /// The backend's receipt.
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

/// The registry at an address, through a backend.
#[derive(Clone)]
pub struct Registry<B> {
    backend: B,
    address: Address,
}

impl<B: Backend> Registry<B> {
    /// The registry deployed at `address`, reached through `backend`.
    pub fn at(backend: B, address: Address) -> Self {
        Self { backend, address }
    }

    /// The registry's address.
    pub fn address(&self) -> Address {
        self.address
    }

    /// The backend.
    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// The backend, to act on the chain beyond the registry.
    pub fn backend_mut(&mut self) -> &mut B {
        &mut self.backend
    }

    /// The backend, giving up the registry.
    pub fn into_backend(self) -> B {
        self.backend
    }

    /// Sends `call` from `from`.
    pub fn send<C: SolCall>(
        &mut self,
        from: Address,
        call: &C,
    ) -> Result<Tx<C::Return>, ClientError> {
        self.send_value(from, call, U256::ZERO)
    }

    /// Sends `call` from `from` with `value` wei (the registry is non-payable).
    pub fn send_value<C: SolCall>(
        &mut self,
        from: Address,
        call: &C,
        value: U256,
    ) -> Result<Tx<C::Return>, ClientError> {
        let receipt = self.run(Run::Send, call_name::<C>(), from, &call.abi_encode(), value)?;
        self.decode(call_name::<C>(), from, receipt, decode_returns::<C>)
    }

    /// `eth_call` of `call` from `from`: runs it and discards every change.
    pub fn simulate<C: SolCall>(
        &mut self,
        from: Address,
        call: &C,
    ) -> Result<Tx<C::Return>, ClientError> {
        let receipt = self.run(
            Run::Call,
            call_name::<C>(),
            from,
            &call.abi_encode(),
            U256::ZERO,
        )?;
        self.decode(call_name::<C>(), from, receipt, decode_returns::<C>)
    }

    /// The value of a view; a revert is an error.
    pub fn view<C: SolCall>(&mut self, call: &C) -> Result<C::Return, ClientError> {
        let tx = self.simulate(Address::ZERO, call)?;
        match tx.outcome {
            Outcome::Success(value) => Ok(value),
            Outcome::Reverted(error) => Err(ClientError::Reverted {
                function: call_name::<C>().to_string(),
                error: format!("{error:?}"),
            }),
        }
    }

    /// The views program the registry delegates its read-only functions to.
    pub fn views_program(&mut self) -> Result<Address, ClientError> {
        self.view(&ILstRegistry::viewsProgramCall {})
    }

    /// The admin program the registry delegates the admin's functions to.
    pub fn admin_program(&mut self) -> Result<Address, ClientError> {
        self.view(&ILstRegistry::adminProgramCall {})
    }

    /// Sends raw calldata (for malformed calls); success returns the raw output.
    pub fn send_raw(
        &mut self,
        from: Address,
        calldata: &[u8],
        value: U256,
    ) -> Result<Tx<Vec<u8>>, ClientError> {
        self.raw(Run::Send, from, calldata, value)
    }

    /// `eth_call` with raw calldata.
    pub fn call_raw(
        &mut self,
        from: Address,
        calldata: &[u8],
        value: U256,
    ) -> Result<Tx<Vec<u8>>, ClientError> {
        self.raw(Run::Call, from, calldata, value)
    }

    fn raw(
        &mut self,
        how: Run,
        from: Address,
        calldata: &[u8],
        value: U256,
    ) -> Result<Tx<Vec<u8>>, ClientError> {
        let function = name_of_calldata(calldata);
        let receipt = self.run(how, &function, from, calldata, value)?;
        self.decode(&function, from, receipt, |out| Ok(out.to_vec()))
    }

    /// Sends or calls `calldata` through the backend; a backend failure names `function`.
    fn run(
        &mut self,
        how: Run,
        function: &str,
        from: Address,
        calldata: &[u8],
        value: U256,
    ) -> Result<Receipt, ClientError> {
        let request = Request {
            from,
            to: self.address,
            calldata,
            value,
        };
        let answer = match how {
            Run::Send => self.backend.send(&request),
            Run::Call => self.backend.call(&request),
        };
        answer.map_err(|error| ClientError::Backend {
            function: function.to_string(),
            error,
        })
    }

    /// Decodes a receipt of `function` sent by `from`: outcome, return value (with
    /// `returns`), events.
    pub fn decode<R>(
        &self,
        function: &str,
        from: Address,
        receipt: Receipt,
        returns: impl FnOnce(&[u8]) -> Result<R, ReturnError>,
    ) -> Result<Tx<R>, ClientError> {
        let outcome = match receipt.status {
            Status::Success => match returns(&receipt.output) {
                Ok(value) => Outcome::Success(value),
                Err(reason) => {
                    return Err(ClientError::UndecodableReturn {
                        function: function.to_string(),
                        data: receipt.output,
                        reason,
                    })
                }
            },
            Status::Revert => Outcome::Reverted(decode_error(function, &receipt.output)?),
            status => {
                return Err(ClientError::Aborted {
                    function: function.to_string(),
                    status,
                    reason: receipt.error.clone(),
                })
            }
        };
        let events = decode_logs(function, self.address, &receipt.logs)?;
        Ok(Tx {
            function: function.to_string(),
            from,
            outcome,
            events,
            gas_used: receipt.gas_used,
            receipt,
        })
    }
}

/// A transaction or an `eth_call`.
#[derive(Clone, Copy)]
enum Run {
    Send,
    Call,
}
