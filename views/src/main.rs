//! `cargo stylus` entry point of the views program: what `cargo stylus export-abi` and
//! `cargo stylus deploy` run (with `--features export-abi`) to learn the interface and the
//! constructor.
//!
//! The views program serves the read-only functions of `abi/ILstRegistry.sol`, reached through
//! the registry core by delegate call (called directly, it reverts with
//! `RegistryNotDelegated`), so the interface it prints is the registry's. It has no
//! constructor: asked for one, it prints nothing, which cargo-stylus reads as "deploy and
//! activate, no constructor call".

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("constructor") => {}
        _ => print!("{}", include_str!("../../abi/ILstRegistry.sol")),
    }
}
