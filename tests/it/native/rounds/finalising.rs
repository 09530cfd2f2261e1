//! Finalising rounds: ranking, slots, and the attestation window.

use alloy_primitives::U256;
use lst_registry::RegistryError;

use crate::native::support::*;

// ---- finalising ------------------------------------------------------------------------------

#[test]
fn finalise_round_qualifies_the_top_slots_and_ranks_the_rest() {
    let mut env = tallies_attested();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            qualified_log(APP_A, 1),
            qualified_log(APP_B, 2),
            passed_log(APP_C, 3),
            finalised_log(3, 2),
        ],
    );
    assert_eq!(
        env.reg.round(ROUND_1),
        Ok((
            SLOTS,
            round_status::FINALISED,
            0,
            1,
            3,
            3,
            3,
            3,
            2,
            DEADLINE,
            ATTESTATION_DEADLINE,
            default_round_rules()
        ))
    );
    assert_eq!(env.reg.eligibility(APP_A), (true, status::QUALIFIED));
    assert_eq!(env.reg.eligibility(APP_B), (true, status::QUALIFIED));
    assert_eq!(env.reg.eligibility(APP_C), (false, status::NOT_SELECTED));
    assert_eq!(
        (env.rank_of(APP_A), env.rank_of(APP_B), env.rank_of(APP_C)),
        (1, 2, 3)
    );
}

#[test]
fn finalise_round_needs_a_closed_round() {
    let mut env = tallies_attested();
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::wrong_round_status(ROUND_1, round_status::OPEN, round_status::CLOSED),
    );
    env.close_and_finalise(ROUND_1);
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::wrong_round_status(ROUND_1, round_status::FINALISED, round_status::CLOSED),
    );
}

#[test]
fn finalise_round_rejects_an_unknown_round() {
    let mut env = configured();
    env.reverts(
        STRANGER,
        |r| r.finalise_round(1),
        RegistryError::unknown_round(1),
    );
    env.reverts(
        STRANGER,
        |r| r.finalise_round(0),
        RegistryError::unknown_round(0),
    );
}

#[test]
fn finalise_round_waits_for_every_live_tally() {
    let mut env = applications_submitted();
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.attest(APP_C, &votes_c(), &[ORACLE_1, ORACLE_2]);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::tallies_missing(ROUND_1, 2, 3),
    );
    // Once the untallied one is withdrawn, nothing is missing.
    env.by(APPLICANT_B).withdraw_application(APP_B).unwrap();
    env.by(STRANGER).finalise_round(ROUND_1).unwrap();
}

#[test]
fn finalise_round_skips_withdrawn_applications() {
    let mut env = applications_submitted();
    env.by(APPLICANT_A).withdraw_application(APP_A).unwrap();
    env.attest(APP_B, &votes_b(), &[ORACLE_1, ORACLE_2]);
    env.attest(APP_C, &votes_c(), &[ORACLE_1, ORACLE_2]);
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
    assert_eq!(env.status_of(APP_A), status::WITHDRAWN);
    assert_eq!(env.rank_of(APP_A), 0);
}

#[test]
fn finalise_round_of_an_empty_round_qualifies_nobody() {
    let mut env = round_open();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[finalised_log(0, 0)],
    );
}

#[test]
fn ranking_is_by_for_weight_with_ties_to_the_earlier_application() {
    let mut env = round_open();
    for lst in [&LST_A, &LST_B, &LST_C, &LST_D] {
        env.submit(lst);
    }
    // For weights: A 25k, B 30k, C 25k, D 30k; Against and Abstain favour the later ones to
    // show they do not rank.
    env.attest(1, &Votes::metis(25_000, 0, 0, 500), &[ORACLE_1, ORACLE_2]);
    env.attest(2, &Votes::metis(30_000, 0, 0, 500), &[ORACLE_1, ORACLE_2]);
    env.attest(
        3,
        &Votes::metis(25_000, 0, 9_000, 900),
        &[ORACLE_1, ORACLE_2],
    );
    env.attest(
        4,
        &Votes::metis(30_000, 0, 9_000, 900),
        &[ORACLE_1, ORACLE_2],
    );
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            qualified_log(2, 1),
            qualified_log(4, 2),
            passed_log(1, 3),
            passed_log(3, 4),
            finalised_log(4, 2),
        ],
    );
    assert_eq!(
        [1, 2, 3, 4].map(|id| env.status_of(id)),
        [
            status::NOT_SELECTED,
            status::QUALIFIED,
            status::NOT_SELECTED,
            status::QUALIFIED
        ]
    );
    assert_eq!([1, 2, 3, 4].map(|id| env.rank_of(id)), [3, 1, 4, 2]);
}

#[test]
fn ranking_separates_for_weights_one_wei_apart() {
    let mut env = round_open();
    env.submit(&LST_A);
    env.submit(&LST_B);
    env.attest(
        1,
        &Votes::wei(metis(25_000), U256::ZERO, U256::ZERO, 500),
        &[ORACLE_1, ORACLE_2],
    );
    env.attest(
        2,
        &Votes::wei(metis(25_000) + wei(1), U256::ZERO, U256::ZERO, 500),
        &[ORACLE_1, ORACLE_2],
    );
    env.close_and_finalise(ROUND_1);
    assert_eq!((env.rank_of(1), env.rank_of(2)), (2, 1));
}

#[test]
fn failed_applications_get_no_rank_and_do_not_take_slots() {
    let mut env = round_open();
    for lst in [&LST_A, &LST_B, &LST_C] {
        env.submit(lst);
    }
    env.attest(
        1,
        &Votes::metis(90_000, 80_000, 0, 900),
        &[ORACLE_1, ORACLE_2],
    ); // most For, fails approval
    env.attest(2, &Votes::metis(20_000, 0, 0, 500), &[ORACLE_1, ORACLE_2]);
    env.attest(3, &Votes::metis(21_000, 0, 0, 499), &[ORACLE_1, ORACLE_2]); // fails voters
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            failed_log(1, status::FAILED_APPROVAL),
            failed_log(3, status::FAILED_VOTERS),
            qualified_log(2, 1),
            finalised_log(1, 1),
        ],
    );
    assert_eq!([1, 2, 3].map(|id| env.rank_of(id)), [0, 1, 0]);
    assert_eq!(env.reg.round(ROUND_1).unwrap().8, 1);
}

#[test]
fn fewer_passed_than_slots_all_qualify() {
    let mut env = configured();
    env.by(ADMIN).open_round(5, DEADLINE).unwrap();
    env.submit(&LST_A);
    env.submit(&LST_B);
    env.attest(1, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.attest(2, &votes_b(), &[ORACLE_1, ORACLE_2]);
    env.close_and_finalise(1);
    assert_eq!(env.reg.round(1).unwrap().7, 2);
    assert_eq!(env.reg.round(1).unwrap().8, 2);
    assert_eq!(
        [1, 2].map(|id| env.status_of(id)),
        [status::QUALIFIED, status::QUALIFIED]
    );
}

// ---- the attestation window ------------------------------------------------------------------

#[test]
fn finalise_round_waits_for_a_missing_tally_until_the_attestation_deadline_inclusive() {
    let mut env = applications_submitted();
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.attest(APP_C, &votes_c(), &[ORACLE_1, ORACLE_2]);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    for now in [DEADLINE + 1, ATTESTATION_DEADLINE - 1, ATTESTATION_DEADLINE] {
        env.at(now);
        env.reverts(
            STRANGER,
            |r| r.finalise_round(ROUND_1),
            RegistryError::tallies_missing(ROUND_1, 2, 3),
        );
    }
    env.at(ATTESTATION_DEADLINE + 1);
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            failed_log(APP_B, status::NOT_ATTESTED),
            qualified_log(APP_A, 1),
            qualified_log(APP_C, 2),
            finalised_log(2, 2),
        ],
    );
    assert_eq!(env.reg.eligibility(APP_B), (false, status::NOT_ATTESTED));
    assert_eq!(env.rank_of(APP_B), 0);
    assert_eq!(
        env.reg.application_tally(APP_B),
        Ok((U256::ZERO, U256::ZERO, U256::ZERO, 0, 0))
    );
    let round = env.reg.round(ROUND_1).unwrap();
    // Live 3, tallied 2: the NotAttested application never had a tally.
    assert_eq!(
        (round.1, round.5, round.6, round.7, round.8),
        (round_status::FINALISED, 3, 2, 2, 2)
    );
    // The oracles are too late for good now.
    let late = env.sign(APP_B, &votes_b(), &[ORACLE_1, ORACLE_2]);
    env.reverts(
        RELAYER,
        |r| {
            let v = votes_b();
            r.attest_tally(
                APP_B,
                v.for_votes,
                v.against_votes,
                v.abstain_votes,
                v.voters,
                &late,
            )
        },
        RegistryError::wrong_application_status(APP_B, status::NOT_ATTESTED, status::PENDING),
    );
    env.reverts(
        APPLICANT_B,
        |r| r.withdraw_application(APP_B),
        RegistryError::wrong_application_status(APP_B, status::NOT_ATTESTED, status::PENDING),
    );
}

#[test]
fn unattested_applications_fail_in_id_order_among_the_other_failures() {
    let mut env = round_open();
    for lst in [&LST_A, &LST_B, &LST_C, &LST_D] {
        env.submit(lst);
    }
    // A fails approval, B and D are never attested, C passes.
    env.attest(
        1,
        &Votes::metis(90_000, 80_000, 0, 900),
        &[ORACLE_1, ORACLE_2],
    );
    env.attest(3, &votes_c(), &[ORACLE_1, ORACLE_2]);
    env.at(ATTESTATION_DEADLINE + 1);
    env.by(STRANGER).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            failed_log(1, status::FAILED_APPROVAL),
            failed_log(2, status::NOT_ATTESTED),
            failed_log(4, status::NOT_ATTESTED),
            qualified_log(3, 1),
            finalised_log(1, 1),
        ],
    );
    assert_eq!(
        [1, 2, 3, 4].map(|id| env.status_of(id)),
        [
            status::FAILED_APPROVAL,
            status::NOT_ATTESTED,
            status::QUALIFIED,
            status::NOT_ATTESTED
        ]
    );
}

#[test]
fn a_round_whose_only_application_is_unattested_finalises_with_none_passed() {
    let mut env = round_open();
    env.submit(&LST_A);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.at(ATTESTATION_DEADLINE);
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::tallies_missing(ROUND_1, 0, 1),
    );
    env.at(ATTESTATION_DEADLINE + 1);
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[failed_log(APP_A, status::NOT_ATTESTED), finalised_log(0, 0)],
    );
    let round = env.reg.round(ROUND_1).unwrap();
    assert_eq!((round.1, round.7, round.8), (round_status::FINALISED, 0, 0));
    assert_eq!(env.reg.eligibility(APP_A), (false, status::NOT_ATTESTED));
}

#[test]
fn a_round_finalises_after_the_window_of_the_rules_it_opened_under() {
    // Opened under a one-day window; a 90-day window set afterwards does not hold it longer.
    let mut env = configured();
    env.by(ADMIN)
        .set_vote_rules(metis(20_000), 500, 8_000, MIN_WINDOW)
        .unwrap();
    env.by(ADMIN).open_round(SLOTS, DEADLINE).unwrap();
    env.submit(&LST_A);
    env.by(ADMIN)
        .set_vote_rules(metis(20_000), 500, 8_000, MAX_WINDOW)
        .unwrap();
    let round = env.reg.round(ROUND_1).unwrap();
    assert_eq!((round.10, round.11 .3), (DEADLINE + DAY, MIN_WINDOW));
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.at(DEADLINE + DAY);
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::tallies_missing(ROUND_1, 0, 1),
    );
    env.at(DEADLINE + DAY + 1);
    env.by(STRANGER).finalise_round(ROUND_1).unwrap();
    assert_eq!(env.status_of(APP_A), status::NOT_ATTESTED);
}

#[test]
fn a_fully_tallied_round_finalises_before_its_attestation_deadline() {
    let mut env = tallies_attested();
    env.at(DEADLINE + 1);
    env.by(STRANGER).close_round(ROUND_1).unwrap();
    env.by(STRANGER).finalise_round(ROUND_1).unwrap();
    assert_eq!(env.reg.round(ROUND_1).unwrap().1, round_status::FINALISED);
}
