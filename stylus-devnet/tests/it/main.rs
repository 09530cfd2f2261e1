//! The devnet's integration tests, in one binary: activation rules on crafted modules,
//! hostio semantics and gas, and ArbOS's program cache.

mod activation;
mod hostio;
mod program_cache;
