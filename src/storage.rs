//! What the registry stores, slot by slot.
//!
//! Storage decides most of the gas of a registry, and the SDK's typed storage fields cost
//! WASM size (a handle per field, built per call). So every slot is a plain Rust record that
//! is read with one `SLOAD` and written with one `SSTORE`, its fields packed at fixed byte
//! offsets of the 32-byte word (big-endian, offset 0 = the word's first byte). Fields
//! written together share a slot; a call reads only the slots it needs.
//!
//! | slot | record | fields (byte offset) |
//! | --- | --- | --- |
//! | 0 | [`Control`] | admin (0), paused (20), phase (21), node count (22), pairing nonce (24) |
//! | 1 | [`Counters`] | round count (0), application count (4), pairing count (8), vote-rules version (12) |
//! | 2 | [`Guardian`] | guardian (0) |
//! | 3 | [`PendingAdmin`] | pending admin (0) |
//! | 4 | [`OracleConfig`] | epoch (0), threshold (4), size (5), next threshold (6), next size (7), next time (8), delay (16), last epoch (20) |
//! | 5 | [`NodeLimits`] | node limit of each phase (0, 2, 4, 6) |
//! | 6 | [`CapBounds`] | min cap (0), max cap (12) |
//! | 7 | [`ViewsProgram`] | views program (0), fixed by the constructor |
//! | 24 | [`ProgramSpace`] | keccak256 of the program's Snapshot space |
//! | 25 | [`ProgramSpaceLen`] | bytes of the program's Snapshot space (its text: [`crate::text`]) |
//! | K(id, 32) + 0 | [`Round`] | one slot |
//! | K(id, 33) + 0..5 | application | [`AppHead`], [`AppStaking`], [`ContentHash`], [`SnapshotProposal`], [`AppTally`] |
//! | K(id, 34) + 0..2 | node | [`NodeHead`], [`NodeSigner`] |
//! | K(id, 35) + 0..2 | pairing | [`PairingStake`], [`PairingTerm`] |
//! | K(signer, 36) | [`SignerNode`] | node that uses or used the sequencer signer |
//! | K(version, 37) | [`VoteRules`] | vote rules of that version, written once |
//! | K(proposal, 38) | [`ProposalUse`] | the application a Snapshot proposal backs |
//! | K(role ‖ account, 39) | [`AccountUse`] | an applicant's (role 0) or a staking contract's (role 1) latest application |
//! | K(epoch, 40) + i | oracle signer i of the set of that epoch | address (12), i < 16 (`LstRegistry::oracle_signer`) |
//!
//! `K(key, n) = keccak256(abi.encode(key, n))`, the slot of `key` in a Solidity mapping at
//! slot `n`. A record exists when a field that is never zero once written is non-zero (a
//! round's status, an application's applicant, a node's operator, a pairing's node), so
//! calls that touch a record need no counter to know whether its id is valid; the counters
//! only hand out ids. Strings live in slots of their own ([`crate::text`]), their lengths in the
//! record's first slot. The layout is append-only once deployed.
//!
//! Amounts are METIS in wei (18 decimals), kept in 12 bytes (`uint96`): at most 2^96 − 1 wei,
//! about 79 billion METIS, against a total supply of 10 million. Every amount is checked
//! against [`MAX_AMOUNT`] before it is stored.

use core::marker::PhantomData;

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::prelude::*;
#[cfg(not(target_arch = "wasm32"))]
use stylus_sdk::stylus_core::host::StorageAccess;

use crate::LstRegistry;

/// Largest amount the registry stores: `2^96 − 1` wei.
pub const MAX_AMOUNT: U256 = U256::from_limbs([u64::MAX, u32::MAX as u64, 0, 0]);

/// Most oracle signers in a set.
pub const MAX_ORACLES: usize = 16;

/// A field type and its width in a packed word.
pub trait FieldType: Sized {
    /// Reads the field at byte `at`.
    fn read(word: &[u8; 32], at: usize) -> Self;
    /// Writes the field at byte `at`.
    fn write(&self, word: &mut [u8; 32], at: usize);
}

// Byte loops instead of slice ranges: a field's offset is a constant of its record, but
// opt-level "z" keeps std's range-index helpers out of line, and each of their bounds checks
// would link a panic location (data bytes every call pays for, see the README's gas section).
macro_rules! uint_field {
    ($($t:ty => $bytes:literal),*) => {$(
        impl FieldType for $t {
            fn read(word: &[u8; 32], at: usize) -> Self {
                let mut value: $t = 0;
                for byte in word.iter().skip(at).take($bytes) {
                    value = (value << 4 << 4) | <$t>::from(*byte);
                }
                value
            }
            fn write(&self, word: &mut [u8; 32], at: usize) {
                let mut value = *self;
                for byte in word.iter_mut().skip(at).take($bytes).rev() {
                    *byte = value as u8;
                    value = value >> 4 >> 4;
                }
            }
        }
    )*};
}
// An amount (`u128`) takes 12 bytes: callers keep it below `MAX_AMOUNT`.
uint_field!(u8 => 1, u16 => 2, u32 => 4, u64 => 8, u128 => 12);

impl FieldType for bool {
    fn read(word: &[u8; 32], at: usize) -> Self {
        word.get(at).is_some_and(|b| *b != 0)
    }
    fn write(&self, word: &mut [u8; 32], at: usize) {
        if let Some(byte) = word.get_mut(at) {
            *byte = *self as u8;
        }
    }
}

// Addresses sit at offset 0 of their slot in every record.
impl FieldType for Address {
    fn read(word: &[u8; 32], _at: usize) -> Self {
        word.first_chunk::<20>()
            .map(|bytes| Address::from(*bytes))
            .unwrap_or_default()
    }
    fn write(&self, word: &mut [u8; 32], _at: usize) {
        if let Some(bytes) = word.first_chunk_mut::<20>() {
            *bytes = self.0 .0;
        }
    }
}

impl FieldType for B256 {
    fn read(word: &[u8; 32], _at: usize) -> Self {
        B256::from(*word)
    }
    fn write(&self, word: &mut [u8; 32], _at: usize) {
        *word = self.0;
    }
}

/// A record that fills one storage slot.
pub trait Packed: Sized {
    /// What the slot belongs to: [`Global`] or a record kind.
    type Owner;
    /// The slot: the global slot number, or the offset from the record's base slot.
    const INDEX: u8;
    /// Unpacks the word.
    fn decode(word: &[u8; 32]) -> Self;
    /// Packs the word.
    fn encode(&self) -> [u8; 32];
}

macro_rules! record {
    ($(#[$meta:meta])* $name:ident in $owner:ident at $index:literal {
        $($(#[$fmeta:meta])* $field:ident: $ty:ty => $at:literal,)*
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }
        impl Packed for $name {
            type Owner = $owner;
            const INDEX: u8 = $index;
            fn decode(word: &[u8; 32]) -> Self {
                Self { $($field: <$ty as FieldType>::read(word, $at),)* }
            }
            fn encode(&self) -> [u8; 32] {
                let mut word = [0u8; 32];
                $(FieldType::write(&self.$field, &mut word, $at);)*
                word
            }
        }
    };
}

/// Owner of the fixed slots.
pub enum Global {}
/// Owner of a round's slots.
pub enum RoundKind {}
/// Owner of an application's slots.
pub enum ApplicationKind {}
/// Owner of a node's slots.
pub enum NodeKind {}
/// Owner of a pairing's slots.
pub enum PairingKind {}
/// Owner of a sequencer signer's slot.
pub enum SignerKind {}
/// Owner of a version of the vote rules.
pub enum VoteRulesKind {}
/// Owner of a Snapshot proposal's slot.
pub enum ProposalKind {}
/// Owner of the signers of one oracle set (keyed by its epoch).
pub enum OracleSetKind {}
/// Owner of an account's slot in one role (the key is the address word with the role in its
/// first byte).
pub enum AccountKind {}

/// A record kind and the mapping slot `n` of `K(key, n)`.
pub trait Kind {
    /// The mapping slot.
    const MAPPING: u8;
}
impl Kind for RoundKind {
    const MAPPING: u8 = 32;
}
impl Kind for ApplicationKind {
    const MAPPING: u8 = 33;
}
impl Kind for NodeKind {
    const MAPPING: u8 = 34;
}
impl Kind for PairingKind {
    const MAPPING: u8 = 35;
}
impl Kind for SignerKind {
    const MAPPING: u8 = 36;
}
impl Kind for VoteRulesKind {
    const MAPPING: u8 = 37;
}
impl Kind for ProposalKind {
    const MAPPING: u8 = 38;
}
impl Kind for AccountKind {
    const MAPPING: u8 = 39;
}
impl Kind for OracleSetKind {
    const MAPPING: u8 = 40;
}

/// The base slot of one record of kind `K`.
pub struct Rec<K> {
    base: Slot,
    kind: PhantomData<K>,
}

impl<K> Clone for Rec<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K> Copy for Rec<K> {}

// ---- the records --------------------------------------------------------------------------

record!(/// Slot 0: read by every state-changing call.
Control in Global at 0 {
    /// The admin.
    admin: Address => 0,
    /// Whether every state-changing entry point is paused.
    paused: bool => 20,
    /// Current [`Phase`] as a byte.
    phase: u8 => 21,
    /// Nodes registered; node ids are `1..=node_count`.
    node_count: u16 => 22,
    /// Moves on every pairing, unpairing and cap change, so integrators can cache. It lives
    /// here because every such call reads this slot anyway.
    pairing_nonce: u64 => 24,
});

record!(/// Slot 1: the counters that hand out ids.
Counters in Global at 1 {
    /// Rounds opened; round ids are `1..=round_count`.
    round_count: u32 => 0,
    /// Applications submitted; application ids are `1..=application_count`.
    application_count: u32 => 4,
    /// Pairings made; pairing ids are `1..=pairing_count`.
    pairing_count: u32 => 8,
    /// Version of the vote rules in force ([`VoteRules`] at `K(version, 37)`); every change
    /// writes a new version, so a round keeps the version in force when it opened.
    rules_version: u32 => 12,
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
/// [`OracleConfig::at`] of this record: a scheduled set whose time has come is in force
/// without anything being written.
OracleConfig in Global at 4 {
    /// Epoch of the set in force; 0 before the first set.
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
    /// Seconds between a change and its effect (except while paused and for the first set).
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

record!(/// Slot 6: bounds of every stake cap.
CapBounds in Global at 6 {
    /// Smallest cap, in wei.
    min_cap: u128 => 0,
    /// Largest cap, in wei.
    max_cap: u128 => 12,
});

record!(/// Slot 7: the views program the registry delegates its read-only functions to. Written
/// once, by the constructor; no function changes it.
ViewsProgram in Global at 7 {
    /// The views program (never zero once constructed).
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
    /// [`RoundStatus`] as a byte.
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

record!(/// Application slot 0: who, where, state, and the lengths of its text
/// (Snapshot space ‖ name ‖ metadata URI).
AppHead in ApplicationKind at 0 {
    /// Account that applied; it alone may withdraw.
    applicant: Address => 0,
    /// Round of the application.
    round: u32 => 20,
    /// [`ApplicationStatus`] as a byte.
    status: u8 => 24,
    /// Rank among the round's passed applications (1 = most For weight), 0 if none.
    rank: u8 => 25,
    /// Bytes of the Snapshot space.
    space_len: u8 => 26,
    /// Bytes of the name.
    name_len: u8 => 27,
    /// Bytes of the metadata URI.
    uri_len: u16 => 28,
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

record!(/// Pairing slot 1. Pairings are never deleted: an ended one keeps its record.
PairingTerm in PairingKind at 1 {
    /// Start time.
    started_at: u64 => 0,
    /// End time, 0 while active.
    ended_at: u64 => 8,
    /// Bytes of the announcement URI.
    uri_len: u16 => 16,
});

record!(/// The node that uses, or used, a sequencer signer: signers are never reused.
SignerNode in SignerKind at 0 {
    /// Node id, 0 if none.
    node: u32 => 0,
});

// ---- access -------------------------------------------------------------------------------

/// A storage slot: its 32 big-endian bytes. Slots stay bytes from the keccak that makes them
/// to the hostio that uses them, with no `U256` conversion on the way (size).
pub(crate) type Slot = [u8; 32];

/// The slot `index` (a fixed slot).
const fn fixed(index: u8) -> Slot {
    let mut slot = [0u8; 32];
    slot[31] = index;
    slot
}

/// `slot + by`, wrapping as the EVM's slot arithmetic does.
#[inline(never)]
pub(crate) fn slot_plus(slot: &Slot, by: u8) -> Slot {
    let mut out = *slot;
    let mut carry = by as u16;
    for byte in out.iter_mut().rev() {
        let sum = *byte as u16 + carry;
        *byte = sum as u8;
        carry = sum >> 8;
    }
    out
}

impl LstRegistry {
    /// Reads a storage word.
    #[inline(never)]
    pub(crate) fn load_slot(&self, slot: &Slot) -> [u8; 32] {
        #[cfg(target_arch = "wasm32")]
        {
            let _ = self;
            let mut word = [0u8; 32];
            // SAFETY: both pointers are to 32-byte buffers, as the hostio reads and writes.
            unsafe { stylus_sdk::hostio::storage_load_bytes32(slot.as_ptr(), word.as_mut_ptr()) };
            word
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.vm().storage_load_bytes32(U256::from_be_bytes(*slot)).0
        }
    }

    /// Writes a storage word (to the host's cache, flushed when the call ends).
    #[inline(never)]
    pub(crate) fn store_slot(&mut self, slot: &Slot, word: [u8; 32]) {
        #[cfg(target_arch = "wasm32")]
        {
            let _ = self;
            // SAFETY: every slot is owned by exactly one record or text (see the layout
            // table); both pointers are to 32-byte buffers.
            unsafe { stylus_sdk::hostio::storage_cache_bytes32(slot.as_ptr(), word.as_ptr()) };
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            // SAFETY: as above.
            unsafe {
                self.vm()
                    .storage_cache_bytes32(U256::from_be_bytes(*slot), B256::from(word))
            };
        }
    }

    /// Reads a global record.
    pub(crate) fn global<R: Packed<Owner = Global>>(&self) -> R {
        R::decode(&self.load_slot(&fixed(R::INDEX)))
    }

    /// Writes a global record.
    pub(crate) fn set_global<R: Packed<Owner = Global>>(&mut self, value: &R) {
        self.store_slot(&fixed(R::INDEX), value.encode());
    }

    /// Where the record `key` of kind `K` lives.
    #[inline]
    pub(crate) fn rec<K: Kind>(&self, key: impl crate::abi::Word) -> Rec<K> {
        Rec {
            base: self.mapping_slot(&key.word(), K::MAPPING),
            kind: PhantomData,
        }
    }

    /// `K(key, mapping)`: one copy for every kind of record (size).
    #[inline(never)]
    fn mapping_slot(&self, key: &[u8; 32], mapping: u8) -> Slot {
        let mut preimage = [0u8; 64];
        if let Some((head, tail)) = preimage.split_first_chunk_mut::<32>() {
            *head = *key;
            if let Some(last) = tail.last_mut() {
                *last = mapping;
            }
        }
        self.vm().native_keccak256(&preimage).0
    }

    /// Reads one slot of a record.
    pub(crate) fn get<K, R: Packed<Owner = K>>(&self, at: Rec<K>) -> R {
        R::decode(&self.load_slot(&slot_plus(&at.base, R::INDEX)))
    }

    /// Writes one slot of a record.
    pub(crate) fn put<K, R: Packed<Owner = K>>(&mut self, at: Rec<K>, value: &R) {
        self.store_slot(&slot_plus(&at.base, R::INDEX), value.encode());
    }

    /// Signer `index` of the oracle set `set` (meaningful below the set's size).
    pub(crate) fn oracle_signer(&self, set: Rec<OracleSetKind>, index: usize) -> Address {
        crate::abi::address_in(&self.load_slot(&slot_plus(&set.base, index as u8)))
    }

    /// Stores signer `index` of the oracle set `set`.
    pub(crate) fn set_oracle_signer(
        &mut self,
        set: Rec<OracleSetKind>,
        index: usize,
        signer: Address,
    ) {
        let word = crate::abi::Word::word(&signer);
        self.store_slot(&slot_plus(&set.base, index as u8), word);
    }
}

// ---- codes --------------------------------------------------------------------------------

/// Where a round stands.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundStatus {
    /// No such round.
    None = 0,
    /// Taking applications.
    Open = 1,
    /// Applications closed; waiting for tallies and finalisation.
    Closed = 2,
    /// Every application has its outcome.
    Finalised = 3,
}

/// Where an application stands. The same code answers `eligibility`.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplicationStatus {
    /// No such application.
    None = 0,
    /// Submitted; waiting for its tally.
    Pending = 1,
    /// Withdrawn by its applicant.
    Withdrawn = 2,
    /// Tally attested; waiting for the round's finalisation.
    Tallied = 3,
    /// Passed and ranked within the round's slots: a node may pair with it.
    Qualified = 4,
    /// Passed but ranked below the round's slots.
    NotSelected = 5,
    /// Total weight below the quorum.
    FailedQuorum = 6,
    /// Fewer distinct voters than required.
    FailedVoters = 7,
    /// For share of For + Against below the approval threshold.
    FailedApproval = 8,
    /// No tally was attested before the round's attestation window ended.
    NotAttested = 9,
    /// Revoked by the admin (with a reason, in `ApplicationRevoked`): it never pairs again.
    Revoked = 10,
}

/// The program's phases, in order. Moves are one way, one step at a time.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Phase 1: Alpha, four Foundation sequencer nodes.
    Alpha = 0,
    /// Phase 2: throughput and sequencer mining.
    Throughput = 1,
    /// Phase 3: main launch, more nodes paired through governance.
    MainLaunch = 2,
    /// New nodes open external access; Stage 2 repeats.
    OpenAccess = 3,
}

/// The last phase.
pub const LAST_PHASE: u8 = Phase::OpenAccess as u8;

/// A `uint256` as a stored amount, or `None` above [`MAX_AMOUNT`].
#[inline]
pub fn amount(value: U256) -> Option<u128> {
    if value > MAX_AMOUNT {
        return None;
    }
    let limbs = value.as_limbs();
    Some(limbs[0] as u128 | (limbs[1] as u128) << 64)
}

/// A stored amount as a `uint256`.
#[inline]
pub fn wei(value: u128) -> U256 {
    U256::from(value)
}
