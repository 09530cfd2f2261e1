//! Strings kept in raw storage slots, without a length slot.
//!
//! A text of `n` bytes occupies slots `base .. base + ⌈n / 32⌉`, where
//! `base = keccak256("lst-registry.text" ‖ kind ‖ id)` (a 22-byte preimage, so it can never
//! equal a Solidity mapping slot, whose preimage is 64 bytes). The owner record keeps `n`.

use alloc::string::String;
use alloc::vec::Vec;
use stylus_sdk::prelude::*;

use crate::abi::is_utf8;
use crate::storage::{slot_plus, Slot};
use crate::LstRegistry;

/// Which record a text belongs to.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// Snapshot space ‖ name ‖ metadata URI of an application.
    Application = 1,
    /// Metadata URI of a node.
    Node = 2,
    /// Announcement URI of a pairing.
    Pairing = 3,
    /// The program's Snapshot space (id 0).
    Space = 4,
}

const TAG: &[u8; 17] = b"lst-registry.text";

/// First slot of a text.
fn base_slot(reg: &LstRegistry, kind: TextKind, id: u32) -> Slot {
    let mut preimage = [0u8; 22];
    if let Some((tag, rest)) = preimage.split_first_chunk_mut::<17>() {
        *tag = *TAG;
        if let Some((kind_byte, id_bytes)) = rest.split_first_mut() {
            *kind_byte = kind as u8;
            for (to, from) in id_bytes.iter_mut().zip(id.to_be_bytes()) {
                *to = from;
            }
        }
    }
    reg.vm().native_keccak256(&preimage).0
}

/// Number of slots a text of `len` bytes occupies.
#[inline]
fn slots(len: usize) -> usize {
    len.div_ceil(32)
}

/// Writes `bytes` as the text of (`kind`, `id`), clearing the slots of a longer previous text
/// of `old_len` bytes so that no stale bytes stay behind (and their refund is earned).
pub fn store(reg: &mut LstRegistry, kind: TextKind, id: u32, bytes: &[u8], old_len: usize) {
    let mut slot = base_slot(reg, kind, id);
    let mut rest = bytes;
    while !rest.is_empty() {
        let mut word = [0u8; 32];
        for (to, from) in word.iter_mut().zip(rest) {
            *to = *from;
        }
        rest = rest.get(32..).unwrap_or_default();
        // The slot range belongs to this text alone (see the module docs).
        reg.store_slot(&slot, word);
        slot = slot_plus(&slot, 1);
    }
    for _ in slots(bytes.len())..slots(old_len) {
        // These slots held the tail of the previous, longer text.
        reg.store_slot(&slot, [0u8; 32]);
        slot = slot_plus(&slot, 1);
    }
}

/// Reads the first `len` bytes of the text of (`kind`, `id`).
pub fn load(reg: &LstRegistry, kind: TextKind, id: u32, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(slots(len) * 32);
    let mut slot = base_slot(reg, kind, id);
    for _ in 0..slots(len) {
        out.extend_from_slice(&reg.load_slot(&slot));
        slot = slot_plus(&slot, 1);
    }
    out.truncate(len);
    out
}

/// A stored text as a `String` for a view. Every text was checked to be UTF-8 when it was
/// written; a text that somehow is not reads as empty. Checked with `abi::is_utf8`, not
/// `String::from_utf8`, whose lookup table would sit in the views program's data segment.
pub fn string(bytes: &[u8]) -> String {
    if !is_utf8(bytes) {
        return String::new();
    }
    // SAFETY: `is_utf8` accepts exactly what `core::str::from_utf8` accepts (tested in abi).
    String::from(unsafe { core::str::from_utf8_unchecked(bytes) })
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn a_stored_text_reads_as_itself_and_one_that_is_not_utf8_as_empty() {
        for text in ["", "metislayer2.eth", "ipfs://bafy…/node.json", "日本語 🦀"] {
            assert_eq!(string(text.as_bytes()), text);
        }
        for bytes in [
            &b"\xff"[..],
            b"node\xc0\xaf",
            b"\xed\xa0\x80",
            b"abc\xe6\x97",
        ] {
            assert_eq!(string(bytes), "", "{bytes:02x?}");
        }
    }
}
