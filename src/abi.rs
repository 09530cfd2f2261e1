//! A small, strict Solidity ABI codec for the registry's own calldata, return data, errors
//! and logs.
//!
//! The SDK's generic codec instantiates its decoder and encoder once per function signature,
//! error and event; for a surface of this size that alone is over 100 KB of WASM, four times
//! what a Stylus program may weigh compressed. This codec handles exactly the types the
//! registry uses (words, addresses, integers, `bytes`, `string` and arrays of static words)
//! with one code path each.
//!
//! Decoding is strict, as Solidity's ABI decoder v2 is: a narrow integer or an address whose
//! word has high bits set, a dynamic offset or length that points outside the calldata, a
//! string that is not UTF-8 — all are rejected (the router answers
//! `RegistryMalformedCalldata(selector)`), never truncated or guessed.

use alloc::vec::Vec;
use alloy_primitives::{Address, B256, U256};

/// A value that is one ABI word.
pub trait Word {
    /// The value's 32-byte ABI encoding.
    fn word(&self) -> [u8; 32];
}

impl Word for U256 {
    #[inline(never)] // one copy, not one per call site
    fn word(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        let (chunks, _) = out.as_chunks_mut::<8>();
        for (chunk, limb) in chunks.iter_mut().zip(self.as_limbs().iter().rev()) {
            *chunk = limb.to_be_bytes();
        }
        out
    }
}

/// A big-endian word as a `uint256`. Written out over the four limbs: ruint's generic byte
/// conversions are instantiated per width and cost several hundred bytes of program.
#[inline(never)]
pub fn u256_of(word: &[u8; 32]) -> U256 {
    let (chunks, _) = word.as_chunks::<8>();
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().rev().zip(chunks) {
        *limb = u64::from_be_bytes(*chunk);
    }
    U256::from_limbs(limbs)
}

/// A 32-byte constant as four big-endian limbs, computed at compile time, for [`word_of`].
pub const fn limbs(word: [u8; 32]) -> [u64; 4] {
    let mut out = [0u64; 4];
    let mut i = 0;
    while i < 32 {
        out[i / 8] = (out[i / 8] << 8) | word[i] as u64;
        i += 1;
    }
    out
}

/// The word whose big-endian limbs are `l0`…`l3`.
///
/// A constant word (an event's signature hash, an EIP-712 type hash) passed as its
/// [`limbs`] stays in the code as four immediates instead of in the data segment: Nitro
/// charges every call of a program ~0.75 gas per byte of data segment (`cached_init_cost`),
/// and ~0.001 gas per byte of code.
#[inline(never)]
pub fn word_of(l0: u64, l1: u64, l2: u64, l3: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    let (chunks, _) = out.as_chunks_mut::<8>();
    for (chunk, limb) in chunks.iter_mut().zip([l0, l1, l2, l3]) {
        *chunk = limb.to_be_bytes();
    }
    out
}

/// The constant word `$word` (a `[u8; 32]` known at compile time), written from four
/// immediates by [`word_of`] rather than read from the data segment.
macro_rules! const_word {
    ($word:expr) => {{
        const LIMBS: [u64; 4] = $crate::abi::limbs($word);
        $crate::abi::word_of(LIMBS[0], LIMBS[1], LIMBS[2], LIMBS[3])
    }};
}
pub(crate) use const_word;

/// The order of addresses as 20-byte big-endian numbers (what `Address`'s `Ord` gives,
/// without its generic code).
pub fn address_key(address: &Address) -> [u8; 20] {
    address.0 .0
}

impl Word for B256 {
    fn word(&self) -> [u8; 32] {
        self.0
    }
}

impl Word for Address {
    #[inline(never)]
    fn word(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        if let Some(low) = out.last_chunk_mut::<20>() {
            *low = self.0 .0;
        }
        out
    }
}

impl Word for bool {
    fn word(&self) -> [u8; 32] {
        (*self as u64).word()
    }
}

impl Word for [u8; 4] {
    /// `bytesN` is left-aligned.
    fn word(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        if let Some(high) = out.first_chunk_mut::<4>() {
            *high = *self;
        }
        out
    }
}

macro_rules! word_for_uint {
    ($($t:ty),*) => {$(
        impl Word for $t {
            #[inline(never)]
            fn word(&self) -> [u8; 32] {
                let mut out = [0u8; 32];
                if let Some(low) = out.last_chunk_mut::<{ core::mem::size_of::<$t>() }>() {
                    *low = self.to_be_bytes();
                }
                out
            }
        }
    )*};
}
word_for_uint!(u8, u16, u32, u64, usize);

/// Calldata could not be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

/// Reads the arguments of a call (the calldata after the selector).
pub struct Calldata<'a> {
    args: &'a [u8],
}

impl<'a> Calldata<'a> {
    /// Wraps the arguments (calldata without its 4-byte selector).
    pub fn new(args: &'a [u8]) -> Self {
        Self { args }
    }

    /// The 32 bytes at byte `offset`.
    fn word_at(&self, offset: usize) -> Result<&'a [u8; 32], Malformed> {
        self.args
            .get(offset..)
            .and_then(|rest| rest.first_chunk::<32>())
            .ok_or(Malformed)
    }

    /// Head word `index` as a 256-bit integer.
    pub fn u256(&self, index: usize) -> Result<U256, Malformed> {
        Ok(u256_of(self.word_at(index * 32)?))
    }

    /// Head word `index` as a `bytes32`.
    pub fn b256(&self, index: usize) -> Result<B256, Malformed> {
        Ok(B256::from(*self.word_at(index * 32)?))
    }

    /// Head word `index` as an unsigned integer of `bits` bits (at most 64).
    fn uint(&self, index: usize, bits: u32) -> Result<u64, Malformed> {
        small(self.word_at(index * 32)?, bits)
    }

    /// Head word `index` as a `uint64`.
    pub fn u64(&self, index: usize) -> Result<u64, Malformed> {
        self.uint(index, 64)
    }

    /// Head word `index` as a `uint32`.
    pub fn u32(&self, index: usize) -> Result<u32, Malformed> {
        Ok(self.uint(index, 32)? as u32)
    }

    /// Head word `index` as a `uint16`.
    pub fn u16(&self, index: usize) -> Result<u16, Malformed> {
        Ok(self.uint(index, 16)? as u16)
    }

    /// Head word `index` as a `uint8`.
    pub fn u8(&self, index: usize) -> Result<u8, Malformed> {
        Ok(self.uint(index, 8)? as u8)
    }

    /// Head word `index` as an `address`.
    pub fn address(&self, index: usize) -> Result<Address, Malformed> {
        let word = self.word_at(index * 32)?;
        if word.iter().take(12).any(|b| *b != 0) {
            return Err(Malformed);
        }
        Ok(address_in(word))
    }

    /// The tail that head word `index` points to: its length word and the bytes after it,
    /// as `(length, start of contents)`.
    fn tail(&self, index: usize) -> Result<(usize, usize), Malformed> {
        let offset = small(self.word_at(index * 32)?, 32)? as usize;
        let len = small(self.word_at(offset)?, 32)? as usize;
        Ok((len, offset + 32))
    }

    /// Argument `index` as `bytes`.
    pub fn bytes(&self, index: usize) -> Result<&'a [u8], Malformed> {
        let (len, start) = self.tail(index)?;
        self.args
            .get(start..)
            .and_then(|rest| rest.split_at_checked(len))
            .map(|(bytes, _)| bytes)
            .ok_or(Malformed)
    }

    /// Argument `index` as a UTF-8 `string`.
    pub fn string(&self, index: usize) -> Result<&'a str, Malformed> {
        let bytes = self.bytes(index)?;
        if !is_utf8(bytes) {
            return Err(Malformed);
        }
        // SAFETY: `is_utf8` accepts exactly what `core::str::from_utf8` accepts (tested below).
        Ok(unsafe { core::str::from_utf8_unchecked(bytes) })
    }

    /// Argument `index` as an `address[]`.
    pub fn addresses(&self, index: usize) -> Result<Vec<Address>, Malformed> {
        let (len, start) = self.tail(index)?;
        // Each element is a word: bound the length by the calldata before allocating.
        if len > self.args.len() / 32 {
            return Err(Malformed);
        }
        let items = Calldata {
            args: self.args.get(start..).ok_or(Malformed)?,
        };
        (0..len).map(|i| items.address(i)).collect()
    }
}

/// Whether `bytes` is UTF-8 as `core::str::from_utf8` decides it: no overlong forms, no
/// surrogates, nothing above U+10FFFF. Written here rather than taken from core because
/// core's validator is built for speed on long texts: its lookup table sits in the data
/// segment, which every call pays for (≈0.75 gas a byte), and its code is ~700 bytes.
pub fn is_utf8(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        let (len, min) = match lead {
            0x00..=0x7f => {
                i += 1;
                continue;
            }
            0xc2..=0xdf => (2, 0x80),
            0xe0..=0xef => (3, 0x800),
            0xf0..=0xf4 => (4, 0x1_0000),
            _ => return false,
        };
        let mut code = u32::from(lead) & (0x7f >> len);
        for k in 1..len {
            match bytes.get(i + k) {
                Some(&next) if next & 0xc0 == 0x80 => code = (code << 6) | u32::from(next & 0x3f),
                _ => return false,
            }
        }
        if code < min || code > 0x10_ffff || (0xd800..=0xdfff).contains(&code) {
            return false;
        }
        i += len;
    }
    true
}

/// The address in the low 20 bytes of a word.
pub fn address_in(word: &[u8; 32]) -> Address {
    word.last_chunk::<20>()
        .map(|bytes| Address::from(*bytes))
        .unwrap_or_default()
}

/// A word as an unsigned integer of `bits` bits, rejecting set high bits.
fn small(word: &[u8; 32], bits: u32) -> Result<u64, Malformed> {
    let (high, low) = word.split_last_chunk::<8>().ok_or(Malformed)?;
    if high.iter().any(|b| *b != 0) {
        return Err(Malformed);
    }
    let value = u64::from_be_bytes(*low);
    if bits < 64 && value >> bits != 0 {
        return Err(Malformed);
    }
    Ok(value)
}

/// The ABI encoding of a tuple of static values, given as their words.
pub fn words(values: &[[u8; 32]]) -> Vec<u8> {
    values.concat()
}

/// Builds an ABI-encoded tuple: a head of words, then the tails of dynamic values.
#[derive(Default)]
pub struct Encoder {
    head: Vec<[u8; 32]>,
    /// `(head index of the offset word, encoded tail)`.
    tails: Vec<(usize, Vec<u8>)>,
}

impl Encoder {
    /// An empty tuple.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a static value.
    pub fn word(mut self, value: impl Word) -> Self {
        self.head.push(value.word());
        self
    }

    /// Appends a dynamic value whose tail is `tail`.
    fn dynamic(mut self, tail: Vec<u8>) -> Self {
        self.tails.push((self.head.len(), tail));
        self.head.push([0u8; 32]);
        self
    }

    /// Appends `bytes` or `string`.
    pub fn bytes(self, value: &[u8]) -> Self {
        let padded = value.len().div_ceil(32) * 32;
        let mut tail = Vec::with_capacity(32 + padded);
        tail.extend_from_slice(&value.len().word());
        tail.extend_from_slice(value);
        tail.resize(32 + padded, 0);
        self.dynamic(tail)
    }

    /// Appends an array of static values.
    pub fn array<T: Word>(self, values: &[T]) -> Self {
        let mut tail = Vec::with_capacity(32 * (values.len() + 1));
        tail.extend_from_slice(&values.len().word());
        for value in values {
            tail.extend_from_slice(&value.word());
        }
        self.dynamic(tail)
    }

    /// The encoding.
    pub fn finish(mut self) -> Vec<u8> {
        let mut offset = self.head.len() * 32;
        for (index, tail) in &self.tails {
            if let Some(slot) = self.head.get_mut(*index) {
                *slot = offset.word();
            }
            offset += tail.len();
        }
        let mut out = Vec::with_capacity(offset);
        for word in &self.head {
            out.extend_from_slice(word);
        }
        for (_, tail) in &self.tails {
            out.extend_from_slice(tail);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::is_utf8;

    /// Agrees with `core::str::from_utf8` on every sequence of up to three bytes drawn from
    /// the bytes where the rules change, and on every 1- and 2-byte input.
    #[test]
    fn utf8_validation_agrees_with_core() {
        let edges: [u8; 22] = [
            0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
            0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xf8, 0xfe, 0xff,
        ];
        let check = |bytes: &[u8]| {
            assert_eq!(
                is_utf8(bytes),
                core::str::from_utf8(bytes).is_ok(),
                "{bytes:02x?}"
            );
        };
        check(&[]);
        for a in 0..=255u8 {
            check(&[a]);
            for b in 0..=255u8 {
                check(&[a, b]);
            }
        }
        for a in edges {
            for b in edges {
                for c in edges {
                    check(&[a, b, c]);
                    for d in edges {
                        check(&[a, b, c, d]);
                        check(&[0x41, a, b, c, d]);
                    }
                }
            }
        }
        for text in ["Metis LST", "ünïcödé", "日本語", "🦀 crab", "\u{10ffff}"] {
            check(text.as_bytes());
        }
    }
}
