//! The test-facing API: [`Devnet`], [`Receipt`], [`Status`].

use std::collections::BTreeMap;
use std::sync::Arc;

use alloy_primitives::{keccak256, Address, B256, U256};

use crate::activation::{self, ActivatedProgram, ActivationConfig, ActivationError};
use crate::exec;
use crate::frame::{
    precompile_addresses, BlockEnv, CallKind, Env, FrameError, FrameResult, Message, Program,
    StylusParams,
};
use crate::pricing::{self, evm};
use crate::state::{Log, TxState, World};

/// Chain id of nitro-devnode.
pub const DEFAULT_CHAIN_ID: u64 = 412_346;
/// Timestamp of block 1.
pub const DEFAULT_TIMESTAMP: u64 = 1_700_000_000;
/// Default per-transaction gas limit.
pub const DEFAULT_GAS_LIMIT: u64 = 30_000_000;
/// Arbitrum's block gas limit as reported to programs.
pub const ARBITRUM_BLOCK_GAS_LIMIT: u64 = 1 << 50;

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

/// Result of [`Devnet::send`], [`Devnet::call`] and [`Devnet::deploy`].
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

/// Why [`Devnet::deploy`] failed.
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

/// Why [`Devnet::cache_program`] or [`Devnet::evict_program`] refused an address.
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

/// An offline, single-node Stylus chain.
///
/// Transactions run synchronously; every transaction is atomic. Blocks advance only when
/// asked ([`Devnet::mine`], [`Devnet::advance_time`]). `clone` forks the chain: the copy has
/// the same state and evolves independently (activated programs are shared, read-only).
#[derive(Clone)]
pub struct Devnet {
    world: World,
    env: Arc<Env>,
    gas_limit: u64,
}

impl Default for Devnet {
    fn default() -> Self {
        Self::new()
    }
}

/// Selector the Stylus SDK routes to the constructor: `keccak256("stylus_constructor()")[..4]`.
pub fn constructor_selector() -> [u8; 4] {
    keccak256("stylus_constructor()")[..4]
        .try_into()
        .expect("4 bytes")
}

impl Devnet {
    /// Chain 412346 at block 1, timestamp 1,700,000,000, ArbOS 50 Stylus parameters.
    pub fn new() -> Self {
        Self::with_params(StylusParams::default())
    }

    /// A devnet with custom Stylus parameters.
    pub fn with_params(params: StylusParams) -> Self {
        let block = BlockEnv {
            number: 1,
            l1_number: 1,
            timestamp: DEFAULT_TIMESTAMP,
            basefee: U256::ZERO,
            coinbase: Address::ZERO,
            gas_limit: ARBITRUM_BLOCK_GAS_LIMIT,
        };
        Self {
            world: World::default(),
            env: Arc::new(Env::new(params, DEFAULT_CHAIN_ID, block)),
            gas_limit: DEFAULT_GAS_LIMIT,
        }
    }

    fn env_mut(&mut self) -> &mut Env {
        Arc::make_mut(&mut self.env)
    }

    // ----- chain and block context -------------------------------------------------------

    /// Chain id.
    pub fn chain_id(&self) -> u64 {
        self.env.chain_id
    }
    /// Sets the chain id.
    pub fn set_chain_id(&mut self, id: u64) {
        self.env_mut().chain_id = id;
    }
    /// Stylus parameters in force.
    pub fn params(&self) -> &StylusParams {
        &self.env.params
    }
    /// Current (L2) block number.
    pub fn block_number(&self) -> u64 {
        self.env.block.number
    }
    /// L1 block number estimate, which Stylus' `block_number()` returns.
    pub fn l1_block_number(&self) -> u64 {
        self.env.block.l1_number
    }
    /// Sets the L1 block number estimate.
    pub fn set_l1_block_number(&mut self, n: u64) {
        self.env_mut().block.l1_number = n;
    }
    /// Current block timestamp.
    pub fn timestamp(&self) -> u64 {
        self.env.block.timestamp
    }
    /// Sets the current block's timestamp.
    pub fn set_timestamp(&mut self, ts: u64) {
        self.env_mut().block.timestamp = ts;
    }
    /// Mines a block: number + 1 (L1 number too), timestamp + 1.
    pub fn mine(&mut self) {
        let block = &mut self.env_mut().block;
        block.number += 1;
        block.l1_number += 1;
        block.timestamp += 1;
    }
    /// Mines a block `secs` seconds later.
    pub fn advance_time(&mut self, secs: u64) {
        let block = &mut self.env_mut().block;
        block.number += 1;
        block.l1_number += 1;
        block.timestamp += secs;
    }
    /// Block base fee reported to programs (no fees are charged).
    pub fn set_basefee(&mut self, fee: U256) {
        self.env_mut().block.basefee = fee;
    }
    /// Coinbase reported to programs.
    pub fn set_coinbase(&mut self, coinbase: Address) {
        self.env_mut().block.coinbase = coinbase;
    }
    /// Gas price reported by `tx_gas_price` (no fees are charged).
    pub fn set_gas_price(&mut self, price: U256) {
        self.env_mut().gas_price = price;
    }
    /// Per-transaction gas limit (default 30M).
    pub fn gas_limit(&self) -> u64 {
        self.gas_limit
    }
    /// Sets the per-transaction gas limit.
    pub fn set_gas_limit(&mut self, gas: u64) {
        self.gas_limit = gas;
    }

    // ----- accounts -----------------------------------------------------------------------

    /// Balance of `address`.
    pub fn balance(&self, address: Address) -> U256 {
        self.world
            .account(&address)
            .map(|a| a.balance)
            .unwrap_or_default()
    }
    /// Sets the balance of `address`.
    pub fn set_balance(&mut self, address: Address, value: U256) {
        self.world.account_mut(address).balance = value;
    }
    /// Nonce of `address`.
    pub fn nonce(&self, address: Address) -> u64 {
        self.world
            .account(&address)
            .map(|a| a.nonce)
            .unwrap_or_default()
    }
    /// Deployed code of `address`.
    pub fn code(&self, address: Address) -> Vec<u8> {
        self.world
            .account(&address)
            .map(|a| a.code.to_vec())
            .unwrap_or_default()
    }
    /// Storage slot `slot` of `address`.
    pub fn storage_at(&self, address: Address, slot: U256) -> B256 {
        self.world.storage(&address, &B256::from(slot))
    }
    /// Every non-zero storage slot of `address`, ordered by slot: a snapshot to compare
    /// before and after a transaction.
    pub fn storage_dump(&self, address: Address) -> BTreeMap<B256, B256> {
        self.world
            .account(&address)
            .map(|a| {
                a.storage
                    .iter()
                    .filter(|(_, value)| !value.is_zero())
                    .map(|(slot, value)| (*slot, *value))
                    .collect()
            })
            .unwrap_or_default()
    }
    /// Writes a storage slot directly (outside any transaction).
    pub fn set_storage(&mut self, address: Address, slot: U256, value: B256) {
        let account = self.world.account_mut(address);
        if value.is_zero() {
            account.storage.remove(&B256::from(slot));
        } else {
            account.storage.insert(B256::from(slot), value);
        }
    }

    // ----- programs -----------------------------------------------------------------------

    /// Activates `wasm` (raw or `EF F0 00`-prefixed) under this chain's parameters.
    pub fn activate(&self, wasm: &[u8]) -> Result<ActivatedProgram, ActivationError> {
        let p = &self.env.params;
        let config = ActivationConfig {
            arbos_version: p.arbos_version,
            stylus_version: p.stylus_version,
            page_limit: p.page_limit,
            max_wasm_size: p.max_wasm_size,
            max_code_size: p.max_code_size,
        };
        activation::activate_with(wasm, &config)
    }

    fn install(&mut self, program: ActivatedProgram) -> Result<B256, ActivationError> {
        let codehash = program.codehash;
        if !self.env.programs.contains_key(&codehash) {
            let module = wasmi::Module::new(crate::host::engine(), &program.instrumented[..])
                .map_err(|e| {
                    ActivationError::Internal(format!("wasmi rejected the module: {e}"))
                })?;
            let program = Program {
                activated: Arc::new(program),
                module,
            };
            self.env_mut().programs.insert(codehash, Arc::new(program));
        }
        Ok(codehash)
    }

    /// The codehash of the activated program deployed at `address`.
    fn program_codehash(&self, address: Address) -> Result<B256, CacheError> {
        let codehash = self
            .world
            .account(&address)
            .map(|a| a.codehash)
            .ok_or(CacheError::NotActivated(address))?;
        if self.env.programs.contains_key(&codehash) {
            Ok(codehash)
        } else {
            Err(CacheError::NotActivated(address))
        }
    }

    /// Puts the program deployed at `address` in ArbOS's program cache, as a cache manager's
    /// `ArbWasmCache.cacheProgram(address)` does. From then on every call of a program with
    /// that codehash, at any address, pays the cached entry cost (`cached_gas`) instead of
    /// `init_gas` + `cached_gas` (`programs.go` `CallProgram`). The cache manager's bid and
    /// the cache's capacity are not modelled. Returns the codehash.
    pub fn cache_program(&mut self, address: Address) -> Result<B256, CacheError> {
        let codehash = self.program_codehash(address)?;
        self.env_mut().cached_programs.insert(codehash);
        Ok(codehash)
    }

    /// Takes the program deployed at `address` out of the program cache
    /// (`ArbWasmCache.evictCodehash`); a no-op if it was not cached. Returns the codehash.
    pub fn evict_program(&mut self, address: Address) -> Result<B256, CacheError> {
        let codehash = self.program_codehash(address)?;
        self.env_mut().cached_programs.remove(&codehash);
        Ok(codehash)
    }

    /// Whether the program deployed at `address` is in the program cache
    /// (`ArbWasmCache.codehashIsCached`).
    pub fn is_program_cached(&self, address: Address) -> bool {
        self.program_codehash(address)
            .map(|codehash| self.env.cached_programs.contains(&codehash))
            .unwrap_or(false)
    }

    /// Places an activated program at `address` without running any constructor.
    pub fn deploy_at(&mut self, address: Address, wasm: &[u8]) -> Result<(), ActivationError> {
        let program = self.activate(wasm)?;
        let code = program.code.clone();
        self.install(program)?;
        let account = self.world.account_mut(address);
        account.codehash = keccak256(&code);
        account.code = Arc::new(code);
        if account.nonce == 0 {
            account.nonce = 1;
        }
        Ok(())
    }

    /// Deploys `wasm` from `deployer` and runs its SDK constructor with
    /// `constructor_selector() ‖ constructor_args`. Atomic: if the constructor does not
    /// succeed nothing is deployed and [`DeployError::Constructor`] carries the receipt.
    pub fn deploy(
        &mut self,
        deployer: Address,
        wasm: &[u8],
        constructor_args: &[u8],
    ) -> Result<Receipt, DeployError> {
        let mut calldata = constructor_selector().to_vec();
        calldata.extend_from_slice(constructor_args);
        self.deploy_inner(deployer, wasm, Some(calldata), U256::ZERO)
    }

    /// Like [`Devnet::deploy`] with `value` wei sent to a payable constructor.
    pub fn deploy_with_value(
        &mut self,
        deployer: Address,
        wasm: &[u8],
        constructor_args: &[u8],
        value: U256,
    ) -> Result<Receipt, DeployError> {
        let mut calldata = constructor_selector().to_vec();
        calldata.extend_from_slice(constructor_args);
        self.deploy_inner(deployer, wasm, Some(calldata), value)
    }

    /// Deploys `wasm` without calling a constructor (for programs that have none).
    pub fn deploy_without_constructor(
        &mut self,
        deployer: Address,
        wasm: &[u8],
    ) -> Result<Receipt, DeployError> {
        self.deploy_inner(deployer, wasm, None, U256::ZERO)
    }

    fn deploy_inner(
        &mut self,
        deployer: Address,
        wasm: &[u8],
        constructor: Option<Vec<u8>>,
        value: U256,
    ) -> Result<Receipt, DeployError> {
        let program = self.activate(wasm)?;
        let code = program.code.clone();
        self.install(program)?;

        let nonce = self.nonce(deployer);
        let address = deployer.create(nonce);
        // creation transaction: intrinsic gas of (code ‖ args) plus the code deposit
        let mut tx_data = code.clone();
        tx_data.extend_from_slice(constructor.as_deref().unwrap_or_default());
        let upfront = pricing::intrinsic_gas(&tx_data, true)
            .saturating_add(evm::CODE_DEPOSIT_GAS * code.len() as u64);

        let receipt = self.transact(deployer, upfront, true, |tx, gas| {
            tx.set_nonce(deployer, nonce + 1);
            let snapshot = tx.snapshot();
            tx.touch(address);
            tx.set_nonce(address, 1);
            tx.set_code(address, code);
            tx.warm_account(address);
            let result = match constructor {
                None => {
                    if !value.is_zero() && !tx.transfer(deployer, address, value) {
                        return FrameResult {
                            error: Some(FrameError::InsufficientBalance),
                            output: Vec::new(),
                            gas_left: gas,
                        };
                    }
                    FrameResult {
                        error: None,
                        output: Vec::new(),
                        gas_left: gas,
                    }
                }
                Some(calldata) => exec::call(
                    tx,
                    Message {
                        kind: CallKind::Call,
                        caller: deployer,
                        address,
                        code_address: address,
                        value,
                        input: calldata,
                        gas,
                        is_static: false,
                    },
                ),
            };
            if result.error.is_some() {
                tx.revert_to(snapshot);
            }
            result
        });
        if receipt.is_success() {
            Ok(Receipt {
                contract_address: Some(address),
                ..receipt
            })
        } else {
            Err(DeployError::Constructor(Box::new(receipt)))
        }
    }

    // ----- transactions -------------------------------------------------------------------

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
    fn transact(
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

        let run = move || {
            let mut tx = TxState::new(world, env.clone());
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
            (tx.world, receipt)
        };
        let (world, receipt) = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("stylus-devnet-tx".into())
                .stack_size(512 * 1024 * 1024)
                .spawn_scoped(scope, run)
                .expect("spawn transaction thread")
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        self.world = world;
        receipt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devnet_is_send() {
        fn assert_send<T: Send>() {}
        assert_send::<Devnet>();
    }

    #[test]
    fn constructor_selector_matches_sdk() {
        assert_eq!(
            constructor_selector(),
            keccak256(b"stylus_constructor()")[..4]
        );
    }
}
