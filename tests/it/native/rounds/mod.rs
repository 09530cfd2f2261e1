//! Stage 1: rounds, applications, finalisation, and the vote rules at their boundaries.

mod applying;
mod boundaries;
mod finalising;
mod opening;
mod revoking;
mod uniqueness;
mod views;
