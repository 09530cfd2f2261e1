//! Private keys: read from a file (`--key-file`) or an environment variable, never from a
//! command-line argument (arguments end up in shell history and in `ps` output).
//!
//! A key is 32 bytes of hex, with or without `0x`, surrounded by optional whitespace. The
//! text is wiped from memory once parsed, and no error message ever quotes it.

use std::ffi::OsString;
use std::path::Path;

use alloy::primitives::B256;
use alloy::signers::local::PrivateKeySigner;
use thiserror::Error;
use zeroize::Zeroizing;

use crate::error::{CliError, Result};

/// Environment variable of the key that signs transactions (`submit`, operator and admin
/// commands).
pub const SENDER_KEY_ENV: &str = "LST_PRIVATE_KEY";
/// Environment variable of an oracle's signing key (`attest`).
pub const ORACLE_KEY_ENV: &str = "LST_ORACLE_KEY";

/// Options that would carry a key as an argument; refused before parsing so that the value is
/// never echoed back in an error message.
const KEY_FLAGS: [&str; 7] = [
    "--private-key",
    "--privatekey",
    "--key",
    "--oracle-key",
    "--mnemonic",
    "--secret",
    "--sender-key",
];

/// Options whose value is legitimately a 32-byte hex string.
const BYTES32_FLAGS: [&str; 2] = ["--content-hash", "--proposal-id"];

/// Loads the key from `key_file` if given, else from the environment variable `env`.
///
/// # Errors
/// [`CliError::Key`] if neither is set, or the text is not a valid secp256k1 key.
pub fn load_signer(key_file: Option<&Path>, env: &str) -> Result<PrivateKeySigner> {
    let (text, origin) = match key_file {
        Some(path) => {
            warn_if_readable_by_others(path);
            let text = std::fs::read_to_string(path).map_err(|e| {
                CliError::Key(format!("cannot read key file {}: {e}", path.display()))
            })?;
            (Zeroizing::new(text), format!("key file {}", path.display()))
        }
        None => match std::env::var(env) {
            Ok(text) => (Zeroizing::new(text), format!("environment variable {env}")),
            Err(_) => {
                return Err(CliError::Key(format!(
                    "no key: pass --key-file PATH or set the environment variable {env}"
                )))
            }
        },
    };
    parse_key(&text).map_err(|why| CliError::Key(format!("{origin}: {why}")))
}

/// Why a key's text is not a key (never quoting the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
enum KeyTextError {
    /// Not 64 hex digits.
    #[error("expected 32 bytes of hex (64 hex digits, optional 0x)")]
    NotHex32,
    /// The hex does not decode.
    #[error("invalid hex")]
    InvalidHex,
    /// Zero or not below the curve's order.
    #[error("not a valid secp256k1 private key")]
    NotOnCurve,
}

/// A key from its hex text.
fn parse_key(text: &str) -> std::result::Result<PrivateKeySigner, KeyTextError> {
    let trimmed = text.trim();
    let hex = trimmed.strip_prefix("0x").unwrap_or(trimmed);
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(KeyTextError::NotHex32);
    }
    let mut bytes = Zeroizing::new([0u8; 32]);
    alloy::primitives::hex::decode_to_slice(hex, bytes.as_mut())
        .map_err(|_| KeyTextError::InvalidHex)?;
    PrivateKeySigner::from_bytes(&B256::from(*bytes)).map_err(|_| KeyTextError::NotOnCurve)
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "warning: key file {} is accessible by other users (chmod 600 it)",
                path.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

/// Refuses command lines that pass a key as an argument: a key option (`--private-key`…), or
/// any argument that looks like a raw 32-byte secret and is not the value of an option that
/// takes a hash. The message never repeats the argument.
///
/// # Errors
/// [`CliError::Key`] describing where keys go instead.
pub fn refuse_keys_in_arguments(args: &[OsString]) -> Result<()> {
    let advice = format!("keys are never accepted as arguments: use --key-file PATH, or the environment variables {SENDER_KEY_ENV} (transactions) / {ORACLE_KEY_ENV} (attestations)");
    let mut previous: Option<&str> = None;
    for (position, arg) in args.iter().enumerate().skip(1) {
        let Some(arg) = arg.to_str() else {
            previous = None;
            continue;
        };
        let flag = arg.split('=').next().unwrap_or(arg);
        if KEY_FLAGS.contains(&flag) {
            return Err(CliError::Key(format!("refusing option {flag}: {advice}")));
        }
        let value = if arg.starts_with("--") {
            arg.split_once('=').map(|(_, v)| v)
        } else {
            Some(arg)
        };
        let hash_option =
            BYTES32_FLAGS.contains(&flag) || previous.is_some_and(|p| BYTES32_FLAGS.contains(&p));
        if let Some(value) = value {
            if looks_like_secret(value) && !hash_option {
                return Err(CliError::Key(format!(
                    "refusing argument {position}: it looks like a raw private key; {advice}"
                )));
            }
        }
        previous = Some(arg);
    }
    Ok(())
}

/// 64 hex digits, with or without `0x`.
fn looks_like_secret(value: &str) -> bool {
    let hex = value.strip_prefix("0x").unwrap_or(value);
    hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn keys_parse_with_or_without_prefix() {
        let a = parse_key(KEY).expect("valid");
        let b = parse_key(&format!("  {}\n", &KEY[2..])).expect("valid");
        assert_eq!(a.address(), b.address());
        assert!(parse_key("0x1234").is_err());
        assert!(parse_key(&"0".repeat(64)).is_err());
    }

    #[test]
    fn key_arguments_are_refused_without_echo() {
        for line in [
            vec!["lst", "submit", "t.json", "--private-key", KEY],
            vec!["lst", "submit", "t.json", &format!("--private-key={KEY}")],
            vec!["lst", "pair", "--node", "1", KEY],
            vec!["lst", "attest", "--key", "k"],
        ] {
            let error = refuse_keys_in_arguments(&args(&line))
                .expect_err("refused")
                .to_string();
            assert!(!error.contains(&KEY[2..]), "echoed the key: {error}");
        }
        let hash = args(&[
            "lst",
            "attest",
            "--content-hash",
            KEY,
            "--key-file",
            "oracle.key",
        ]);
        assert!(refuse_keys_in_arguments(&hash).is_ok());
        let hash = args(&["lst", "attest", &format!("--content-hash={KEY}")]);
        assert!(refuse_keys_in_arguments(&hash).is_ok());
    }
}
