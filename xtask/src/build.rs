//! Building the contract's WebAssembly with the project's code-generation
//! flags.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The Cargo package of the registry's core program.
pub const CONTRACT_PACKAGE: &str = "lst-registry";

/// The Cargo package of the registry's views program.
pub const VIEWS_PACKAGE: &str = "lst-registry-views";

/// The Cargo package of the registry's admin program.
pub const ADMIN_PACKAGE: &str = "lst-registry-admin";

/// The registry's programs: Cargo package, and its directory relative to the workspace root
/// (where `cargo stylus` runs for it).
pub const PROGRAMS: [(&str, &str); 3] = [
    (CONTRACT_PACKAGE, "."),
    (ADMIN_PACKAGE, "admin"),
    (VIEWS_PACKAGE, "views"),
];

/// The rustc target Stylus programs are built for.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// rustc flags for the deployed program. [`build_contract`] passes exactly
/// these (as `CARGO_ENCODED_RUSTFLAGS`), ignoring any `RUSTFLAGS` in the
/// environment, so the artifact does not depend on who builds it.
/// `.cargo/config.toml` repeats them for plain `cargo build --target
/// wasm32-unknown-unknown` and `cargo stylus` (a unit test keeps the two in
/// sync).
///
/// * `target-cpu=mvp` plus an explicit feature list: rustc's default
///   `generic` CPU for this target also enables `reference-types`, whose
///   only effect here is the over-long `call_indirect` encoding Nitro
///   rejects. Listing the features keeps the target at exactly what Nitro's
///   activation accepts, whatever a future rustc's default becomes.
/// * `-zstack-size=32768`: rustc's default 1 MiB shadow stack would make the
///   initial memory 17+ pages, and Nitro charges for every page beyond its
///   free ones on each call.
/// * `--compress-relocations`: the prebuilt standard library is compiled with
///   reference types, so its `call_indirect`s carry a 5-byte padded table
///   index that wasm-ld leaves as it is; Nitro's activation rejects that
///   encoding. With this flag wasm-ld writes every relocated index in its
///   shortest LEB128 form: the table index becomes the single `0x00` byte
///   of the MVP encoding, so what cargo writes is deployable as it is (and
///   smaller). wasm-ld refuses it next to DWARF, so `--strip-debug` comes
///   with it (a debug build for wasm32 then links too; the `name` section,
///   which `cargo xtask top` reads, stays).
/// * `-inline-threshold=25`: opt-level "z" inlines almost nothing (LLVM's
///   threshold 5), which keeps std's small slice helpers and one-line
///   accessors out of line; measured on the core, compressed after wasm-opt:
///   threshold 5 (z's own) 19,923, 10 → 19,946 ... 18 → 19,658, 25 → 19,278,
///   30 → 19,679, 50 → 23,828 (`README.md`, "Artifact size").
pub const WASM_RUSTFLAGS: &[&str] = &[
    "-C",
    "target-cpu=mvp",
    "-C",
    "target-feature=+mutable-globals,+sign-ext,+nontrapping-fptoint,+bulk-memory,+multivalue",
    "-C",
    "link-arg=-zstack-size=32768",
    "-C",
    "link-arg=--compress-relocations",
    "-C",
    "link-arg=--strip-debug",
    "-C",
    "llvm-args=-inline-threshold=25",
];

/// How to build the contract.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `[profile.release] opt-level` (via
    /// `CARGO_PROFILE_RELEASE_OPT_LEVEL`), e.g. `"3"`, `"s"` or `"z"`.
    pub opt_level: Option<String>,
    /// The package to build: [`CONTRACT_PACKAGE`] when `None`.
    pub package: Option<&'static str>,
    /// Extra arguments for `cargo build`, e.g. `--locked`.
    pub cargo_args: Vec<String>,
    /// Suppress cargo's progress output.
    pub quiet: bool,
    /// Keep the `name` section (`CARGO_PROFILE_RELEASE_STRIP=false`), for
    /// size investigations; never for the deployed artifact.
    pub keep_names: bool,
}

/// Why the contract could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `cargo` could not be started.
    #[error("could not run cargo: {0}")]
    Spawn(#[source] std::io::Error),
    /// `cargo build` of the package failed; its diagnostics were printed to stderr.
    #[error("cargo build of {0} for {WASM_TARGET} failed ({1}); see the errors above")]
    Failed(&'static str, std::process::ExitStatus),
    /// Cargo reported no `.wasm` output for the package's `cdylib`.
    #[error(
        "cargo built {0} but reported no .wasm file; is `crate-type` missing \"cdylib\" in \
         its [lib] section?"
    )]
    NoWasm(&'static str),
    /// Reading cargo's output failed.
    #[error("reading cargo's output failed: {0}")]
    Io(#[source] std::io::Error),
    /// wasm-opt could not be started.
    #[error(
        "could not run {binary} ({source}); install binaryen (`apt-get install binaryen`, done \
         by scripts/setup.sh) or set LST_WASM_OPT"
    )]
    WasmOptSpawn {
        /// The binary tried.
        binary: String,
        /// Why it could not start.
        source: std::io::Error,
    },
    /// wasm-opt ran and failed.
    #[error("{binary} failed ({status})")]
    WasmOptFailed {
        /// The binary run.
        binary: String,
        /// Its exit status.
        status: std::process::ExitStatus,
    },
}

/// The `rustflags` encoding cargo expects in `CARGO_ENCODED_RUSTFLAGS`.
pub fn encoded_rustflags() -> String {
    WASM_RUSTFLAGS.join("\x1f")
}

/// Runs `cargo build --release --lib --target wasm32-unknown-unknown -p
/// lst-registry` in `workspace` and returns the path of the `.wasm` cargo
/// produced.
pub fn build_contract(workspace: &Path, options: &BuildOptions) -> Result<PathBuf, BuildError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(cargo);
    command
        .current_dir(workspace)
        .args(["build", "--release", "--lib", "--target", WASM_TARGET])
        .args(["-p", options.package.unwrap_or(CONTRACT_PACKAGE)])
        .arg("--message-format=json-render-diagnostics")
        .args(&options.cargo_args)
        .env("CARGO_ENCODED_RUSTFLAGS", encoded_rustflags())
        .env_remove("RUSTFLAGS")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if options.quiet {
        command.arg("--quiet");
    }
    if options.keep_names {
        command.env("CARGO_PROFILE_RELEASE_STRIP", "false");
    } else {
        command.env_remove("CARGO_PROFILE_RELEASE_STRIP");
    }
    match &options.opt_level {
        Some(level) => command.env("CARGO_PROFILE_RELEASE_OPT_LEVEL", level),
        None => command.env_remove("CARGO_PROFILE_RELEASE_OPT_LEVEL"),
    };

    let package = options.package.unwrap_or(CONTRACT_PACKAGE);
    let lib_file = format!("{}.wasm", package.replace('-', "_"));
    let mut child = command.spawn().map_err(BuildError::Spawn)?;
    let mut wasm = None;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(BuildError::Io)?;
            if let Some(path) = cdylib_wasm(&line) {
                // a dependency's cdylib (the core, under the admin or views program) lands
                // in `deps/`
                if path.file_name() == Some(std::ffi::OsStr::new(&lib_file)) {
                    wasm = Some(path);
                }
            }
        }
    }
    let status = child.wait().map_err(BuildError::Io)?;
    if !status.success() {
        return Err(BuildError::Failed(package, status));
    }
    wasm.ok_or(BuildError::NoWasm(package))
}

/// Builds `package` exactly as cargo-stylus 0.10 does: `cargo build --lib --release
/// --target wasm32-unknown-unknown` in the package's directory, with the rustflags of
/// `.cargo/config.toml` (any `RUSTFLAGS` in the environment is removed, as a fresh shell
/// would have none) and the release profile. Returns the `.wasm` cargo wrote.
pub fn build_plain(
    workspace: &Path,
    (package, dir): (&'static str, &str),
    cargo_args: &[String],
) -> Result<PathBuf, BuildError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let status = Command::new(cargo)
        .current_dir(workspace.join(dir))
        .args(["build", "--lib", "--release", "--target", WASM_TARGET])
        .args(cargo_args)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_PROFILE_RELEASE_STRIP")
        .env_remove("CARGO_PROFILE_RELEASE_OPT_LEVEL")
        .status()
        .map_err(BuildError::Spawn)?;
    if !status.success() {
        return Err(BuildError::Failed(package, status));
    }
    let path = workspace
        .join("target")
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{}.wasm", package.replace('-', "_")));
    if path.is_file() {
        Ok(path)
    } else {
        Err(BuildError::NoWasm(package))
    }
}

/// The `.wasm` file named by a cargo `compiler-artifact` JSON message for a
/// `cdylib` target, if `line` is one.
fn cdylib_wasm(line: &str) -> Option<PathBuf> {
    let message: serde_json::Value = serde_json::from_str(line).ok()?;
    if message.get("reason")?.as_str()? != "compiler-artifact" {
        return None;
    }
    let is_cdylib = message
        .pointer("/target/kind")?
        .as_array()?
        .iter()
        .any(|kind| kind.as_str() == Some("cdylib"));
    if !is_cdylib {
        return None;
    }
    message
        .get("filenames")?
        .as_array()?
        .iter()
        .filter_map(|f| f.as_str())
        .find(|f| f.ends_with(".wasm"))
        .map(PathBuf::from)
}

/// Flags for binaryen's `wasm-opt`: size optimisation with exactly Nitro's WebAssembly
/// features enabled, so that it never introduces an instruction activation would reject.
/// (wasm-opt writes a DataCount section when bulk memory is enabled; normalisation removes
/// it, as Nitro's parser rejects the section.)
pub const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    // Repeat -Oz until it stops shrinking the module (~600 bytes compressed here).
    "--converge",
    "--strip-debug",
    "--strip-producers",
    "--enable-mutable-globals",
    "--enable-sign-ext",
    "--enable-nontrapping-float-to-int",
    "--enable-bulk-memory",
    "--enable-multivalue",
];

/// Runs `wasm-opt` (binaryen) over `input`, writing `output`.
///
/// The artifact needs it: rustc's `opt-level = "z"` output is ~7 % larger compressed, which
/// for this contract is the difference between fitting Nitro's 24,576-byte limit or not.
/// Set `LST_WASM_OPT` to the binary's path to use another one.
pub fn wasm_opt(input: &Path, output: &Path) -> Result<(), BuildError> {
    let binary = std::env::var_os("LST_WASM_OPT").unwrap_or_else(|| OsString::from("wasm-opt"));
    let name = binary.to_string_lossy().into_owned();
    let status = Command::new(&binary)
        .args(WASM_OPT_FLAGS)
        .arg(input)
        .arg("-o")
        .arg(output)
        .status()
        .map_err(|source| BuildError::WasmOptSpawn {
            binary: name.clone(),
            source,
        })?;
    if !status.success() {
        return Err(BuildError::WasmOptFailed {
            binary: name,
            status,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cdylib_wasm_in_cargo_messages() {
        let line = r#"{"reason":"compiler-artifact","package_id":"path+file:///w#lst-registry@0.1.0","target":{"kind":["lib","cdylib"],"name":"lst_registry"},"filenames":["/w/target/wasm32-unknown-unknown/release/liblst_registry.rlib","/w/target/wasm32-unknown-unknown/release/lst_registry.wasm"]}"#;
        assert_eq!(
            cdylib_wasm(line),
            Some(PathBuf::from(
                "/w/target/wasm32-unknown-unknown/release/lst_registry.wasm"
            ))
        );
        let rlib = r#"{"reason":"compiler-artifact","target":{"kind":["lib"],"name":"ruint"},"filenames":["/w/libruint.rlib"]}"#;
        assert_eq!(cdylib_wasm(rlib), None);
        assert_eq!(
            cdylib_wasm(r#"{"reason":"build-finished","success":true}"#),
            None
        );
        assert_eq!(cdylib_wasm("not json"), None);
    }

    /// `.cargo/config.toml` must carry the same wasm32 rustflags, so that
    /// `cargo build --target wasm32-unknown-unknown` and `cargo stylus`
    /// produce the same code as `cargo xtask artifact`.
    #[test]
    fn cargo_config_matches_the_pinned_rustflags() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.cargo/config.toml");
        let config = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let section = config
            .split("[target.wasm32-unknown-unknown]")
            .nth(1)
            .expect("config has a [target.wasm32-unknown-unknown] section");
        let list = section
            .split_once("rustflags")
            .and_then(|(_, rest)| rest.split_once('['))
            .and_then(|(_, rest)| rest.split_once(']'))
            .map(|(list, _)| list)
            .expect("section has a rustflags = [...] list");
        // The quoted strings of the list, comments removed.
        let uncommented: String = list
            .lines()
            .map(|line| line.split('#').next().unwrap_or_default())
            .collect();
        let flags: Vec<&str> = uncommented.split('"').skip(1).step_by(2).collect();
        assert_eq!(flags, WASM_RUSTFLAGS);
    }
}
