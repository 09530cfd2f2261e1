//! Phase 3, Main launch, of the lifecycle: four more nodes and a competitive round (an LST
//! applies once, a withdrawal, three failures and one unattested tally, an oracle-set change
//! mid-round that voids earlier signatures), then pairings and stake up to the cap.

use super::lifecycle::{DAY, MAX_CAP, MIN_CAP};
use super::render::metis;
use super::story::{Story, LATE_VAULT};
use crate::abi::ILstRegistry as I;
use crate::eip712::{self, Tally};
use crate::fixtures::{announcement_uri, attest, tally};
use alloy_primitives::{keccak256, Address, U256};
use lst_registry_types::program::DEFAULT_ATTESTATION_WINDOW;

impl Story {
    pub(super) fn main_launch(&mut self) {
        self.run
            .heading("Phase 3 — Main launch: more nodes, a competitive round (K = 2)");
        self.advance_phase(1, 2);
        for id in 5..=8 {
            self.register_node(id, 2);
        }
        let deadline = self.run.now() + 7 * DAY;
        self.open_round(2, 2, deadline, 2);
        for id in 3..=10 {
            self.submit(2, id);
        }
        self.one_application_each();
        let stranger = self.cast.stranger.clone();
        self.run.fails(
            &stranger,
            I::withdrawApplicationCall { applicationId: 3 },
            "only the applicant withdraws",
            I::RegistryNotApplicant {
                applicationId: 3,
                caller: stranger.address,
            },
        );
        let vesta = self.cast.lst(9).applicant.clone();
        self.run.ok(
            &vesta,
            I::withdrawApplicationCall { applicationId: 9 },
            "Vesta LST withdraws before its vote is tallied",
            vec![I::ApplicationWithdrawn {
                roundId: 2,
                applicationId: 9,
            }
            .into()],
        );
        self.run
            .advance_time(7 * DAY + 3_600, "the Snapshot votes have ended");
        let admin = self.cast.admin.clone();
        self.run.ok(
            &admin,
            I::closeRoundCall { roundId: 2 },
            "eight applications, one of them withdrawn",
            vec![I::RoundClosed {
                roundId: 2,
                applications: 8,
            }
            .into()],
        );
        let relayer = self.cast.relayer.clone();
        self.run.fails(
            &relayer,
            I::finaliseRoundCall { roundId: 2 },
            "no tally attested yet",
            I::RegistryTalliesMissing {
                roundId: 2,
                tallied: 0,
                live: 7,
            },
        );

        let tallies = [
            (3, tally(298_000, 31_000, 2_500, 903)),   // passes: rank 2
            (4, tally(14_200, 1_100, 900, 611)),       // 16,200 METIS < quorum
            (5, tally(486_000, 27_000, 8_800, 1_530)), // passes: rank 1
            (6, tally(88_000, 4_000, 1_000, 342)),     // 342 voters < 500
            (7, tally(61_000, 39_000, 3_000, 811)),    // 61 % < 80 % approval
            (8, tally(143_000, 12_000, 2_000, 655)),   // passes: rank 3, not selected
        ];
        self.stale_signatures(2, 3, &tallies[0].1);
        let signers: [&[usize]; 6] = [&[0, 3], &[1, 3], &[0, 1], &[0, 3], &[0, 1, 3], &[1, 3]];
        for ((id, t), members) in tallies.iter().zip(signers) {
            self.attest(2, *id, t, members);
        }
        self.unattested_tally(deadline);
        self.run.ok(
            &relayer,
            I::finaliseRoundCall { roundId: 2 },
            "three fail (quorum, voters, approval), one fails unattested; three pass; the top two qualify",
            vec![
                I::ApplicationFailed {
                    roundId: 2,
                    applicationId: 4,
                    reason: 6,
                }
                .into(),
                I::ApplicationFailed {
                    roundId: 2,
                    applicationId: 6,
                    reason: 7,
                }
                .into(),
                I::ApplicationFailed {
                    roundId: 2,
                    applicationId: 7,
                    reason: 8,
                }
                .into(),
                I::ApplicationFailed {
                    roundId: 2,
                    applicationId: 10,
                    reason: 9,
                }
                .into(),
                I::ApplicationQualified {
                    roundId: 2,
                    applicationId: 5,
                    rank: 1,
                }
                .into(),
                I::ApplicationQualified {
                    roundId: 2,
                    applicationId: 3,
                    rank: 2,
                }
                .into(),
                I::ApplicationPassed {
                    roundId: 2,
                    applicationId: 8,
                    rank: 3,
                }
                .into(),
                I::RoundFinalised {
                    roundId: 2,
                    passed: 3,
                    qualified: 2,
                }
                .into(),
            ],
        );

        // Quasar LST applied before deploying its vault: no node pairs with it until the
        // vault, its staking contract, holds code.
        let operator = self.cast.node(5).operator.clone();
        let quasar_vault = self.cast.lst(LATE_VAULT).staking.address;
        self.run.fails(
            &operator,
            I::pairCall {
                nodeId: 5,
                applicationId: LATE_VAULT,
                stakeCap: metis(MAX_CAP),
                announcementUri: announcement_uri(5, "Quasar LST"),
            },
            "node 5 ↔ Quasar LST, whose vault is not deployed yet: no pairing without a staking contract",
            I::RegistryNoCode {
                account: quasar_vault,
            },
        );
        self.deploy_vault(LATE_VAULT);
        self.pair(5, 5, MAX_CAP);
        self.pair(6, 3, MIN_CAP);
        let operator = self.cast.node(7).operator.clone();
        self.run.fails(
            &operator,
            I::pairCall {
                nodeId: 7,
                applicationId: 8,
                stakeCap: metis(50_000),
                announcementUri: announcement_uri(7, "Lumen Stake"),
            },
            "Lumen Stake passed but was not selected (status 5, pairing needs 4)",
            I::RegistryWrongApplicationStatus {
                applicationId: 8,
                status: 5,
                expected: 4,
            },
        );
        self.pair(7, 3, MAX_CAP);
        self.pair(8, 5, MIN_CAP);

        self.report(5, metis(MAX_CAP));
        self.stake(
            5,
            5,
            (true, U256::from(1)),
            "pairing 5 (node 5): one wei past the cap; the vault passes the registry's error on"
                .to_string(),
            Err(I::RegistryStakeAboveCap {
                nodeId: 5,
                stake: metis(MAX_CAP) + U256::from(1),
                cap: metis(MAX_CAP),
            }
            .into()),
        );
        self.report(6, metis(MIN_CAP));
        self.report(7, metis(35_500));
        self.report(8, metis(12_000));
    }

    /// One live application per applicant and per staking contract in a round: an LST cannot
    /// take two of the K slots, nor can one account fill a round.
    fn one_application_each(&mut self) {
        let nova = self.cast.lst(3).clone();
        let again = I::submitApplicationCall {
            snapshotProposal: keccak256("snapshot proposal: Nova LST, a second vote"),
            ..nova.submit()
        };
        self.run.fails(
            &nova.applicant,
            again,
            "Nova LST applies a second time, with a second proposal, for a second slot",
            I::RegistryAlreadyApplied {
                account: nova.applicant.address,
                applicationId: 3,
            },
        );
        let stranger = self.cast.stranger.clone();
        let orbit = self.cast.lst(4).clone();
        let proxy = I::submitApplicationCall {
            name: "Orbit Staking 2".into(),
            snapshotProposal: keccak256("a second proposal naming Orbit Staking's contract"),
            ..orbit.submit()
        };
        self.run.fails(
            &stranger,
            proxy,
            "another account applies naming Orbit Staking's staking contract, already in the round",
            I::RegistryAlreadyApplied {
                account: orbit.staking.address,
                applicationId: 4,
            },
        );
    }

    /// Nebula METIS's tally never comes: finalisation is refused while the round's attestation
    /// window is open, then time passes its attestation deadline and the round can finalise.
    fn unattested_tally(&mut self, deadline: u64) {
        let expected = deadline + u64::from(DEFAULT_ATTESTATION_WINDOW);
        match self.run.registry().view(&I::roundCall { roundId: 2 }) {
            Ok(round) if round.attestationDeadline == expected => self.run.note(format!(
                "no tally comes for Nebula METIS: the oracles find no closed Snapshot vote to attest; \
                 round 2 takes tallies until its attestation deadline {expected} \
                 (application deadline + {} d)",
                DEFAULT_ATTESTATION_WINDOW / 86_400
            )),
            Ok(round) => self.run.problem(format!(
                "round 2's attestation deadline is {}, expected {expected}",
                round.attestationDeadline
            )),
            Err(e) => self.run.problem(format!("round(2): {e}")),
        }
        let relayer = self.cast.relayer.clone();
        self.run.fails(
            &relayer,
            I::finaliseRoundCall { roundId: 2 },
            "before the attestation deadline a missing tally holds the round",
            I::RegistryTalliesMissing {
                roundId: 2,
                tallied: 6,
                live: 7,
            },
        );
        self.run.advance_time(
            u64::from(DEFAULT_ATTESTATION_WINDOW),
            "round 2's attestation window has ended",
        );
    }

    /// Oracles sign under one epoch; the set changes (scheduled, in force after the two-day
    /// delay); the relayed bundle no longer verifies.
    fn stale_signatures(&mut self, round: u64, id: u64, tally: &Tally) {
        let stale = self.signatures(round, id, tally, self.epoch, &[0, 1]);
        self.run.note(format!(
            "Oracles 1 and 2 sign {}'s tally under oracle epoch {}; then Oracle 4 replaces Oracle 3",
            self.cast.lst(id).name,
            self.epoch
        ));
        self.set_oracles(&[0, 1, 3]);
        // The bundle now recovers to unrelated addresses: the digest binds the epoch.
        let registry = self.run.registry();
        let domain = eip712::domain(registry.net().chain_id(), registry.address());
        let digest = eip712::digest(
            &self.cast.lst(id).attestation(round, id, tally, self.epoch),
            &domain,
        );
        let first: Option<[u8; 65]> = stale.get(..65).and_then(|s| s.try_into().ok());
        let recovered = first
            .and_then(|s| eip712::recover(&s, digest))
            .unwrap_or(Address::ZERO);
        let relayer = self.cast.relayer.clone();
        self.run.fails(
            &relayer,
            attest(id, tally, stale),
            "the bundle signed under the previous oracle set",
            I::RegistryUnknownSigner {
                index: U256::ZERO,
                signer: recovered,
            },
        );
    }
}
