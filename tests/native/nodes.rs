//! Stage 2: nodes, pairings, stake caps, stake reports, and their views.

use alloy_primitives::{Address, U256};
use lst_registry::events::{
    ApplicationRevoked, NodePaired, NodeRegistered, NodeUnpaired, NodeUpdated, StakeCapChanged,
    StakeReported,
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
fn admin_updates_signer_and_uri_and_the_old_signer_is_retired() {
    let mut env = nodes_registered();
    env.emits(
        ADMIN,
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
        ADMIN,
        |r| r.update_node(NODE_2, OPERATOR_2, SEQUENCER_1, "u"),
        RegistryError::signer_in_use(SEQUENCER_1, NODE_1),
    );
    // Its own retired signer is not "in use" for the node itself.
    env.by(ADMIN)
        .update_node(NODE_1, OPERATOR_1, SEQUENCER_1, "u")
        .unwrap();
    assert_eq!(env.reg.node(NODE_1).unwrap().1, SEQUENCER_1);
}

#[test]
fn an_operator_cannot_change_its_sequencer_signer() {
    // Nothing proves the operator holds the new signer's key: naming an unused address would
    // bind it to this node for good. The operator may still change the URI alone.
    let mut env = nodes_registered();
    let fresh = Address::repeat_byte(0x5e);
    env.reverts(
        OPERATOR_1,
        |r| r.update_node(NODE_1, OPERATOR_1, fresh, "ipfs://new"),
        RegistryError::not_admin(OPERATOR_1),
    );
    assert_eq!(
        env.reg.node_of_signer(fresh),
        0,
        "the fresh signer is not bound"
    );
    env.emits(
        OPERATOR_1,
        |r| r.update_node(NODE_1, OPERATOR_1, SEQUENCER_1, "ipfs://new"),
        &[log_of(&NodeUpdated {
            nodeId: NODE_1,
            operator: OPERATOR_1,
            sequencerSigner: SEQUENCER_1,
        })],
    );
    assert_eq!(env.reg.node(NODE_1).unwrap().5, "ipfs://new");
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
            ANNOUNCEMENT_1.to_string(),
            false
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

// ---- revoking -------------------------------------------------------------------------------

fn revoke_reason_length(len: usize) -> RegistryError {
    length(field::REASON, len, 1, 256)
}

fn revoked(application: u64, previous: u8, reason: &str) -> (Vec<alloy_primitives::B256>, Vec<u8>) {
    log_of(&ApplicationRevoked {
        roundId: ROUND_1,
        applicationId: application,
        previousStatus: previous,
        reason: reason.into(),
    })
}

#[test]
fn revoke_application_is_for_the_admin_only() {
    let mut env = paired();
    env.by(ADMIN).transfer_admin(NEW_ADMIN).unwrap();
    for who in [
        GUARDIAN,
        STRANGER,
        OPERATOR_1,
        APPLICANT_A,
        STAKING_A,
        NEW_ADMIN,
    ] {
        env.reverts(
            who,
            |r| r.revoke_application(APP_A, "exploit"),
            RegistryError::not_admin(who),
        );
    }
    assert_eq!(env.reg.eligibility(APP_A), (true, status::QUALIFIED));
    assert_eq!(env.reg.node(NODE_1).unwrap().2, PAIRING_1);
}

#[test]
fn revoke_application_rejects_an_unknown_application() {
    let mut env = paired();
    for id in [0, 4, u32::MAX as u64 + 1 + APP_A, u64::MAX] {
        env.reverts(
            ADMIN,
            |r| r.revoke_application(id, "exploit"),
            RegistryError::unknown_application(id),
        );
    }
}

#[test]
fn revoke_application_takes_a_reason_of_1_to_256_bytes() {
    let mut env = paired();
    // Bytes, not characters: 129 two-byte characters are 258 bytes.
    let wide = "é".repeat(129);
    for (reason, len) in [
        ("", 0),
        ("r".repeat(257).as_str(), 257),
        (wide.as_str(), 258),
    ] {
        env.reverts(
            ADMIN,
            |r| r.revoke_application(APP_C, reason),
            revoke_reason_length(len),
        );
    }
    let longest = "é".repeat(128);
    assert_eq!(longest.len(), 256);
    env.emits(
        ADMIN,
        |r| r.revoke_application(APP_C, &longest),
        &[revoked(APP_C, status::NOT_SELECTED, &longest)],
    );
    env.emits(
        ADMIN,
        |r| r.revoke_application(APP_B, "x"),
        &[
            revoked(APP_B, status::QUALIFIED, "x"),
            log_of(&NodeUnpaired {
                nodeId: NODE_2,
                pairingId: PAIRING_2,
                by: ADMIN,
                reason: "x".into(),
                nonce: 3,
            }),
        ],
    );
}

#[test]
fn revoke_application_rejects_a_withdrawn_or_revoked_application() {
    let mut env = applications_submitted();
    env.by(APPLICANT_B).withdraw_application(APP_B).unwrap();
    env.reverts(
        ADMIN,
        |r| r.revoke_application(APP_B, "exploit"),
        RegistryError::wrong_application_status(APP_B, status::WITHDRAWN, status::QUALIFIED),
    );
    env.by(ADMIN).revoke_application(APP_A, "exploit").unwrap();
    env.reverts(
        ADMIN,
        |r| r.revoke_application(APP_A, "again"),
        RegistryError::wrong_application_status(APP_A, status::REVOKED, status::QUALIFIED),
    );
    // The status is judged before the reason.
    env.reverts(
        ADMIN,
        |r| r.revoke_application(APP_A, ""),
        RegistryError::wrong_application_status(APP_A, status::REVOKED, status::QUALIFIED),
    );
}

/// A staged registry.
type Fixture = fn() -> Env;

#[test]
fn revoke_application_names_the_status_it_ends() {
    // (fixture, application, its status before): each becomes Revoked with one event, and
    // nothing else moves.
    let cases: [(Fixture, u64, u8); 4] = [
        (applications_submitted, APP_A, status::PENDING),
        (tallies_attested, APP_B, status::TALLIED),
        (finalised, APP_A, status::QUALIFIED),
        (finalised, APP_C, status::NOT_SELECTED),
    ];
    for (fixture, id, previous) in cases {
        let mut env = fixture();
        assert_eq!(env.status_of(id), previous);
        let nonce = env.reg.pairing_nonce();
        let before = env.reg.application(id).unwrap();
        env.emits(
            ADMIN,
            |r| r.revoke_application(id, "fraudulent application"),
            &[revoked(id, previous, "fraudulent application")],
        );
        assert_eq!(env.reg.eligibility(id), (false, status::REVOKED));
        let after = env.reg.application(id).unwrap();
        assert_eq!(after.3, status::REVOKED);
        assert_eq!(
            (after.0, after.1, after.2, after.4, after.5, after.6),
            (before.0, before.1, before.2, before.4, before.5, before.6),
            "only the status moves"
        );
        assert_eq!(env.reg.pairing_nonce(), nonce, "no pairing ended");
    }
}

#[test]
fn revoking_a_qualified_application_ends_exactly_its_active_pairings() {
    // Nodes 1 and 3 are paired with A, node 2 with B; node 4 was paired with A and has left.
    let mut env = paired();
    env.by(ADMIN)
        .register_node(OPERATOR_3, SEQUENCER_3, "n3")
        .unwrap();
    env.by(ADMIN)
        .register_node(OPERATOR_3, SEQUENCER_4, "n4")
        .unwrap();
    assert_eq!(
        env.by(OPERATOR_3).pair(3, APP_A, metis(30_000), "p3"),
        Ok(3)
    );
    assert_eq!(
        env.by(OPERATOR_3).pair(4, APP_A, metis(30_000), "p4"),
        Ok(4)
    );
    env.at(T0 + 30 * DAY);
    env.by(OPERATOR_3).unpair(4, "left").unwrap();
    env.by(STAKING_A)
        .report_stake(PAIRING_1, metis(10_000))
        .unwrap();
    assert_eq!(env.reg.pairing_nonce(), 5);

    env.at(T0 + 40 * DAY);
    let reason = "staking contract drained";
    env.emits(
        ADMIN,
        |r| r.revoke_application(APP_A, reason),
        &[
            revoked(APP_A, status::QUALIFIED, reason),
            log_of(&NodeUnpaired {
                nodeId: NODE_1,
                pairingId: PAIRING_1,
                by: ADMIN,
                reason: reason.into(),
                nonce: 6,
            }),
            log_of(&NodeUnpaired {
                nodeId: 3,
                pairingId: 3,
                by: ADMIN,
                reason: reason.into(),
                nonce: 7,
            }),
        ],
    );
    assert_eq!(
        env.reg.pairing_nonce(),
        7,
        "one nonce step per pairing ended"
    );
    for (node, pairing) in [(NODE_1, PAIRING_1), (3, 3)] {
        assert_eq!(env.reg.node(node).unwrap().2, 0, "node {node} unpaired");
        assert_eq!(env.reg.pairing(pairing).unwrap().5, T0 + 40 * DAY);
        assert_eq!(env.reg.remaining_capacity(node), Ok(U256::ZERO));
    }
    assert_eq!(
        env.reg.pairing(PAIRING_1).unwrap().3,
        metis(10_000),
        "an ended pairing keeps its last report"
    );
    assert_eq!(
        env.reg.pairing(4).unwrap().5,
        T0 + 30 * DAY,
        "a pairing that had ended keeps its end"
    );
    // B's pairing stays as it was.
    assert_eq!(env.reg.node(NODE_2).unwrap().2, PAIRING_2);
    assert_eq!(env.reg.pairing(PAIRING_2).unwrap().5, 0);
    assert_eq!(
        env.reg.active_pairings(0, 10),
        (
            vec![NODE_2],
            vec![PAIRING_2],
            vec![APP_B],
            vec![cap_2()],
            vec![cap_2()]
        )
    );
    assert_eq!(env.reg.eligibility(APP_A), (false, status::REVOKED));

    // A never pairs again; its ended pairings take no report; the nodes may pair elsewhere.
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, cap_1(), "u"),
        RegistryError::wrong_application_status(APP_A, status::REVOKED, status::QUALIFIED),
    );
    env.reverts(
        STAKING_A,
        |r| r.report_stake(PAIRING_1, metis(1)),
        RegistryError::pairing_ended(PAIRING_1),
    );
    env.reverts(
        OPERATOR_1,
        |r| r.unpair(NODE_1, ""),
        RegistryError::node_not_paired(NODE_1),
    );
    assert_eq!(env.by(OPERATOR_1).pair(NODE_1, APP_B, cap_1(), "u"), Ok(5));
}

#[test]
fn revoking_a_qualified_application_without_pairings_ends_none() {
    let mut env = paired();
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    let before = env.reg.pairing(PAIRING_1).unwrap();
    env.emits(
        ADMIN,
        |r| r.revoke_application(APP_A, "exploit"),
        &[revoked(APP_A, status::QUALIFIED, "exploit")],
    );
    assert_eq!(env.reg.pairing(PAIRING_1).unwrap(), before);
    assert_eq!(env.reg.pairing_nonce(), 3);
    assert_eq!(env.reg.node(NODE_2).unwrap().2, PAIRING_2);
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
        .report_stake(PAIRING_1, metis(10_000))
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

#[test]
fn revoking_an_application_paired_with_75_of_150_nodes_ends_them_in_node_order() {
    let mut env = with_nodes(150);
    assert_eq!(env.reg.pairing_nonce(), 75);
    let mut expected = vec![revoked(APP_A, status::QUALIFIED, "exploit")];
    for (step, node) in (1..=150u64).filter(|i| i % 2 == 1).enumerate() {
        expected.push(log_of(&NodeUnpaired {
            nodeId: node,
            pairingId: step as u64 + 1,
            by: ADMIN,
            reason: "exploit".into(),
            nonce: 76 + step as u64,
        }));
    }
    env.emits(ADMIN, |r| r.revoke_application(APP_A, "exploit"), &expected);
    assert_eq!(env.reg.pairing_nonce(), 150);
    assert_eq!(env.reg.active_pairings(0, 100).0, Vec::<u64>::new());
    assert_eq!(env.reg.active_pairings(100, 100).0, Vec::<u64>::new());
}
