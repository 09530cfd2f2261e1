//! Rounds: opening, closing, attesting tallies (with mutated signatures) and finalising.

use super::*;

impl World {
    /// The planned call of a round action (see [`World::plan`]).
    pub(super) fn plan_rounds(&mut self, action: &Action) -> Option<Planned> {
        let c = cast();
        let m = &self.m;
        let admin = m.s.admin;
        let n_rounds = m.s.round_count as u64;
        let n_apps = m.s.application_count as u64;
        match action {
            Action::OpenRound(w, s, d) => {
                let from = self.caller(w, admin);
                let slots = [1, 2, 3, 2, 32, 0, 33, 255][*s as usize % 8];
                let now = m.now;
                let deadline = [
                    now + 86_400,
                    now + 7 * 86_400,
                    now + 3_600,
                    now + 1,
                    now,
                    now - 1,
                    u64::MAX,
                ][*d as usize % 7];
                call!(
                    self,
                    from,
                    I::openRoundCall { slots, deadline },
                    self.m.open_round(from, slots, deadline),
                    format!(
                        "openRound({slots}, now{:+})",
                        deadline as i128 - now as i128
                    )
                )
            }
            Action::CloseRound(w, i) => {
                let id = Self::pick(i, n_rounds, &[n_rounds]);
                let from = self.caller(w, admin);
                call!(
                    self,
                    from,
                    I::closeRoundCall { roundId: id },
                    self.m.close_round(from, id),
                    format!("closeRound({id})")
                )
            }
            Action::Attest(w, i, k, mask, mutation) => {
                let from = self.caller(w, c.strangers[1].address);
                let app = Self::pick(i, n_apps, &self.apps_with(PENDING));
                let counts = counts_choice(*k);
                // mostly a threshold of the set in force (or more), else any subset of the keys
                let in_force = m.oracle();
                // mutation 17: the scheduled set (if any) signs under its own epoch, before
                // its time
                let mutation = match mutation % 24 {
                    k @ 9..=17 => k,
                    _ => 0,
                };
                let scheduled = m.oracle_scheduled().map(|(set, _)| set);
                let signing = match (&scheduled, mutation) {
                    (Some(next), 17) => next.clone(),
                    _ => in_force.clone(),
                };
                let set = &signing.signers;
                let members: Vec<_> = c
                    .oracles
                    .iter()
                    .filter(|o| set.contains(&o.address()))
                    .collect();
                let keys: Vec<_> = if mask % 4 != 3 && !members.is_empty() {
                    let n = (signing.threshold as usize + (*mask as usize / 4) % 2)
                        .clamp(1, members.len());
                    members
                        .into_iter()
                        .cycle()
                        .skip(*mask as usize / 8)
                        .take(n)
                        .collect()
                } else {
                    (0..4)
                        .filter(|b| mask & (1 << (b + 4)) != 0)
                        .map(|b| &c.oracles[b])
                        .collect()
                };
                // what the oracles sign: the true digest unless the mutation says otherwise
                let digest = match mutation {
                    12 => sign::digest(
                        m.chain_id,
                        m.registry,
                        &m.subject(app),
                        &counts,
                        in_force.epoch.wrapping_sub(1),
                    ),
                    17 => sign::digest(
                        m.chain_id,
                        m.registry,
                        &m.subject(app),
                        &counts,
                        signing.epoch,
                    ),
                    13 => {
                        let other = Counts {
                            voters: counts.voters.wrapping_add(1),
                            ..counts
                        };
                        m.digest(app, &other)
                    }
                    16 => sign::digest(
                        m.chain_id + 1,
                        m.registry,
                        &m.subject(app),
                        &counts,
                        in_force.epoch,
                    ),
                    _ => m.digest(app, &counts),
                };
                let mut sigs: Vec<[u8; 65]> = {
                    let mut sorted = keys.clone();
                    sorted.sort_by_key(|o| o.address());
                    sorted.iter().map(|o| sign::sign(o, digest)).collect()
                };
                let mut label = match mutation {
                    9 => "reversed",
                    10 => "duplicate",
                    11 => "high-s",
                    12 => "stale epoch",
                    13 => "other counts",
                    14 => "truncated",
                    15 => "v = 0",
                    16 => "other chain",
                    17 if scheduled.is_some() => "scheduled set, before its time",
                    _ => "sorted",
                }
                .to_string();
                match mutation {
                    9 => sigs.reverse(),
                    10 => {
                        if let Some(first) = sigs.first().copied() {
                            sigs.insert(1, first)
                        }
                    }
                    11 => {
                        if let Some(last) = sigs.last_mut() {
                            *last = sign::high_s(last)
                        }
                    }
                    15 => {
                        if let Some(first) = sigs.first_mut() {
                            first[64] = 0
                        }
                    }
                    _ => {}
                }
                let mut blob: Vec<u8> = sigs.concat();
                if mutation == 14 {
                    blob.pop();
                }
                let names: Vec<String> = keys.iter().map(|o| self.name(o.address())).collect();
                label = format!("{} by [{}]", label, names.join(", "));
                let call = I::attestTallyCall {
                    applicationId: app,
                    forVotes: counts.for_votes,
                    againstVotes: counts.against_votes,
                    abstainVotes: counts.abstain_votes,
                    voters: counts.voters,
                    signatures: Bytes::from(blob.clone()),
                };
                call!(
                    self,
                    from,
                    call,
                    self.m.attest_tally(app, &counts, &blob),
                    format!("attestTally(app {app}, tally #{}, {label})", k % 10)
                )
            }
            Action::Finalise(w, i) => {
                let id = Self::pick(i, n_rounds, &[n_rounds]);
                let from = self.caller(w, c.strangers[0].address);
                call!(
                    self,
                    from,
                    I::finaliseRoundCall { roundId: id },
                    self.m.finalise_round(id),
                    format!("finaliseRound({id})")
                )
            }
            _ => unreachable!("not a round action: {action:?}"),
        }
    }
}
