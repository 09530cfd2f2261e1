//! Generated calldata: edge words, valid encodings with values from edge pools, and their
//! mutations.

use super::*;

pub(super) fn u(v: u128) -> [u8; 32] {
    U256::from(v).to_be_bytes()
}

/// Words at the edges: every width's max and max + 1, uint96 max and max + 1, addresses with
/// high bits, all ones.
pub(super) fn edges() -> Vec<[u8; 32]> {
    let mut out = vec![u(0), u(1), U256::MAX.to_be_bytes()];
    for bits in [8u32, 16, 32, 64, 96, 128, 160] {
        let max = (U256::from(1) << bits) - U256::from(1);
        out.push(max.to_be_bytes());
        out.push((max + U256::from(1)).to_be_bytes());
    }
    out.push(u(MAX_AMOUNT));
    let mut high = [0u8; 32];
    high[12..].copy_from_slice(cast().admin.address.as_slice());
    high[0] = 0x80;
    out.push(high);
    high[0] = 0;
    high[11] = 1;
    out.push(high);
    out.push((U256::from(1) << 255usize).to_be_bytes::<32>());
    out
}

pub(super) fn address_word(rng: &mut Rng) -> [u8; 32] {
    let c = cast();
    let mut w = [0u8; 32];
    let a: Address = match rng.below(6) {
        0 => Address::ZERO,
        1 => Address::from_slice(&rng.bytes(20)),
        _ => *rng.pick(&c.addresses()),
    };
    w[12..].copy_from_slice(a.as_slice());
    w
}

pub(super) fn static_word(kind: Kind, rng: &mut Rng, edges: &[[u8; 32]]) -> [u8; 32] {
    if !edges.is_empty() && rng.one_in(5) {
        return *rng.pick(edges);
    }
    match kind {
        Kind::Address => address_word(rng),
        Kind::B32 => {
            let mut w = [0u8; 32];
            if !rng.one_in(4) {
                w.copy_from_slice(&rng.bytes(32));
            }
            w
        }
        Kind::Uint(256) => *rng.pick(&[
            u(0),
            u(1),
            u(20_000 * 10u128.pow(18)),
            u(60_000 * 10u128.pow(18)),
            u(MAX_AMOUNT),
            u(MAX_AMOUNT + 1),
        ]),
        Kind::Uint(bits) => {
            let max = if bits >= 64 {
                u64::MAX as u128
            } else {
                (1u128 << bits) - 1
            };
            let v = match rng.below(5) {
                0 => rng.below(5) as u128,
                1 => max,
                2 => rng.next_u64() as u128 & max,
                3 => 1_700_000_000 + rng.below(1_000_000) as u128,
                _ => rng.below(200) as u128,
            };
            u(v.min(max))
        }
        _ => unreachable!(),
    }
}

/// A dynamic value's tail: length word, contents, padding.
pub(super) fn tail(kind: Kind, rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    match kind {
        Kind::Addresses => {
            let n = *rng.pick(&[0usize, 1, 2, 3, 3, 16, 17, 64]);
            out.extend_from_slice(&u(n as u128));
            let mut items: Vec<[u8; 32]> = (0..n).map(|_| address_word(rng)).collect();
            if !rng.one_in(3) {
                items.sort();
            }
            if rng.one_in(8) && n > 0 {
                items[rng.below(n)][0] = 1;
            }
            for item in items {
                out.extend_from_slice(&item);
            }
        }
        _ => {
            let n = if kind == Kind::Bytes {
                *rng.pick(&[0usize, 1, 64, 65, 66, 130, 195, 260, 1040, 1105])
            } else {
                *rng.pick(&[0usize, 1, 5, 31, 32, 33, 64, 65, 255, 256, 257, 1000, 4000])
            };
            let content: Vec<u8> = match (kind, rng.below(6)) {
                (Kind::Bytes, _) | (_, 0) => rng.bytes(n),
                (_, 1) => "é".repeat(n / 2 + 1).into_bytes()[..n].to_vec(), // may cut a character
                (_, 2) => "⚡".repeat(n / 3 + 1).into_bytes()[..n].to_vec(),
                _ => (0..n).map(|k| b'a' + (k % 26) as u8).collect(),
            };
            out.extend_from_slice(&u(n as u128));
            out.extend_from_slice(&content);
            out.resize(32 + n.div_ceil(32) * 32, 0);
        }
    }
    out
}

/// A well-typed encoding of random arguments (its values may still be out of range).
pub(super) fn encode(params: &[Kind], rng: &mut Rng, edges: &[[u8; 32]]) -> Vec<u8> {
    let mut head = Vec::new();
    let mut tails = Vec::new();
    let head_len = params.len() * 32;
    for kind in params {
        if kind.dynamic() {
            let offset = head_len + tails.len();
            head.extend_from_slice(&u(offset as u128));
            tails.extend_from_slice(&tail(*kind, rng));
        } else {
            head.extend_from_slice(&static_word(*kind, rng, edges));
        }
    }
    head.extend_from_slice(&tails);
    head
}

/// One mutation of an encoding.
pub(super) fn mutate(
    params: &[Kind],
    mut args: Vec<u8>,
    rng: &mut Rng,
    edges: &[[u8; 32]],
) -> (Vec<u8>, String) {
    let heads = params.len();
    match rng.below(7) {
        0 if heads > 0 => {
            let i = rng.below(heads);
            let w = *rng.pick(edges);
            args[i * 32..i * 32 + 32].copy_from_slice(&w);
            (args, format!("head word {i} = 0x{}", hex::encode(w)))
        }
        1 if params.iter().any(|k| k.dynamic()) => {
            let i = loop {
                let i = rng.below(heads);
                if params[i].dynamic() {
                    break i;
                }
            };
            let len = args.len() as u128;
            let choices = [
                0,
                1,
                31,
                32,
                len,
                len.saturating_sub(32),
                len + 1,
                u32::MAX as u128,
                1 << 32,
                1 << 64,
                rng.below(len as usize + 1) as u128,
            ];
            let v = *rng.pick(&choices);
            args[i * 32..i * 32 + 32].copy_from_slice(&u(v));
            (args, format!("offset of argument {i} = {v}"))
        }
        2 if params.iter().any(|k| k.dynamic()) => {
            let i = params.iter().position(|k| k.dynamic()).expect("dynamic");
            let offset = U256::from_be_slice(&args[i * 32..i * 32 + 32]).to::<usize>();
            let v = *rng.pick(&[
                U256::ZERO,
                U256::from(1),
                U256::from(65),
                U256::from(1_000),
                U256::from(100_000),
                U256::from(u32::MAX),
                U256::from(1u64 << 32),
                U256::from(1) << 200usize,
            ]);
            if offset + 32 <= args.len() {
                args[offset..offset + 32].copy_from_slice(&v.to_be_bytes::<32>());
            }
            (args, format!("length of argument {i} = {v}"))
        }
        3 => {
            let n = rng.below(args.len() + 1);
            args.truncate(n);
            (args, format!("truncated to {n} bytes"))
        }
        4 => {
            let extra = rng.below(100);
            args.extend_from_slice(&rng.bytes(extra));
            (args, format!("{extra} junk bytes appended"))
        }
        5 if !args.is_empty() => {
            let i = rng.below(args.len());
            args[i] ^= 1 << rng.below(8);
            (args, format!("bit flipped in byte {i}"))
        }
        _ => {
            let n = rng.below(600);
            (rng.bytes(n), format!("{n} random bytes"))
        }
    }
}
