//! Custom errors of the registry.
//!
//! Every revert of the registry carries one of these errors, ABI-encoded with its selector,
//! so that wallets and dapps can decode why a call failed. Each error carries the values
//! that made the call fail. No call reverts with a string or with empty data: even calls
//! the router cannot serve get `RegistryUnknownSelector`, `RegistryMalformedCalldata` or
//! `RegistryNotPayable` (only a reentrant call, which the SDK's entrypoint refuses before
//! the registry runs, reverts with empty data).
//!
//! Names carry the `Registry` prefix, as EIP-6093 does, so that they never collide with the
//! errors of a contract that calls the registry.

use alloc::vec::Vec;
use alloy_primitives::{Address, B256, U256};

use alloy_sol_types::{sol, SolError};

use crate::abi::Word;

sol! {
    // ---- who may act -------------------------------------------------------------------
    /// `caller` is not the admin.
    #[derive(Debug, PartialEq)]
    error RegistryNotAdmin(address caller);
    /// `caller` is neither the guardian nor the admin.
    #[derive(Debug, PartialEq)]
    error RegistryNotGuardian(address caller);
    /// `caller` is not the pending admin of a two-step transfer.
    #[derive(Debug, PartialEq)]
    error RegistryNotPendingAdmin(address caller, address pendingAdmin);
    /// `caller` is not the applicant of `applicationId`.
    #[derive(Debug, PartialEq)]
    error RegistryNotApplicant(uint64 applicationId, address caller);
    /// `caller` is neither the operator of `nodeId` nor the admin.
    #[derive(Debug, PartialEq)]
    error RegistryNotNodeOperator(uint64 nodeId, address caller);
    /// `caller` is not the staking contract of the application paired with `nodeId`.
    #[derive(Debug, PartialEq)]
    error RegistryNotStakingContract(uint64 nodeId, address caller, address stakingContract);
    /// The registry is paused.
    #[derive(Debug, PartialEq)]
    error RegistryPaused();
    /// The registry is not paused.
    #[derive(Debug, PartialEq)]
    error RegistryNotPaused();

    // ---- calls -------------------------------------------------------------------------
    /// No function has this selector.
    #[derive(Debug, PartialEq)]
    error RegistryUnknownSelector(bytes4 selector);
    /// The arguments of a call to `selector` are not valid ABI encoding for its parameters.
    #[derive(Debug, PartialEq)]
    error RegistryMalformedCalldata(bytes4 selector);
    /// Value was sent to the registry, whose functions are all non-payable.
    #[derive(Debug, PartialEq)]
    error RegistryNotPayable(uint256 value);
    /// The constructor already ran.
    #[derive(Debug, PartialEq)]
    error RegistryAlreadyInitialised();
    /// `account` holds no code: the views or admin program given to the constructor, an
    /// application's staking contract when a node pairs with it. Address zero: the
    /// constructor has not run, so no program serves a forwarded call.
    #[derive(Debug, PartialEq)]
    error RegistryNoCode(address account);
    /// The views or admin program was called directly: each serves the registry's functions
    /// only through the registry, which delegates them to it.
    #[derive(Debug, PartialEq)]
    error RegistryNotDelegated();

    // ---- input -------------------------------------------------------------------------
    /// An address argument named by `field` (see `Field`) is the zero address.
    #[derive(Debug, PartialEq)]
    error RegistryZeroAddress(uint8 field);
    /// A hash argument named by `field` (see `Field`) is zero.
    #[derive(Debug, PartialEq)]
    error RegistryZeroHash(uint8 field);
    /// A string argument named by `field` has `length` bytes, outside `[min, max]`.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidLength(uint8 field, uint256 length, uint256 min, uint256 max);
    /// An amount does not fit the registry's storage (`max` is the largest accepted).
    #[derive(Debug, PartialEq)]
    error RegistryAmountTooLarge(uint256 amount, uint256 max);

    // ---- rules -------------------------------------------------------------------------
    /// Quorum weight must be non-zero and at most `max`.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidQuorum(uint256 quorum, uint256 max);
    /// The minimum number of distinct voters must be non-zero.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidMinVoters(uint32 minVoters);
    /// Approval must be a strict majority: 5,000 < `approvalBps` <= 10,000.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidApproval(uint16 approvalBps);
    /// Stake-cap bounds must satisfy 0 < `min` <= `max` <= `ceiling`.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidStakeCapBounds(uint256 min, uint256 max, uint256 ceiling);
    /// A node's stake cap must lie within the bounds in force, `[min, max]`.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidStakeCap(uint256 cap, uint256 min, uint256 max);
    /// A phase's node limit must be at least the limit of the phase before it (or the current
    /// node count for the current phase) and at most `max`.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidNodeLimit(uint8 phase, uint16 limit, uint16 min, uint16 max);

    // ---- phases ------------------------------------------------------------------------
    /// Phases move one step forward only.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidPhaseTransition(uint8 from, uint8 to);

    // ---- oracle set and attestations ---------------------------------------------------
    /// An oracle set needs 1..=`maxSigners` signers and a threshold in 1..=signers.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidOracleSet(uint256 signers, uint8 threshold, uint256 maxSigners);
    /// Oracle signers must be non-zero and strictly ascending; `index` is the first that is not.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidOracleSigner(uint256 index, address signer);
    /// The signatures blob is not a whole number of 65-byte signatures.
    #[derive(Debug, PartialEq)]
    error RegistryMalformedSignatures(uint256 length);
    /// Fewer signatures than the threshold, more than there are signers, or no oracle set in
    /// force (`signers` 0).
    #[derive(Debug, PartialEq)]
    error RegistrySignatureCount(uint256 count, uint8 threshold, uint8 signers);
    /// Signature `index` has an `s` in the upper half of the curve order (malleable).
    #[derive(Debug, PartialEq)]
    error RegistrySignatureHighS(uint256 index);
    /// Signature `index` is malformed (bad `v`, zero `r` or `s`) or recovers no address.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidSignature(uint256 index);
    /// Signature `index` recovers `signer`, which is not after the previous signer
    /// (signatures must be sorted by signer, without duplicates).
    #[derive(Debug, PartialEq)]
    error RegistrySignersNotSorted(uint256 index, address signer);
    /// Signature `index` recovers `signer`, which is not in the current oracle set.
    #[derive(Debug, PartialEq)]
    error RegistryUnknownSigner(uint256 index, address signer);

    // ---- rounds and applications -------------------------------------------------------
    /// No round has this id.
    #[derive(Debug, PartialEq)]
    error RegistryUnknownRound(uint64 roundId);
    /// Round `roundId` is in status `status`, but the call needs `expected`.
    #[derive(Debug, PartialEq)]
    error RegistryWrongRoundStatus(uint64 roundId, uint8 status, uint8 expected);
    /// A round needs 1..=`maxSlots` eligible slots and a deadline after `now`.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidRoundConfig(uint8 slots, uint64 deadline, uint64 now, uint8 maxSlots);
    /// The application deadline of `roundId` has passed (or, for closing by anyone, has not);
    /// for a tally, its attestation deadline (application deadline + attestation window) has
    /// passed.
    #[derive(Debug, PartialEq)]
    error RegistryDeadline(uint64 roundId, uint64 deadline, uint64 now);
    /// No round is taking applications.
    #[derive(Debug, PartialEq)]
    error RegistryNoOpenRound();
    /// Round `roundId` already holds the maximum of `max` applications.
    #[derive(Debug, PartialEq)]
    error RegistryRoundFull(uint64 roundId, uint16 max);
    /// Round `roundId` cannot be finalised yet: only `tallied` of its `live` applications have
    /// a tally, and its attestation window is still open.
    #[derive(Debug, PartialEq)]
    error RegistryTalliesMissing(uint64 roundId, uint16 tallied, uint16 live);
    /// No application has this id.
    #[derive(Debug, PartialEq)]
    error RegistryUnknownApplication(uint64 applicationId);
    /// Application `applicationId` is in status `status`, but the call needs `expected`.
    #[derive(Debug, PartialEq)]
    error RegistryWrongApplicationStatus(uint64 applicationId, uint8 status, uint8 expected);

    // ---- nodes, pairings, stake --------------------------------------------------------
    /// No node has this id.
    #[derive(Debug, PartialEq)]
    error RegistryUnknownNode(uint64 nodeId);
    /// No pairing has this id.
    #[derive(Debug, PartialEq)]
    error RegistryUnknownPairing(uint64 pairingId);
    /// The current phase allows at most `limit` nodes.
    #[derive(Debug, PartialEq)]
    error RegistryNodeLimitReached(uint8 phase, uint16 limit);
    /// `signer` is, or was, the sequencer signer of `nodeId`; signers are never reused.
    #[derive(Debug, PartialEq)]
    error RegistrySignerInUse(address signer, uint64 nodeId);
    /// Node `nodeId` already has the active pairing `pairingId`.
    #[derive(Debug, PartialEq)]
    error RegistryNodeAlreadyPaired(uint64 nodeId, uint64 pairingId);
    /// Node `nodeId` has no active pairing.
    #[derive(Debug, PartialEq)]
    error RegistryNodeNotPaired(uint64 nodeId);
    /// An application names `spaceHash` = keccak256(bytes(space)) as its Snapshot space, not the
    /// program's (`expectedHash`; `rules()` names it).
    #[derive(Debug, PartialEq)]
    error RegistryWrongSnapshotSpace(bytes32 spaceHash, bytes32 expectedHash);
    /// Snapshot proposal `snapshotProposal` already backs application `applicationId`: a
    /// proposal backs at most one application, ever (only the admin's revocation of a
    /// never-attested application releases it).
    #[derive(Debug, PartialEq)]
    error RegistryProposalUsed(bytes32 snapshotProposal, uint64 applicationId);
    /// `account` already has the live application `applicationId` in the open round, as
    /// applicant or as staking contract: one application per applicant and per staking
    /// contract in a round (a withdrawn or revoked one does not count).
    #[derive(Debug, PartialEq)]
    error RegistryAlreadyApplied(address account, uint64 applicationId);
    /// The attestation window must last `min` to `max` seconds.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidAttestationWindow(uint32 window, uint32 min, uint32 max);
    /// Pairing `pairingId` has ended: a stake report names an active pairing.
    #[derive(Debug, PartialEq)]
    error RegistryPairingEnded(uint64 pairingId);
    /// The oracle-set delay must be `min` to `max` seconds.
    #[derive(Debug, PartialEq)]
    error RegistryInvalidOracleSetDelay(uint32 delay, uint32 min, uint32 max);
    /// Reported `stake` exceeds the node's `cap`.
    #[derive(Debug, PartialEq)]
    error RegistryStakeAboveCap(uint64 nodeId, uint256 stake, uint256 cap);
    /// A new `cap` would be below the `stake` already reported for the node.
    #[derive(Debug, PartialEq)]
    error RegistryCapBelowStake(uint64 nodeId, uint256 cap, uint256 stake);
}

/// A registry revert: one of the custom errors above, ABI-encoded as `selector ‖ arguments`
/// (every argument is a static word) when it is made, so that a `Result` carries a pointer,
/// not a 133-byte value.
///
/// Built with one constructor per error (`RegistryError::not_admin(caller)` for
/// `RegistryNotAdmin(caller)`), so that encoding is one small code path instead of one
/// generic instantiation per error type.
#[derive(Clone, PartialEq, Eq)]
pub struct RegistryError(Vec<u8>);

impl RegistryError {
    fn new(selector: [u8; 4], args: &[[u8; 32]]) -> Self {
        let mut data = Vec::with_capacity(4 + 32 * args.len());
        data.extend_from_slice(&selector);
        for arg in args {
            data.extend_from_slice(arg);
        }
        Self(data)
    }

    /// The 4-byte selector of the error.
    pub fn selector(&self) -> [u8; 4] {
        let mut selector = [0u8; 4];
        for (to, from) in selector.iter_mut().zip(&self.0) {
            *to = *from;
        }
        selector
    }

    /// A revert whose encoding was made elsewhere: the admin or views program's revert data,
    /// passed through unchanged.
    pub fn raw(data: Vec<u8>) -> Self {
        Self(data)
    }

    /// The ABI encoding: selector, then the arguments.
    pub fn encode(&self) -> Vec<u8> {
        self.0.clone()
    }
}

impl From<RegistryError> for Vec<u8> {
    fn from(error: RegistryError) -> Self {
        error.0
    }
}

impl core::fmt::Debug for RegistryError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "RegistryError(0x{})",
            alloy_primitives::hex::encode(self.encode())
        )
    }
}

macro_rules! constructors {
    ($($fn:ident => $error:ident($($arg:ident: $ty:ty),*);)*) => {
        impl RegistryError {
            $(
                #[doc = concat!("`", stringify!($error), "`.")]
                pub fn $fn($($arg: $ty),*) -> Self {
                    Self::new(<$error as SolError>::SELECTOR, &[$(Word::word(&$arg)),*])
                }
            )*
        }
    };
}

constructors! {
    not_admin => RegistryNotAdmin(caller: Address);
    not_guardian => RegistryNotGuardian(caller: Address);
    not_pending_admin => RegistryNotPendingAdmin(caller: Address, pending_admin: Address);
    not_applicant => RegistryNotApplicant(application_id: u64, caller: Address);
    not_node_operator => RegistryNotNodeOperator(node_id: u64, caller: Address);
    not_staking_contract => RegistryNotStakingContract(node_id: u64, caller: Address, staking_contract: Address);
    paused => RegistryPaused();
    not_paused => RegistryNotPaused();
    unknown_selector => RegistryUnknownSelector(selector: [u8; 4]);
    malformed_calldata => RegistryMalformedCalldata(selector: [u8; 4]);
    not_payable => RegistryNotPayable(value: U256);
    already_initialised => RegistryAlreadyInitialised();
    no_code => RegistryNoCode(account: Address);
    not_delegated => RegistryNotDelegated();
    zero_address => RegistryZeroAddress(field: u8);
    zero_hash => RegistryZeroHash(field: u8);
    invalid_length => RegistryInvalidLength(field: u8, length: U256, min: U256, max: U256);
    amount_too_large => RegistryAmountTooLarge(amount: U256, max: U256);
    invalid_quorum => RegistryInvalidQuorum(quorum: U256, max: U256);
    invalid_min_voters => RegistryInvalidMinVoters(min_voters: u32);
    invalid_approval => RegistryInvalidApproval(approval_bps: u16);
    invalid_stake_cap_bounds => RegistryInvalidStakeCapBounds(min: U256, max: U256, ceiling: U256);
    invalid_stake_cap => RegistryInvalidStakeCap(cap: U256, min: U256, max: U256);
    invalid_node_limit => RegistryInvalidNodeLimit(phase: u8, limit: u16, min: u16, max: u16);
    invalid_phase_transition => RegistryInvalidPhaseTransition(from: u8, to: u8);
    invalid_oracle_set => RegistryInvalidOracleSet(signers: U256, threshold: u8, max_signers: U256);
    invalid_oracle_signer => RegistryInvalidOracleSigner(index: U256, signer: Address);
    malformed_signatures => RegistryMalformedSignatures(length: U256);
    signature_count => RegistrySignatureCount(count: U256, threshold: u8, signers: u8);
    signature_high_s => RegistrySignatureHighS(index: U256);
    invalid_signature => RegistryInvalidSignature(index: U256);
    signers_not_sorted => RegistrySignersNotSorted(index: U256, signer: Address);
    unknown_signer => RegistryUnknownSigner(index: U256, signer: Address);
    unknown_round => RegistryUnknownRound(round_id: u64);
    wrong_round_status => RegistryWrongRoundStatus(round_id: u64, status: u8, expected: u8);
    invalid_round_config => RegistryInvalidRoundConfig(slots: u8, deadline: u64, now: u64, max_slots: u8);
    deadline => RegistryDeadline(round_id: u64, deadline: u64, now: u64);
    no_open_round => RegistryNoOpenRound();
    round_full => RegistryRoundFull(round_id: u64, max: u16);
    tallies_missing => RegistryTalliesMissing(round_id: u64, tallied: u16, live: u16);
    unknown_application => RegistryUnknownApplication(application_id: u64);
    wrong_application_status => RegistryWrongApplicationStatus(application_id: u64, status: u8, expected: u8);
    unknown_node => RegistryUnknownNode(node_id: u64);
    unknown_pairing => RegistryUnknownPairing(pairing_id: u64);
    node_limit_reached => RegistryNodeLimitReached(phase: u8, limit: u16);
    signer_in_use => RegistrySignerInUse(signer: Address, node_id: u64);
    node_already_paired => RegistryNodeAlreadyPaired(node_id: u64, pairing_id: u64);
    node_not_paired => RegistryNodeNotPaired(node_id: u64);
    stake_above_cap => RegistryStakeAboveCap(node_id: u64, stake: U256, cap: U256);
    cap_below_stake => RegistryCapBelowStake(node_id: u64, cap: U256, stake: U256);
    wrong_snapshot_space => RegistryWrongSnapshotSpace(space_hash: B256, expected_hash: B256);
    proposal_used => RegistryProposalUsed(snapshot_proposal: B256, application_id: u64);
    already_applied => RegistryAlreadyApplied(account: Address, application_id: u64);
    invalid_attestation_window => RegistryInvalidAttestationWindow(window: u32, min: u32, max: u32);
    pairing_ended => RegistryPairingEnded(pairing_id: u64);
    invalid_oracle_set_delay => RegistryInvalidOracleSetDelay(delay: u32, min: u32, max: u32);
}

/// Which argument an input error is about: the `field` of [`RegistryZeroAddress`],
/// [`RegistryZeroHash`] and [`RegistryInvalidLength`].
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The constructor's admin.
    Admin = 0,
    /// A new guardian.
    Guardian = 1,
    /// An application's staking contract.
    StakingContract = 2,
    /// A node's operator.
    Operator = 3,
    /// A node's sequencer signer.
    SequencerSigner = 4,
    /// An application's name.
    Name = 5,
    /// An application's metadata URI.
    MetadataUri = 6,
    /// An application's Snapshot space.
    SnapshotSpace = 7,
    /// An application's content hash.
    ContentHash = 8,
    /// An application's Snapshot proposal.
    SnapshotProposal = 9,
    /// A node's metadata URI.
    NodeUri = 10,
    /// A pairing's announcement URI.
    AnnouncementUri = 11,
    /// An unpairing reason.
    Reason = 12,
    /// The constructor's views program.
    ViewsProgram = 13,
    /// The constructor's admin program.
    AdminProgram = 14,
}

/// Shorthand for the result of every fallible registry operation.
pub type Result<T, E = RegistryError> = core::result::Result<T, E>;

/// Reverts when `address` is zero.
pub(crate) fn require_nonzero(address: Address, field: Field) -> Result<()> {
    if address.is_zero() {
        return Err(RegistryError::zero_address(field as u8));
    }
    Ok(())
}

/// Reverts when a string's byte length is outside `[min, max]`.
pub(crate) fn require_length(text: &str, field: Field, min: usize, max: usize) -> Result<()> {
    let len = text.len();
    if len < min || len > max {
        return Err(RegistryError::invalid_length(
            field as u8,
            U256::from(len),
            U256::from(min),
            U256::from(max),
        ));
    }
    Ok(())
}
