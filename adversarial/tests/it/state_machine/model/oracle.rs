//! The oracle set, its delay, and attested tallies.

use super::*;

impl Model {
    pub(crate) fn set_oracle_set(
        &mut self,
        from: Address,
        signers: &[Address],
        threshold: u8,
    ) -> Prediction {
        self.atomic(|m| {
            m.admin(from)?;
            let n = signers.len();
            // a strict majority of 1 to 16 signers: 2 × threshold > n, threshold ≤ n
            if n == 0 || n > MAX_ORACLES || 2 * threshold as usize <= n || threshold as usize > n {
                return Err(err(I::RegistryInvalidOracleSet {
                    signers: U256::from(n),
                    threshold,
                    maxSigners: U256::from(MAX_ORACLES),
                }));
            }
            let mut previous = Address::ZERO;
            for (i, s) in signers.iter().enumerate() {
                if *s <= previous {
                    return Err(err(I::RegistryInvalidOracleSigner {
                        index: U256::from(i),
                        signer: *s,
                    }));
                }
                previous = *s;
            }
            // the set in force now is what the record holds from here on (a scheduled set
            // whose time has come is replaced in the record by nothing but its epoch moving in)
            let in_force = m.oracle();
            if in_force.epoch != m.s.oracle_epoch {
                m.s.oracle_epoch = in_force.epoch;
                m.s.oracle_threshold = in_force.threshold;
                m.s.oracle_size = in_force.signers.len() as u8;
            }
            // a fresh epoch for every change, also one replacing a scheduled change
            let epoch = m.s.oracle_last_epoch.wrapping_add(1);
            m.s.oracle_last_epoch = epoch;
            let mut slots = signers.to_vec();
            slots.resize(MAX_ORACLES, Address::ZERO);
            m.s.oracle_sets.push(slots);
            m.s.oracle_next_threshold = threshold;
            m.s.oracle_next_size = n as u8;
            // in force at once for the first set (no epoch handed out before), else after the
            // delay; while paused, the set in force is void at once
            m.s.oracle_next_at = if epoch == 1 {
                m.now
            } else {
                if m.s.paused {
                    m.s.oracle_epoch = 0;
                    m.s.oracle_threshold = 0;
                    m.s.oracle_size = 0;
                }
                m.now.saturating_add(u64::from(m.s.oracle_delay))
            };
            m.events = Some(vec![event(
                "OracleSetChanged",
                &[
                    u128::from(epoch),
                    n as u128,
                    u128::from(threshold),
                    u128::from(m.s.oracle_next_at),
                ],
            )]);
            Ok(vec![])
        })
    }

    pub(crate) fn set_oracle_set_delay(&mut self, from: Address, delay: u32) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            let (min, max) = ORACLE_DELAY_BOUNDS;
            if delay < min || delay > max {
                return Err(err(I::RegistryInvalidOracleSetDelay { delay, min, max }));
            }
            m.s.oracle_delay = delay;
            m.events = Some(vec![event("OracleSetDelayChanged", &[u128::from(delay)])]);
            Ok(vec![])
        })
    }

    pub(crate) fn attest_tally(
        &mut self,
        id: u64,
        counts: &Counts,
        signatures: &[u8],
    ) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let i = m.app_index(id)?;
            let status = m.s.apps[i].status;
            if status != PENDING {
                return Err(err(I::RegistryWrongApplicationStatus {
                    applicationId: id,
                    status,
                    expected: PENDING,
                }));
            }
            // after the round's attestation deadline the round may finalise without it
            let round = m.s.apps[i].round;
            let deadline = m.s.rounds[round as usize - 1].attestation_deadline;
            if m.now > deadline {
                return Err(err(I::RegistryDeadline {
                    roundId: round as u64,
                    deadline,
                    now: m.now,
                }));
            }
            for value in [counts.for_votes, counts.against_votes, counts.abstain_votes] {
                if amount(value).is_none() {
                    return Err(err(I::RegistryAmountTooLarge {
                        amount: value,
                        max: U256::from(MAX_AMOUNT),
                    }));
                }
            }
            // the set in force at this block: a scheduled set only from its time on
            let set = m.oracle();
            let digest = m.digest(id, counts);
            sign::verify(signatures, digest, &set.signers, set.threshold)?;
            let epoch = set.epoch;
            // the verdict is decided with the tally, under the rules the round opened under
            let rules = m.s.rules_of(m.s.rounds[round as usize - 1].rules_version);
            let app = &mut m.s.apps[i];
            app.status = TALLIED;
            app.for_votes = amount(counts.for_votes).unwrap_or_default();
            app.against_votes = amount(counts.against_votes).unwrap_or_default();
            app.abstain_votes = amount(counts.abstain_votes).unwrap_or_default();
            app.voters = counts.voters;
            app.oracle_epoch = epoch;
            app.verdict = judge(&rules, app).unwrap_or(0);
            Ok(vec![])
        })
    }
}
