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
    // drawn once per process, so that `random` prints the seed that was used
    static SEED: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
    *SEED.get_or_init(read_seed)
}

fn read_seed() -> [u8; 32] {
    match std::env::var("ADVERSARIAL_SEED") {
        Err(_) => default_seed(),
        Ok(text) => parse_seed(text.trim()).unwrap_or_else(|| {
            panic!("ADVERSARIAL_SEED: 64 hex digits, a number or `random`, not {text:?}")
        }),
    }
}

/// Parses a seed: 64 hex digits (optionally 0x-prefixed), a decimal number (hashed), or `random`.
pub fn parse_seed(text: &str) -> Option<[u8; 32]> {
    if text == "random" {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
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
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not {v:?}")),
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

/// A small deterministic generator (SplitMix64) for the fuzzers, seeded from a seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: &[u8; 32]) -> Self {
        Rng(u64::from_be_bytes(seed[..8].try_into().expect("8 bytes")) ^ 0x9e37_79b9_7f4a_7c15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_parse_from_hex_numbers_and_random() {
        let hex64 = show_seed(&default_seed());
        assert_eq!(parse_seed(&hex64), Some(default_seed()));
        assert_eq!(parse_seed(&format!("0x{hex64}")), Some(default_seed()));
        assert_eq!(parse_seed("42"), parse_seed("42"));
        assert_ne!(parse_seed("42"), parse_seed("43"));
        assert!(parse_seed("random").is_some());
        assert_eq!(parse_seed("not a seed"), None);
    }

    #[test]
    fn the_generator_is_deterministic() {
        let (mut a, mut b) = (Rng::new(&default_seed()), Rng::new(&default_seed()));
        let xs: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(Rng::new(&derive(&default_seed(), "x")).next_u64(), xs[0]);
    }
}
