//! # LST registry
//!
//! The on-chain source of truth of a Metis-style liquid-staking governance program, as an
//! Arbitrum Stylus contract.
//!
//! * **Stage 1.** The admin opens a round with K eligible slots and a deadline. LST protocols
//!   apply with their name, metadata URI and content hash, Snapshot space and proposal, and
//!   staking contract. An m-of-n oracle set attests each application's Snapshot tally with
//!   EIP-712 signatures (anyone may relay them). Once every live application has a tally,
//!   anyone finalises the round: an application passes with a quorum of total weight, a
//!   minimum of distinct voters and an approval share of For / (For + Against); the top K
//!   passed ones by For weight qualify.
//! * **Stage 2.** The admin registers sequencer nodes within the current phase's node limit.
//!   A node's operator pairs it with one qualified application, with a stake cap inside the
//!   program's bounds and an announcement URI. The application's staking contract reports
//!   the node's pooled stake, never above the cap.
//! * **Phases.** Alpha → Throughput → Main launch → Open access, one way.
//!
//! Roles: the admin (two-step transfer), the guardian (pauses; only the admin unpauses), the
//! oracle set (attests tallies), node operators, applicants and staking contracts.
//!
//! Invariants: phases only move forward; a node has at most one active pairing; only
//! qualified applications are paired; every cap lies within the bounds in force when it was
//! set; reported stake never exceeds its node's cap; at most K applications qualify per
//! round; a paused registry changes nothing; a failed call changes nothing.
//!
//! Programs: the core (this crate's entrypoint) serves the constructor and the functions
//! that run the program; it delegates the admin's functions to the admin program
//! ([`admin`], `admin/`) and the read-only functions to the views program ([`views`],
//! `views/`), both fixed at construction.
//!
//! Modules: [`router`] and [`abi`] (the ABI: selectors, calldata, return data), [`errors`]
//! and [`events`] (the Solidity surface), [`access`] (who may act), [`storage`](mod@storage)
//! and [`text`] (what is stored, slot by slot), [`rules`] (vote rules, caps, phases),
//! [`rounds`] (Stage 1), [`attestation`] (oracle set and signatures), [`nodes`] (Stage 2).
//! This file holds the entrypoint and the documented Rust API, one method per ABI function;
//! native tests call these methods directly, or the whole ABI through [`dispatch`].

#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

extern crate alloc;

pub mod abi;
pub mod access;
pub mod admin;
pub mod attestation;
pub mod calls;
pub mod constructor;
pub mod errors;
pub mod events;
pub mod nodes;
pub mod params;
pub mod rounds;
pub mod router;
pub mod rules;
pub mod storage;
pub mod text;
pub mod views;

use alloc::{string::String, vec, vec::Vec};
use alloy_primitives::{Address, B256, U256};
use stylus_sdk::prelude::*;

pub use errors::{RegistryError, Result};
pub use router::dispatch;
use storage::{Control, Counters, Guardian, Pairings, PendingAdmin, SignerKind, SignerNode};

/// `round(id)`: slots, status, phase, first application id, applications, live, tallied,
/// passed, qualified, application deadline, attestation deadline, and the vote rules it is
/// decided by.
pub type RoundView = (
    u8,
    u8,
    u8,
    u64,
    u16,
    u16,
    u16,
    u16,
    u8,
    u64,
    u64,
    RoundRules,
);
/// The vote rules of a round: quorum (wei), minimum distinct voters, approval (basis points),
/// attestation window (seconds).
pub type RoundRules = (U256, u32, u16, u32);
/// `rules()`: quorum (wei), minimum distinct voters, approval (basis points), attestation
/// window (seconds), stake-cap bounds (wei), the counting mode, the program's Snapshot space.
pub type RulesView = (U256, u32, u16, u32, U256, U256, &'static str, Vec<u8>);
/// `application(id)`: round, applicant, staking contract, status, rank, content hash,
/// Snapshot proposal, name, metadata URI, Snapshot space.
pub type ApplicationView = (
    u64,
    Address,
    Address,
    u8,
    u8,
    B256,
    B256,
    String,
    String,
    String,
);
/// `node(id)`: operator, sequencer signer, active pairing, registration phase and time,
/// metadata URI.
pub type NodeView = (Address, Address, u64, u8, u64, String);
/// `pairing(id)`: node, application, stake cap, stake, start, end, announcement URI, and
/// whether an active pairing's cap lies outside the cap bounds in force.
pub type PairingView = (u64, u64, U256, U256, u64, u64, String, bool);
/// `active_pairings(offset, limit)`: node ids, pairing ids, application ids, caps, remaining
/// capacity.
pub type ActivePairingsPage = (Vec<u64>, Vec<u64>, Vec<u64>, Vec<U256>, Vec<U256>);

/// The registry. Its state lives in the records of [`storage`](mod@storage), read and
/// written slot by slot.
#[storage]
pub struct LstRegistry;

impl LstRegistry {
    /// Sets up the registry with `admin` as admin and guardian, `views` as the views program
    /// its read-only functions are delegated to and `admin_program` as the admin program its
    /// admin's functions are delegated to (both fixed for the registry's life), the
    /// program's default rules (quorum 20,000 METIS, 500 voters, 80 % approval, caps
    /// 20,000..100,000 METIS) and node limits (Alpha 4, Throughput 4, Main launch 16, Open
    /// access 64), in phase Alpha.
    ///
    /// # Errors
    /// * `RegistryAlreadyInitialised` if the constructor ran before.
    /// * `RegistryZeroAddress(0)` if `admin` is zero, `RegistryZeroAddress(13)` if `views` is,
    ///   `RegistryZeroAddress(14)` if `admin_program` is.
    /// * `RegistryNoCode(views)` / `RegistryNoCode(admin_program)` if no program is deployed
    ///   there.
    pub fn constructor(
        &mut self,
        admin: Address,
        views: Address,
        admin_program: Address,
    ) -> Result<()> {
        constructor::initialise(self, admin, views, admin_program)
    }

    /// The views program serving the registry's read-only functions, fixed at construction.
    pub fn views_program(&self) -> Address {
        self.global::<storage::ViewsProgram>().program
    }

    /// The admin program serving the admin's functions, fixed at construction.
    pub fn admin_program(&self) -> Address {
        self.global::<storage::AdminProgram>().program
    }

    // ======================================================================== roles

    /// The admin.
    pub fn admin(&self) -> Address {
        self.global::<Control>().admin
    }

    /// The proposed admin of a pending two-step transfer, zero if none.
    pub fn pending_admin(&self) -> Address {
        self.global::<PendingAdmin>().pending_admin
    }

    /// The guardian.
    pub fn guardian(&self) -> Address {
        self.global::<Guardian>().guardian
    }

    /// Whether the registry is paused.
    pub fn paused(&self) -> bool {
        self.global::<Control>().paused
    }

    /// Starts a two-step admin transfer to `new_admin`; zero cancels a pending one. Works
    /// while paused (recovery).
    ///
    /// # Errors
    /// `RegistryNotAdmin`.
    /// # Events
    /// `AdminTransferStarted`.
    pub fn transfer_admin(&mut self, new_admin: Address) -> Result<()> {
        access::transfer_admin(self, new_admin)
    }

    /// Completes a two-step admin transfer; called by the pending admin. Works while paused
    /// (recovery).
    ///
    /// # Errors
    /// `RegistryNotPendingAdmin`.
    /// # Events
    /// `AdminTransferred`.
    pub fn accept_admin(&mut self) -> Result<()> {
        access::accept_admin(self)
    }

    /// Replaces the guardian. Works while paused (recovery).
    ///
    /// # Errors
    /// `RegistryNotAdmin`, `RegistryZeroAddress(1)`.
    /// # Events
    /// `GuardianChanged`.
    pub fn set_guardian(&mut self, guardian: Address) -> Result<()> {
        access::set_guardian(self, guardian)
    }

    /// Pauses every state-changing entry point but `unpause`; guardian or admin.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryNotGuardian`.
    /// # Events
    /// `Paused`.
    pub fn pause(&mut self) -> Result<()> {
        access::pause(self)
    }

    /// Lifts the pause; admin only.
    ///
    /// # Errors
    /// `RegistryNotPaused`, `RegistryNotAdmin`.
    /// # Events
    /// `Unpaused`.
    pub fn unpause(&mut self) -> Result<()> {
        access::unpause(self)
    }

    // ======================================================================== oracle set

    /// Replaces the oracle set: `signers` strictly ascending and non-zero, a strict majority
    /// `threshold` of them needed per tally. The new set takes a new epoch and takes effect
    /// after the oracle-set delay (at once for the first set), voiding every signature made
    /// under earlier epochs; it replaces a change still scheduled. Works while paused
    /// (recovery): then the set in force is void at once as well (epoch 0, no signers), and
    /// the new set still waits the delay.
    ///
    /// # Errors
    /// `RegistryNotAdmin`, `RegistryInvalidOracleSet`, `RegistryInvalidOracleSigner`.
    /// # Events
    /// `OracleSetChanged` (with the time it takes effect).
    pub fn set_oracle_set(&mut self, signers: Vec<Address>, threshold: u8) -> Result<()> {
        attestation::set_oracle_set(self, signers, threshold)
    }

    /// Sets the delay between an oracle-set change and its effect, for changes made from now
    /// on: one to 30 days.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryNotAdmin`, `RegistryInvalidOracleSetDelay`.
    /// # Events
    /// `OracleSetDelayChanged`.
    pub fn set_oracle_set_delay(&mut self, delay: u32) -> Result<()> {
        attestation::set_oracle_set_delay(self, delay)
    }

    /// The oracle set in force at the current block, the change scheduled after it, and the
    /// delay.
    pub fn oracle_set(&self) -> attestation::OracleSetView {
        attestation::oracle_set(self)
    }

    /// The EIP-712 domain separator (name "LstRegistry", version "1", this chain, this
    /// contract).
    pub fn domain_separator(&self) -> B256 {
        attestation::domain_separator(self)
    }

    /// The EIP-712 digest the oracles sign for a tally of `application_id` under the current
    /// oracle epoch.
    ///
    /// # Errors
    /// `RegistryUnknownApplication`, `RegistryAmountTooLarge`.
    pub fn tally_digest(
        &self,
        application_id: u64,
        for_votes: U256,
        against_votes: U256,
        abstain_votes: U256,
        voters: u32,
    ) -> Result<B256> {
        attestation::tally_digest(
            self,
            application_id,
            for_votes,
            against_votes,
            abstain_votes,
            voters,
        )
    }

    /// Records the Snapshot tally of a pending application, attested by at least `threshold`
    /// current oracle signers. `signatures` is the concatenation of 65-byte `r ‖ s ‖ v`
    /// signatures over `tally_digest`, sorted by signer address. Anyone may relay.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryUnknownApplication`, `RegistryWrongApplicationStatus`
    /// (not pending: withdrawn, revoked or already tallied), `RegistryDeadline` (the round's
    /// attestation deadline has passed), `RegistryAmountTooLarge`,
    /// `RegistryMalformedSignatures`, `RegistrySignatureCount`, `RegistrySignatureHighS`,
    /// `RegistryInvalidSignature`, `RegistrySignersNotSorted`, `RegistryUnknownSigner`.
    /// # Events
    /// `TallyAttested`.
    pub fn attest_tally(
        &mut self,
        application_id: u64,
        for_votes: U256,
        against_votes: U256,
        abstain_votes: U256,
        voters: u32,
        signatures: &[u8],
    ) -> Result<()> {
        attestation::attest_tally(
            self,
            application_id,
            for_votes,
            against_votes,
            abstain_votes,
            voters,
            signatures,
        )
    }

    // ======================================================================== rules and phases

    /// The rules in force: quorum (wei), minimum distinct voters, approval (basis points),
    /// attestation window (seconds), stake-cap bounds (wei), how votes are counted, and the
    /// program's Snapshot space.
    pub fn rules(&self) -> RulesView {
        rules::rules(self)
    }

    /// Sets the program's Snapshot space: applications submitted from now on must name it.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryNotAdmin`, `RegistryInvalidLength(7, ...)`.
    /// # Events
    /// `SnapshotSpaceChanged`.
    pub fn set_snapshot_space(&mut self, space: &str) -> Result<()> {
        rules::set_snapshot_space(self, space)
    }

    /// Sets the vote rules of rounds opened from now on (a round keeps the rules in force
    /// when it opened): quorum, distinct voters, approval, and the attestation window (one
    /// to 90 days after the application deadline).
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryNotAdmin`, `RegistryInvalidQuorum`,
    /// `RegistryInvalidMinVoters`, `RegistryInvalidApproval`,
    /// `RegistryInvalidAttestationWindow`.
    /// # Events
    /// `VoteRulesChanged`.
    pub fn set_vote_rules(
        &mut self,
        quorum: U256,
        min_voters: u32,
        approval_bps: u16,
        attestation_window: u32,
    ) -> Result<()> {
        rules::set_vote_rules(self, quorum, min_voters, approval_bps, attestation_window)
    }

    /// Sets the bounds of every stake cap set from now on.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryNotAdmin`, `RegistryInvalidStakeCapBounds`.
    /// # Events
    /// `StakeCapBoundsChanged`.
    pub fn set_stake_cap_bounds(&mut self, min_cap: U256, max_cap: U256) -> Result<()> {
        rules::set_stake_cap_bounds(self, min_cap, max_cap)
    }

    /// The current phase, its node limit and the number of nodes.
    pub fn phase(&self) -> (u8, u16, u16) {
        rules::phase(self)
    }

    /// The node limit of every phase, in phase order.
    pub fn phase_node_limits(&self) -> [u16; 4] {
        self.global::<storage::NodeLimits>().node_limits()
    }

    /// Sets the node limit of a phase. Limits never decrease from one phase to the next, the
    /// current phase's limit never falls below the node count, and a past phase is frozen
    /// (only its own limit is in range, so setting it is a no-op).
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryNotAdmin`, `RegistryInvalidNodeLimit`.
    /// # Events
    /// `PhaseNodeLimitChanged`.
    pub fn set_phase_node_limit(&mut self, phase: u8, limit: u16) -> Result<()> {
        rules::set_phase_node_limit(self, phase, limit)
    }

    /// Moves the program to phase `to`, which must be the next one.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryNotAdmin`, `RegistryInvalidPhaseTransition`.
    /// # Events
    /// `PhaseAdvanced`.
    pub fn advance_phase(&mut self, to: u8) -> Result<()> {
        rules::advance_phase(self, to)
    }

    // ======================================================================== Stage 1

    /// Opens a round taking applications until `deadline`, whose top `slots` passed
    /// applications will qualify. Returns the round id. The previous round must have stopped
    /// taking applications.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryNotAdmin`, `RegistryInvalidRoundConfig`,
    /// `RegistryWrongRoundStatus` (previous round still open).
    /// # Events
    /// `RoundOpened`.
    pub fn open_round(&mut self, slots: u8, deadline: u64) -> Result<u64> {
        rounds::open_round(self, slots, deadline)
    }

    /// Stops a round taking applications: the admin at any time, anyone after its deadline.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryUnknownRound`, `RegistryWrongRoundStatus`,
    /// `RegistryDeadline` (a non-admin before the deadline).
    /// # Events
    /// `RoundClosed`.
    pub fn close_round(&mut self, round_id: u64) -> Result<()> {
        rounds::close_round(self, round_id)
    }

    /// Applies to the open round. Returns the application id.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryNoOpenRound`, `RegistryDeadline`, `RegistryRoundFull`,
    /// `RegistryInvalidLength` (name 1..=64, metadata URI 1..=256, space 1..=64 bytes),
    /// `RegistryZeroHash`, `RegistryZeroAddress`, `RegistryWrongSnapshotSpace` (not the
    /// program's space), `RegistryProposalUsed` (the proposal backs another application),
    /// `RegistryAlreadyApplied` (the caller, or the staking contract, already has a live
    /// application in the round).
    /// # Events
    /// `ApplicationSubmitted`.
    pub fn submit_application(
        &mut self,
        name: &str,
        metadata_uri: &str,
        content_hash: B256,
        snapshot_space: &str,
        snapshot_proposal: B256,
        staking_contract: Address,
    ) -> Result<u64> {
        rounds::submit_application(
            self,
            name,
            metadata_uri,
            content_hash,
            snapshot_space,
            snapshot_proposal,
            staking_contract,
        )
    }

    /// Withdraws a pending application; its applicant only, before its tally is attested.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryUnknownApplication`, `RegistryNotApplicant`,
    /// `RegistryWrongApplicationStatus`.
    /// # Events
    /// `ApplicationWithdrawn`.
    pub fn withdraw_application(&mut self, application_id: u64) -> Result<()> {
        rounds::withdraw_application(self, application_id)
    }

    /// Decides a closed round whose live applications all have a tally, or whose attestation
    /// deadline has passed (an application still without a tally then fails as not attested,
    /// status 9): each passes or fails by the rules in force when the round opened, the
    /// passed ones are ranked by For weight (ties to the earlier application) and the top
    /// `slots` qualify. Anyone may call.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryUnknownRound`, `RegistryWrongRoundStatus`,
    /// `RegistryTalliesMissing` (tallies missing and the attestation window still open).
    /// # Events
    /// One of `ApplicationFailed`, `ApplicationPassed`, `ApplicationQualified` per live
    /// application, then `RoundFinalised`.
    pub fn finalise_round(&mut self, round_id: u64) -> Result<()> {
        rounds::finalise_round(self, round_id)
    }

    /// A round: slots, status, phase, first application id, applications, live, tallied,
    /// passed, qualified, application deadline, attestation deadline, and the vote rules that
    /// decide it.
    ///
    /// # Errors
    /// `RegistryUnknownRound`.
    pub fn round(&self, round_id: u64) -> Result<RoundView> {
        rounds::round(self, round_id)
    }

    /// Numbers of rounds, applications, nodes and pairings (ids run from 1 to each).
    pub fn counts(&self) -> (u64, u64, u64, u64) {
        let counters = self.global::<Counters>();
        (
            counters.round_count as u64,
            counters.application_count as u64,
            self.global::<Control>().node_count as u64,
            self.global::<Pairings>().count as u64,
        )
    }

    /// Ids of up to `min(limit, 100)` applications of a round, from position `offset`.
    ///
    /// # Errors
    /// `RegistryUnknownRound`.
    pub fn round_applications(&self, round_id: u64, offset: u64, limit: u64) -> Result<Vec<u64>> {
        rounds::round_applications(self, round_id, offset, limit)
    }

    /// An application: round, applicant, staking contract, status, rank, content hash,
    /// Snapshot proposal, name, metadata URI, Snapshot space.
    ///
    /// # Errors
    /// `RegistryUnknownApplication`.
    pub fn application(&self, application_id: u64) -> Result<ApplicationView> {
        rounds::application(self, application_id)
    }

    /// The attested tally of an application: For, Against, Abstain (wei), voters, and the
    /// oracle epoch that attested it (0 if none yet).
    ///
    /// # Errors
    /// `RegistryUnknownApplication`.
    pub fn application_tally(&self, application_id: u64) -> Result<(U256, U256, U256, u32, u32)> {
        rounds::application_tally(self, application_id)
    }

    /// Whether a node may pair with the application, and why (the application status code:
    /// 0 unknown, 1 pending, 2 withdrawn, 3 tallied, 4 qualified, 5 passed but not selected,
    /// 6 failed quorum, 7 failed voters, 8 failed approval).
    pub fn eligibility(&self, application_id: u64) -> (bool, u8) {
        rounds::eligibility(self, application_id)
    }

    // ======================================================================== Stage 2

    /// Registers a sequencer node within the current phase's node limit. Returns its id.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryNotAdmin`, `RegistryZeroAddress`, `RegistryInvalidLength`
    /// (URI 1..=256 bytes), `RegistryNodeLimitReached`, `RegistrySignerInUse`.
    /// # Events
    /// `NodeRegistered`.
    pub fn register_node(
        &mut self,
        operator: Address,
        sequencer_signer: Address,
        metadata_uri: &str,
    ) -> Result<u64> {
        nodes::register_node(self, operator, sequencer_signer, metadata_uri)
    }

    /// Changes a node's operator or sequencer signer (admin only) or metadata URI (admin or
    /// operator).
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryUnknownNode`, `RegistryNotNodeOperator`, `RegistryNotAdmin`
    /// (operator or signer change by the operator), `RegistryZeroAddress`,
    /// `RegistryInvalidLength`, `RegistrySignerInUse`.
    /// # Events
    /// `NodeUpdated`.
    pub fn update_node(
        &mut self,
        node_id: u64,
        operator: Address,
        sequencer_signer: Address,
        metadata_uri: &str,
    ) -> Result<()> {
        nodes::update_node(self, node_id, operator, sequencer_signer, metadata_uri)
    }

    /// A node: operator, sequencer signer, active pairing id (0 if none), registration
    /// phase, registration time, metadata URI.
    ///
    /// # Errors
    /// `RegistryUnknownNode`.
    pub fn node(&self, node_id: u64) -> Result<NodeView> {
        nodes::node(self, node_id)
    }

    /// The node that uses, or used, `sequencer_signer` (0 if none).
    pub fn node_of_signer(&self, sequencer_signer: Address) -> u64 {
        let at = self.rec::<SignerKind>(sequencer_signer);
        self.get::<SignerKind, SignerNode>(at).node as u64
    }

    /// Ids of up to `min(limit, 100)` nodes from id `offset + 1`.
    pub fn nodes(&self, offset: u64, limit: u64) -> Vec<u64> {
        nodes::node_ids(self, offset, limit)
    }

    /// The node's operator pairs it with a qualified application, with a stake cap within
    /// the bounds and the URI of its announcement. Returns the pairing id.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryUnknownNode`, `RegistryNotNodeOperator` (only the operator
    /// pairs), `RegistryNodeAlreadyPaired`, `RegistryUnknownApplication`,
    /// `RegistryWrongApplicationStatus` (not qualified), `RegistryInvalidStakeCap`,
    /// `RegistryInvalidLength` (URI 1..=256 bytes).
    /// # Events
    /// `NodePaired`.
    pub fn pair(
        &mut self,
        node_id: u64,
        application_id: u64,
        stake_cap: U256,
        announcement_uri: &str,
    ) -> Result<u64> {
        nodes::pair(self, node_id, application_id, stake_cap, announcement_uri)
    }

    /// Ends a node's active pairing; its operator or the admin. The pairing stays readable.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryUnknownNode`, `RegistryNotNodeOperator`,
    /// `RegistryNodeNotPaired`, `RegistryInvalidLength` (reason up to 256 bytes).
    /// # Events
    /// `NodeUnpaired`.
    pub fn unpair(&mut self, node_id: u64, reason: &str) -> Result<()> {
        nodes::unpair(self, node_id, reason)
    }

    /// Changes the stake cap of a node's active pairing; its operator or the admin. The cap
    /// stays within the bounds in force and never below the stake already reported.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryUnknownNode`, `RegistryNotNodeOperator`,
    /// `RegistryNodeNotPaired`, `RegistryInvalidStakeCap`, `RegistryCapBelowStake`.
    /// # Events
    /// `StakeCapChanged`.
    pub fn set_stake_cap(&mut self, node_id: u64, stake_cap: U256) -> Result<()> {
        nodes::set_stake_cap(self, node_id, stake_cap)
    }

    /// Reports the pooled stake of an active pairing's node; only the staking contract of the
    /// paired application. The report names the pairing, so a late report meant for an ended
    /// pairing cannot land on the node's next one.
    ///
    /// # Errors
    /// `RegistryPaused`, `RegistryUnknownPairing`, `RegistryPairingEnded`,
    /// `RegistryNotStakingContract`, `RegistryStakeAboveCap`.
    /// # Events
    /// `StakeReported`.
    pub fn report_stake(&mut self, pairing_id: u64, stake: U256) -> Result<()> {
        nodes::report_stake(self, pairing_id, stake)
    }

    /// Revokes an application, the admin's act against an LST that must not run (also while
    /// paused): a pending or tallied one leaves its round (which finalises without it), a
    /// qualified one loses its eligibility and its active pairings end. A revoked
    /// application never pairs again; `eligibility` answers status 10. Revoking an application
    /// that was never attested (pending, withdrawn, or failed as not attested) releases its
    /// Snapshot proposal, so that the LST whose vote it is can apply with it when a copier
    /// claimed it first, also when the copier withdrew the copy since.
    ///
    /// # Errors
    /// `RegistryNotAdmin`, `RegistryUnknownApplication`, `RegistryWrongApplicationStatus`
    /// (already revoked), `RegistryInvalidLength` (reason of 1 to 256 bytes).
    /// # Events
    /// `ApplicationRevoked`, and `NodeUnpaired` for each pairing it ends.
    pub fn revoke_application(&mut self, application_id: u64, reason: &str) -> Result<()> {
        nodes::revoke_application(self, application_id, reason)
    }

    /// A pairing: node, application, stake cap, reported stake, start and end time (0 while
    /// active), announcement URI, and whether it is active with a cap outside the bounds in
    /// force (bounds changed after the cap was set: caps are never moved for the operator).
    ///
    /// # Errors
    /// `RegistryUnknownPairing`.
    pub fn pairing(&self, pairing_id: u64) -> Result<PairingView> {
        nodes::pairing(self, pairing_id)
    }

    /// Active pairings of the nodes with ids `offset + 1 ..= offset + min(limit, 100)`: node ids,
    /// pairing ids, application ids, caps and remaining capacity, one entry per paired node.
    pub fn active_pairings(&self, offset: u64, limit: u64) -> ActivePairingsPage {
        nodes::active_pairings(self, offset, limit)
    }

    /// How much more stake the node's pool may take: cap − reported stake (0 if unpaired).
    ///
    /// # Errors
    /// `RegistryUnknownNode`.
    pub fn remaining_capacity(&self, node_id: u64) -> Result<U256> {
        nodes::remaining_capacity(self, node_id)
    }

    /// Moves on every pairing, unpairing and cap change; wraps from 2^32 − 1 to 0.
    pub fn pairing_nonce(&self) -> u64 {
        self.global::<Control>().pairing_nonce as u64
    }
}

/// The program's entrypoint, in a module of its own: the SDK's macro writes
/// `user_entrypoint` beside `serve`, undocumented, and Nitro finds it by its exported name
/// (`#[no_mangle]`), whatever module it is in.
#[cfg(feature = "core")]
mod entry {
    use super::*;

    /// Decodes the call, runs it, and returns or reverts with its ABI-encoded result. The
    /// SDK wraps it in `user_entrypoint`, which pays for memory growth, reads the calldata,
    /// flushes the storage cache and writes the result.
    ///
    /// Compiled with the `core` feature (on by default); the views and admin programs
    /// (`views/`, `admin/`) link this crate without it and have entrypoints of their own.
    #[entrypoint]
    #[allow(dead_code)] // native test builds have no `user_entrypoint` calling it
    fn serve(input: Vec<u8>, host: stylus_sdk::host::VM) -> stylus_sdk::ArbResult {
        // SAFETY: the registry is the program's only top-level storage and lives for this
        // call.
        let mut registry = unsafe { <LstRegistry as StorageType>::new(U256::ZERO, 0, host) };
        dispatch(&mut registry, &input).map_err(Into::into)
    }
}
