//! The vote rules at their boundaries.

use alloy_primitives::U256;
use lst_registry::events::{ApplicationFailed, VoteRulesChanged};

use crate::native::support::*;

/// The status one application with `votes` ends in, alone in a fresh round.
fn decided(votes: Votes) -> u8 {
    let mut env = round_open();
    env.submit(&LST_A);
    env.attest(1, &votes, &[ORACLE_1, ORACLE_2]);
    env.close_and_finalise(ROUND_1);
    let status = env.status_of(1);
    if status >= status::FAILED_QUORUM {
        assert_emitted(
            &env.vm,
            &ApplicationFailed {
                roundId: ROUND_1,
                applicationId: 1,
                reason: status,
            },
        );
    }
    status
}

fn quorum() -> U256 {
    metis(20_000)
}

#[test]
fn quorum_met_exactly_passes() {
    assert_eq!(
        decided(Votes::metis(16_000, 4_000, 0, 500)),
        status::QUALIFIED
    );
}

#[test]
fn quorum_missed_by_one_wei_fails_quorum() {
    let votes = Votes::wei(metis(16_000), metis(4_000) - wei(1), U256::ZERO, 500);
    assert_eq!(votes.for_votes + votes.against_votes, quorum() - wei(1));
    assert_eq!(decided(votes), status::FAILED_QUORUM);
}

#[test]
fn abstain_counts_toward_quorum() {
    assert_eq!(
        decided(Votes::metis(8_000, 2_000, 10_000, 500)),
        status::QUALIFIED
    );
    assert_eq!(
        decided(Votes::wei(
            metis(8_000),
            metis(2_000),
            metis(10_000) - wei(1),
            500
        )),
        status::FAILED_QUORUM
    );
}

#[test]
fn abstain_does_not_count_toward_approval() {
    // 80 % less a wei of For + Against fails, however much abstains.
    let votes = Votes::wei(
        metis(16_000) - wei(1),
        metis(4_000) + wei(1),
        metis(1_000_000),
        500,
    );
    assert_eq!(decided(votes), status::FAILED_APPROVAL);
}

#[test]
fn four_hundred_ninety_nine_voters_fail_and_five_hundred_pass() {
    assert_eq!(
        decided(Votes::metis(20_000, 0, 0, 499)),
        status::FAILED_VOTERS
    );
    assert_eq!(decided(Votes::metis(20_000, 0, 0, 500)), status::QUALIFIED);
}

#[test]
fn exactly_eighty_percent_approval_passes() {
    assert_eq!(
        decided(Votes::metis(16_000, 4_000, 0, 500)),
        status::QUALIFIED
    );
    assert_eq!(
        decided(Votes::metis(80_000, 20_000, 5, 500)),
        status::QUALIFIED
    );
}

#[test]
fn just_below_eighty_percent_approval_fails_approval() {
    let votes = Votes::wei(
        metis(16_000) - wei(1),
        metis(4_000) + wei(1),
        U256::ZERO,
        500,
    );
    assert_eq!(votes.for_votes + votes.against_votes, quorum());
    assert_eq!(decided(votes), status::FAILED_APPROVAL);
}

#[test]
fn no_for_or_against_weight_fails_approval() {
    assert_eq!(
        decided(Votes::metis(0, 0, 20_000, 500)),
        status::FAILED_APPROVAL
    );
}

#[test]
fn quorum_is_judged_before_voters_and_voters_before_approval() {
    assert_eq!(decided(Votes::metis(1, 1_000, 0, 0)), status::FAILED_QUORUM);
    assert_eq!(
        decided(Votes::metis(1, 30_000, 0, 0)),
        status::FAILED_VOTERS
    );
}

#[test]
fn amounts_at_the_uint96_maximum_are_judged_without_overflow() {
    let max = max_amount();
    assert_eq!(
        decided(Votes::wei(max, max, max, u32::MAX)),
        status::FAILED_APPROVAL
    ); // 50 %
    assert_eq!(
        decided(Votes::wei(max, U256::ZERO, max, u32::MAX)),
        status::QUALIFIED
    );
}

#[test]
fn finalisation_applies_the_rules_in_force_when_the_round_opened() {
    // Exactly the default quorum: qualifies under the rules round 1 opened with, even though
    // a stricter quorum is in force by the time it is finalised.
    let votes = Votes::metis(16_000, 4_000, 0, 500);
    let mut env = round_open();
    env.submit(&LST_A);
    env.attest(1, &votes, &[ORACLE_1, ORACLE_2]);
    env.by(ADMIN)
        .set_vote_rules(quorum() + wei(1), 500, 8_000, WINDOW)
        .unwrap();
    assert_eq!(env.reg.round(ROUND_1).unwrap().11, default_round_rules());
    env.close_and_finalise(ROUND_1);
    assert_eq!(env.status_of(1), status::QUALIFIED);
    // Round 2, opened after the change, is decided by the stricter quorum.
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    assert_eq!(
        env.reg.round(2).unwrap().11,
        (quorum() + wei(1), 500, 8_000, WINDOW)
    );
    env.submit(&LST_B);
    env.attest(2, &votes, &[ORACLE_1, ORACLE_2]);
    env.close_and_finalise(2);
    assert_eq!(env.status_of(2), status::FAILED_QUORUM);
    assert_eq!(env.reg.round(ROUND_1).unwrap().11, default_round_rules());
}

#[test]
fn a_rules_change_after_a_round_opened_does_not_decide_it() {
    // 79 % approval at exactly the quorum and voter count: fails the 80 % in force at open.
    let votes = Votes::metis(15_800, 4_200, 0, 500);
    let mut env = round_open();
    env.submit(&LST_A);
    env.attest(1, &votes, &[ORACLE_1, ORACLE_2]);
    env.emits(
        ADMIN,
        |r| r.set_vote_rules(quorum(), 500, 7_500, WINDOW),
        &[log_of(&VoteRulesChanged {
            quorum: quorum(),
            minVoters: 500,
            approvalBps: 7_500,
            attestationWindow: WINDOW,
        })],
    );
    assert_eq!(env.reg.rules().2, 7_500);
    assert_eq!(env.reg.round(ROUND_1).unwrap().11, default_round_rules());
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[failed_log(1, status::FAILED_APPROVAL), finalised_log(0, 0)],
    );
    assert_eq!(env.reg.eligibility(1), (false, status::FAILED_APPROVAL));

    // The next round opens under 75 % and the same tally passes there.
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    assert_eq!(env.reg.round(2).unwrap().11, (quorum(), 500, 7_500, WINDOW));
    env.submit(&LST_B);
    env.attest(2, &votes, &[ORACLE_1, ORACLE_2]);
    // A change while round 2 is open does not reach it either.
    env.by(ADMIN)
        .set_vote_rules(quorum(), 500, 9_000, WINDOW)
        .unwrap();
    env.close_and_finalise(2);
    assert_eq!(env.reg.eligibility(2), (true, status::QUALIFIED));
    assert_eq!(env.reg.round(2).unwrap().11, (quorum(), 500, 7_500, WINDOW));
    assert_eq!(env.reg.rules().2, 9_000);
}

#[test]
fn a_tally_attested_after_a_rules_change_is_judged_by_the_rules_its_round_opened_under() {
    // The verdict is decided when the tally is attested: under the round's rules (80 %), not
    // under the ones in force at attestation, in either direction.
    let mut env = round_open();
    env.submit(&LST_A);
    env.submit(&LST_B);
    env.by(ADMIN)
        .set_vote_rules(quorum(), 500, 7_500, WINDOW)
        .unwrap();
    // 79 %: would pass the 75 % in force now.
    env.attest(
        1,
        &Votes::metis(15_800, 4_200, 0, 500),
        &[ORACLE_1, ORACLE_2],
    );
    env.by(ADMIN)
        .set_vote_rules(quorum(), 500, 8_500, WINDOW)
        .unwrap();
    // 82 %: would fail the 85 % in force now.
    env.attest(
        2,
        &Votes::metis(16_400, 3_600, 0, 500),
        &[ORACLE_1, ORACLE_2],
    );
    assert_eq!(env.reg.rules().2, 8_500);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            failed_log(1, status::FAILED_APPROVAL),
            qualified_log(2, 1),
            finalised_log(1, 1),
        ],
    );
    assert_eq!(env.reg.eligibility(1), (false, status::FAILED_APPROVAL));
    assert_eq!(env.reg.eligibility(2), (true, status::QUALIFIED));
}
