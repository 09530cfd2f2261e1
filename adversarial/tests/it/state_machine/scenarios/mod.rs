//! Fixed sequences, each a scenario of the integrity review replayed step by step against the
//! model.

use super::*;

mod applications;
mod recovery;
mod rounds;

/// The last step's outcome must contain `what` (an error name and arguments, or `ok`).
fn expect_last(world: &World, what: &str) -> Result<(), TestCaseError> {
    let last = world.trace.last().cloned().unwrap_or_default();
    let outcome = last.split(" ⇒ ").nth(1).unwrap_or("");
    prop_assert!(
        outcome.starts_with(what) || outcome.contains(what),
        "expected {what}, got: {last}\n{}",
        world.trace.join("\n")
    );
    Ok(())
}
