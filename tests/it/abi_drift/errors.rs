//! Errors: the interface declares the program's errors, and the program's constructors write
//! the interface's encoding.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use alloy_primitives::{address, B256, U256};
use alloy_sol_types::{SolError, SolInterface};
use lst_registry::RegistryError;

use crate::abi_drift::declarations::{declaration, declared, differences};
use crate::abi_drift::ILstRegistry::{self, ILstRegistryCalls, ILstRegistryErrors};
use crate::abi_drift::{hex, interface, INTERFACE};

/// One error as the interface and the program declare it.
struct SameError {
    name: &'static str,
    interface: (&'static str, [u8; 4]),
    program: (&'static str, [u8; 4]),
}

macro_rules! same_errors {
    ($($name:ident),* $(,)?) => {
        vec![$(SameError {
            name: stringify!($name),
            interface: (<ILstRegistry::$name as SolError>::SIGNATURE, <ILstRegistry::$name as SolError>::SELECTOR),
            program: (
                <lst_registry::errors::$name as SolError>::SIGNATURE,
                <lst_registry::errors::$name as SolError>::SELECTOR,
            ),
        }),*]
    };
}

#[test]
fn interface_errors_are_the_program_errors() {
    let pairs = same_errors![
        RegistryNotAdmin,
        RegistryNotGuardian,
        RegistryNotPendingAdmin,
        RegistryNotApplicant,
        RegistryNotNodeOperator,
        RegistryNotStakingContract,
        RegistryPaused,
        RegistryNotPaused,
        RegistryUnknownSelector,
        RegistryMalformedCalldata,
        RegistryNotPayable,
        RegistryAlreadyInitialised,
        RegistryNoCode,
        RegistryNotDelegated,
        RegistryZeroAddress,
        RegistryZeroHash,
        RegistryInvalidLength,
        RegistryAmountTooLarge,
        RegistryInvalidQuorum,
        RegistryInvalidMinVoters,
        RegistryInvalidApproval,
        RegistryInvalidStakeCapBounds,
        RegistryInvalidStakeCap,
        RegistryInvalidNodeLimit,
        RegistryInvalidPhaseTransition,
        RegistryInvalidOracleSet,
        RegistryInvalidOracleSigner,
        RegistryMalformedSignatures,
        RegistrySignatureCount,
        RegistrySignatureHighS,
        RegistryInvalidSignature,
        RegistrySignersNotSorted,
        RegistryUnknownSigner,
        RegistryUnknownRound,
        RegistryWrongRoundStatus,
        RegistryInvalidRoundConfig,
        RegistryDeadline,
        RegistryNoOpenRound,
        RegistryRoundFull,
        RegistryTalliesMissing,
        RegistryUnknownApplication,
        RegistryWrongApplicationStatus,
        RegistryUnknownNode,
        RegistryUnknownPairing,
        RegistryNodeLimitReached,
        RegistrySignerInUse,
        RegistryNodeAlreadyPaired,
        RegistryNodeNotPaired,
        RegistryStakeAboveCap,
        RegistryCapBelowStake,
        RegistryWrongSnapshotSpace,
        RegistryProposalUsed,
        RegistryAlreadyApplied,
        RegistryInvalidAttestationWindow,
        RegistryPairingEnded,
        RegistryInvalidOracleSetDelay,
    ];
    for pair in &pairs {
        assert_eq!(
            pair.interface.0, pair.program.0,
            "error {}: signatures differ",
            pair.name
        );
        assert_eq!(
            pair.interface.1, pair.program.1,
            "error {}: selectors differ",
            pair.name
        );
    }
    let listed: BTreeSet<String> = pairs.iter().map(|p| p.name.to_string()).collect();
    let in_interface: BTreeMap<String, String> = interface()
        .errors()
        .map(|e| {
            let params = e
                .inputs
                .iter()
                .map(|p| (p.ty.clone(), false, p.name.clone()));
            (e.name.clone(), declaration("error", &e.name, params))
        })
        .collect();
    let in_program = declared("src/errors.rs", "error");
    assert!(
        in_program == in_interface,
        "errors of src/errors.rs and {INTERFACE} differ:{}",
        differences(&in_program, &in_interface)
    );
    let (in_interface, in_program): (BTreeSet<String>, BTreeSet<String>) = (
        in_interface.into_keys().collect(),
        in_program.into_keys().collect(),
    );
    assert_eq!(listed.len(), pairs.len(), "an error is listed twice");
    assert_eq!(
        ILstRegistryErrors::SELECTORS.len(),
        pairs.len(),
        "the interface's error count differs from this list"
    );
    assert_eq!(
        in_interface, listed,
        "the interface's errors differ from this list"
    );
    assert_eq!(
        in_program, listed,
        "src/errors.rs declares other errors than this list"
    );
    let selectors: BTreeSet<[u8; 4]> = ILstRegistryErrors::SELECTORS.iter().copied().collect();
    assert_eq!(
        selectors,
        pairs.iter().map(|p| p.program.1).collect(),
        "error selector sets differ"
    );
    // The program's errors never collide with its functions.
    assert!(
        selectors
            .iter()
            .all(|s| !ILstRegistryCalls::valid_selector(*s)),
        "an error selector is a function selector"
    );
}

/// Decodes revert data with the interface, checking that it is the canonical encoding.
pub(crate) fn decode_error(data: &[u8]) -> ILstRegistryErrors {
    let error = ILstRegistryErrors::abi_decode_validate(data)
        .unwrap_or_else(|e| panic!("revert data {} is no interface error: {e}", hex(data)));
    assert_eq!(
        hex(&error.abi_encode()),
        hex(data),
        "revert data is not the interface's encoding of {error:?}"
    );
    error
}

/// The program's error constructor encodes exactly what the interface encodes for `expected`.
fn assert_encodes<E: SolError + Debug>(error: RegistryError, expected: E) {
    assert_eq!(error.selector(), E::SELECTOR, "{}: selector", E::SIGNATURE);
    assert_eq!(
        hex(&error.encode()),
        hex(&expected.abi_encode()),
        "{}: encoding of {expected:?}",
        E::SIGNATURE
    );
}

#[test]
fn error_constructors_write_the_interface_encoding() {
    use ILstRegistry as I;
    use RegistryError as R;
    let (a, b, c) = (
        address!("00000000000000000000000000000000000000a1"),
        address!("00000000000000000000000000000000000000b2"),
        address!("00000000000000000000000000000000000000c3"),
    );
    let (x, y, z, w) = (
        U256::from(11u64),
        U256::from(22u64),
        U256::from(33u64),
        U256::from(44u64),
    );
    let sel = [0xde, 0xad, 0xbe, 0xef];
    let (h1, h2) = (B256::repeat_byte(0x11), B256::repeat_byte(0x22));

    assert_encodes(R::not_admin(a), I::RegistryNotAdmin { caller: a });
    assert_encodes(R::not_guardian(a), I::RegistryNotGuardian { caller: a });
    assert_encodes(
        R::not_pending_admin(a, b),
        I::RegistryNotPendingAdmin {
            caller: a,
            pendingAdmin: b,
        },
    );
    assert_encodes(
        R::not_applicant(5, a),
        I::RegistryNotApplicant {
            applicationId: 5,
            caller: a,
        },
    );
    assert_encodes(
        R::not_node_operator(5, a),
        I::RegistryNotNodeOperator {
            nodeId: 5,
            caller: a,
        },
    );
    assert_encodes(
        R::not_staking_contract(5, a, b),
        I::RegistryNotStakingContract {
            nodeId: 5,
            caller: a,
            stakingContract: b,
        },
    );
    assert_encodes(R::paused(), I::RegistryPaused {});
    assert_encodes(R::not_paused(), I::RegistryNotPaused {});
    assert_encodes(
        R::unknown_selector(sel),
        I::RegistryUnknownSelector {
            selector: sel.into(),
        },
    );
    assert_encodes(
        R::malformed_calldata(sel),
        I::RegistryMalformedCalldata {
            selector: sel.into(),
        },
    );
    assert_encodes(R::not_payable(x), I::RegistryNotPayable { value: x });
    assert_encodes(R::already_initialised(), I::RegistryAlreadyInitialised {});
    assert_encodes(R::no_code(a), I::RegistryNoCode { account: a });
    assert_encodes(R::not_delegated(), I::RegistryNotDelegated {});
    assert_encodes(R::zero_address(4), I::RegistryZeroAddress { field: 4 });
    assert_encodes(R::zero_hash(9), I::RegistryZeroHash { field: 9 });
    assert_encodes(
        R::invalid_length(6, x, y, z),
        I::RegistryInvalidLength {
            field: 6,
            length: x,
            min: y,
            max: z,
        },
    );
    assert_encodes(
        R::amount_too_large(x, y),
        I::RegistryAmountTooLarge { amount: x, max: y },
    );
    assert_encodes(
        R::invalid_quorum(x, y),
        I::RegistryInvalidQuorum { quorum: x, max: y },
    );
    assert_encodes(
        R::invalid_min_voters(0),
        I::RegistryInvalidMinVoters { minVoters: 0 },
    );
    assert_encodes(
        R::invalid_approval(4_999),
        I::RegistryInvalidApproval { approvalBps: 4_999 },
    );
    assert_encodes(
        R::invalid_stake_cap_bounds(x, y, z),
        I::RegistryInvalidStakeCapBounds {
            min: x,
            max: y,
            ceiling: z,
        },
    );
    assert_encodes(
        R::invalid_stake_cap(x, y, z),
        I::RegistryInvalidStakeCap {
            cap: x,
            min: y,
            max: z,
        },
    );
    assert_encodes(
        R::invalid_node_limit(2, 3, 4, 5),
        I::RegistryInvalidNodeLimit {
            phase: 2,
            limit: 3,
            min: 4,
            max: 5,
        },
    );
    assert_encodes(
        R::invalid_phase_transition(1, 3),
        I::RegistryInvalidPhaseTransition { from: 1, to: 3 },
    );
    assert_encodes(
        R::invalid_oracle_set(x, 3, y),
        I::RegistryInvalidOracleSet {
            signers: x,
            threshold: 3,
            maxSigners: y,
        },
    );
    assert_encodes(
        R::invalid_oracle_signer(x, a),
        I::RegistryInvalidOracleSigner {
            index: x,
            signer: a,
        },
    );
    assert_encodes(
        R::malformed_signatures(x),
        I::RegistryMalformedSignatures { length: x },
    );
    assert_encodes(
        R::signature_count(x, 3, 4),
        I::RegistrySignatureCount {
            count: x,
            threshold: 3,
            signers: 4,
        },
    );
    assert_encodes(
        R::signature_high_s(x),
        I::RegistrySignatureHighS { index: x },
    );
    assert_encodes(
        R::invalid_signature(x),
        I::RegistryInvalidSignature { index: x },
    );
    assert_encodes(
        R::signers_not_sorted(x, a),
        I::RegistrySignersNotSorted {
            index: x,
            signer: a,
        },
    );
    assert_encodes(
        R::unknown_signer(x, a),
        I::RegistryUnknownSigner {
            index: x,
            signer: a,
        },
    );
    assert_encodes(R::unknown_round(5), I::RegistryUnknownRound { roundId: 5 });
    assert_encodes(
        R::wrong_round_status(5, 1, 2),
        I::RegistryWrongRoundStatus {
            roundId: 5,
            status: 1,
            expected: 2,
        },
    );
    assert_encodes(
        R::invalid_round_config(3, 100, 200, 32),
        I::RegistryInvalidRoundConfig {
            slots: 3,
            deadline: 100,
            now: 200,
            maxSlots: 32,
        },
    );
    assert_encodes(
        R::deadline(5, 100, 200),
        I::RegistryDeadline {
            roundId: 5,
            deadline: 100,
            now: 200,
        },
    );
    assert_encodes(R::no_open_round(), I::RegistryNoOpenRound {});
    assert_encodes(
        R::round_full(5, 128),
        I::RegistryRoundFull {
            roundId: 5,
            max: 128,
        },
    );
    assert_encodes(
        R::tallies_missing(5, 2, 3),
        I::RegistryTalliesMissing {
            roundId: 5,
            tallied: 2,
            live: 3,
        },
    );
    assert_encodes(
        R::unknown_application(6),
        I::RegistryUnknownApplication { applicationId: 6 },
    );
    assert_encodes(
        R::wrong_application_status(6, 2, 1),
        I::RegistryWrongApplicationStatus {
            applicationId: 6,
            status: 2,
            expected: 1,
        },
    );
    assert_encodes(R::unknown_node(8), I::RegistryUnknownNode { nodeId: 8 });
    assert_encodes(
        R::unknown_pairing(9),
        I::RegistryUnknownPairing { pairingId: 9 },
    );
    assert_encodes(
        R::node_limit_reached(2, 16),
        I::RegistryNodeLimitReached {
            phase: 2,
            limit: 16,
        },
    );
    assert_encodes(
        R::signer_in_use(c, 8),
        I::RegistrySignerInUse {
            signer: c,
            nodeId: 8,
        },
    );
    assert_encodes(
        R::node_already_paired(8, 9),
        I::RegistryNodeAlreadyPaired {
            nodeId: 8,
            pairingId: 9,
        },
    );
    assert_encodes(
        R::node_not_paired(8),
        I::RegistryNodeNotPaired { nodeId: 8 },
    );
    assert_encodes(
        R::stake_above_cap(8, x, w),
        I::RegistryStakeAboveCap {
            nodeId: 8,
            stake: x,
            cap: w,
        },
    );
    assert_encodes(
        R::cap_below_stake(8, x, w),
        I::RegistryCapBelowStake {
            nodeId: 8,
            cap: x,
            stake: w,
        },
    );
    assert_encodes(
        R::wrong_snapshot_space(h1, h2),
        I::RegistryWrongSnapshotSpace {
            spaceHash: h1,
            expectedHash: h2,
        },
    );
    assert_encodes(
        R::proposal_used(h1, 6),
        I::RegistryProposalUsed {
            snapshotProposal: h1,
            applicationId: 6,
        },
    );
    assert_encodes(
        R::already_applied(b, 6),
        I::RegistryAlreadyApplied {
            account: b,
            applicationId: 6,
        },
    );
    assert_encodes(
        R::invalid_attestation_window(86_399, 86_400, 7_776_000),
        I::RegistryInvalidAttestationWindow {
            window: 86_399,
            min: 86_400,
            max: 7_776_000,
        },
    );
    assert_encodes(
        R::invalid_oracle_set_delay(86_399, 86_400, 2_592_000),
        I::RegistryInvalidOracleSetDelay {
            delay: 86_399,
            min: 86_400,
            max: 2_592_000,
        },
    );
    assert_encodes(
        R::pairing_ended(9),
        I::RegistryPairingEnded { pairingId: 9 },
    );
    // 56 constructors above, one per interface error.
    assert_eq!(
        ILstRegistryErrors::COUNT,
        56,
        "an interface error has no constructor check here"
    );
}
