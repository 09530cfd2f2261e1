//! The router (`lst_registry::dispatch`): calls it cannot serve, value sent, the constructor
//! route, and a few calls made through it end to end with alloy-encoded calldata.

use alloy_primitives::{keccak256, Address, U256};
use alloy_sol_types::{sol, SolCall, SolValue};
use lst_registry::events::{
    ApplicationRevoked, ApplicationSubmitted, NodeUnpaired, Paused, SnapshotSpaceChanged,
    StakeReported, TallyAttested, VoteRulesChanged,
};
use lst_registry::{dispatch, LstRegistry, RegistryError};

use crate::support::*;

sol! {
    /// The part of the registry's interface these tests call.
    interface ILstRegistry {
        function admin() external view returns (address);
        function paused() external view returns (bool);
        function pause() external;
        function setGuardian(address guardian) external;
        function advancePhase(uint8 to) external;
        function openRound(uint8 slots, uint64 deadline) external returns (uint64);
        function setOracleSet(address[] signers, uint8 threshold) external;
        function setOracleSetDelay(uint32 delay) external;
        function oracleSet() external view returns (address[] signers, uint8 threshold, uint32 epoch, address[] nextSigners, uint8 nextThreshold, uint32 nextEpoch, uint64 nextAt, uint32 delay);
        function rules() external view returns (uint256 quorum, uint32 minVoters, uint16 approvalBps, uint32 attestationWindow, uint256 minCap, uint256 maxCap, string countingMode, string snapshotSpace);
        function setVoteRules(uint256 quorum, uint32 minVoters, uint16 approvalBps, uint32 attestationWindow) external;
        function phaseNodeLimits() external view returns (uint16[4] limits);
        function setSnapshotSpace(string space) external;
        function submitApplication(string name, string metadataUri, bytes32 contentHash, string snapshotSpace, bytes32 snapshotProposal, address stakingContract) external returns (uint64);
        function attestTally(uint64 applicationId, uint256 forVotes, uint256 againstVotes, uint256 abstainVotes, uint32 voters, bytes signatures) external;
        function application(uint64 applicationId) external view returns (uint64 round, address applicant, address stakingContract, uint8 status, uint8 rank, bytes32 contentHash, bytes32 snapshotProposal, string name, string metadataUri, string snapshotSpace);
        function round(uint64 roundId) external view returns (uint8 slots, uint8 status, uint8 phase, uint64 firstApplication, uint16 applications, uint16 live, uint16 tallied, uint16 passed, uint8 qualified, uint64 deadline, uint64 attestationDeadline, uint256 quorum, uint32 minVoters, uint16 approvalBps, uint32 attestationWindow);
        function node(uint64 nodeId) external view returns (address operator, address sequencerSigner, uint64 activePairing, uint8 registeredPhase, uint64 registeredAt, string metadataUri);
        function pairing(uint64 pairingId) external view returns (uint64 node, uint64 application, uint256 stakeCap, uint256 stake, uint64 startedAt, uint64 endedAt, string announcementUri);
        function activePairings(uint64 offset, uint64 limit) external view returns (uint64[] nodeIds, uint64[] pairingIds, uint64[] applicationIds, uint256[] caps, uint256[] remaining);
        function eligibility(uint64 applicationId) external view returns (bool eligible, uint8 status);
        function reportStake(uint64 pairingId, uint256 stake) external;
        function revokeApplication(uint64 applicationId, string reason) external;
    }
}

use ILstRegistry::*;

fn selector(signature: &str) -> [u8; 4] {
    keccak256(signature.as_bytes())[..4].try_into().unwrap()
}

/// The constructor route's calldata: `stylus_constructor()` selector ‖ abi.encode(admin).
fn constructor_call(admin: Address) -> Vec<u8> {
    [
        selector("stylus_constructor()").to_vec(),
        (admin, VIEWS).abi_encode(),
    ]
    .concat()
}

/// Dispatches `input` as `who`, which must revert with `expected` and change nothing.
#[track_caller]
fn dispatch_reverts(env: &mut Env, who: Address, input: &[u8], expected: RegistryError) {
    env.vm.set_sender(who);
    let reg = &mut env.reg;
    expect_revert(&env.vm, || dispatch(reg, input), expected);
}

/// Dispatches `call` as `who` and decodes its return data.
#[track_caller]
fn call<C: SolCall>(env: &mut Env, who: Address, call: &C) -> C::Return {
    env.vm.set_sender(who);
    let output = dispatch(&mut env.reg, &call.abi_encode()).expect("dispatch");
    C::abi_decode_returns_validate(&output).expect("return data decodes")
}

// ---- calls the router cannot serve -------------------------------------------------------------

#[test]
fn an_unknown_selector_reverts_with_it() {
    let mut env = configured();
    dispatch_reverts(
        &mut env,
        STRANGER,
        &[0xde, 0xad, 0xbe, 0xef],
        RegistryError::unknown_selector([0xde, 0xad, 0xbe, 0xef]),
    );
    // The SDK's snake-case spelling is not the ABI.
    let snake = selector("set_guardian(address)");
    dispatch_reverts(
        &mut env,
        ADMIN,
        &[snake.to_vec(), STRANGER.abi_encode()].concat(),
        RegistryError::unknown_selector(snake),
    );
}

#[test]
fn calldata_shorter_than_a_selector_reverts_as_an_unknown_selector() {
    let mut env = configured();
    dispatch_reverts(
        &mut env,
        STRANGER,
        &[],
        RegistryError::unknown_selector([0; 4]),
    );
    dispatch_reverts(
        &mut env,
        STRANGER,
        &[0xab, 0xcd],
        RegistryError::unknown_selector([0xab, 0xcd, 0, 0]),
    );
    // Even the first three bytes of a real selector.
    let pause = pauseCall::SELECTOR;
    dispatch_reverts(
        &mut env,
        GUARDIAN,
        &pause[..3],
        RegistryError::unknown_selector([pause[0], pause[1], pause[2], 0]),
    );
}

#[test]
fn truncated_arguments_are_malformed_calldata() {
    let mut env = configured();
    let mut input = setGuardianCall { guardian: STRANGER }.abi_encode();
    input.pop();
    dispatch_reverts(
        &mut env,
        ADMIN,
        &input,
        RegistryError::malformed_calldata(setGuardianCall::SELECTOR),
    );
    dispatch_reverts(
        &mut env,
        ADMIN,
        &setGuardianCall::SELECTOR,
        RegistryError::malformed_calldata(setGuardianCall::SELECTOR),
    );
}

#[test]
fn an_address_with_high_bits_set_is_malformed_calldata() {
    let mut env = configured();
    let mut input = setGuardianCall { guardian: STRANGER }.abi_encode();
    input[4] = 1;
    dispatch_reverts(
        &mut env,
        ADMIN,
        &input,
        RegistryError::malformed_calldata(setGuardianCall::SELECTOR),
    );
    assert_eq!(env.reg.guardian(), GUARDIAN);
}

#[test]
fn a_narrow_integer_out_of_range_is_malformed_calldata_not_truncated() {
    let mut env = configured();
    // advancePhase(257) would be advancePhase(1) if truncated to uint8.
    let input = [
        advancePhaseCall::SELECTOR.to_vec(),
        U256::from(257).abi_encode(),
    ]
    .concat();
    dispatch_reverts(
        &mut env,
        ADMIN,
        &input,
        RegistryError::malformed_calldata(advancePhaseCall::SELECTOR),
    );
    // openRound(slots = 2 + 2^8, ..) likewise.
    let input = [
        openRoundCall::SELECTOR.to_vec(),
        (U256::from(258), U256::from(DEADLINE)).abi_encode_params(),
    ]
    .concat();
    dispatch_reverts(
        &mut env,
        ADMIN,
        &input,
        RegistryError::malformed_calldata(openRoundCall::SELECTOR),
    );
    assert_eq!(env.reg.phase().0, phase::ALPHA);
}

#[test]
fn a_string_that_is_not_utf8_is_malformed_calldata() {
    let mut env = round_open();
    let call = submitApplicationCall {
        name: "XX".into(),
        metadataUri: LST_A.metadata_uri.into(),
        contentHash: LST_A.content_hash,
        snapshotSpace: LST_A.snapshot_space.into(),
        snapshotProposal: LST_A.snapshot_proposal,
        stakingContract: STAKING_A,
    };
    let mut input = call.abi_encode();
    let at = input.windows(2).position(|w| w == b"XX").unwrap();
    input[at] = 0xff;
    dispatch_reverts(
        &mut env,
        APPLICANT_A,
        &input,
        RegistryError::malformed_calldata(submitApplicationCall::SELECTOR),
    );
}

#[test]
fn a_dynamic_offset_or_length_outside_the_calldata_is_malformed() {
    let mut env = applications_submitted();
    let call = attestTallyCall {
        applicationId: APP_A,
        forVotes: metis(1),
        againstVotes: U256::ZERO,
        abstainVotes: U256::ZERO,
        voters: 1,
        signatures: vec![0u8; 65].into(),
    };
    let good = call.abi_encode();
    let head = |input: &mut Vec<u8>, word: usize, value: U256| {
        input[4 + 32 * word..4 + 32 * (word + 1)].copy_from_slice(&value.to_be_bytes::<32>());
    };
    let mut offset_out = good.clone();
    head(&mut offset_out, 5, U256::from(good.len()));
    let mut offset_huge = good.clone();
    head(&mut offset_huge, 5, U256::MAX);
    let mut length_out = good.clone();
    head(&mut length_out, 6, U256::from(1_000)); // the length word of the bytes
    for input in [offset_out, offset_huge, length_out] {
        dispatch_reverts(
            &mut env,
            RELAYER,
            &input,
            RegistryError::malformed_calldata(attestTallyCall::SELECTOR),
        );
    }
    // An address[] longer than the calldata could hold.
    let mut input = setOracleSetCall {
        signers: vec![Address::with_last_byte(1)],
        threshold: 1,
    }
    .abi_encode();
    head(&mut input, 2, U256::from(1u64 << 30));
    dispatch_reverts(
        &mut env,
        ADMIN,
        &input,
        RegistryError::malformed_calldata(setOracleSetCall::SELECTOR),
    );
}

#[test]
fn value_sent_to_any_function_reverts_as_not_payable() {
    let mut env = configured();
    env.vm.set_value(U256::from(1));
    dispatch_reverts(
        &mut env,
        GUARDIAN,
        &pauseCall {}.abi_encode(),
        RegistryError::not_payable(U256::from(1)),
    );
    env.vm.set_value(metis(5));
    dispatch_reverts(
        &mut env,
        STRANGER,
        &pausedCall {}.abi_encode(),
        RegistryError::not_payable(metis(5)),
    );
    env.vm.set_value(U256::ZERO);
    assert!(!call(&mut env, STRANGER, &pausedCall {}));
}

#[test]
fn registry_errors_pass_through_the_router_unchanged() {
    let mut env = configured();
    dispatch_reverts(
        &mut env,
        STRANGER,
        &pauseCall {}.abi_encode(),
        RegistryError::not_guardian(STRANGER),
    );
}

// ---- the constructor route ---------------------------------------------------------------------

#[test]
fn the_constructor_route_initialises_a_fresh_registry() {
    let vm = test_vm();
    vm.set_sender(DEPLOYER);
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    assert_eq!(dispatch(&mut reg, &constructor_call(ADMIN)), Ok(vec![]));
    assert_eq!(reg.admin(), ADMIN);
    assert_eq!(reg.guardian(), ADMIN);
}

#[test]
fn the_constructor_route_reverts_once_initialised() {
    let mut env = configured();
    dispatch_reverts(
        &mut env,
        STRANGER,
        &constructor_call(STRANGER),
        RegistryError::already_initialised(),
    );
    dispatch_reverts(
        &mut env,
        ADMIN,
        &constructor_call(ADMIN),
        RegistryError::already_initialised(),
    );
    assert_eq!((env.reg.admin(), env.reg.guardian()), (ADMIN, GUARDIAN));
}

#[test]
fn the_constructor_reverts_once_initialised() {
    let mut env = deployed();
    env.reverts(
        DEPLOYER,
        |r| r.constructor(STRANGER, VIEWS),
        RegistryError::already_initialised(),
    );
    // Also after a failed first attempt is followed by a good one.
    let vm = test_vm();
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    expect_revert(
        &vm,
        || reg.constructor(Address::ZERO, VIEWS),
        RegistryError::zero_address(field::ADMIN),
    );
    reg.constructor(ADMIN, VIEWS).unwrap();
    expect_revert(
        &vm,
        || reg.constructor(STRANGER, VIEWS),
        RegistryError::already_initialised(),
    );
}

#[test]
fn the_constructor_route_rejects_a_malformed_admin() {
    let vm = test_vm();
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    let mut input = constructor_call(ADMIN);
    input[4] = 0xff;
    let constructor = selector("stylus_constructor()");
    expect_revert(
        &vm,
        || dispatch(&mut reg, &input),
        RegistryError::malformed_calldata(constructor),
    );
    expect_revert(
        &vm,
        || dispatch(&mut reg, &constructor),
        RegistryError::malformed_calldata(constructor),
    );
}

// ---- calls through the router ------------------------------------------------------------------

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
