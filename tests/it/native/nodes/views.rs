//! The node and pairing views.

use alloy_primitives::Address;
use lst_registry::events::NodeUnpaired;
use lst_registry::RegistryError;

use crate::native::support::*;

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
    let mut expected = vec![revoked_log(APP_A, status::QUALIFIED, "exploit")];
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
