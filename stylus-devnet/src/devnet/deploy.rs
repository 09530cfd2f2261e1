//! Programs: activation under the chain's parameters, the program cache, deployment with and
//! without a constructor.

use std::sync::Arc;

use alloy_primitives::{Address, B256, U256};

use crate::activation::{self, ActivatedProgram, ActivationConfig, ActivationError};
use crate::exec;
use crate::frame::{CallKind, FrameError, FrameResult, Message};
use crate::pricing::{self, evm};

use super::receipt::{CacheError, DeployError, Receipt};
use super::{constructor_selector, Devnet};

impl Devnet {
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

    pub(super) fn install(&mut self, program: ActivatedProgram) -> Result<B256, ActivationError> {
        let codehash = program.codehash;
        if !self.env.programs.contains_key(&codehash) {
            let program = crate::host::compile(program)?;
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
    /// `init_gas` + `cached_gas` (`programs.go` `CallProgram`). This is outside any
    /// transaction: no gas, no event, and no bid in the CacheManager contract's queue (its
    /// `placeBid` then refuses the program as `AlreadyCached`); to cache through the
    /// contract, send it a bid (see [`crate::arbos::CACHE_MANAGER`]). Returns the codehash.
    pub fn cache_program(&mut self, address: Address) -> Result<B256, CacheError> {
        let codehash = self.program_codehash(address)?;
        self.env_mut().cached_programs.insert(codehash);
        Ok(codehash)
    }

    /// Takes the program deployed at `address` out of the program cache
    /// (`ArbWasmCache.evictCodehash`), outside any transaction as [`Devnet::cache_program`];
    /// a no-op if it was not cached. Returns the codehash.
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
        self.set_code(address, &code);
        let account = self.world.account_mut(address);
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
}
