//! Stage 1: rounds and applications (opening, closing, submitting, withdrawing, finalising) and
//! the admin's revocation of an application.

use super::*;

impl Model {
    pub(crate) fn open_round(&mut self, from: Address, slots: u8, deadline: u64) -> Prediction {
        self.atomic(|m| {
            m.live_admin(from)?;
            if slots == 0 || slots > MAX_SLOTS || deadline <= m.now {
                return Err(err(I::RegistryInvalidRoundConfig {
                    slots,
                    deadline,
                    now: m.now,
                    maxSlots: MAX_SLOTS,
                }));
            }
            if let Some(last) = m.s.rounds.last() {
                if last.status == OPEN {
                    return Err(err(I::RegistryWrongRoundStatus {
                        roundId: m.s.round_count as u64,
                        status: OPEN,
                        expected: CLOSED,
                    }));
                }
            }
            m.s.round_count += 1;
            m.s.rounds.push(RoundRec {
                slots,
                status: OPEN,
                phase: m.s.phase,
                first_application: m.s.application_count + 1,
                deadline,
                rules_version: m.s.rules_version,
                attestation_deadline: deadline
                    .saturating_add(m.s.rules().attestation_window as u64),
                ..RoundRec::default()
            });
            Ok(ret_id(m.s.round_count as u64))
        })
    }

    pub(crate) fn close_round(&mut self, from: Address, id: u64) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let r = m.round_index(id)?;
            let round = &mut m.s.rounds[r];
            if round.status != OPEN {
                return Err(err(I::RegistryWrongRoundStatus {
                    roundId: id,
                    status: round.status,
                    expected: OPEN,
                }));
            }
            if m.now <= round.deadline && from != m.s.admin {
                return Err(err(I::RegistryDeadline {
                    roundId: id,
                    deadline: round.deadline,
                    now: m.now,
                }));
            }
            round.status = CLOSED;
            m.s.closed_round = id as u32;
            Ok(vec![])
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn submit_application(
        &mut self,
        from: Address,
        call: &I::submitApplicationCall,
    ) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let round_id = m.s.round_count;
            let open = m.s.rounds.last().map(|r| r.status == OPEN).unwrap_or(false);
            if !open {
                return Err(err(I::RegistryNoOpenRound {}));
            }
            let round = m.s.rounds.last().cloned().unwrap_or_default();
            if m.now > round.deadline {
                return Err(err(I::RegistryDeadline {
                    roundId: round_id as u64,
                    deadline: round.deadline,
                    now: m.now,
                }));
            }
            if round.applications >= MAX_APPLICATIONS {
                return Err(err(I::RegistryRoundFull {
                    roundId: round_id as u64,
                    max: MAX_APPLICATIONS,
                }));
            }
            check_length(&call.name, 5, 1, 64)?;
            check_length(&call.metadataUri, 6, 1, 256)?;
            check_length(&call.snapshotSpace, 7, 1, 64)?;
            if call.contentHash.is_zero() {
                return Err(err(I::RegistryZeroHash { field: 8 }));
            }
            if call.snapshotProposal.is_zero() {
                return Err(err(I::RegistryZeroHash { field: 9 }));
            }
            if call.stakingContract.is_zero() {
                return Err(err(I::RegistryZeroAddress { field: 2 }));
            }
            let space_hash = keccak256(&call.snapshotSpace);
            if space_hash != m.s.program_space_hash {
                return Err(err(I::RegistryWrongSnapshotSpace {
                    spaceHash: space_hash,
                    expectedHash: m.s.program_space_hash,
                }));
            }
            // a released proposal (its application revoked before any tally) records 0
            match m.s.proposal_uses.get(&call.snapshotProposal) {
                Some(earlier) if *earlier != 0 => {
                    return Err(err(I::RegistryProposalUsed {
                        snapshotProposal: call.snapshotProposal,
                        applicationId: *earlier as u64,
                    }))
                }
                _ => {}
            }
            // one live application per applicant, then per staking contract, in a round
            for (role, account) in [(0u8, from), (1, call.stakingContract)] {
                if let Some((round, app)) = m.s.account_uses.get(&(role, account)) {
                    if *round == round_id && is_live(m.s.apps[*app as usize - 1].status) {
                        return Err(err(I::RegistryAlreadyApplied {
                            account,
                            applicationId: *app as u64,
                        }));
                    }
                }
            }
            m.s.application_count += 1;
            let id = m.s.application_count;
            m.s.proposal_uses.insert(call.snapshotProposal, id);
            m.s.account_uses.insert((0, from), (round_id, id));
            m.s.account_uses
                .insert((1, call.stakingContract), (round_id, id));
            let last = m.s.rounds.last_mut().expect("open round");
            last.applications += 1;
            m.s.apps.push(AppRec {
                applicant: from,
                round: round_id,
                status: PENDING,
                staking: call.stakingContract,
                content_hash: call.contentHash,
                proposal: call.snapshotProposal,
                space: call.snapshotSpace.clone(),
                name: call.name.clone(),
                uri: call.metadataUri.clone(),
                ..AppRec::default()
            });
            Ok(ret_id(m.s.application_count as u64))
        })
    }

    pub(crate) fn withdraw_application(&mut self, from: Address, id: u64) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let i = m.app_index(id)?;
            let app = &mut m.s.apps[i];
            if from != app.applicant {
                return Err(err(I::RegistryNotApplicant {
                    applicationId: id,
                    caller: from,
                }));
            }
            if app.status != PENDING {
                return Err(err(I::RegistryWrongApplicationStatus {
                    applicationId: id,
                    status: app.status,
                    expected: PENDING,
                }));
            }
            app.status = WITHDRAWN;
            Ok(vec![])
        })
    }

    /// Live (neither withdrawn nor revoked) and tallied (live, with a tally: neither pending
    /// nor not attested) applications of round `id`, as the `round` view reports them.
    pub(crate) fn census(&self, id: u64) -> (u16, u16) {
        let apps = self
            .s
            .apps
            .iter()
            .filter(|a| a.round as u64 == id && is_live(a.status));
        let live: Vec<_> = apps.collect();
        (
            live.len() as u16,
            live.iter()
                .filter(|a| a.status != PENDING && a.status != NOT_ATTESTED)
                .count() as u16,
        )
    }

    /// The vote rules that decide round `id`: the version in force when it opened.
    pub(crate) fn round_rules(&self, id: u64) -> VoteRulesRec {
        let version = self
            .s
            .rounds
            .get((id as usize).wrapping_sub(1))
            .map(|r| r.rules_version)
            .unwrap_or(0);
        self.s.rules_of(version)
    }

    pub(crate) fn finalise_round(&mut self, id: u64) -> Prediction {
        self.atomic(|m| {
            m.live()?;
            let r = m.round_index(id)?;
            let round = m.s.rounds[r].clone();
            if round.status != CLOSED {
                return Err(err(I::RegistryWrongRoundStatus {
                    roundId: id,
                    status: round.status,
                    expected: CLOSED,
                }));
            }
            let (live, tallied) = m.census(id);
            // missing tallies hold the round until its attestation deadline only
            if tallied != live && m.now <= round.attestation_deadline {
                return Err(err(I::RegistryTalliesMissing {
                    roundId: id,
                    tallied,
                    live,
                }));
            }
            // the rules of the round, not the ones in force now
            let rules = m.round_rules(id);
            let mut passed: Vec<(usize, u128)> = Vec::new();
            let mut events = Vec::new();
            let first = round.first_application as usize - 1;
            for i in first..first + round.applications as usize {
                let failure = match m.s.apps[i].status {
                    // no tally by the attestation deadline
                    PENDING => Some(NOT_ATTESTED),
                    TALLIED => judge(&rules, &m.s.apps[i]),
                    _ => continue, // withdrawn or revoked: nothing
                };
                match failure {
                    Some(failure) => {
                        m.s.apps[i].status = failure;
                        events.push(event(
                            "ApplicationFailed",
                            &[id as u128, i as u128 + 1, failure as u128],
                        ));
                    }
                    None => passed.push((i, m.s.apps[i].for_votes)),
                }
            }
            // most For weight first; ties to the earlier application
            passed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let qualified = passed.len().min(round.slots as usize);
            for (rank, (i, _)) in passed.iter().enumerate() {
                m.s.apps[*i].rank = (rank + 1) as u8;
                let (status, name) = if rank < qualified {
                    (QUALIFIED, "ApplicationQualified")
                } else {
                    (NOT_SELECTED, "ApplicationPassed")
                };
                m.s.apps[*i].status = status;
                events.push(event(name, &[id as u128, *i as u128 + 1, rank as u128 + 1]));
            }
            events.push(event(
                "RoundFinalised",
                &[id as u128, passed.len() as u128, qualified as u128],
            ));
            m.events = Some(events);
            let round = &mut m.s.rounds[r];
            round.status = FINALISED;
            round.passed = passed.len() as u16;
            round.qualified = qualified as u8;
            Ok(vec![])
        })
    }

    /// `revokeApplication`: the admin's, also while paused (no pause check).
    pub(crate) fn revoke_application(
        &mut self,
        from: Address,
        id: u64,
        reason: &str,
    ) -> Prediction {
        self.atomic(|m| {
            m.admin(from)?;
            let i = m.app_index(id)?;
            let previous = m.s.apps[i].status;
            if previous == REVOKED {
                return Err(err(I::RegistryWrongApplicationStatus {
                    applicationId: id,
                    status: previous,
                    expected: QUALIFIED,
                }));
            }
            check_length(reason, 12, 1, 256)?;
            m.s.apps[i].status = REVOKED;
            let round = m.s.apps[i].round;
            // never attested: its proposal is released
            if never_attested(previous) {
                m.s.proposal_uses.insert(m.s.apps[i].proposal, 0);
            }
            let mut events = vec![event(
                "ApplicationRevoked",
                &[
                    round as u128,
                    id as u128,
                    previous as u128,
                    reason.len() as u128,
                ],
            )];
            // a qualified one: every active pairing with it ends, node by node
            if previous == QUALIFIED {
                for n in 0..m.s.nodes.len() {
                    let active = m.s.nodes[n].active_pairing;
                    if active == 0 || m.s.pairings[active as usize - 1].application as u64 != id {
                        continue;
                    }
                    m.s.pairing_nonce = m.s.pairing_nonce.wrapping_add(1);
                    m.s.nodes[n].active_pairing = 0;
                    m.s.pairings[active as usize - 1].ended_at = m.now;
                    events.push(event(
                        "NodeUnpaired",
                        &[
                            n as u128 + 1,
                            active as u128,
                            m.s.pairing_nonce as u128,
                            reason.len() as u128,
                        ],
                    ));
                }
            }
            m.events = Some(events);
            Ok(vec![])
        })
    }
}
