//! The program's lifecycle, end to end, as a transcript.
//!
//! Every LST's staking contract is the Solidity integration's vault (`integrations/lst-vault`,
//! [`crate::vault`]): a Staker holding METIS deposits into it and withdraws from it, and the
//! vault reports each node's pooled stake to the registry in the same transaction.
//!
//! 1. Setup: deployment (admin given explicitly), the METIS token (the Staker's METIS minted),
//!    a 2-of-3 oracle set.
//! 2. Phase 1, Alpha: four nodes; a round with two LSTs whose attested tallies pass (each
//!    team deploys its vault, then applies); a clone of one (its Snapshot proposal, someone
//!    else's staking contract) and a vote in another Snapshot space are refused; both
//!    qualify and the four nodes pair with them at caps of exactly 20,000 and 100,000 METIS.
//! 3. Phase 2, Throughput: deposits report stake (each report names its pairing); an account
//!    that is not the pairing's staking contract cannot report; the node limit holds.
//! 4. Phase 3, Main launch: four more nodes; a competitive round (K = 2) in which an LST
//!    cannot apply twice (neither its team again, nor another account naming its staking
//!    contract), one application is withdrawn, three fail (quorum, voters, approval), one
//!    fails unattested: its tally never comes, so finalisation waits for the end of the
//!    round's attestation window, not for it; two qualify and one passes without being
//!    selected; the oracle set changes mid-round (in force two days later), voiding
//!    signatures made before; one LST applied before deploying its vault, and no node pairs
//!    with it until the vault exists (`RegistryNoCode`); pairings; stake deposited up to the
//!    cap, and one wei past it refused with the registry's error through the vault.
//! 5. Open access: a new node joins and pairs. Then an incident: the guardian pauses, the
//!    admin revokes a qualified LST while paused (its two pairings end), one of its nodes
//!    cannot pair it again and pairs with another LST; the revoked LST's vault gives its
//!    METIS back without reporting to the node's new pairing.
//!
//! Every transaction states its expected outcome (events or custom error), and the final
//! state read through the views is compared with the expected table.

use alloy_primitives::{keccak256, Address};
use stylus_devnet::Devnet;

use super::render::metis;
use super::runner::Runner;
use super::story::{Cast, Story};
use super::transcript::Transcript;
use super::Registry;
use crate::abi::ILstRegistry as I;
use crate::artifact::{self, Programs};
use crate::eip712::{self, Tally};
use crate::fixtures::{announcement_uri, digest_query, tally, NodeSpec};
use crate::ClientError;

/// One day, in seconds.
pub(super) const DAY: u64 = 86_400;
/// Smallest stake cap (the program's default), in METIS.
pub(super) const MIN_CAP: u64 = 20_000;
/// Largest stake cap (the program's default), in METIS.
pub(super) const MAX_CAP: u64 = 100_000;

/// Runs the lifecycle on the artifact (`artifacts/lst_registry.wasm`) and a fresh devnet.
pub fn lifecycle() -> Result<Transcript, ClientError> {
    lifecycle_on(crate::devnet::devnet(), &artifact::load()?)
}

/// Runs the lifecycle with `programs` deployed on `net`. Fails only if the registry cannot be
/// deployed; every other difference from the expectations is in the transcript.
pub fn lifecycle_on(net: Devnet, programs: &Programs) -> Result<Transcript, ClientError> {
    let cast = Cast::new();
    let (registry, deployment) =
        Registry::deploy(net, programs, cast.deployer.address, cast.admin.address)?;
    let book = cast.book(registry.address());
    let mut story = Story {
        run: Runner::new(registry, book),
        cast,
        pairings: 0,
        nonce: 0,
        epoch: 0,
        paired: Vec::new(),
        metis: Address::ZERO,
        approved: Default::default(),
        pools: Default::default(),
    };
    story.run.heading("Setup");
    let admin = story.cast.admin.address;
    story.run.deployed(
        &story.cast.deployer,
        "deploys the views and admin programs, then the core; constructor(admin = Admin, views = the views program, adminProgram = the admin program)",
        deployment,
        vec![
            I::AdminTransferred {
                previousAdmin: Address::ZERO,
                newAdmin: admin,
            }
            .into(),
            I::GuardianChanged {
                previousGuardian: Address::ZERO,
                newGuardian: admin,
            }
            .into(),
        ],
    );
    story.deploy_metis();
    story.set_oracles(&[0, 1, 2]);
    story.alpha();
    story.throughput();
    story.main_launch();
    story.open_access();
    story.revocation();
    story.check_final_state();
    Ok(story.run.transcript)
}

impl Story {
    // ---- the phases -----------------------------------------------------------------------

    /// A vote backs its own application only, in the program's Snapshot space: a copy of
    /// Artemis's application with the copier's staking contract, and an application voted on
    /// in a space of the applicant's choosing, are both refused.
    fn refused_submissions(&mut self) {
        let stranger = self.cast.stranger.clone();
        let artemis = self.cast.lst(1).clone();
        let clone = I::submitApplicationCall {
            stakingContract: stranger.address,
            ..artemis.submit()
        };
        self.run.fails(
            &stranger,
            clone,
            "a clone of Artemis: its content, space and proposal, with the Stranger's staking contract",
            I::RegistryProposalUsed {
                snapshotProposal: artemis.snapshot_proposal,
                applicationId: 1,
            },
        );
        let own_space = "stranger-lst.eth";
        let elsewhere = I::submitApplicationCall {
            name: "Stranger LST".into(),
            snapshotSpace: own_space.into(),
            snapshotProposal: keccak256("a proposal in the Stranger's own space"),
            stakingContract: stranger.address,
            ..artemis.submit()
        };
        self.run.fails(
            &stranger,
            elsewhere,
            format!("voted in {own_space}, a space the applicant controls, not the program's"),
            I::RegistryWrongSnapshotSpace {
                spaceHash: keccak256(own_space),
                expectedHash: keccak256(crate::fixtures::SNAPSHOT_SPACE),
            },
        );
    }

    fn alpha(&mut self) {
        self.run
            .heading("Phase 1 — Alpha: four sequencer nodes, two LSTs selected by governance");
        for id in 1..=4 {
            self.register_node(id, 0);
        }
        let (admin, extra) = (self.cast.admin.clone(), self.cast.extra_node.clone());
        self.run.fails(
            &admin,
            extra.register(),
            "a fifth node in Alpha",
            I::RegistryNodeLimitReached { phase: 0, limit: 4 },
        );

        let deadline = self.run.now() + 7 * DAY;
        self.open_round(1, 2, deadline, 0);
        self.submit(1, 1);
        self.submit(1, 2);
        self.refused_submissions();
        let relayer = self.cast.relayer.clone();
        let now = self.run.now();
        self.run.fails(
            &relayer,
            I::closeRoundCall { roundId: 1 },
            "anyone may close a round, but only after its deadline",
            I::RegistryDeadline {
                roundId: 1,
                deadline,
                now,
            },
        );
        self.run
            .advance_time(7 * DAY + 3_600, "the Snapshot votes have ended");
        self.run.ok(
            &relayer,
            I::closeRoundCall { roundId: 1 },
            "after the deadline",
            vec![I::RoundClosed {
                roundId: 1,
                applications: 2,
            }
            .into()],
        );

        let artemis = tally(412_000, 18_500, 6_200, 1_284);
        let enki = tally(356_000, 21_000, 4_100, 1_047);
        self.cross_check_digest(1, 1, &artemis);
        self.attest(1, 1, &artemis, &[0, 1]);
        self.attest(1, 2, &enki, &[1, 2]);
        self.run.ok(
            &relayer,
            I::finaliseRoundCall { roundId: 1 },
            "both pass (quorum 20,000 METIS, 500 voters, 80 % approval); ranked by For weight",
            vec![
                I::ApplicationQualified {
                    roundId: 1,
                    applicationId: 1,
                    rank: 1,
                }
                .into(),
                I::ApplicationQualified {
                    roundId: 1,
                    applicationId: 2,
                    rank: 2,
                }
                .into(),
                I::RoundFinalised {
                    roundId: 1,
                    passed: 2,
                    qualified: 2,
                }
                .into(),
            ],
        );

        self.pair(1, 1, MAX_CAP);
        self.pair(2, 2, MIN_CAP);
        self.pair(3, 1, MIN_CAP);
        let operator = self.cast.node(4).operator.clone();
        let below = metis(MIN_CAP) - metis(1);
        self.run.fails(
            &operator,
            I::pairCall {
                nodeId: 4,
                applicationId: 2,
                stakeCap: below,
                announcementUri: announcement_uri(4, "Enki Protocol"),
            },
            "a cap 1 METIS below the minimum",
            I::RegistryInvalidStakeCap {
                cap: below,
                min: metis(MIN_CAP),
                max: metis(MAX_CAP),
            },
        );
        self.pair(4, 2, MAX_CAP);
    }

    /// Checks once that the digest computed in Rust is the one the registry verifies.
    fn cross_check_digest(&mut self, round: u64, id: u64, tally: &Tally) {
        let registry = self.run.registry();
        let domain = eip712::domain(registry.net().chain_id(), registry.address());
        let ours = eip712::digest(
            &self.cast.lst(id).attestation(round, id, tally, self.epoch),
            &domain,
        );
        match self.run.registry().view(&digest_query(id, tally)) {
            Ok(theirs) if theirs == ours => {
                self.run.note(format!("EIP-712 digest of application {id}'s tally computed in Rust = tallyDigest view = {ours}"))
            }
            Ok(theirs) => self.run.problem(format!("EIP-712 digest mismatch: Rust {ours}, tallyDigest {theirs}")),
            Err(e) => self.run.problem(format!("tallyDigest: {e}")),
        }
    }

    fn throughput(&mut self) {
        self.run
            .heading("Phase 2 — Throughput: the paired pools fill up");
        self.advance_phase(0, 1);
        self.report(1, metis(64_000));
        self.report(2, metis(MIN_CAP));
        let stranger = self.cast.stranger.clone();
        let artemis_vault = self.cast.lst(1).staking.address;
        self.run.fails(
            &stranger,
            I::reportStakeCall {
                pairingId: 1,
                stake: metis(1_000),
            },
            "pairing 1 (node 1 ↔ Artemis): only Artemis's vault, its staking contract, reports its stake",
            I::RegistryNotStakingContract {
                nodeId: 1,
                caller: stranger.address,
                stakingContract: artemis_vault,
            },
        );
        let (admin, extra) = (self.cast.admin.clone(), self.cast.extra_node.clone());
        self.run.fails(
            &admin,
            extra.register(),
            "Throughput keeps four nodes",
            I::RegistryNodeLimitReached { phase: 1, limit: 4 },
        );
    }

    fn open_access(&mut self) {
        self.run.heading("Open access: a new node joins and pairs");
        self.advance_phase(2, 3);
        self.register_node(9, 3);
        let admin = self.cast.admin.clone();
        let reused = NodeSpec {
            signer: self.cast.node(1).signer.clone(),
            ..self.cast.extra_node.clone()
        };
        let signer = reused.signer.address;
        self.run.fails(
            &admin,
            reused.register(),
            "a sequencer signer serves one node, ever",
            I::RegistrySignerInUse { signer, nodeId: 1 },
        );
        self.pair(9, 1, MIN_CAP);
        self.report(9, metis(5_000));
    }

    fn revocation(&mut self) {
        self.run
            .heading("Open access — an exploited LST is revoked: its pairings end");
        self.run.note(
            "Nova LST's staking contract is exploited; the guardian stops the program while \
             the admin cuts Nova off",
        );
        let admin = self.cast.admin.clone();
        self.run.ok(
            &admin,
            I::pauseCall {},
            "the guardian (the Admin) pauses the program's flows",
            vec![I::Paused {
                account: admin.address,
            }
            .into()],
        );
        self.revoke(
            3,
            2,
            4,
            "staking contract exploited: withdrawals drained, see forum.metis.io/t/nova-lst-incident",
        );
        self.run.ok(
            &admin,
            I::unpauseCall {},
            "the program runs again",
            vec![I::Unpaused {
                account: admin.address,
            }
            .into()],
        );
        match self
            .run
            .registry()
            .view(&I::eligibilityCall { applicationId: 3 })
        {
            Ok(e) if !e.eligible && e.status == 10 => {
                self.run.note("eligibility(3) = (false, 10 Revoked)")
            }
            Ok(e) => self.run.problem(format!(
                "eligibility(3) = ({}, {}), expected (false, 10)",
                e.eligible, e.status
            )),
            Err(e) => self.run.problem(format!("eligibility(3): {e}")),
        }

        let operator = self.cast.node(7).operator.clone();
        self.run.fails(
            &operator,
            I::pairCall {
                nodeId: 7,
                applicationId: 3,
                stakeCap: metis(MAX_CAP),
                announcementUri: announcement_uri(7, "Nova LST"),
            },
            "node 7's operator pairs Nova LST again: a revoked LST never pairs (status 10, pairing needs 4)",
            I::RegistryWrongApplicationStatus {
                applicationId: 3,
                status: 10,
                expected: 4,
            },
        );
        self.pair(7, 5, MAX_CAP);
        // Nova's vault still pools 35,500 METIS for node 7, now Quasar's: the Staker takes
        // it back, and the vault does not report it (node 7's pairing is not Nova's).
        let pooled = self.pools.get(&(3, 7)).copied().unwrap_or_default();
        self.stake(
            3,
            7,
            (false, pooled),
            "node 7 is paired with Quasar LST now: Nova's vault reports nothing to the registry"
                .to_string(),
            Ok(Vec::new()),
        );
        self.report(7, metis(18_000));
    }
}
