//! `cargo run --release -p lst-registry-e2e --bin gas-report`: measures the registry's gas
//! on the devnet (program uncached and cached), prints the tables and writes
//! `docs/gas-report.md`.

use std::process::ExitCode;

use lst_registry_client::artifact::{self, workspace_root};
use lst_registry_client::ClientError;
use lst_registry_e2e::gas::{self, Cache, ROUND_SIZES};
use lst_registry_e2e::report::Measurements;
use lst_registry_e2e::snapshot;

/// Where the report goes, relative to the workspace root.
const REPORT_PATH: &str = "docs/gas-report.md";

fn measure() -> Result<Measurements, ClientError> {
    let programs = artifact::load()?;
    eprintln!("measuring deployment ...");
    let deployment = gas::deployment(&programs)?;
    eprintln!("measuring the lifecycle (not cached, cached) ...");
    let uncached = gas::lifecycle(&programs, Cache::Uncached)?;
    let cached = gas::lifecycle(&programs, Cache::Cached)?;
    eprintln!(
        "measuring finalisation of rounds of {ROUND_SIZES:?} applications (not cached, cached) ..."
    );
    let series_uncached = gas::finalisation_series(&programs, Cache::Uncached, &ROUND_SIZES)?;
    let series_cached = gas::finalisation_series(&programs, Cache::Cached, &ROUND_SIZES)?;
    Ok(Measurements {
        deployment,
        uncached,
        cached,
        series_uncached,
        series_cached,
    })
}

fn main() -> ExitCode {
    let measurements = match measure() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let markdown = measurements.markdown();
    print!("{markdown}");
    let path = workspace_root().join(REPORT_PATH);
    let snapshot = snapshot::render(
        &measurements.cached,
        &measurements.uncached,
        &measurements.deployment,
    );
    let written = path
        .parent()
        .map(std::fs::create_dir_all)
        .unwrap_or(Ok(()))
        .and_then(|()| std::fs::write(&path, &markdown))
        .and_then(|()| std::fs::write(workspace_root().join(snapshot::SNAPSHOT_PATH), snapshot));
    match written {
        Ok(()) => {
            eprintln!("wrote {} and {}", path.display(), snapshot::SNAPSHOT_PATH);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}
