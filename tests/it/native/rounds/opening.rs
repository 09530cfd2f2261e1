//! Opening and closing rounds.

use lst_registry::events::{RoundClosed, RoundOpened};
use lst_registry::RegistryError;

use crate::native::support::*;

// ---- opening ---------------------------------------------------------------------------------

#[test]
fn open_round_opens_round_1() {
    let mut env = configured();
    let id = env.emits(
        ADMIN,
        |r| r.open_round(SLOTS, DEADLINE),
        &[log_of(&RoundOpened {
            roundId: 1,
            slots: SLOTS,
            deadline: DEADLINE,
            phase: phase::ALPHA,
        })],
    );
    assert_eq!(id, ROUND_1);
    assert_eq!(
        env.reg.round(ROUND_1),
        Ok((
            SLOTS,
            round_status::OPEN,
            phase::ALPHA,
            1,
            0,
            0,
            0,
            0,
            0,
            DEADLINE,
            ATTESTATION_DEADLINE,
            default_round_rules()
        ))
    );
    assert_eq!(env.reg.counts(), (1, 0, 0, 0));
}

#[test]
fn open_round_takes_1_to_32_slots() {
    let mut env = configured();
    env.reverts(
        ADMIN,
        |r| r.open_round(0, DEADLINE),
        RegistryError::invalid_round_config(0, DEADLINE, T0, 32),
    );
    env.reverts(
        ADMIN,
        |r| r.open_round(33, DEADLINE),
        RegistryError::invalid_round_config(33, DEADLINE, T0, 32),
    );
    assert_eq!(env.by(ADMIN).open_round(32, DEADLINE), Ok(1));
    assert_eq!(env.reg.round(1).unwrap().0, 32);
}

#[test]
fn open_round_takes_a_deadline_after_now_only() {
    let mut env = configured();
    env.reverts(
        ADMIN,
        |r| r.open_round(1, T0),
        RegistryError::invalid_round_config(1, T0, T0, 32),
    );
    env.reverts(
        ADMIN,
        |r| r.open_round(1, T0 - 1),
        RegistryError::invalid_round_config(1, T0 - 1, T0, 32),
    );
    assert_eq!(env.by(ADMIN).open_round(1, T0 + 1), Ok(1));
}

#[test]
fn open_round_waits_for_the_previous_round_to_close() {
    let mut env = round_open();
    env.reverts(
        ADMIN,
        |r| r.open_round(1, DEADLINE + DAY),
        RegistryError::wrong_round_status(ROUND_1, round_status::OPEN, round_status::CLOSED),
    );
    // Even past its deadline a round is open until someone closes it.
    env.at(DEADLINE + 1);
    env.reverts(
        ADMIN,
        |r| r.open_round(1, DEADLINE + DAY),
        RegistryError::wrong_round_status(ROUND_1, round_status::OPEN, round_status::CLOSED),
    );
}

#[test]
fn only_closing_the_latest_round_lets_the_next_one_open() {
    // The registry records the last round closed and compares it with the round count; each
    // later round must be closed in its turn.
    let mut env = round_open();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    assert_eq!(env.by(ADMIN).open_round(1, DEADLINE + DAY), Ok(2));
    env.reverts(
        ADMIN,
        |r| r.open_round(1, DEADLINE + 2 * DAY),
        RegistryError::wrong_round_status(2, round_status::OPEN, round_status::CLOSED),
    );
    env.by(ADMIN).close_round(2).unwrap();
    assert_eq!(env.by(ADMIN).open_round(1, DEADLINE + 2 * DAY), Ok(3));
    assert_eq!(env.reg.round(2).unwrap().1, round_status::CLOSED);
    assert_eq!(env.reg.round(3).unwrap().1, round_status::OPEN);
}

#[test]
fn a_later_round_continues_application_ids_and_records_its_phase() {
    let mut env = applications_submitted();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(ADMIN).advance_phase(phase::THROUGHPUT).unwrap();
    env.emits(
        ADMIN,
        |r| r.open_round(3, DEADLINE + DAY),
        &[log_of(&RoundOpened {
            roundId: 2,
            slots: 3,
            deadline: DEADLINE + DAY,
            phase: phase::THROUGHPUT,
        })],
    );
    assert_eq!(env.submit(&LST_D), 4);
    assert_eq!(
        env.reg.round(2),
        Ok((
            3,
            round_status::OPEN,
            phase::THROUGHPUT,
            4,
            1,
            1,
            0,
            0,
            0,
            DEADLINE + DAY,
            ATTESTATION_DEADLINE + DAY,
            default_round_rules()
        ))
    );
    assert_eq!(env.reg.round_applications(2, 0, 10), Ok(vec![4]));
    assert_eq!(env.reg.application(4).unwrap().0, 2);
    assert_eq!(env.reg.counts(), (2, 4, 0, 0));
}

#[test]
fn open_round_is_for_the_admin_only() {
    let mut env = configured();
    env.reverts(
        GUARDIAN,
        |r| r.open_round(1, DEADLINE),
        RegistryError::not_admin(GUARDIAN),
    );
}

// ---- closing ---------------------------------------------------------------------------------

#[test]
fn admin_closes_a_round_before_its_deadline() {
    let mut env = applications_submitted();
    env.by(APPLICANT_B).withdraw_application(APP_B).unwrap();
    // The event counts every application submitted, the withdrawn one included.
    env.emits(
        ADMIN,
        |r| r.close_round(ROUND_1),
        &[log_of(&RoundClosed {
            roundId: ROUND_1,
            applications: 3,
        })],
    );
    assert_eq!(env.reg.round(ROUND_1).unwrap().1, round_status::CLOSED);
}

#[test]
fn anyone_closes_a_round_after_its_deadline_but_not_at_it() {
    let mut env = applications_submitted();
    env.reverts(
        STRANGER,
        |r| r.close_round(ROUND_1),
        RegistryError::deadline(ROUND_1, DEADLINE, T0),
    );
    env.at(DEADLINE);
    env.reverts(
        STRANGER,
        |r| r.close_round(ROUND_1),
        RegistryError::deadline(ROUND_1, DEADLINE, DEADLINE),
    );
    env.at(DEADLINE + 1);
    env.emits(
        STRANGER,
        |r| r.close_round(ROUND_1),
        &[log_of(&RoundClosed {
            roundId: ROUND_1,
            applications: 3,
        })],
    );
}

#[test]
fn close_round_rejects_an_unknown_round() {
    let mut env = round_open();
    env.reverts(ADMIN, |r| r.close_round(0), RegistryError::unknown_round(0));
    env.reverts(ADMIN, |r| r.close_round(2), RegistryError::unknown_round(2));
    env.reverts(
        ADMIN,
        |r| r.close_round(u64::MAX),
        RegistryError::unknown_round(u64::MAX),
    );
}

#[test]
fn close_round_rejects_a_round_that_is_not_open() {
    let mut env = round_open();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.reverts(
        ADMIN,
        |r| r.close_round(ROUND_1),
        RegistryError::wrong_round_status(ROUND_1, round_status::CLOSED, round_status::OPEN),
    );
}
