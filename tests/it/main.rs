//! The contract crate's integration tests, in one binary: `native` runs the registry on
//! stylus-sdk's `TestVM`, `abi_drift` checks the published interface against the program, and
//! `types` checks the contract's constants against `lst-registry-types`.

mod abi_drift;
mod native;
mod types;
