//! Registering and updating nodes.

use alloy_primitives::{Address, U256};
use lst_registry::events::{NodeRegistered, NodeUpdated};
use lst_registry::RegistryError;

use super::length;
use crate::native::support::*;

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
