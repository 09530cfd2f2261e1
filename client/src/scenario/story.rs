//! The lifecycle's cast and the steps it is told with: each step sends one transaction
//! and states exactly what it must emit or how it must revert.

use std::collections::{BTreeMap, BTreeSet};

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;

use super::final_state;
use super::render::{format_metis, metis};
use super::runner::Runner;
use super::transcript::{phase_name, FinalState, NodeRow, PairingRow};
use crate::abi::{ILstRegistry as I, RegistryError, RegistryEvent};
use crate::actors::{Actor, AddressBook, Oracle};
use crate::eip712::{self, Tally};
use crate::fixtures::{announcement_uri, attest, sorted, Lst, NodeSpec};
use crate::vault::{self, ILstVault, IMetisToken};

/// Everyone in the story.
pub(super) struct Cast {
    pub(super) deployer: Actor,
    pub(super) admin: Actor,
    pub(super) relayer: Actor,
    pub(super) stranger: Actor,
    /// Oracles 1–3 form the first set; oracle 4 replaces oracle 3 in Phase 3.
    pub(super) oracles: Vec<Oracle>,
    /// Application `id` is `lsts[id - 1]`.
    pub(super) lsts: Vec<Lst>,
    /// Node `id` is `nodes[id - 1]`.
    pub(super) nodes: Vec<NodeSpec>,
    /// A node the Alpha and Throughput limits turn away.
    pub(super) extra_node: NodeSpec,
    /// Holds METIS and stakes it in the LSTs' vaults.
    pub(super) staker: Actor,
}

/// The LST whose team applies before deploying its vault (its first transaction is the
/// application, its vault the second): a node cannot pair with it until the vault exists.
pub(super) const LATE_VAULT: u64 = 5;

/// METIS the Deployer mints to the Staker.
const STAKER_METIS: u64 = 10_000_000;

/// The LST called `name` as the lifecycle tells it: its staking contract is the integration's
/// vault, which its team deploys with its first transaction (its second for [`LATE_VAULT`]),
/// so the vault's address is known before it exists.
fn lst_with_vault(id: u64, name: &str) -> Lst {
    let lst = Lst::new(name);
    let nonce = if id == LATE_VAULT { 1 } else { 0 };
    Lst {
        staking: Actor {
            name: format!("{name} vault"),
            address: lst.applicant.address.create(nonce),
        },
        ..lst
    }
}

impl Cast {
    pub(super) fn new() -> Self {
        let names = [
            "Artemis",
            "Enki Protocol",
            "Nova LST",
            "Orbit Staking",
            "Quasar LST",
            "Tidal METIS",
            "Helix Pool",
            "Lumen Stake",
            "Vesta LST",
            "Nebula METIS",
        ];
        let labels = [
            "alpha-1", "alpha-2", "alpha-3", "alpha-4", "main-5", "main-6", "main-7", "main-8",
            "open-9",
        ];
        Self {
            deployer: Actor::new("Deployer"),
            admin: Actor::new("Admin"),
            relayer: Actor::new("Relayer"),
            stranger: Actor::new("Stranger"),
            oracles: (1..=4)
                .map(|i| Oracle::new(&format!("Oracle {i}")))
                .collect(),
            lsts: (1..)
                .zip(names)
                .map(|(id, name)| lst_with_vault(id, name))
                .collect(),
            nodes: labels.iter().map(|l| NodeSpec::new(l)).collect(),
            extra_node: NodeSpec::new("extra"),
            staker: Actor::new("Staker"),
        }
    }

    pub(super) fn book(&self, registry: Address) -> AddressBook {
        let mut book = AddressBook::default();
        book.insert(registry, "Registry");
        for actor in [
            &self.deployer,
            &self.admin,
            &self.relayer,
            &self.stranger,
            &self.staker,
        ] {
            book.add(actor);
        }
        for oracle in &self.oracles {
            book.add(&oracle.actor);
        }
        for lst in &self.lsts {
            lst.name_in(&mut book);
        }
        for node in self.nodes.iter().chain([&self.extra_node]) {
            node.name_in(&mut book);
        }
        book
    }

    pub(super) fn lst(&self, id: u64) -> &Lst {
        &self.lsts[(id - 1) as usize]
    }

    pub(super) fn node(&self, id: u64) -> &NodeSpec {
        &self.nodes[(id - 1) as usize]
    }
}

/// The story being told: the runner and what the story has done so far.
pub(super) struct Story {
    pub(super) run: Runner,
    pub(super) cast: Cast,
    /// Pairings made (the last pairing id).
    pub(super) pairings: u64,
    /// The pairing nonce: it moves on every pairing and every unpairing.
    pub(super) nonce: u64,
    /// Oracle epoch in force.
    pub(super) epoch: u32,
    /// Expected active pairings: (node, pairing, application, cap, stake), wei.
    pub(super) paired: Vec<(u64, u64, u64, U256, U256)>,
    /// The METIS token (the integration's), once deployed.
    pub(super) metis: Address,
    /// The LSTs whose vault the Staker has approved.
    pub(super) approved: BTreeSet<u64>,
    /// METIS pooled per (application, node) in that application's vault, wei.
    pub(super) pools: BTreeMap<(u64, u64), U256>,
}

impl Story {
    // ---- steps used throughout ------------------------------------------------------------

    pub(super) fn set_oracles(&mut self, members: &[usize]) {
        let oracles: Vec<&Oracle> = members.iter().map(|i| &self.cast.oracles[*i]).collect();
        let signers = sorted(&oracles);
        let names: Vec<&str> = oracles.iter().map(|o| o.actor.name.as_str()).collect();
        // No change here replaces a scheduled one: the new set takes the next epoch. The first
        // set is in force at once; a later one (the program running) after the delay.
        let epoch = self.epoch + 1;
        let now = self.run.now();
        let delay = u64::from(lst_registry_types::program::DEFAULT_ORACLE_SET_DELAY);
        let effective_at = if self.epoch == 0 { now } else { now + delay };
        let admin = self.cast.admin.clone();
        self.run.ok(
            &admin,
            I::setOracleSetCall {
                signers: signers.clone(),
                threshold: 2,
            },
            format!(
                "{} (sorted by address), threshold 2, epoch {epoch}, {}",
                names.join(", "),
                if effective_at == now {
                    "in force at once (the first set)".to_string()
                } else {
                    format!("in force at {effective_at}, after the two-day oracle-set delay")
                }
            ),
            vec![I::OracleSetChanged {
                epoch,
                signers,
                threshold: 2,
                effectiveAt: effective_at,
            }
            .into()],
        );
        if effective_at > now {
            // The scheduled set, as everyone sees it meanwhile.
            match self.run.registry().view(&I::oracleSetCall {}) {
                Ok(view) => self.run.note(format!(
                    "oracleSet(): epoch {} in force ({} signers, threshold {}); epoch {} scheduled \
                     ({} signers, threshold {}) for {}; delay {} s",
                    view.epoch,
                    view.signers.len(),
                    view.threshold,
                    view.nextEpoch,
                    view.nextSigners.len(),
                    view.nextThreshold,
                    view.nextAt,
                    view.delay
                )),
                Err(e) => self.run.problem(format!("oracleSet() failed: {e}")),
            }
            self.run.advance_time(
                delay,
                &format!("the oracle-set delay has passed: epoch {epoch} is in force, with no transaction"),
            );
        }
        self.epoch = epoch;
    }

    pub(super) fn register_node(&mut self, id: u64, phase: u8) {
        let node = self.cast.node(id).clone();
        let admin = self.cast.admin.clone();
        self.run.ok_returning(
            &admin,
            node.register(),
            format!(
                "operator {}, signer {}, phase {phase}, URI {} bytes",
                node.operator.name,
                node.signer.name,
                node.uri.len()
            ),
            id,
            vec![I::NodeRegistered {
                nodeId: id,
                operator: node.operator.address,
                sequencerSigner: node.signer.address,
            }
            .into()],
        );
    }

    pub(super) fn open_round(&mut self, id: u64, slots: u8, deadline: u64, phase: u8) {
        let admin = self.cast.admin.clone();
        self.run.ok_returning(
            &admin,
            I::openRoundCall { slots, deadline },
            format!("round {id}: top {slots} qualify, applications until {deadline}"),
            id,
            vec![I::RoundOpened {
                roundId: id,
                slots,
                deadline,
                phase,
            }
            .into()],
        );
    }

    /// The LST's team deploys its vault (unless [`LATE_VAULT`], which does later), then applies.
    pub(super) fn submit(&mut self, round: u64, id: u64) {
        if id != LATE_VAULT {
            self.deploy_vault(id);
        }
        let lst = self.cast.lst(id).clone();
        self.run.ok_returning(
            &lst.applicant,
            lst.submit(),
            format!(
                "\"{}\" ({} bytes), metadata URI {} bytes, space {}, staking contract {}",
                lst.name,
                lst.name.len(),
                lst.metadata_uri.len(),
                crate::fixtures::SNAPSHOT_SPACE,
                lst.staking.name
            ),
            id,
            vec![I::ApplicationSubmitted {
                roundId: round,
                applicationId: id,
                applicant: lst.applicant.address,
                stakingContract: lst.staking.address,
                contentHash: lst.content_hash,
                snapshotProposal: lst.snapshot_proposal,
            }
            .into()],
        );
    }

    /// The signatures of oracles `members` over the tally of application `id` under `epoch`.
    pub(super) fn signatures(
        &mut self,
        round: u64,
        id: u64,
        tally: &Tally,
        epoch: u32,
        members: &[usize],
    ) -> Vec<u8> {
        let registry = self.run.registry();
        let domain = eip712::domain(registry.net().chain_id(), registry.address());
        let digest = eip712::digest(
            &self.cast.lst(id).attestation(round, id, tally, epoch),
            &domain,
        );
        let oracles: Vec<&Oracle> = members.iter().map(|i| &self.cast.oracles[*i]).collect();
        match crate::actors::bundle(&oracles, digest) {
            Ok(bundle) => bundle,
            Err(e) => {
                self.run.problem(e.to_string());
                Vec::new()
            }
        }
    }

    pub(super) fn attest(&mut self, round: u64, id: u64, tally: &Tally, members: &[usize]) {
        let signatures = self.signatures(round, id, tally, self.epoch, members);
        let names: Vec<String> = members
            .iter()
            .map(|i| self.cast.oracles[*i].actor.name.clone())
            .collect();
        let relayer = self.cast.relayer.clone();
        self.run.ok(
            &relayer,
            attest(id, tally, signatures),
            format!(
                "{}: For {}, Against {}, Abstain {}, {} voters; signed by {}",
                self.cast.lst(id).name,
                format_metis(tally.for_votes),
                format_metis(tally.against_votes),
                format_metis(tally.abstain_votes),
                tally.voters,
                names.join(" + ")
            ),
            vec![I::TallyAttested {
                roundId: round,
                applicationId: id,
                oracleEpoch: self.epoch,
                forVotes: tally.for_votes,
                againstVotes: tally.against_votes,
                abstainVotes: tally.abstain_votes,
                voters: tally.voters,
            }
            .into()],
        );
    }

    pub(super) fn pair(&mut self, node: u64, application: u64, cap: u64) {
        self.pairings += 1;
        self.nonce += 1;
        let (id, nonce) = (self.pairings, self.nonce);
        let operator = self.cast.node(node).operator.clone();
        let lst = self.cast.lst(application).name.clone();
        let uri = announcement_uri(node, &lst);
        self.run.ok_returning(
            &operator,
            I::pairCall {
                nodeId: node,
                applicationId: application,
                stakeCap: metis(cap),
                announcementUri: uri.clone(),
            },
            format!(
                "node {node} ↔ {lst} (#{application}), cap {}, announcement {} bytes",
                format_metis(metis(cap)),
                uri.len()
            ),
            id,
            vec![I::NodePaired {
                nodeId: node,
                pairingId: id,
                applicationId: application,
                stakeCap: metis(cap),
                nonce,
            }
            .into()],
        );
        self.paired
            .push((node, id, application, metis(cap), U256::ZERO));
    }

    /// The Deployer deploys the METIS token and mints the Staker's METIS.
    pub(super) fn deploy_metis(&mut self) {
        let deployer = self.cast.deployer.clone();
        let init = match vault::metis_init_code() {
            Ok(init) => init,
            Err(e) => return self.run.problem(e.to_string()),
        };
        let Some(receipt) = self.run.through(
            &deployer,
            None,
            "MetisToken deployment",
            &init,
            "deploys the METIS token (integrations/lst-vault); it alone mints",
            Ok(Vec::new()),
        ) else {
            return;
        };
        let Some(token) = receipt.contract_address else {
            return self.run.problem("the METIS token has no address");
        };
        self.metis = token;
        self.run.transcript.book.insert(token, "METIS");
        let staker = self.cast.staker.clone();
        let amount = metis(STAKER_METIS);
        self.run.through(
            &deployer,
            Some(token),
            "MetisToken.mint",
            &IMetisToken::mintCall {
                to: staker.address,
                value: amount,
            }
            .abi_encode(),
            format!("mints {} to the Staker", format_metis(amount)),
            Ok(Vec::new()),
        );
    }

    /// LST `id`'s team deploys its vault (the integration's `LstVault`), at the address its
    /// application names.
    pub(super) fn deploy_vault(&mut self, id: u64) {
        let lst = self.cast.lst(id).clone();
        let registry = self.run.registry().address();
        let init = match vault::vault_init_code(registry, self.metis) {
            Ok(init) => init,
            Err(e) => return self.run.problem(e.to_string()),
        };
        let Some(receipt) = self.run.through(
            &lst.applicant,
            None,
            "LstVault deployment",
            &init,
            format!("{}'s staking contract: LstVault(registry, METIS)", lst.name),
            Ok(Vec::new()),
        ) else {
            return;
        };
        if receipt.contract_address != Some(lst.staking.address) {
            self.run.problem(format!(
                "{} was deployed at {:?}, not at the address its application names",
                lst.staking.name, receipt.contract_address
            ));
        }
    }

    /// The Staker moves the pool of `node` in its LST's vault to `stake`: a deposit (or a
    /// withdrawal) after which the vault reports the node's pooled stake to the registry, in
    /// the same transaction.
    pub(super) fn report(&mut self, node: u64, stake: U256) {
        let Some(entry) = self.paired.iter_mut().find(|p| p.0 == node) else {
            self.run.problem(format!(
                "the story reports stake for node {node}, which it never paired"
            ));
            return;
        };
        entry.4 = stake;
        let (pairing, application) = (entry.1, entry.2);
        let pooled = self
            .pools
            .get(&(application, node))
            .copied()
            .unwrap_or_default();
        let reported = vec![I::StakeReported {
            nodeId: node,
            pairingId: pairing,
            stake,
        }
        .into()];
        let detail = format!(
            "pairing {pairing} (node {node}): pooled stake {}",
            format_metis(stake)
        );
        let change = if stake >= pooled {
            (true, stake - pooled)
        } else {
            (false, pooled - stake)
        };
        self.stake(application, node, change, detail, Ok(reported));
    }

    /// The Staker deposits (`deposit`) or withdraws `amount` on `node` in application
    /// `application`'s vault, approving the vault first before its first deposit, and expects
    /// `expected` from the registry.
    pub(super) fn stake(
        &mut self,
        application: u64,
        node: u64,
        (deposit, amount): (bool, U256),
        detail: String,
        expected: Result<Vec<RegistryEvent>, RegistryError>,
    ) {
        let staker = self.cast.staker.clone();
        let vault = self.cast.lst(application).staking.clone();
        if deposit && self.approved.insert(application) {
            self.run.through(
                &staker,
                Some(self.metis),
                "MetisToken.approve",
                &IMetisToken::approveCall {
                    spender: vault.address,
                    value: U256::MAX,
                }
                .abi_encode(),
                format!("the Staker lets {} pull its METIS", vault.name),
                Ok(Vec::new()),
            );
        }
        let (function, input, detail) = if deposit {
            (
                "LstVault.deposit",
                ILstVault::depositCall {
                    nodeId: node,
                    amount,
                }
                .abi_encode(),
                format!("{} into {}; {detail}", format_metis(amount), vault.name),
            )
        } else {
            (
                "LstVault.withdraw",
                ILstVault::withdrawCall {
                    nodeId: node,
                    amount,
                }
                .abi_encode(),
                format!("{} out of {}; {detail}", format_metis(amount), vault.name),
            )
        };
        let moved = self.run.through(
            &staker,
            Some(vault.address),
            function,
            &input,
            detail,
            expected,
        );
        if moved.is_some() {
            let pool = self.pools.entry((application, node)).or_default();
            *pool = if deposit {
                *pool + amount
            } else {
                pool.saturating_sub(amount)
            };
        }
    }

    /// The admin revokes application `application` of `round`, in status `previous`: every
    /// active pairing with it ends, in node order, each with `NodeUnpaired` and a new nonce.
    pub(super) fn revoke(&mut self, application: u64, round: u64, previous: u8, reason: &str) {
        let admin = self.cast.admin.clone();
        let mut ended: Vec<(u64, u64)> = self
            .paired
            .iter()
            .filter(|p| p.2 == application)
            .map(|p| (p.0, p.1))
            .collect();
        ended.sort();
        self.paired.retain(|p| p.2 != application);
        let mut events = vec![I::ApplicationRevoked {
            roundId: round,
            applicationId: application,
            previousStatus: previous,
            reason: reason.into(),
        }
        .into()];
        for &(node, pairing) in &ended {
            self.nonce += 1;
            events.push(
                I::NodeUnpaired {
                    nodeId: node,
                    pairingId: pairing,
                    by: admin.address,
                    reason: reason.into(),
                    nonce: self.nonce,
                }
                .into(),
            );
        }
        let nodes: Vec<String> = ended.iter().map(|(n, _)| n.to_string()).collect();
        let status = lst_registry_types::codes::APPLICATION_STATUS
            .get(previous as usize)
            .copied()
            .unwrap_or("?");
        self.run.ok(
            &admin,
            I::revokeApplicationCall {
                applicationId: application,
                reason: reason.into(),
            },
            format!(
                "{} (#{application}, {status}) is revoked, even while paused; its pairings with nodes {} end; reason {} bytes",
                self.cast.lst(application).name,
                nodes.join(" and "),
                reason.len()
            ),
            events,
        );
    }

    pub(super) fn advance_phase(&mut self, from: u8, to: u8) {
        let admin = self.cast.admin.clone();
        self.run.ok(
            &admin,
            I::advancePhaseCall { to },
            format!("{} → {}", phase_name(from), phase_name(to)),
            vec![I::PhaseAdvanced { from, to }.into()],
        );
    }

    // ---- the end --------------------------------------------------------------------------

    pub(super) fn check_final_state(&mut self) {
        let expected = self.expected_final_state();
        let book = self.run.transcript.book.clone();
        match final_state::read(self.run.registry(), &book) {
            Ok(state) => {
                if state != expected {
                    self.run.problem(format!(
                        "final state differs:\n  expected {expected:?}\n  read     {state:?}"
                    ));
                }
                self.run.transcript.final_state = Some(state);
            }
            Err(e) => self.run.problem(format!("reading the final state: {e}")),
        }
    }

    pub(super) fn expected_final_state(&self) -> FinalState {
        let phases = [0, 0, 0, 0, 2, 2, 2, 2, 3];
        let nodes = (1..=9u64)
            .map(|id| {
                let node = self.cast.node(id);
                NodeRow {
                    node_id: id,
                    operator: node.operator.name.clone(),
                    signer: node.signer.name.clone(),
                    registered_phase: phases[(id - 1) as usize],
                    active_pairing: self
                        .paired
                        .iter()
                        .find(|p| p.0 == id)
                        .map(|p| p.1)
                        .unwrap_or(0),
                }
            })
            .collect();
        let mut pairings: Vec<PairingRow> = self
            .paired
            .iter()
            .map(
                |&(node_id, pairing_id, application_id, cap, stake)| PairingRow {
                    node_id,
                    pairing_id,
                    application_id,
                    lst: self.cast.lst(application_id).name.clone(),
                    cap,
                    stake,
                    remaining: cap - stake,
                },
            )
            .collect();
        pairings.sort_by_key(|p| p.node_id);
        FinalState {
            phase: 3,
            node_limit: 64,
            nodes,
            pairings,
        }
    }
}
