//! `cargo stylus export-abi` entry point: prints the registry's Solidity interface.
//!
//! The registry routes calls with its own compact ABI codec (see `src/router.rs`) rather than
//! the SDK's `#[public]` macro, so the SDK cannot generate the interface; the committed
//! `abi/ILstRegistry.sol` is the interface, and `tests/abi_drift.rs` fails whenever the
//! router's selectors, events or errors drift from it.

fn main() {
    print!("{}", include_str!("../abi/ILstRegistry.sol"));
}
