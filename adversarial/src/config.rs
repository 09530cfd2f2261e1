//! Seeds and case counts, from the environment so that a failure can be replayed.
//!
//! * `ADVERSARIAL_SEED`: 64 hex digits (a proptest/ChaCha seed) or a decimal number; `random`
//!   draws a fresh one (printed). Default: a fixed seed, so CI runs are deterministic.
//! * `ADVERSARIAL_CASES`, `ADVERSARIAL_STEPS`, `ADVERSARIAL_FUZZ`: override the counts.
//!
//! Proptest's failure persistence is off: a failing seed is printed, and regressions worth
//! keeping become ordinary tests.

use alloy_primitives::{hex, keccak256};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// The default seed: `keccak256("lst-registry adversarial")`.
pub fn default_seed() -> [u8; 32] {
    keccak256("lst-registry adversarial").0
}

/// The seed of this run (see the module docs), as 64 hex digits.
pub fn seed() -> [u8; 32] {
    match std::env::var("ADVERSARIAL_SEED") {
        Err(_) => default_seed(),
        Ok(text) => parse_seed(text.trim()).unwrap_or_else(|| panic!("ADVERSARIAL_SEED: 64 hex digits, a number or `random`, not {text:?}")),
    }
}

/// Parses a seed: 64 hex digits (optionally 0x-prefixed), a decimal number (hashed), or `random`.
pub fn parse_seed(text: &str) -> Option<[u8; 32]> {
    if text == "random" {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
        return Some(keccak256(format!("{nanos}:{}", std::process::id())).0);
    }
    let digits = text.strip_prefix("0x").unwrap_or(text);
    if digits.len() == 64 {
        return hex::decode(digits).ok()?.try_into().ok();
    }
    let n: u64 = text.parse().ok()?;
    Some(keccak256(n.to_be_bytes()).0)
}

/// The seed in the form `ADVERSARIAL_SEED` takes.
pub fn show_seed(seed: &[u8; 32]) -> String {
    hex::encode(seed)
}

/// A count from the environment variable `name`, or `default`.
pub fn count(name: &str, default: u32) -> u32 {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{name} must be a number, not {v:?}")),
        Err(_) => default,
    }
}

/// A deterministic proptest runner for `cases` cases seeded with `seed` (persistence off,
/// shrinking bounded so that a failure reports within a minute or so).
pub fn runner(cases: u32, seed: [u8; 32]) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: count("ADVERSARIAL_SHRINK", 200),
        max_global_rejects: 10_000,
        rng_algorithm: RngAlgorithm::ChaCha,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed))
}

/// A seeded RNG (for fuzzers that draw directly).
pub fn rng(seed: [u8; 32]) -> TestRng {
    TestRng::from_seed(RngAlgorithm::ChaCha, &seed)
}

/// Derives an independent seed for `label` from `seed`.
pub fn derive(seed: &[u8; 32], label: &str) -> [u8; 32] {
    let mut preimage = seed.to_vec();
    preimage.extend_from_slice(label.as_bytes());
    keccak256(preimage).0
}
