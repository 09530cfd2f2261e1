//! The vote rules, the stake-cap bounds and caps, the phases' node limits and transitions.

use super::*;

/// Rules and phases: every error of the group, reached through the artifact.
pub(super) fn rules_and_phases(reg: &mut Registry, cov: &mut Coverage) {
    let c = cast();
    let admin = c.admin.address;
    let quorum = metis(20_000);
    cov.reverts(
        reg,
        admin,
        &I::setVoteRulesCall {
            quorum: U256::ZERO,
            minVoters: 500,
            approvalBps: 8_000,
            attestationWindow: WINDOW,
        },
        I::RegistryInvalidQuorum {
            quorum: U256::ZERO,
            max: max_amount(),
        },
    );
    cov.reverts(
        reg,
        admin,
        &I::setVoteRulesCall {
            quorum,
            minVoters: 0,
            approvalBps: 8_000,
            attestationWindow: WINDOW,
        },
        I::RegistryInvalidMinVoters { minVoters: 0 },
    );
    cov.reverts(
        reg,
        admin,
        &I::setVoteRulesCall {
            quorum,
            minVoters: 500,
            approvalBps: 5_000,
            attestationWindow: WINDOW,
        },
        I::RegistryInvalidApproval { approvalBps: 5_000 },
    );
    let (min_window, max_window) = ATTESTATION_WINDOW;
    for window in [min_window - 1, max_window + 1] {
        cov.reverts(
            reg,
            admin,
            &I::setVoteRulesCall {
                quorum,
                minVoters: 500,
                approvalBps: 8_000,
                attestationWindow: window,
            },
            I::RegistryInvalidAttestationWindow {
                window,
                min: min_window,
                max: max_window,
            },
        );
    }
    cov.reverts(
        reg,
        admin,
        &I::setStakeCapBoundsCall {
            minCap: U256::ZERO,
            maxCap: metis(1),
        },
        I::RegistryInvalidStakeCapBounds {
            min: U256::ZERO,
            max: metis(1),
            ceiling: max_amount(),
        },
    );
    let low_cap = I::pairCall {
        stakeCap: metis(1),
        ..pair_node_2()
    };
    cov.reverts(
        reg,
        c.node(2).operator.address,
        &low_cap,
        I::RegistryInvalidStakeCap {
            cap: metis(1),
            min: metis(20_000),
            max: metis(100_000),
        },
    );
    cov.reverts(
        reg,
        admin,
        &I::setPhaseNodeLimitCall {
            targetPhase: 0,
            limit: 5,
        },
        I::RegistryInvalidNodeLimit {
            phase: 0,
            limit: 5,
            min: 2,
            max: 4,
        },
    );
    cov.reverts(
        reg,
        admin,
        &I::advancePhaseCall { to: 2 },
        I::RegistryInvalidPhaseTransition { from: 0, to: 2 },
    );
}
