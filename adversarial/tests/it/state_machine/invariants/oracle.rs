//! Invariants of the oracle set: ascending non-zero sets, strict majorities, epochs, the delay,
//! and attestations only under the set in force.

use super::*;

impl World {
    /// Oracle sets: each ascending, non-zero, a strict majority threshold, slots past the set
    /// cleared; the set in force and the scheduled one are sets that were made.
    pub(super) fn oracle_sets(&mut self, st: &Step<'_>, check: &mut impl FnMut(bool, String)) {
        let Step {
            before,
            after,
            function,
            succeeded,
            ..
        } = *st;
        let now = self.m.now;
        for (set, what) in [
            (Some(after.oracle_at(now)), "in force"),
            (after.oracle_scheduled(now).map(|(set, _)| set), "scheduled"),
        ] {
            let Some(set) = set else { continue };
            let size = set.signers.len();
            let slots = after
                .oracle_sets
                .get((set.epoch as usize).wrapping_sub(1))
                .cloned()
                .unwrap_or_default();
            check(
                (set.epoch == 0 && size == 0 && set.threshold == 0)
                    || (set.epoch >= 1
                        && set.epoch <= after.oracle_last_epoch
                        && (1..=16).contains(&size)
                        && 2 * set.threshold as usize > size
                        && set.threshold as usize <= size
                        && set.signers.windows(2).all(|w| w[0] < w[1])
                        && set.signers.iter().all(|a| !a.is_zero())
                        && slots[size..].iter().all(|a| a.is_zero())),
                format!("oracle set {what}: {set:?}"),
            );
        }
        // epochs: the one in force never goes back but to 0 (a change while paused voids the
        // set in force), the last handed out moves by one on each change (a replaced
        // schedule's epoch is never used), and a set's signers never change once written
        let changed = succeeded && function == "setOracleSet";
        check(
            (after.oracle_at(now).epoch >= before.oracle_at(now).epoch
                || (changed && before.paused && after.oracle_at(now).epoch == 0))
                && after.oracle_last_epoch == before.oracle_last_epoch + u32::from(changed)
                && after.oracle_sets[..before.oracle_sets.len()] == before.oracle_sets[..],
            format!(
                "oracle epochs: in force {} → {}, last {} → {}",
                before.oracle_at(now).epoch,
                after.oracle_at(now).epoch,
                before.oracle_last_epoch,
                after.oracle_last_epoch
            ),
        );
        // the delay lies within its bounds
        check(
            (ORACLE_DELAY_BOUNDS.0..=ORACLE_DELAY_BOUNDS.1).contains(&after.oracle_delay),
            format!("oracle-set delay {}", after.oracle_delay),
        );
        // a set change outside the pause (but the first set) never affects attestations in
        // the same block, nor before the time it names: the set in force until then is the
        // one in force before it
        if !before.paused && before.oracle_last_epoch != 0 {
            let until = after
                .oracle_scheduled(now)
                .map(|(_, at)| at)
                .unwrap_or(now + 1);
            check(
                after.oracle_at(now) == before.oracle_at(now)
                    && after.oracle_at(until - 1) == before.oracle_at(now)
                    && (function != "setOracleSet"
                        || !succeeded
                        || until >= now + u64::from(before.oracle_delay)),
                format!(
                    "{function} outside the pause changed the oracle set in force before its time: {:?} → {:?} (scheduled at {until})",
                    before.oracle_at(now),
                    after.oracle_at(now)
                ),
            );
        }
        // the first set is in force at once, paused or not
        if changed && before.oracle_last_epoch == 0 {
            check(
                after.oracle_at(now).epoch == after.oracle_last_epoch
                    && after.oracle_scheduled(now).is_none(),
                format!(
                    "the first oracle set is not in force at once: {:?}",
                    after.oracle_at(now)
                ),
            );
        }
        // a change while paused (but the first set) voids the set in force at once and puts
        // nothing in force before the delay: pausing around a change does not make it
        // immediate
        if changed && before.paused && before.oracle_last_epoch != 0 {
            let until = after.oracle_scheduled(now).map(|(_, at)| at);
            check(
                after.oracle_at(now).epoch == 0
                    && until.is_some_and(|at| {
                        at >= now + u64::from(before.oracle_delay)
                            && after.oracle_at(at - 1).epoch == 0
                    }),
                format!(
                    "a change while paused put {:?} in force at {now} (scheduled at {until:?})",
                    after.oracle_at(now)
                ),
            );
        }
        // no tally is attested under a set before its time: a tally made by this call names
        // the epoch in force at this block, never a scheduled one
        for (b, a) in before.apps.iter().zip(&after.apps) {
            if b.oracle_epoch == 0 && a.oracle_epoch != 0 {
                let scheduled = before.oracle_scheduled(now).map(|(set, _)| set.epoch);
                check(
                    a.oracle_epoch == before.oracle_at(now).epoch
                        && Some(a.oracle_epoch) != scheduled,
                    format!(
                        "a tally attested under epoch {} at {now}; in force {}, scheduled {scheduled:?}",
                        a.oracle_epoch,
                        before.oracle_at(now).epoch
                    ),
                );
            }
        }
        check(
            after.stale_text.is_empty(),
            format!("stale text slots {:?}", after.stale_text),
        );
    }
}
