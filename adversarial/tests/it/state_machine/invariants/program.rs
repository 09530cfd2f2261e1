//! Invariants of the program's own state: the views and admin programs, phases, node limits,
//! counters, the pause, the vote rules' versions and the Snapshot space.

use super::*;

use crate::state_machine::world::diff;

impl World {
    /// What never goes back: the views and admin programs are fixed at construction (no call
    /// changes them);
    /// phases, node limits and counters only move forward.
    pub(super) fn fixed_and_forward(
        &mut self,
        st: &Step<'_>,
        check: &mut impl FnMut(bool, String),
    ) {
        let Step { before, after, .. } = *st;
        check(
            after.views_program == before.views_program && !after.views_program.is_zero(),
            format!(
                "views program {} → {}",
                before.views_program, after.views_program
            ),
        );
        check(
            after.admin_program == before.admin_program
                && !after.admin_program.is_zero()
                && after.admin_program != after.views_program,
            format!(
                "admin program {} → {}",
                before.admin_program, after.admin_program
            ),
        );
        // phases only move forward, one step at a time
        check(
            after.phase >= before.phase && after.phase <= before.phase + 1 && after.phase <= 3,
            format!("phase {} → {}", before.phase, after.phase),
        );
        // node limits: non-decreasing over phases, the current one at least the node count
        check(
            after.node_limits.windows(2).all(|w| w[0] <= w[1])
                && after.node_limits[3] <= MAX_NODE_LIMIT,
            format!("node limits {:?}", after.node_limits),
        );
        check(
            after.node_count <= after.current_limit(),
            format!(
                "{} nodes over the limit {} of phase {}",
                after.node_count,
                after.current_limit(),
                after.phase
            ),
        );
        check(
            after
                .nodes
                .iter()
                .all(|n| n.registered_phase <= after.phase),
            "a node registered in a future phase".into(),
        );
        // counters never go back; the epoch in force only to 0, by a change while paused that
        // voids the set in force
        let voided = st.succeeded && st.function == "setOracleSet" && before.paused;
        check(
            after.round_count >= before.round_count
                && after.application_count >= before.application_count
                && after.node_count >= before.node_count
                && after.pairing_count >= before.pairing_count
                && after.pairing_nonce >= before.pairing_nonce
                && (after.oracle_epoch >= before.oracle_epoch
                    || (voided && after.oracle_epoch == 0))
                && after.oracle_last_epoch >= before.oracle_last_epoch,
            "a counter went back".into(),
        );
        check(
            !after.admin.is_zero() && !after.guardian.is_zero(),
            "zero admin or guardian".into(),
        );
    }

    /// A paused registry changes nothing but its pause (unpause) and, through the recovery
    /// functions, its roles and its oracle set.
    pub(super) fn a_paused_registry(
        &mut self,
        st: &Step<'_>,
        check: &mut impl FnMut(bool, String),
    ) {
        let Step {
            before,
            after,
            function,
            succeeded,
            dump_before,
            ..
        } = *st;
        if before.paused {
            if succeeded {
                check(
                    RECOVERY.contains(&function),
                    format!("{function} succeeded on a paused registry"),
                );
                let mut masked = after.clone();
                masked.paused = before.paused;
                masked.admin = before.admin;
                masked.pending_admin = before.pending_admin;
                masked.guardian = before.guardian;
                masked.oracle_epoch = before.oracle_epoch;
                masked.oracle_threshold = before.oracle_threshold;
                masked.oracle_size = before.oracle_size;
                masked.oracle_next_threshold = before.oracle_next_threshold;
                masked.oracle_next_size = before.oracle_next_size;
                masked.oracle_next_at = before.oracle_next_at;
                masked.oracle_last_epoch = before.oracle_last_epoch;
                masked.oracle_sets = before.oracle_sets.clone();
                if function == "revokeApplication" {
                    // an application's status, the proposal it released, the pairings it ended
                    masked.apps = before.apps.clone();
                    masked.proposal_uses = before.proposal_uses.clone();
                    masked.nodes = before.nodes.clone();
                    masked.pairings = before.pairings.clone();
                    masked.pairing_nonce = before.pairing_nonce;
                }
                check(
                    masked == *before && (after.paused || function == "unpause"),
                    format!("{function} on a paused registry changed more than roles, oracle set, pause and revocations:\n{}", diff(before, &masked)),
                );
            } else {
                check(
                    self.h.dump() == *dump_before,
                    "a refused call changed the paused registry".into(),
                );
            }
        }
    }

    /// Vote rules: each version is written once; a new one only by a successful setVoteRules,
    /// becoming the one in force.
    pub(super) fn rules_and_space(&mut self, st: &Step<'_>, check: &mut impl FnMut(bool, String)) {
        let Step {
            before,
            after,
            function,
            succeeded,
            ..
        } = *st;
        let kept = before.vote_rules.len().min(after.vote_rules.len());
        check(
            after.rules_version >= 1
                && after.vote_rules[..kept] == before.vote_rules[..kept]
                && (after.rules_version == before.rules_version
                    || (after.rules_version == before.rules_version + 1
                        && succeeded
                        && function == "setVoteRules")),
            format!(
                "vote rules version {} → {} ({function})",
                before.rules_version, after.rules_version
            ),
        );
        check(
            after.stray.is_empty(),
            format!("stray records: {:?}", after.stray),
        );
        // a round keeps the version in force when it opened
        for (i, r) in after.rounds.iter().enumerate() {
            let at_open = before
                .rounds
                .get(i)
                .map(|b| b.rules_version)
                .unwrap_or(before.rules_version);
            check(
                r.rules_version == at_open && r.rules_version >= 1,
                format!(
                    "round {}: rules version {} (in force when it opened: {at_open})",
                    i + 1,
                    r.rules_version
                ),
            );
        }
        // the program's space: 1 to 64 bytes, its hash stored beside it, changed only by
        // setSnapshotSpace
        check(
            after.program_space_hash == keccak256(&after.program_space)
                && (1..=64).contains(&after.program_space.len()),
            format!(
                "program space {:?} stored with hash {}",
                after.program_space, after.program_space_hash
            ),
        );
        check(
            after.program_space == before.program_space
                || (succeeded && function == "setSnapshotSpace"),
            format!("{function} changed the program's space"),
        );
    }
}
