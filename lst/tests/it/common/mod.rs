//! Helpers of the end-to-end tests: run the `lst` binary, key files, fixtures, a seeded node.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use alloy::primitives::B256;
use serde_json::Value;

/// A test fixture's path.
pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A finished `lst` run.
#[derive(Debug)]
pub(crate) struct Run {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns stdout.
    #[track_caller]
    pub(crate) fn ok(&self) -> &str {
        assert_eq!(
            self.status,
            Some(0),
            "lst failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        &self.stdout
    }

    /// Asserts success and parses stdout as JSON.
    #[track_caller]
    pub(crate) fn json(&self) -> Value {
        let out = self.ok();
        serde_json::from_str(out).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{out}"))
    }

    /// Asserts failure and returns stdout + stderr.
    #[track_caller]
    pub(crate) fn fails(&self) -> String {
        assert_ne!(
            self.status,
            Some(0),
            "lst should have failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        format!("{}{}", self.stdout, self.stderr)
    }
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Runs `lst` with `args` and only the environment variables `env` of its own (the `LST_*`
/// variables of the caller are removed).
pub(crate) fn lst_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lst"));
    command.args(args);
    for var in [
        "LST_RPC_URL",
        "LST_REGISTRY",
        "LST_PRIVATE_KEY",
        "LST_ORACLE_KEY",
    ] {
        command.env_remove(var);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("runs lst").into()
}

/// Runs `lst` with `args`.
pub(crate) fn lst(args: &[&str]) -> Run {
    lst_env(args, &[])
}

/// A directory for key files and documents.
pub(crate) struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub(crate) fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Writes `key` to a 0600 file named `name`; returns its path.
    pub(crate) fn key_file(&self, name: &str, key: &B256) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, format!("{key}\n")).expect("writes key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        path.to_string_lossy().into_owned()
    }

    /// A path inside the directory.
    pub(crate) fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }
}

/// The node the tests run against: seeded, on any free loopback port.
pub(crate) fn seeded_node() -> lst_devnet::RunningNode {
    lst_devnet::spawn(lst_devnet::NodeConfig {
        port: 0,
        seed: true,
        ..Default::default()
    })
    .expect("the devnet node starts")
}

/// The seeded node's `--rpc URL --registry ADDRESS` arguments.
pub(crate) fn endpoint(node: &lst_devnet::RunningNode) -> Vec<String> {
    vec![
        "--rpc".into(),
        node.url.clone(),
        "--registry".into(),
        node.registry.to_string(),
    ]
}

/// `args` followed by `extra`, as `&str`s.
pub(crate) fn with<'a>(base: &'a [String], extra: &[&'a str]) -> Vec<&'a str> {
    base.iter()
        .map(String::as_str)
        .chain(extra.iter().copied())
        .collect()
}

/// The names of the events in a transaction report.
pub(crate) fn event_names(report: &Value) -> Vec<String> {
    report["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .filter_map(|e| e["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Sends the JSON-RPC request `method(params)` to the node (e.g. `evm_increaseTime`) and
/// returns its result.
pub(crate) fn rpc(node: &lst_devnet::RunningNode, method: &str, params: Value) -> Value {
    use alloy::providers::{Provider, ProviderBuilder};
    let url = node.url.parse().expect("node URL");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let provider = ProviderBuilder::new().connect_http(url);
        provider
            .raw_request::<_, Value>(method.to_string().into(), params)
            .await
            .unwrap_or_else(|e| panic!("{method}: {e}"))
    })
}

/// Moves the node's clock `secs` forward and mines a block there, so that the latest block
/// (the chain's "now") is at least `secs` later.
pub(crate) fn advance_time(node: &lst_devnet::RunningNode, secs: u64) {
    rpc(node, "evm_increaseTime", serde_json::json!([secs]));
    rpc(node, "evm_mine", serde_json::json!([]));
}
