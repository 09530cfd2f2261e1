//! `lst-devnet`: the Stylus devnet as a local JSON-RPC node with the registry deployed.
//!
//! ```text
//! lst-devnet [--seed] [--host 127.0.0.1] [--port 8547] [--chain-id 412346] [--accounts 10]
//! lst-devnet deploy-calldata --admin 0x… --views 0x… [--salt 0x…]   # StylusDeployer calldata of the core, hex
//! lst-devnet deploy-calldata --views-program [--salt 0x…]          # … of the views program
//! ```

use std::net::IpAddr;
use std::process::ExitCode;

use alloy_primitives::{hex, Address, B256};
use lst_devnet_node::{artifact_path, deploy, methods, spawn, views_artifact_path, NodeConfig};

const USAGE: &str =
    "usage: lst-devnet [--seed] [--host IP] [--port PORT] [--chain-id ID] [--accounts N]
       lst-devnet deploy-calldata --admin ADDRESS --views ADDRESS [--salt BYTES32]
       lst-devnet deploy-calldata --views-program [--salt BYTES32]

Starts the offline Stylus devnet as a JSON-RPC server with the lst-registry deployed
(default 127.0.0.1:8547, chain 412346, like nitro-devnode). The program is
artifacts/lst_registry.wasm (`cargo xtask artifact`) or $LST_REGISTRY_WASM.";

fn value<'a>(args: &'a [String], i: &mut usize, flag: &str) -> Result<&'a str, String> {
    *i += 1;
    args.get(*i)
        .map(String::as_str)
        .ok_or(format!("{flag} needs a value"))
}

fn parse(args: &[String]) -> Result<NodeConfig, String> {
    let mut config = NodeConfig::default();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--seed" => config.seed = true,
            "--host" => {
                config.host = value(args, &mut i, "--host")?
                    .parse::<IpAddr>()
                    .map_err(|e| format!("--host: {e}"))?
            }
            "--port" => {
                config.port = value(args, &mut i, "--port")?
                    .parse()
                    .map_err(|e| format!("--port: {e}"))?
            }
            "--chain-id" => {
                config.chain_id = value(args, &mut i, "--chain-id")?
                    .parse()
                    .map_err(|e| format!("--chain-id: {e}"))?
            }
            "--accounts" => {
                config.accounts = value(args, &mut i, "--accounts")?
                    .parse()
                    .map_err(|e| format!("--accounts: {e}"))?
            }
            other => return Err(format!("unknown argument {other}")),
        }
        i += 1;
    }
    Ok(config)
}

fn deploy_calldata(args: &[String]) -> Result<(), String> {
    let (mut admin, mut views, mut salt) = (None, None, B256::ZERO);
    let mut views_program = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--admin" => {
                admin = Some(
                    value(args, &mut i, "--admin")?
                        .parse::<Address>()
                        .map_err(|e| format!("--admin: {e}"))?,
                )
            }
            "--views-program" => views_program = true,
            "--views" => {
                views = Some(
                    value(args, &mut i, "--views")?
                        .parse::<Address>()
                        .map_err(|e| format!("--views: {e}"))?,
                )
            }
            "--salt" => {
                salt = value(args, &mut i, "--salt")?
                    .parse()
                    .map_err(|e| format!("--salt: {e}"))?
            }
            other => return Err(format!("unknown argument {other}")),
        }
        i += 1;
    }
    if views_program {
        let path = views_artifact_path();
        let wasm = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let code = deploy::stylus_code(&wasm)?;
        println!(
            "0x{}",
            hex::encode(deploy::views_deployer_calldata(&code, salt))
        );
        return Ok(());
    }
    let admin = admin.ok_or("--admin is required")?;
    let views = views.ok_or("--views (the deployed views program) is required")?;
    let path = artifact_path();
    let wasm = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let code = deploy::stylus_code(&wasm)?;
    println!(
        "0x{}",
        hex::encode(deploy::deployer_calldata(&code, admin, views, salt))
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args.first().map(String::as_str) == Some("deploy-calldata") {
        return match deploy_calldata(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        };
    }
    let config = match parse(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    eprintln!(
        "lst-devnet: deploying the registry{}…",
        if config.seed { " and seeding it" } else { "" }
    );
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
    println!();
    println!("Development accounts (10,000 ETH each). PUBLIC TEST KEYS from the mnemonic");
    println!(
        "\"{}\" (m/44'/60'/0'/0/i):",
        lst_devnet_node::accounts::DEV_MNEMONIC
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
            "(applicants = accounts 5, 6; staking contracts = accounts 7, 8), nodes 1-2 paired"
        );
        println!("with application 1 and nodes 3-4 with application 2.");
        println!("Oracle signers (PUBLIC TEST KEYS, keccak256(\"lst-devnet:oracle:i\")):");
        for (i, key) in node.oracle_keys.iter().enumerate() {
            let address = lst_devnet_node::accounts::address_of(key).unwrap_or_default();
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
