//! Exact decimal ↔ wei conversion, without floating point.
//!
//! Snapshot reports voting power as JavaScript numbers, serialised as JSON number text such as
//! `20000.000000000001`, `1.5e3` or `1e+21` (JavaScript switches to exponent notation at 10²¹
//! and below 10⁻⁶). [`parse_units`] reads that *text* digit by digit and scales it by 10¹⁸
//! exactly, so no value is ever rounded through an `f64`.
//!
//! Accepted grammar: the JSON number grammar without a sign — `int [ "." digits ] [ ("e"|"E")
//! ["+"|"-"] digits ]`, where `int` is `0` or a digit string without a leading zero. Digits
//! beyond the 18th decimal are dropped (rounding toward zero, i.e. down, since negatives are
//! refused). Rejected: a sign (negatives, `+1`), `NaN`, `Infinity`, hex, empty fractions or
//! integer parts (`1.`, `.5`), whitespace, and values above `U256::MAX` wei.

use alloy::primitives::U256;
use thiserror::Error;

/// Decimals of METIS (and of Snapshot's reported scores, once scaled to wei).
pub const DECIMALS: u32 = 18;

/// Largest amount the registry stores: amounts are kept as `uint96`.
pub const MAX_REGISTRY_AMOUNT: U256 = U256::from_limbs([u64::MAX, u32::MAX as u64, 0, 0]);

/// Why a decimal could not be read as an exact amount.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum WeiError {
    /// Empty input.
    #[error("empty amount")]
    Empty,
    /// A leading minus sign.
    #[error("negative amount `{0}`")]
    Negative(String),
    /// Anything outside the accepted grammar (NaN, Infinity, a leading `+`, hex, `1.`, `.5`...).
    #[error("`{0}` is not a plain decimal number (expected digits, an optional fraction and an optional exponent, e.g. 20000.5 or 1.5e3)")]
    Syntax(String),
    /// An exponent too large to be meaningful (more than six digits).
    #[error("exponent of `{0}` is out of range")]
    Exponent(String),
    /// Above `U256::MAX` wei.
    #[error("`{0}` exceeds 2^256 - 1 wei")]
    Overflow(String),
}

/// The amount in wei of a non-negative decimal number of `decimals`-decimal tokens (METIS:
/// 18), exactly; digits beyond `decimals` are dropped (rounded down).
///
/// ```text
/// parse_units("20000.000000000001", 18) == 20_000_000_000_000_001_000_000
/// parse_units("1.5e3", 18)              == 1_500 * 10^18
/// parse_units("0.0000000000000000019", 18) == 1      // rounded down
/// ```
pub fn parse_units(text: &str, decimals: u32) -> Result<U256, WeiError> {
    if text.is_empty() {
        return Err(WeiError::Empty);
    }
    if text.starts_with('-') {
        return Err(WeiError::Negative(text.to_string()));
    }
    let syntax = || WeiError::Syntax(text.to_string());
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((int_part, frac_part)) => (int_part, frac_part),
        None => (mantissa, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty()
        || !all_digits(int_part)
        || (int_part.len() > 1 && int_part.starts_with('0'))
    {
        return Err(syntax());
    }
    if mantissa.contains('.') && (frac_part.is_empty() || !all_digits(frac_part)) {
        return Err(syntax());
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let (negative, digits) = match e.as_bytes().first() {
                Some(b'+') => (false, &e[1..]),
                Some(b'-') => (true, &e[1..]),
                _ => (false, e),
            };
            if digits.is_empty() || !all_digits(digits) {
                return Err(syntax());
            }
            let digits = digits.trim_start_matches('0');
            if digits.len() > 6 {
                return Err(WeiError::Exponent(text.to_string()));
            }
            let magnitude: i64 = if digits.is_empty() {
                0
            } else {
                digits.parse().map_err(|_| syntax())?
            };
            if negative {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    // value = digits × 10^(exponent − |frac|); in wei: digits × 10^shift.
    let digits: String = [int_part, frac_part].concat();
    let shift = i64::from(decimals) + exponent - frac_part.len() as i64;
    let digits = digits.trim_start_matches('0');
    let kept = if shift >= 0 {
        digits
    } else {
        let drop = usize::try_from(-shift).unwrap_or(usize::MAX);
        &digits[..digits.len().saturating_sub(drop)]
    };
    let overflow = || WeiError::Overflow(text.to_string());
    let mut value = U256::ZERO;
    for byte in kept.bytes() {
        value = value
            .checked_mul(U256::from(10u8))
            .and_then(|v| v.checked_add(U256::from(byte - b'0')))
            .ok_or_else(overflow)?;
    }
    if shift > 0 && !value.is_zero() {
        // 10^78 > U256::MAX: any non-zero value scaled by it overflows.
        let power = u64::try_from(shift)
            .ok()
            .filter(|s| *s <= 77)
            .ok_or_else(overflow)?;
        let scale = U256::from(10u8).pow(U256::from(power));
        value = value.checked_mul(scale).ok_or_else(overflow)?;
    }
    Ok(value)
}

/// [`parse_units`] with 18 decimals: METIS to wei.
pub fn parse_ether(text: &str) -> Result<U256, WeiError> {
    parse_units(text, DECIMALS)
}

/// An amount the user typed on the command line: METIS by default (`25000`, `25000.5`,
/// `25000 METIS`), or wei with a `wei` suffix (`25000000000000000000000wei`).
pub fn parse_amount_arg(text: &str) -> Result<U256, WeiError> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    if let Some(wei) = lower.strip_suffix("wei") {
        let wei = wei.trim_end();
        // Wei are indivisible: no fraction, no exponent.
        if !wei.bytes().all(|b| b.is_ascii_digit()) {
            return Err(WeiError::Syntax(trimmed.to_string()));
        }
        return parse_units(wei, 0);
    }
    let metis = lower
        .strip_suffix("metis")
        .map(str::trim_end)
        .unwrap_or(&lower);
    parse_ether(metis)
}

/// `wei` as an exact decimal number of METIS, without trailing zeros: `20000.000001`.
pub fn format_ether(wei: U256) -> String {
    let scale = U256::from(10u8).pow(U256::from(DECIMALS));
    let (int_part, frac_part) = wei.div_rem(scale);
    if frac_part.is_zero() {
        return int_part.to_string();
    }
    let frac = format!(
        "{:0>width$}",
        frac_part.to_string(),
        width = DECIMALS as usize
    );
    format!("{int_part}.{}", frac.trim_end_matches('0'))
}

/// `wei` as METIS with thousands separators, for tables: `20,000.000001 METIS`.
pub fn display_ether(wei: U256) -> String {
    let plain = format_ether(wei);
    let (int_part, frac_part) = match plain.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (plain.clone(), None),
    };
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3);
    for (index, ch) in int_part.chars().enumerate() {
        if index > 0 && (int_part.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac_part {
        Some(f) => format!("{grouped}.{f} METIS"),
        None => format!("{grouped} METIS"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wei(text: &str) -> U256 {
        text.parse().expect("test literal")
    }

    #[test]
    fn integers_and_fractions_are_exact() {
        assert_eq!(parse_ether("0"), Ok(U256::ZERO));
        assert_eq!(parse_ether("1"), Ok(wei("1000000000000000000")));
        assert_eq!(parse_ether("20000"), Ok(wei("20000000000000000000000")));
        assert_eq!(parse_ether("0.000000000000000001"), Ok(U256::from(1)));
        assert_eq!(parse_ether("1.1"), Ok(wei("1100000000000000000")));
        // f64 would read this as 20000.000000000004 (the nearest double).
        assert_eq!(
            parse_ether("20000.000000000001"),
            Ok(wei("20000000000000001000000"))
        );
        // 0.1 + 0.2 as JavaScript prints it: the text is what counts.
        assert_eq!(
            parse_ether("0.30000000000000004"),
            Ok(wei("300000000000000040"))
        );
        assert_eq!(
            parse_ether("123456789.123456789123456789"),
            Ok(wei("123456789123456789123456789"))
        );
    }

    #[test]
    fn digits_beyond_eighteen_decimals_round_down() {
        assert_eq!(parse_ether("0.0000000000000000019"), Ok(U256::from(1)));
        assert_eq!(parse_ether("0.0000000000000000009"), Ok(U256::ZERO));
        assert_eq!(
            parse_ether("1.9999999999999999999999"),
            Ok(wei("1999999999999999999"))
        );
        assert_eq!(parse_ether("5e-19"), Ok(U256::ZERO));
        assert_eq!(parse_ether("15e-19"), Ok(U256::from(1)));
        assert_eq!(parse_ether("1e-999999"), Ok(U256::ZERO));
    }

    #[test]
    fn exponents_are_exact() {
        assert_eq!(parse_ether("1.5e3"), Ok(wei("1500000000000000000000")));
        assert_eq!(parse_ether("1.5E3"), Ok(wei("1500000000000000000000")));
        assert_eq!(
            parse_ether("1e+21"),
            Ok(wei("1000000000000000000000000000000000000000"))
        );
        assert_eq!(parse_ether("2.5e-7"), Ok(wei("250000000000")));
        assert_eq!(parse_ether("1e0"), Ok(wei("1000000000000000000")));
        assert_eq!(parse_ether("0e5"), Ok(U256::ZERO));
        assert_eq!(parse_ether("0e999999"), Ok(U256::ZERO));
        assert_eq!(parse_ether("1.234567e2"), Ok(wei("123456700000000000000")));
    }

    #[test]
    fn bounds() {
        // U256::MAX wei, written out, is accepted; one more is not.
        let max = U256::MAX.to_string();
        assert_eq!(parse_units(&max, 0), Ok(U256::MAX));
        let above =
            "115792089237316195423570985008687907853269984665640564039457584007913129639936";
        assert!(matches!(parse_units(above, 0), Err(WeiError::Overflow(_))));
        assert!(matches!(parse_ether("1e60"), Err(WeiError::Overflow(_))));
        assert!(matches!(
            parse_ether("1e1000000"),
            Err(WeiError::Exponent(_))
        ));
        assert!(parse_ether("1e59").is_ok());
        // The registry's uint96 ceiling, about 79.2 billion METIS.
        assert_eq!(MAX_REGISTRY_AMOUNT, (U256::from(1) << 96) - U256::from(1));
    }

    #[test]
    fn rejects_what_is_not_a_plain_non_negative_decimal() {
        for text in ["-1", "-0", "-0.5", "-1e3"] {
            assert!(
                matches!(parse_ether(text), Err(WeiError::Negative(_))),
                "{text}"
            );
        }
        for text in [
            "NaN", "nan", "Infinity", "inf", "+1", "0x10", "1.", ".5", "01", "1e", "1e+", "1.2.3",
            " 1", "1 ", "1_000", "1,5", "e5", "1ee5", "١",
        ] {
            assert!(
                matches!(parse_ether(text), Err(WeiError::Syntax(_))),
                "{text}"
            );
        }
        assert_eq!(parse_ether(""), Err(WeiError::Empty));
    }

    #[test]
    fn command_line_amounts() {
        assert_eq!(
            parse_amount_arg("25000"),
            Ok(wei("25000000000000000000000"))
        );
        assert_eq!(
            parse_amount_arg("25000 METIS"),
            Ok(wei("25000000000000000000000"))
        );
        assert_eq!(
            parse_amount_arg("25000.5metis"),
            Ok(wei("25000500000000000000000"))
        );
        assert_eq!(parse_amount_arg("42wei"), Ok(U256::from(42)));
        assert!(parse_amount_arg("4.2wei").is_err());
    }

    #[test]
    fn formatting_round_trips() {
        for text in [
            "0",
            "1",
            "20000.000000000001",
            "0.000000000000000001",
            "79228162514.264337593543950335",
        ] {
            assert_eq!(format_ether(parse_ether(text).expect("valid")), text);
        }
        assert_eq!(
            display_ether(wei("1234567000000000000000000")),
            "1,234,567 METIS"
        );
        assert_eq!(display_ether(wei("100500000000000000000")), "100.5 METIS");
    }
}
