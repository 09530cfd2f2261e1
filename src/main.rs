//! `cargo stylus export-abi` entry point: prints the registry's Solidity interface.
//!
//! The registry routes calls with its own compact ABI codec (see `src/router.rs`) rather than
//! the SDK's `#[public]` macro, so the SDK cannot generate the interface; the committed
//! `abi/ILstRegistry.sol` is the interface, and `tests/it/abi_drift/` fails whenever the
//! router's selectors, events or errors drift from it.
//!
//! cargo-stylus also runs this binary with the argument `constructor` to learn the
//! constructor's signature (it then deploys through its StylusDeployer contract, which calls
//! the constructor with the ABI-encoded arguments in the deployment transaction).

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("constructor") => {
            println!("constructor(address admin, address views, address adminProgram)")
        }
        _ => print!("{}", include_str!("../abi/ILstRegistry.sol")),
    }
}
