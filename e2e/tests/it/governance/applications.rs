//! Applications and their Snapshot proposals: a cloned application, a tally reused for a copy
//! with a fresh proposal, a vote in another Snapshot space, and a squatted proposal given back
//! by revoking the squatter, also after the squatter withdrew.

use super::*;

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

/// The admin's reason for revoking the Stranger's copy of Orbit's application.
const SQUAT: &str = "squats Orbit Staking's proposal";

/// The admin revokes the Stranger's copy (application 4 of round 2), in status `previous`.
fn revoke_the_copy(reg: &mut lst_registry_e2e::Registry, previous: u8) {
    ok_with(
        reg,
        cast().admin.address,
        &I::revokeApplicationCall {
            applicationId: 4,
            reason: SQUAT.into(),
        },
        vec![I::ApplicationRevoked {
            roundId: 2,
            applicationId: 4,
            previousStatus: previous,
            reason: SQUAT.into(),
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
    revoke_the_copy(&mut reg, 1);
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
            reason: SQUAT.into(),
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

#[test]
fn a_squatter_who_withdraws_keeps_the_proposal_until_the_admin_revokes_the_copy() {
    let c = cast();
    let mut reg = populated();
    let orbit = c.lst(4);
    let taken = I::RegistryProposalUsed {
        snapshotProposal: orbit.snapshot_proposal,
        applicationId: 4,
    };
    // the Stranger claims Orbit's proposal (application 4) and withdraws the copy at once
    ok(&mut reg, c.stranger.address, &clone_of(4));
    ok(
        &mut reg,
        c.stranger.address,
        &I::withdrawApplicationCall { applicationId: 4 },
    );
    assert_reverts(&mut reg, orbit.applicant.address, &orbit.submit(), taken);
    // revoking the withdrawn copy releases the proposal
    revoke_the_copy(&mut reg, 2);
    assert_eq!(
        ok(&mut reg, orbit.applicant.address, &orbit.submit()).value(),
        Some(&5)
    );
    // a revoked copy is not revoked twice
    assert_reverts(
        &mut reg,
        c.admin.address,
        &I::revokeApplicationCall {
            applicationId: 4,
            reason: SQUAT.into(),
        },
        I::RegistryWrongApplicationStatus {
            applicationId: 4,
            status: 10,
            expected: 4,
        },
    );
}
