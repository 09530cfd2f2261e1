//! Stake caps and stake reports.

use alloy_primitives::U256;
use lst_registry::events::{StakeCapChanged, StakeReported};
use lst_registry::RegistryError;

use super::cap_error;
use crate::native::support::*;

// ---- stake caps ------------------------------------------------------------------------------

#[test]
fn operator_or_admin_changes_a_stake_cap() {
    let mut env = paired();
    env.emits(
        OPERATOR_1,
        |r| r.set_stake_cap(NODE_1, metis(100_000)),
        &[log_of(&StakeCapChanged {
            nodeId: NODE_1,
            pairingId: PAIRING_1,
            previousCap: cap_1(),
            newCap: metis(100_000),
            nonce: 3,
        })],
    );
    env.emits(
        ADMIN,
        |r| r.set_stake_cap(NODE_1, metis(20_000)),
        &[log_of(&StakeCapChanged {
            nodeId: NODE_1,
            pairingId: PAIRING_1,
            previousCap: metis(100_000),
            newCap: metis(20_000),
            nonce: 4,
        })],
    );
    assert_eq!(env.reg.pairing(PAIRING_1).unwrap().2, metis(20_000));
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(metis(20_000)));
}

#[test]
fn set_stake_cap_stays_within_the_bounds() {
    let mut env = paired();
    let below = metis(20_000) - wei(1);
    let above = metis(100_000) + wei(1);
    env.reverts(
        OPERATOR_1,
        |r| r.set_stake_cap(NODE_1, below),
        cap_error(below),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.set_stake_cap(NODE_1, above),
        cap_error(above),
    );
}

#[test]
fn set_stake_cap_never_goes_below_the_reported_stake() {
    let mut env = paired();
    env.by(STAKING_A)
        .report_stake(PAIRING_1, metis(30_000))
        .unwrap();
    let low = metis(30_000) - wei(1);
    env.reverts(
        OPERATOR_1,
        |r| r.set_stake_cap(NODE_1, low),
        RegistryError::cap_below_stake(NODE_1, low, metis(30_000)),
    );
    env.by(OPERATOR_1)
        .set_stake_cap(NODE_1, metis(30_000))
        .unwrap();
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(U256::ZERO));
}

#[test]
fn new_bounds_apply_to_caps_set_from_then_on() {
    let mut env = paired();
    env.by(ADMIN)
        .set_stake_cap_bounds(metis(30_000), metis(40_000))
        .unwrap();
    assert_eq!(
        env.reg.pairing(PAIRING_1).unwrap().2,
        cap_1(),
        "existing caps stay"
    );
    let expected = RegistryError::invalid_stake_cap(cap_1(), metis(30_000), metis(40_000));
    env.reverts(OPERATOR_1, |r| r.set_stake_cap(NODE_1, cap_1()), expected);
    env.by(OPERATOR_1)
        .set_stake_cap(NODE_1, metis(40_000))
        .unwrap();
}

#[test]
fn the_pairing_view_flags_a_cap_left_outside_new_bounds() {
    let mut env = paired();
    assert!(
        !env.reg.pairing(PAIRING_1).unwrap().7,
        "within the defaults"
    );
    // The maximum drops below the cap: the cap stays, and the view says it is outside.
    env.by(ADMIN)
        .set_stake_cap_bounds(metis(20_000), cap_1() - wei(1))
        .unwrap();
    assert!(
        env.reg.pairing(PAIRING_1).unwrap().7,
        "above a lowered maximum"
    );
    // At the maximum exactly, it is within again.
    env.by(ADMIN)
        .set_stake_cap_bounds(metis(20_000), cap_1())
        .unwrap();
    assert!(!env.reg.pairing(PAIRING_1).unwrap().7, "at the maximum");
    // The minimum rises above the cap.
    env.by(ADMIN)
        .set_stake_cap_bounds(cap_1() + wei(1), lst_registry::storage::MAX_AMOUNT)
        .unwrap();
    assert!(
        env.reg.pairing(PAIRING_1).unwrap().7,
        "below a raised minimum"
    );
    // The operator brings it back within.
    env.by(OPERATOR_1)
        .set_stake_cap(NODE_1, cap_1() + wei(1))
        .unwrap();
    assert!(
        !env.reg.pairing(PAIRING_1).unwrap().7,
        "set within the bounds"
    );
    // An ended pairing is history: never flagged.
    env.by(ADMIN)
        .set_stake_cap_bounds(metis(20_000), metis(20_000))
        .unwrap();
    assert!(env.reg.pairing(PAIRING_1).unwrap().7);
    env.by(OPERATOR_1).unpair(NODE_1, "done").unwrap();
    assert!(!env.reg.pairing(PAIRING_1).unwrap().7, "ended");
}

#[test]
fn set_stake_cap_rejects_strangers_unpaired_and_unknown_nodes() {
    let mut env = paired();
    env.reverts(
        STRANGER,
        |r| r.set_stake_cap(NODE_1, cap_1()),
        RegistryError::not_node_operator(NODE_1, STRANGER),
    );
    env.reverts(
        STAKING_A,
        |r| r.set_stake_cap(NODE_1, cap_1()),
        RegistryError::not_node_operator(NODE_1, STAKING_A),
    );
    env.reverts(
        ADMIN,
        |r| r.set_stake_cap(9, cap_1()),
        RegistryError::unknown_node(9),
    );
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    env.reverts(
        OPERATOR_1,
        |r| r.set_stake_cap(NODE_1, cap_1()),
        RegistryError::node_not_paired(NODE_1),
    );
}

// ---- stake reports ---------------------------------------------------------------------------

#[test]
fn staking_contract_reports_stake_up_to_the_cap() {
    let mut env = paired();
    env.emits(
        STAKING_A,
        |r| r.report_stake(PAIRING_1, metis(12_345)),
        &[log_of(&StakeReported {
            nodeId: NODE_1,
            pairingId: PAIRING_1,
            stake: metis(12_345),
        })],
    );
    assert_eq!(env.reg.pairing(PAIRING_1).unwrap().3, metis(12_345));
    assert_eq!(
        env.reg.remaining_capacity(NODE_1),
        Ok(cap_1() - metis(12_345))
    );
    env.by(STAKING_A).report_stake(PAIRING_1, cap_1()).unwrap();
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(U256::ZERO));
    env.reverts(
        STAKING_A,
        |r| r.report_stake(PAIRING_1, cap_1() + wei(1)),
        RegistryError::stake_above_cap(NODE_1, cap_1() + wei(1), cap_1()),
    );
    env.by(STAKING_A)
        .report_stake(PAIRING_1, U256::ZERO)
        .unwrap();
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(cap_1()));
    assert_eq!(
        env.reg.pairing_nonce(),
        2,
        "stake reports do not move the pairing nonce"
    );
}

#[test]
fn report_stake_is_for_the_paired_applications_staking_contract_only() {
    let mut env = paired();
    env.reverts(
        STAKING_B,
        |r| r.report_stake(PAIRING_1, metis(1)),
        RegistryError::not_staking_contract(NODE_1, STAKING_B, STAKING_A),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.report_stake(PAIRING_1, metis(1)),
        RegistryError::not_staking_contract(NODE_1, OPERATOR_1, STAKING_A),
    );
    env.reverts(
        ADMIN,
        |r| r.report_stake(PAIRING_1, metis(1)),
        RegistryError::not_staking_contract(NODE_1, ADMIN, STAKING_A),
    );
    env.by(STAKING_B).report_stake(PAIRING_2, metis(1)).unwrap();
}

#[test]
fn report_stake_names_the_pairing_not_the_node() {
    // Node 1's second pairing is pairing 3: the report names 3, and the errors and the event
    // still name node 1.
    let mut env = paired();
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    let id = env
        .by(OPERATOR_1)
        .pair(NODE_1, APP_B, metis(25_000), "u")
        .unwrap();
    assert_eq!(id, 3);
    env.emits(
        STAKING_B,
        |r| r.report_stake(id, metis(7_000)),
        &[log_of(&StakeReported {
            nodeId: NODE_1,
            pairingId: id,
            stake: metis(7_000),
        })],
    );
    assert_eq!(env.reg.pairing(id).unwrap().3, metis(7_000));
    assert_eq!(env.reg.pairing(PAIRING_1).unwrap().3, U256::ZERO);
    assert_eq!(
        env.reg.remaining_capacity(NODE_1),
        Ok(metis(18_000)),
        "the node's capacity is its active pairing's"
    );
    env.reverts(
        STAKING_B,
        |r| r.report_stake(id, metis(25_000) + wei(1)),
        RegistryError::stake_above_cap(NODE_1, metis(25_000) + wei(1), metis(25_000)),
    );
    env.reverts(
        STAKING_A,
        |r| r.report_stake(id, metis(1)),
        RegistryError::not_staking_contract(NODE_1, STAKING_A, STAKING_B),
    );
    // Node 2's pairing, reported by its own id, is untouched by all this.
    assert_eq!(env.reg.pairing(PAIRING_2).unwrap().3, U256::ZERO);
}

#[test]
fn report_stake_rejects_pairings_that_do_not_exist() {
    let mut env = paired();
    let too_wide = u32::MAX as u64 + 1;
    // 2^32 + 1 is pairing 1 in its low 32 bits: it must not reach pairing 1.
    for id in [
        0,
        3,
        u32::MAX as u64,
        too_wide,
        too_wide + PAIRING_1,
        u64::MAX,
    ] {
        env.reverts(
            STAKING_A,
            |r| r.report_stake(id, metis(1)),
            RegistryError::unknown_pairing(id),
        );
    }
    assert_eq!(env.reg.pairing(PAIRING_1).unwrap().3, U256::ZERO);
}

#[test]
fn report_stake_rejects_an_ended_pairing() {
    let mut env = paired();
    env.by(STAKING_A)
        .report_stake(PAIRING_1, metis(5_000))
        .unwrap();
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    // Whoever sends it: the pairing has ended before the caller is looked at.
    for who in [STAKING_A, STAKING_B, STRANGER] {
        env.reverts(
            who,
            |r| r.report_stake(PAIRING_1, metis(1)),
            RegistryError::pairing_ended(PAIRING_1),
        );
    }
    assert_eq!(
        env.reg.pairing(PAIRING_1).unwrap().3,
        metis(5_000),
        "an ended pairing keeps its last report"
    );
    // The other node's pairing still takes reports.
    env.by(STAKING_B).report_stake(PAIRING_2, metis(1)).unwrap();
}

#[test]
fn a_late_report_for_an_ended_pairing_never_lands_on_the_next_one() {
    // Node 1 leaves A and pairs with A again: the staking contract is the same, so only the
    // pairing id tells a late report for the old pairing from one for the new.
    let mut env = paired();
    env.by(STAKING_A)
        .report_stake(PAIRING_1, metis(40_000))
        .unwrap();
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    let next = env
        .by(OPERATOR_1)
        .pair(NODE_1, APP_A, metis(20_000), "again")
        .unwrap();
    assert_eq!(next, 3);
    // A report meant for pairing 1, sent before the unpairing and mined after it (or replayed):
    // with the new cap of 20,000 it would even read as over the cap.
    env.reverts(
        STAKING_A,
        |r| r.report_stake(PAIRING_1, metis(15_000)),
        RegistryError::pairing_ended(PAIRING_1),
    );
    assert_eq!(env.reg.pairing(next).unwrap().3, U256::ZERO);
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(metis(20_000)));
    env.emits(
        STAKING_A,
        |r| r.report_stake(next, metis(15_000)),
        &[log_of(&StakeReported {
            nodeId: NODE_1,
            pairingId: next,
            stake: metis(15_000),
        })],
    );
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(metis(5_000)));
}

#[test]
fn a_new_pairing_starts_with_no_reported_stake() {
    let mut env = paired();
    env.by(STAKING_A)
        .report_stake(PAIRING_1, metis(40_000))
        .unwrap();
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    let id = env
        .by(OPERATOR_1)
        .pair(NODE_1, APP_B, metis(25_000), "u")
        .unwrap();
    assert_eq!(env.reg.pairing(id).unwrap().3, U256::ZERO);
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(metis(25_000)));
    env.reverts(
        STAKING_A,
        |r| r.report_stake(id, metis(1)),
        RegistryError::not_staking_contract(NODE_1, STAKING_A, STAKING_B),
    );
    env.reverts(
        STAKING_A,
        |r| r.report_stake(PAIRING_1, metis(1)),
        RegistryError::pairing_ended(PAIRING_1),
    );
}

#[test]
fn pairing_nonce_moves_on_pair_unpair_and_cap_change_only() {
    let mut env = paired();
    assert_eq!(env.reg.pairing_nonce(), 2);
    env.by(STAKING_A).report_stake(PAIRING_1, metis(1)).unwrap();
    env.by(OPERATOR_1)
        .update_node(NODE_1, OPERATOR_1, SEQUENCER_1, "new")
        .unwrap();
    assert_eq!(env.reg.pairing_nonce(), 2);
    env.by(OPERATOR_1)
        .set_stake_cap(NODE_1, metis(60_000))
        .unwrap();
    assert_eq!(env.reg.pairing_nonce(), 3);
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    assert_eq!(env.reg.pairing_nonce(), 4);
    env.by(OPERATOR_1)
        .pair(NODE_1, APP_A, metis(60_000), "u")
        .unwrap();
    assert_eq!(env.reg.pairing_nonce(), 5);
}
