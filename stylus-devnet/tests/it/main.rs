//! The devnet's integration tests, in one binary: activation rules on crafted modules,
//! hostio semantics and gas, ArbOS's program cache and the genesis CacheManager's bids, and
//! execution traces.

mod activation;
mod arbos;
mod cache_manager;
mod evm;
mod hostio;
mod layering;
mod program_cache;
mod trace;
