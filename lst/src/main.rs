//! `lst`: the command-line tool of the LST registry. See the crate documentation of
//! `lst` and `lst/README.md`.

use std::process::ExitCode;

use clap::Parser;
use lst::cli::Cli;
use lst::{commands, keys, CliError};
use serde_json::json;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Before clap, which would echo an offending argument in its error message.
    if let Err(error) = keys::refuse_keys_in_arguments(&args) {
        eprintln!("error: {error}");
        return ExitCode::from(2);
    }
    let cli = Cli::parse_from(args);
    let as_json = cli.json;
    match commands::run(cli) {
        Ok(report) => {
            report.print(as_json);
            if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            if as_json {
                let decoded = match &error {
                    CliError::Revert { error, .. } => {
                        serde_json::to_value(error).unwrap_or_default()
                    }
                    _ => serde_json::Value::Null,
                };
                println!(
                    "{}",
                    json!({ "error": error.to_string(), "revert": decoded })
                );
            }
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
