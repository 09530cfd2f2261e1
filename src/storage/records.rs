//! The records, slot by slot: the layout table of [`super`] in code.

use alloy_primitives::{Address, B256};

use super::{
    AccountKind, ApplicationKind, FieldType, Global, NodeKind, Packed, PairingKind, ProposalKind,
    RoundKind, SignerKind, Time40, VoteRulesKind,
};

record!(/// Slot 0: read by every state-changing call.
Control in Global at 0 {
    /// The admin.
    admin: Address => 0,
    /// Whether every state-changing entry point is paused.
    paused: bool => 20,
    /// Current [`Phase`](super::Phase) as a byte.
    phase: u8 => 21,
    /// Nodes registered; node ids are `1..=node_count`.
    node_count: u16 => 22,
    /// Moves on every pairing, unpairing and cap change, so integrators can cache. It lives
    /// here because every such call reads this slot anyway. It wraps at 2^32: each move is
    /// a transaction of a node operator or the admin of over 30,000 gas.
    pairing_nonce: u32 => 24,
    /// The last round closed (0 before the first). Only the latest round can be open, so it
    /// is open exactly when its id is not this one: `openRound` reads this slot anyway, and
    /// needs no read of the previous round.
    closed_round: u32 => 28,
});

record!(/// Slot 1: the counters that hand out ids.
Counters in Global at 1 {
    /// Rounds opened; round ids are `1..=round_count`.
    round_count: u32 => 0,
    /// Applications submitted; application ids are `1..=application_count`.
    application_count: u32 => 4,
    /// Version of the vote rules in force ([`VoteRules`] at `K(version, 37)`); every change
    /// writes a new version, so a round keeps the version in force when it opened.
    rules_version: u32 => 8,
    /// The attestation window of that version, copied here when it is written: opening a
    /// round reads it with the counters.
    attestation_window: u32 => 12,
});

record!(/// Slot 2: the guardian, who may pause.
Guardian in Global at 2 {
    /// The guardian.
    guardian: Address => 0,
});

record!(/// Slot 3: the proposed admin of a two-step transfer.
PendingAdmin in Global at 3 {
    /// Zero if no transfer is pending.
    pending_admin: Address => 0,
});

record!(/// Slot 4: the oracle set in force as of the last change, the change scheduled after it
/// and the delay before a change takes effect. What is in force at a given time is
/// `OracleConfig::at` of this record: a scheduled set whose time has come is in force
/// without anything being written.
OracleConfig in Global at 4 {
    /// Epoch of the set in force; 0 before the first set and while the set is void (a change
    /// made while paused voids it until the new set's time).
    epoch: u32 => 0,
    /// Signatures needed per tally (m).
    threshold: u8 => 4,
    /// Signers in the set (n).
    size: u8 => 5,
    /// Threshold of the scheduled set (meaningful while `next_size` is not 0).
    next_threshold: u8 => 6,
    /// Signers of the scheduled set; 0 when no change is scheduled.
    next_size: u8 => 7,
    /// When the scheduled set takes effect, a block timestamp (meaningful while `next_size`
    /// is not 0).
    next_at: u64 => 8,
    /// Seconds between a change and its effect (for every change but the first set; a change
    /// while paused also voids the set in force at once).
    delay: u32 => 16,
    /// The last epoch handed out: the scheduled set's, or the set in force's. Every change
    /// takes a fresh one, so a replaced schedule's epoch is never used again.
    last_epoch: u32 => 20,
});

impl OracleConfig {
    /// The configuration in force at `now`: a scheduled set whose time has come replaces the
    /// set in force.
    pub(crate) fn at(mut self, now: u64) -> Self {
        if self.next_size != 0 && now >= self.next_at {
            self.epoch = self.last_epoch;
            self.threshold = self.next_threshold;
            self.size = self.next_size;
            self.next_size = 0;
        }
        self
    }
}

record!(/// Slot 5: node limits.
NodeLimits in Global at 5 {
    /// Node limit of phase Alpha.
    alpha_limit: u16 => 0,
    /// Node limit of phase Throughput.
    throughput_limit: u16 => 2,
    /// Node limit of phase Main launch.
    main_launch_limit: u16 => 4,
    /// Node limit of phase Open access.
    open_access_limit: u16 => 6,
});

record!(/// Slot 6: what making a pairing reads and writes besides its node and its application:
/// the bounds of every stake cap, and the count that hands out pairing ids.
Pairings in Global at 6 {
    /// Smallest cap, in wei.
    min_cap: u128 => 0,
    /// Largest cap, in wei.
    max_cap: u128 => 12,
    /// Pairings made; pairing ids are `1..=count`.
    count: u32 => 24,
});

record!(/// Slot 7: the views program the registry delegates its read-only functions to. Written
/// once, by the constructor; no function changes it.
ViewsProgram in Global at 7 {
    /// The views program (never zero once constructed).
    program: Address => 0,
});

record!(/// Slot 8: the admin program the registry delegates the admin's functions to. Written
/// once, by the constructor; no function changes it.
AdminProgram in Global at 8 {
    /// The admin program (never zero once constructed).
    program: Address => 0,
});

record!(/// Slot 24: the program's Snapshot space, the only space whose votes the registry takes.
ProgramSpace in Global at 24 {
    /// keccak256 of the space's bytes.
    hash: B256 => 0,
});

record!(/// Slot 25: the length of the program's Snapshot space.
ProgramSpaceLen in Global at 25 {
    /// Bytes of the space.
    len: u8 => 0,
});

record!(/// A version of the vote rules, written once by the constructor or `setVoteRules`.
VoteRules in VoteRulesKind at 0 {
    /// Least For + Against + Abstain weight, in wei.
    quorum: u128 => 0,
    /// Least number of distinct voting addresses.
    min_voters: u32 => 12,
    /// Least For / (For + Against), in basis points.
    approval_bps: u16 => 16,
    /// Seconds after a round's application deadline during which tallies are attested; an
    /// application without one when it ends fails as not attested.
    attestation_window: u32 => 18,
});

record!(/// The application a Snapshot proposal backs: a proposal backs at most one, ever (only
/// the admin's revocation of a never-attested application releases it).
ProposalUse in ProposalKind at 0 {
    /// Application id, 0 if none.
    application: u32 => 0,
});

record!(/// The latest application of an account, in one of its two roles (applicant, staking
/// contract): an account has at most one live application per round in each role.
AccountUse in AccountKind at 0 {
    /// Round of the application.
    round: u32 => 0,
    /// Application id, 0 if none.
    application: u32 => 4,
});

record!(/// A round, in one slot.
Round in RoundKind at 0 {
    /// How many passed applications qualify (K).
    slots: u8 => 0,
    /// [`RoundStatus`](super::RoundStatus) as a byte.
    status: u8 => 1,
    /// Phase in which the round was opened.
    phase: u8 => 2,
    /// Applications that qualified at finalisation.
    qualified: u8 => 3,
    /// Id of the round's first application; its applications have consecutive ids.
    first_application: u32 => 4,
    /// Applications submitted, withdrawn ones included.
    applications: u16 => 8,
    /// Applications that passed at finalisation.
    passed: u16 => 10,
    /// Applications are accepted while `block.timestamp <= deadline`.
    deadline: u64 => 12,
    /// Version of the vote rules in force when the round opened; its finalisation uses them.
    rules_version: u32 => 20,
    /// Tallies are attested while `block.timestamp <= attestation_deadline` (the deadline
    /// plus the attestation window of the round's rules); after it, the round finalises
    /// without the missing ones.
    attestation_deadline: u64 => 24,
});

record!(/// Application slot 0: who, where, state, the lengths of its text (Snapshot space ‖
/// name ‖ metadata URI) and its tally's verdict.
AppHead in ApplicationKind at 0 {
    /// Account that applied; it alone may withdraw.
    applicant: Address => 0,
    /// Round of the application.
    round: u32 => 20,
    /// [`ApplicationStatus`](super::ApplicationStatus) as a byte.
    status: u8 => 24,
    /// Rank among the round's passed applications (1 = most For weight), 0 if none.
    rank: u8 => 25,
    /// Bytes of the Snapshot space.
    space_len: u8 => 26,
    /// Bytes of the name.
    name_len: u8 => 27,
    /// Bytes of the metadata URI.
    uri_len: u16 => 28,
    /// What the attested tally decides under the round's vote rules, set with it: 0 if it
    /// passes, else the [`ApplicationStatus`](super::ApplicationStatus) it fails with
    /// (finalisation applies it, so it reads neither the rules nor the Abstain weight).
    verdict: u8 => 30,
});

record!(/// Application slot 1.
AppStaking in ApplicationKind at 1 {
    /// The LST's staking contract: the lock owner a node whitelists, and the only account
    /// that may report a paired node's stake.
    staking_contract: Address => 0,
    /// Attested Abstain weight.
    abstain_votes: u128 => 20,
});

record!(/// Application slot 2: hash of the application document at the metadata URI.
ContentHash in ApplicationKind at 2 {
    /// The hash.
    hash: B256 => 0,
});

record!(/// Application slot 3: the Snapshot proposal voted on.
SnapshotProposal in ApplicationKind at 3 {
    /// The proposal id.
    id: B256 => 0,
});

record!(/// Application slot 4: the attested tally, written once.
AppTally in ApplicationKind at 4 {
    /// For weight.
    for_votes: u128 => 0,
    /// Against weight.
    against_votes: u128 => 12,
    /// Distinct voting addresses.
    voters: u32 => 24,
    /// Oracle epoch that attested the tally (0 = none yet).
    oracle_epoch: u32 => 28,
});

record!(/// Node slot 0.
NodeHead in NodeKind at 0 {
    /// Node provider: chooses the node's LST and manages its cap.
    operator: Address => 0,
    /// Active pairing, 0 if none.
    active_pairing: u32 => 20,
    /// Phase in which the node was registered.
    registered_phase: u8 => 24,
    /// Bytes of the metadata URI.
    uri_len: u16 => 25,
});

record!(/// Node slot 1.
NodeSigner in NodeKind at 1 {
    /// Address the sequencer signs with (Metis `seq_addr`).
    sequencer_signer: Address => 0,
    /// Registration time.
    registered_at: u64 => 20,
});

record!(/// Pairing slot 0: all a stake report reads and writes.
PairingStake in PairingKind at 0 {
    /// The node.
    node: u32 => 0,
    /// The qualified application the node chose.
    application: u32 => 4,
    /// Largest stake the node's pool may hold, in wei.
    stake_cap: u128 => 8,
    /// Stake last reported by the application's staking contract, in wei.
    stake: u128 => 20,
});

record!(/// Pairing slot 1: with slot 0, all a stake report reads. Pairings are never deleted: an
/// ended one keeps its record.
PairingTerm in PairingKind at 1 {
    /// The application's staking contract, copied when the pairing is made (an application's
    /// staking contract never changes): the only account that may report the stake.
    staking_contract: Address => 0,
    /// Start time.
    started_at: Time40 => 20,
    /// End time, 0 while active.
    ended_at: Time40 => 25,
    /// Bytes of the announcement URI.
    uri_len: u16 => 30,
});

record!(/// The node that uses, or used, a sequencer signer: signers are never reused.
SignerNode in SignerKind at 0 {
    /// Node id, 0 if none.
    node: u32 => 0,
});
