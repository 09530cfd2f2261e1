//! Revoking applications during Stage 1.

use lst_registry::RegistryError;

use super::uniqueness::{proposal_used_by_a, submission_rejected, CLONE_OF_A};
use crate::native::support::*;

#[test]
fn a_revoked_pending_application_leaves_its_round() {
    let mut env = applications_submitted();
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.attest(APP_C, &votes_c(), &[ORACLE_1, ORACLE_2]);
    env.emits(
        ADMIN,
        |r| r.revoke_application(APP_B, "copied application"),
        &[revoked_log(APP_B, status::PENDING, "copied application")],
    );
    let round = env.reg.round(ROUND_1).unwrap();
    assert_eq!(
        (round.4, round.5, round.6),
        (3, 2, 2),
        "applications stay 3, live and tallied are 2"
    );
    // Nothing is missing now: the round finalises without B, which emits nothing.
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            qualified_log(APP_A, 1),
            qualified_log(APP_C, 2),
            finalised_log(2, 2),
        ],
    );
    assert_eq!(env.reg.eligibility(APP_B), (false, status::REVOKED));
    assert_eq!(env.rank_of(APP_B), 0);
}

#[test]
fn a_revoked_pending_application_is_not_failed_as_unattested() {
    let mut env = applications_submitted();
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.by(ADMIN).revoke_application(APP_B, "exploit").unwrap();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    // C is still missing: the round waits for it, not for B.
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::tallies_missing(ROUND_1, 1, 2),
    );
    env.at(ATTESTATION_DEADLINE + 1);
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            failed_log(APP_C, status::NOT_ATTESTED),
            qualified_log(APP_A, 1),
            finalised_log(1, 1),
        ],
    );
    assert_eq!(env.status_of(APP_B), status::REVOKED);
}

#[test]
fn a_revoked_tallied_application_leaves_its_round() {
    // A has the most For weight; revoked, it neither ranks nor takes a slot.
    let mut env = tallies_attested();
    env.emits(
        ADMIN,
        |r| r.revoke_application(APP_A, "exploit"),
        &[revoked_log(APP_A, status::TALLIED, "exploit")],
    );
    let round = env.reg.round(ROUND_1).unwrap();
    assert_eq!((round.4, round.5, round.6), (3, 2, 2));
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            qualified_log(APP_B, 1),
            qualified_log(APP_C, 2),
            finalised_log(2, 2),
        ],
    );
    assert_eq!(env.reg.eligibility(APP_A), (false, status::REVOKED));
    assert_eq!(env.rank_of(APP_A), 0);
    assert_eq!(
        env.reg.application_tally(APP_A).unwrap().0,
        votes_a().for_votes,
        "the tally stays on record"
    );
}

#[test]
fn a_revoked_application_is_neither_withdrawn_nor_attested() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    env.by(ADMIN).revoke_application(APP_A, "exploit").unwrap();
    env.reverts(
        APPLICANT_A,
        |r| r.withdraw_application(APP_A),
        RegistryError::wrong_application_status(APP_A, status::REVOKED, status::PENDING),
    );
    env.attest_reverts(
        APP_A,
        &votes,
        &signatures,
        RegistryError::wrong_application_status(APP_A, status::REVOKED, status::PENDING),
    );
}

#[test]
fn revoking_a_squatter_gives_the_proposal_back_to_the_lst_that_ran_the_vote() {
    // D claims A's proposal first (before A applies): A is refused. The admin revokes D's
    // never-attested application, which releases the proposal, and A applies with it.
    let mut env = round_open();
    assert_eq!(env.submit(&CLONE_OF_A), 1);
    let taken = RegistryError::proposal_used(LST_A.snapshot_proposal, 1);
    submission_rejected(&mut env, &LST_A, taken);
    env.emits(
        ADMIN,
        |r| r.revoke_application(1, "squats Alpha's proposal"),
        &[revoked_log(1, status::PENDING, "squats Alpha's proposal")],
    );
    assert_eq!(env.submit(&LST_A), 2);
    let a = env.reg.application(2).unwrap();
    assert_eq!(
        (a.1, a.2, a.3, a.6),
        (
            APPLICANT_A,
            STAKING_A,
            status::PENDING,
            LST_A.snapshot_proposal
        )
    );
    // The revoked application keeps its record, proposal included.
    assert_eq!(env.reg.application(1).unwrap().6, LST_A.snapshot_proposal);
    // Now the proposal backs A's application: nobody else gets it.
    let again = Lst {
        applicant: STRANGER,
        staking_contract: STRANGER,
        ..CLONE_OF_A
    };
    submission_rejected(
        &mut env,
        &again,
        RegistryError::proposal_used(LST_A.snapshot_proposal, 2),
    );
    // And A's application is attested and qualifies as usual.
    env.attest(2, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.close_and_finalise(ROUND_1);
    assert_eq!(env.reg.eligibility(2), (true, status::QUALIFIED));
    assert_eq!(env.reg.eligibility(1), (false, status::REVOKED));
}

#[test]
fn revoking_an_attested_application_keeps_its_proposal_used() {
    // Tallied, then qualified: the vote was counted for it, and stays its own.
    let mut env = tallies_attested();
    env.by(ADMIN).revoke_application(APP_A, "exploit").unwrap();
    env.by(ADMIN).revoke_application(APP_B, "exploit").unwrap();
    submission_rejected(&mut env, &LST_A, proposal_used_by_a());
    env.close_and_finalise(ROUND_1);
    assert_eq!(env.status_of(APP_C), status::QUALIFIED);
    env.by(ADMIN).revoke_application(APP_C, "exploit").unwrap();
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    for (lst, id) in [(&LST_A, APP_A), (&LST_B, APP_B), (&LST_C, APP_C)] {
        submission_rejected(
            &mut env,
            lst,
            RegistryError::proposal_used(lst.snapshot_proposal, id),
        );
    }
}

#[test]
fn revoking_a_squatter_that_withdrew_gives_the_proposal_back() {
    // D claims A's proposal and withdraws at once: the claim outlives the withdrawal, so
    // A is refused until the admin revokes the withdrawn copy, which releases the proposal.
    let mut env = round_open();
    assert_eq!(env.submit(&CLONE_OF_A), 1);
    env.by(APPLICANT_D).withdraw_application(1).unwrap();
    let taken = RegistryError::proposal_used(LST_A.snapshot_proposal, 1);
    submission_rejected(&mut env, &LST_A, taken);
    env.emits(
        ADMIN,
        |r| r.revoke_application(1, "squats Alpha's proposal"),
        &[revoked_log(1, status::WITHDRAWN, "squats Alpha's proposal")],
    );
    assert_eq!(env.status_of(1), status::REVOKED);
    assert_eq!(env.reg.application(1).unwrap().6, LST_A.snapshot_proposal);
    assert_eq!(env.submit(&LST_A), 2);
    // The proposal backs A's application now, and A's vote qualifies it.
    submission_rejected(
        &mut env,
        &CLONE_OF_A,
        RegistryError::proposal_used(LST_A.snapshot_proposal, 2),
    );
    env.attest(2, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.close_and_finalise(ROUND_1);
    assert_eq!(env.reg.eligibility(2), (true, status::QUALIFIED));
}

#[test]
fn revoking_a_squatter_failed_as_not_attested_gives_the_proposal_back() {
    // Nobody revoked D's copy in time: it fails as not attested when the window ends, still
    // holding A's proposal. Revoked then, it releases it, and A applies in the next round.
    let mut env = round_open();
    assert_eq!(env.submit(&CLONE_OF_A), 1);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.at(ATTESTATION_DEADLINE + 1);
    env.by(STRANGER).finalise_round(ROUND_1).unwrap();
    assert_eq!(env.status_of(1), status::NOT_ATTESTED);
    env.by(ADMIN).open_round(1, T0 + 100 * DAY).unwrap();
    let taken = RegistryError::proposal_used(LST_A.snapshot_proposal, 1);
    submission_rejected(&mut env, &LST_A, taken);
    env.emits(
        ADMIN,
        |r| r.revoke_application(1, "exploit"),
        &[revoked_log(1, status::NOT_ATTESTED, "exploit")],
    );
    assert_eq!(env.submit(&LST_A), 2);
}

#[test]
fn revoking_a_decided_application_keeps_its_proposal_used() {
    // Attested, then decided (passed but not selected, or failed on quorum, voters or
    // approval): each vote was counted for its application and stays its own when it is
    // revoked, so it cannot back a second application.
    let mut env = applications_submitted();
    env.attest(
        APP_A,
        &Votes::metis(1_000, 0, 0, 900),
        &[ORACLE_1, ORACLE_2],
    );
    env.attest(
        APP_B,
        &Votes::metis(25_000, 0, 0, 10),
        &[ORACLE_1, ORACLE_2],
    );
    env.attest(
        APP_C,
        &Votes::metis(20_000, 10_000, 0, 600),
        &[ORACLE_1, ORACLE_2],
    );
    env.close_and_finalise(ROUND_1);
    let decided = [
        (&LST_A, APP_A, status::FAILED_QUORUM),
        (&LST_B, APP_B, status::FAILED_VOTERS),
        (&LST_C, APP_C, status::FAILED_APPROVAL),
    ];
    for (_, id, status) in decided {
        env.emits(
            ADMIN,
            |r| r.revoke_application(id, "exploit"),
            &[revoked_log(id, status, "exploit")],
        );
    }
    let mut selected = finalised();
    assert_eq!(selected.status_of(APP_C), status::NOT_SELECTED);
    selected.emits(
        ADMIN,
        |r| r.revoke_application(APP_C, "exploit"),
        &[revoked_log(APP_C, status::NOT_SELECTED, "exploit")],
    );
    for env in [&mut env, &mut selected] {
        env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    }
    for (lst, id, _) in decided {
        let used = RegistryError::proposal_used(lst.snapshot_proposal, id);
        submission_rejected(&mut env, lst, used);
    }
    let used = RegistryError::proposal_used(LST_C.snapshot_proposal, APP_C);
    submission_rejected(&mut selected, &LST_C, used);
}
