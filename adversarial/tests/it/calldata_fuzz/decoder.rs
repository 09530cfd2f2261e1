//! The reference decoder: whether calldata is a canonical encoding of a function's parameters,
//! independent of the contract's codec.

use super::*;

pub(super) fn word(args: &[u8], at: usize) -> Option<&[u8]> {
    args.get(at..at.checked_add(32)?)
}

/// A word as an integer of `bits` bits (at most 64), if its high bits are clear.
pub(super) fn small(w: &[u8], bits: u32) -> Option<u64> {
    if w[..24].iter().any(|b| *b != 0) {
        return None;
    }
    let v = u64::from_be_bytes(w[24..].try_into().ok()?);
    if bits < 64 && v >> bits != 0 {
        return None;
    }
    Some(v)
}

/// Whether `args` (calldata after the selector) decode strictly as `params`.
pub(super) fn decodes(params: &[Kind], args: &[u8]) -> bool {
    params.iter().enumerate().all(|(i, kind)| {
        let Some(head) = word(args, i * 32) else {
            return false;
        };
        match kind {
            Kind::Uint(256) | Kind::B32 => true,
            Kind::Uint(bits) => small(head, *bits).is_some(),
            Kind::Address => head[..12].iter().all(|b| *b == 0),
            Kind::Bytes | Kind::Str | Kind::Addresses => {
                let Some(offset) = small(head, 32) else {
                    return false;
                };
                let offset = offset as usize;
                let Some(len) = word(args, offset).and_then(|w| small(w, 32)) else {
                    return false;
                };
                let (len, start) = (len as usize, offset + 32);
                match kind {
                    Kind::Addresses => (0..len).all(|k| {
                        word(args, start + 32 * k)
                            .map(|w| w[..12].iter().all(|b| *b == 0))
                            .unwrap_or(false)
                    }),
                    Kind::Bytes => start
                        .checked_add(len)
                        .map(|end| end <= args.len())
                        .unwrap_or(false),
                    _ => args
                        .get(start..start + len)
                        .map(|s| std::str::from_utf8(s).is_ok())
                        .unwrap_or(false),
                }
            }
        }
    })
}
