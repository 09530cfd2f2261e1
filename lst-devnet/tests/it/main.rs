//! lst-devnet's integration tests, one binary: the node over HTTP as alloy's provider drives
//! it ([`rpc`], [`compat`]) and as the client's JSON-RPC backend does ([`client_backend`]), under malformed and concurrent traffic ([`robustness`]), kept on disk and killed
//! ([`state`]), with a transaction pool and mining modes ([`txpool`]), traced ([`trace`]),
//! called with state and block overrides ([`overrides`]) and access lists ([`access_list`]),
//! running EVM contracts and the genesis contracts beside the registry ([`evm`]), taking
//! `cargo stylus check` and `deploy` as cargo-stylus sent them, replayed ([`cargo_stylus`]),
//! over its websocket with subscriptions ([`ws`]), serving the program's page ([`page`]),
//! and what a
//! real deployment sends, checked offline ([`deploy_offline`]). They need the artifacts
//! (`cargo xtask artifact`).

#![allow(missing_docs)] // the types `sol!` generates from the interface

mod access_list;
mod cargo_stylus;
mod client_backend;
mod common;
mod compat;
mod deploy_offline;
mod evm;
mod overrides;
mod page;
mod robustness;
mod rpc;
mod state;
mod trace;
mod txpool;
mod ws;

// The interface, expanded once for every module, with alloy's contract bindings.
alloy::sol!(
    #[sol(rpc)]
    "../abi/ILstRegistry.sol"
);
