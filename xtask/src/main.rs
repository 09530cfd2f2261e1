//! `cargo xtask`: build, normalise, check and measure the deployable
//! `lst-registry` Stylus program. Run `cargo xtask help` for usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::build::{self, BuildOptions};
use xtask::wasm::{self, MAX_COMPRESSED_LEN, MAX_UNCOMPRESSED_LEN};

/// Build, normalise, check and measure the registry's deployable Stylus programs.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the registry's three programs for wasm32-unknown-unknown (release profile): the
    /// core (lst-registry), the admin program (lst-registry-admin) and the views program
    /// (lst-registry-views); run wasm-opt, normalise them for Nitro, validate them, write
    /// artifacts/lst_registry.wasm, artifacts/lst_registry_admin.wasm and
    /// artifacts/lst_registry_views.wasm, and report their raw and brotli-compressed sizes
    /// and entry costs; fails above Nitro's limits or the core's size budget.
    Artifact {
        /// Arguments for the inner `cargo build` (after `--`).
        #[arg(last = true)]
        cargo_args: Vec<String>,
    },
    /// Build the three programs the way `cargo stylus check/deploy` does (plain `cargo build
    /// --lib --release --target wasm32-unknown-unknown`, no wasm-opt, no normalisation) and
    /// check that Nitro's activation, as the devnet implements it, takes each output
    /// exactly as cargo wrote it.
    Standard {
        /// Arguments for the inner `cargo build` (after `--`).
        #[arg(last = true)]
        cargo_args: Vec<String>,
    },
    /// Build with opt-level 3, "s" and "z" and print a size table (does not write the
    /// artifact).
    Sizes,
    /// Build the release program keeping function names and list its N largest functions,
    /// to find what to slim down.
    Top {
        /// How many functions to list.
        #[arg(default_value_t = 25)]
        count: usize,
    },
    /// Normalise and validate an existing .wasm (e.g. `cargo stylus build` output) without
    /// writing anything.
    Check {
        /// The .wasm file.
        path: PathBuf,
    },
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
enum XtaskError {
    /// Building a program failed.
    #[error(transparent)]
    Build(#[from] build::BuildError),
    /// A file could not be read or written.
    #[error("{action} {path}: {source}", path = path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// A module could not be normalised or Nitro's activation refuses it.
    #[error("{path}: {source}", path = path.display())]
    Wasm { path: PathBuf, source: wasm::Error },
    /// One or more checks failed (limits, budget, activation of the plain build).
    #[error("{}", .0.join("; "))]
    Checks(Vec<String>),
}

/// `map_err` for a wasm error in the module at `path`.
fn wasm_error(path: &Path) -> impl FnOnce(wasm::Error) -> XtaskError + '_ {
    move |source| XtaskError::Wasm {
        path: path.to_path_buf(),
        source,
    }
}

/// `map_err` for an I/O error on `path`.
fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> XtaskError + 'a {
    move |source| XtaskError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Where `artifact` writes the deployable core program, relative to the workspace.
const ARTIFACT_PATH: &str = "artifacts/lst_registry.wasm";

/// Where `artifact` writes the deployable views program, relative to the workspace.
const VIEWS_ARTIFACT_PATH: &str = "artifacts/lst_registry_views.wasm";

/// Where `artifact` writes the deployable admin program, relative to the workspace.
const ADMIN_ARTIFACT_PATH: &str = "artifacts/lst_registry_admin.wasm";

/// The core's size budget: `artifact` fails when the deployed core compresses to more.
/// Every call pays for the core's bytes (`cached_gas`, and `init_gas` when uncached): 16 KiB,
/// the goal of issue 8. The README's size table says where the bytes are.
const CORE_BUDGET: usize = 16_384;

/// Opt-levels compared by `sizes`.
const OPT_LEVELS: &[&str] = &["3", "s", "z"];

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Artifact { cargo_args } => artifact(cargo_args),
        Command::Standard { cargo_args } => standard(cargo_args),
        Command::Sizes => sizes(),
        Command::Top { count } => top(count),
        Command::Check { path } => check(&path),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: `cargo run` sets `CARGO_MANIFEST_DIR` to xtask's own
/// directory, which sits directly below it.
fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or(manifest_dir)
}

fn warn_about_ignored_rustflags() {
    if std::env::var_os("RUSTFLAGS").is_some() {
        eprintln!(
            "note: RUSTFLAGS is set but ignored for the wasm build; the artifact is always built \
             with: {}",
            build::WASM_RUSTFLAGS.join(" ")
        );
    }
}

/// Sizes of one built program.
struct Measured {
    rustc_len: usize,
    normalized: Vec<u8>,
    compressed_len: usize,
    report: wasm::NormalizeReport,
    summary: wasm::ModuleSummary,
    /// Entry cost of every call (`cached_gas`) and of an uncached one on top (`init_gas`),
    /// at ArbOS's default Stylus parameters.
    cached_gas: u64,
    init_gas: u64,
}

/// Reads, normalises, validates and compresses the program at `path`.
fn measure(path: &Path) -> Result<Measured, XtaskError> {
    let raw = std::fs::read(path).map_err(io("reading", path))?;
    let (normalized, report) = wasm::normalize(&raw).map_err(wasm_error(path))?;
    let validated = wasm::validate(&normalized).map_err(wasm_error(path))?;
    let compressed_len = validated.program.code.len();
    let summary = validated.summary;
    let params = stylus_devnet::StylusParams::default();
    let cached_gas = validated
        .program
        .cached_gas(params.min_cached_init_gas, params.cached_cost_scalar);
    let init_gas = validated
        .program
        .init_gas(params.min_init_gas, params.init_cost_scalar);
    Ok(Measured {
        rustc_len: raw.len(),
        normalized,
        compressed_len,
        report,
        summary,
        cached_gas,
        init_gas,
    })
}

/// `what is N bytes, M over the L-byte <limit>` when `size` exceeds `limit`.
fn over_limit(what: &str, size: usize, limit: usize, name: &str) -> Option<String> {
    (size > limit).then(|| {
        format!(
            "{what} is {} bytes compressed, {} over the {}-byte {name}",
            group(size),
            group(size - limit),
            group(limit)
        )
    })
}

/// Checks the size limits, returning a message per exceeded limit.
fn limit_errors(m: &Measured) -> Vec<String> {
    let mut errors = Vec::new();
    errors.extend(over_limit(
        "compressed program",
        m.compressed_len,
        MAX_COMPRESSED_LEN,
        "limit",
    ));
    if m.normalized.len() > MAX_UNCOMPRESSED_LEN {
        errors.push(format!(
            "uncompressed program is {} bytes, over the {}-byte limit",
            group(m.normalized.len()),
            group(MAX_UNCOMPRESSED_LEN)
        ));
    }
    errors
}

fn print_report(m: &Measured) {
    let margin = MAX_COMPRESSED_LEN as i64 - m.compressed_len as i64;
    println!("  input               {:>8} bytes", group(m.rustc_len));
    println!(
        "  normalised          {:>8} bytes   (limit {})",
        group(m.normalized.len()),
        group(MAX_UNCOMPRESSED_LEN)
    );
    println!(
        "  brotli-11 + prefix  {:>8} bytes   (limit {}, margin {} = {:.1}%)",
        group(m.compressed_len),
        group(MAX_COMPRESSED_LEN),
        signed_group(margin),
        margin as f64 * 100.0 / MAX_COMPRESSED_LEN as f64
    );
    let r = &m.report;
    println!(
        "  normalised: {} call_indirect ({} over-long re-encoded); DataCount {}; dropped custom sections [{}] and exports [{}]",
        r.call_indirect,
        r.call_indirect_overlong,
        if r.data_count_removed { "removed" } else { "absent" },
        r.custom_sections_removed.join(", "),
        r.exports_removed.join(", ")
    );
    let s = &m.summary;
    println!(
        "  module: {} functions, {} vm_hooks imports, {} data segment(s), memory {} page(s) initially",
        s.functions,
        s.imports.len(),
        s.data_segments,
        s.initial_pages
    );
    println!(
        "  entry cost: cached_gas {} on every call, init_gas {} more when not cached",
        group(m.cached_gas as usize),
        group(m.init_gas as usize)
    );
}

fn artifact(cargo_args: Vec<String>) -> Result<(), XtaskError> {
    warn_about_ignored_rustflags();
    let root = workspace_root();
    let mut errors = Vec::new();
    for (package, path, budget) in [
        (build::CONTRACT_PACKAGE, ARTIFACT_PATH, CORE_BUDGET),
        (
            build::ADMIN_PACKAGE,
            ADMIN_ARTIFACT_PATH,
            MAX_COMPRESSED_LEN,
        ),
        (
            build::VIEWS_PACKAGE,
            VIEWS_ARTIFACT_PATH,
            MAX_COMPRESSED_LEN,
        ),
    ] {
        let options = BuildOptions {
            package: Some(package),
            cargo_args: cargo_args.clone(),
            ..BuildOptions::default()
        };
        let built = build::build_contract(&root, &options)?;
        let optimised = built.with_extension("opt.wasm");
        build::wasm_opt(&built, &optimised)?;
        let rustc_len = std::fs::metadata(&built)
            .map_err(io("reading", &built))?
            .len();
        let measured = measure(&optimised)?;

        let out = root.join(path);
        if let Some(dir) = out.parent() {
            std::fs::create_dir_all(dir).map_err(io("creating", dir))?;
        }
        std::fs::write(&out, &measured.normalized).map_err(io("writing", &out))?;

        println!("{path} (from {})", built.display());
        println!(
            "  rustc output (before wasm-opt) {:>8} bytes",
            group(rustc_len as usize)
        );
        print_report(&measured);
        errors.extend(limit_errors(&measured));
        if package == build::CONTRACT_PACKAGE {
            let own = own_panic_locations(&measured.normalized);
            if !own.is_empty() {
                errors.push(format!(
                    "{package} links panic locations of its own source ({}): every call pays \
                     ~0.75 gas per data byte; make the access checked (see README, Artifact size)",
                    own.join(", ")
                ));
            }
        }
        if budget < MAX_COMPRESSED_LEN {
            println!(
                "  budget              {:>8} bytes   (margin {})",
                group(budget),
                signed_group(budget as i64 - measured.compressed_len as i64)
            );
            errors.extend(over_limit(
                package,
                measured.compressed_len,
                budget,
                "budget (CORE_BUDGET in xtask/src/main.rs)",
            ));
        }
    }
    if errors.is_empty() {
        println!(
            "artifact OK: the three programs valid for Nitro and within the size limits and budget"
        );
        Ok(())
    } else {
        Err(XtaskError::Checks(errors))
    }
}

/// The source files, outside the Rust toolchain's own library, whose panic locations `wasm`
/// carries: every `….rs` path in the module's bytes that does not start with `/rustc/`.
fn own_panic_locations(wasm: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for run in wasm.split(|b| !(b.is_ascii_graphic())) {
        let Ok(text) = std::str::from_utf8(run) else {
            continue;
        };
        if text.ends_with(".rs") && !text.starts_with("/rustc/") && !found.iter().any(|f| f == text)
        {
            found.push(text.to_string());
        }
    }
    found
}

/// Builds each program as `cargo stylus check/deploy` does (cargo-stylus 0.10: `cargo build
/// --lib --locked --release --target wasm32-unknown-unknown` in the package, with the
/// workspace's `.cargo/config.toml` and nothing else) and checks that the devnet's
/// implementation of Nitro's activation takes the output unchanged.
fn standard(cargo_args: Vec<String>) -> Result<(), XtaskError> {
    let root = workspace_root();
    let mut errors = Vec::new();
    for program in build::PROGRAMS {
        let package = program.0;
        let built = build::build_plain(&root, program, &cargo_args)?;
        let wasm = std::fs::read(&built).map_err(io("reading", &built))?;
        match stylus_devnet::activate(&wasm) {
            Ok(program) => println!(
                "{package}: {} ({} bytes) activates as cargo wrote it: {} bytes compressed (limit {}, margin {})",
                built.display(),
                group(wasm.len()),
                group(program.code.len()),
                group(MAX_COMPRESSED_LEN),
                signed_group(MAX_COMPRESSED_LEN as i64 - program.code.len() as i64)
            ),
            Err(e) => errors.push(format!(
                "{package}: Nitro's activation refuses {} as cargo wrote it: {e}",
                built.display()
            )),
        }
    }
    if errors.is_empty() {
        println!("standard path OK: the three programs deploy as `cargo build` writes them");
        Ok(())
    } else {
        Err(XtaskError::Checks(errors))
    }
}

fn check(path: &Path) -> Result<(), XtaskError> {
    let measured = measure(path)?;
    println!("{}", path.display());
    print_report(&measured);
    let errors = limit_errors(&measured);
    if errors.is_empty() {
        println!("OK: valid for Nitro after normalisation and within size limits");
        Ok(())
    } else {
        Err(XtaskError::Checks(errors))
    }
}

fn sizes() -> Result<(), XtaskError> {
    warn_about_ignored_rustflags();
    let root = workspace_root();
    let mut rows = Vec::new();
    for level in OPT_LEVELS {
        eprintln!("building with opt-level={level} ...");
        let options = BuildOptions {
            opt_level: Some((*level).to_string()),
            quiet: true,
            ..BuildOptions::default()
        };
        let built = build::build_contract(&root, &options)?;
        rows.push((*level, measure(&built)));
    }

    let best = rows
        .iter()
        .filter_map(|(level, m)| m.as_ref().ok().map(|m| (*level, m.compressed_len)))
        .min_by_key(|(_, len)| *len)
        .map(|(level, _)| level);
    println!("| opt-level | rustc raw | normalised | brotli-11 + prefix | margin to {MAX_COMPRESSED_LEN} | |");
    println!("|-----------|----------:|-----------:|-------------------:|----------------:|-|");
    for (level, measured) in &rows {
        let marker = if Some(*level) == best { "smallest" } else { "" };
        let level = format!("\"{level}\"");
        match measured {
            Ok(m) => println!(
                "| {level:<9} | {:>9} | {:>10} | {:>18} | {:>15} | {marker} |",
                group(m.rustc_len),
                group(m.normalized.len()),
                group(m.compressed_len),
                signed_group(MAX_COMPRESSED_LEN as i64 - m.compressed_len as i64)
            ),
            Err(e) => println!(
                "| {level:<9} | rejected: {} | | | | |",
                e.to_string().replace('\n', " ")
            ),
        }
    }
    if let Some(level) = best {
        println!("\nsmallest deployed size: opt-level = \"{level}\" (set it in [profile.release])");
    }
    Ok(())
}

fn top(count: usize) -> Result<(), XtaskError> {
    warn_about_ignored_rustflags();
    let root = workspace_root();
    let options = BuildOptions {
        keep_names: true,
        ..BuildOptions::default()
    };
    let built = build::build_contract(&root, &options)?;
    let raw = std::fs::read(&built).map_err(io("reading", &built))?;
    let sizes = wasm::function_sizes(&raw).map_err(wasm_error(&built))?;
    let total: usize = sizes.iter().map(|f| f.len).sum();
    println!(
        "{} functions, {} bytes of code (unnormalised; normalisation shrinks call sites by a few bytes each)",
        sizes.len(),
        group(total)
    );
    println!("{:>8} {:>6}  function", "bytes", "share");
    for f in sizes.iter().take(count) {
        let name = match &f.name {
            Some(name) => format!("{:#}", rustc_demangle::demangle(name)),
            None => format!("<function {}>", f.index),
        };
        println!(
            "{:>8} {:>5.1}%  {name}",
            group(f.len),
            f.len as f64 * 100.0 / total.max(1) as f64
        );
    }
    Ok(())
}

/// `12345` -> `12,345`.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn signed_group(n: i64) -> String {
    if n < 0 {
        format!("-{}", group(n.unsigned_abs() as usize))
    } else {
        group(n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::own_panic_locations;

    #[test]
    fn finds_panic_locations_outside_the_toolchain() {
        let data = b"\x00too many topics\x00/rustc/abc/library/alloc/src/raw_vec/mod.rs\x00src/rounds.rs\x01\x02src/rounds.rs";
        assert_eq!(own_panic_locations(data), vec!["src/rounds.rs".to_string()]);
        assert!(own_panic_locations(b"/rustc/x/library/core/src/fmt/mod.rs").is_empty());
    }
}
