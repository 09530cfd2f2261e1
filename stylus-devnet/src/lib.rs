//! # stylus-devnet
//!
//! An offline Arbitrum Stylus devnet that activates and runs real contract WASM under
//! Nitro's rules: activation checks ([`activation`]), Nitro's instrumentation
//! ([`instrument`]: ink meter, depth checker, heap bound), the 42 `vm_hooks` hostios with
//! Nitro's prices (`host`), EVM-equivalent gas (storage, calls, logs), a journaled world
//! state with atomic transactions ([`state`]) and a small synchronous API ([`Devnet`]).
//!
//! ```no_run
//! use stylus_devnet::{Devnet, Address, U256};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let wasm = std::fs::read("target/wasm32-unknown-unknown/release/lst_registry.wasm")?;
//! let mut net = Devnet::new();
//! let deployer = Address::repeat_byte(0xAD);
//! let r = net.deploy(deployer, &wasm, &[])?;
//! let contract = r.contract_address.unwrap();
//! let r = net.send(deployer, contract, &[0x12, 0x34, 0x56, 0x78], U256::ZERO);
//! println!("{:?} used {} gas", r.status, r.gas_used);
//! # Ok(()) }
//! ```
//!
//! Differences from Nitro are listed in the crate's README.

#![warn(missing_docs)]

pub mod activation;
pub mod arbos;
mod devnet;
mod exec;
mod frame;
mod host;
pub mod instrument;
pub mod pricing;
mod revm_frame;
pub mod rules;
pub mod state;
pub mod trace;

pub use activation::{activate, ActivatedProgram, ActivationConfig, ActivationError};
pub use alloy_primitives::{Address, B256, U256};
pub use devnet::{
    constructor_selector, AccessListItem, AccountImage, CacheError, DeployError, Devnet,
    DevnetImage, ImageError, Receipt, Status, ARBITRUM_BLOCK_GAS_LIMIT, DEFAULT_CHAIN_ID,
    DEFAULT_GAS_LIMIT, DEFAULT_TIMESTAMP,
};
pub use frame::{BlockEnv, StylusParams};
pub use state::Log;
pub use trace::{CallTrace, HostioTrace, StructLog, Trace};
