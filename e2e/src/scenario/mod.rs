//! Scenarios: the program's lifecycle as a transcript ([`lifecycle`]), and the pieces they
//! are built from ([`cast`] for actors and inputs, [`runner`] for expectations).

pub mod cast;
pub mod final_state;
mod lifecycle;
pub mod runner;
mod story;

pub use lifecycle::{lifecycle, lifecycle_on};
