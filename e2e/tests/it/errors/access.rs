//! Who may act: each role's check, and the pause.

use super::*;

/// Who may act: every error of the group, reached through the artifact.
pub(super) fn who_may_act(reg: &mut Registry, cov: &mut Coverage) {
    let c = cast();
    let (admin, stranger) = (c.admin.address, c.stranger.address);
    cov.reverts(
        reg,
        stranger,
        &I::setGuardianCall {
            newGuardian: stranger,
        },
        I::RegistryNotAdmin { caller: stranger },
    );
    cov.reverts(
        reg,
        stranger,
        &I::pauseCall {},
        I::RegistryNotGuardian { caller: stranger },
    );
    cov.reverts(
        reg,
        stranger,
        &I::acceptAdminCall {},
        I::RegistryNotPendingAdmin {
            caller: stranger,
            pendingAdmin: Address::ZERO,
        },
    );
    cov.reverts(
        reg,
        stranger,
        &I::withdrawApplicationCall { applicationId: 3 },
        I::RegistryNotApplicant {
            applicationId: 3,
            caller: stranger,
        },
    );
    cov.reverts(
        reg,
        stranger,
        &pair_node_2(),
        I::RegistryNotNodeOperator {
            nodeId: 2,
            caller: stranger,
        },
    );
    cov.reverts(
        reg,
        stranger,
        &I::reportStakeCall {
            pairingId: 1,
            stake: metis(1),
        },
        I::RegistryNotStakingContract {
            nodeId: 1,
            caller: stranger,
            stakingContract: c.lst(1).staking.address,
        },
    );
    {
        let mut paused = reg.clone();
        ok(&mut paused, admin, &I::pauseCall {});
        // the program's flows stop; recovery (setGuardian, setOracleSet, the admin
        // transfer) does not: governance/paused.rs
        cov.reverts(
            &mut paused,
            admin,
            &I::setSnapshotSpaceCall {
                space: "other.eth".into(),
            },
            I::RegistryPaused {},
        );
    }
    cov.reverts(reg, admin, &I::unpauseCall {}, I::RegistryNotPaused {});
}
