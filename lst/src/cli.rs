//! The command line. Keys are deliberately absent from every command: they come from
//! `--key-file` or the environment (see [`crate::keys`]).

use std::path::PathBuf;

use alloy::primitives::{Address, B256, U256};
use clap::{Args, Parser, Subcommand};
use thiserror::Error;

use crate::wei::{self, WeiError};

/// Why an option's value was refused (clap prints it after the option's name).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ArgError {
    /// An amount that is not an exact decimal of METIS or wei.
    #[error("{0}")]
    Amount(#[from] WeiError),
    /// A duration that is neither seconds nor `N[s|m|h|d]`.
    #[error("`{text}`: expected seconds or N[s|m|h|d] (e.g. 1209600, 14d, 36h)")]
    Duration {
        /// The value given.
        text: String,
    },
    /// A duration longer than a `uint32` of seconds.
    #[error("`{text}`: {secs} seconds do not fit in 32 bits")]
    DurationTooLong {
        /// The value given.
        text: String,
        /// Its seconds.
        secs: u64,
    },
}

/// `lst`: the command-line tool of the LST registry.
#[derive(Debug, Parser)]
#[command(
    name = "lst",
    version,
    about = "Command-line tool of the LST registry: oracle attestations, views, operator and admin transactions",
    after_help = "Keys are never taken from arguments: use --key-file PATH, or LST_PRIVATE_KEY (transactions) / LST_ORACLE_KEY (attestations)."
)]
pub struct Cli {
    /// JSON-RPC endpoint (http or https).
    #[arg(long, global = true, env = "LST_RPC_URL")]
    pub rpc: Option<String>,
    /// The registry's address.
    #[arg(long, global = true, env = "LST_REGISTRY")]
    pub registry: Option<Address>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    // ---------------------------------------------------------------- oracles and relayers
    /// Sign a closed Snapshot vote as an oracle: EIP-712 tally attestation (JSON).
    Attest(AttestArgs),
    /// Merge several oracles' signed tallies of the same tally into a submission.
    Combine(CombineArgs),
    /// Verify a signed tally or a submission offline (and against the chain with --rpc).
    Verify(VerifyArgs),
    /// Send a signed tally or submission to the registry (`attestTally`).
    Submit(SubmitArgs),

    // ---------------------------------------------------------------- views
    /// The vote rules, stake-cap bounds and Snapshot space in force.
    Rules,
    /// The current phase, its node limit, and every phase's limit.
    Phase,
    /// Admin, guardian, pause, counts and oracle set.
    Status,
    /// A round and the ranking of its applications (the latest round if no id is given).
    Round {
        /// The round id.
        id: Option<u64>,
    },
    /// An application, its tally and eligibility.
    Application {
        /// The application id.
        id: u64,
    },
    /// Whether nodes may pair with an application, and why.
    Eligibility {
        /// The application id.
        application: u64,
    },
    /// A node and its active pairing.
    Node {
        /// The node id.
        id: u64,
    },
    /// Active pairings with their caps and remaining capacity, by node id page.
    Pairings(PageArgs),

    // ---------------------------------------------------------------- node operators
    /// Pair a node with a qualified application (node operator).
    Pair(PairArgs),
    /// End a node's active pairing (node operator or admin).
    Unpair(UnpairArgs),
    /// Change the stake cap of a node's active pairing (node operator or admin).
    SetCap(SetCapArgs),

    // ---------------------------------------------------------------- admin
    /// Register a sequencer node (admin).
    RegisterNode(RegisterNodeArgs),
    /// Open a round for applications (admin).
    OpenRound(OpenRoundArgs),
    /// Stop a round taking applications (admin; anyone after the deadline).
    CloseRound(RoundIdArgs),
    /// Decide a closed, fully tallied round (anyone).
    FinaliseRound(RoundIdArgs),
    /// Move the program to the next phase (admin).
    AdvancePhase(AdvancePhaseArgs),
    /// Replace the oracle set (admin) under a new oracle epoch: in force after the oracle-set
    /// delay (at once for the first set); replaces a change still scheduled. While paused, it
    /// also voids the set in force at once.
    SetOracleSet(SetOracleSetArgs),
    /// Set the delay between an oracle-set change and its effect, for changes made from now
    /// on: one to 30 days (admin; not while paused).
    SetOracleSetDelay(SetOracleSetDelayArgs),
    /// Set the program's Snapshot space, which applications submitted from now on must name
    /// (admin).
    SetSnapshotSpace(SetSnapshotSpaceArgs),
    /// Set the vote rules of rounds opened from now on: quorum, distinct voters, approval and
    /// attestation window (admin).
    SetVoteRules(SetVoteRulesArgs),
    /// Revoke an application (admin; also while paused): it leaves its round or loses its
    /// eligibility, and its active pairings end; a never-attested one (pending, withdrawn or
    /// not attested) gives its Snapshot proposal back.
    RevokeApplication(RevokeApplicationArgs),
    /// Apply to the open round (applicant).
    Apply(ApplyArgs),
}

/// `lst attest`.
#[derive(Debug, Args)]
pub struct AttestArgs {
    /// The Snapshot result: a GraphQL response or a bare proposal object (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    pub proposal: PathBuf,
    /// The application the vote was about.
    #[arg(long)]
    pub application: u64,
    /// The application's round (read from the registry with --rpc).
    #[arg(long)]
    pub round: Option<u64>,
    /// The chain id (read from --rpc if not given).
    #[arg(long)]
    pub chain_id: Option<u64>,
    /// The application's content hash (read from the registry with --rpc).
    #[arg(long)]
    pub content_hash: Option<B256>,
    /// The oracle epoch to sign under (the registry's current one with --rpc).
    #[arg(long)]
    pub epoch: Option<u32>,
    /// Who submitted the application (read from the registry with --rpc).
    #[arg(long)]
    pub applicant: Option<Address>,
    /// The application's staking contract (read from the registry with --rpc); the
    /// proposal's text must name it.
    #[arg(long)]
    pub staking_contract: Option<Address>,
    /// The program's Snapshot space: the proposal must be in it (read from the registry's
    /// rules() with --rpc; offline, default metislayer2.eth).
    #[arg(long, value_name = "SPACE")]
    pub program_space: Option<String>,
    /// How the titles of the program's proposals end (case-sensitive; trailing whitespace
    /// ignored).
    #[arg(long, value_name = "TEXT", default_value = lst_registry_types::program::PROPOSAL_TITLE_SUFFIX)]
    pub title_suffix: String,
    /// File holding the oracle's private key (else LST_ORACLE_KEY).
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
    /// Write the signed tally to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `lst combine`.
#[derive(Debug, Args)]
pub struct CombineArgs {
    /// Signed tallies or submissions to merge.
    #[arg(required = true, value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    /// Refuse to combine fewer signatures than this.
    #[arg(long)]
    pub threshold: Option<usize>,
    /// Write the submission to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `lst verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A signed tally or submission.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// An expected oracle; repeat for each. Every signature must be by one of them.
    #[arg(long = "signer", value_name = "ADDRESS")]
    pub signers: Vec<Address>,
    /// Least number of valid signatures required.
    #[arg(long)]
    pub threshold: Option<usize>,
}

/// `lst submit`.
#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// A submission (or a single signed tally, for a threshold of one).
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// Options of every transaction.
#[derive(Debug, Args)]
pub struct TxArgs {
    /// File holding the sender's private key (else LST_PRIVATE_KEY).
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
    /// Simulate and estimate gas only; send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// A page of node ids.
#[derive(Debug, Args)]
pub struct PageArgs {
    /// Node ids to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Node ids to scan (the registry answers at most 100 per call).
    #[arg(long, default_value_t = 100)]
    pub limit: u64,
    /// Scan every node, page by page.
    #[arg(long, conflicts_with_all = ["offset", "limit"])]
    pub all: bool,
}

/// An amount: METIS by default (`25000`, `25000.5`), or wei with a `wei` suffix.
fn amount(text: &str) -> Result<U256, ArgError> {
    Ok(wei::parse_amount_arg(text)?)
}

/// `lst pair`.
#[derive(Debug, Args)]
pub struct PairArgs {
    /// The node.
    #[arg(long)]
    pub node: u64,
    /// A qualified application.
    #[arg(long)]
    pub application: u64,
    /// Stake cap: METIS (`25000`) or wei (`25000000000000000000000wei`).
    #[arg(long, value_parser = amount)]
    pub cap: U256,
    /// Where the pairing is announced (1 to 256 bytes).
    #[arg(long, value_name = "URI")]
    pub announcement: String,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// `lst unpair`.
#[derive(Debug, Args)]
pub struct UnpairArgs {
    /// The node.
    #[arg(long)]
    pub node: u64,
    /// Why (logged, up to 256 bytes).
    #[arg(long, default_value = "")]
    pub reason: String,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// `lst set-cap`.
#[derive(Debug, Args)]
pub struct SetCapArgs {
    /// The node.
    #[arg(long)]
    pub node: u64,
    /// New stake cap: METIS (`30000`) or wei (`…wei`).
    #[arg(long, value_parser = amount)]
    pub cap: U256,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// `lst register-node`.
#[derive(Debug, Args)]
pub struct RegisterNodeArgs {
    /// The node provider's account.
    #[arg(long)]
    pub operator: Address,
    /// The address the sequencer signs blocks with (never reusable).
    #[arg(long)]
    pub signer: Address,
    /// The node's metadata URI (1 to 256 bytes).
    #[arg(long, value_name = "URI")]
    pub metadata_uri: String,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// `lst open-round`.
#[derive(Debug, Args)]
pub struct OpenRoundArgs {
    /// How many passed applications qualify (1 to 32).
    #[arg(long)]
    pub slots: u8,
    /// Last time applications are accepted: unix seconds, or `+` a duration from now
    /// (`+3600`, `+90m`, `+36h`, `+14d`).
    #[arg(long, allow_hyphen_values = true)]
    pub deadline: String,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// A round id, for `close-round` and `finalise-round`.
#[derive(Debug, Args)]
pub struct RoundIdArgs {
    /// The round.
    pub round: u64,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// `lst advance-phase`.
#[derive(Debug, Args)]
pub struct AdvancePhaseArgs {
    /// The phase to move to, by code or name (default: the next one).
    #[arg(long)]
    pub to: Option<String>,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// `lst set-oracle-set`.
#[derive(Debug, Args)]
pub struct SetOracleSetArgs {
    /// An oracle signer; repeat for each (sorted for you).
    #[arg(long = "signer", required = true, value_name = "ADDRESS")]
    pub signers: Vec<Address>,
    /// Signatures needed per tally.
    #[arg(long)]
    pub threshold: u8,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// `lst set-oracle-set-delay`.
#[derive(Debug, Args)]
pub struct SetOracleSetDelayArgs {
    /// The delay: seconds or N[s|m|h|d] (e.g. 172800, 2d, 36h); the registry takes 1 to 30
    /// days.
    #[arg(long, value_parser = window)]
    pub delay: u32,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// `lst set-snapshot-space`.
#[derive(Debug, Args)]
pub struct SetSnapshotSpaceArgs {
    /// The space (an ENS name such as `metislayer2.eth`), 1 to 64 bytes.
    #[arg(long)]
    pub space: String,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// A duration: seconds (`1209600`), or a number with a unit `s`, `m`, `h` or `d` (`14d`,
/// `36h`); at most `u32::MAX` seconds.
fn window(text: &str) -> Result<u32, ArgError> {
    let secs = parse_duration(text).ok_or_else(|| ArgError::Duration {
        text: text.to_string(),
    })?;
    u32::try_from(secs).map_err(|_| ArgError::DurationTooLong {
        text: text.to_string(),
        secs,
    })
}

/// Seconds of `N`, `Ns`, `Nm`, `Nh` or `Nd`; `None` if malformed or too large.
pub fn parse_duration(text: &str) -> Option<u64> {
    let (digits, scale) = match text.char_indices().last() {
        Some((at, c)) if c.is_ascii_alphabetic() => {
            let scale = match c {
                's' => 1,
                'm' => 60,
                'h' => 3_600,
                'd' => 86_400,
                _ => return None,
            };
            (&text[..at], scale)
        }
        _ => (text, 1),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(scale)
}

/// `lst set-vote-rules`.
#[derive(Debug, Args)]
pub struct SetVoteRulesArgs {
    /// Least For + Against + Abstain weight: METIS (`20000`) or wei (`…wei`); 1 wei to
    /// 2^96 - 1 wei.
    #[arg(long, value_parser = amount)]
    pub quorum: U256,
    /// Least number of distinct voting addresses (non-zero).
    #[arg(long)]
    pub min_voters: u32,
    /// Least For / (For + Against), in basis points (5001 to 10000).
    #[arg(long)]
    pub approval_bps: u16,
    /// How long after a round's application deadline its tallies are attested: seconds or
    /// N[s|m|h|d] (1 to 90 days; default of the program 14d).
    #[arg(long, value_parser = window, value_name = "SECONDS|DURATION")]
    pub attestation_window: u32,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// `lst revoke-application`.
#[derive(Debug, Args)]
pub struct RevokeApplicationArgs {
    /// The application.
    #[arg(long)]
    pub application: u64,
    /// Why (logged in `ApplicationRevoked` and each `NodeUnpaired`; 1 to 256 bytes).
    #[arg(long)]
    pub reason: String,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

/// `lst apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The LST's name (1 to 64 bytes).
    #[arg(long)]
    pub name: String,
    /// Where the application document is (1 to 256 bytes).
    #[arg(long, value_name = "URI")]
    pub metadata_uri: String,
    /// Hash of the application document.
    #[arg(long)]
    pub content_hash: B256,
    /// The Snapshot space of the vote (default: the program's, read from rules()).
    #[arg(long)]
    pub space: Option<String>,
    /// The Snapshot proposal id of the vote.
    #[arg(long = "proposal-id")]
    pub proposal_id: B256,
    /// The LST's staking contract.
    #[arg(long)]
    pub staking_contract: Address,
    /// How the transaction is sent.
    #[command(flatten)]
    pub tx: TxArgs,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_in_seconds_minutes_hours_and_days() {
        assert_eq!(parse_duration("1209600"), Some(1_209_600));
        assert_eq!(parse_duration("14d"), Some(1_209_600));
        assert_eq!(parse_duration("36h"), Some(129_600));
        assert_eq!(parse_duration("90m"), Some(5_400));
        assert_eq!(parse_duration("45s"), Some(45));
        for bad in [
            "",
            "d",
            "14x",
            "-1",
            "+1d",
            "1.5d",
            "14 d",
            "99999999999999999999",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert_eq!(window("90d"), Ok(7_776_000));
        assert!(window("50000d").is_err_and(|e| e.to_string().contains("32 bits")));
        assert!(window("soon").is_err_and(|e| e.to_string().contains("N[s|m|h|d]")));
    }
}
