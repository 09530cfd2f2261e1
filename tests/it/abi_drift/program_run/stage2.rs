//! Stage 2 of the run: nodes and pairings, then a revocation that ends a pairing.

use alloy_primitives::U256;
use alloy_sol_types::SolEvent;

use super::{metis, Cast, Run};
use crate::abi_drift::ILstRegistry as I;

/// Two nodes, two pairings, a report, a cap change, an unpairing.
pub(super) fn nodes_and_pairings(run: &mut Run, cast: &Cast) {
    let Cast {
        admin,
        stranger,
        staking,
        operators: [operator1, operator2],
        signers: [signer1, signer2, signer3],
        ..
    } = *cast;
    run.vm.set_block_timestamp(3_000);
    let node_uri = |n: u8| format!("ipfs://node-{n}");
    for (n, (operator, signer)) in [(1u64, (operator1, signer1)), (2, (operator2, signer2))] {
        let call = I::registerNodeCall {
            operator,
            sequencerSigner: signer,
            metadataUri: node_uri(n as u8),
        };
        assert_eq!(run.ok(admin, call), n);
        run.logged(&[I::NodeRegistered {
            nodeId: n,
            operator,
            sequencerSigner: signer,
        }
        .encode_log_data()]);
    }
    run.fails(
        admin,
        I::registerNodeCall {
            operator: operator2,
            sequencerSigner: signer1,
            metadataUri: node_uri(3),
        },
        I::RegistrySignerInUse {
            signer: signer1,
            nodeId: 1,
        },
    );
    run.fails(
        operator1,
        I::updateNodeCall {
            nodeId: 1,
            operator: operator2,
            sequencerSigner: signer1,
            metadataUri: node_uri(1),
        },
        I::RegistryNotAdmin { caller: operator1 },
    );
    // A new sequencer signer needs the admin.
    run.fails(
        operator1,
        I::updateNodeCall {
            nodeId: 1,
            operator: operator1,
            sequencerSigner: signer3,
            metadataUri: node_uri(11),
        },
        I::RegistryNotAdmin { caller: operator1 },
    );
    run.ok(
        admin,
        I::updateNodeCall {
            nodeId: 1,
            operator: operator1,
            sequencerSigner: signer3,
            metadataUri: node_uri(11),
        },
    );
    run.logged(&[I::NodeUpdated {
        nodeId: 1,
        operator: operator1,
        sequencerSigner: signer3,
    }
    .encode_log_data()]);
    assert_eq!(
        run.ok(
            stranger,
            I::nodeOfSignerCall {
                sequencerSigner: signer1
            }
        ),
        1
    );
    assert_eq!(
        run.ok(
            stranger,
            I::nodeOfSignerCall {
                sequencerSigner: signer3
            }
        ),
        1
    );
    let node = run.ok(stranger, I::nodeCall { nodeId: 1 });
    assert_eq!(
        (
            node.operator,
            node.sequencerSigner,
            node.activePairing,
            node.registeredPhase,
            node.registeredAt,
            node.metadataUri
        ),
        (operator1, signer3, 0, 1, 3_000, node_uri(11))
    );
    assert_eq!(
        run.ok(
            stranger,
            I::nodesCall {
                offset: 0,
                limit: 10
            }
        ),
        vec![1, 2]
    );

    run.fails(
        operator2,
        I::pairCall {
            nodeId: 2,
            applicationId: 2,
            stakeCap: metis(50),
            announcementUri: "ipfs://pair".into(),
        },
        I::RegistryWrongApplicationStatus {
            applicationId: 2,
            status: 5,
            expected: 4,
        },
    );
    // Application 1's staking contract is not deployed yet: no pairing until it is.
    run.fails(
        operator1,
        I::pairCall {
            nodeId: 1,
            applicationId: 1,
            stakeCap: metis(100),
            announcementUri: "ipfs://pair".into(),
        },
        I::RegistryNoCode {
            account: staking[0],
        },
    );
    run.vm.set_code(staking[0], vec![0x60, 0x00, 0x00]);
    run.fails(
        operator1,
        I::pairCall {
            nodeId: 1,
            applicationId: 1,
            stakeCap: metis(5),
            announcementUri: "ipfs://pair".into(),
        },
        I::RegistryInvalidStakeCap {
            cap: metis(5),
            min: metis(10),
            max: metis(1_000),
        },
    );
    let pair = |node: u64, cap: u64| I::pairCall {
        nodeId: node,
        applicationId: 1,
        stakeCap: metis(cap),
        announcementUri: format!("ipfs://pair-{node}"),
    };
    assert_eq!(run.ok(operator1, pair(1, 100)), 1);
    run.logged(&[I::NodePaired {
        nodeId: 1,
        pairingId: 1,
        applicationId: 1,
        stakeCap: metis(100),
        nonce: 1,
    }
    .encode_log_data()]);
    assert_eq!(run.ok(operator2, pair(2, 50)), 2);
    run.logged(&[I::NodePaired {
        nodeId: 2,
        pairingId: 2,
        applicationId: 1,
        stakeCap: metis(50),
        nonce: 2,
    }
    .encode_log_data()]);
    run.fails(
        staking[0],
        I::reportStakeCall {
            pairingId: 3,
            stake: metis(40),
        },
        I::RegistryUnknownPairing { pairingId: 3 },
    );
    run.fails(
        stranger,
        I::reportStakeCall {
            pairingId: 1,
            stake: metis(40),
        },
        I::RegistryNotStakingContract {
            nodeId: 1,
            caller: stranger,
            stakingContract: staking[0],
        },
    );
    run.fails(
        staking[0],
        I::reportStakeCall {
            pairingId: 1,
            stake: metis(101),
        },
        I::RegistryStakeAboveCap {
            nodeId: 1,
            stake: metis(101),
            cap: metis(100),
        },
    );
    run.ok(
        staking[0],
        I::reportStakeCall {
            pairingId: 1,
            stake: metis(40),
        },
    );
    run.logged(&[I::StakeReported {
        nodeId: 1,
        pairingId: 1,
        stake: metis(40),
    }
    .encode_log_data()]);
    run.fails(
        operator1,
        I::setStakeCapCall {
            nodeId: 1,
            stakeCap: metis(30),
        },
        I::RegistryCapBelowStake {
            nodeId: 1,
            cap: metis(30),
            stake: metis(40),
        },
    );
    run.ok(
        operator1,
        I::setStakeCapCall {
            nodeId: 1,
            stakeCap: metis(60),
        },
    );
    run.logged(&[I::StakeCapChanged {
        nodeId: 1,
        pairingId: 1,
        previousCap: metis(100),
        newCap: metis(60),
        nonce: 3,
    }
    .encode_log_data()]);
    assert_eq!(
        run.ok(stranger, I::remainingCapacityCall { nodeId: 1 }),
        metis(20)
    );
    let active = run.ok(
        stranger,
        I::activePairingsCall {
            offset: 0,
            limit: 10,
        },
    );
    assert_eq!(
        (
            active.nodeIds,
            active.pairingIds,
            active.applicationIds,
            active.stakeCaps,
            active.remaining
        ),
        (
            vec![1, 2],
            vec![1, 2],
            vec![1, 1],
            vec![metis(60), metis(50)],
            vec![metis(20), metis(50)]
        )
    );
    run.vm.set_block_timestamp(4_000);
    run.ok(
        admin,
        I::unpairCall {
            nodeId: 2,
            reason: "rotation".into(),
        },
    );
    run.logged(&[I::NodeUnpaired {
        nodeId: 2,
        pairingId: 2,
        by: admin,
        reason: "rotation".into(),
        nonce: 4,
    }
    .encode_log_data()]);
    let pairing = run.ok(stranger, I::pairingCall { pairingId: 2 });
    assert_eq!(
        (
            pairing.nodeId,
            pairing.applicationId,
            pairing.stakeCap,
            pairing.stake,
            pairing.startedAt,
            pairing.endedAt
        ),
        (2, 1, metis(50), U256::ZERO, 3_000, 4_000)
    );
    assert_eq!(pairing.announcementUri, "ipfs://pair-2");
    run.fails(
        staking[0],
        I::reportStakeCall {
            pairingId: 2,
            stake: metis(1),
        },
        I::RegistryPairingEnded { pairingId: 2 },
    );
    let pairing = run.ok(stranger, I::pairingCall { pairingId: 1 });
    assert_eq!(
        (pairing.stakeCap, pairing.stake, pairing.endedAt),
        (metis(60), metis(40), 0)
    );
    assert_eq!(
        run.ok(stranger, I::remainingCapacityCall { nodeId: 2 }),
        U256::ZERO
    );
    assert_eq!(run.ok(stranger, I::pairingNonceCall {}), 4);
    let counts = run.ok(stranger, I::countsCall {});
    assert_eq!(
        (
            counts.roundCount,
            counts.applicationCount,
            counts.nodeCount,
            counts.pairingCount
        ),
        (1, 4, 2, 2)
    );
}

/// Application 1 loses its eligibility and node 1's pairing ends.
pub(super) fn revocation(run: &mut Run, cast: &Cast) {
    let Cast {
        admin,
        stranger,
        staking,
        ..
    } = *cast;
    run.vm.set_block_timestamp(5_000);
    run.fails(
        stranger,
        I::revokeApplicationCall {
            applicationId: 1,
            reason: "exploit".into(),
        },
        I::RegistryNotAdmin { caller: stranger },
    );
    run.fails(
        admin,
        I::revokeApplicationCall {
            applicationId: 1,
            reason: String::new(),
        },
        I::RegistryInvalidLength {
            field: 12,
            length: U256::ZERO,
            min: U256::from(1),
            max: U256::from(256),
        },
    );
    run.ok(
        admin,
        I::revokeApplicationCall {
            applicationId: 1,
            reason: "staking contract exploited".into(),
        },
    );
    run.logged(&[
        I::ApplicationRevoked {
            roundId: 1,
            applicationId: 1,
            previousStatus: 4,
            reason: "staking contract exploited".into(),
        }
        .encode_log_data(),
        I::NodeUnpaired {
            nodeId: 1,
            pairingId: 1,
            by: admin,
            reason: "staking contract exploited".into(),
            nonce: 5,
        }
        .encode_log_data(),
    ]);
    run.fails(
        admin,
        I::revokeApplicationCall {
            applicationId: 1,
            reason: "again".into(),
        },
        I::RegistryWrongApplicationStatus {
            applicationId: 1,
            status: 10,
            expected: 4,
        },
    );
    assert_eq!(
        run.ok(stranger, I::eligibilityCall { applicationId: 1 }),
        I::eligibilityReturn {
            eligible: false,
            status: 10
        }
    );
    assert_eq!(
        run.ok(stranger, I::pairingCall { pairingId: 1 }).endedAt,
        5_000
    );
    assert_eq!(run.ok(stranger, I::nodeCall { nodeId: 1 }).activePairing, 0);
    assert_eq!(run.ok(stranger, I::pairingNonceCall {}), 5);
    run.fails(
        staking[0],
        I::reportStakeCall {
            pairingId: 1,
            stake: metis(1),
        },
        I::RegistryPairingEnded { pairingId: 1 },
    );
}
