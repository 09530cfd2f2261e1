//! The in-process Stylus devnet (`stylus-devnet`) as a [`Backend`], the devnet parameters
//! the registry is deployed with, and deployment of its three programs (feature `devnet`).

use alloy_primitives::Address;
use stylus_devnet::{Devnet, StylusParams};

use crate::abi::constructor_args;
use crate::artifact::Programs;
use crate::backend::{Backend, BackendError, Log, Receipt, Request, Status};
use crate::error::ClientError;
use crate::registry::{Registry, Tx};

/// Raised Stylus size limits for deployments while the artifact is over Nitro's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeLimits {
    /// Largest decompressed wasm (Nitro: 128 KiB).
    pub max_wasm_size: usize,
    /// Largest compressed code with its 4-byte prefix (Nitro: 24,576).
    pub max_code_size: usize,
}

/// Raised size limits for deployments while the artifact is over Nitro's; `None` deploys
/// with Nitro's real limits (24,576 bytes compressed, 128 KiB of wasm).
///
/// Set only as a temporary measure while the contract is over the limits, and back to `None`
/// as soon as it fits: `e2e/tests/it/activation.rs` fails while it is set and the artifact
/// fits, and checks the artifact against the real limits regardless.
pub const TEMPORARY_SIZE_LIMIT_OVERRIDE: Option<SizeLimits> = None;

/// Nitro's parameters (ArbOS 50), with the size limits of [`TEMPORARY_SIZE_LIMIT_OVERRIDE`]
/// if it is set.
pub fn devnet_params() -> StylusParams {
    let mut params = StylusParams::default();
    if let Some(limits) = TEMPORARY_SIZE_LIMIT_OVERRIDE {
        params.max_wasm_size = limits.max_wasm_size;
        params.max_code_size = limits.max_code_size;
    }
    params
}

/// A fresh devnet with [`devnet_params`].
pub fn devnet() -> Devnet {
    Devnet::with_params(devnet_params())
}

impl From<stylus_devnet::Status> for Status {
    fn from(status: stylus_devnet::Status) -> Self {
        match status {
            stylus_devnet::Status::Success => Status::Success,
            stylus_devnet::Status::Revert => Status::Revert,
            // an EVM frame that halted failed as a trapped program does: no return data
            stylus_devnet::Status::Failure | stylus_devnet::Status::Halt => Status::Failure,
            stylus_devnet::Status::OutOfGas => Status::OutOfGas,
            stylus_devnet::Status::OutOfStack => Status::OutOfStack,
            stylus_devnet::Status::Invalid => Status::Invalid,
        }
    }
}

impl From<stylus_devnet::Receipt> for Receipt {
    fn from(receipt: stylus_devnet::Receipt) -> Self {
        Receipt {
            status: receipt.status.into(),
            output: receipt.output,
            logs: receipt
                .logs
                .into_iter()
                .map(|log| Log {
                    address: log.address,
                    topics: log.topics,
                    data: log.data,
                })
                .collect(),
            gas_used: receipt.gas_used,
            contract_address: receipt.contract_address,
            tx_hash: None,
            block_number: None,
            error: receipt.error,
        }
    }
}

impl Backend for Devnet {
    fn send(&mut self, r: &Request<'_>) -> Result<Receipt, BackendError> {
        Ok(Devnet::send(self, r.from, r.to, r.calldata, r.value).into())
    }

    fn call(&mut self, r: &Request<'_>) -> Result<Receipt, BackendError> {
        Ok(self
            .call_with_value(r.from, r.to, r.calldata, r.value)
            .into())
    }

    fn timestamp(&mut self) -> Result<u64, BackendError> {
        Ok(Devnet::timestamp(self))
    }
}

/// Runtime code (`STOP`) the test suites place at the staking accounts that send stake
/// reports themselves. The registry asks only that an application's staking contract holds
/// code when a node pairs with it (`RegistryNoCode`); the suites that test the registry's
/// report rules send reports straight from those accounts, which the in-process devnet
/// allows (it does not apply EIP-3607 to senders). The lifecycle and `lst-devnet --seed`
/// use the real staking contract instead: the integration's vault ([`crate::vault`]).
pub const STAKING_STAND_IN: [u8; 1] = [0x00];

/// Places [`STAKING_STAND_IN`] at each of `accounts`.
pub fn place_staking_stand_ins(net: &mut Devnet, accounts: impl IntoIterator<Item = Address>) {
    for account in accounts {
        net.set_code(account, &STAKING_STAND_IN);
    }
}

/// Deploys the views program (it has no constructor) from `deployer`; returns its address.
pub fn deploy_views(
    net: &mut Devnet,
    views: &[u8],
    deployer: Address,
) -> Result<Address, ClientError> {
    deploy_without_constructor(net, views, deployer, "views program deployment")
}

/// Deploys the admin program (it has no constructor) from `deployer`; returns its address.
pub fn deploy_admin_program(
    net: &mut Devnet,
    admin: &[u8],
    deployer: Address,
) -> Result<Address, ClientError> {
    deploy_without_constructor(net, admin, deployer, "admin program deployment")
}

/// Deploys and activates a program that has no constructor; `what` names it in errors.
fn deploy_without_constructor(
    net: &mut Devnet,
    wasm: &[u8],
    deployer: Address,
    what: &str,
) -> Result<Address, ClientError> {
    let receipt = net.deploy_without_constructor(deployer, wasm)?;
    receipt
        .contract_address
        .ok_or_else(|| ClientError::Aborted {
            function: what.to_string(),
            status: receipt.status.into(),
            reason: Some("no contract address in a successful deployment".to_string()),
        })
}

impl Registry<Devnet> {
    /// Deploys the views program and the admin program, then the core from `deployer` with
    /// `(admin, views, admin program)` as the constructor's arguments. Returns the registry
    /// and the decoded deployment of the core (its events are the constructor's).
    pub fn deploy(
        mut net: Devnet,
        programs: &Programs,
        deployer: Address,
        admin: Address,
    ) -> Result<(Self, Tx<()>), ClientError> {
        let views = deploy_views(&mut net, &programs.views, deployer)?;
        let admin_program = deploy_admin_program(&mut net, &programs.admin, deployer)?;
        let receipt = net.deploy(
            deployer,
            &programs.core,
            &constructor_args(admin, views, admin_program),
        )?;
        let address = receipt
            .contract_address
            .ok_or_else(|| ClientError::Aborted {
                function: "constructor".to_string(),
                status: receipt.status.into(),
                reason: Some("no contract address in a successful deployment".to_string()),
            })?;
        let registry = Self::at(net, address);
        let deployment = registry.decode("constructor", deployer, receipt.into(), |_| Ok(()))?;
        Ok((registry, deployment))
    }

    /// The chain.
    pub fn net(&self) -> &Devnet {
        self.backend()
    }

    /// The chain, to move time, fund accounts or cache the program.
    pub fn net_mut(&mut self) -> &mut Devnet {
        self.backend_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_devnet_uses_nitros_size_limits_unless_overridden() {
        let params = devnet_params();
        match TEMPORARY_SIZE_LIMIT_OVERRIDE {
            None => assert_eq!(params, StylusParams::default()),
            Some(limits) => assert_eq!(params.max_code_size, limits.max_code_size),
        }
    }
}
