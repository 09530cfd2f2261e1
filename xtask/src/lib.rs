//! Developer tasks for the `lst-registry` workspace (`cargo xtask ...`).
//!
//! * [`wasm`]: normalise a rustc-built Stylus program into the form Arbitrum
//!   Nitro activates, validate it against Nitro's rules, and measure its
//!   deployed (brotli-compressed) size.
//! * [`build`]: build the contract's `cdylib` for `wasm32-unknown-unknown`
//!   with the project's pinned code-generation flags.

pub mod build;
pub mod wasm;
