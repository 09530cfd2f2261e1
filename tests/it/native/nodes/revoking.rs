//! Revoking an application during Stage 2, and what it does to its pairings.

use alloy_primitives::U256;
use lst_registry::events::NodeUnpaired;
use lst_registry::RegistryError;

use super::length;
use crate::native::support::*;

fn revoke_reason_length(len: usize) -> RegistryError {
    length(field::REASON, len, 1, 256)
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
        &[revoked_log(APP_C, status::NOT_SELECTED, &longest)],
    );
    env.emits(
        ADMIN,
        |r| r.revoke_application(APP_B, "x"),
        &[
            revoked_log(APP_B, status::QUALIFIED, "x"),
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
fn revoke_application_rejects_a_revoked_application() {
    let mut env = applications_submitted();
    // A withdrawn one can be revoked, which releases its proposal (B applies with it again),
    // but only once.
    env.by(APPLICANT_B).withdraw_application(APP_B).unwrap();
    env.by(ADMIN).revoke_application(APP_B, "squat").unwrap();
    assert_eq!(env.submit(&LST_B), 4);
    env.reverts(
        ADMIN,
        |r| r.revoke_application(APP_B, "again"),
        RegistryError::wrong_application_status(APP_B, status::REVOKED, status::QUALIFIED),
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
            &[revoked_log(id, previous, "fraudulent application")],
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
            revoked_log(APP_A, status::QUALIFIED, reason),
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
        &[revoked_log(APP_A, status::QUALIFIED, "exploit")],
    );
    assert_eq!(env.reg.pairing(PAIRING_1).unwrap(), before);
    assert_eq!(env.reg.pairing_nonce(), 3);
    assert_eq!(env.reg.node(NODE_2).unwrap().2, PAIRING_2);
}
