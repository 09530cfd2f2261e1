//! Stage 2: nodes, pairings, stake caps, stake reports, and their views.

use alloy_primitives::{Address, U256};
use lst_registry::events::{
    NodePaired, NodeRegistered, NodeUnpaired, NodeUpdated, StakeCapChanged, StakeReported,
};
use lst_registry::RegistryError;

use crate::support::*;

fn length(field: u8, len: usize, min: usize, max: usize) -> RegistryError {
    RegistryError::invalid_length(field, U256::from(len), U256::from(min), U256::from(max))
}

fn cap_error(cap: U256) -> RegistryError {
    RegistryError::invalid_stake_cap(cap, metis(20_000), metis(100_000))
}

// ---- registering -----------------------------------------------------------------------------

#[test]
fn register_node_registers_a_node_in_the_current_phase() {
    let mut env = finalised();
    env.at(T0 + 5 * DAY);
    let id = env.emits(
        ADMIN,
        |r| r.register_node(OPERATOR_1, SEQUENCER_1, NODE_1_URI),
        &[log_of(&NodeRegistered {
            nodeId: NODE_1,
            operator: OPERATOR_1,
            sequencerSigner: SEQUENCER_1,
        })],
    );
    assert_eq!(id, NODE_1);
    assert_eq!(
        env.reg.node(NODE_1),
        Ok((
            OPERATOR_1,
            SEQUENCER_1,
            0,
            phase::ALPHA,
            T0 + 5 * DAY,
            NODE_1_URI.to_string()
        ))
    );
    assert_eq!(env.reg.node_of_signer(SEQUENCER_1), NODE_1);
    assert_eq!(env.reg.node_of_signer(SEQUENCER_2), 0);
    assert_eq!(env.reg.phase(), (phase::ALPHA, 4, 1));
    assert_eq!(env.reg.counts(), (1, 3, 1, 0));
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(U256::ZERO));
}

#[test]
fn register_node_rejects_zero_addresses() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.register_node(Address::ZERO, SEQUENCER_1, "u"),
        RegistryError::zero_address(field::OPERATOR),
    );
    env.reverts(
        ADMIN,
        |r| r.register_node(OPERATOR_1, Address::ZERO, "u"),
        RegistryError::zero_address(field::SEQUENCER_SIGNER),
    );
}

#[test]
fn register_node_takes_a_uri_of_1_to_256_bytes() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.register_node(OPERATOR_1, SEQUENCER_1, ""),
        length(field::NODE_URI, 0, 1, 256),
    );
    env.reverts(
        ADMIN,
        |r| r.register_node(OPERATOR_1, SEQUENCER_1, &"u".repeat(257)),
        length(field::NODE_URI, 257, 1, 256),
    );
    let uri = "u".repeat(256);
    env.by(ADMIN)
        .register_node(OPERATOR_1, SEQUENCER_1, &uri)
        .unwrap();
    assert_eq!(env.reg.node(1).unwrap().5, uri);
}

#[test]
fn register_node_stops_at_the_alpha_limit_of_four() {
    let mut env = deployed();
    for (n, signer) in [SEQUENCER_1, SEQUENCER_2, SEQUENCER_3, SEQUENCER_4]
        .into_iter()
        .enumerate()
    {
        assert_eq!(
            env.by(ADMIN).register_node(OPERATOR_1, signer, "u"),
            Ok(n as u64 + 1)
        );
    }
    env.reverts(
        ADMIN,
        |r| r.register_node(OPERATOR_1, Address::with_last_byte(0x55), "u"),
        RegistryError::node_limit_reached(0, 4),
    );
}

#[test]
fn register_node_rejects_a_signer_already_used() {
    let mut env = nodes_registered();
    env.reverts(
        ADMIN,
        |r| r.register_node(OPERATOR_3, SEQUENCER_1, "u"),
        RegistryError::signer_in_use(SEQUENCER_1, NODE_1),
    );
}

#[test]
fn register_node_is_for_the_admin_only() {
    let mut env = configured();
    env.reverts(
        GUARDIAN,
        |r| r.register_node(OPERATOR_1, SEQUENCER_1, "u"),
        RegistryError::not_admin(GUARDIAN),
    );
}

// ---- updating --------------------------------------------------------------------------------

#[test]
fn operator_updates_signer_and_uri_and_the_old_signer_is_retired() {
    let mut env = nodes_registered();
    env.emits(
        OPERATOR_1,
        |r| r.update_node(NODE_1, OPERATOR_1, SEQUENCER_3, "ipfs://new"),
        &[log_of(&NodeUpdated {
            nodeId: NODE_1,
            operator: OPERATOR_1,
            sequencerSigner: SEQUENCER_3,
        })],
    );
    let node = env.reg.node(NODE_1).unwrap();
    assert_eq!(
        (node.0, node.1, node.5.as_str()),
        (OPERATOR_1, SEQUENCER_3, "ipfs://new")
    );
    assert_eq!(env.reg.node_of_signer(SEQUENCER_3), NODE_1);
    assert_eq!(
        env.reg.node_of_signer(SEQUENCER_1),
        NODE_1,
        "a retired signer stays with its node"
    );
    env.reverts(
        ADMIN,
        |r| r.register_node(OPERATOR_3, SEQUENCER_1, "u"),
        RegistryError::signer_in_use(SEQUENCER_1, NODE_1),
    );
    env.reverts(
        OPERATOR_2,
        |r| r.update_node(NODE_2, OPERATOR_2, SEQUENCER_1, "u"),
        RegistryError::signer_in_use(SEQUENCER_1, NODE_1),
    );
    // Its own retired signer is not "in use" for the node itself.
    env.by(OPERATOR_1)
        .update_node(NODE_1, OPERATOR_1, SEQUENCER_1, "u")
        .unwrap();
    assert_eq!(env.reg.node(NODE_1).unwrap().1, SEQUENCER_1);
}

#[test]
fn update_node_to_a_shorter_uri_leaves_no_stale_bytes() {
    let mut env = nodes_registered();
    let long = "L".repeat(256);
    env.by(ADMIN)
        .update_node(NODE_1, OPERATOR_1, SEQUENCER_1, &long)
        .unwrap();
    let with_long = storage(&env.vm);
    env.by(OPERATOR_1)
        .update_node(NODE_1, OPERATOR_1, SEQUENCER_1, "s")
        .unwrap();
    assert_eq!(env.reg.node(NODE_1).unwrap().5, "s");
    let with_short = storage(&env.vm);
    let lingering = with_short
        .values()
        .filter(|v| v.iter().filter(|b| **b == b'L').count() > 16)
        .count();
    assert_eq!(lingering, 0, "slots of the long URI are still set");
    assert!(
        with_short.len() < with_long.len(),
        "the long URI's slots were not cleared"
    );
    env.by(OPERATOR_1)
        .update_node(NODE_1, OPERATOR_1, SEQUENCER_1, &"x".repeat(40))
        .unwrap();
    assert_eq!(env.reg.node(NODE_1).unwrap().5, "x".repeat(40));
}

#[test]
fn only_the_admin_changes_a_node_operator() {
    let mut env = nodes_registered();
    env.reverts(
        OPERATOR_1,
        |r| r.update_node(NODE_1, OPERATOR_3, SEQUENCER_1, NODE_1_URI),
        RegistryError::not_admin(OPERATOR_1),
    );
    env.emits(
        ADMIN,
        |r| r.update_node(NODE_1, OPERATOR_3, SEQUENCER_1, NODE_1_URI),
        &[log_of(&NodeUpdated {
            nodeId: NODE_1,
            operator: OPERATOR_3,
            sequencerSigner: SEQUENCER_1,
        })],
    );
    assert_eq!(env.reg.node(NODE_1).unwrap().0, OPERATOR_3);
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, cap_1(), "u"),
        RegistryError::not_node_operator(NODE_1, OPERATOR_1),
    );
    env.by(OPERATOR_3)
        .pair(NODE_1, APP_A, cap_1(), "u")
        .unwrap();
}

#[test]
fn update_node_rejects_strangers_and_unknown_nodes() {
    let mut env = nodes_registered();
    env.reverts(
        STRANGER,
        |r| r.update_node(NODE_1, OPERATOR_1, SEQUENCER_1, "u"),
        RegistryError::not_node_operator(NODE_1, STRANGER),
    );
    env.reverts(
        OPERATOR_2,
        |r| r.update_node(NODE_1, OPERATOR_1, SEQUENCER_1, "u"),
        RegistryError::not_node_operator(NODE_1, OPERATOR_2),
    );
    env.reverts(
        ADMIN,
        |r| r.update_node(3, OPERATOR_1, SEQUENCER_3, "u"),
        RegistryError::unknown_node(3),
    );
    env.reverts(
        ADMIN,
        |r| r.update_node(0, OPERATOR_1, SEQUENCER_3, "u"),
        RegistryError::unknown_node(0),
    );
}

#[test]
fn update_node_validates_like_register_node() {
    let mut env = nodes_registered();
    env.reverts(
        ADMIN,
        |r| r.update_node(NODE_1, Address::ZERO, SEQUENCER_1, "u"),
        RegistryError::zero_address(field::OPERATOR),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.update_node(NODE_1, OPERATOR_1, Address::ZERO, "u"),
        RegistryError::zero_address(field::SEQUENCER_SIGNER),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.update_node(NODE_1, OPERATOR_1, SEQUENCER_1, ""),
        length(field::NODE_URI, 0, 1, 256),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.update_node(NODE_1, OPERATOR_1, SEQUENCER_1, &"u".repeat(257)),
        length(field::NODE_URI, 257, 1, 256),
    );
}

// ---- pairing ---------------------------------------------------------------------------------

#[test]
fn operator_pairs_a_node_with_a_qualified_application() {
    let mut env = nodes_registered();
    env.at(T0 + 10 * DAY);
    let id = env.emits(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, cap_1(), ANNOUNCEMENT_1),
        &[log_of(&NodePaired {
            nodeId: NODE_1,
            pairingId: PAIRING_1,
            applicationId: APP_A,
            stakeCap: cap_1(),
            nonce: 1,
        })],
    );
    assert_eq!(id, PAIRING_1);
    assert_eq!(
        env.reg.pairing(PAIRING_1),
        Ok((
            NODE_1,
            APP_A,
            cap_1(),
            U256::ZERO,
            T0 + 10 * DAY,
            0,
            ANNOUNCEMENT_1.to_string()
        ))
    );
    assert_eq!(env.reg.node(NODE_1).unwrap().2, PAIRING_1);
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(cap_1()));
    assert_eq!(env.reg.pairing_nonce(), 1);
    assert_eq!(env.reg.counts(), (1, 3, 2, 1));
    assert_eq!(
        env.reg.active_pairings(0, 10),
        (
            vec![NODE_1],
            vec![PAIRING_1],
            vec![APP_A],
            vec![cap_1()],
            vec![cap_1()]
        )
    );
}

#[test]
fn two_nodes_may_pair_with_the_same_application() {
    let mut env = nodes_registered();
    env.by(OPERATOR_1)
        .pair(NODE_1, APP_B, cap_1(), "u")
        .unwrap();
    env.by(OPERATOR_2)
        .pair(NODE_2, APP_B, cap_2(), "u")
        .unwrap();
    assert_eq!(env.reg.active_pairings(0, 10).2, vec![APP_B, APP_B]);
}

#[test]
fn pair_takes_caps_from_20_000_to_100_000_metis_inclusive() {
    let mut env = nodes_registered();
    let below = metis(20_000) - wei(1);
    let above = metis(100_000) + wei(1);
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, below, "u"),
        cap_error(below),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, above, "u"),
        cap_error(above),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, U256::ZERO, "u"),
        cap_error(U256::ZERO),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, U256::MAX, "u"),
        cap_error(U256::MAX),
    );
    env.by(OPERATOR_1)
        .pair(NODE_1, APP_A, metis(20_000), "u")
        .unwrap();
    env.by(OPERATOR_2)
        .pair(NODE_2, APP_A, metis(100_000), "u")
        .unwrap();
    assert_eq!(
        env.reg.active_pairings(0, 10).3,
        vec![metis(20_000), metis(100_000)]
    );
}

#[test]
fn pair_takes_an_announcement_uri_of_1_to_256_bytes() {
    let mut env = nodes_registered();
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, cap_1(), ""),
        length(field::ANNOUNCEMENT_URI, 0, 1, 256),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, cap_1(), &"a".repeat(257)),
        length(field::ANNOUNCEMENT_URI, 257, 1, 256),
    );
    let uri = "a".repeat(256);
    env.by(OPERATOR_1)
        .pair(NODE_1, APP_A, cap_1(), &uri)
        .unwrap();
    assert_eq!(env.reg.pairing(PAIRING_1).unwrap().6, uri);
}

#[test]
fn pair_is_for_the_operator_alone_not_the_admin() {
    let mut env = nodes_registered();
    env.reverts(
        ADMIN,
        |r| r.pair(NODE_1, APP_A, cap_1(), "u"),
        RegistryError::not_node_operator(NODE_1, ADMIN),
    );
    env.reverts(
        OPERATOR_2,
        |r| r.pair(NODE_1, APP_A, cap_1(), "u"),
        RegistryError::not_node_operator(NODE_1, OPERATOR_2),
    );
}

#[test]
fn pair_rejects_an_unknown_node_or_application() {
    let mut env = nodes_registered();
    env.reverts(
        OPERATOR_1,
        |r| r.pair(3, APP_A, cap_1(), "u"),
        RegistryError::unknown_node(3),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, 4, cap_1(), "u"),
        RegistryError::unknown_application(4),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, 0, cap_1(), "u"),
        RegistryError::unknown_application(0),
    );
}

#[test]
fn pair_rejects_an_application_that_did_not_qualify() {
    let mut env = nodes_registered();
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_C, cap_1(), "u"),
        RegistryError::wrong_application_status(APP_C, status::NOT_SELECTED, status::QUALIFIED),
    );
    // A pending application of a later round does not qualify either.
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    let pending = env.submit(&LST_D);
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, pending, cap_1(), "u"),
        RegistryError::wrong_application_status(pending, status::PENDING, status::QUALIFIED),
    );
}

#[test]
fn pair_rejects_a_node_already_paired() {
    let mut env = paired();
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_B, cap_1(), "u"),
        RegistryError::node_already_paired(NODE_1, PAIRING_1),
    );
}

// ---- unpairing -------------------------------------------------------------------------------

#[test]
fn operator_unpairs_and_the_pairing_stays_readable() {
    let mut env = paired();
    env.at(T0 + 20 * DAY);
    let reason = "moving to another LST";
    env.emits(
        OPERATOR_1,
        |r| r.unpair(NODE_1, reason),
        &[log_of(&NodeUnpaired {
            nodeId: NODE_1,
            pairingId: PAIRING_1,
            by: OPERATOR_1,
            reason: reason.into(),
            nonce: 3,
        })],
    );
    assert_eq!(env.reg.node(NODE_1).unwrap().2, 0);
    let pairing = env.reg.pairing(PAIRING_1).unwrap();
    assert_eq!(
        (pairing.0, pairing.1, pairing.2, pairing.5),
        (NODE_1, APP_A, cap_1(), T0 + 20 * DAY)
    );
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(U256::ZERO));
    assert_eq!(env.reg.active_pairings(0, 10).0, vec![NODE_2]);
    // The node may pair again, under a new pairing id.
    assert_eq!(env.by(OPERATOR_1).pair(NODE_1, APP_B, cap_1(), "u"), Ok(3));
    assert_eq!(
        env.reg.pairing(PAIRING_1).unwrap().5,
        T0 + 20 * DAY,
        "the old record is untouched"
    );
}

#[test]
fn admin_unpairs_any_node() {
    let mut env = paired();
    env.emits(
        ADMIN,
        |r| r.unpair(NODE_2, ""),
        &[log_of(&NodeUnpaired {
            nodeId: NODE_2,
            pairingId: PAIRING_2,
            by: ADMIN,
            reason: String::new(),
            nonce: 3,
        })],
    );
}

#[test]
fn unpair_takes_a_reason_of_up_to_256_bytes() {
    let mut env = paired();
    env.reverts(
        OPERATOR_1,
        |r| r.unpair(NODE_1, &"r".repeat(257)),
        length(field::REASON, 257, 0, 256),
    );
    let reason = "r".repeat(256);
    env.by(OPERATOR_1).unpair(NODE_1, &reason).unwrap();
    assert_emitted(
        &env.vm,
        &NodeUnpaired {
            nodeId: NODE_1,
            pairingId: PAIRING_1,
            by: OPERATOR_1,
            reason,
            nonce: 3,
        },
    );
}

#[test]
fn unpair_rejects_strangers_unpaired_and_unknown_nodes() {
    let mut env = paired();
    env.reverts(
        STRANGER,
        |r| r.unpair(NODE_1, ""),
        RegistryError::not_node_operator(NODE_1, STRANGER),
    );
    env.reverts(
        OPERATOR_2,
        |r| r.unpair(NODE_1, ""),
        RegistryError::not_node_operator(NODE_1, OPERATOR_2),
    );
    env.reverts(ADMIN, |r| r.unpair(3, ""), RegistryError::unknown_node(3));
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    env.reverts(
        OPERATOR_1,
        |r| r.unpair(NODE_1, ""),
        RegistryError::node_not_paired(NODE_1),
    );
}

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
        .report_stake(NODE_1, metis(30_000))
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
        |r| r.report_stake(NODE_1, metis(12_345)),
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
    env.by(STAKING_A).report_stake(NODE_1, cap_1()).unwrap();
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(U256::ZERO));
    env.reverts(
        STAKING_A,
        |r| r.report_stake(NODE_1, cap_1() + wei(1)),
        RegistryError::stake_above_cap(NODE_1, cap_1() + wei(1), cap_1()),
    );
    env.by(STAKING_A).report_stake(NODE_1, U256::ZERO).unwrap();
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
        |r| r.report_stake(NODE_1, metis(1)),
        RegistryError::not_staking_contract(NODE_1, STAKING_B, STAKING_A),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.report_stake(NODE_1, metis(1)),
        RegistryError::not_staking_contract(NODE_1, OPERATOR_1, STAKING_A),
    );
    env.reverts(
        ADMIN,
        |r| r.report_stake(NODE_1, metis(1)),
        RegistryError::not_staking_contract(NODE_1, ADMIN, STAKING_A),
    );
    env.by(STAKING_B).report_stake(NODE_2, metis(1)).unwrap();
}

#[test]
fn report_stake_rejects_unpaired_and_unknown_nodes() {
    let mut env = paired();
    env.reverts(
        STAKING_A,
        |r| r.report_stake(3, metis(1)),
        RegistryError::unknown_node(3),
    );
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    env.reverts(
        STAKING_A,
        |r| r.report_stake(NODE_1, metis(1)),
        RegistryError::node_not_paired(NODE_1),
    );
}

#[test]
fn a_new_pairing_starts_with_no_reported_stake() {
    let mut env = paired();
    env.by(STAKING_A)
        .report_stake(NODE_1, metis(40_000))
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
        |r| r.report_stake(NODE_1, metis(1)),
        RegistryError::not_staking_contract(NODE_1, STAKING_A, STAKING_B),
    );
}

#[test]
fn pairing_nonce_moves_on_pair_unpair_and_cap_change_only() {
    let mut env = paired();
    assert_eq!(env.reg.pairing_nonce(), 2);
    env.by(STAKING_A).report_stake(NODE_1, metis(1)).unwrap();
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

// ---- views -----------------------------------------------------------------------------------

#[test]
fn pairing_and_node_views_reject_unknown_ids() {
    let env = paired();
    let (vm, reg) = (&env.vm, &env.reg);
    expect_revert(vm, || reg.pairing(0), RegistryError::unknown_pairing(0));
    expect_revert(vm, || reg.pairing(3), RegistryError::unknown_pairing(3));
    expect_revert(vm, || reg.node(0), RegistryError::unknown_node(0));
    expect_revert(vm, || reg.node(3), RegistryError::unknown_node(3));
    expect_revert(
        vm,
        || reg.remaining_capacity(3),
        RegistryError::unknown_node(3),
    );
    assert_eq!(reg.node_of_signer(Address::ZERO), 0);
    assert_eq!(reg.node_of_signer(STRANGER), 0);
}

#[test]
fn active_pairings_lists_paired_nodes_of_a_page() {
    let mut env = paired();
    env.by(STAKING_A)
        .report_stake(NODE_1, metis(10_000))
        .unwrap();
    let all = (
        vec![NODE_1, NODE_2],
        vec![PAIRING_1, PAIRING_2],
        vec![APP_A, APP_B],
        vec![cap_1(), cap_2()],
        vec![metis(40_000), cap_2()],
    );
    assert_eq!(env.reg.active_pairings(0, 10), all);
    assert_eq!(
        env.reg.active_pairings(0, 1),
        (
            vec![NODE_1],
            vec![PAIRING_1],
            vec![APP_A],
            vec![cap_1()],
            vec![metis(40_000)]
        )
    );
    assert_eq!(
        env.reg.active_pairings(1, 10),
        (
            vec![NODE_2],
            vec![PAIRING_2],
            vec![APP_B],
            vec![cap_2()],
            vec![cap_2()]
        )
    );
    let empty = (vec![], vec![], vec![], vec![], vec![]);
    assert_eq!(env.reg.active_pairings(2, 10), empty.clone());
    assert_eq!(env.reg.active_pairings(u64::MAX, u64::MAX), empty.clone());
    assert_eq!(env.reg.active_pairings(0, 0), empty.clone());
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    // Unpaired node 1 fills its place in the page with nothing.
    assert_eq!(env.reg.active_pairings(0, 1), empty);
    assert_eq!(env.reg.active_pairings(0, u64::MAX).0, vec![NODE_2]);
}

/// A registry in Open access with `n` nodes; nodes with odd ids are paired with A.
fn with_nodes(n: u16) -> Env {
    let mut env = finalised();
    for to in 1..=phase::OPEN_ACCESS {
        env.by(ADMIN).advance_phase(to).unwrap();
    }
    env.by(ADMIN)
        .set_phase_node_limit(phase::OPEN_ACCESS, n)
        .unwrap();
    for i in 1..=n {
        let signer = Address::left_padding_from(&(0x10000u32 + i as u32).to_be_bytes());
        env.by(ADMIN)
            .register_node(OPERATOR_1, signer, "n")
            .unwrap();
        if i % 2 == 1 {
            env.by(OPERATOR_1)
                .pair(i as u64, APP_A, metis(20_000), "p")
                .unwrap();
        }
    }
    env
}

#[test]
fn nodes_pages_through_node_ids_at_most_100_at_a_time() {
    let env = with_nodes(150);
    assert_eq!(env.reg.nodes(0, 1_000), (1..=100).collect::<Vec<u64>>());
    assert_eq!(env.reg.nodes(0, u64::MAX), (1..=100).collect::<Vec<u64>>());
    assert_eq!(env.reg.nodes(100, 1_000), (101..=150).collect::<Vec<u64>>());
    assert_eq!(env.reg.nodes(140, 5), (141..=145).collect::<Vec<u64>>());
    assert_eq!(env.reg.nodes(149, 5), vec![150]);
    assert_eq!(env.reg.nodes(150, 5), Vec::<u64>::new());
    assert_eq!(env.reg.nodes(u64::MAX, u64::MAX), Vec::<u64>::new());
    assert_eq!(env.reg.nodes(3, 0), Vec::<u64>::new());
}

#[test]
fn active_pairings_walks_at_most_100_nodes_per_page() {
    let env = with_nodes(150);
    let (nodes, pairings, apps, caps, remaining) = env.reg.active_pairings(0, 1_000);
    let odd: Vec<u64> = (1..=100).filter(|i| i % 2 == 1).collect();
    assert_eq!(nodes, odd);
    assert_eq!(pairings, (1..=50).collect::<Vec<u64>>());
    assert_eq!(apps, vec![APP_A; 50]);
    assert_eq!(caps, vec![metis(20_000); 50]);
    assert_eq!(remaining, vec![metis(20_000); 50]);
    assert_eq!(
        env.reg.active_pairings(100, 1_000).0,
        (101..=150).filter(|i| i % 2 == 1).collect::<Vec<u64>>()
    );
}

#[test]
fn nodes_lists_ids_from_offset_plus_one() {
    let env = nodes_registered();
    assert_eq!(env.reg.nodes(0, 10), vec![1, 2]);
    assert_eq!(env.reg.nodes(1, 10), vec![2]);
    assert_eq!(env.reg.nodes(0, 1), vec![1]);
    assert_eq!(env.reg.nodes(2, 10), Vec::<u64>::new());
    let env = deployed();
    assert_eq!(env.reg.nodes(0, 10), Vec::<u64>::new());
}
