//! Scenarios: the program's lifecycle as a transcript ([`lifecycle`]), and the pieces they
//! are built from ([`runner`] for expectations; the inputs are the client's
//! `lst_registry_client::fixtures`).

pub mod final_state;
mod lifecycle;
mod main_launch;
pub mod runner;
mod story;

pub use lifecycle::{lifecycle, lifecycle_on};
