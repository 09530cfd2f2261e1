//! Nodes, pairings and stake: unknown records, the node limit, signers in use, pairing twice,
//! unpairing, stake above the cap or for an ended pairing, a cap below the stake.

use super::*;

/// Nodes, pairings, stake: every error of the group, reached through the artifact.
pub(super) fn nodes_pairings_and_stake(reg: &mut Registry, cov: &mut Coverage) {
    let c = cast();
    let (admin, stranger) = (c.admin.address, c.stranger.address);
    let operator_1 = c.node(1).operator.address;
    let pair_99 = I::pairCall {
        nodeId: 99,
        ..pair_node_2()
    };
    cov.reverts(
        reg,
        operator_1,
        &pair_99,
        I::RegistryUnknownNode { nodeId: 99 },
    );
    cov.reverts(
        reg,
        stranger,
        &I::pairingCall { pairingId: 99 },
        I::RegistryUnknownPairing { pairingId: 99 },
    );
    {
        let mut full = reg.clone();
        for id in 3..=4 {
            ok(&mut full, admin, &c.node(id).register());
        }
        cov.reverts(
            &mut full,
            admin,
            &c.node(5).register(),
            I::RegistryNodeLimitReached { phase: 0, limit: 4 },
        );
    }
    let reused = I::registerNodeCall {
        sequencerSigner: c.node(1).signer.address,
        ..c.node(3).register()
    };
    cov.reverts(
        reg,
        admin,
        &reused,
        I::RegistrySignerInUse {
            signer: c.node(1).signer.address,
            nodeId: 1,
        },
    );
    let pair_again = I::pairCall {
        nodeId: 1,
        applicationId: 2,
        ..pair_node_2()
    };
    cov.reverts(
        reg,
        operator_1,
        &pair_again,
        I::RegistryNodeAlreadyPaired {
            nodeId: 1,
            pairingId: 1,
        },
    );
    cov.reverts(
        reg,
        c.node(2).operator.address,
        &I::unpairCall {
            nodeId: 2,
            reason: String::new(),
        },
        I::RegistryNodeNotPaired { nodeId: 2 },
    );
    let over = metis(100_000) + U256::from(1);
    cov.reverts(
        reg,
        c.lst(1).staking.address,
        &I::reportStakeCall {
            pairingId: 1,
            stake: over,
        },
        I::RegistryStakeAboveCap {
            nodeId: 1,
            stake: over,
            cap: metis(100_000),
        },
    );
    {
        // a report for pairing 1 after it ended
        let mut ended = reg.clone();
        ok(
            &mut ended,
            operator_1,
            &I::unpairCall {
                nodeId: 1,
                reason: String::new(),
            },
        );
        cov.reverts(
            &mut ended,
            c.lst(1).staking.address,
            &I::reportStakeCall {
                pairingId: 1,
                stake: metis(1),
            },
            I::RegistryPairingEnded { pairingId: 1 },
        );
    }
    cov.reverts(
        reg,
        operator_1,
        &I::setStakeCapCall {
            nodeId: 1,
            stakeCap: metis(30_000),
        },
        I::RegistryCapBelowStake {
            nodeId: 1,
            cap: metis(30_000),
            stake: metis(50_000),
        },
    );
}
