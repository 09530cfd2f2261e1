//! The run's deployment, roles, rules, phases and oracle set.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolError, SolEvent, SolInterface};
use lst_registry::router;

use super::{account, metis, Cast, Run};
use crate::abi_drift::hex;
use crate::abi_drift::ILstRegistry as I;

/// Deployment through the constructor route, then the admin, guardian and pause.
pub(super) fn deployment_and_roles(run: &mut Run, cast: &Cast) {
    let Cast {
        deployer,
        guardian,
        stranger,
        ..
    } = *cast;
    let (admin, new_admin) = (cast.first_admin, cast.admin);
    let mut constructor = router::selector("stylus_constructor()")
        .to_be_bytes()
        .to_vec();
    let (views, admin_program) = (account(0x77), account(0x78));
    run.vm.set_code(views, vec![0xEF, 0xF0, 0x00, 0x00]);
    run.vm.set_code(admin_program, vec![0xEF, 0xF0, 0x00, 0x00]);
    constructor.extend_from_slice(&alloy_sol_types::SolValue::abi_encode(&(
        admin,
        views,
        admin_program,
    )));
    run.raw(deployer, &constructor).expect("constructor");
    run.logged(&[
        I::AdminTransferred {
            previousAdmin: Address::ZERO,
            newAdmin: admin,
        }
        .encode_log_data(),
        I::GuardianChanged {
            previousGuardian: Address::ZERO,
            newGuardian: admin,
        }
        .encode_log_data(),
    ]);
    let again = run
        .raw(stranger, &constructor)
        .expect_err("a second constructor run");
    assert_eq!(
        hex(&again.abi_encode()),
        hex(&I::RegistryAlreadyInitialised {}.abi_encode())
    );

    // ---- roles
    assert_eq!(run.ok(stranger, I::adminCall {}), admin);
    assert_eq!(run.ok(stranger, I::guardianCall {}), admin);
    assert!(!run.ok(stranger, I::pausedCall {}));
    assert_eq!(run.ok(stranger, I::viewsProgramCall {}), views);
    assert_eq!(run.ok(stranger, I::adminProgramCall {}), admin_program);
    run.fails(
        stranger,
        I::transferAdminCall {
            newAdmin: new_admin,
        },
        I::RegistryNotAdmin { caller: stranger },
    );
    run.ok(
        admin,
        I::transferAdminCall {
            newAdmin: new_admin,
        },
    );
    run.logged(&[I::AdminTransferStarted {
        admin,
        pendingAdmin: new_admin,
    }
    .encode_log_data()]);
    assert_eq!(run.ok(stranger, I::pendingAdminCall {}), new_admin);
    run.fails(
        stranger,
        I::acceptAdminCall {},
        I::RegistryNotPendingAdmin {
            caller: stranger,
            pendingAdmin: new_admin,
        },
    );
    run.ok(new_admin, I::acceptAdminCall {});
    run.logged(&[I::AdminTransferred {
        previousAdmin: admin,
        newAdmin: new_admin,
    }
    .encode_log_data()]);
    let (first_admin, admin) = (admin, new_admin);
    assert_eq!(run.ok(stranger, I::adminCall {}), admin);
    assert_eq!(run.ok(stranger, I::pendingAdminCall {}), Address::ZERO);
    run.fails(
        admin,
        I::setGuardianCall {
            newGuardian: Address::ZERO,
        },
        I::RegistryZeroAddress { field: 1 },
    );
    run.ok(
        admin,
        I::setGuardianCall {
            newGuardian: guardian,
        },
    );
    run.logged(&[I::GuardianChanged {
        previousGuardian: first_admin,
        newGuardian: guardian,
    }
    .encode_log_data()]);
    run.ok(guardian, I::pauseCall {});
    run.logged(&[I::Paused { account: guardian }.encode_log_data()]);
    assert!(run.ok(stranger, I::pausedCall {}));
    run.fails(
        admin,
        I::openRoundCall {
            slots: 1,
            deadline: 2_000,
        },
        I::RegistryPaused {},
    );
    run.fails(
        guardian,
        I::unpauseCall {},
        I::RegistryNotAdmin { caller: guardian },
    );
    run.ok(admin, I::unpauseCall {});
    run.logged(&[I::Unpaused { account: admin }.encode_log_data()]);
}

/// The vote rules, snapshot space, cap bounds, node limits and a phase advance.
pub(super) fn rules_and_phases(run: &mut Run, cast: &Cast) {
    let Cast {
        admin, stranger, ..
    } = *cast;
    let defaults = run.ok(stranger, I::rulesCall {});
    assert!(!defaults.countingMode.is_empty());
    assert_eq!(defaults.snapshotSpace, "metislayer2.eth");
    assert_eq!(defaults.attestationWindow, 14 * 86_400);
    run.fails(
        admin,
        I::setSnapshotSpaceCall {
            space: String::new(),
        },
        I::RegistryInvalidLength {
            field: 7,
            length: U256::ZERO,
            min: U256::from(1),
            max: U256::from(64),
        },
    );
    run.ok(
        admin,
        I::setSnapshotSpaceCall {
            space: "lst.eth".into(),
        },
    );
    run.logged(&[I::SnapshotSpaceChanged {
        space: "lst.eth".into(),
    }
    .encode_log_data()]);
    run.fails(
        admin,
        I::setVoteRulesCall {
            quorum: metis(100),
            minVoters: 10,
            approvalBps: 5_000,
            attestationWindow: 2 * 86_400,
        },
        I::RegistryInvalidApproval { approvalBps: 5_000 },
    );
    run.fails(
        admin,
        I::setVoteRulesCall {
            quorum: metis(100),
            minVoters: 10,
            approvalBps: 6_000,
            attestationWindow: 86_399,
        },
        I::RegistryInvalidAttestationWindow {
            window: 86_399,
            min: 86_400,
            max: 90 * 86_400,
        },
    );
    run.ok(
        admin,
        I::setVoteRulesCall {
            quorum: metis(100),
            minVoters: 10,
            approvalBps: 6_000,
            attestationWindow: 2 * 86_400,
        },
    );
    run.logged(&[I::VoteRulesChanged {
        quorum: metis(100),
        minVoters: 10,
        approvalBps: 6_000,
        attestationWindow: 2 * 86_400,
    }
    .encode_log_data()]);
    run.ok(
        admin,
        I::setStakeCapBoundsCall {
            minCap: metis(10),
            maxCap: metis(1_000),
        },
    );
    run.logged(&[I::StakeCapBoundsChanged {
        minCap: metis(10),
        maxCap: metis(1_000),
    }
    .encode_log_data()]);
    let rules = run.ok(stranger, I::rulesCall {});
    assert_eq!(
        (
            rules.quorum,
            rules.minVoters,
            rules.approvalBps,
            rules.attestationWindow,
            rules.minCap,
            rules.maxCap,
            rules.countingMode,
            rules.snapshotSpace.as_str()
        ),
        (
            metis(100),
            10,
            6_000,
            2 * 86_400,
            metis(10),
            metis(1_000),
            defaults.countingMode,
            "lst.eth"
        )
    );
    let limits = run.ok(stranger, I::phaseNodeLimitsCall {});
    let throughput = limits[1] + 1;
    run.ok(
        admin,
        I::setPhaseNodeLimitCall {
            targetPhase: 1,
            limit: throughput,
        },
    );
    run.logged(&[I::PhaseNodeLimitChanged {
        phase: 1,
        limit: throughput,
    }
    .encode_log_data()]);
    // The limit in force again: a success that writes and logs nothing.
    run.ok(
        admin,
        I::setPhaseNodeLimitCall {
            targetPhase: 1,
            limit: throughput,
        },
    );
    run.logged(&[]);
    run.ok(admin, I::advancePhaseCall { to: 1 });
    run.logged(&[I::PhaseAdvanced { from: 0, to: 1 }.encode_log_data()]);
    run.fails(
        admin,
        I::advancePhaseCall { to: 3 },
        I::RegistryInvalidPhaseTransition { from: 1, to: 3 },
    );
    assert_eq!(
        run.ok(stranger, I::phaseNodeLimitsCall {}),
        [limits[0], throughput, limits[2], limits[3]]
    );
    let phase = run.ok(stranger, I::phaseCall {});
    assert_eq!(
        (phase.current, phase.nodeLimit, phase.nodeCount),
        (1, throughput, 0)
    );
}

/// The oracle set, its delay and a scheduled change.
pub(super) fn oracle_set(run: &mut Run, cast: &Cast) {
    let Cast {
        admin,
        oracle,
        stranger,
        ..
    } = *cast;
    run.ok(
        admin,
        I::setOracleSetCall {
            signers: vec![oracle],
            threshold: 1,
        },
    );
    let now: u64 = 1_000; // the block timestamp the run starts at
    run.logged(&[I::OracleSetChanged {
        epoch: 1,
        signers: vec![oracle],
        threshold: 1,
        effectiveAt: now,
    }
    .encode_log_data()]);
    let set = run.ok(stranger, I::oracleSetCall {});
    assert_eq!(
        (set.signers, set.threshold, set.epoch),
        (vec![oracle], 1, 1)
    );
    assert_eq!(
        (
            set.nextSigners,
            set.nextThreshold,
            set.nextEpoch,
            set.nextAt,
            set.delay
        ),
        (vec![], 0, 0, 0, 2 * 86_400)
    );
    run.fails(
        admin,
        I::setOracleSetDelayCall { delay: 86_399 },
        I::RegistryInvalidOracleSetDelay {
            delay: 86_399,
            min: 86_400,
            max: 30 * 86_400,
        },
    );
    run.ok(admin, I::setOracleSetDelayCall { delay: 3 * 86_400 });
    run.logged(&[I::OracleSetDelayChanged { delay: 3 * 86_400 }.encode_log_data()]);
    // A second change is scheduled: the first set stays in force until the delay has passed.
    run.ok(
        admin,
        I::setOracleSetCall {
            signers: vec![oracle],
            threshold: 1,
        },
    );
    run.logged(&[I::OracleSetChanged {
        epoch: 2,
        signers: vec![oracle],
        threshold: 1,
        effectiveAt: now + 3 * 86_400,
    }
    .encode_log_data()]);
    let set = run.ok(stranger, I::oracleSetCall {});
    assert_eq!(
        (
            set.epoch,
            set.nextSigners,
            set.nextThreshold,
            set.nextEpoch,
            set.nextAt
        ),
        (1, vec![oracle], 1, 2, now + 3 * 86_400)
    );
    assert_ne!(run.ok(stranger, I::domainSeparatorCall {}), B256::ZERO);
}
