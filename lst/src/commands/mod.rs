//! What each command does. Every command returns a [`Report`]; `main` prints it.
//!
//! * [`oracle`]: `attest`, `combine`, `verify`, `submit`.
//! * [`views`]: `rules`, `phase`, `status`, `round`, `application`, `eligibility`, `node`,
//!   `pairings`.
//! * [`transactions`]: the operator and admin commands.

pub mod oracle;
pub mod transactions;
pub mod views;

use std::io::Read;
use std::path::Path;

use alloy::primitives::Address;

use crate::chain::Chain;
use crate::cli::{Cli, Command, TxArgs};
use crate::error::{CliError, Result};
use crate::keys;
use crate::output::Report;

/// The global options every command sees.
#[derive(Clone, Debug)]
pub struct Context {
    /// `--rpc`.
    pub rpc: Option<String>,
    /// `--registry`.
    pub registry: Option<Address>,
    /// `--json`.
    pub json: bool,
}

impl Context {
    /// `--registry`, required.
    pub fn registry(&self) -> Result<Address> {
        self.registry
            .ok_or_else(|| CliError::usage("--registry ADDRESS (or LST_REGISTRY) is required"))
    }

    /// A read-only connection; needs `--rpc` and `--registry`.
    pub fn chain(&self) -> Result<Chain> {
        let rpc = self
            .rpc
            .as_deref()
            .ok_or_else(|| CliError::usage("--rpc URL (or LST_RPC_URL) is required"))?;
        let chain = Chain::connect(rpc, self.registry()?, Vec::new())?;
        chain.require_code()?;
        Ok(chain)
    }

    /// A connection that signs with the sender key of `tx`, and the sender's address.
    pub fn sender(&self, tx: &TxArgs) -> Result<(Chain, Address)> {
        self.sender_for(tx, self.registry()?)
    }

    /// Like [`Self::sender`], for the registry at `registry`.
    pub fn sender_for(&self, tx: &TxArgs, registry: Address) -> Result<(Chain, Address)> {
        let rpc = self
            .rpc
            .as_deref()
            .ok_or_else(|| CliError::usage("--rpc URL (or LST_RPC_URL) is required"))?;
        let signer = keys::load_signer(tx.key_file.as_deref(), keys::SENDER_KEY_ENV)?;
        let sender = signer.address();
        let chain = Chain::connect(rpc, registry, vec![signer])?;
        chain.require_code()?;
        Ok((chain, sender))
    }
}

/// Reads a file, or standard input for `-`.
pub fn read_input(path: &Path) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::io("<stdin>", e))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| CliError::io(path.display(), e))
}

/// Writes `text` to `path`.
pub fn write_output(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, format!("{text}\n")).map_err(|e| CliError::io(path.display(), e))
}

/// Runs the command line.
///
/// # Errors
/// Whatever stopped the command.
pub fn run(cli: Cli) -> Result<Report> {
    let context = Context {
        rpc: cli.rpc,
        registry: cli.registry,
        json: cli.json,
    };
    match cli.command {
        Command::Attest(args) => oracle::attest(&context, args),
        Command::Combine(args) => oracle::combine(&context, args),
        Command::Verify(args) => oracle::verify(&context, args),
        Command::Submit(args) => oracle::submit(&context, args),
        Command::Rules => views::rules(&context),
        Command::Phase => views::phase(&context),
        Command::Status => views::status(&context),
        Command::Round { id } => views::round(&context, id),
        Command::Application { id } => views::application(&context, id),
        Command::Eligibility { application } => views::eligibility(&context, application),
        Command::Node { id } => views::node(&context, id),
        Command::Pairings(args) => views::pairings(&context, args),
        Command::Pair(args) => transactions::pair(&context, args),
        Command::Unpair(args) => transactions::unpair(&context, args),
        Command::SetCap(args) => transactions::set_cap(&context, args),
        Command::RegisterNode(args) => transactions::register_node(&context, args),
        Command::OpenRound(args) => transactions::open_round(&context, args),
        Command::CloseRound(args) => transactions::close_round(&context, args),
        Command::FinaliseRound(args) => transactions::finalise_round(&context, args),
        Command::AdvancePhase(args) => transactions::advance_phase(&context, args),
        Command::SetOracleSet(args) => transactions::set_oracle_set(&context, args),
        Command::SetOracleSetDelay(args) => transactions::set_oracle_set_delay(&context, args),
        Command::SetSnapshotSpace(args) => transactions::set_snapshot_space(&context, args),
        Command::SetVoteRules(args) => transactions::set_vote_rules(&context, args),
        Command::RevokeApplication(args) => transactions::revoke_application(&context, args),
        Command::Apply(args) => transactions::apply(&context, args),
    }
}
