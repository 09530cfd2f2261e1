//! Transactions: `send`, `eth_call`, and the one place a transaction runs, commits or is
//! discarded.

use alloy_primitives::{Address, U256};

use crate::exec;
use crate::frame::{precompile_addresses, CallKind, FrameError, FrameResult, Message};
use crate::pricing::{self, evm};
use crate::state::TxState;

use super::receipt::{Receipt, Status};
use super::Devnet;

impl Devnet {
    /// Sends a state-changing transaction.
    pub fn send(&mut self, from: Address, to: Address, calldata: &[u8], value: U256) -> Receipt {
        let upfront = pricing::intrinsic_gas(calldata, false);
        let nonce = self.nonce(from);
        let calldata = calldata.to_vec();
        self.transact(from, upfront, true, |tx, gas| {
            tx.set_nonce(from, nonce + 1);
            Self::top_level_call(tx, from, to, calldata, value, gas)
        })
    }

    /// `eth_call`: executes like [`Devnet::send`] and discards every state change.
    pub fn call(&mut self, from: Address, to: Address, calldata: &[u8]) -> Receipt {
        self.call_with_value(from, to, calldata, U256::ZERO)
    }

    /// `eth_call` with a value.
    pub fn call_with_value(
        &mut self,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
    ) -> Receipt {
        let upfront = pricing::intrinsic_gas(calldata, false);
        let calldata = calldata.to_vec();
        self.transact(from, upfront, false, |tx, gas| {
            Self::top_level_call(tx, from, to, calldata, value, gas)
        })
    }

    fn top_level_call(
        tx: &mut TxState,
        from: Address,
        to: Address,
        input: Vec<u8>,
        value: U256,
        gas: u64,
    ) -> FrameResult {
        exec::call(
            tx,
            Message {
                kind: CallKind::Call,
                caller: from,
                address: to,
                code_address: to,
                value,
                input,
                gas,
                is_static: false,
            },
        )
    }

    /// Runs one transaction: intrinsic gas, warm addresses, the frame, refunds, commit or
    /// discard. Runs on a thread with a large stack (deeply nested calls recurse natively).
    pub(super) fn transact(
        &mut self,
        from: Address,
        upfront: u64,
        commit: bool,
        body: impl FnOnce(&mut TxState, u64) -> FrameResult + Send,
    ) -> Receipt {
        let gas_limit = self.gas_limit;
        if gas_limit < upfront {
            return Receipt {
                status: Status::Invalid,
                output: Vec::new(),
                logs: Vec::new(),
                gas_used: 0,
                gas_refunded: 0,
                contract_address: None,
                error: Some(format!(
                    "intrinsic gas too low: need {upfront}, limit {gas_limit}"
                )),
            };
        }
        self.env_mut().origin = from;
        let env = self.env.clone();
        let world = std::mem::take(&mut self.world);
        let tracing = self.tracing;

        let run = move || {
            let mut tx = TxState::new(world, env.clone());
            if tracing {
                tx.tracer = Some(Box::new(crate::trace::Tracer::new()));
            }
            tx.warm_account(from);
            tx.warm_account(env.block.coinbase);
            for p in precompile_addresses() {
                tx.warm_account(p);
            }
            let start = tx.snapshot();
            let result = body(&mut tx, gas_limit - upfront);
            let gas_used = gas_limit - result.gas_left;
            let refund = if result.error.is_none() {
                (tx.refund().max(0) as u64).min(gas_used / evm::REFUND_QUOTIENT)
            } else {
                0
            };
            let logs = if result.error.is_none() {
                std::mem::take(&mut tx.logs)
            } else {
                Vec::new()
            };
            if commit {
                tx.commit();
            } else {
                tx.revert_to(start);
            }
            let (status, error) = match &result.error {
                None => (Status::Success, None),
                Some(FrameError::Revert) => (Status::Revert, None),
                Some(FrameError::Failure(reason)) => (Status::Failure, Some(reason.clone())),
                Some(FrameError::OutOfGas) => (Status::OutOfGas, None),
                Some(FrameError::OutOfStack) => (Status::OutOfStack, None),
                Some(FrameError::CallDepth) => {
                    (Status::Invalid, Some("call depth exceeded".into()))
                }
                Some(FrameError::InsufficientBalance) => (
                    Status::Invalid,
                    Some("insufficient balance for value transfer".into()),
                ),
                Some(FrameError::Unsupported(reason)) => (Status::Invalid, Some(reason.clone())),
            };
            let receipt = Receipt {
                status,
                output: result.output,
                logs,
                gas_used: gas_used - refund,
                gas_refunded: refund,
                contract_address: None,
                error,
            };
            let trace = tx.tracer.take().map(|t| t.finish());
            (tx.world, receipt, trace)
        };
        let (world, receipt, trace) = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("stylus-devnet-tx".into())
                .stack_size(512 * 1024 * 1024)
                .spawn_scoped(scope, run)
                .expect("spawn transaction thread")
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        self.world = world;
        if tracing {
            self.last_trace = trace;
        }
        receipt
    }
}
