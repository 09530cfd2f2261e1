//! Actors, fixtures, signing and assertion helpers shared by every test module.

pub(crate) mod host;

mod actors;
mod assertions;
mod data;
mod env;

pub(crate) use actors::*;
pub(crate) use assertions::*;
pub(crate) use data::*;
pub(crate) use env::*;
pub(crate) use host::FixedHost;
