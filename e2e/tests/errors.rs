//! Every custom error of the interface, reached through the artifact and decoded: each
//! revert is checked as `eth_call` and as a transaction, with no log and no storage change.

mod common;

use std::collections::BTreeSet;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolInterface};
use common::*;
use lst_registry_client::abi::{constructor_selector, ILstRegistry as I, RegistryError};
use lst_registry_client::eip712;
use lst_registry_client::fixtures::{announcement_uri, attest, sorted, SNAPSHOT_SPACE};
use lst_registry_e2e::render::metis;
use lst_registry_e2e::Registry;
use lst_registry_types::program::{ATTESTATION_WINDOW, DEFAULT_ATTESTATION_WINDOW};

/// The default attestation window (14 days), valid in every `setVoteRules` below.
const WINDOW: u32 = DEFAULT_ATTESTATION_WINDOW;

/// Largest amount the registry stores: 2^96 − 1 wei.
fn max_amount() -> U256 {
    (U256::from(1) << 96) - U256::from(1)
}

/// Records which errors were reached.
struct Coverage(BTreeSet<[u8; 4]>);

impl Coverage {
    fn reverts<C: SolCall>(
        &mut self,
        reg: &mut Registry,
        from: Address,
        call: &C,
        expected: impl Into<RegistryError>,
    ) {
        let expected = expected.into();
        self.0.insert(expected.selector());
        assert_reverts(reg, from, call, expected);
    }

    fn reverts_raw(
        &mut self,
        reg: &mut Registry,
        from: Address,
        calldata: &[u8],
        value: U256,
        expected: impl Into<RegistryError>,
    ) {
        let expected = expected.into();
        self.0.insert(expected.selector());
        assert_reverts_raw(reg, from, calldata, value, expected);
    }
}

fn submit_with(
    id: u64,
    edit: impl FnOnce(&mut I::submitApplicationCall),
) -> I::submitApplicationCall {
    let mut call = cast().lst(id).submit();
    edit(&mut call);
    call
}

#[test]
fn every_custom_error_is_reached_and_decoded() {
    let c = cast();
    let mut reg = populated();
    let mut cov = Coverage(BTreeSet::new());
    let (admin, stranger) = (c.admin.address, c.stranger.address);
    let now = reg.net().timestamp();
    let t3 = tally_of(3);

    // ---- who may act
    cov.reverts(
        &mut reg,
        stranger,
        &I::setGuardianCall {
            newGuardian: stranger,
        },
        I::RegistryNotAdmin { caller: stranger },
    );
    cov.reverts(
        &mut reg,
        stranger,
        &I::pauseCall {},
        I::RegistryNotGuardian { caller: stranger },
    );
    cov.reverts(
        &mut reg,
        stranger,
        &I::acceptAdminCall {},
        I::RegistryNotPendingAdmin {
            caller: stranger,
            pendingAdmin: Address::ZERO,
        },
    );
    cov.reverts(
        &mut reg,
        stranger,
        &I::withdrawApplicationCall { applicationId: 3 },
        I::RegistryNotApplicant {
            applicationId: 3,
            caller: stranger,
        },
    );
    let pair_2 = I::pairCall {
        nodeId: 2,
        applicationId: 1,
        stakeCap: metis(20_000),
        announcementUri: announcement_uri(2, "Artemis"),
    };
    cov.reverts(
        &mut reg,
        stranger,
        &pair_2,
        I::RegistryNotNodeOperator {
            nodeId: 2,
            caller: stranger,
        },
    );
    cov.reverts(
        &mut reg,
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
        // transfer) does not: tests/governance.rs
        cov.reverts(
            &mut paused,
            admin,
            &I::setSnapshotSpaceCall {
                space: "other.eth".into(),
            },
            I::RegistryPaused {},
        );
    }
    cov.reverts(&mut reg, admin, &I::unpauseCall {}, I::RegistryNotPaused {});

    // ---- calls
    cov.reverts_raw(
        &mut reg,
        stranger,
        &[0xde, 0xad, 0xbe, 0xef],
        U256::ZERO,
        I::RegistryUnknownSelector {
            selector: [0xde, 0xad, 0xbe, 0xef].into(),
        },
    );
    let truncated = I::setGuardianCall {
        newGuardian: stranger,
    }
    .abi_encode();
    cov.reverts_raw(
        &mut reg,
        stranger,
        &truncated[..truncated.len() - 1],
        U256::ZERO,
        I::RegistryMalformedCalldata {
            selector: I::setGuardianCall::SELECTOR.into(),
        },
    );
    reg.net_mut().set_balance(stranger, U256::from(1_000u64));
    cov.reverts_raw(
        &mut reg,
        stranger,
        &I::adminCall {}.abi_encode(),
        U256::from(1),
        I::RegistryNotPayable {
            value: U256::from(1),
        },
    );
    let mut constructor = constructor_selector().to_vec();
    constructor.extend_from_slice(&lst_registry_client::abi::constructor_args(
        stranger, stranger,
    ));
    cov.reverts_raw(
        &mut reg,
        stranger,
        &constructor,
        U256::ZERO,
        I::RegistryAlreadyInitialised {},
    );

    // ---- input
    cov.reverts(
        &mut reg,
        admin,
        &I::setGuardianCall {
            newGuardian: Address::ZERO,
        },
        I::RegistryZeroAddress { field: 1 },
    );
    let zero_hash = submit_with(4, |call| call.contentHash = B256::ZERO);
    cov.reverts(
        &mut reg,
        c.lst(4).applicant.address,
        &zero_hash,
        I::RegistryZeroHash { field: 8 },
    );
    let no_name = submit_with(4, |call| call.name = String::new());
    cov.reverts(
        &mut reg,
        c.lst(4).applicant.address,
        &no_name,
        I::RegistryInvalidLength {
            field: 5,
            length: U256::ZERO,
            min: U256::from(1),
            max: U256::from(64),
        },
    );
    let mut huge = t3;
    huge.for_votes = max_amount() + U256::from(1);
    cov.reverts(
        &mut reg,
        c.relayer.address,
        &attest(3, &huge, Vec::new()),
        I::RegistryAmountTooLarge {
            amount: huge.for_votes,
            max: max_amount(),
        },
    );

    // ---- rules and phases
    let quorum = metis(20_000);
    cov.reverts(
        &mut reg,
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
        &mut reg,
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
        &mut reg,
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
            &mut reg,
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
        &mut reg,
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
        ..pair_2.clone()
    };
    cov.reverts(
        &mut reg,
        c.node(2).operator.address,
        &low_cap,
        I::RegistryInvalidStakeCap {
            cap: metis(1),
            min: metis(20_000),
            max: metis(100_000),
        },
    );
    cov.reverts(
        &mut reg,
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
        &mut reg,
        admin,
        &I::advancePhaseCall { to: 2 },
        I::RegistryInvalidPhaseTransition { from: 0, to: 2 },
    );

    // ---- oracle set and attestations
    cov.reverts(
        &mut reg,
        admin,
        &I::setOracleSetCall {
            signers: vec![],
            threshold: 1,
        },
        I::RegistryInvalidOracleSet {
            signers: U256::ZERO,
            threshold: 1,
            maxSigners: U256::from(16),
        },
    );
    let mut descending = sorted(&c.oracle_refs(&[0, 1]));
    descending.reverse();
    cov.reverts(
        &mut reg,
        admin,
        &I::setOracleSetCall {
            signers: descending.clone(),
            threshold: 2,
        },
        I::RegistryInvalidOracleSigner {
            index: U256::from(1),
            signer: descending[1],
        },
    );
    cov.reverts(
        &mut reg,
        admin,
        &I::setOracleSetDelayCall { delay: 86_399 },
        I::RegistryInvalidOracleSetDelay {
            delay: 86_399,
            min: 86_400,
            max: 2_592_000,
        },
    );
    let relayer = c.relayer.address;
    let good = sign(&reg, 2, 3, &t3, 1, &[0, 1]);
    cov.reverts(
        &mut reg,
        relayer,
        &attest(3, &t3, good[..64].to_vec()),
        I::RegistryMalformedSignatures {
            length: U256::from(64),
        },
    );
    cov.reverts(
        &mut reg,
        relayer,
        &attest(3, &t3, good[..65].to_vec()),
        I::RegistrySignatureCount {
            count: U256::from(1),
            threshold: 2,
            signers: 3,
        },
    );
    let first: [u8; 65] = good[..65].try_into().expect("65 bytes");
    let mut high_s = eip712::high_s_twin(&first).to_vec();
    high_s.extend_from_slice(&good[65..]);
    cov.reverts(
        &mut reg,
        relayer,
        &attest(3, &t3, high_s),
        I::RegistrySignatureHighS { index: U256::ZERO },
    );
    let mut bad_v = good.clone();
    bad_v[64] = 29;
    cov.reverts(
        &mut reg,
        relayer,
        &attest(3, &t3, bad_v),
        I::RegistryInvalidSignature { index: U256::ZERO },
    );
    let mut swapped = good[65..].to_vec();
    swapped.extend_from_slice(&good[..65]);
    let lower = sorted(&c.oracle_refs(&[0, 1]))[0];
    cov.reverts(
        &mut reg,
        relayer,
        &attest(3, &t3, swapped),
        I::RegistrySignersNotSorted {
            index: U256::from(1),
            signer: lower,
        },
    );
    let outsider = sign(&reg, 2, 3, &t3, 1, &[0, 3]); // oracle 4 is not in the set
    let outsider_index = sorted(&c.oracle_refs(&[0, 3]))
        .iter()
        .position(|a| *a == c.oracles[3].address())
        .expect("member");
    cov.reverts(
        &mut reg,
        relayer,
        &attest(3, &t3, outsider),
        I::RegistryUnknownSigner {
            index: U256::from(outsider_index),
            signer: c.oracles[3].address(),
        },
    );

    // ---- rounds and applications
    cov.reverts(
        &mut reg,
        admin,
        &I::closeRoundCall { roundId: 99 },
        I::RegistryUnknownRound { roundId: 99 },
    );
    cov.reverts(
        &mut reg,
        relayer,
        &I::finaliseRoundCall { roundId: 2 },
        I::RegistryWrongRoundStatus {
            roundId: 2,
            status: 1,
            expected: 2,
        },
    );
    cov.reverts(
        &mut reg,
        admin,
        &I::openRoundCall {
            slots: 0,
            deadline: now + 1,
        },
        I::RegistryInvalidRoundConfig {
            slots: 0,
            deadline: now + 1,
            now,
            maxSlots: 32,
        },
    );
    cov.reverts(
        &mut reg,
        stranger,
        &I::closeRoundCall { roundId: 2 },
        I::RegistryDeadline {
            roundId: 2,
            deadline: ROUND_2_DEADLINE,
            now,
        },
    );
    {
        let mut closed = reg.clone();
        ok(&mut closed, admin, &I::closeRoundCall { roundId: 2 });
        cov.reverts(
            &mut closed,
            c.lst(4).applicant.address,
            &c.lst(4).submit(),
            I::RegistryNoOpenRound {},
        );
        cov.reverts(
            &mut closed,
            relayer,
            &I::finaliseRoundCall { roundId: 2 },
            I::RegistryTalliesMissing {
                roundId: 2,
                tallied: 0,
                live: 1,
            },
        );
    }
    cov.0.insert(I::RegistryRoundFull::SELECTOR); // reached in `a_full_round_takes_no_more_applications`
    cov.reverts(
        &mut reg,
        stranger,
        &I::submitApplicationCall {
            stakingContract: stranger,
            ..c.lst(3).submit()
        },
        I::RegistryProposalUsed {
            snapshotProposal: c.lst(3).snapshot_proposal,
            applicationId: 3,
        },
    );
    cov.reverts(
        &mut reg,
        stranger,
        &I::submitApplicationCall {
            snapshotSpace: "other.eth".into(),
            ..c.lst(4).submit()
        },
        I::RegistryWrongSnapshotSpace {
            spaceHash: alloy_primitives::keccak256("other.eth"),
            expectedHash: alloy_primitives::keccak256(SNAPSHOT_SPACE),
        },
    );
    // Nova (application 3) is in the open round 2: a second application of its team, or of
    // anyone naming its staking contract, is refused
    let again = submit_with(3, |call| {
        call.snapshotProposal = alloy_primitives::keccak256("Nova's second proposal")
    });
    cov.reverts(
        &mut reg,
        c.lst(3).applicant.address,
        &again,
        I::RegistryAlreadyApplied {
            account: c.lst(3).applicant.address,
            applicationId: 3,
        },
    );
    let same_staking = submit_with(4, |call| call.stakingContract = c.lst(3).staking.address);
    cov.reverts(
        &mut reg,
        c.lst(4).applicant.address,
        &same_staking,
        I::RegistryAlreadyApplied {
            account: c.lst(3).staking.address,
            applicationId: 3,
        },
    );
    cov.reverts(
        &mut reg,
        relayer,
        &attest(99, &t3, Vec::new()),
        I::RegistryUnknownApplication { applicationId: 99 },
    );
    cov.reverts(
        &mut reg,
        c.lst(1).applicant.address,
        &I::withdrawApplicationCall { applicationId: 1 },
        I::RegistryWrongApplicationStatus {
            applicationId: 1,
            status: 4,
            expected: 1,
        },
    );

    // ---- nodes, pairings, stake
    let operator_1 = c.node(1).operator.address;
    let pair_99 = I::pairCall {
        nodeId: 99,
        ..pair_2.clone()
    };
    cov.reverts(
        &mut reg,
        operator_1,
        &pair_99,
        I::RegistryUnknownNode { nodeId: 99 },
    );
    cov.reverts(
        &mut reg,
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
        &mut reg,
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
        ..pair_2.clone()
    };
    cov.reverts(
        &mut reg,
        operator_1,
        &pair_again,
        I::RegistryNodeAlreadyPaired {
            nodeId: 1,
            pairingId: 1,
        },
    );
    cov.reverts(
        &mut reg,
        c.node(2).operator.address,
        &I::unpairCall {
            nodeId: 2,
            reason: String::new(),
        },
        I::RegistryNodeNotPaired { nodeId: 2 },
    );
    let over = metis(100_000) + U256::from(1);
    cov.reverts(
        &mut reg,
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
        &mut reg,
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

    // ---- deployment (e2e/tests/constructor.rs checks these in full)
    let views = reg.views_program().expect("views program");
    let out = reg
        .net_mut()
        .call(stranger, views, &I::adminCall {}.abi_encode());
    assert_eq!(
        out.output,
        I::RegistryNotDelegated {}.abi_encode(),
        "the views program called directly"
    );
    cov.0.insert(I::RegistryNotDelegated::SELECTOR);
    let mut net = lst_registry_client::devnet::devnet();
    let refused = net.deploy(
        c.deployer.address,
        wasm(),
        &lst_registry_client::abi::constructor_args(admin, stranger),
    );
    match refused {
        Err(stylus_devnet::DeployError::Constructor(receipt)) => assert_eq!(
            receipt.output,
            I::RegistryNoCode { account: stranger }.abi_encode()
        ),
        other => panic!(
            "a views program without code: {:?}",
            other.map(|r| r.status)
        ),
    }
    cov.0.insert(I::RegistryNoCode::SELECTOR);

    // ---- every error of the interface was reached
    let all: BTreeSet<[u8; 4]> = RegistryError::SELECTORS.iter().copied().collect();
    let missing: Vec<&str> = all
        .difference(&cov.0)
        .filter_map(|s| RegistryError::name_by_selector(*s))
        .collect();
    assert!(missing.is_empty(), "errors never reached: {missing:?}");
}

#[test]
fn a_full_round_takes_no_more_applications() {
    let mut reg = populated();
    // round 2 holds application 3; fill it to the bound of 128
    for i in 1..128 {
        let lst = lst_registry_client::fixtures::Lst::new(&format!("Filler {i:03}"));
        ok(&mut reg, lst.applicant.address, &lst.submit());
    }
    let late = cast().lst(4);
    assert_reverts(
        &mut reg,
        late.applicant.address,
        &late.submit(),
        I::RegistryRoundFull {
            roundId: 2,
            max: 128,
        },
    );
}

#[test]
fn undecodable_revert_data_fails_loudly() {
    use lst_registry_client::decode::decode_error;
    use lst_registry_client::ClientError;
    for data in [
        &b""[..],
        &[0xde, 0xad, 0xbe, 0xef][..],
        &I::RegistryNotAdmin::SELECTOR[..],
    ] {
        match decode_error("f", data) {
            Err(ClientError::UndecodableRevert { .. }) => {}
            other => panic!("{data:?} decoded as {other:?}"),
        }
    }
    let valid = RegistryError::from(I::RegistryNotPaused {}).abi_encode();
    assert!(decode_error("f", &valid).is_ok());
    let mut trailing = valid.clone();
    trailing.push(0);
    assert!(
        decode_error("f", &trailing).is_err(),
        "trailing bytes are not a canonical encoding"
    );
}
