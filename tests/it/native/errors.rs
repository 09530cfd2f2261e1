//! Every `RegistryError` constructor encodes exactly as its Solidity error, with arguments at
//! their widest so that a truncated or misplaced word shows.

use alloy_primitives::{address, Address, FixedBytes, U256};
use alloy_sol_types::SolError;
use lst_registry::errors::*;
use lst_registry::RegistryError;

use crate::native::support::*;

const A1: Address = address!("ffffffffffffffffffffffffffffffffffffff01");
const A2: Address = address!("0000000000000000000000000000000000000002");

fn check<E: SolError + PartialEq + std::fmt::Debug>(error: &RegistryError, sol: &E) {
    assert_encodes_as(error, sol);
    let bytes: Vec<u8> = error.clone().into();
    assert_eq!(
        bytes,
        sol.abi_encode(),
        "From<RegistryError> for Vec<u8>: {}",
        E::SIGNATURE
    );
    assert_eq!(
        E::abi_decode(&bytes).ok().as_ref(),
        Some(sol),
        "{} does not decode back",
        E::SIGNATURE
    );
}

#[test]
fn every_error_constructor_encodes_as_its_solidity_error() {
    check(
        &RegistryError::not_admin(A1),
        &RegistryNotAdmin { caller: A1 },
    );
    check(
        &RegistryError::not_guardian(A1),
        &RegistryNotGuardian { caller: A1 },
    );
    check(
        &RegistryError::not_pending_admin(A1, A2),
        &RegistryNotPendingAdmin {
            caller: A1,
            pendingAdmin: A2,
        },
    );
    check(
        &RegistryError::not_applicant(u64::MAX, A1),
        &RegistryNotApplicant {
            applicationId: u64::MAX,
            caller: A1,
        },
    );
    check(
        &RegistryError::not_node_operator(u64::MAX, A1),
        &RegistryNotNodeOperator {
            nodeId: u64::MAX,
            caller: A1,
        },
    );
    check(
        &RegistryError::not_staking_contract(u64::MAX, A1, A2),
        &RegistryNotStakingContract {
            nodeId: u64::MAX,
            caller: A1,
            stakingContract: A2,
        },
    );
    check(&RegistryError::paused(), &RegistryPaused {});
    check(&RegistryError::not_paused(), &RegistryNotPaused {});
    check(
        &RegistryError::unknown_selector([0xde, 0xad, 0xbe, 0xef]),
        &RegistryUnknownSelector {
            selector: FixedBytes::from([0xde, 0xad, 0xbe, 0xef]),
        },
    );
    check(
        &RegistryError::malformed_calldata([0xde, 0xad, 0xbe, 0xef]),
        &RegistryMalformedCalldata {
            selector: FixedBytes::from([0xde, 0xad, 0xbe, 0xef]),
        },
    );
    check(
        &RegistryError::not_payable(U256::MAX),
        &RegistryNotPayable { value: U256::MAX },
    );
    check(
        &RegistryError::already_initialised(),
        &RegistryAlreadyInitialised {},
    );
    check(
        &RegistryError::zero_address(u8::MAX),
        &RegistryZeroAddress { field: u8::MAX },
    );
    check(
        &RegistryError::zero_hash(u8::MAX),
        &RegistryZeroHash { field: u8::MAX },
    );
    check(
        &RegistryError::invalid_length(u8::MAX, U256::MAX, max_amount(), U256::from(3)),
        &RegistryInvalidLength {
            field: u8::MAX,
            length: U256::MAX,
            min: max_amount(),
            max: U256::from(3),
        },
    );
    check(
        &RegistryError::amount_too_large(U256::MAX, max_amount()),
        &RegistryAmountTooLarge {
            amount: U256::MAX,
            max: max_amount(),
        },
    );
    check(
        &RegistryError::invalid_quorum(U256::MAX, max_amount()),
        &RegistryInvalidQuorum {
            quorum: U256::MAX,
            max: max_amount(),
        },
    );
    check(
        &RegistryError::invalid_min_voters(u32::MAX),
        &RegistryInvalidMinVoters {
            minVoters: u32::MAX,
        },
    );
    check(
        &RegistryError::invalid_approval(u16::MAX),
        &RegistryInvalidApproval {
            approvalBps: u16::MAX,
        },
    );
    check(
        &RegistryError::invalid_stake_cap_bounds(U256::MAX, max_amount(), U256::from(3)),
        &RegistryInvalidStakeCapBounds {
            min: U256::MAX,
            max: max_amount(),
            ceiling: U256::from(3),
        },
    );
    check(
        &RegistryError::invalid_stake_cap(U256::MAX, max_amount(), U256::from(3)),
        &RegistryInvalidStakeCap {
            cap: U256::MAX,
            min: max_amount(),
            max: U256::from(3),
        },
    );
    check(
        &RegistryError::invalid_node_limit(u8::MAX, u16::MAX, 0xfffe, 2),
        &RegistryInvalidNodeLimit {
            phase: u8::MAX,
            limit: u16::MAX,
            min: 0xfffe,
            max: 2,
        },
    );
    check(
        &RegistryError::invalid_phase_transition(u8::MAX, 0xfe),
        &RegistryInvalidPhaseTransition {
            from: u8::MAX,
            to: 0xfe,
        },
    );
    check(
        &RegistryError::invalid_oracle_set(U256::MAX, u8::MAX, max_amount()),
        &RegistryInvalidOracleSet {
            signers: U256::MAX,
            threshold: u8::MAX,
            maxSigners: max_amount(),
        },
    );
    check(
        &RegistryError::invalid_oracle_signer(U256::MAX, A1),
        &RegistryInvalidOracleSigner {
            index: U256::MAX,
            signer: A1,
        },
    );
    check(
        &RegistryError::malformed_signatures(U256::MAX),
        &RegistryMalformedSignatures { length: U256::MAX },
    );
    check(
        &RegistryError::signature_count(U256::MAX, u8::MAX, 0xfe),
        &RegistrySignatureCount {
            count: U256::MAX,
            threshold: u8::MAX,
            signers: 0xfe,
        },
    );
    check(
        &RegistryError::signature_high_s(U256::MAX),
        &RegistrySignatureHighS { index: U256::MAX },
    );
    check(
        &RegistryError::invalid_signature(U256::MAX),
        &RegistryInvalidSignature { index: U256::MAX },
    );
    check(
        &RegistryError::signers_not_sorted(U256::MAX, A1),
        &RegistrySignersNotSorted {
            index: U256::MAX,
            signer: A1,
        },
    );
    check(
        &RegistryError::unknown_signer(U256::MAX, A1),
        &RegistryUnknownSigner {
            index: U256::MAX,
            signer: A1,
        },
    );
    check(
        &RegistryError::unknown_round(u64::MAX),
        &RegistryUnknownRound { roundId: u64::MAX },
    );
    check(
        &RegistryError::wrong_round_status(u64::MAX, u8::MAX, 0xfe),
        &RegistryWrongRoundStatus {
            roundId: u64::MAX,
            status: u8::MAX,
            expected: 0xfe,
        },
    );
    check(
        &RegistryError::invalid_round_config(u8::MAX, u64::MAX, u64::MAX - 1, 0xfe),
        &RegistryInvalidRoundConfig {
            slots: u8::MAX,
            deadline: u64::MAX,
            now: u64::MAX - 1,
            maxSlots: 0xfe,
        },
    );
    check(
        &RegistryError::deadline(u64::MAX, u64::MAX - 1, 7),
        &RegistryDeadline {
            roundId: u64::MAX,
            deadline: u64::MAX - 1,
            now: 7,
        },
    );
    check(&RegistryError::no_open_round(), &RegistryNoOpenRound {});
    check(
        &RegistryError::round_full(u64::MAX, u16::MAX),
        &RegistryRoundFull {
            roundId: u64::MAX,
            max: u16::MAX,
        },
    );
    check(
        &RegistryError::tallies_missing(u64::MAX, u16::MAX, 0xfffe),
        &RegistryTalliesMissing {
            roundId: u64::MAX,
            tallied: u16::MAX,
            live: 0xfffe,
        },
    );
    check(
        &RegistryError::unknown_application(u64::MAX),
        &RegistryUnknownApplication {
            applicationId: u64::MAX,
        },
    );
    check(
        &RegistryError::wrong_application_status(u64::MAX, u8::MAX, 0xfe),
        &RegistryWrongApplicationStatus {
            applicationId: u64::MAX,
            status: u8::MAX,
            expected: 0xfe,
        },
    );
    check(
        &RegistryError::unknown_node(u64::MAX),
        &RegistryUnknownNode { nodeId: u64::MAX },
    );
    check(
        &RegistryError::unknown_pairing(u64::MAX),
        &RegistryUnknownPairing {
            pairingId: u64::MAX,
        },
    );
    check(
        &RegistryError::node_limit_reached(u8::MAX, u16::MAX),
        &RegistryNodeLimitReached {
            phase: u8::MAX,
            limit: u16::MAX,
        },
    );
    check(
        &RegistryError::signer_in_use(A1, u64::MAX),
        &RegistrySignerInUse {
            signer: A1,
            nodeId: u64::MAX,
        },
    );
    check(
        &RegistryError::node_already_paired(u64::MAX, u64::MAX - 1),
        &RegistryNodeAlreadyPaired {
            nodeId: u64::MAX,
            pairingId: u64::MAX - 1,
        },
    );
    check(
        &RegistryError::node_not_paired(u64::MAX),
        &RegistryNodeNotPaired { nodeId: u64::MAX },
    );
    check(
        &RegistryError::stake_above_cap(u64::MAX, U256::MAX, max_amount()),
        &RegistryStakeAboveCap {
            nodeId: u64::MAX,
            stake: U256::MAX,
            cap: max_amount(),
        },
    );
    check(
        &RegistryError::cap_below_stake(u64::MAX, U256::MAX, max_amount()),
        &RegistryCapBelowStake {
            nodeId: u64::MAX,
            cap: U256::MAX,
            stake: max_amount(),
        },
    );
    check(
        &RegistryError::wrong_snapshot_space(FixedBytes::repeat_byte(0xff), FixedBytes::ZERO),
        &RegistryWrongSnapshotSpace {
            spaceHash: FixedBytes::repeat_byte(0xff),
            expectedHash: FixedBytes::ZERO,
        },
    );
    check(
        &RegistryError::proposal_used(FixedBytes::repeat_byte(0xff), u64::MAX),
        &RegistryProposalUsed {
            snapshotProposal: FixedBytes::repeat_byte(0xff),
            applicationId: u64::MAX,
        },
    );
    check(
        &RegistryError::already_applied(A1, u64::MAX),
        &RegistryAlreadyApplied {
            account: A1,
            applicationId: u64::MAX,
        },
    );
    check(
        &RegistryError::invalid_attestation_window(u32::MAX, u32::MAX - 1, 0xffff_fffd),
        &RegistryInvalidAttestationWindow {
            window: u32::MAX,
            min: u32::MAX - 1,
            max: 0xffff_fffd,
        },
    );
    check(
        &RegistryError::pairing_ended(u64::MAX),
        &RegistryPairingEnded {
            pairingId: u64::MAX,
        },
    );
}

#[test]
fn errors_with_different_arguments_differ() {
    assert_ne!(
        RegistryError::unknown_node(1),
        RegistryError::unknown_node(2)
    );
    assert_ne!(
        RegistryError::unknown_node(1),
        RegistryError::unknown_pairing(1)
    );
    assert_ne!(
        RegistryError::unknown_pairing(1),
        RegistryError::pairing_ended(1)
    );
    assert_eq!(RegistryError::paused(), RegistryError::paused());
    assert_eq!(
        RegistryError::paused().encode(),
        RegistryPaused::SELECTOR.to_vec()
    );
}
