//! Transactions: `send`, `eth_call`, and the one place a transaction runs, commits or is
//! discarded.

use alloy_primitives::map::HashSet;

use alloy_primitives::{Address, B256, U256};

use crate::exec;
use crate::frame::{precompile_addresses, CallKind, Creation, FrameError, FrameResult, Message};
use crate::pricing::{self, evm};
use crate::state::TxState;

use super::receipt::{Receipt, Status};
use super::Devnet;

/// An EIP-2930 access list entry: an account and the storage keys a transaction declares it
/// will touch. Declared ones are warm from the start (EIP-2929), for a price in intrinsic
/// gas ([`pricing::access_list_gas`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AccessListItem {
    /// The account.
    pub address: Address,
    /// Its storage keys.
    pub storage_keys: Vec<B256>,
}

/// What a transaction has warm before it runs, beyond the sender, the coinbase and the
/// precompiles: its recipient and its access list (as geth's `StateDB.Prepare`).
#[derive(Clone, Copy, Default)]
pub(super) struct Prewarm<'a> {
    pub(super) to: Option<Address>,
    pub(super) list: &'a [AccessListItem],
}

impl Devnet {
    /// Sends a state-changing transaction.
    pub fn send(&mut self, from: Address, to: Address, calldata: &[u8], value: U256) -> Receipt {
        self.send_with_access_list(from, to, calldata, value, &[])
    }

    /// Sends a state-changing transaction with an EIP-2930 access list.
    pub fn send_with_access_list(
        &mut self,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
        access_list: &[AccessListItem],
    ) -> Receipt {
        self.top_level(from, Some(to), calldata, value, access_list, true, false)
            .0
    }

    /// Sends a contract-creation transaction: `init_code` runs as EVM init code (as on
    /// Arbitrum, where a Stylus program is deployed by init code that returns its `EF F0 00`
    /// code, and runs only once `ArbWasm.activateProgram` has activated it). On success
    /// `contract_address` is the new account and `output` the code it holds.
    pub fn create(&mut self, from: Address, init_code: &[u8], value: U256) -> Receipt {
        self.top_level(from, None, init_code, value, &[], true, false)
            .0
    }

    /// `eth_call` of a creation: runs it like [`Devnet::create`] and discards every state
    /// change; `output` is the code it would deploy.
    pub fn call_create(&mut self, from: Address, init_code: &[u8], value: U256) -> Receipt {
        self.top_level(from, None, init_code, value, &[], false, false)
            .0
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
        self.call_with_access_list(from, to, calldata, value, &[])
    }

    /// `eth_call` with a value and an EIP-2930 access list.
    pub fn call_with_access_list(
        &mut self,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
        access_list: &[AccessListItem],
    ) -> Receipt {
        self.top_level(from, Some(to), calldata, value, access_list, false, false)
            .0
    }

    /// `eth_createAccessList`: runs the call like [`Devnet::call_with_access_list`] and
    /// returns what it touched as an access list, with its receipt. As geth's access-list
    /// tracer: every account with the storage keys it read or wrote, and every other account
    /// it touched except the sender, the recipient, the coinbase and the precompiles.
    pub fn access_list(
        &mut self,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
        access_list: &[AccessListItem],
    ) -> (Vec<AccessListItem>, Receipt) {
        let (receipt, accessed) =
            self.top_level(from, Some(to), calldata, value, access_list, false, true);
        (accessed.unwrap_or_default(), receipt)
    }

    /// A transaction from `from` to `to` (a creation when `None`): committed (the sender's
    /// nonce moves on) or, for `eth_call`, discarded; with `record`, what it touched as an
    /// access list.
    #[allow(clippy::too_many_arguments)]
    fn top_level(
        &mut self,
        from: Address,
        to: Option<Address>,
        calldata: &[u8],
        value: U256,
        access_list: &[AccessListItem],
        commit: bool,
        record: bool,
    ) -> (Receipt, Option<Vec<AccessListItem>>) {
        let keys = access_list.iter().map(|item| item.storage_keys.len());
        let upfront =
            pricing::intrinsic_gas(calldata, to.is_none()) + pricing::access_list_gas(keys);
        let nonce = self.nonce(from);
        let calldata = calldata.to_vec();
        let prewarm = Prewarm {
            to,
            list: access_list,
        };
        let (mut receipt, accessed) =
            self.transact_with(from, upfront, commit, prewarm, record, |tx, gas| match to {
                Some(to) => {
                    if commit {
                        tx.set_nonce(from, nonce.saturating_add(1));
                    }
                    Self::top_level_call(tx, from, to, calldata, value, gas)
                }
                // the creation moves the sender's nonce on itself (geth's `evm.Create`)
                None => {
                    let creation = Creation {
                        caller: from,
                        value,
                        init_code: calldata,
                        gas,
                        salt: None,
                    };
                    exec::create(tx, creation).0
                }
            });
        if to.is_none() && receipt.is_success() {
            receipt.contract_address = Some(from.create(nonce));
        }
        (receipt, accessed)
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

    /// Runs one transaction with nothing warm beyond the sender, the coinbase and the
    /// precompiles (a creation warms its new address itself).
    pub(super) fn transact(
        &mut self,
        from: Address,
        upfront: u64,
        commit: bool,
        body: impl FnOnce(&mut TxState, u64) -> FrameResult,
    ) -> Receipt {
        self.transact_with(from, upfront, commit, Prewarm::default(), false, body)
            .0
    }

    /// Runs one transaction: intrinsic gas, warm addresses, the frame, refunds, commit or
    /// discard; with `record`, also what it touched as an access list. Nested frames grow the
    /// stack as they need it (`exec::call`, `exec::create`).
    pub(super) fn transact_with(
        &mut self,
        from: Address,
        upfront: u64,
        commit: bool,
        prewarm: Prewarm<'_>,
        record: bool,
        body: impl FnOnce(&mut TxState, u64) -> FrameResult,
    ) -> (Receipt, Option<Vec<AccessListItem>>) {
        let gas_limit = self.gas_limit;
        if gas_limit < upfront {
            let receipt = Receipt {
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
            return (receipt, None);
        }
        self.env_mut().origin = from;
        let env = self.env.clone();
        let world = std::mem::take(&mut self.world);
        let tracing = self.tracing;

        let (world, programs, cache, receipt, trace, accessed) = {
            let mut tx = TxState::new(world, env.clone());
            if tracing {
                tx.tracer = Some(Box::new(crate::trace::Tracer::new()));
            }
            tx.warm_account(from);
            tx.warm_account(env.block.coinbase);
            for p in precompile_addresses() {
                tx.warm_account(p);
            }
            if let Some(to) = prewarm.to {
                tx.warm_account(to);
            }
            for item in prewarm.list {
                tx.warm_account(item.address);
                for key in &item.storage_keys {
                    tx.warm_slot(item.address, *key);
                }
            }
            let start = tx.snapshot();
            let result = body(&mut tx, gas_limit - upfront);
            let accessed = record.then(|| {
                let mut exclude: HashSet<Address> = precompile_addresses().collect();
                exclude.extend([from, env.block.coinbase]);
                exclude.extend(prewarm.to);
                tx.accessed(&exclude)
                    .into_iter()
                    .map(|(address, storage_keys)| AccessListItem {
                        address,
                        storage_keys,
                    })
                    .collect::<Vec<_>>()
            });
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
                Some(FrameError::Halt(reason)) => (Status::Halt, Some(reason.clone())),
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
            let programs = tx.take_new_programs();
            let cache = tx.take_cache_changes();
            (tx.world, programs, cache, receipt, trace, accessed)
        };
        self.world = world;
        if !programs.is_empty() {
            let env = self.env_mut();
            for (codehash, program) in programs {
                env.programs.insert(codehash, program);
            }
        }
        if !cache.is_empty() {
            let env = self.env_mut();
            for (codehash, cached) in cache {
                if cached {
                    env.cached_programs.insert(codehash);
                } else {
                    env.cached_programs.remove(&codehash);
                }
            }
        }
        if tracing {
            self.last_trace = trace;
        }
        (receipt, accessed)
    }
}
