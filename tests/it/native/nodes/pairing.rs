//! Pairing nodes with qualified applications, and unpairing them.

use alloy_primitives::U256;
use lst_registry::events::NodeUnpaired;
use lst_registry::RegistryError;

use super::{cap_error, length};
use crate::native::support::*;

// ---- pairing ---------------------------------------------------------------------------------

#[test]
fn operator_pairs_a_node_with_a_qualified_application() {
    let mut env = nodes_registered();
    env.at(T0 + 10 * DAY);
    let id = env.emits(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, cap_1(), ANNOUNCEMENT_1),
        &[first_pairing_log(1)],
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
fn pairing_requires_the_applications_staking_contract_to_hold_code() {
    // An LST may apply before deploying its staking contract; it is paired only once the
    // contract exists, so that no pairing takes stake reports from a plain account.
    let mut env = nodes_registered();
    env.vm.set_code(STAKING_A, Vec::new());
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, cap_1(), ANNOUNCEMENT_1),
        RegistryError::no_code(STAKING_A),
    );
    assert_eq!(env.reg.node(NODE_1).unwrap().2, 0);
    assert_eq!(env.reg.pairing_nonce(), 0);
    // Checked after the application's status: one that did not qualify says so first.
    env.vm.set_code(STAKING_C, Vec::new());
    assert_ne!(env.status_of(APP_C), 4);
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_C, cap_1(), ANNOUNCEMENT_1),
        RegistryError::wrong_application_status(APP_C, env.status_of(APP_C), 4),
    );
    env.vm.set_code(STAKING_A, EVM_CODE.to_vec());
    assert_eq!(
        env.by(OPERATOR_1)
            .pair(NODE_1, APP_A, cap_1(), ANNOUNCEMENT_1),
        Ok(PAIRING_1)
    );
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
