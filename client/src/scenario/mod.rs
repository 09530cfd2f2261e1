//! The program's lifecycle, end to end, as a transcript (the project's main job): the
//! scenario ([`lifecycle`]), its expectations ([`runner`]), the record it writes
//! ([`transcript`]) and how amounts, events and errors read in it ([`render`]). Its inputs
//! are the [`fixtures`](crate::fixtures). Runs on the in-process devnet (feature `devnet`):
//! it moves the devnet's clock, which [`Backend`](crate::Backend) does not offer.

pub mod final_state;
mod lifecycle;
mod main_launch;
pub mod render;
pub mod runner;
mod story;
pub mod transcript;

pub use lifecycle::{lifecycle, lifecycle_on};

/// The registry on the in-process devnet, as the scenario drives it.
pub type Registry = crate::Registry<stylus_devnet::Devnet>;
