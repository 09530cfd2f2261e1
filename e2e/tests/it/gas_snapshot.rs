//! The gas of every operation of the gas report against the committed snapshot
//! (`docs/gas-snapshot.tsv`): a change of more than 1 % in any figure fails until the snapshot
//! is regenerated on purpose with `UPDATE_GAS_SNAPSHOT=1 cargo test -p lst-registry-e2e --test it
//! gas_snapshot` (or by the gas-report binary).

use lst_registry_client::artifact::{self, workspace_root};
use lst_registry_e2e::gas::{self, Cache};
use lst_registry_e2e::snapshot::{self, SNAPSHOT_PATH, UPDATE_ENV};

#[test]
fn gas_matches_the_committed_snapshot() {
    let programs = artifact::load().unwrap_or_else(|e| panic!("{e}"));
    let deployment = gas::deployment(&programs).unwrap_or_else(|e| panic!("{e}"));
    let cached = gas::lifecycle(&programs, Cache::Cached).unwrap_or_else(|e| panic!("{e}"));
    let uncached = gas::lifecycle(&programs, Cache::Uncached).unwrap_or_else(|e| panic!("{e}"));
    let measured = snapshot::render(&cached, &uncached, &deployment);
    let path = workspace_root().join(SNAPSHOT_PATH);
    if std::env::var_os(UPDATE_ENV).is_some() {
        std::fs::write(&path, &measured).unwrap_or_else(|e| panic!("writing {path:?}: {e}"));
        return;
    }
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{SNAPSHOT_PATH}: {e} (generate it with {UPDATE_ENV}=1)"));
    let differences = snapshot::differences(&committed, &measured);
    assert!(
        differences.is_empty(),
        "gas moved by more than {} % from {SNAPSHOT_PATH}:\n  {}\nIf the change is intended, regenerate the snapshot: {UPDATE_ENV}=1 cargo test -p lst-registry-e2e --test it gas_snapshot",
        snapshot::TOLERANCE_PERCENT,
        differences.join("\n  ")
    );
}
