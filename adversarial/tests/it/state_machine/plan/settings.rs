//! The program's settings: vote rules (and the attestation window), the Snapshot space, the
//! stake-cap bounds, the phases' node limits and the phase.

use super::*;

impl World {
    /// The planned call of a settings action (see [`World::plan`]).
    pub(super) fn plan_settings(&mut self, action: &Action) -> Option<Planned> {
        let m = &self.m;
        let admin = m.s.admin;
        match action {
            Action::SetVoteRules(w, q, v, a, x) => {
                let from = self.caller(w, admin);
                let quorum = [
                    U256::from(1),
                    metis(1_000),
                    metis(20_000),
                    metis(300_000),
                    amount_max(),
                    amount_max() + U256::from(1),
                    U256::ZERO,
                    U256::MAX,
                ][*q as usize % 8];
                let voters = [1, 100, 500, 1_000, 0, u32::MAX][*v as usize % 6];
                let bps =
                    [5_001, 6_000, 8_000, 10_000, 5_000, 10_001, 0, u16::MAX][*a as usize % 8];
                let window = WINDOWS[*x as usize % WINDOWS.len()];
                call!(
                    self,
                    from,
                    I::setVoteRulesCall {
                        quorum,
                        minVoters: voters,
                        approvalBps: bps,
                        attestationWindow: window
                    },
                    self.m.set_vote_rules(from, quorum, voters, bps, window),
                    format!("setVoteRules({quorum}, {voters}, {bps}, {window} s)")
                )
            }
            Action::SetSnapshotSpace(w, k) => {
                let from = self.caller(w, admin);
                let space = space_choice(*k, &m.s.program_space);
                call!(
                    self,
                    from,
                    I::setSnapshotSpaceCall {
                        space: space.clone()
                    },
                    self.m.set_snapshot_space(from, &space),
                    format!("setSnapshotSpace({space:?})")
                )
            }
            Action::SetCapBounds(w, lo, hi) => {
                let from = self.caller(w, admin);
                let values = [
                    U256::ZERO,
                    U256::from(1),
                    metis(10_000),
                    metis(20_000),
                    metis(50_000),
                    metis(100_000),
                    metis(200_000),
                    amount_max(),
                    amount_max() + U256::from(1),
                    U256::MAX,
                ];
                let (min, max) = (values[*lo as usize % 10], values[*hi as usize % 10]);
                call!(
                    self,
                    from,
                    I::setStakeCapBoundsCall {
                        minCap: min,
                        maxCap: max
                    },
                    self.m.set_stake_cap_bounds(from, min, max),
                    format!("setStakeCapBounds({min}, {max})")
                )
            }
            Action::SetPhaseNodeLimit(w, p, l) => {
                let from = self.caller(w, admin);
                let phase = [0, 1, 2, 3, m.s.phase, 4, 255][*p as usize % 7];
                let limit = [
                    0,
                    1,
                    2,
                    3,
                    4,
                    5,
                    8,
                    16,
                    64,
                    4_096,
                    4_097,
                    u16::MAX,
                    m.s.node_count,
                ][*l as usize % 13];
                call!(
                    self,
                    from,
                    I::setPhaseNodeLimitCall {
                        targetPhase: phase,
                        limit
                    },
                    self.m.set_phase_node_limit(from, phase, limit),
                    format!("setPhaseNodeLimit({phase}, {limit})")
                )
            }
            Action::AdvancePhase(w, t) => {
                let from = self.caller(w, admin);
                let p = m.s.phase;
                let to = [
                    p.wrapping_add(1),
                    p.wrapping_add(1),
                    p,
                    p.wrapping_add(2),
                    0,
                    255,
                ][*t as usize % 6];
                call!(
                    self,
                    from,
                    I::advancePhaseCall { to },
                    self.m.advance_phase(from, to),
                    format!("advancePhase({to})")
                )
            }
            _ => unreachable!("not a settings action: {action:?}"),
        }
    }
}
