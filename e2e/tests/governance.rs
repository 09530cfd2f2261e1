//! The governance attacks of the integrity review, tried against the deployed programs on the
//! devnet: a cloned application, a vote in the applicant's own Snapshot space, rules changed
//! after the votes are public, an oracle minority, and recovery while paused. Each attack must
//! revert with its custom error and leave storage and logs untouched.

mod common;

use alloy_primitives::{keccak256, U256};
use common::*;
use lst_registry_e2e::abi::ILstRegistry as I;
use lst_registry_e2e::eip712::{self, TallyAttestation};
use lst_registry_e2e::render::metis;
use lst_registry_e2e::scenario::cast::{attest, sorted, SNAPSHOT_SPACE};

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
    let signatures = eip712::bundle(&c.oracle_refs(&[0, 1]), digest).expect("signs");
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
        },
    );
    let round = reg.view(&I::roundCall { roundId: 2 }).expect("round");
    assert_eq!(
        (round.quorum, round.minVoters, round.approvalBps),
        (metis(20_000), 500, 8_000)
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
    assert_eq!(round.approvalBps, 9_500);
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
    // replace the oracle set, the guardian and the admin, all while paused
    let signers = sorted(&c.oracle_refs(&[0, 1, 3]));
    ok_with(
        &mut reg,
        admin,
        &I::setOracleSetCall {
            signers: signers.clone(),
            threshold: 2,
        },
        vec![I::OracleSetChanged {
            epoch: 2,
            signers,
            threshold: 2,
        }
        .into()],
    );
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
