//! Vote rules, the Snapshot space, stake-cap bounds, phases and their node limits.

mod phases;
mod space_and_caps;
mod vote_rules;
