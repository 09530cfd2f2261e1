//! A registry deployed on a devnet, and strict classification of what a call did (the
//! decoding itself is the client's, `lst_registry_client::decode`).
//!
//! The harness keeps the devnet's own receipts: the tests look at how a frame ended
//! (trap, out of gas, out of stack) in more detail than a JSON-RPC receipt could say.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use alloy_primitives::{Address, B256, U256};
use lst_registry_client::abi::{constructor_args, RegistryError, RegistryEvent};
use lst_registry_client::devnet::{deploy_admin_program, deploy_views, place_staking_stand_ins};
use lst_registry_client::{artifact, decode};
use stylus_devnet::{Devnet, Receipt, Status};

use crate::cast::cast;
use crate::layout::ChainState;

/// The three artifacts, read once; panics with "run `cargo xtask artifact` first" when missing.
pub fn programs() -> &'static artifact::Programs {
    static PROGRAMS: OnceLock<artifact::Programs> = OnceLock::new();
    PROGRAMS.get_or_init(|| artifact::load().unwrap_or_else(|e| panic!("{e}")))
}

/// The core's artifact.
pub fn wasm() -> &'static [u8] {
    &programs().core
}

/// Deploys the views and admin programs and then the core with `admin`; returns the core's
/// address.
fn deploy_registry(net: &mut Devnet, admin: Address) -> Address {
    let deployer = cast().deployer.address;
    let views = deploy_views(net, &programs().views, deployer)
        .unwrap_or_else(|e| panic!("deploying the views program: {e}"));
    let admin_program = deploy_admin_program(net, &programs().admin, deployer)
        .unwrap_or_else(|e| panic!("deploying the admin program: {e}"));
    let receipt = net
        .deploy(
            deployer,
            wasm(),
            &constructor_args(admin, views, admin_program),
        )
        .unwrap_or_else(|e| panic!("deploying the registry: {e}"));
    // The cast's staking contracts hold code, so that pairing takes them; any other account
    // named as one does not (the model predicts `RegistryNoCode` for it).
    place_staking_stand_ins(net, cast().staking.iter().map(|s| s.address));
    receipt
        .contract_address
        .expect("a deployed registry has an address")
}

/// A registry on a devnet. `Clone` forks the chain.
#[derive(Clone)]
pub struct Harness {
    /// The chain.
    pub net: Devnet,
    /// The registry's address.
    pub registry: Address,
}

/// What a call did, classified strictly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Success with this return data.
    Returned(Vec<u8>),
    /// Revert with this custom error of the interface.
    Reverted(RegistryError),
}

impl Harness {
    /// A fresh registry (admin = the cast's admin) on a fresh devnet with Nitro's parameters;
    /// deployed once per test binary, then forked.
    pub fn deployed() -> Harness {
        static DEPLOYED: OnceLock<Harness> = OnceLock::new();
        DEPLOYED
            .get_or_init(|| {
                Harness::deploy_on(lst_registry_client::devnet::devnet(), cast().admin.address)
            })
            .clone()
    }

    /// Deploys the artifact on `net` from the cast's deployer with `admin`.
    pub fn deploy_on(mut net: Devnet, admin: Address) -> Harness {
        let registry = deploy_registry(&mut net, admin);
        Harness { net, registry }
    }

    /// A second registry on the same chain (same deployer, next nonce), admin = the cast's
    /// admin. Returns its address.
    pub fn deploy_another(&mut self) -> Address {
        deploy_registry(&mut self.net, cast().admin.address)
    }

    /// Sends `calldata` from `from` (no value).
    pub fn send(&mut self, from: Address, calldata: &[u8]) -> Receipt {
        self.net.send(from, self.registry, calldata, U256::ZERO)
    }

    /// Every non-zero slot of the registry.
    pub fn dump(&self) -> BTreeMap<B256, B256> {
        self.net.storage_dump(self.registry)
    }

    /// The registry's state as stored.
    pub fn state(&self) -> ChainState {
        ChainState::read(&self.net, self.registry, &cast().addresses())
    }
}

/// What a receipt must not show: anything other than success or a strict custom error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unexpected {
    /// A reverted call left logs.
    #[error("a revert left {0} logs")]
    LogsOnRevert(usize),
    /// The call trapped, ran out of gas or stack, or was invalid.
    #[error("ended with {status:?} (gas used {gas_used}){}", reason.as_ref().map(|e| format!(": {e}")).unwrap_or_default())]
    Aborted {
        /// How it ended.
        status: Status,
        /// Gas used.
        gas_used: u64,
        /// The devnet's explanation, if any.
        reason: Option<String>,
    },
    /// The revert data is not exactly one custom error of the interface.
    #[error("revert data is no custom error of the interface: 0x{}", alloy_primitives::hex::encode(.0))]
    UndecodableRevert(Vec<u8>),
    /// A log is not an event of the interface emitted by the registry (the client's reason).
    #[error("{0}")]
    UndecodableLogs(String),
}

/// Classifies a receipt: `Ok` for success or a revert whose data is exactly one custom
/// error of the interface (strict: it must re-encode to the same bytes); `Err` for anything
/// else (trap, out of gas, out of stack, invalid, empty or undecodable revert data, logs on
/// a revert).
pub fn classify(receipt: &Receipt) -> Result<Outcome, Unexpected> {
    match receipt.status {
        Status::Success => Ok(Outcome::Returned(receipt.output.clone())),
        Status::Revert => {
            if !receipt.logs.is_empty() {
                return Err(Unexpected::LogsOnRevert(receipt.logs.len()));
            }
            decode_error(&receipt.output).map(Outcome::Reverted)
        }
        status => Err(Unexpected::Aborted {
            status,
            gas_used: receipt.gas_used,
            reason: receipt.error.clone(),
        }),
    }
}

/// Revert data as a custom error of the interface, strictly.
pub fn decode_error(data: &[u8]) -> Result<RegistryError, Unexpected> {
    decode::decode_error("call", data).map_err(|_| Unexpected::UndecodableRevert(data.to_vec()))
}

/// The logs of a receipt as events of the interface, strictly (emitted by `registry`,
/// canonical encoding).
pub fn decode_events(
    receipt: &Receipt,
    registry: Address,
) -> Result<Vec<RegistryEvent>, Unexpected> {
    let logs: Vec<lst_registry_client::Log> = receipt
        .logs
        .iter()
        .map(|log| lst_registry_client::Log {
            address: log.address,
            topics: log.topics.clone(),
            data: log.data.clone(),
        })
        .collect();
    decode::decode_logs("call", registry, &logs)
        .map_err(|e| Unexpected::UndecodableLogs(e.to_string()))
}

/// The error's name and arguments, short.
pub use lst_registry_client::decode::show_error;
