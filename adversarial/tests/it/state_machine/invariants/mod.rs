//! The invariants read from storage alone after every step, one module per part of the state;
//! they run in this order, each adding what it finds broken.

use super::*;

mod applications;
mod oracle;
mod pairings;
mod program;
mod rounds;

/// One step as the invariants see it.
#[derive(Clone, Copy)]
struct Step<'a> {
    before: &'a ChainState,
    after: &'a ChainState,
    action: &'a Action,
    function: &'a str,
    succeeded: bool,
    dump_before: &'a BTreeMap<B256, B256>,
}

impl World {
    /// Invariants read from storage alone.
    pub(super) fn invariants(
        &mut self,
        step: usize,
        before: &ChainState,
        after: &ChainState,
        (action, function): (&Action, &str),
        succeeded: bool,
        dump_before: &BTreeMap<B256, B256>,
    ) -> Result<(), TestCaseError> {
        let mut broken: Vec<String> = Vec::new();
        let mut check = |ok: bool, what: String| {
            if !ok {
                broken.push(what)
            }
        };
        let st = Step {
            before,
            after,
            action,
            function,
            succeeded,
            dump_before,
        };
        self.fixed_and_forward(&st, &mut check);
        self.oracle_sets(&st, &mut check);
        self.nodes_and_pairings(&st, &mut check);
        self.qualified_per_round(&st, &mut check);
        self.a_paused_registry(&st, &mut check);
        self.rules_and_space(&st, &mut check);
        self.proposals_and_accounts(&st, &mut check);
        self.revocation_and_ended_pairings(&st, &mut check);
        self.closed_round_and_window(&st, &mut check);
        self.verdicts(&st, &mut check);
        self.outcomes(&st, &mut check);
        if broken.is_empty() {
            Ok(())
        } else {
            Err(fail(
                self,
                format!("step {step}: invariants broken:\n  {}", broken.join("\n  ")),
            ))
        }
    }
}
