//! `lst-devnet`: the Stylus devnet as a local JSON-RPC node with the registry deployed.
//!
//! ```text
//! lst-devnet [--seed] [--host 127.0.0.1] [--port 8547] [--chain-id 412346] [--accounts 10]
//!            [--state FILE | --load-state FILE --dump-state FILE]
//! lst-devnet deploy-calldata --admin 0x… --views 0x… --admin-program 0x… [--salt 0x…]
//!                                           # StylusDeployer calldata of the core, hex
//! lst-devnet deploy-calldata --program views|admin [--salt 0x…]
//!                                           # … of the views or admin program
//! ```

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use alloy_primitives::{hex, Address, B256};
use clap::{Parser, Subcommand};
use lst_devnet::{
    admin_artifact_path, artifact_path, deploy, methods, spawn, views_artifact_path, NodeConfig,
};

/// Starts the offline Stylus devnet as a JSON-RPC server with the lst-registry deployed
/// (default 127.0.0.1:8547, chain 412346, like nitro-devnode). The programs are
/// artifacts/lst_registry.wasm (the core), artifacts/lst_registry_admin.wasm and
/// artifacts/lst_registry_views.wasm (`cargo xtask artifact`), or the files
/// $LST_REGISTRY_WASM, $LST_REGISTRY_ADMIN_WASM and $LST_REGISTRY_VIEWS_WASM name.
#[derive(Debug, Parser)]
#[command(name = "lst-devnet", version)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Seed the program state: Phase 1 (Alpha) done, every step a real transaction.
    #[arg(long)]
    seed: bool,
    /// Address to listen on [default: 127.0.0.1].
    #[arg(long, value_name = "IP")]
    host: Option<IpAddr>,
    /// Port to listen on [default: 8547].
    #[arg(long)]
    port: Option<u16>,
    /// Chain id [default: 412346].
    #[arg(long, value_name = "ID")]
    chain_id: Option<u64>,
    /// Development accounts to fund [default: 10].
    #[arg(long, value_name = "N")]
    accounts: Option<usize>,
    /// Keep the chain in FILE: load it at start if FILE exists (then nothing is deployed or
    /// seeded), and write it after every change, atomically, before the change is answered.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["load_state", "dump_state"])]
    state: Option<PathBuf>,
    /// Start from the chain in FILE (written by --state, --dump-state or anvil_dumpState).
    #[arg(long, value_name = "FILE")]
    load_state: Option<PathBuf>,
    /// Write the chain to FILE when the node stops (Ctrl-C).
    #[arg(long, value_name = "FILE")]
    dump_state: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Prints, in hex, the StylusDeployer calldata that deploys the core (`--admin`,
    /// `--views`, `--admin-program`) or a program without a constructor (`--program views`
    /// or `--program admin`; deploy both before the core).
    DeployCalldata {
        /// Calldata of the views or admin program instead of the core.
        #[arg(long, value_enum, conflicts_with_all = ["admin", "views", "admin_program"])]
        program: Option<Delegate>,
        /// The registry's admin (constructor argument of the core).
        #[arg(long, value_name = "ADDRESS", required_unless_present = "program")]
        admin: Option<Address>,
        /// The deployed views program (constructor argument of the core).
        #[arg(long, value_name = "ADDRESS", required_unless_present = "program")]
        views: Option<Address>,
        /// The deployed admin program (constructor argument of the core).
        #[arg(long, value_name = "ADDRESS", required_unless_present = "program")]
        admin_program: Option<Address>,
        /// CREATE2 salt of the deployment.
        #[arg(long, value_name = "BYTES32", default_value_t = B256::ZERO)]
        salt: B256,
    },
}

/// The programs the core delegates to, deployed before it without a constructor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Delegate {
    /// The views program (artifacts/lst_registry_views.wasm).
    Views,
    /// The admin program (artifacts/lst_registry_admin.wasm).
    Admin,
}

impl Args {
    /// The node's configuration: the defaults of [`NodeConfig`] where a flag is absent.
    fn config(&self) -> NodeConfig {
        let mut config = NodeConfig {
            seed: self.seed,
            state: self.state.clone(),
            load_state: self.load_state.clone(),
            dump_state: self.dump_state.clone(),
            ..NodeConfig::default()
        };
        if let Some(host) = self.host {
            config.host = host;
        }
        if let Some(port) = self.port {
            config.port = port;
        }
        if let Some(chain_id) = self.chain_id {
            config.chain_id = chain_id;
        }
        if let Some(accounts) = self.accounts {
            config.accounts = accounts;
        }
        config
    }
}

/// Why `deploy-calldata` could not print the calldata.
#[derive(Debug, thiserror::Error)]
enum CalldataError {
    /// The artifact could not be read.
    #[error("{path}: {1}", path = .0.display())]
    Read(std::path::PathBuf, #[source] std::io::Error),
    /// The artifact does not pass Nitro's activation.
    #[error("activation: {0}")]
    Activation(#[from] stylus_devnet::ActivationError),
    /// A flag the core's deployment needs is absent.
    #[error("{0} is required")]
    Missing(&'static str),
}

fn deploy_calldata(
    program: Option<Delegate>,
    admin: Option<Address>,
    views: Option<Address>,
    admin_program: Option<Address>,
    salt: B256,
) -> Result<(), CalldataError> {
    let read =
        |path: std::path::PathBuf| std::fs::read(&path).map_err(|e| CalldataError::Read(path, e));
    if let Some(program) = program {
        let path = match program {
            Delegate::Views => views_artifact_path(),
            Delegate::Admin => admin_artifact_path(),
        };
        let code = deploy::stylus_code(&read(path)?)?;
        println!(
            "0x{}",
            hex::encode(deploy::program_deployer_calldata(&code, salt))
        );
        return Ok(());
    }
    let admin = admin.ok_or(CalldataError::Missing("--admin"))?;
    let views = views.ok_or(CalldataError::Missing(
        "--views (the deployed views program)",
    ))?;
    let admin_program = admin_program.ok_or(CalldataError::Missing(
        "--admin-program (the deployed admin program)",
    ))?;
    let code = deploy::stylus_code(&read(artifact_path())?)?;
    println!(
        "0x{}",
        hex::encode(deploy::deployer_calldata(
            &code,
            admin,
            views,
            admin_program,
            salt
        ))
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(Command::DeployCalldata {
        program,
        admin,
        views,
        admin_program,
        salt,
    }) = args.command
    {
        return match deploy_calldata(program, admin, views, admin_program, salt) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        };
    }
    let config = args.config();
    match lst_devnet::state_to_load(&config) {
        Some(path) => eprintln!(
            "lst-devnet: loading the chain from {}{}…",
            path.display(),
            if config.seed {
                " (--seed skipped: the state has its chain)"
            } else {
                ""
            }
        ),
        None => eprintln!(
            "lst-devnet: deploying the registry{}…",
            if config.seed { " and seeding it" } else { "" }
        ),
    }
    let node = match spawn(config) {
        Ok(node) => node,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    println!("{}", methods::CLIENT_VERSION);
    println!("Chain id      {}", node.chain_id);
    println!("RPC           {}", node.url);
    println!("Registry      {}  (admin: account 0)", node.registry);
    println!("Page          {}/?registry={}", node.url, node.registry);
    if node.loaded_from.is_none() {
        for c in lst_devnet::genesis::contracts() {
            println!("Genesis       {}  {}", c.address, c.name);
        }
    }
    if let Some(path) = &node.loaded_from {
        println!(
            "Loaded        {} (latest block {})",
            path.display(),
            node.start_block
        );
    }
    if let Some(path) = &args.state {
        println!(
            "State         {} (written after every change)",
            path.display()
        );
    }
    println!();
    println!("Development accounts (10,000 ETH each). PUBLIC TEST KEYS from the mnemonic");
    println!(
        "\"{}\" (m/44'/60'/0'/0/i):",
        lst_devnet::accounts::DEV_MNEMONIC
    );
    println!("NEVER use them on a real network: anyone can spend from them.");
    for (i, a) in node.accounts.iter().enumerate() {
        println!("({i}) {}  {}", a.address, a.private_key);
    }
    if !node.oracle_keys.is_empty() {
        println!();
        println!("Seeded: Phase 1 (Alpha) done: 4 nodes (operators = accounts 1-4), oracle set");
        println!("(3 signers, threshold 2), round 1 finalised with applications 1 and 2 Qualified");
        println!(
            "(applicants = accounts 5, 6; staking contracts = their vaults), nodes 1-2 paired"
        );
        println!(
            "with application 1 and nodes 3-4 with application 2; account 7 staked 12,500 METIS"
        );
        println!("on node 1 through vault 1 (accounts 7 and 8 hold METIS).");
        let [admin, a5, a6] = [0, 5, 6].map(|i| node.accounts.get(i).map(|a| a.address));
        if let (Some(admin), Some(a5), Some(a6)) = (admin, a5, a6) {
            println!("METIS         {}", lst_devnet::seed::seeded_metis(admin));
            println!(
                "Vault 1       {}  (application 1)",
                lst_devnet::seed::seeded_vault(a5)
            );
            println!(
                "Vault 2       {}  (application 2)",
                lst_devnet::seed::seeded_vault(a6)
            );
        }
        println!("Oracle signers (PUBLIC TEST KEYS, keccak256(\"lst-devnet:oracle:i\")):");
        for (i, key) in node.oracle_keys.iter().enumerate() {
            let address = lst_devnet::accounts::address_of(key).unwrap_or_default();
            println!("({i}) {address}  {key}");
        }
    }
    println!();
    println!("Listening on {}. Ctrl-C to stop.", node.url);
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let _ = rt.block_on(tokio::signal::ctrl_c());
    eprintln!("lst-devnet: stopping");
    node.shutdown();
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_flags_is_the_default_configuration() {
        let config = Args::try_parse_from(["lst-devnet"]).unwrap().config();
        let default = NodeConfig::default();
        assert_eq!(
            (
                config.host,
                config.port,
                config.chain_id,
                config.accounts,
                config.seed
            ),
            (
                default.host,
                default.port,
                default.chain_id,
                default.accounts,
                false
            )
        );
    }

    #[test]
    fn flags_override_the_defaults() {
        let args = Args::try_parse_from([
            "lst-devnet",
            "--seed",
            "--host",
            "0.0.0.0",
            "--port",
            "9000",
            "--chain-id",
            "7",
            "--accounts",
            "3",
        ])
        .unwrap();
        let config = args.config();
        assert!(config.seed);
        assert_eq!(config.host.to_string(), "0.0.0.0");
        assert_eq!(
            (config.port, config.chain_id, config.accounts),
            (9000, 7, 3)
        );
    }

    #[test]
    fn bad_values_and_unknown_flags_are_refused() {
        for bad in [
            &["lst-devnet", "--port", "70000"][..],
            &["lst-devnet", "--host", "localhost:1"],
            &["lst-devnet", "--bogus"],
            &["lst-devnet", "--state", "a.json", "--load-state", "b.json"],
            &["lst-devnet", "--state", "a.json", "--dump-state", "b.json"],
            &["lst-devnet", "--state"],
            &["lst-devnet", "deploy-calldata"],
            &["lst-devnet", "deploy-calldata", "--admin", "0x01"],
            &[
                "lst-devnet",
                "deploy-calldata",
                "--program",
                "views",
                "--admin",
                "0x0000000000000000000000000000000000000001",
            ],
            &["lst-devnet", "deploy-calldata", "--program", "core"],
            &[
                "lst-devnet",
                "deploy-calldata",
                "--admin",
                "0x0000000000000000000000000000000000000001",
                "--views",
                "0x0000000000000000000000000000000000000002",
            ],
        ] {
            assert!(Args::try_parse_from(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn deploy_calldata_takes_the_core_or_a_delegate_program() {
        let admin = "0x00000000000000000000000000000000000000aa";
        let views = "0x00000000000000000000000000000000000000bb";
        let admin_program = "0x00000000000000000000000000000000000000cc";
        let core = Args::try_parse_from([
            "lst-devnet",
            "deploy-calldata",
            "--admin",
            admin,
            "--views",
            views,
            "--admin-program",
            admin_program,
        ])
        .unwrap();
        assert!(matches!(
            core.command,
            Some(Command::DeployCalldata { program: None, admin: Some(a), views: Some(v), admin_program: Some(p), salt })
                if a == admin.parse::<Address>().unwrap()
                    && v == views.parse::<Address>().unwrap()
                    && p == admin_program.parse::<Address>().unwrap()
                    && salt == B256::ZERO
        ));
        for (name, expected) in [("views", Delegate::Views), ("admin", Delegate::Admin)] {
            let program =
                Args::try_parse_from(["lst-devnet", "deploy-calldata", "--program", name]).unwrap();
            assert!(matches!(
                program.command,
                Some(Command::DeployCalldata {
                    program: Some(p),
                    admin: None,
                    views: None,
                    admin_program: None,
                    ..
                }) if p == expected
            ));
        }
    }
}
