//! The devnet's integration tests, in one binary: activation rules on crafted modules,
//! hostio semantics and gas, ArbOS's program cache, and execution traces.

mod activation;
mod arbos;
mod evm;
mod hostio;
mod program_cache;
mod trace;
