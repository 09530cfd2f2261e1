//! # lst-devnet
//!
//! The offline Stylus devnet ([`stylus_devnet`]) as a local Ethereum JSON-RPC node, with the
//! `lst-registry` program (its core, admin and views programs) deployed at startup and,
//! optionally, a seeded program state. It
//! listens on 127.0.0.1:8547 and reports chain id 412346 by default, like Offchain Labs'
//! nitro-devnode, so tools configured for one work with the other.
//!
//! ```no_run
//! # async fn demo() -> Result<(), lst_devnet::NodeError> {
//! use lst_devnet::{start, NodeConfig};
//! let node = start(NodeConfig { port: 0, seed: true, ..Default::default() }).await?;
//! println!("{} registry {}", node.url, node.registry);
//! node.shutdown();
//! # Ok(()) }
//! ```
//!
//! Modules: [`rpc`] (JSON-RPC envelopes, error codes), [`methods`] (the methods, by family:
//! filters, signing, cheats), [`tx`] (decoding and signing transactions), [`chain`] (blocks
//! with Nitro's header fields, receipts, clock, snapshots, cheats around the devnet, the
//! events it publishes),
//! [`filters`] (installed filters), [`render`] (standard RPC objects with Nitro's fields),
//! [`server`] (HTTP, and websocket with `eth_subscribe` on the same port), [`page`] (the
//! program's page at `/`), [`numbers`] (integers beyond 64 bits in request bodies), [`accounts`]
//! (development keys — PUBLIC), [`seed`] (the seeded program state), [`deploy`] (what a real
//! deployment sends, checked offline), [`genesis`] (the Solidity contracts every chain starts
//! with: the deterministic deployer, Multicall3, the StylusDeployer).

#![warn(missing_docs)]

pub mod abi;
pub mod accounts;
pub mod chain;
pub mod deploy;
pub mod filters;
pub mod genesis;
pub mod methods;
pub mod miner;
pub mod numbers;
pub mod page;
pub mod render;
pub mod rpc;
pub mod seed;
pub mod server;
pub mod tx;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use alloy_primitives::{Address, B256};
use lst_registry_client::artifact::Programs;
use tokio::sync::watch;

pub use accounts::DevAccount;
pub use chain::Chain;

/// nitro-devnode's port.
pub const DEFAULT_PORT: u16 = 8547;
/// nitro-devnode's chain id.
pub const DEFAULT_CHAIN_ID: u64 = 412_346;
/// Development accounts by default.
pub const DEFAULT_ACCOUNTS: usize = 10;
/// Oracle signers of the seeded state.
pub const SEED_ORACLES: usize = 3;
/// Environment variable naming the core program to deploy instead of the workspace artifact.
pub const WASM_ENV: &str = "LST_REGISTRY_WASM";
/// Environment variable naming the views program to deploy instead of the workspace artifact.
pub const VIEWS_WASM_ENV: &str = "LST_REGISTRY_VIEWS_WASM";
/// Environment variable naming the admin program to deploy instead of the workspace artifact.
pub const ADMIN_WASM_ENV: &str = "LST_REGISTRY_ADMIN_WASM";

/// How to start the node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeConfig {
    /// Address to listen on (default 127.0.0.1).
    pub host: IpAddr,
    /// Port (default 8547; 0 = any free port).
    pub port: u16,
    /// Seed the registry with the Phase 1 state (see [`seed`]).
    pub seed: bool,
    /// Chain id (default 412346).
    pub chain_id: u64,
    /// Number of development accounts (default 10; at least 9 with `seed`).
    pub accounts: usize,
    /// `--state FILE`: load the chain from `FILE` if it exists (instead of deploying and
    /// seeding), and write it there after every change.
    pub state: Option<PathBuf>,
    /// `--load-state FILE`: start from the chain in `FILE` (which must exist).
    pub load_state: Option<PathBuf>,
    /// `--dump-state FILE`: write the chain to `FILE` when the node stops.
    pub dump_state: Option<PathBuf>,
}

impl Default for NodeConfig {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            seed: false,
            chain_id: DEFAULT_CHAIN_ID,
            accounts: DEFAULT_ACCOUNTS,
            state: None,
            load_state: None,
            dump_state: None,
        }
    }
}

/// Why the node did not start.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// The program could not be read.
    #[error(
        "cannot read the registry program {path}: {1} (run `cargo xtask artifact` first, \
         or set {WASM_ENV}, {ADMIN_WASM_ENV} and {VIEWS_WASM_ENV})",
        path = .0.display()
    )]
    Artifact(PathBuf, #[source] std::io::Error),
    /// The development accounts could not be derived.
    #[error("development accounts: {0}")]
    Accounts(#[from] accounts::AccountError),
    /// Deploying or seeding the registry failed.
    #[error("setting up the registry failed: {0}")]
    Setup(#[from] seed::SeedError),
    /// The node's thread or runtime could not start.
    #[error("starting the node: {0}")]
    Start(String),
    /// The address could not be bound.
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, #[source] std::io::Error),
    /// The state file could not be loaded or written.
    #[error("state file: {0}")]
    State(#[from] chain::StateError),
    /// A loaded state does not say where the registry is.
    #[error("the state in {path} records no registry deployment", path = .0.display())]
    NoRegistry(PathBuf),
}

/// A node serving JSON-RPC. Dropping it (or [`RunningNode::shutdown`]) stops the server.
pub struct RunningNode {
    /// `http://host:port`.
    pub url: String,
    /// The registry's address.
    pub registry: Address,
    /// The prefunded development accounts (PUBLIC keys); account 0 is the registry's admin.
    pub accounts: Vec<DevAccount>,
    /// The seeded oracle set's signer keys (PUBLIC; empty without `seed`).
    pub oracle_keys: Vec<B256>,
    /// The chain id.
    pub chain_id: u64,
    /// The address the server listens on.
    pub addr: SocketAddr,
    /// The block the node started at: 0, the last seeded block, or the latest block of a
    /// loaded state.
    pub start_block: u64,
    /// The state file the chain was loaded from, if any.
    pub loaded_from: Option<PathBuf>,
    shutdown: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
    chain: server::SharedChain,
    dump_state: Option<PathBuf>,
}

impl std::fmt::Debug for RunningNode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningNode")
            .field("url", &self.url)
            .field("registry", &self.registry)
            .field("chain_id", &self.chain_id)
            .field("start_block", &self.start_block)
            .field("loaded_from", &self.loaded_from)
            .finish_non_exhaustive()
    }
}

impl RunningNode {
    /// Stops the server (open connections finish their current request).
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        if let Some(path) = self.dump_state.take() {
            if let Err(e) = self.write_state(&path) {
                eprintln!("lst-devnet: --dump-state: {e}");
            }
        }
    }

    /// Writes the chain to `path` (atomically; see [`Chain::write_state`]).
    pub fn write_state(&self, path: &std::path::Path) -> Result<(), chain::StateError> {
        // A poisoned lock still holds a whole chain: every change is made under it in one
        // piece, and a panic inside the devnet is caught before it reaches the chain.
        let chain = self.chain.lock().unwrap_or_else(|p| p.into_inner());
        chain.write_state(path)
    }

    /// Blocks until the server stops (with [`spawn`]: on Ctrl-C or when another handle
    /// calls shutdown). Returns at once for a node from [`start`].
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// A receiver that turns true when the node is told to stop.
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }
}

impl Drop for RunningNode {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The workspace's core artifact, `artifacts/lst_registry.wasm`, or the file [`WASM_ENV`]
/// names.
pub fn artifact_path() -> PathBuf {
    std::env::var_os(WASM_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(lst_registry_client::artifact::artifact_path)
}

/// The workspace's views artifact, `artifacts/lst_registry_views.wasm`, or the file
/// [`VIEWS_WASM_ENV`] names.
pub fn views_artifact_path() -> PathBuf {
    std::env::var_os(VIEWS_WASM_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(lst_registry_client::artifact::views_artifact_path)
}

/// The workspace's admin artifact, `artifacts/lst_registry_admin.wasm`, or the file
/// [`ADMIN_WASM_ENV`] names.
pub fn admin_artifact_path() -> PathBuf {
    std::env::var_os(ADMIN_WASM_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(lst_registry_client::artifact::admin_artifact_path)
}

/// The state file a node starts from: `--load-state`, or `--state` when its file exists.
pub fn state_to_load(config: &NodeConfig) -> Option<PathBuf> {
    config
        .load_state
        .clone()
        .or_else(|| config.state.clone().filter(|path| path.exists()))
}

/// A chain with the development accounts, the registry (views and admin programs, then the
/// core, in blocks 1 to 3) deployed by account 0 (its admin) and, with `config.seed`, the
/// seeded state; or, when there is a state to load ([`state_to_load`]), the chain of that file
/// (no deployment, no seeding).
/// With `config.state`, the chain is written to that file now and after every change.
/// Returns the chain, registry, accounts and oracle keys. Synchronous and CPU-bound
/// (activation, execution).
pub fn build_chain(
    config: &NodeConfig,
    programs: &Programs,
) -> Result<(Chain, Address, Vec<DevAccount>, Vec<B256>), NodeError> {
    let load = state_to_load(config);
    let count = if config.seed || load.is_some() {
        config.accounts.max(9)
    } else {
        config.accounts.max(1)
    };
    let accounts = accounts::dev_accounts(count)?;
    let mut chain = Chain::new(config.chain_id, &accounts)?;
    let record = match &load {
        Some(path) => {
            chain.read_state(path)?;
            chain
                .node_record()
                .ok_or_else(|| NodeError::NoRegistry(path.clone()))?
        }
        None => {
            let admin = accounts[0].address;
            let registry = seed::deploy_registry(&mut chain, programs, admin)?;
            if config.seed {
                let addresses: Vec<Address> = accounts.iter().map(|a| a.address).collect();
                seed::seed(
                    &mut chain,
                    registry,
                    &addresses,
                    &accounts::oracle_keys(SEED_ORACLES),
                )?;
            }
            let record = chain::NodeRecord {
                registry,
                seeded: config.seed,
            };
            chain.set_node_record(record);
            record
        }
    };
    let oracle_keys = if record.seeded {
        accounts::oracle_keys(SEED_ORACLES)
    } else {
        Vec::new()
    };
    chain.mark_initial();
    if let Some(path) = &config.state {
        chain.keep_state_in(path.clone())?;
    }
    Ok((chain, record.registry, accounts, oracle_keys))
}

/// Starts the node on the current tokio runtime with the workspace's artifact (not read when
/// the chain comes from a state file: the programs are in it).
pub async fn start(config: NodeConfig) -> Result<RunningNode, NodeError> {
    if state_to_load(&config).is_some() {
        return start_with_programs(config, Programs::default()).await;
    }
    let read = |path: PathBuf| std::fs::read(&path).map_err(|e| NodeError::Artifact(path, e));
    let programs = Programs {
        core: read(artifact_path())?,
        admin: read(admin_artifact_path())?,
        views: read(views_artifact_path())?,
    };
    start_with_programs(config, programs).await
}

/// Starts the node on the current tokio runtime, deploying `programs` as the registry.
pub async fn start_with_programs(
    config: NodeConfig,
    programs: Programs,
) -> Result<RunningNode, NodeError> {
    let loaded_from = state_to_load(&config);
    let setup_config = config.clone();
    let (chain, registry, accounts, oracle_keys) =
        tokio::task::spawn_blocking(move || build_chain(&setup_config, &programs))
            .await
            .map_err(|e| NodeError::Start(format!("setup task failed: {e}")))??;
    let addr = SocketAddr::new(config.host, config.port);
    let listener = server::bind(addr)
        .await
        .map_err(|e| NodeError::Bind(addr, e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| NodeError::Bind(addr, e))?;
    let (shutdown, receiver) = watch::channel(false);
    let start_block = chain.latest();
    let chain = Arc::new(Mutex::new(chain));
    tokio::spawn(miner::run(chain.clone(), receiver.clone()));
    tokio::spawn(server::serve(listener, chain.clone(), receiver));
    Ok(RunningNode {
        url: format!("http://{addr}"),
        registry,
        accounts,
        oracle_keys,
        chain_id: config.chain_id,
        addr,
        start_block,
        loaded_from,
        shutdown,
        thread: None,
        chain,
        dump_state: config.dump_state.clone(),
    })
}

/// Starts the node on a runtime of its own, on a background thread; for synchronous callers.
/// The server runs until [`RunningNode::shutdown`] (or drop).
pub fn spawn(config: NodeConfig) -> Result<RunningNode, NodeError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let thread = std::thread::Builder::new()
        .name("lst-devnet".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = tx.send(Err(NodeError::Start(format!("tokio runtime: {e}"))));
                    return;
                }
            };
            runtime.block_on(async move {
                match start(config).await {
                    Ok(node) => {
                        let mut stopping = node.stopping();
                        let _ = tx.send(Ok(node));
                        let _ = stopping.wait_for(|stop| *stop).await;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                    }
                }
            });
        })
        .map_err(|e| NodeError::Start(format!("thread: {e}")))?;
    let mut node = rx
        .recv()
        .map_err(|_| NodeError::Start("the node thread stopped".into()))??;
    node.thread = Some(thread);
    Ok(node)
}
