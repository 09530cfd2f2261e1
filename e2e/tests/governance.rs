//! The governance attacks of the integrity review, tried against the deployed programs on the
//! devnet: a cloned application, a vote in the applicant's own Snapshot space, rules changed
//! after the votes are public, an oracle minority, recovery while paused, a round held open by
//! an application no oracle can attest, one account filling a round, a revoked LST paired
//! again, a late stake report landing on a node's next pairing, and a squatted proposal. Each
//! attack must revert with its custom error and leave storage and logs untouched.

mod common;

use alloy_primitives::{keccak256, U256};
use common::*;
use lst_registry_client::abi::ILstRegistry as I;
use lst_registry_client::eip712::{self, TallyAttestation};
use lst_registry_client::fixtures::{announcement_uri, attest, sorted, SNAPSHOT_SPACE};
use lst_registry_e2e::render::metis;
use lst_registry_types::program::DEFAULT_ATTESTATION_WINDOW;

/// One day, in seconds.
const DAY: u64 = 86_400;
/// Round 2's attestation deadline in [`populated`]: its deadline + the default window.
const ROUND_2_ATTESTATION_DEADLINE: u64 = ROUND_2_DEADLINE + DEFAULT_ATTESTATION_WINDOW as u64;

/// Application 3's submission as the Stranger would copy it, with the Stranger's own staking
/// contract.
fn clone_of(id: u64) -> I::submitApplicationCall {
    I::submitApplicationCall {
        stakingContract: cast().stranger.address,
        ..cast().lst(id).submit()
    }
}

#[test]
fn a_cloned_application_is_refused_in_its_round_and_in_any_later_one() {
    let c = cast();
    let mut reg = populated();
    // application 3 is pending in the open round 2; application 1 qualified in round 1
    for id in [3, 1] {
        assert_reverts(
            &mut reg,
            c.stranger.address,
            &clone_of(id),
            I::RegistryProposalUsed {
                snapshotProposal: c.lst(id).snapshot_proposal,
                applicationId: id,
            },
        );
    }
    // withdrawing the original does not free its proposal
    ok(
        &mut reg,
        c.lst(3).applicant.address,
        &I::withdrawApplicationCall { applicationId: 3 },
    );
    assert_reverts(
        &mut reg,
        c.lst(3).applicant.address,
        &c.lst(3).submit(),
        I::RegistryProposalUsed {
            snapshotProposal: c.lst(3).snapshot_proposal,
            applicationId: 3,
        },
    );
}

#[test]
fn the_original_tally_does_not_attest_a_copy_with_a_fresh_proposal() {
    let c = cast();
    let mut reg = populated();
    // The copier takes Nova's content but needs a proposal of its own: the signatures over
    // Nova's tally, even re-signed for the copy's id with Nova's applicant and staking
    // contract, bind Nova, not the copy.
    let copy = I::submitApplicationCall {
        snapshotProposal: keccak256("the copier's proposal"),
        ..clone_of(3)
    };
    let id = *ok(&mut reg, c.stranger.address, &copy)
        .value()
        .expect("an id");
    assert_eq!(id, 4);
    let t = tally_of(3);
    let nova = c.lst(3);
    let as_nova = TallyAttestation {
        applicant: nova.applicant.address,
        stakingContract: nova.staking.address,
        snapshotProposal: copy.snapshotProposal,
        ..nova.attestation(2, id, &t, 1)
    };
    let domain = eip712::domain(reg.net().chain_id(), reg.address());
    let digest = eip712::digest(&as_nova, &domain);
    let signatures =
        lst_registry_client::actors::bundle(&c.oracle_refs(&[0, 1]), digest).expect("signs");
    let first: [u8; 65] = signatures[..65].try_into().expect("65 bytes");
    // under the copy's real digest the first signature recovers to a stranger to the set
    let real = TallyAttestation {
        applicant: c.stranger.address,
        stakingContract: c.stranger.address,
        ..as_nova.clone()
    };
    let recovered =
        eip712::recover(&first, eip712::digest(&real, &domain)).expect("recovers an address");
    assert!(c.oracles.iter().all(|o| o.address() != recovered));
    assert_reverts(
        &mut reg,
        c.relayer.address,
        &attest(id, &t, signatures),
        I::RegistryUnknownSigner {
            index: U256::ZERO,
            signer: recovered,
        },
    );
}

#[test]
fn only_the_programs_snapshot_space_is_taken_and_the_admin_sets_it() {
    let c = cast();
    let mut reg = populated();
    let applicant = c.lst(4).applicant.address;
    let elsewhere = I::submitApplicationCall {
        snapshotSpace: "orbit-dao.eth".into(),
        ..c.lst(4).submit()
    };
    assert_reverts(
        &mut reg,
        applicant,
        &elsewhere,
        I::RegistryWrongSnapshotSpace {
            spaceHash: keccak256("orbit-dao.eth"),
            expectedHash: keccak256(SNAPSHOT_SPACE),
        },
    );
    let rules = reg.view(&I::rulesCall {}).expect("rules");
    assert_eq!(rules.snapshotSpace, SNAPSHOT_SPACE);

    assert_reverts(
        &mut reg,
        c.stranger.address,
        &I::setSnapshotSpaceCall {
            space: "orbit-dao.eth".into(),
        },
        I::RegistryNotAdmin {
            caller: c.stranger.address,
        },
    );
    assert_reverts(
        &mut reg,
        c.admin.address,
        &I::setSnapshotSpaceCall {
            space: "x".repeat(65),
        },
        I::RegistryInvalidLength {
            field: 7,
            length: U256::from(65),
            min: U256::from(1),
            max: U256::from(64),
        },
    );
    ok_with(
        &mut reg,
        c.admin.address,
        &I::setSnapshotSpaceCall {
            space: "metis-lst.eth".into(),
        },
        vec![I::SnapshotSpaceChanged {
            space: "metis-lst.eth".into(),
        }
        .into()],
    );
    assert_eq!(
        reg.view(&I::rulesCall {}).expect("rules").snapshotSpace,
        "metis-lst.eth"
    );
    // the old space is now the wrong one
    assert_reverts(
        &mut reg,
        applicant,
        &c.lst(4).submit(),
        I::RegistryWrongSnapshotSpace {
            spaceHash: keccak256(SNAPSHOT_SPACE),
            expectedHash: keccak256("metis-lst.eth"),
        },
    );
    let moved = I::submitApplicationCall {
        snapshotSpace: "metis-lst.eth".into(),
        ..c.lst(4).submit()
    };
    assert_eq!(ok(&mut reg, applicant, &moved).value(), Some(&4));
}

#[test]
fn a_round_is_decided_by_the_rules_in_force_when_it_opened() {
    let c = cast();
    let mut reg = populated();
    let admin = c.admin.address;
    // Nova's tally: 280,000 For / 20,000 Against = 93.3 % approval. Raised to 95 % after
    // round 2 opened, the bar does not apply to round 2.
    ok(
        &mut reg,
        admin,
        &I::setVoteRulesCall {
            quorum: metis(20_000),
            minVoters: 500,
            approvalBps: 9_500,
            attestationWindow: 7 * DAY as u32,
        },
    );
    let round = reg.view(&I::roundCall { roundId: 2 }).expect("round");
    assert_eq!(
        (
            round.quorum,
            round.minVoters,
            round.approvalBps,
            round.attestationWindow
        ),
        (metis(20_000), 500, 8_000, DEFAULT_ATTESTATION_WINDOW)
    );
    let signatures = sign(&reg, 2, 3, &tally_of(3), 1, &[0, 1]);
    ok(
        &mut reg,
        c.relayer.address,
        &attest(3, &tally_of(3), signatures),
    );
    ok(&mut reg, admin, &I::closeRoundCall { roundId: 2 });
    ok(
        &mut reg,
        c.relayer.address,
        &I::finaliseRoundCall { roundId: 2 },
    );
    assert_eq!(
        reg.view(&I::eligibilityCall { applicationId: 3 })
            .expect("eligibility"),
        I::eligibilityReturn {
            eligible: true,
            status: 4
        }
    );
    // the next round is decided by the new rules
    let deadline = ROUND_2_DEADLINE + 86_400;
    ok(&mut reg, admin, &I::openRoundCall { slots: 1, deadline });
    let round = reg.view(&I::roundCall { roundId: 3 }).expect("round");
    assert_eq!(
        (
            round.approvalBps,
            round.attestationWindow,
            round.attestationDeadline
        ),
        (9_500, 7 * DAY as u32, deadline + 7 * DAY)
    );
}

#[test]
fn an_oracle_set_needs_a_strict_majority_threshold() {
    let c = cast();
    let mut reg = populated();
    for (members, threshold) in [(&[0, 1][..], 1u8), (&[0, 1, 2, 3][..], 2)] {
        let signers = sorted(&c.oracle_refs(members));
        assert_reverts(
            &mut reg,
            c.admin.address,
            &I::setOracleSetCall {
                signers: signers.clone(),
                threshold,
            },
            I::RegistryInvalidOracleSet {
                signers: U256::from(signers.len()),
                threshold,
                maxSigners: U256::from(16),
            },
        );
    }
    let signers = sorted(&c.oracle_refs(&[0, 1, 2, 3]));
    ok(
        &mut reg,
        c.admin.address,
        &I::setOracleSetCall {
            signers,
            threshold: 3,
        },
    );
}

#[test]
fn the_admin_recovers_while_paused_and_the_flows_stay_stopped() {
    let c = cast();
    let mut reg = populated();
    let admin = c.admin.address;
    ok(&mut reg, admin, &I::pauseCall {});
    // replace the oracle set, the guardian and the admin, all while paused: the new set is in
    // force at once (no delay while paused)
    let signers = sorted(&c.oracle_refs(&[0, 1, 3]));
    let now = reg.net().timestamp();
    ok_with(
        &mut reg,
        admin,
        &I::setOracleSetCall {
            signers: signers.clone(),
            threshold: 2,
        },
        vec![I::OracleSetChanged {
            epoch: 2,
            signers: signers.clone(),
            threshold: 2,
            effectiveAt: now,
        }
        .into()],
    );
    let set = reg.view(&I::oracleSetCall {}).expect("oracleSet");
    assert_eq!((set.signers, set.epoch, set.nextEpoch), (signers, 2, 0));
    let relayer = c.relayer.address;
    ok_with(
        &mut reg,
        admin,
        &I::setGuardianCall {
            newGuardian: relayer,
        },
        vec![I::GuardianChanged {
            previousGuardian: admin,
            newGuardian: relayer,
        }
        .into()],
    );
    let successor = c.stranger.address;
    ok(
        &mut reg,
        admin,
        &I::transferAdminCall {
            newAdmin: successor,
        },
    );
    ok_with(
        &mut reg,
        successor,
        &I::acceptAdminCall {},
        vec![I::AdminTransferred {
            previousAdmin: admin,
            newAdmin: successor,
        }
        .into()],
    );
    // the program's flows are still stopped, for the new admin too
    assert_reverts(
        &mut reg,
        successor,
        &I::setVoteRulesCall {
            quorum: metis(1),
            minVoters: 1,
            approvalBps: 9_000,
            attestationWindow: DEFAULT_ATTESTATION_WINDOW,
        },
        I::RegistryPaused {},
    );
    let signatures = sign(&reg, 2, 3, &tally_of(3), 2, &[0, 1]);
    assert_reverts(
        &mut reg,
        relayer,
        &attest(3, &tally_of(3), signatures),
        I::RegistryPaused {},
    );
    ok(&mut reg, successor, &I::unpauseCall {});
    assert_eq!(reg.view(&I::adminCall {}).expect("admin"), successor);
}

#[test]
fn an_unattestable_application_holds_its_round_only_until_the_attestation_deadline() {
    let c = cast();
    let mut reg = populated();
    let (admin, relayer) = (c.admin.address, c.relayer.address);
    // round 2: Nova (3) gets no tally, ever; Orbit (4) is attested
    ok(&mut reg, c.lst(4).applicant.address, &c.lst(4).submit());
    let signatures = sign(&reg, 2, 4, &tally_of(4), 1, &[0, 1]);
    ok(&mut reg, relayer, &attest(4, &tally_of(4), signatures));
    ok(&mut reg, admin, &I::closeRoundCall { roundId: 2 });
    let round = reg.view(&I::roundCall { roundId: 2 }).expect("round");
    assert_eq!(
        (round.attestationDeadline, round.attestationWindow),
        (ROUND_2_ATTESTATION_DEADLINE, DEFAULT_ATTESTATION_WINDOW)
    );
    let missing = I::RegistryTalliesMissing {
        roundId: 2,
        tallied: 1,
        live: 2,
    };
    let finalise = I::finaliseRoundCall { roundId: 2 };
    assert_reverts(&mut reg, relayer, &finalise, missing.clone());
    // up to and including the attestation deadline, the missing tally holds the round
    reg.net_mut().set_timestamp(ROUND_2_ATTESTATION_DEADLINE);
    assert_reverts(&mut reg, relayer, &finalise, missing);
    // one second later: Nova's tally, however well signed, is refused...
    let after = ROUND_2_ATTESTATION_DEADLINE + 1;
    reg.net_mut().set_timestamp(after);
    let late = sign(&reg, 2, 3, &tally_of(3), 1, &[0, 1]);
    assert_reverts(
        &mut reg,
        relayer,
        &attest(3, &tally_of(3), late),
        I::RegistryDeadline {
            roundId: 2,
            deadline: ROUND_2_ATTESTATION_DEADLINE,
            now: after,
        },
    );
    // ...and anyone finalises: Nova fails as not attested
    ok_with(
        &mut reg,
        c.stranger.address,
        &finalise,
        vec![
            I::ApplicationFailed {
                roundId: 2,
                applicationId: 3,
                reason: 9,
            }
            .into(),
            I::ApplicationQualified {
                roundId: 2,
                applicationId: 4,
                rank: 1,
            }
            .into(),
            I::RoundFinalised {
                roundId: 2,
                passed: 1,
                qualified: 1,
            }
            .into(),
        ],
    );
    assert_eq!(
        reg.view(&I::eligibilityCall { applicationId: 3 })
            .expect("eligibility"),
        I::eligibilityReturn {
            eligible: false,
            status: 9
        }
    );
}

#[test]
fn one_account_cannot_fill_a_round() {
    let c = cast();
    let mut reg = populated();
    let nova = c.lst(3); // application 3, pending in round 2
    let already = |account| I::RegistryAlreadyApplied {
        account,
        applicationId: 3,
    };
    // the same applicant, with fresh proposals and other staking contracts
    for i in 1..=3u8 {
        let again = I::submitApplicationCall {
            name: format!("Nova LST {i}"),
            snapshotProposal: keccak256(format!("Nova's proposal #{i}")),
            stakingContract: alloy_primitives::Address::repeat_byte(i),
            ..nova.submit()
        };
        assert_reverts(
            &mut reg,
            nova.applicant.address,
            &again,
            already(nova.applicant.address),
        );
    }
    // another account naming the same staking contract
    let proxy = I::submitApplicationCall {
        snapshotProposal: keccak256("a proxy's proposal"),
        stakingContract: nova.staking.address,
        ..c.lst(4).submit()
    };
    assert_reverts(
        &mut reg,
        c.lst(4).applicant.address,
        &proxy,
        already(nova.staking.address),
    );
    // the rule is per round: Artemis (qualified in round 1) applies in round 2
    let artemis = I::submitApplicationCall {
        snapshotProposal: keccak256("Artemis, round 2"),
        ..c.lst(1).submit()
    };
    assert_eq!(
        ok(&mut reg, c.lst(1).applicant.address, &artemis).value(),
        Some(&4)
    );
    // and a withdrawn application does not count
    ok(
        &mut reg,
        nova.applicant.address,
        &I::withdrawApplicationCall { applicationId: 3 },
    );
    let again = I::submitApplicationCall {
        snapshotProposal: keccak256("Nova's corrected proposal"),
        ..nova.submit()
    };
    assert_eq!(
        ok(&mut reg, nova.applicant.address, &again).value(),
        Some(&5)
    );
}

#[test]
fn a_revoked_lst_never_pairs_again_and_its_pairings_end() {
    let c = cast();
    let mut reg = populated();
    let admin = c.admin.address;
    // Artemis (application 1, qualified) is paired with node 1 (pairing 1, nonce 1); node 2
    // pairs with it too (pairing 2, nonce 2)
    ok(
        &mut reg,
        c.node(2).operator.address,
        &I::pairCall {
            nodeId: 2,
            applicationId: 1,
            stakeCap: metis(20_000),
            announcementUri: announcement_uri(2, "Artemis"),
        },
    );
    let revoke = |reason: &str| I::revokeApplicationCall {
        applicationId: 1,
        reason: reason.into(),
    };
    assert_reverts(
        &mut reg,
        c.stranger.address,
        &revoke("no"),
        I::RegistryNotAdmin {
            caller: c.stranger.address,
        },
    );
    for reason in [String::new(), "x".repeat(257)] {
        assert_reverts(
            &mut reg,
            admin,
            &revoke(&reason),
            I::RegistryInvalidLength {
                field: 12,
                length: U256::from(reason.len()),
                min: U256::from(1),
                max: U256::from(256),
            },
        );
    }
    // an emergency act: it works while paused
    ok(&mut reg, admin, &I::pauseCall {});
    let reason = "staking contract exploited";
    ok_with(
        &mut reg,
        admin,
        &revoke(reason),
        vec![
            I::ApplicationRevoked {
                roundId: 1,
                applicationId: 1,
                previousStatus: 4,
                reason: reason.into(),
            }
            .into(),
            I::NodeUnpaired {
                nodeId: 1,
                pairingId: 1,
                by: admin,
                reason: reason.into(),
                nonce: 3,
            }
            .into(),
            I::NodeUnpaired {
                nodeId: 2,
                pairingId: 2,
                by: admin,
                reason: reason.into(),
                nonce: 4,
            }
            .into(),
        ],
    );
    ok(&mut reg, admin, &I::unpauseCall {});
    for (node, pairing) in [(1, 1), (2, 2)] {
        assert_eq!(
            reg.view(&I::nodeCall { nodeId: node })
                .expect("node")
                .activePairing,
            0
        );
        assert!(
            reg.view(&I::pairingCall { pairingId: pairing })
                .expect("pairing")
                .endedAt
                > 0
        );
    }
    assert!(reg
        .view(&I::activePairingsCall {
            offset: 0,
            limit: 10
        })
        .expect("active pairings")
        .nodeIds
        .is_empty());
    assert_eq!(
        reg.view(&I::eligibilityCall { applicationId: 1 })
            .expect("eligibility"),
        I::eligibilityReturn {
            eligible: false,
            status: 10
        }
    );
    // its nodes' operators cannot pair it again; a second revocation is refused
    let revoked = I::RegistryWrongApplicationStatus {
        applicationId: 1,
        status: 10,
        expected: 4,
    };
    for node in [1, 2] {
        assert_reverts(
            &mut reg,
            c.node(node).operator.address,
            &I::pairCall {
                nodeId: node,
                applicationId: 1,
                stakeCap: metis(20_000),
                announcementUri: announcement_uri(node, "Artemis"),
            },
            revoked.clone(),
        );
    }
    assert_reverts(&mut reg, admin, &revoke(reason), revoked);
    // nor can its staking contract report for the ended pairings
    assert_reverts(
        &mut reg,
        c.lst(1).staking.address,
        &I::reportStakeCall {
            pairingId: 1,
            stake: metis(1),
        },
        I::RegistryPairingEnded { pairingId: 1 },
    );
    // a withdrawn application cannot be revoked either
    ok(
        &mut reg,
        c.lst(3).applicant.address,
        &I::withdrawApplicationCall { applicationId: 3 },
    );
    assert_reverts(
        &mut reg,
        admin,
        &I::revokeApplicationCall {
            applicationId: 3,
            reason: reason.into(),
        },
        I::RegistryWrongApplicationStatus {
            applicationId: 3,
            status: 2,
            expected: 4,
        },
    );
}

#[test]
fn a_late_report_for_an_ended_pairing_does_not_land_on_the_nodes_next_pairing() {
    let c = cast();
    let mut reg = populated();
    let operator = c.node(1).operator.address;
    // node 1: pairing 1 with Artemis (50,000 METIS reported) ends; pairing 2 with Enki starts
    ok(
        &mut reg,
        operator,
        &I::unpairCall {
            nodeId: 1,
            reason: "moving to Enki".into(),
        },
    );
    ok(
        &mut reg,
        operator,
        &I::pairCall {
            nodeId: 1,
            applicationId: 2,
            stakeCap: metis(100_000),
            announcementUri: announcement_uri(1, "Enki Protocol"),
        },
    );
    let artemis = c.lst(1).staking.address;
    let late = metis(70_000);
    // Artemis's report, meant for pairing 1, arrives late
    assert_reverts(
        &mut reg,
        artemis,
        &I::reportStakeCall {
            pairingId: 1,
            stake: late,
        },
        I::RegistryPairingEnded { pairingId: 1 },
    );
    // naming the node's new pairing, it is not Artemis's to report
    assert_reverts(
        &mut reg,
        artemis,
        &I::reportStakeCall {
            pairingId: 2,
            stake: late,
        },
        I::RegistryNotStakingContract {
            nodeId: 1,
            caller: artemis,
            stakingContract: c.lst(2).staking.address,
        },
    );
    for pairing in [0, 3, 1 << 32] {
        assert_reverts(
            &mut reg,
            artemis,
            &I::reportStakeCall {
                pairingId: pairing,
                stake: late,
            },
            I::RegistryUnknownPairing { pairingId: pairing },
        );
    }
    let stake = |reg: &mut lst_registry_e2e::Registry, pairing| {
        reg.view(&I::pairingCall { pairingId: pairing })
            .expect("pairing")
            .stake
    };
    assert_eq!(
        stake(&mut reg, 1),
        metis(50_000),
        "the ended pairing keeps its stake"
    );
    assert_eq!(
        stake(&mut reg, 2),
        U256::ZERO,
        "the new pairing got nothing"
    );
    assert_eq!(
        reg.view(&I::remainingCapacityCall { nodeId: 1 })
            .expect("capacity"),
        metis(100_000)
    );
    // Enki reports its own pairing
    ok_with(
        &mut reg,
        c.lst(2).staking.address,
        &I::reportStakeCall {
            pairingId: 2,
            stake: metis(30_000),
        },
        vec![I::StakeReported {
            nodeId: 1,
            pairingId: 2,
            stake: metis(30_000),
        }
        .into()],
    );
}

#[test]
fn revoking_a_squatters_pending_application_gives_the_proposal_back() {
    let c = cast();
    let mut reg = populated();
    let admin = c.admin.address;
    let orbit = c.lst(4);
    // the Stranger claims Orbit's proposal before Orbit applies (application 4)
    assert_eq!(
        ok(&mut reg, c.stranger.address, &clone_of(4)).value(),
        Some(&4)
    );
    assert_reverts(
        &mut reg,
        orbit.applicant.address,
        &orbit.submit(),
        I::RegistryProposalUsed {
            snapshotProposal: orbit.snapshot_proposal,
            applicationId: 4,
        },
    );
    let reason = "squats Orbit Staking's proposal";
    ok_with(
        &mut reg,
        admin,
        &I::revokeApplicationCall {
            applicationId: 4,
            reason: reason.into(),
        },
        vec![I::ApplicationRevoked {
            roundId: 2,
            applicationId: 4,
            previousStatus: 1,
            reason: reason.into(),
        }
        .into()],
    );
    // the revoked squatter can no longer be attested or withdrawn
    assert_reverts(
        &mut reg,
        c.relayer.address,
        &attest(4, &tally_of(4), Vec::new()),
        I::RegistryWrongApplicationStatus {
            applicationId: 4,
            status: 10,
            expected: 1,
        },
    );
    // Orbit applies with its own proposal
    ok_with(
        &mut reg,
        orbit.applicant.address,
        &orbit.submit(),
        vec![I::ApplicationSubmitted {
            roundId: 2,
            applicationId: 5,
            applicant: orbit.applicant.address,
            stakingContract: orbit.staking.address,
            contentHash: orbit.content_hash,
            snapshotProposal: orbit.snapshot_proposal,
        }
        .into()],
    );
    let round = reg.view(&I::roundCall { roundId: 2 }).expect("round");
    assert_eq!(
        (round.applications, round.live),
        (3, 2),
        "the revoked one is not live"
    );
    // a decided application keeps its proposal: Artemis (qualified) revoked, its vote
    // still backs application 1 only
    ok(
        &mut reg,
        admin,
        &I::revokeApplicationCall {
            applicationId: 1,
            reason: reason.into(),
        },
    );
    let reuse = I::submitApplicationCall {
        stakingContract: c.stranger.address,
        ..c.lst(1).submit()
    };
    assert_reverts(
        &mut reg,
        c.stranger.address,
        &reuse,
        I::RegistryProposalUsed {
            snapshotProposal: c.lst(1).snapshot_proposal,
            applicationId: 1,
        },
    );
}
