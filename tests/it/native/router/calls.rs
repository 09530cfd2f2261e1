//! Calls through the router, end to end with alloy-encoded calldata.

use alloy_sol_types::SolCall;
use lst_registry::events::{
    ApplicationRevoked, ApplicationSubmitted, NodeUnpaired, Paused, SnapshotSpaceChanged,
    StakeReported, TallyAttested, VoteRulesChanged,
};
use lst_registry::RegistryError;

use super::ILstRegistry::*;
use super::{call, dispatch_reverts};
use crate::native::support::*;

#[test]
fn views_through_the_router_decode_as_the_interface_says() {
    let mut env = paired();
    assert_eq!(call(&mut env, STRANGER, &adminCall {}), ADMIN);

    let rules = call(&mut env, STRANGER, &rulesCall {});
    let (quorum, min_voters, approval, window, min_cap, max_cap, mode, space) = env.reg.rules();
    assert_eq!(
        (
            rules.quorum,
            rules.minVoters,
            rules.approvalBps,
            rules.attestationWindow,
            rules.minCap,
            rules.maxCap,
            rules.countingMode.as_str(),
            rules.snapshotSpace.as_bytes()
        ),
        (
            quorum,
            min_voters,
            approval,
            window,
            min_cap,
            max_cap,
            mode,
            space.as_slice()
        )
    );

    // A change scheduled, so that every field of the view has a value.
    call(
        &mut env,
        ADMIN,
        &setOracleSetCall {
            signers: oracle_addresses(&[ORACLE_4]),
            threshold: 1,
        },
    );
    let set = call(&mut env, STRANGER, &oracleSetCall {});
    let direct = env.reg.oracle_set();
    assert_eq!(
        (set.signers, set.threshold, set.epoch, set.nextSigners),
        (
            direct.signers,
            direct.threshold,
            direct.epoch,
            direct.next_signers
        )
    );
    assert_eq!(
        (set.nextThreshold, set.nextEpoch, set.nextAt, set.delay),
        (
            direct.next_threshold,
            direct.next_epoch,
            direct.next_at,
            direct.delay
        )
    );
    assert_eq!((set.nextEpoch, set.nextThreshold), (2, 1));
    call(&mut env, ADMIN, &setOracleSetDelayCall { delay: 86_400 });
    assert_eq!(env.reg.oracle_set().delay, 86_400);
    assert_eq!(
        call(&mut env, STRANGER, &phaseNodeLimitsCall {}),
        env.reg.phase_node_limits()
    );

    let app = call(
        &mut env,
        STRANGER,
        &applicationCall {
            applicationId: APP_B,
        },
    );
    let direct = env.reg.application(APP_B).unwrap();
    assert_eq!(
        (
            app.round,
            app.applicant,
            app.stakingContract,
            app.status,
            app.rank,
            app.contentHash,
            app.snapshotProposal
        ),
        (direct.0, direct.1, direct.2, direct.3, direct.4, direct.5, direct.6)
    );
    assert_eq!(
        (app.name, app.metadataUri, app.snapshotSpace),
        (direct.7, direct.8, direct.9)
    );

    let round = call(&mut env, STRANGER, &roundCall { roundId: ROUND_1 });
    assert_eq!(
        (
            round.slots,
            round.status,
            round.phase,
            round.firstApplication,
            round.applications
        ),
        (SLOTS, round_status::FINALISED, phase::ALPHA, 1, 3)
    );
    assert_eq!(
        (
            round.live,
            round.tallied,
            round.passed,
            round.qualified,
            round.deadline,
            round.attestationDeadline
        ),
        (3, 3, 3, 2, DEADLINE, ATTESTATION_DEADLINE)
    );
    assert_eq!(
        (
            round.quorum,
            round.minVoters,
            round.approvalBps,
            round.attestationWindow
        ),
        env.reg.round(ROUND_1).unwrap().11
    );
    assert_eq!(env.reg.round(ROUND_1).unwrap().11, default_round_rules());

    let node = call(&mut env, STRANGER, &nodeCall { nodeId: NODE_2 });
    assert_eq!(
        (
            node.operator,
            node.sequencerSigner,
            node.activePairing,
            node.metadataUri
        ),
        (OPERATOR_2, SEQUENCER_2, PAIRING_2, NODE_2_URI.into())
    );

    let pairing = call(
        &mut env,
        STRANGER,
        &pairingCall {
            pairingId: PAIRING_1,
        },
    );
    assert_eq!(
        (
            pairing.node,
            pairing.application,
            pairing.stakeCap,
            pairing.announcementUri
        ),
        (NODE_1, APP_A, cap_1(), ANNOUNCEMENT_1.into())
    );

    let active = call(
        &mut env,
        STRANGER,
        &activePairingsCall {
            offset: 0,
            limit: 10,
        },
    );
    assert_eq!(
        (
            active.nodeIds,
            active.pairingIds,
            active.applicationIds,
            active.caps,
            active.remaining
        ),
        env.reg.active_pairings(0, 10)
    );

    let eligibility = call(
        &mut env,
        STRANGER,
        &eligibilityCall {
            applicationId: APP_C,
        },
    );
    assert_eq!(
        (eligibility.eligible, eligibility.status),
        (false, status::NOT_SELECTED)
    );
}

#[test]
fn state_changes_through_the_router_return_and_log_as_direct_calls_do() {
    let mut env = round_open();
    let mark = log_mark(&env.vm);
    let submit = submitApplicationCall {
        name: LST_A.name.into(),
        metadataUri: LST_A.metadata_uri.into(),
        contentHash: LST_A.content_hash,
        snapshotSpace: LST_A.snapshot_space.into(),
        snapshotProposal: LST_A.snapshot_proposal,
        stakingContract: STAKING_A,
    };
    assert_eq!(call(&mut env, APPLICANT_A, &submit), APP_A);
    assert_logs_since(
        &env.vm,
        mark,
        &[log_of(&ApplicationSubmitted {
            roundId: ROUND_1,
            applicationId: APP_A,
            applicant: APPLICANT_A,
            stakingContract: STAKING_A,
            contentHash: LST_A.content_hash,
            snapshotProposal: LST_A.snapshot_proposal,
        })],
    );

    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    let attest = attestTallyCall {
        applicationId: APP_A,
        forVotes: votes.for_votes,
        againstVotes: votes.against_votes,
        abstainVotes: votes.abstain_votes,
        voters: votes.voters,
        signatures: signatures.into(),
    };
    call(&mut env, RELAYER, &attest);
    assert_emitted(
        &env.vm,
        &TallyAttested {
            roundId: ROUND_1,
            applicationId: APP_A,
            oracleEpoch: 1,
            forVotes: votes.for_votes,
            againstVotes: votes.against_votes,
            abstainVotes: votes.abstain_votes,
            voters: votes.voters,
        },
    );
    assert_eq!(env.status_of(APP_A), status::TALLIED);

    call(&mut env, GUARDIAN, &pauseCall {});
    assert_emitted(&env.vm, &Paused { account: GUARDIAN });
    assert!(call(&mut env, STRANGER, &pausedCall {}));
}

#[test]
fn set_oracle_set_through_the_router_takes_an_address_array() {
    let mut env = deployed();
    let signers = oracle_addresses(&[ORACLE_1, ORACLE_2, ORACLE_3, ORACLE_4]);
    call(
        &mut env,
        ADMIN,
        &setOracleSetCall {
            signers: signers.clone(),
            threshold: 3,
        },
    );
    assert_eq!(in_force(&env.reg), (signers, 3, 1));
}

#[test]
fn set_snapshot_space_through_the_router_takes_a_string() {
    let mut env = deployed();
    let set = setSnapshotSpaceCall {
        space: "ünï.eth".into(),
    };
    dispatch_reverts(
        &mut env,
        STRANGER,
        &set.abi_encode(),
        RegistryError::not_admin(STRANGER),
    );
    let mark = log_mark(&env.vm);
    call(&mut env, ADMIN, &set);
    assert_logs_since(
        &env.vm,
        mark,
        &[log_of(&SnapshotSpaceChanged {
            space: "ünï.eth".into(),
        })],
    );
    assert_eq!(
        call(&mut env, STRANGER, &rulesCall {}).snapshotSpace,
        "ünï.eth"
    );
}

#[test]
fn the_attestation_window_revocation_and_pairing_reports_through_the_router() {
    let mut env = paired();
    // setVoteRules takes its fourth word, the window, and checks it.
    let rules = |window: u32| setVoteRulesCall {
        quorum: metis(1),
        minVoters: 1,
        approvalBps: 6_000,
        attestationWindow: window,
    };
    dispatch_reverts(
        &mut env,
        ADMIN,
        &rules(86_399).abi_encode(),
        RegistryError::invalid_attestation_window(86_399, 86_400, 7_776_000),
    );
    // A window wider than uint32 is malformed, not truncated to a valid one.
    let mut wide = rules(86_400).abi_encode();
    wide[4 + 3 * 32 + 27] = 1;
    dispatch_reverts(
        &mut env,
        ADMIN,
        &wide,
        RegistryError::malformed_calldata(setVoteRulesCall::SELECTOR),
    );
    let mark = log_mark(&env.vm);
    call(&mut env, ADMIN, &rules(2 * 86_400));
    assert_logs_since(
        &env.vm,
        mark,
        &[log_of(&VoteRulesChanged {
            quorum: metis(1),
            minVoters: 1,
            approvalBps: 6_000,
            attestationWindow: 2 * 86_400,
        })],
    );
    assert_eq!(
        call(&mut env, STRANGER, &rulesCall {}).attestationWindow,
        2 * 86_400
    );

    // reportStake's first argument is the pairing.
    let mark = log_mark(&env.vm);
    call(
        &mut env,
        STAKING_B,
        &reportStakeCall {
            pairingId: PAIRING_2,
            stake: metis(1_000),
        },
    );
    assert_logs_since(
        &env.vm,
        mark,
        &[log_of(&StakeReported {
            nodeId: NODE_2,
            pairingId: PAIRING_2,
            stake: metis(1_000),
        })],
    );

    // revokeApplication(uint64, string).
    let revoke = revokeApplicationCall {
        applicationId: APP_A,
        reason: "exploit".into(),
    };
    dispatch_reverts(
        &mut env,
        STRANGER,
        &revoke.abi_encode(),
        RegistryError::not_admin(STRANGER),
    );
    let mark = log_mark(&env.vm);
    call(&mut env, ADMIN, &revoke);
    assert_logs_since(
        &env.vm,
        mark,
        &[
            log_of(&ApplicationRevoked {
                roundId: ROUND_1,
                applicationId: APP_A,
                previousStatus: status::QUALIFIED,
                reason: "exploit".into(),
            }),
            log_of(&NodeUnpaired {
                nodeId: NODE_1,
                pairingId: PAIRING_1,
                by: ADMIN,
                reason: "exploit".into(),
                nonce: 3,
            }),
        ],
    );
    let eligibility = call(
        &mut env,
        STRANGER,
        &eligibilityCall {
            applicationId: APP_A,
        },
    );
    assert_eq!(
        (eligibility.eligible, eligibility.status),
        (false, status::REVOKED)
    );
    dispatch_reverts(
        &mut env,
        STAKING_A,
        &reportStakeCall {
            pairingId: PAIRING_1,
            stake: metis(1),
        }
        .abi_encode(),
        RegistryError::pairing_ended(PAIRING_1),
    );
}
