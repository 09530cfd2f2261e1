//! Events of the registry: one for every state change.
//!
//! Ids and actors are indexed so that indexers can filter by them; strings are never indexed
//! and, to keep logs cheap, are not repeated in events: every string is readable from the
//! registry's views, and the content it points to is bound by a hash that is in the event.

use alloc::vec::Vec;
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolEvent};
use stylus_sdk::host::VM;
use stylus_sdk::stylus_core::host::RawLogAccess;

use crate::abi::{limbs, word_of, words, Encoder, Word};

sol! {
    // ---- roles -------------------------------------------------------------------------
    /// The admin started a two-step transfer to `pendingAdmin` (zero cancels it).
    event AdminTransferStarted(address indexed admin, address indexed pendingAdmin);
    /// The pending admin accepted: `newAdmin` replaces `previousAdmin`.
    event AdminTransferred(address indexed previousAdmin, address indexed newAdmin);
    /// The guardian changed.
    event GuardianChanged(address indexed previousGuardian, address indexed newGuardian);
    /// `account` paused every state-changing entry point.
    event Paused(address indexed account);
    /// `account` lifted the pause.
    event Unpaused(address indexed account);
    /// A new oracle set, of epoch `epoch`, takes effect at `effectiveAt` (the block's own
    /// timestamp when it is in force at once); signatures under earlier epochs are then void.
    event OracleSetChanged(uint32 indexed epoch, address[] signers, uint8 threshold, uint64 effectiveAt);
    /// Oracle-set changes from now on take effect `delay` seconds after they are made.
    event OracleSetDelayChanged(uint32 delay);

    // ---- rules and phases --------------------------------------------------------------
    /// New vote rules are in force for rounds opened from now on.
    event VoteRulesChanged(uint256 quorum, uint32 minVoters, uint16 approvalBps, uint32 attestationWindow);
    /// The program's Snapshot space changed: applications submitted from now on must name
    /// `space`.
    event SnapshotSpaceChanged(string space);
    /// New stake-cap bounds are in force for caps set from now on.
    event StakeCapBoundsChanged(uint256 minCap, uint256 maxCap);
    /// The node limit of `phase` changed.
    event PhaseNodeLimitChanged(uint8 indexed phase, uint16 limit);
    /// The program moved from phase `from` to phase `to`.
    event PhaseAdvanced(uint8 indexed from, uint8 indexed to);

    // ---- Stage 1: rounds and applications ----------------------------------------------
    /// Round `roundId` takes applications until `deadline`; its top `slots` passed
    /// applications will qualify.
    event RoundOpened(uint64 indexed roundId, uint8 slots, uint64 deadline, uint8 phase);
    /// Round `roundId` stopped taking applications; `applications` were submitted to it,
    /// withdrawn ones included.
    event RoundClosed(uint64 indexed roundId, uint16 applications);
    /// An LST protocol applied. `contentHash` commits to the application document found at
    /// the metadata URI; the Snapshot vote is `snapshotProposal` in the space readable from
    /// `application(applicationId)`.
    event ApplicationSubmitted(
        uint64 indexed roundId,
        uint64 indexed applicationId,
        address indexed applicant,
        address stakingContract,
        bytes32 contentHash,
        bytes32 snapshotProposal
    );
    /// The applicant withdrew before its tally was attested.
    event ApplicationWithdrawn(uint64 indexed roundId, uint64 indexed applicationId);
    /// The oracle set of `oracleEpoch` attested the Snapshot result of an application.
    event TallyAttested(
        uint64 indexed roundId,
        uint64 indexed applicationId,
        uint32 indexed oracleEpoch,
        uint256 forVotes,
        uint256 againstVotes,
        uint256 abstainVotes,
        uint32 voters
    );
    /// At finalisation the application failed; `reason` is its status code (6 quorum,
    /// 7 voters, 8 approval, 9 not attested before the round's attestation deadline).
    event ApplicationFailed(uint64 indexed roundId, uint64 indexed applicationId, uint8 reason);
    /// At finalisation the application passed but ranked below the round's slots.
    event ApplicationPassed(uint64 indexed roundId, uint64 indexed applicationId, uint16 rank);
    /// At finalisation the application passed and ranked within the round's slots
    /// (rank 1 is the most For weight).
    event ApplicationQualified(uint64 indexed roundId, uint64 indexed applicationId, uint16 rank);
    /// The admin revoked application `applicationId` (in status `previousStatus`) for
    /// `reason`: it never pairs again, and its active pairings ended (each with `NodeUnpaired`).
    event ApplicationRevoked(uint64 indexed roundId, uint64 indexed applicationId, uint8 previousStatus, string reason);
    /// Round `roundId` is final: `passed` applications passed, `qualified` of them qualified.
    event RoundFinalised(uint64 indexed roundId, uint16 passed, uint8 qualified);

    // ---- Stage 2: nodes, pairings, stake -----------------------------------------------
    /// A sequencer node joined the program.
    event NodeRegistered(uint64 indexed nodeId, address indexed operator, address indexed sequencerSigner);
    /// A node's operator, signer or metadata changed.
    event NodeUpdated(uint64 indexed nodeId, address indexed operator, address indexed sequencerSigner);
    /// Node `nodeId` chose application `applicationId`; its pool is capped at `stakeCap`.
    event NodePaired(
        uint64 indexed nodeId,
        uint64 indexed pairingId,
        uint64 indexed applicationId,
        uint256 stakeCap,
        uint64 nonce
    );
    /// The active pairing of `nodeId` ended; `by` ended it, for `reason`.
    event NodeUnpaired(uint64 indexed nodeId, uint64 indexed pairingId, address indexed by, string reason, uint64 nonce);
    /// The stake cap of a pairing changed.
    event StakeCapChanged(uint64 indexed nodeId, uint64 indexed pairingId, uint256 previousCap, uint256 newCap, uint64 nonce);
    /// The staking contract reported the node's pooled stake.
    event StakeReported(uint64 indexed nodeId, uint64 indexed pairingId, uint256 stake);
}

/// Emits a log with topic 0 `signature` (as limbs), then `topics`, then `data`: the
/// `emit_log` hostio's input is the topics followed by the data. Every event above has at
/// most 3 indexed fields, so a log has at most 4 topics, as the hostio requires.
#[inline(never)]
fn emit(vm: &VM, s0: u64, s1: u64, s2: u64, s3: u64, topics: &[[u8; 32]], data: &[u8]) {
    let mut bytes = Vec::with_capacity(32 * (1 + topics.len()) + data.len());
    bytes.extend_from_slice(&word_of(s0, s1, s2, s3));
    for topic in topics {
        bytes.extend_from_slice(topic);
    }
    bytes.extend_from_slice(data);
    vm.emit_log(&bytes, 1 + topics.len());
}

macro_rules! emitters {
    ($($fn:ident => $event:ident([$($t:ident: $tt:ty),*], [$($d:ident: $dt:ty),*]);)*) => {$(
        #[doc = concat!("Emits `", stringify!($event), "`.")]
        #[allow(clippy::too_many_arguments)]
        pub fn $fn(vm: &VM, $($t: $tt,)* $($d: $dt),*) {
            const S: [u64; 4] = limbs(<$event as SolEvent>::SIGNATURE_HASH.0);
            let data = words(&[$(Word::word(&$d)),*]);
            emit(vm, S[0], S[1], S[2], S[3], &[$(Word::word(&$t)),*], &data);
        }
    )*};
}

emitters! {
    admin_transfer_started => AdminTransferStarted([admin: Address, pending_admin: Address], []);
    admin_transferred => AdminTransferred([previous_admin: Address, new_admin: Address], []);
    guardian_changed => GuardianChanged([previous_guardian: Address, new_guardian: Address], []);
    paused => Paused([account: Address], []);
    unpaused => Unpaused([account: Address], []);
    vote_rules_changed => VoteRulesChanged([], [quorum: U256, min_voters: u32, approval_bps: u16, attestation_window: u32]);
    stake_cap_bounds_changed => StakeCapBoundsChanged([], [min_cap: U256, max_cap: U256]);
    phase_node_limit_changed => PhaseNodeLimitChanged([phase: u8], [limit: u16]);
    phase_advanced => PhaseAdvanced([from: u8, to: u8], []);
    round_opened => RoundOpened([round_id: u64], [slots: u8, deadline: u64, phase: u8]);
    round_closed => RoundClosed([round_id: u64], [applications: u16]);
    application_submitted => ApplicationSubmitted([round_id: u64, application_id: u64, applicant: Address], [staking_contract: Address, content_hash: B256, snapshot_proposal: B256]);
    application_withdrawn => ApplicationWithdrawn([round_id: u64, application_id: u64], []);
    tally_attested => TallyAttested([round_id: u64, application_id: u64, oracle_epoch: u32], [for_votes: U256, against_votes: U256, abstain_votes: U256, voters: u32]);
    application_failed => ApplicationFailed([round_id: u64, application_id: u64], [reason: u8]);
    application_passed => ApplicationPassed([round_id: u64, application_id: u64], [rank: u16]);
    application_qualified => ApplicationQualified([round_id: u64, application_id: u64], [rank: u16]);
    round_finalised => RoundFinalised([round_id: u64], [passed: u16, qualified: u8]);
    node_registered => NodeRegistered([node_id: u64, operator: Address, sequencer_signer: Address], []);
    node_updated => NodeUpdated([node_id: u64, operator: Address, sequencer_signer: Address], []);
    node_paired => NodePaired([node_id: u64, pairing_id: u64, application_id: u64], [stake_cap: U256, nonce: u64]);
    stake_cap_changed => StakeCapChanged([node_id: u64, pairing_id: u64], [previous_cap: U256, new_cap: U256, nonce: u64]);
    stake_reported => StakeReported([node_id: u64, pairing_id: u64], [stake: U256]);
}

/// Emits `OracleSetChanged`.
pub fn oracle_set_changed(
    vm: &VM,
    epoch: u32,
    signers: &[Address],
    threshold: u8,
    effective_at: u64,
) {
    let data = Encoder::new()
        .array(signers)
        .word(threshold)
        .word(effective_at)
        .finish();
    const S: [u64; 4] = limbs(OracleSetChanged::SIGNATURE_HASH.0);
    emit(vm, S[0], S[1], S[2], S[3], &[epoch.word()], &data);
}

/// Emits `NodeUnpaired`.
pub fn node_unpaired(
    vm: &VM,
    node_id: u64,
    pairing_id: u64,
    by: Address,
    reason: &str,
    nonce: u64,
) {
    let data = Encoder::new().bytes(reason.as_bytes()).word(nonce).finish();
    const S: [u64; 4] = limbs(NodeUnpaired::SIGNATURE_HASH.0);
    emit(
        vm,
        S[0],
        S[1],
        S[2],
        S[3],
        &[node_id.word(), pairing_id.word(), by.word()],
        &data,
    );
}

/// Emits `ApplicationRevoked`.
pub fn application_revoked(
    vm: &VM,
    round_id: u64,
    application_id: u64,
    previous_status: u8,
    reason: &str,
) {
    let data = Encoder::new()
        .word(previous_status)
        .bytes(reason.as_bytes())
        .finish();
    const S: [u64; 4] = limbs(ApplicationRevoked::SIGNATURE_HASH.0);
    emit(
        vm,
        S[0],
        S[1],
        S[2],
        S[3],
        &[round_id.word(), application_id.word()],
        &data,
    );
}

/// Emits `OracleSetDelayChanged`.
pub fn oracle_set_delay_changed(vm: &VM, delay: u32) {
    const S: [u64; 4] = limbs(OracleSetDelayChanged::SIGNATURE_HASH.0);
    emit(vm, S[0], S[1], S[2], S[3], &[], &words(&[delay.word()]));
}

/// Emits `SnapshotSpaceChanged`.
pub fn snapshot_space_changed(vm: &VM, space: &str) {
    let data = Encoder::new().bytes(space.as_bytes()).finish();
    const S: [u64; 4] = limbs(SnapshotSpaceChanged::SIGNATURE_HASH.0);
    emit(vm, S[0], S[1], S[2], S[3], &[], &data);
}
