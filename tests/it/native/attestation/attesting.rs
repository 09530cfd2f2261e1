//! Attesting tallies: what is recorded, the amounts, the application and the window.

use alloy_primitives::U256;
use lst_registry::events::TallyAttested;
use lst_registry::RegistryError;

use super::relay_rejected;
use crate::native::support::*;

#[test]
fn attest_tally_records_a_tally_relayed_by_anyone() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_3]);
    let event = TallyAttested {
        roundId: ROUND_1,
        applicationId: APP_A,
        oracleEpoch: 1,
        forVotes: votes.for_votes,
        againstVotes: votes.against_votes,
        abstainVotes: votes.abstain_votes,
        voters: votes.voters,
    };
    env.emits(
        STRANGER,
        |r| {
            r.attest_tally(
                APP_A,
                votes.for_votes,
                votes.against_votes,
                votes.abstain_votes,
                votes.voters,
                &signatures,
            )
        },
        &[log_of(&event)],
    );
    assert_eq!(
        env.reg.application_tally(APP_A),
        Ok((
            votes.for_votes,
            votes.against_votes,
            votes.abstain_votes,
            votes.voters,
            1
        ))
    );
    assert_eq!(env.reg.eligibility(APP_A), (false, status::TALLIED));
    assert_eq!(env.reg.round(ROUND_1).unwrap().6, 1, "tallied");
}

#[test]
fn attest_tally_accepts_every_signer_of_the_set() {
    let mut env = applications_submitted();
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2, ORACLE_3]);
    assert_eq!(env.status_of(APP_A), status::TALLIED);
}

#[test]
fn attest_tally_accepts_amounts_up_to_uint96() {
    let mut env = applications_submitted();
    let votes = Votes::wei(max_amount(), max_amount(), max_amount(), u32::MAX);
    env.attest(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    assert_eq!(
        env.reg.application_tally(APP_A),
        Ok((max_amount(), max_amount(), max_amount(), u32::MAX, 1))
    );
}

#[test]
fn attest_tally_rejects_amounts_above_uint96() {
    let mut env = applications_submitted();
    let over = max_amount() + wei(1);
    let signatures = env.sign(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.reverts(
        RELAYER,
        |r| r.attest_tally(APP_A, over, U256::ZERO, U256::ZERO, 600, &signatures),
        RegistryError::amount_too_large(over, max_amount()),
    );
}

#[test]
fn attest_tally_rejects_an_unknown_application() {
    let mut env = applications_submitted();
    let signatures = env.sign(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.reverts(
        RELAYER,
        |r| r.attest_tally(9, U256::ZERO, U256::ZERO, U256::ZERO, 0, &signatures),
        RegistryError::unknown_application(9),
    );
}

#[test]
fn attest_tally_rejects_a_replay_of_an_accepted_tally() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    env.try_attest(APP_A, &votes, &signatures).unwrap();
    env.attest_reverts(
        APP_A,
        &votes,
        &signatures,
        RegistryError::wrong_application_status(APP_A, status::TALLIED, status::PENDING),
    );
}

#[test]
fn attest_tally_rejects_a_withdrawn_application() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    env.by(APPLICANT_A).withdraw_application(APP_A).unwrap();
    env.attest_reverts(
        APP_A,
        &votes,
        &signatures,
        RegistryError::wrong_application_status(APP_A, status::WITHDRAWN, status::PENDING),
    );
}

#[test]
fn attest_tally_is_open_until_the_attestation_deadline_inclusive() {
    let mut env = applications_submitted();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.at(ATTESTATION_DEADLINE);
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    assert_eq!(env.status_of(APP_A), status::TALLIED);
    env.at(ATTESTATION_DEADLINE + 1);
    let votes = votes_b();
    let signatures = env.sign(APP_B, &votes, &[ORACLE_1, ORACLE_2]);
    relay_rejected(
        &mut env,
        APP_B,
        &votes,
        &signatures,
        RegistryError::deadline(ROUND_1, ATTESTATION_DEADLINE, ATTESTATION_DEADLINE + 1),
    );
    env.at(u64::MAX);
    relay_rejected(
        &mut env,
        APP_B,
        &votes,
        &signatures,
        RegistryError::deadline(ROUND_1, ATTESTATION_DEADLINE, u64::MAX),
    );
    assert_eq!(env.status_of(APP_B), status::PENDING);
}

#[test]
fn attest_tally_after_the_window_fails_on_the_deadline_before_the_signatures() {
    // Even a round left open past its deadline stops taking tallies at its attestation
    // deadline; the deadline is judged before the amounts and signatures.
    let mut env = applications_submitted();
    env.at(ATTESTATION_DEADLINE + 1);
    let expected = RegistryError::deadline(ROUND_1, ATTESTATION_DEADLINE, ATTESTATION_DEADLINE + 1);
    relay_rejected(&mut env, APP_A, &votes_a(), &[], expected.clone());
    let over = max_amount() + wei(1);
    env.reverts(
        RELAYER,
        |r| r.attest_tally(APP_A, over, U256::ZERO, U256::ZERO, 1, &[1, 2, 3]),
        expected,
    );
    // The status is judged first: a withdrawn application says so.
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(APPLICANT_C).withdraw_application(APP_C).unwrap();
    relay_rejected(
        &mut env,
        APP_C,
        &votes_c(),
        &[],
        RegistryError::wrong_application_status(APP_C, status::WITHDRAWN, status::PENDING),
    );
}

#[test]
fn attest_tally_follows_the_window_of_its_own_round() {
    // Round 2 opens under a 90-day window: its tallies are attested until then, while a
    // pending application of round 1 stays bound to round 1's 14 days.
    let mut env = applications_submitted();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(ADMIN)
        .set_vote_rules(metis(20_000), 500, 8_000, MAX_WINDOW)
        .unwrap();
    env.by(ADMIN).open_round(1, DEADLINE).unwrap();
    let d = env.submit(&LST_D);
    let round_2_attestation = DEADLINE + MAX_WINDOW as u64;
    assert_eq!(env.reg.round(2).unwrap().10, round_2_attestation);
    env.at(ATTESTATION_DEADLINE + 1);
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &signatures,
        RegistryError::deadline(ROUND_1, ATTESTATION_DEADLINE, ATTESTATION_DEADLINE + 1),
    );
    env.at(round_2_attestation);
    env.attest(d, &votes, &[ORACLE_1, ORACLE_2]);
    assert_eq!(env.status_of(d), status::TALLIED);
}
