//! Scenarios: the program's lifecycle as a transcript ([`lifecycle`]), and the pieces they
//! are built from ([`cast`] for actors and inputs, [`runner`] for expectations).

pub mod cast;
mod lifecycle;
pub mod final_state;
pub mod runner;

pub use lifecycle::{lifecycle, lifecycle_on};
