//! `cargo run -p lst-registry-e2e --bin lifecycle`: runs the program's lifecycle on the
//! artifact and prints the transcript. Exits non-zero if any step's outcome differs from
//! its expectation (or the registry cannot be deployed).

use std::process::ExitCode;

use lst_registry_client::devnet::TEMPORARY_SIZE_LIMIT_OVERRIDE;
use lst_registry_e2e::scenario::lifecycle;

fn main() -> ExitCode {
    if let Some(limits) = TEMPORARY_SIZE_LIMIT_OVERRIDE {
        eprintln!(
            "note: TEMPORARY size-limit override in force (max wasm {} bytes, max code {} bytes); \
             see e2e/src/artifact.rs",
            limits.max_wasm_size, limits.max_code_size
        );
    }
    match lifecycle() {
        Ok(transcript) => {
            print!("{}", transcript.render());
            if transcript.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
