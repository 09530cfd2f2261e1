//! The committed gas snapshot (`docs/gas-snapshot.tsv`), checked like `forge snapshot --check`:
//! `tests/it/gas_snapshot.rs` measures every operation of the gas report again and fails when
//! one moved by more than [`TOLERANCE_PERCENT`] from the committed figure, until the snapshot is
//! regenerated on purpose (`UPDATE_GAS_SNAPSHOT=1 cargo test -p lst-registry-e2e --test it
//! gas_snapshot`, or `cargo run --release -p lst-registry-e2e --bin gas-report`).

use std::collections::BTreeMap;

use crate::gas::{Deployment, Samples, OPERATIONS};

/// The snapshot, relative to the workspace root.
pub const SNAPSHOT_PATH: &str = "docs/gas-snapshot.tsv";

/// Largest accepted change of any figure, in percent of the committed one.
pub const TOLERANCE_PERCENT: u64 = 1;

/// The environment variable that makes the snapshot test rewrite the snapshot.
pub const UPDATE_ENV: &str = "UPDATE_GAS_SNAPSHOT";

/// The snapshot text: one `name<TAB>gas` line per figure. Operations take their largest
/// sample (the devnet is deterministic, so a sample never varies between runs).
pub fn render(cached: &Samples, uncached: &Samples, deployment: &Deployment) -> String {
    let mut out = String::from(
        "# Gas snapshot: receipt gas per operation on the devnet (largest sample), the\n\
         # programs' entry costs. Checked by e2e/tests/it/gas_snapshot.rs (1 % tolerance);\n\
         # regenerate with UPDATE_GAS_SNAPSHOT=1 or the gas-report binary.\n",
    );
    for (label, samples) in [("cached", cached), ("uncached", uncached)] {
        for operation in OPERATIONS {
            if let Some(gas) = samples.of(operation).iter().max() {
                out.push_str(&format!("{label}: {operation}\t{gas}\n"));
            }
        }
    }
    for (name, value) in [
        ("core cached_gas", deployment.cached_gas),
        ("core init_gas", deployment.init_gas),
        ("core code bytes", deployment.code_len as u64),
        ("views cached_gas", deployment.views_cached_gas),
        ("views code bytes", deployment.views_code_len as u64),
        ("admin cached_gas", deployment.admin_cached_gas),
        ("admin code bytes", deployment.admin_code_len as u64),
    ] {
        out.push_str(&format!("{name}\t{value}\n"));
    }
    out
}

/// The figures of a snapshot text.
pub fn parse(text: &str) -> BTreeMap<String, u64> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let (name, value) = line.split_once('\t')?;
            Some((name.to_string(), value.trim().parse().ok()?))
        })
        .collect()
}

/// Every difference between the committed and the measured snapshot that the check refuses:
/// a figure that moved by more than [`TOLERANCE_PERCENT`], and a figure on one side only.
pub fn differences(committed: &str, measured: &str) -> Vec<String> {
    let (old, new) = (parse(committed), parse(measured));
    let mut out = Vec::new();
    for (name, &before) in &old {
        match new.get(name) {
            None => out.push(format!("{name}: in the snapshot, no longer measured")),
            Some(&after) => {
                let delta = after.abs_diff(before);
                if delta * 100 > before * TOLERANCE_PERCENT {
                    out.push(format!(
                        "{name}: {before} -> {after} ({}{:.2} %)",
                        if after > before { "+" } else { "-" },
                        delta as f64 * 100.0 / before.max(1) as f64
                    ));
                }
            }
        }
    }
    for name in new.keys().filter(|n| !old.contains_key(*n)) {
        out.push(format!("{name}: measured, not in the snapshot"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_within_one_percent_passes_and_beyond_fails() {
        let committed = "# header\ncached: pair\t100000\ncore cached_gas\t1000\n";
        assert!(differences(committed, "cached: pair\t101000\ncore cached_gas\t1000\n").is_empty());
        let up = differences(committed, "cached: pair\t101001\ncore cached_gas\t1000\n");
        assert_eq!(up.len(), 1);
        assert!(
            up[0].starts_with("cached: pair: 100000 -> 101001 (+1.00"),
            "{up:?}"
        );
        let down = differences(committed, "cached: pair\t98000\ncore cached_gas\t1000\n");
        assert_eq!(down.len(), 1);
        let missing = differences(committed, "cached: pair\t100000\nnew\t1\n");
        assert_eq!(missing.len(), 2, "{missing:?}");
    }
}
