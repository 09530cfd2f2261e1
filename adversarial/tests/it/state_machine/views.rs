//! Every view at the end of a sequence, byte for byte against the model.

use super::*;

impl World {
    /// Every view, byte for byte against the model.
    pub(super) fn check_views(&mut self) -> Result<(), TestCaseError> {
        let s = self.m.s.clone();
        let mut failures = Vec::new();
        let mut view = |calldata: Vec<u8>,
                        expected: Result<Vec<u8>, RegistryError>,
                        what: String| {
            let receipt = self.h.net.call(Address::ZERO, self.h.registry, &calldata);
            self.calls += 1;
            let got = classify(&receipt);
            let want = expected.map(Outcome::Returned).map_err(Outcome::Reverted);
            let want = match want {
                Ok(o) | Err(o) => o,
            };
            if got.as_ref() != Ok(&want) {
                let short = |o: String| {
                    if o.len() > 400 {
                        format!("{}…", &o[..400])
                    } else {
                        o
                    }
                };
                let show = |o: &Outcome| match o {
                    Outcome::Returned(d) => format!("0x{}", alloy_primitives::hex::encode(d)),
                    Outcome::Reverted(e) => show_error(e),
                };
                // two answers: the 32-byte words that differ
                let words = match (&got, &want) {
                    (Ok(Outcome::Returned(g)), Outcome::Returned(w)) => {
                        let differing: Vec<String> = (0..g.len().max(w.len()).div_ceil(32))
                            .filter(|i| g.get(i * 32..i * 32 + 32) != w.get(i * 32..i * 32 + 32))
                            .map(|i| {
                                let word = |d: &Vec<u8>| {
                                    d.get(i * 32..i * 32 + 32)
                                        .map(|x| format!("{}", U256::from_be_slice(x)))
                                        .unwrap_or_else(|| "-".into())
                                };
                                format!("word {i}: expected {}, got {}", word(w), word(g))
                            })
                            .collect();
                        format!(" ({})", differing.join("; "))
                    }
                    _ => String::new(),
                };
                let got = match &got {
                    Ok(o) => show(o),
                    Err(e) => e.to_string(),
                };
                failures.push(format!(
                    "{what}: expected {}, got {}{words}",
                    short(show(&want)),
                    short(got)
                ));
            }
        };
        let w = |x: U256| x;
        view(
            I::adminCall {}.abi_encode(),
            Ok(s.admin.abi_encode()),
            "admin".into(),
        );
        view(
            I::pendingAdminCall {}.abi_encode(),
            Ok(s.pending_admin.abi_encode()),
            "pendingAdmin".into(),
        );
        view(
            I::guardianCall {}.abi_encode(),
            Ok(s.guardian.abi_encode()),
            "guardian".into(),
        );
        view(
            I::pausedCall {}.abi_encode(),
            Ok(s.paused.abi_encode()),
            "paused".into(),
        );
        let set = self.m.oracle();
        let (next, next_at) = self.m.oracle_scheduled().unwrap_or_default();
        view(
            I::oracleSetCall {}.abi_encode(),
            Ok((
                set.signers,
                u16::from(set.threshold),
                set.epoch,
                next.signers,
                u16::from(next.threshold),
                next.epoch,
                next_at,
                s.oracle_delay,
            )
                .abi_encode_params()),
            "oracleSet".into(),
        );
        let mode = "quorum=for+against+abstain&voters=distinct&approval=for/(for+against)&rank=for,desc;id,asc".to_string();
        view(
            I::rulesCall {}.abi_encode(),
            Ok((
                w(U256::from(s.rules().quorum)),
                s.rules().min_voters,
                s.rules().approval_bps,
                s.rules().attestation_window,
                U256::from(s.min_cap),
                U256::from(s.max_cap),
                mode,
                s.program_space.clone(),
            )
                .abi_encode_params()),
            "rules".into(),
        );
        view(
            I::phaseCall {}.abi_encode(),
            Ok((u16::from(s.phase), s.current_limit(), s.node_count).abi_encode_params()),
            "phase".into(),
        );
        view(
            I::phaseNodeLimitsCall {}.abi_encode(),
            Ok((s.node_limits,).abi_encode_params()),
            "phaseNodeLimits".into(),
        );
        view(
            I::countsCall {}.abi_encode(),
            Ok((
                s.round_count as u64,
                s.application_count as u64,
                s.node_count as u64,
                s.pairing_count as u64,
            )
                .abi_encode_params()),
            "counts".into(),
        );
        view(
            I::pairingNonceCall {}.abi_encode(),
            Ok(s.pairing_nonce.abi_encode()),
            "pairingNonce".into(),
        );
        view(
            I::domainSeparatorCall {}.abi_encode(),
            Ok(
                lst_registry_adversarial::client::eip712::domain(self.m.chain_id, self.m.registry)
                    .separator()
                    .abi_encode(),
            ),
            "domainSeparator".into(),
        );
        for id in 0..=s.round_count as u64 + 1 {
            let expected = match s.rounds.get((id as usize).wrapping_sub(1)) {
                Some(r) => {
                    let (live, tallied) = self.m.census(id);
                    let rules = self.m.round_rules(id);
                    Ok((
                        u16::from(r.slots),
                        u16::from(r.status),
                        u16::from(r.phase),
                        r.first_application as u64,
                        r.applications,
                        live,
                        tallied,
                        r.passed,
                        u16::from(r.qualified),
                        r.deadline,
                        r.attestation_deadline,
                        U256::from(rules.quorum),
                        rules.min_voters,
                        rules.approval_bps,
                        rules.attestation_window,
                    )
                        .abi_encode_params())
                }
                None => Err(I::RegistryUnknownRound { roundId: id }.into()),
            };
            view(
                I::roundCall { roundId: id }.abi_encode(),
                expected,
                format!("round({id})"),
            );
            let ids = s.rounds.get((id as usize).wrapping_sub(1)).map(|r| {
                // a page holds at most 100 ids
                (r.first_application as u64
                    ..r.first_application as u64 + r.applications.min(100) as u64)
                    .collect::<Vec<u64>>()
            });
            let expected = match ids {
                Some(ids) => Ok((ids,).abi_encode_params()),
                None => Err(I::RegistryUnknownRound { roundId: id }.into()),
            };
            view(
                I::roundApplicationsCall {
                    roundId: id,
                    offset: 0,
                    limit: 100,
                }
                .abi_encode(),
                expected,
                format!("roundApplications({id})"),
            );
        }
        for id in 0..=s.application_count as u64 + 1 {
            let app = s.apps.get((id as usize).wrapping_sub(1));
            let unknown =
                || -> RegistryError { I::RegistryUnknownApplication { applicationId: id }.into() };
            let expected = app
                .map(|a| {
                    (
                        a.round as u64,
                        a.applicant,
                        a.staking,
                        u16::from(a.status),
                        u16::from(a.rank),
                        a.content_hash,
                        a.proposal,
                        a.name.clone(),
                        a.uri.clone(),
                        a.space.clone(),
                    )
                        .abi_encode_params()
                })
                .ok_or_else(unknown);
            view(
                I::applicationCall { applicationId: id }.abi_encode(),
                expected,
                format!("application({id})"),
            );
            let expected = app
                .map(|a| {
                    (
                        U256::from(a.for_votes),
                        U256::from(a.against_votes),
                        U256::from(a.abstain_votes),
                        a.voters,
                        a.oracle_epoch,
                    )
                        .abi_encode_params()
                })
                .ok_or_else(unknown);
            view(
                I::applicationTallyCall { applicationId: id }.abi_encode(),
                expected,
                format!("applicationTally({id})"),
            );
            let status = app.map(|a| a.status).unwrap_or(0);
            view(
                I::eligibilityCall { applicationId: id }.abi_encode(),
                Ok((status == QUALIFIED, u16::from(status)).abi_encode_params()),
                format!("eligibility({id})"),
            );
            if app.is_some() && id % 3 == 1 {
                let counts = counts_choice(id as u8);
                let expected = if amount(counts.for_votes).is_none() {
                    Err(I::RegistryAmountTooLarge {
                        amount: counts.for_votes,
                        max: amount_max(),
                    }
                    .into())
                } else if amount(counts.abstain_votes).is_none() {
                    Err(I::RegistryAmountTooLarge {
                        amount: counts.abstain_votes,
                        max: amount_max(),
                    }
                    .into())
                } else {
                    Ok(self.m.digest(id, &counts).abi_encode())
                };
                let call = I::tallyDigestCall {
                    applicationId: id,
                    forVotes: counts.for_votes,
                    againstVotes: counts.against_votes,
                    abstainVotes: counts.abstain_votes,
                    voters: counts.voters,
                };
                view(call.abi_encode(), expected, format!("tallyDigest({id})"));
            }
        }
        for id in 0..=s.node_count as u64 + 1 {
            let node = s.nodes.get((id as usize).wrapping_sub(1));
            let unknown = || -> RegistryError { I::RegistryUnknownNode { nodeId: id }.into() };
            let expected = node
                .map(|n| {
                    (
                        n.operator,
                        n.signer,
                        n.active_pairing as u64,
                        u16::from(n.registered_phase),
                        n.registered_at,
                        n.uri.clone(),
                    )
                        .abi_encode_params()
                })
                .ok_or_else(unknown);
            view(
                I::nodeCall { nodeId: id }.abi_encode(),
                expected,
                format!("node({id})"),
            );
            let expected = node
                .map(|n| {
                    let left = if n.active_pairing == 0 {
                        0
                    } else {
                        let p = &s.pairings[n.active_pairing as usize - 1];
                        p.stake_cap - p.stake
                    };
                    U256::from(left).abi_encode()
                })
                .ok_or_else(unknown);
            view(
                I::remainingCapacityCall { nodeId: id }.abi_encode(),
                expected,
                format!("remainingCapacity({id})"),
            );
        }
        view(
            I::nodesCall {
                offset: 0,
                limit: 100,
            }
            .abi_encode(),
            Ok(((1..=s.node_count as u64).collect::<Vec<u64>>(),).abi_encode_params()),
            "nodes".into(),
        );
        for (signer, node) in &s.signer_nodes {
            view(
                I::nodeOfSignerCall {
                    sequencerSigner: *signer,
                }
                .abi_encode(),
                Ok((*node as u64).abi_encode()),
                format!("nodeOfSigner({})", cast().name(*signer)),
            );
        }
        for id in 0..=s.pairing_count as u64 + 1 {
            let expected = s
                .pairings
                .get((id as usize).wrapping_sub(1))
                .map(|p| {
                    (
                        p.node as u64,
                        p.application as u64,
                        U256::from(p.stake_cap),
                        U256::from(p.stake),
                        p.started_at,
                        p.ended_at,
                        p.uri.clone(),
                        // Active with a cap outside the bounds in force.
                        p.ended_at == 0 && (p.stake_cap < s.min_cap || p.stake_cap > s.max_cap),
                    )
                        .abi_encode_params()
                })
                .ok_or_else(|| I::RegistryUnknownPairing { pairingId: id }.into());
            view(
                I::pairingCall { pairingId: id }.abi_encode(),
                expected,
                format!("pairing({id})"),
            );
        }
        let active: Vec<(u64, &lst_registry_adversarial::layout::PairingRec, u32)> = s
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.active_pairing != 0)
            .map(|(i, n)| {
                (
                    i as u64 + 1,
                    &s.pairings[n.active_pairing as usize - 1],
                    n.active_pairing,
                )
            })
            .collect();
        let expected = (
            active.iter().map(|a| a.0).collect::<Vec<u64>>(),
            active.iter().map(|a| a.2 as u64).collect::<Vec<u64>>(),
            active
                .iter()
                .map(|a| a.1.application as u64)
                .collect::<Vec<u64>>(),
            active
                .iter()
                .map(|a| U256::from(a.1.stake_cap))
                .collect::<Vec<U256>>(),
            active
                .iter()
                .map(|a| U256::from(a.1.stake_cap - a.1.stake))
                .collect::<Vec<U256>>(),
        )
            .abi_encode_params();
        view(
            I::activePairingsCall {
                offset: 0,
                limit: 100,
            }
            .abi_encode(),
            Ok(expected),
            "activePairings".into(),
        );
        if failures.is_empty() {
            Ok(())
        } else {
            Err(fail(
                self,
                format!(
                    "views disagree with the model:\n  {}",
                    failures.join("\n  ")
                ),
            ))
        }
    }
}
