//! The world: a harness and its model stepping together. Each step plans the call (`plan`),
//! sends it, compares the outcome, the events and the whole stored state with the model's, then
//! checks the invariants.

use super::*;

/// An event as the model summarises it ([`event`]): its name and identifying arguments.
pub(super) fn summary(e: &RegistryEvent) -> String {
    use RegistryEvent as E;
    let n = |x: U256| x.to::<u128>();
    match e {
        E::ApplicationRevoked(x) => event(
            "ApplicationRevoked",
            &[
                x.roundId as u128,
                x.applicationId as u128,
                x.previousStatus as u128,
                x.reason.len() as u128,
            ],
        ),
        E::NodeUnpaired(x) => event(
            "NodeUnpaired",
            &[
                x.nodeId as u128,
                x.pairingId as u128,
                x.nonce as u128,
                x.reason.len() as u128,
            ],
        ),
        E::ApplicationFailed(x) => event(
            "ApplicationFailed",
            &[x.roundId as u128, x.applicationId as u128, x.reason as u128],
        ),
        E::ApplicationQualified(x) => event(
            "ApplicationQualified",
            &[x.roundId as u128, x.applicationId as u128, x.rank as u128],
        ),
        E::ApplicationPassed(x) => event(
            "ApplicationPassed",
            &[x.roundId as u128, x.applicationId as u128, x.rank as u128],
        ),
        E::RoundFinalised(x) => event(
            "RoundFinalised",
            &[x.roundId as u128, x.passed as u128, x.qualified as u128],
        ),
        E::PhaseNodeLimitChanged(x) => {
            event("PhaseNodeLimitChanged", &[x.phase as u128, x.limit as u128])
        }
        E::StakeReported(x) => event(
            "StakeReported",
            &[x.nodeId as u128, x.pairingId as u128, n(x.stake)],
        ),
        E::OracleSetChanged(x) => event(
            "OracleSetChanged",
            &[
                x.epoch as u128,
                x.signers.len() as u128,
                x.threshold as u128,
                x.effectiveAt as u128,
            ],
        ),
        E::OracleSetDelayChanged(x) => event("OracleSetDelayChanged", &[x.delay as u128]),
        other => format!("{other:?}"),
    }
}

/// Differing lines of two pretty-printed states.
pub(super) fn diff(expected: &ChainState, actual: &ChainState) -> String {
    let (e, a) = (format!("{expected:#?}"), format!("{actual:#?}"));
    let (e, a): (Vec<&str>, Vec<&str>) = (e.lines().collect(), a.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (
            e.get(i).copied().unwrap_or(""),
            a.get(i).copied().unwrap_or(""),
        );
        if x != y {
            let _ = writeln!(out, "  line {i}: model {x:?} | chain {y:?}");
            if out.len() > 3_000 {
                break;
            }
        }
    }
    out
}

impl World {
    pub(super) fn new(h: Harness) -> Self {
        let c = cast();
        // The views and admin programs the deployment put in slots 7 and 8: inputs of the
        // model, which then holds that no call changes them.
        let program_in = |slot: u64| {
            let word = h
                .net
                .storage_at(h.registry, alloy_primitives::U256::from(slot));
            Address::from_slice(&word[..20])
        };
        let m = Model::deployed(
            c.admin.address,
            (program_in(7), program_in(8)),
            h.net.timestamp(),
            h.net.chain_id(),
            h.registry,
            &c.addresses(),
        );
        World {
            h,
            m,
            trace: vec!["(start: fresh deployment)".into()],
            caps: BTreeMap::new(),
            calls: 0,
            reverts: 0,
            last: None,
            nonce: 0,
            submitted_under: Vec::new(),
        }
    }

    pub(super) fn name(&self, a: Address) -> String {
        cast().name(a)
    }

    pub(super) fn caller(&self, w: &Who, right: Address) -> Address {
        match w {
            Who::Right => right,
            Who::Pick(i) => {
                let callers = cast().callers();
                callers[*i as usize % callers.len()].0
            }
        }
    }

    pub(super) fn target(&self, i: u8) -> Address {
        let callers = cast().callers();
        if i as usize % (callers.len() + 1) == callers.len() {
            Address::ZERO
        } else {
            callers[i as usize % (callers.len() + 1)].0
        }
    }

    pub(super) fn pick(id: &Id, count: u64, preferred: &[u64]) -> u64 {
        match id {
            Id::Zero => 0,
            Id::Next => count + 1,
            Id::Max => u64::MAX,
            Id::Exact(id) => *id,
            Id::Live(i) => {
                let i = *i as u64;
                if !preferred.is_empty() && i % 4 != 3 {
                    preferred[(i / 4) as usize % preferred.len()]
                } else if count > 0 {
                    i % count + 1
                } else {
                    1
                }
            }
        }
    }

    pub(super) fn apps_with(&self, status: u8) -> Vec<u64> {
        (1..=self.m.s.apps.len() as u64)
            .filter(|i| self.m.s.apps[*i as usize - 1].status == status)
            .collect()
    }

    pub(super) fn paired_nodes(&self) -> Vec<u64> {
        (1..=self.m.s.nodes.len() as u64)
            .filter(|i| self.m.s.nodes[*i as usize - 1].active_pairing != 0)
            .collect()
    }

    pub(super) fn node_operator(&self, id: u64) -> Address {
        self.m
            .s
            .nodes
            .get((id as usize).wrapping_sub(1))
            .map(|n| n.operator)
            .unwrap_or(self.m.s.admin)
    }

    /// A submission copying an earlier application (picked by `i`; withdrawn ones preferred
    /// when `k / 40 % 3 == 0`) with its Snapshot proposal, from a copier (`k % 5`: the two
    /// strangers or one of the applicants, the original's own included), with the original's
    /// staking contract or another (`k / 5 % 2`), in the program's space or, when
    /// `k / 10 % 4 == 3`, in the original's (which may no longer be the program's). Returns
    /// the original's id, the call and the copier.
    pub(super) fn clone_of(&self, i: &Id, k: u8) -> (u64, I::submitApplicationCall, Address) {
        let c = cast();
        let s = &self.m.s;
        let preferred = if (k / 40).is_multiple_of(3) {
            self.apps_with(WITHDRAWN)
        } else {
            Vec::new()
        };
        let id = Self::pick(i, s.application_count as u64, &preferred);
        let copier = [
            c.strangers[0].address,
            c.strangers[1].address,
            c.applicants[0].address,
            c.applicants[1].address,
            c.applicants[2].address,
        ][k as usize % 5];
        // no such application: a proposal no submission ever gets
        let original = s
            .apps
            .get((id as usize).wrapping_sub(1))
            .cloned()
            .unwrap_or_else(|| {
                let call = submission(k, 0, &s.program_space, 0);
                lst_registry_adversarial::layout::AppRec {
                    staking: call.stakingContract,
                    content_hash: call.contentHash,
                    proposal: call.snapshotProposal,
                    space: call.snapshotSpace,
                    name: call.name,
                    uri: call.metadataUri,
                    ..Default::default()
                }
            });
        let call = I::submitApplicationCall {
            name: original.name.clone(),
            metadataUri: original.uri.clone(),
            contentHash: original.content_hash,
            snapshotSpace: if (k / 10) % 4 == 3 {
                original.space.clone()
            } else {
                s.program_space.clone()
            },
            snapshotProposal: original.proposal,
            stakingContract: if (k / 5).is_multiple_of(2) {
                original.staking
            } else {
                c.staking[(k as usize / 5) % 3].address
            },
        };
        (id, call, copier)
    }

    pub(super) fn active_pairing(
        &self,
        node: u64,
    ) -> Option<&lst_registry_adversarial::layout::PairingRec> {
        let n = self.m.s.nodes.get((node as usize).wrapping_sub(1))?;
        if n.active_pairing == 0 {
            return None;
        }
        self.m.s.pairings.get(n.active_pairing as usize - 1)
    }

    pub(super) fn active_stake(&self, node: u64) -> Option<u128> {
        self.active_pairing(node).map(|p| p.stake)
    }

    /// Runs one action on the chain and checks everything.
    pub(super) fn step(&mut self, action: &Action) -> Result<(), TestCaseError> {
        let before = self.last.take().unwrap_or_else(|| self.h.state());
        let dump_before = self.h.dump();
        let Some(planned) = self.plan(action) else {
            return Ok(());
        };
        let step = self.trace.len();
        let receipt = self.h.send(planned.from, &planned.calldata);
        self.calls += 1;
        let outcome = classify(&receipt);
        let shown = match &outcome {
            Ok(Outcome::Returned(data)) if data.is_empty() => "ok".to_string(),
            Ok(Outcome::Returned(data)) => {
                format!("ok → {}", U256::from_be_slice(&data[..data.len().min(32)]))
            }
            Ok(Outcome::Reverted(e)) => show_error(e),
            Err(e) => format!("ABORTED: {e}"),
        };
        self.trace
            .push(format!("{step:>3}. {} ⇒ {shown}", planned.text));
        // the function called (`submitApplication[clone]` and `[space]` told apart)
        let function = planned
            .text
            .split(" → ")
            .nth(1)
            .unwrap_or("")
            .split('(')
            .next()
            .unwrap_or("")
            .to_string();
        {
            let label = if before.paused {
                format!("{function} (paused)")
            } else {
                function.clone()
            };
            let mut cov = coverage().lock().unwrap_or_else(|e| e.into_inner());
            let entry = cov.entry(label).or_default();
            match &outcome {
                Ok(Outcome::Returned(_)) => entry.0 += 1,
                Ok(Outcome::Reverted(e)) => {
                    entry.1 += 1;
                    entry.2.insert(
                        show_error(e)
                            .split([' ', '{'])
                            .next()
                            .unwrap_or("")
                            .to_string(),
                    );
                }
                Err(_) => {}
            }
        }
        let outcome = outcome.map_err(|e| {
            fail(
                self,
                format!("step {step} did not end in success or a custom error: {e}"),
            )
        })?;
        let expected = match &planned.expected {
            Ok(data) => Outcome::Returned(data.clone()),
            Err(e) => Outcome::Reverted(e.clone()),
        };
        if outcome != expected {
            let want = match &planned.expected {
                Ok(d) if d.is_empty() => "ok".to_string(),
                Ok(d) => format!("ok → {}", U256::from_be_slice(d)),
                Err(e) => show_error(e),
            };
            return Err(fail(
                self,
                format!("step {step}: the model predicted {want}"),
            ));
        }
        match &outcome {
            Outcome::Reverted(_) => {
                self.reverts += 1;
                if self.h.dump() != dump_before {
                    return Err(fail(
                        self,
                        format!("step {step}: a reverted call changed storage"),
                    ));
                }
            }
            Outcome::Returned(_) => {
                let events = decode_events(&receipt, self.h.registry)
                    .map_err(|e| fail(self, format!("step {step}: {e}")))?;
                // every success emits, but setting a node limit to the one in force (nothing
                // written, nothing emitted)
                let silent = function == "setPhaseNodeLimit"
                    && self.m.events.as_ref().is_some_and(Vec::is_empty);
                if events.is_empty() != silent {
                    return Err(fail(
                        self,
                        format!(
                            "step {step}: a successful call emitted {} events{}",
                            events.len(),
                            if silent { " (predicted none)" } else { "" }
                        ),
                    ));
                }
                {
                    let mut seen = event_coverage().lock().unwrap_or_else(|e| e.into_inner());
                    for e in &events {
                        *seen.entry(event_kind(e)).or_default() += 1;
                    }
                }
                // the events the model predicts, in order
                if let Some(expected) = self.m.events.clone() {
                    let got: Vec<String> = events.iter().map(summary).collect();
                    if got != expected {
                        return Err(fail(
                            self,
                            format!(
                                "step {step}: events {got:?}, the model predicted {expected:?}"
                            ),
                        ));
                    }
                }
            }
        }
        let after = self.h.state();
        self.last = Some(after.clone());
        if matches!(outcome, Outcome::Returned(_)) {
            // every slot the call wrote belongs to the layout (a record that exists, a text
            // within its length, the signer map): nothing is written where no one reads it
            let dump_after = self.h.dump();
            let signers = cast().addresses();
            let (known_before, known_after) = (before.slots(&signers), after.slots(&signers));
            let stray: Vec<String> = dump_before
                .keys()
                .chain(dump_after.keys())
                .filter(|k| dump_before.get(*k) != dump_after.get(*k))
                .map(|k| U256::from_be_bytes(k.0))
                .filter(|k| !known_before.contains(k) && !known_after.contains(k))
                .map(|k| format!("{k:#x}"))
                .collect();
            if !stray.is_empty() {
                return Err(fail(
                    self,
                    format!("step {step}: wrote slots outside the layout: {stray:?}"),
                ));
            }
        }
        if after != self.m.s {
            return Err(fail(
                self,
                format!(
                    "step {step}: stored state differs from the model:\n{}",
                    diff(&self.m.s, &after)
                ),
            ));
        }
        self.invariants(
            step,
            &before,
            &after,
            (action, &function),
            matches!(outcome, Outcome::Returned(_)),
            &dump_before,
        )
    }
}
