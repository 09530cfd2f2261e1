//! Planning a step: the call an action makes, from whom, and the model's prediction of its
//! outcome (the model moves on when it succeeds). One module per family of operations; time
//! warps are applied here.

use super::*;

/// A planned call from `$world`: its sender, call, the model's prediction (which moves the
/// model on) and the trace's text, evaluated in that order.
macro_rules! call {
    ($world:ident, $from:expr, $call:expr, $predict:expr, $text:expr) => {{
        let from = $from;
        let call = $call;
        let text = format!("{} → {}", $world.name(from), $text);
        let expected = $predict;
        Some(Planned {
            from,
            text,
            calldata: call.abi_encode(),
            expected,
        })
    }};
}

mod applications;
mod nodes;
mod roles;
mod rounds;
mod settings;

impl World {
    /// The predicted transaction of `action`, the model moved on if it succeeds; `None` for
    /// a time warp (applied here).
    pub(super) fn plan(&mut self, action: &Action) -> Option<Planned> {
        let m = &self.m;
        let n_rounds = m.s.round_count as u64;
        match action {
            Action::Warp(i) => {
                let secs = WARPS[*i as usize % WARPS.len()];
                self.h.net.advance_time(secs);
                self.m.now = self.h.net.timestamp();
                self.trace.push(format!(
                    "{:>3}. time +{secs} s (now {})",
                    self.trace.len(),
                    self.m.now
                ));
                None
            }
            Action::WarpTo(k) => {
                let round = m.s.rounds.last().cloned().unwrap_or_default();
                let round_id = n_rounds;
                let (target, what) = match k % 3 {
                    0 => (round.deadline.saturating_add(1), "past the deadline"),
                    1 => (round.attestation_deadline, "to the attestation deadline"),
                    _ => (
                        round.attestation_deadline.saturating_add(1),
                        "past the attestation deadline",
                    ),
                };
                // deadlines far away (u64::MAX) or behind: a second only
                let secs = match target.checked_sub(m.now) {
                    Some(d) if d > 0 && d <= 400 * 86_400 => d,
                    _ => 1,
                };
                self.h.net.advance_time(secs);
                self.m.now = self.h.net.timestamp();
                self.trace.push(format!(
                    "{:>3}. time +{secs} s (now {}; {what} of round {})",
                    self.trace.len(),
                    self.m.now,
                    round_id
                ));
                None
            }
            Action::TransferAdmin(..)
            | Action::AcceptAdmin(..)
            | Action::SetGuardian(..)
            | Action::Pause(..)
            | Action::Unpause(..)
            | Action::SetOracleSet(..)
            | Action::SetOracleSetDelay(..)
            | Action::Recover(..) => self.plan_roles(action),
            Action::SetVoteRules(..)
            | Action::SetSnapshotSpace(..)
            | Action::SetCapBounds(..)
            | Action::SetPhaseNodeLimit(..)
            | Action::AdvancePhase(..) => self.plan_settings(action),
            Action::OpenRound(..)
            | Action::CloseRound(..)
            | Action::Attest(..)
            | Action::Finalise(..) => self.plan_rounds(action),
            Action::Submit(..)
            | Action::SubmitClone(..)
            | Action::SubmitSpace(..)
            | Action::SubmitAs(..)
            | Action::Revoke(..)
            | Action::Withdraw(..) => self.plan_applications(action),
            Action::RegisterNode(..)
            | Action::UpdateNode(..)
            | Action::Pair(..)
            | Action::Unpair(..)
            | Action::SetStakeCap(..)
            | Action::ReportStake(..) => self.plan_nodes(action),
        }
    }
}
