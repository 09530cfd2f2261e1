//! One crafted module per activation rule; each breaks exactly that rule.

mod features;
mod fixtures;
mod imports;
mod limits;
