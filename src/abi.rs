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
    fn word(&self) -> [u8; 32] {
        self.to_be_bytes()
    }
}

impl Word for B256 {
    fn word(&self) -> [u8; 32] {
        self.0
    }
}

impl Word for Address {
    fn word(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        out[12..].copy_from_slice(self.as_slice());
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
        out[..4].copy_from_slice(self);
        out
    }
}

macro_rules! word_for_uint {
    ($($t:ty),*) => {$(
        impl Word for $t {
            fn word(&self) -> [u8; 32] {
                let mut out = [0u8; 32];
                out[32 - core::mem::size_of::<$t>()..].copy_from_slice(&self.to_be_bytes());
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
        let end = offset.checked_add(32).ok_or(Malformed)?;
        self.args
            .get(offset..end)
            .and_then(|s| s.try_into().ok())
            .ok_or(Malformed)
    }

    /// Head word `index` as a 256-bit integer.
    pub fn u256(&self, index: usize) -> Result<U256, Malformed> {
        Ok(U256::from_be_bytes(*self.word_at(index * 32)?))
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
        if word[..12].iter().any(|b| *b != 0) {
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
        let end = start.checked_add(len).ok_or(Malformed)?;
        self.args.get(start..end).ok_or(Malformed)
    }

    /// Argument `index` as a UTF-8 `string`.
    pub fn string(&self, index: usize) -> Result<&'a str, Malformed> {
        core::str::from_utf8(self.bytes(index)?).map_err(|_| Malformed)
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

/// The address in the low 20 bytes of a word.
pub fn address_in(word: &[u8; 32]) -> Address {
    let mut bytes = [0u8; 20];
    bytes.copy_from_slice(&word[12..]);
    Address::from(bytes)
}

/// A word as an unsigned integer of `bits` bits, rejecting set high bits.
fn small(word: &[u8; 32], bits: u32) -> Result<u64, Malformed> {
    let (high, low) = word.split_at(24);
    if high.iter().any(|b| *b != 0) {
        return Err(Malformed);
    }
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(low);
    let value = u64::from_be_bytes(bytes);
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
