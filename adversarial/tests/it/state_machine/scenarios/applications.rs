//! Fixed sequences about applications: one application per proposal, in the program's space; a
//! revoked application loses its pairings; revoking a squatter frees its proposal.

use super::*;

#[test]
fn a_proposal_backs_one_application_ever_and_only_in_the_programs_space() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let result = (|| {
        world.step(&Action::OpenRound(r(), 1, 1))?;
        world.step(&Action::Submit(r(), 0, 0))?; // app 1
        world.step(&Action::Submit(r(), 1, 0))?; // app 2
        world.step(&Action::Withdraw(r(), Id::Exact(2)))?;
        expect_last(&world, "ok")?;
        // copies of app 1's proposal: by a stranger with app 1's staking contract, by a
        // stranger with another, by app 1's own applicant
        for k in [0, 5, 2] {
            world.step(&Action::SubmitClone(r(), Id::Exact(1), k))?;
            expect_last(&world, "RegistryProposalUsed")?;
            expect_last(&world, "applicationId: 1 ")?;
        }
        // a copy of the withdrawn app 2's proposal
        world.step(&Action::SubmitClone(r(), Id::Exact(2), 1))?;
        expect_last(&world, "applicationId: 2 ")?;
        // another space than the program's
        world.step(&Action::SubmitSpace(r(), 2, 0))?; // "Metislayer2.eth"
        expect_last(&world, "RegistryWrongSnapshotSpace")?;
        // the admin moves the program to another space; invalid lengths and strangers refused
        world.step(&Action::SetSnapshotSpace(r(), 6))?; // ""
        expect_last(
            &world,
            "RegistryInvalidLength { field: 7, length: 0, min: 1, max: 64 }",
        )?;
        world.step(&Action::SetSnapshotSpace(r(), 7))?; // 65 bytes
        expect_last(
            &world,
            "RegistryInvalidLength { field: 7, length: 65, min: 1, max: 64 }",
        )?;
        world.step(&Action::SetSnapshotSpace(Who::Pick(16), 1))?; // Stranger 1
        expect_last(&world, "RegistryNotAdmin")?;
        world.step(&Action::SetSnapshotSpace(r(), 1))?; // "lst.metis.eth"
        expect_last(&world, "ok")?;
        // the old space is now another space, also for a copy (the space is checked first)
        world.step(&Action::SubmitSpace(r(), 2, 10))?; // "metislayer2.eth"
        expect_last(&world, "RegistryWrongSnapshotSpace")?;
        world.step(&Action::SubmitClone(r(), Id::Exact(1), 30))?; // in app 1's own space
        expect_last(&world, "RegistryWrongSnapshotSpace")?;
        world.step(&Action::Submit(r(), 2, 0))?; // app 3, in the new space
        expect_last(&world, "ok → 3")?;
        // a later round: the proposals stay used
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        world.step(&Action::OpenRound(r(), 1, 1))?;
        world.step(&Action::SubmitClone(r(), Id::Exact(1), 2))?;
        expect_last(&world, "applicationId: 1 ")?;
        world.step(&Action::SubmitClone(r(), Id::Exact(3), 4))?;
        expect_last(&world, "applicationId: 3 ")?;
        prop_assert_eq!(world.m.s.application_count, 3);
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

#[test]
fn a_revoked_application_loses_its_pairings_and_never_pairs_again() {
    let mut world = warm();
    let r = || Who::Right;
    let result = (|| {
        // application 1 (qualified) gets a second node, application 2 a node
        world.step(&Action::Pair(r(), Id::Exact(2), Id::Exact(1), 2, 0))?;
        expect_last(&world, "ok → 2")?;
        world.step(&Action::Pair(r(), Id::Exact(3), Id::Exact(2), 2, 0))?;
        expect_last(&world, "ok → 3")?;
        // only the admin revokes, and says why (1 to 256 bytes)
        world.step(&Action::Revoke(Who::Pick(16), Id::Exact(1), 0))?; // Stranger 1
        expect_last(&world, "RegistryNotAdmin")?;
        world.step(&Action::Revoke(Who::Pick(1), Id::Exact(1), 0))?; // the guardian
        expect_last(&world, "RegistryNotAdmin")?;
        world.step(&Action::Revoke(r(), Id::Exact(1), 1))?; // ""
        expect_last(
            &world,
            "RegistryInvalidLength { field: 12, length: 0, min: 1, max: 256 }",
        )?;
        world.step(&Action::Revoke(r(), Id::Exact(1), 3))?; // 257 bytes
        expect_last(&world, "length: 257")?;
        world.step(&Action::Revoke(r(), Id::Next, 0))?;
        expect_last(&world, "RegistryUnknownApplication")?;
        // the guardian pauses; the admin still revokes: both pairings of app 1 end (nonce
        // moving per pairing), node by node
        world.step(&Action::Pause(r()))?;
        let nonce = world.m.s.pairing_nonce;
        world.step(&Action::Revoke(r(), Id::Exact(1), 2))?; // 256 bytes
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.pairing_nonce, nonce + 2);
        prop_assert_eq!(
            world.m.events.clone(),
            Some(vec![
                event("ApplicationRevoked", &[1, 1, QUALIFIED as u128, 256]),
                event("NodeUnpaired", &[1, 1, nonce as u128 + 1, 256]),
                event("NodeUnpaired", &[2, 2, nonce as u128 + 2, 256]),
            ])
        );
        world.step(&Action::Revoke(r(), Id::Exact(1), 0))?;
        expect_last(
            &world,
            "RegistryWrongApplicationStatus { applicationId: 1, status: 10, expected: 4 }",
        )?;
        // stake reports are refused while paused; then name the pairing: app 1's ended ones
        // are refused, app 2's is taken
        world.step(&Action::ReportStake(r(), Id::Exact(3), 3))?;
        expect_last(&world, "RegistryPaused")?;
        world.step(&Action::Unpause(r()))?;
        world.step(&Action::ReportStake(r(), Id::Exact(1), 3))?;
        expect_last(&world, "RegistryPairingEnded { pairingId: 1 }")?;
        world.step(&Action::ReportStake(r(), Id::Exact(2), 0))?;
        expect_last(&world, "RegistryPairingEnded { pairingId: 2 }")?;
        world.step(&Action::ReportStake(r(), Id::Exact(3), 3))?;
        expect_last(&world, "ok")?;
        world.step(&Action::ReportStake(r(), Id::Exact(4), 3))?;
        expect_last(&world, "RegistryUnknownPairing { pairingId: 4 }")?;
        world.step(&Action::ReportStake(r(), Id::Zero, 3))?;
        expect_last(&world, "RegistryUnknownPairing { pairingId: 0 }")?;
        world.step(&Action::ReportStake(r(), Id::Max, 3))?;
        expect_last(&world, "RegistryUnknownPairing")?;
        // app 2's staking contract cannot report for app 2's pairing from elsewhere, nor
        // another's: the wrong caller is named with the pairing's node
        world.step(&Action::ReportStake(Who::Pick(13), Id::Exact(3), 3))?; // Staking 1
        expect_last(&world, "RegistryNotStakingContract { nodeId: 3,")?;
        // a revoked application never pairs again
        world.step(&Action::Pair(r(), Id::Exact(1), Id::Exact(1), 2, 0))?;
        expect_last(
            &world,
            "RegistryWrongApplicationStatus { applicationId: 1, status: 10, expected: 4 }",
        )?;
        // the freed node pairs with the other qualified application; an ended pairing's
        // record (its stake) stays as it was
        let ended = world.m.s.pairings[0].clone();
        world.step(&Action::Pair(r(), Id::Exact(1), Id::Exact(2), 2, 0))?;
        expect_last(&world, "ok → 4")?;
        prop_assert_eq!(&world.m.s.pairings[0], &ended);
        // a tallied application of the open round is revoked: it leaves the round
        world.step(&Action::CloseRound(r(), Id::Exact(2)))?;
        world.step(&Action::Attest(r(), Id::Exact(4), 0, 0, 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Revoke(r(), Id::Exact(4), 0))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.census(2), (0, 0));
        world.step(&Action::Finalise(r(), Id::Exact(2)))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(
            world.m.events.clone(),
            Some(vec![event("RoundFinalised", &[2, 0, 0])])
        );
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

#[test]
fn revoking_a_squatter_frees_the_proposal_and_an_lst_applies_once_a_round() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let stranger = Who::Pick(16);
    let result = (|| {
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
        world.step(&Action::OpenRound(r(), 2, 1))?;
        // a squatter (Stranger 1) applies first with Artemis's proposal and staking contract
        world.step(&Action::Submit(stranger.clone(), 0, 0))?;
        expect_last(&world, "ok → 1")?;
        // Artemis's own application is refused: the proposal backs application 1
        world.step(&Action::SubmitClone(r(), Id::Exact(1), 2))?; // Applicant 1, staking 1
        expect_last(&world, "RegistryProposalUsed")?;
        expect_last(&world, "applicationId: 1 ")?;
        // the admin revokes the squatter's pending application: the proposal is released
        world.step(&Action::Revoke(r(), Id::Exact(1), 4))?;
        expect_last(&world, "ok")?;
        let proposal = world.m.s.apps[0].proposal;
        prop_assert_eq!(world.m.s.proposal_uses.get(&proposal), Some(&0));
        // a race: the squatter, no longer live in the round, may claim the released proposal
        // again before the LST does (application 2) and withdraw the copy at once: the claim
        // outlives the withdrawal, and revoking the withdrawn copy releases it again
        world.step(&Action::SubmitClone(stranger.clone(), Id::Exact(1), 0))?;
        expect_last(&world, "ok → 2")?;
        world.step(&Action::Withdraw(stranger.clone(), Id::Exact(2)))?;
        expect_last(&world, "ok")?;
        world.step(&Action::SubmitClone(r(), Id::Exact(1), 2))?;
        expect_last(&world, "applicationId: 2 ")?;
        world.step(&Action::Revoke(r(), Id::Exact(2), 4))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.proposal_uses.get(&proposal), Some(&0));
        // Artemis applies with its proposal (and the staking contract the squatter named)
        world.step(&Action::SubmitClone(r(), Id::Exact(1), 2))?;
        expect_last(&world, "ok → 3")?;
        // the squatter cannot take it back, but may apply with another proposal in the same
        // round (its revoked applications are not live)
        world.step(&Action::SubmitClone(stranger.clone(), Id::Exact(1), 0))?;
        expect_last(&world, "applicationId: 3 ")?;
        world.step(&Action::Submit(stranger.clone(), 1, 15))?; // its own staking contract
        expect_last(&world, "ok → 4")?;
        // one live application per applicant and per staking contract in a round
        world.step(&Action::Submit(r(), 0, 15))?; // Applicant 1 again, another staking
        expect_last(&world, "RegistryAlreadyApplied")?;
        expect_last(&world, "applicationId: 3 ")?;
        world.step(&Action::Submit(Who::Pick(11), 0, 0))?; // Applicant 2 with staking 1
        expect_last(&world, "RegistryAlreadyApplied")?;
        expect_last(&world, "applicationId: 3 ")?;
        world.step(&Action::Submit(stranger.clone(), 2, 0))?; // the squatter again
        expect_last(&world, "applicationId: 4 ")?;
        // a withdrawn application frees its applicant and staking contract
        world.step(&Action::Submit(r(), 1, 0))?; // Enki (Applicant 2, staking 2)
        expect_last(&world, "ok → 5")?;
        world.step(&Action::Withdraw(r(), Id::Exact(5)))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Submit(r(), 1, 0))?;
        expect_last(&world, "ok → 6")?;
        // revoking a tallied application does not release its proposal
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        world.step(&Action::Attest(r(), Id::Exact(3), 0, 0, 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Revoke(r(), Id::Exact(3), 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::OpenRound(r(), 2, 1))?;
        world.step(&Action::SubmitClone(r(), Id::Exact(3), 2))?;
        expect_last(&world, "applicationId: 3 ")?;
        // in a new round every LST may apply again, once
        world.step(&Action::Submit(r(), 0, 0))?;
        expect_last(&world, "ok → 7")?;
        world.step(&Action::Submit(r(), 0, 0))?;
        expect_last(&world, "RegistryAlreadyApplied")?;
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}
