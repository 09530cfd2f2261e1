//! Human-readable forms of amounts, addresses, events and errors for transcripts.
//!
//! Events and errors are printed from their `Debug` form with addresses replaced by actor
//! names, amounts of at least 0.001 METIS shown in METIS, and 32-byte hashes shortened.

use std::str::FromStr;

use alloy_primitives::{Address, U256};

use crate::abi::{RegistryError, RegistryEvent};
use crate::actors::AddressBook;

/// One METIS in wei, and `amount` whole METIS in wei (the types crate's, as the client's
/// fixtures use them).
pub use lst_registry_types::program::{metis, METIS};

/// `12345` → `12,345`.
pub fn group(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A wei amount in METIS: `100,000 METIS`, `100,000.000000000000000001 METIS`.
pub fn format_metis(wei: U256) -> String {
    let unit = U256::from(METIS);
    let whole = wei / unit;
    let frac = wei % unit;
    let whole = if whole <= U256::from(u128::MAX) {
        group(whole.to::<u128>())
    } else {
        whole.to_string()
    };
    if frac.is_zero() {
        format!("{whole} METIS")
    } else {
        let frac = format!("{:0>18}", frac.to_string());
        format!("{whole}.{} METIS", frac.trim_end_matches('0'))
    }
}

/// An event, e.g. `NodePaired { nodeId: 1, …, stakeCap: 100,000 METIS, nonce: 1 }`.
pub fn event(event: &RegistryEvent, book: &AddressBook) -> String {
    let text = humanize(&unwrap_variant(&format!("{event:?}")), book);
    match event {
        RegistryEvent::ApplicationFailed(failed) => format!("{text} — {}", failure(failed.reason)),
        _ => text,
    }
}

/// What an `ApplicationFailed` reason code means.
fn failure(reason: u8) -> &'static str {
    match reason {
        6 => "below quorum",
        7 => "too few voters",
        8 => "approval too low",
        9 => "not attested before the attestation deadline",
        _ => "unknown reason",
    }
}

/// A custom error, e.g. `RegistryStakeAboveCap { nodeId: 5, stake: …, cap: … }`.
pub fn error(error: &RegistryError, book: &AddressBook) -> String {
    humanize(&unwrap_variant(&format!("{error:?}")), book)
}

/// `Name(Name { … })` → `Name { … }`; `Name(Name)` → `Name`.
fn unwrap_variant(debug: &str) -> String {
    match debug.find('(') {
        Some(open) if debug.ends_with(')') => debug[open + 1..debug.len() - 1].to_string(),
        _ => debug.to_string(),
    }
}

/// Replaces addresses by names, large integers by METIS amounts, hashes by short forms.
pub fn humanize(text: &str, book: &AddressBook) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if boundary && bytes[i] == b'0' && bytes.get(i + 1) == Some(&b'x') {
            let end = i
                + 2
                + bytes[i + 2..]
                    .iter()
                    .take_while(|b| b.is_ascii_hexdigit())
                    .count();
            out.push_str(&hex_token(&text[i..end], book));
            i = end;
        } else if boundary && bytes[i].is_ascii_digit() {
            let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            out.push_str(&number_token(&text[i..end]));
            i = end;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn hex_token(token: &str, book: &AddressBook) -> String {
    match token.len() - 2 {
        40 => match Address::from_str(token) {
            Ok(address) => book.label(&address),
            Err(_) => token.to_string(),
        },
        64 => format!("{}…{}", &token[..8], &token[token.len() - 4..]),
        _ => token.to_string(),
    }
}

fn number_token(token: &str) -> String {
    // 10^15 wei = 0.001 METIS: below that a number is a count, an id or a timestamp.
    if token.len() >= 16 {
        if let Ok(value) = U256::from_str(token) {
            return format_metis(value);
        }
    }
    token.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_whole_and_fractional_metis() {
        assert_eq!(format_metis(metis(100_000)), "100,000 METIS");
        assert_eq!(
            format_metis(metis(100_000) + U256::from(1)),
            "100,000.000000000000000001 METIS"
        );
        assert_eq!(format_metis(U256::from(5u128 * METIS / 10)), "0.5 METIS");
    }

    #[test]
    fn humanizes_addresses_amounts_and_hashes() {
        let mut book = AddressBook::default();
        let admin = Address::repeat_byte(0xAB);
        book.insert(admin, "Admin");
        let text = format!(
            "X {{ who: {admin}, cap: {}, id: 7, h: 0x{} }}",
            metis(20_000),
            "ab".repeat(32)
        );
        assert_eq!(
            humanize(&text, &book),
            "X { who: Admin, cap: 20,000 METIS, id: 7, h: 0xababab…abab }"
        );
    }
}
