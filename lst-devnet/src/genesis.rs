//! The Solidity contracts every chain of this node starts with, at the addresses tools
//! expect on an Arbitrum chain: the deterministic CREATE2 deployer, Multicall3, the
//! StylusDeployer of `cargo stylus deploy` and the CacheManager of `cargo stylus cache`
//! (ArbWasmCache's one cache manager). Their runtime code is `contracts/out/genesis.json`
//! (compiled offline from `contracts/genesis/*.sol` and checked against the sources by
//! `npm test -w contracts`), embedded in the binary; each account holds its code with nonce
//! 1 (EIP-161: a contract's nonce starts at 1) and no balance or storage.

use alloy_primitives::{address, Address, Bytes};
use serde::Deserialize;

/// `contracts/out/genesis.json`, as committed.
pub const GENESIS_JSON: &str = include_str!("../../contracts/out/genesis.json");

/// The deterministic CREATE2 deployer (calldata `salt ‖ initcode`, returns the address).
pub const DETERMINISTIC_DEPLOYER: Address = address!("4e59b44847b379578588920cA78FbF26c0B4956C");
/// Multicall3.
pub const MULTICALL3: Address = address!("cA11bde05977b3631167028862bE2a173976CA11");
/// The StylusDeployer cargo-stylus deploys programs with constructors through.
pub const STYLUS_DEPLOYER: Address = crate::deploy::STYLUS_DEPLOYER;
/// The CacheManager cargo-stylus bids to (nitro-testnode's address): the cache manager
/// `ArbWasmCache.allCacheManagers()` names.
pub const CACHE_MANAGER: Address = stylus_devnet::arbos::CACHE_MANAGER;

/// A genesis contract: its name, address and runtime code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenesisContract {
    /// The contract's name (`Multicall3`, …).
    pub name: String,
    /// Where it is.
    pub address: Address,
    /// Its runtime code.
    pub code: Bytes,
}

#[derive(Deserialize)]
struct File {
    contracts: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    name: String,
    address: Address,
    deployed_bytecode: Bytes,
}

/// The genesis contracts, in the order of `contracts/out/genesis.json`.
pub fn contracts() -> Vec<GenesisContract> {
    // The file is compiled into the binary and checked by this crate's tests: it parses.
    let file: File = serde_json::from_str(GENESIS_JSON)
        .expect("contracts/out/genesis.json is the build's own, valid JSON");
    file.contracts
        .into_iter()
        .map(|c| GenesisContract {
            name: c.name,
            address: c.address,
            code: c.deployed_bytecode,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_contracts_are_at_their_addresses_with_evm_code() {
        let contracts = contracts();
        let at: Vec<(&str, Address)> = contracts
            .iter()
            .map(|c| (c.name.as_str(), c.address))
            .collect();
        assert_eq!(
            at,
            [
                ("DeterministicDeployer", DETERMINISTIC_DEPLOYER),
                ("Multicall3", MULTICALL3),
                ("StylusDeployer", STYLUS_DEPLOYER),
                ("CacheManager", CACHE_MANAGER),
            ]
        );
        for c in &contracts {
            // Solidity's runtime code (`6080604052…`), never Stylus code.
            assert!(c.code.starts_with(&[0x60, 0x80]), "{}", c.name);
            assert!(!crate::chain::is_stylus_code(&c.code), "{}", c.name);
        }
    }
}
