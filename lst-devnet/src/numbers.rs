//! Integers too large for 64 bits in request bodies.
//!
//! web3.py and other clients send EIP-712 values and amounts in wei as bare JSON numbers
//! (`30000000000000000000000`). `serde_json` (without its workspace-wide `arbitrary_precision`
//! feature, which would change how every crate's untagged and flattened types parse) reads such
//! a number as an `f64` and loses digits. Before parsing, [`quote_big_integers`] turns every
//! integer literal outside strings that does not fit an `i64`/`u64` into a decimal string, which
//! alloy's quantities and EIP-712 coercion read exactly. Nothing else in the body changes.

use std::borrow::Cow;

/// `body` with every bare integer literal beyond 64 bits quoted; borrowed when there is none.
pub fn quote_big_integers(body: &[u8]) -> Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    while i < body.len() {
        let byte = body[i];
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if byte == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if byte == b'-' || byte.is_ascii_digit() {
            let start = i;
            i += 1;
            while i < body.len()
                && matches!(body[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
            {
                i += 1;
            }
            let token = &body[start..i];
            if is_big_integer(token) {
                let buf = out.get_or_insert_with(|| Vec::with_capacity(body.len() + 16));
                buf.extend_from_slice(&body[copied..start]);
                buf.push(b'"');
                buf.extend_from_slice(token);
                buf.push(b'"');
                copied = i;
            }
            continue;
        }
        i += 1;
    }
    match out {
        None => Cow::Borrowed(body),
        Some(mut buf) => {
            buf.extend_from_slice(&body[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// An integer literal (optional `-`, digits only) that fits neither `i64` nor `u64`.
fn is_big_integer(token: &[u8]) -> bool {
    let digits = token.strip_prefix(b"-").unwrap_or(token);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let Ok(text) = std::str::from_utf8(token) else {
        return false;
    };
    text.parse::<i64>().is_err() && text.parse::<u64>().is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(body: &str) -> String {
        String::from_utf8(quote_big_integers(body.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn integers_beyond_64_bits_become_decimal_strings() {
        assert_eq!(
            quoted(r#"{"forVotes":30000000000000000000000,"voters":700}"#),
            r#"{"forVotes":"30000000000000000000000","voters":700}"#
        );
        assert_eq!(
            quoted("[-9223372036854775809]"),
            r#"["-9223372036854775809"]"#
        );
        // The largest u64 and the smallest i64 fit.
        assert_eq!(
            quoted("[18446744073709551615,-9223372036854775808]"),
            "[18446744073709551615,-9223372036854775808]"
        );
        assert_eq!(
            quoted("[18446744073709551616]"),
            r#"["18446744073709551616"]"#
        );
    }

    #[test]
    fn strings_floats_and_small_numbers_are_left_alone() {
        for body in [
            r#"{"a":"30000000000000000000000"}"#,
            r#"{"a":"x\"30000000000000000000000\""}"#,
            r#"[1.5e30, 3e22, 0.1, -2, 0]"#,
            r#"{"s":"\\","n":1}"#,
        ] {
            assert!(
                matches!(quote_big_integers(body.as_bytes()), Cow::Borrowed(_)),
                "{body}"
            );
        }
    }

    #[test]
    fn the_result_parses_to_the_exact_value() {
        let body = r#"{"jsonrpc":"2.0","id":1,"params":[123456789012345678901234567890]}"#;
        let value: serde_json::Value =
            serde_json::from_slice(&quote_big_integers(body.as_bytes())).unwrap();
        assert_eq!(value["params"][0], "123456789012345678901234567890");
    }
}
