//! The program's rules and phases: vote rules, the Snapshot space, stake-cap bounds, node
//! limits, the phase.

use super::*;

impl Model {
    pub(crate) fn set_vote_rules(
        &mut self,
        from: Address,
        quorum: U256,
        min_voters: u32,
        approval_bps: u16,
        window: u32,
    ) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            let q = match amount(quorum) {
                Some(q) if q != 0 => q,
                _ => {
                    return Err(err(I::RegistryInvalidQuorum {
                        quorum,
                        max: U256::from(MAX_AMOUNT),
                    }))
                }
            };
            if min_voters == 0 {
                return Err(err(I::RegistryInvalidMinVoters {
                    minVoters: min_voters,
                }));
            }
            if approval_bps <= 5_000 || approval_bps > 10_000 {
                return Err(err(I::RegistryInvalidApproval {
                    approvalBps: approval_bps,
                }));
            }
            let (lo, hi) = WINDOW_BOUNDS;
            if window < lo || window > hi {
                return Err(err(I::RegistryInvalidAttestationWindow {
                    window,
                    min: lo,
                    max: hi,
                }));
            }
            // a new version, in force for the rounds opened from now on
            m.s.rules_version += 1;
            m.s.rules_window = window;
            m.s.vote_rules.push(VoteRulesRec {
                quorum: q,
                min_voters,
                approval_bps,
                attestation_window: window,
            });
            Ok(vec![])
        })
    }

    pub(crate) fn set_snapshot_space(&mut self, from: Address, space: &str) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            check_length(space, FIELD_SPACE, 1, 64)?;
            m.s.program_space = space.to_string();
            m.s.program_space_hash = keccak256(space);
            Ok(vec![])
        })
    }

    pub(crate) fn set_stake_cap_bounds(
        &mut self,
        from: Address,
        min: U256,
        max: U256,
    ) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            match (amount(min), amount(max)) {
                (Some(lo), Some(hi)) if lo != 0 && lo <= hi => {
                    m.s.min_cap = lo;
                    m.s.max_cap = hi;
                    Ok(vec![])
                }
                _ => Err(err(I::RegistryInvalidStakeCapBounds {
                    min,
                    max,
                    ceiling: U256::from(MAX_AMOUNT),
                })),
            }
        })
    }

    pub(crate) fn set_phase_node_limit(
        &mut self,
        from: Address,
        phase: u8,
        limit: u16,
    ) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            let limits = m.s.node_limits;
            let (min, max) = if phase > 3 {
                (0, 0)
            } else if phase < m.s.phase {
                (limits[phase as usize], limits[phase as usize])
            } else {
                let mut min = if phase == m.s.phase {
                    m.s.node_count
                } else {
                    0
                };
                if phase > 0 {
                    min = min.max(limits[phase as usize - 1]);
                }
                let max = if phase < 3 {
                    limits[phase as usize + 1]
                } else {
                    MAX_NODE_LIMIT
                };
                (min, max)
            };
            if phase > 3 || limit < min || limit > max {
                return Err(err(I::RegistryInvalidNodeLimit {
                    phase,
                    limit,
                    min,
                    max,
                }));
            }
            // the limit in force already: nothing written, nothing emitted
            m.events = Some(if m.s.node_limits[phase as usize] == limit {
                vec![]
            } else {
                vec![event(
                    "PhaseNodeLimitChanged",
                    &[phase as u128, limit as u128],
                )]
            });
            m.s.node_limits[phase as usize] = limit;
            Ok(vec![])
        })
    }

    pub(crate) fn advance_phase(&mut self, from: Address, to: u8) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            let current = m.s.phase;
            if current >= 3 || to as u16 != current as u16 + 1 {
                return Err(err(I::RegistryInvalidPhaseTransition { from: current, to }));
            }
            m.s.phase = to;
            Ok(vec![])
        })
    }
}
