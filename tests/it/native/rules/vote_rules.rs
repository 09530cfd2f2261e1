//! The vote rules: quorum, voters, approval and the attestation window.

use alloy_primitives::U256;
use lst_registry::events::VoteRulesChanged;
use lst_registry::RegistryError;

use crate::native::support::*;

#[test]
fn set_vote_rules_puts_new_rules_in_force() {
    let mut env = deployed();
    env.emits(
        ADMIN,
        |r| r.set_vote_rules(metis(10_000), 100, 6_000, 3 * 86_400),
        &[log_of(&VoteRulesChanged {
            quorum: metis(10_000),
            minVoters: 100,
            approvalBps: 6_000,
            attestationWindow: 3 * 86_400,
        })],
    );
    let (quorum, min_voters, approval, window, min_cap, max_cap, _, _) = env.reg.rules();
    assert_eq!(
        (quorum, min_voters, approval, window),
        (metis(10_000), 100, 6_000, 3 * 86_400)
    );
    assert_eq!(
        (min_cap, max_cap),
        (metis(20_000), metis(100_000)),
        "cap bounds untouched"
    );
}

#[test]
fn rules_show_the_default_attestation_window_of_14_days() {
    let env = deployed();
    assert_eq!(env.reg.rules().3, 1_209_600);
    assert_eq!(
        lst_registry::rules::DEFAULT_ATTESTATION_WINDOW,
        WINDOW,
        "the fixtures' window is the default"
    );
    assert_eq!(
        lst_registry::rules::ATTESTATION_WINDOW,
        (MIN_WINDOW, MAX_WINDOW)
    );
}

fn window_error(window: u32) -> RegistryError {
    RegistryError::invalid_attestation_window(window, 86_400, 7_776_000)
}

#[test]
fn set_vote_rules_takes_an_attestation_window_of_one_to_90_days() {
    let mut env = deployed();
    for window in [0, 86_399, 7_776_001, u32::MAX] {
        env.reverts(
            ADMIN,
            |r| r.set_vote_rules(metis(1), 1, 6_000, window),
            window_error(window),
        );
        assert_eq!(env.reg.rules().3, WINDOW, "window unchanged");
        assert_eq!(env.reg.rules().0, metis(20_000), "quorum unchanged");
    }
    for window in [86_400, 7_776_000, WINDOW] {
        env.emits(
            ADMIN,
            |r| r.set_vote_rules(metis(1), 1, 6_000, window),
            &[log_of(&VoteRulesChanged {
                quorum: metis(1),
                minVoters: 1,
                approvalBps: 6_000,
                attestationWindow: window,
            })],
        );
        assert_eq!(env.reg.rules().3, window);
    }
}

#[test]
fn set_vote_rules_checks_the_window_after_the_other_rules() {
    // Quorum, voters and approval are judged first: a bad one of them is the error named,
    // whatever the window.
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(U256::ZERO, 0, 0, 0),
        RegistryError::invalid_quorum(U256::ZERO, max_amount()),
    );
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 0, 0, 0),
        RegistryError::invalid_min_voters(0),
    );
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 1, 0, 0),
        RegistryError::invalid_approval(0),
    );
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 1, 6_000, 0),
        window_error(0),
    );
}

#[test]
fn set_vote_rules_rejects_a_zero_quorum() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(U256::ZERO, 500, 8_000, WINDOW),
        RegistryError::invalid_quorum(U256::ZERO, max_amount()),
    );
}

#[test]
fn set_vote_rules_takes_a_quorum_up_to_uint96_max_and_not_one_wei_more() {
    let mut env = deployed();
    let too_big = max_amount() + wei(1);
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(too_big, 500, 8_000, WINDOW),
        RegistryError::invalid_quorum(too_big, max_amount()),
    );
    env.by(ADMIN)
        .set_vote_rules(max_amount(), 500, 8_000, WINDOW)
        .unwrap();
    assert_eq!(env.reg.rules().0, max_amount());
}

#[test]
fn set_vote_rules_rejects_zero_min_voters() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 0, 8_000, WINDOW),
        RegistryError::invalid_min_voters(0),
    );
}

#[test]
fn set_vote_rules_takes_approval_above_half_up_to_all() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 1, 5_000, WINDOW),
        RegistryError::invalid_approval(5_000),
    );
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 1, 10_001, WINDOW),
        RegistryError::invalid_approval(10_001),
    );
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 1, 0, WINDOW),
        RegistryError::invalid_approval(0),
    );
    env.by(ADMIN)
        .set_vote_rules(metis(1), 1, 5_001, WINDOW)
        .unwrap();
    assert_eq!(env.reg.rules().2, 5_001);
    env.by(ADMIN)
        .set_vote_rules(metis(1), 1, 10_000, WINDOW)
        .unwrap();
    assert_eq!(env.reg.rules().2, 10_000);
}

#[test]
fn set_vote_rules_is_for_the_admin_only() {
    let mut env = configured();
    env.reverts(
        GUARDIAN,
        |r| r.set_vote_rules(metis(1), 1, 6_000, WINDOW),
        RegistryError::not_admin(GUARDIAN),
    );
}

#[test]
fn set_vote_rules_leaves_open_rounds_their_rules() {
    let mut env = round_open();
    env.by(ADMIN)
        .set_vote_rules(metis(10_000), 100, 6_000, 2 * 86_400)
        .unwrap();
    assert_eq!(env.reg.round(ROUND_1).unwrap().11, default_round_rules());
    assert_eq!(env.reg.round(ROUND_1).unwrap().10, ATTESTATION_DEADLINE);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(ADMIN).open_round(1, DEADLINE).unwrap();
    assert_eq!(
        env.reg.round(2).unwrap().11,
        (metis(10_000), 100, 6_000, 2 * 86_400)
    );
    assert_eq!(env.reg.round(2).unwrap().10, DEADLINE + 2 * DAY);
    // Setting the same rules again changes no round's.
    env.by(ADMIN)
        .set_vote_rules(metis(10_000), 100, 6_000, 2 * 86_400)
        .unwrap();
    assert_eq!(env.reg.round(ROUND_1).unwrap().11, default_round_rules());
    assert_eq!(
        env.reg.round(2).unwrap().11,
        (metis(10_000), 100, 6_000, 2 * 86_400)
    );
}

#[test]
fn a_round_keeps_the_attestation_window_in_force_when_it_opened() {
    let mut env = round_open();
    // A longer window set while round 1 is open moves neither its window nor its deadline.
    env.by(ADMIN)
        .set_vote_rules(metis(20_000), 500, 8_000, MAX_WINDOW)
        .unwrap();
    let round = env.reg.round(ROUND_1).unwrap();
    assert_eq!((round.10, round.11 .3), (ATTESTATION_DEADLINE, WINDOW));
    // Round 2, opened after the change, has the longer window.
    env.at(ATTESTATION_DEADLINE + 1);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(ADMIN).open_round(1, T0 + 100 * DAY).unwrap();
    let round = env.reg.round(2).unwrap();
    assert_eq!(
        (round.9, round.10, round.11 .3),
        (T0 + 100 * DAY, T0 + 190 * DAY, MAX_WINDOW)
    );
    env.by(ADMIN)
        .set_vote_rules(metis(20_000), 500, 8_000, MIN_WINDOW)
        .unwrap();
    assert_eq!(env.reg.round(2).unwrap().10, T0 + 190 * DAY);
    assert_eq!(env.reg.round(ROUND_1).unwrap().10, ATTESTATION_DEADLINE);
}
