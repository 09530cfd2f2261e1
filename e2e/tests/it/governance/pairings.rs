//! Pairings: only with an LST whose staking contract holds code, a revoked LST never pairs
//! again, and a late stake report for an ended pairing does not land on the node's next
//! pairing.

use super::*;

#[test]
fn a_node_pairs_only_with_an_lst_whose_staking_contract_holds_code() {
    // Enki Protocol (application 2, qualified) applied before deploying its staking contract.
    let c = cast();
    let mut reg = populated();
    let staking = c.lst(2).staking.address;
    reg.net_mut().set_code(staking, &[]);
    let pair = I::pairCall {
        nodeId: 2,
        applicationId: 2,
        stakeCap: metis(20_000),
        announcementUri: announcement_uri(2, "Enki Protocol"),
    };
    let operator = c.node(2).operator.address;
    assert_reverts(
        &mut reg,
        operator,
        &pair,
        I::RegistryNoCode { account: staking },
    );
    // Any code counts, EVM or Stylus: the contract is deployed, the node pairs.
    reg.net_mut()
        .set_code(staking, &[0x60, 0x00, 0x60, 0x00, 0xf3]);
    ok_with(
        &mut reg,
        operator,
        &pair,
        vec![I::NodePaired {
            nodeId: 2,
            pairingId: 2,
            applicationId: 2,
            stakeCap: metis(20_000),
            nonce: 2,
        }
        .into()],
    );
}

#[test]
fn a_revoked_lst_never_pairs_again_and_its_pairings_end() {
    let c = cast();
    let mut reg = populated();
    let admin = c.admin.address;
    // Artemis (application 1, qualified) is paired with node 1 (pairing 1, nonce 1); node 2
    // pairs with it too (pairing 2, nonce 2)
    ok(
        &mut reg,
        c.node(2).operator.address,
        &I::pairCall {
            nodeId: 2,
            applicationId: 1,
            stakeCap: metis(20_000),
            announcementUri: announcement_uri(2, "Artemis"),
        },
    );
    let revoke = |reason: &str| I::revokeApplicationCall {
        applicationId: 1,
        reason: reason.into(),
    };
    assert_reverts(
        &mut reg,
        c.stranger.address,
        &revoke("no"),
        I::RegistryNotAdmin {
            caller: c.stranger.address,
        },
    );
    for reason in [String::new(), "x".repeat(257)] {
        assert_reverts(
            &mut reg,
            admin,
            &revoke(&reason),
            I::RegistryInvalidLength {
                field: 12,
                length: U256::from(reason.len()),
                min: U256::from(1),
                max: U256::from(256),
            },
        );
    }
    // an emergency act: it works while paused
    ok(&mut reg, admin, &I::pauseCall {});
    let reason = "staking contract exploited";
    ok_with(
        &mut reg,
        admin,
        &revoke(reason),
        vec![
            I::ApplicationRevoked {
                roundId: 1,
                applicationId: 1,
                previousStatus: 4,
                reason: reason.into(),
            }
            .into(),
            I::NodeUnpaired {
                nodeId: 1,
                pairingId: 1,
                by: admin,
                reason: reason.into(),
                nonce: 3,
            }
            .into(),
            I::NodeUnpaired {
                nodeId: 2,
                pairingId: 2,
                by: admin,
                reason: reason.into(),
                nonce: 4,
            }
            .into(),
        ],
    );
    ok(&mut reg, admin, &I::unpauseCall {});
    for (node, pairing) in [(1, 1), (2, 2)] {
        assert_eq!(
            reg.view(&I::nodeCall { nodeId: node })
                .expect("node")
                .activePairing,
            0
        );
        assert!(
            reg.view(&I::pairingCall { pairingId: pairing })
                .expect("pairing")
                .endedAt
                > 0
        );
    }
    assert!(reg
        .view(&I::activePairingsCall {
            offset: 0,
            limit: 10
        })
        .expect("active pairings")
        .nodeIds
        .is_empty());
    assert_eq!(
        reg.view(&I::eligibilityCall { applicationId: 1 })
            .expect("eligibility"),
        I::eligibilityReturn {
            eligible: false,
            status: 10
        }
    );
    // its nodes' operators cannot pair it again; a second revocation is refused
    let revoked = I::RegistryWrongApplicationStatus {
        applicationId: 1,
        status: 10,
        expected: 4,
    };
    for node in [1, 2] {
        assert_reverts(
            &mut reg,
            c.node(node).operator.address,
            &I::pairCall {
                nodeId: node,
                applicationId: 1,
                stakeCap: metis(20_000),
                announcementUri: announcement_uri(node, "Artemis"),
            },
            revoked.clone(),
        );
    }
    assert_reverts(&mut reg, admin, &revoke(reason), revoked);
    // nor can its staking contract report for the ended pairings
    assert_reverts(
        &mut reg,
        c.lst(1).staking.address,
        &I::reportStakeCall {
            pairingId: 1,
            stake: metis(1),
        },
        I::RegistryPairingEnded { pairingId: 1 },
    );
}

#[test]
fn a_late_report_for_an_ended_pairing_does_not_land_on_the_nodes_next_pairing() {
    let c = cast();
    let mut reg = populated();
    let operator = c.node(1).operator.address;
    // node 1: pairing 1 with Artemis (50,000 METIS reported) ends; pairing 2 with Enki starts
    ok(
        &mut reg,
        operator,
        &I::unpairCall {
            nodeId: 1,
            reason: "moving to Enki".into(),
        },
    );
    ok(
        &mut reg,
        operator,
        &I::pairCall {
            nodeId: 1,
            applicationId: 2,
            stakeCap: metis(100_000),
            announcementUri: announcement_uri(1, "Enki Protocol"),
        },
    );
    let artemis = c.lst(1).staking.address;
    let late = metis(70_000);
    // Artemis's report, meant for pairing 1, arrives late
    assert_reverts(
        &mut reg,
        artemis,
        &I::reportStakeCall {
            pairingId: 1,
            stake: late,
        },
        I::RegistryPairingEnded { pairingId: 1 },
    );
    // naming the node's new pairing, it is not Artemis's to report
    assert_reverts(
        &mut reg,
        artemis,
        &I::reportStakeCall {
            pairingId: 2,
            stake: late,
        },
        I::RegistryNotStakingContract {
            nodeId: 1,
            caller: artemis,
            stakingContract: c.lst(2).staking.address,
        },
    );
    for pairing in [0, 3, 1 << 32] {
        assert_reverts(
            &mut reg,
            artemis,
            &I::reportStakeCall {
                pairingId: pairing,
                stake: late,
            },
            I::RegistryUnknownPairing { pairingId: pairing },
        );
    }
    let stake = |reg: &mut lst_registry_e2e::Registry, pairing| {
        reg.view(&I::pairingCall { pairingId: pairing })
            .expect("pairing")
            .stake
    };
    assert_eq!(
        stake(&mut reg, 1),
        metis(50_000),
        "the ended pairing keeps its stake"
    );
    assert_eq!(
        stake(&mut reg, 2),
        U256::ZERO,
        "the new pairing got nothing"
    );
    assert_eq!(
        reg.view(&I::remainingCapacityCall { nodeId: 1 })
            .expect("capacity"),
        metis(100_000)
    );
    // Enki reports its own pairing
    ok_with(
        &mut reg,
        c.lst(2).staking.address,
        &I::reportStakeCall {
            pairingId: 2,
            stake: metis(30_000),
        },
        vec![I::StakeReported {
            nodeId: 1,
            pairingId: 2,
            stake: metis(30_000),
        }
        .into()],
    );
}
