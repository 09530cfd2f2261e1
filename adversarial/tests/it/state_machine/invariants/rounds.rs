//! Invariants of rounds: at most K qualified per finalised round, no pending application in
//! one, and outcomes that follow the round's own rules version.

use super::*;

impl World {
    /// At most K qualified per round, only in finalised rounds: the record's `qualified` are
    /// ranks 1..=qualified, each still qualified or since revoked; a finalised round has no
    /// pending application (finalisation fails them as not attested).
    pub(super) fn qualified_per_round(
        &mut self,
        st: &Step<'_>,
        check: &mut impl FnMut(bool, String),
    ) {
        let Step { after, .. } = *st;
        for (i, r) in after.rounds.iter().enumerate() {
            let id = i as u32 + 1;
            let apps: Vec<&lst_registry_adversarial::layout::AppRec> =
                after.apps.iter().filter(|a| a.round == id).collect();
            let qualified = apps.iter().filter(|a| a.status == QUALIFIED).count();
            check(
                qualified <= r.slots as usize,
                format!("round {id}: {qualified} qualified for {} slots", r.slots),
            );
            if r.status == FINALISED {
                let top: Vec<_> = apps
                    .iter()
                    .filter(|a| a.rank != 0 && a.rank <= r.qualified)
                    .collect();
                check(
                    top.len() == r.qualified as usize
                        && top
                            .iter()
                            .all(|a| a.status == QUALIFIED || a.status == REVOKED)
                        && apps
                            .iter()
                            .filter(|a| a.status == QUALIFIED)
                            .all(|a| a.rank != 0 && a.rank <= r.qualified),
                    format!(
                        "round {id}: {qualified} qualified, {} ranked within the record's {}",
                        top.len(),
                        r.qualified
                    ),
                );
                check(
                    apps.iter().all(|a| a.status != PENDING),
                    format!("round {id} is finalised but has a pending application"),
                );
                check(
                    apps.iter()
                        .filter(|a| a.status == NOT_ATTESTED)
                        .all(|a| a.oracle_epoch == 0 && a.rank == 0),
                    format!("round {id}: an application not attested has a tally or a rank"),
                );
            } else {
                check(
                    apps.iter().all(|a| {
                        matches!(a.status, PENDING | WITHDRAWN | TALLIED | REVOKED) && a.rank == 0
                    }),
                    format!("round {id} not finalised but has decided applications"),
                );
            }
            // its attestation deadline: its deadline + the window of its rules' version
            let window = after.rules_of(r.rules_version).attestation_window;
            check(
                r.attestation_deadline == r.deadline.saturating_add(window as u64)
                    && (WINDOW_BOUNDS.0..=WINDOW_BOUNDS.1).contains(&window),
                format!(
                    "round {id}: attestation deadline {} for deadline {} and window {window}",
                    r.attestation_deadline, r.deadline
                ),
            );
            // one live application per applicant and per staking contract
            let live: Vec<_> = apps.iter().filter(|a| is_live(a.status)).collect();
            for (k, a) in live.iter().enumerate() {
                for b in &live[k + 1..] {
                    check(
                        a.applicant != b.applicant && a.staking != b.staking,
                        format!(
                            "round {id}: two live applications of applicant {} / staking contract {}",
                            if a.applicant == b.applicant { a.applicant.to_string() } else { "-".into() },
                            if a.staking == b.staking { a.staking.to_string() } else { "-".into() },
                        ),
                    );
                }
            }
        }
    }

    /// The control slot's last round closed is the latest round exactly when that round is
    /// not open (what `openRound` checks instead of reading it), and the counters hold the
    /// attestation window of the rules in force (what `openRound` adds to a deadline).
    pub(super) fn closed_round_and_window(
        &mut self,
        st: &Step<'_>,
        check: &mut impl FnMut(bool, String),
    ) {
        let Step { after, .. } = *st;
        let latest_open = after.rounds.last().is_some_and(|r| r.status == OPEN);
        let closed = after.closed_round;
        check(
            (closed == after.round_count) != latest_open
                && closed <= after.round_count
                && (closed == 0
                    || after
                        .rounds
                        .get(closed as usize - 1)
                        .is_some_and(|r| r.status != OPEN)),
            format!(
                "last round closed {closed} of {} rounds (the latest open: {latest_open})",
                after.round_count
            ),
        );
        let window = after.rules_of(after.rules_version).attestation_window;
        check(
            after.rules_window == window,
            format!(
                "counters hold window {} for rules version {} of window {window}",
                after.rules_window, after.rules_version
            ),
        );
    }

    /// Every attested tally holds the verdict of its round's rules version (0 if it passes,
    /// else the failing status), set when it was attested; an application never attested
    /// holds none. Finalisation applies that verdict without judging again.
    pub(super) fn verdicts(&mut self, st: &Step<'_>, check: &mut impl FnMut(bool, String)) {
        let Step { after, .. } = *st;
        for (k, a) in after.apps.iter().enumerate() {
            let round = a
                .round
                .checked_sub(1)
                .and_then(|i| after.rounds.get(i as usize));
            let expected = match round {
                Some(r) if a.oracle_epoch != 0 => {
                    judge(&after.rules_of(r.rules_version), a).unwrap_or(0)
                }
                _ => 0,
            };
            check(
                a.verdict == expected,
                format!(
                    "application {}: verdict {} stored, {expected} by its round's rules",
                    k + 1,
                    a.verdict
                ),
            );
        }
    }

    /// A finalised round's outcomes follow the rules of its version: every failure as judged,
    /// the passed ranked by For weight (ties to the lower id), the top K qualified.
    pub(super) fn outcomes(&mut self, st: &Step<'_>, check: &mut impl FnMut(bool, String)) {
        let Step { after, .. } = *st;
        for (i, r) in after.rounds.iter().enumerate() {
            if r.status != FINALISED {
                continue;
            }
            let id = i as u32 + 1;
            let rules = after.rules_of(r.rules_version);
            let mut passed: Vec<(usize, u128, u8, u8)> = Vec::new();
            for (k, a) in after.apps.iter().enumerate() {
                // withdrawn; not attested (no tally to judge); revoked before finalisation or
                // after failing (unranked)
                if a.round != id
                    || a.status == WITHDRAWN
                    || a.status == NOT_ATTESTED
                    || (a.status == REVOKED && a.rank == 0)
                {
                    continue;
                }
                match judge(&rules, a) {
                    Some(failure) => check(
                        a.status == failure && a.rank == 0,
                        format!(
                            "round {id}: application {} is {} (rank {}) but rules version {} fail it with {failure}",
                            k + 1, a.status, a.rank, r.rules_version
                        ),
                    ),
                    None => passed.push((k + 1, a.for_votes, a.rank, a.status)),
                }
            }
            passed.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            check(
                passed.len() == r.passed as usize,
                format!(
                    "round {id}: {} pass rules version {}, the record says {}",
                    passed.len(),
                    r.rules_version,
                    r.passed
                ),
            );
            for (k, (app, _, rank, status)) in passed.iter().enumerate() {
                let expected = if k < r.slots as usize {
                    QUALIFIED
                } else {
                    NOT_SELECTED
                };
                check(
                    *rank as usize == k + 1 && (*status == expected || *status == REVOKED),
                    format!(
                        "round {id}: application {app} ranks {rank} with status {status}, expected rank {} and {expected}",
                        k + 1
                    ),
                );
            }
        }
    }
}
