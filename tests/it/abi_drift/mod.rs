//! ABI drift: the published interface `abi/ILstRegistry.sol` against the program.
//! Deliberately independent of `lst-registry-types` and `lst-registry-client`: it expands the
//! interface itself.
//!
//! `sol!` parses the interface (so it must stay within what `sol!` understands) and these tests
//! fail when the program and the interface disagree:
//!
//! * functions: the interface's signatures and selectors are exactly the router's
//!   [`router::SIGNATURES`] (the core), [`admin::SIGNATURES`] (the admin program) and
//!   [`views::SIGNATURES`] (the views program), and every one of them reaches a route; their
//!   parameter and return types are the Rust types of the `LstRegistry` methods behind them
//!   (checked at compile time);
//! * events and errors: the interface declares exactly the `sol!` items of `src/events.rs` and
//!   `src/errors.rs`, with the same signatures; the program's hand-written encoders (the error
//!   constructors and the event emitters) produce byte for byte what the interface encodes;
//! * codes: the interface's enums are the program's status, phase and field codes;
//! * a whole program run, driven only by calldata the interface encodes, produces return data,
//!   revert data and logs that the interface decodes and re-encodes to the same bytes, with each
//!   value in the field the interface names for it;
//! * `abi/ILstRegistry.json` is the JSON ABI generated from the interface.
//!
//! `UPDATE_ABI=1 cargo test -p lst-registry --test it abi_drift::` rewrites the JSON instead of
//! comparing it.
//!
//! One module per concern: `functions`, `typed_mirror`, `events` and `errors` (both compare
//! declarations with `declarations`), `codes`, `program_run` and `json`.

#![allow(missing_docs)] // the types `sol!` generates from the interface

use std::path::PathBuf;

use alloy_json_abi::JsonAbi;
use alloy_sol_types::sol;

sol!(
    #[sol(abi, extra_derives(Debug, PartialEq))]
    "abi/ILstRegistry.sol"
);

const INTERFACE: &str = "abi/ILstRegistry.sol";
const JSON: &str = "abi/ILstRegistry.json";

fn path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(path(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

fn interface() -> JsonAbi {
    ILstRegistry::abi::contract()
}

fn hex(bytes: &[u8]) -> String {
    format!("0x{}", alloy_primitives::hex::encode(bytes))
}

mod codes;
mod declarations;
mod errors;
mod events;
mod functions;
mod json;
mod program_run;
mod typed_mirror;
