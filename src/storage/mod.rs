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
//! | 0 | [`Control`] | admin (0), paused (20), phase (21), node count (22), pairing nonce (24), last round closed (28) |
//! | 1 | [`Counters`] | round count (0), application count (4), vote-rules version (8), its attestation window (12) |
//! | 2 | [`Guardian`] | guardian (0) |
//! | 3 | [`PendingAdmin`] | pending admin (0) |
//! | 4 | [`OracleConfig`] | epoch (0), threshold (4), size (5), next threshold (6), next size (7), next time (8), delay (16), last epoch (20) |
//! | 5 | [`NodeLimits`] | node limit of each phase (0, 2, 4, 6) |
//! | 6 | [`Pairings`] | min cap (0), max cap (12), pairing count (24) |
//! | 7 | [`ViewsProgram`] | views program (0), fixed by the constructor |
//! | 8 | [`AdminProgram`] | admin program (0), fixed by the constructor |
//! | 24 | [`ProgramSpace`] | keccak256 of the program's Snapshot space |
//! | 25 | [`ProgramSpaceLen`] | bytes of the program's Snapshot space (its text: [`crate::text`]) |
//! | K(id, 32) + 0 | [`Round`] | one slot |
//! | K(id, 33) + 0..5 | application | [`AppHead`] (with its tally's verdict), [`AppStaking`], [`ContentHash`], [`SnapshotProposal`], [`AppTally`] |
//! | K(id, 34) + 0..2 | node | [`NodeHead`], [`NodeSigner`] |
//! | K(id, 35) + 0..2 | pairing | [`PairingStake`], [`PairingTerm`] (with the application's staking contract) |
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

/// A block time kept in 5 bytes, where a record has no room for 8. Times from 2^40 − 1 on
/// (the year 36812) are stored as 2^40 − 1, so a time stored non-zero never reads back 0 (an
/// ended pairing's end time never reads "active").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Time40(pub u64);

/// The largest [`Time40`].
pub const TIME40_MAX: u64 = (1 << 40) - 1;

// A `Time40` field sits at byte 3 or later: it is read as the 8 bytes that end with it, the 3
// before it masked off, and written into those 8 bytes with the 3 kept (one loop each with
// `u64`'s, which a separate 5-byte loop would add to every program).
impl FieldType for Time40 {
    fn read(word: &[u8; 32], at: usize) -> Self {
        Self(u64::read(word, at - 3) & TIME40_MAX)
    }
    fn write(&self, word: &mut [u8; 32], at: usize) {
        let kept = u64::read(word, at - 3) & !TIME40_MAX;
        (kept | self.0.min(TIME40_MAX)).write(word, at - 3);
    }
}

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

mod codes;
mod records;

pub use codes::*;
pub use records::*;

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
