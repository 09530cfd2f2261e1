//! Invariants of nodes and pairings: one active pairing per node, pairings with qualified
//! applications, stake within caps set within bounds, revocation is final, ended pairings never
//! change.

use super::*;

impl World {
    /// A node has at most one active pairing, and its record agrees.
    pub(super) fn nodes_and_pairings(
        &mut self,
        st: &Step<'_>,
        check: &mut impl FnMut(bool, String),
    ) {
        let Step {
            before,
            after,
            action,
            succeeded,
            ..
        } = *st;
        for (i, node) in after.nodes.iter().enumerate() {
            let id = i as u32 + 1;
            let open: Vec<u32> = after
                .pairings
                .iter()
                .enumerate()
                .filter(|(_, p)| p.node == id && p.ended_at == 0)
                .map(|(k, _)| k as u32 + 1)
                .collect();
            check(
                open.len() <= 1,
                format!("node {id} has active pairings {open:?}"),
            );
            check(
                open.first().copied().unwrap_or(0) == node.active_pairing,
                format!(
                    "node {id} points to pairing {} but the open ones are {open:?}",
                    node.active_pairing
                ),
            );
        }
        // pairings: an active one is with a qualified application of a finalised round, an
        // ended one with a qualified or a revoked one that had qualified (ranked); stake
        // within the cap; caps changed only by a successful pair / setStakeCap, within the
        // bounds then in force
        let setting_cap = succeeded && matches!(action, Action::Pair(..) | Action::SetStakeCap(..));
        for (i, p) in after.pairings.iter().enumerate() {
            let id = i as u32 + 1;
            let app = after.apps.get((p.application as usize).wrapping_sub(1));
            let ok = app
                .map(|a| {
                    let was_qualified = a.status == QUALIFIED
                        || (p.ended_at != 0 && a.status == REVOKED && a.rank != 0);
                    was_qualified && after.rounds[a.round as usize - 1].status == FINALISED
                })
                .unwrap_or(false);
            check(ok, format!("pairing {id} (ended at {}) is with application {} which is not a qualified one of a finalised round", p.ended_at, p.application));
            // the staking contract a report is checked against is the application's
            check(
                app.is_some_and(|a| a.staking == p.staking),
                format!(
                    "pairing {id}: staking contract {} is not its application's",
                    p.staking
                ),
            );
            check(
                p.stake <= p.stake_cap,
                format!("pairing {id}: stake {} above cap {}", p.stake, p.stake_cap),
            );
            let previous = before.pairings.get(i).map(|q| q.stake_cap);
            if previous != Some(p.stake_cap) {
                if setting_cap {
                    self.caps.entry(id).or_default().push((
                        p.stake_cap,
                        before.min_cap,
                        before.max_cap,
                    ));
                    check(
                        p.stake_cap >= before.min_cap && p.stake_cap <= before.max_cap,
                        format!(
                            "pairing {id}: cap {} set outside the bounds [{}, {}] in force",
                            p.stake_cap, before.min_cap, before.max_cap
                        ),
                    );
                } else {
                    check(
                        false,
                        format!("pairing {id}: cap changed without pair/setStakeCap"),
                    );
                }
            }
            if let Some((cap, lo, hi)) = self.caps.get(&id).and_then(|v| v.last()) {
                check(
                    p.stake_cap == *cap && lo <= cap && cap <= hi,
                    format!("pairing {id}: cap {} is not the last one set", p.stake_cap),
                );
            }
        }
    }

    /// Revocation is final: a revoked application stays revoked, has no active pairing, and no
    /// pairing starts with it.
    pub(super) fn revocation_and_ended_pairings(
        &mut self,
        st: &Step<'_>,
        check: &mut impl FnMut(bool, String),
    ) {
        let Step { before, after, .. } = *st;
        for (i, b) in before.apps.iter().enumerate() {
            if b.status == REVOKED {
                check(
                    after.apps[i].status == REVOKED,
                    format!(
                        "revoked application {} became {}",
                        i + 1,
                        after.apps[i].status
                    ),
                );
                check(
                    after.pairings[before.pairings.len()..]
                        .iter()
                        .all(|p| p.application as usize != i + 1),
                    format!("revoked application {} was paired", i + 1),
                );
            }
        }
        for (n, node) in after.nodes.iter().enumerate() {
            if node.active_pairing != 0 {
                let p = &after.pairings[node.active_pairing as usize - 1];
                check(
                    after.apps[p.application as usize - 1].status != REVOKED,
                    format!(
                        "node {} is paired (pairing {}) with the revoked application {}",
                        n + 1,
                        node.active_pairing,
                        p.application
                    ),
                );
            }
        }
        // an ended pairing never changes again (its stake included)
        for (i, b) in before.pairings.iter().enumerate() {
            if b.ended_at != 0 {
                check(
                    after.pairings[i] == *b,
                    format!(
                        "ended pairing {} changed: {b:?} → {:?}",
                        i + 1,
                        after.pairings[i]
                    ),
                );
            }
        }
    }
}
