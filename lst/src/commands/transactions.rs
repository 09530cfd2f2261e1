//! Operator and admin commands: one registry function each, simulated before sending; the
//! report gives the transaction hash, status, gas, events, or the decoded custom error.

use alloy::primitives::Address;

use crate::abi::{parse_phase, ILstRegistry, PHASE};
use crate::chain::Chain;
use crate::cli::{
    parse_duration, AdvancePhaseArgs, ApplyArgs, OpenRoundArgs, PairArgs, RegisterNodeArgs,
    RevokeApplicationArgs, RoundIdArgs, SetCapArgs, SetOracleSetArgs, SetOracleSetDelayArgs,
    SetSnapshotSpaceArgs, SetVoteRulesArgs, UnpairArgs,
};
use crate::commands::Context;
use crate::error::{CliError, Result};
use crate::output::Report;

/// `lst pair`.
pub fn pair(context: &Context, args: PairArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    let call = ILstRegistry::pairCall {
        nodeId: args.node,
        applicationId: args.application,
        stakeCap: args.cap,
        announcementUri: args.announcement,
    };
    chain.transact(sender, call, args.tx.dry_run)
}

/// `lst unpair`.
pub fn unpair(context: &Context, args: UnpairArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    let call = ILstRegistry::unpairCall {
        nodeId: args.node,
        reason: args.reason,
    };
    chain.transact(sender, call, args.tx.dry_run)
}

/// `lst set-cap`.
pub fn set_cap(context: &Context, args: SetCapArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    let call = ILstRegistry::setStakeCapCall {
        nodeId: args.node,
        stakeCap: args.cap,
    };
    chain.transact(sender, call, args.tx.dry_run)
}

/// `lst register-node`.
pub fn register_node(context: &Context, args: RegisterNodeArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    let call = ILstRegistry::registerNodeCall {
        operator: args.operator,
        sequencerSigner: args.signer,
        metadataUri: args.metadata_uri,
    };
    chain.transact(sender, call, args.tx.dry_run)
}

/// Parses a deadline: unix seconds, or `+N[s|m|h|d]` from the latest block's timestamp (the
/// chain's clock, not this machine's).
fn deadline(chain: &mut Chain, text: &str) -> Result<u64> {
    let bad = || {
        CliError::usage(format!(
            "--deadline `{text}`: expected unix seconds or +N[s|m|h|d]"
        ))
    };
    let Some(relative) = text.strip_prefix('+') else {
        return text.parse().map_err(|_| bad());
    };
    let duration = parse_duration(relative).ok_or_else(bad)?;
    let now = chain.latest_timestamp()?;
    duration.checked_add(now).ok_or_else(bad)
}

/// `lst open-round`.
pub fn open_round(context: &Context, args: OpenRoundArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    let deadline = deadline(&mut chain, &args.deadline)?;
    let call = ILstRegistry::openRoundCall {
        slots: args.slots,
        deadline,
    };
    chain.transact(sender, call, args.tx.dry_run)
}

/// `lst close-round`.
pub fn close_round(context: &Context, args: RoundIdArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    chain.transact(
        sender,
        ILstRegistry::closeRoundCall {
            roundId: args.round,
        },
        args.tx.dry_run,
    )
}

/// `lst finalise-round`.
pub fn finalise_round(context: &Context, args: RoundIdArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    chain.transact(
        sender,
        ILstRegistry::finaliseRoundCall {
            roundId: args.round,
        },
        args.tx.dry_run,
    )
}

/// `lst advance-phase`: to `--to`, or the phase after the current one.
pub fn advance_phase(context: &Context, args: AdvancePhaseArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    let to = match &args.to {
        Some(text) => parse_phase(text).ok_or_else(|| {
            CliError::usage(format!(
                "--to `{text}`: expected a phase code 0-3 or one of {}",
                PHASE.join(", ")
            ))
        })?,
        None => {
            let current = chain.view(ILstRegistry::phaseCall {})?.current;
            current
                .checked_add(1)
                .ok_or_else(|| CliError::usage("no phase after the current one"))?
        }
    };
    chain.transact(
        sender,
        ILstRegistry::advancePhaseCall { to },
        args.tx.dry_run,
    )
}

/// `lst set-oracle-set`: the signers are sorted for the registry; duplicates are refused.
/// The new set takes effect after the oracle-set delay (at once for the first set; while
/// paused, the set in force is void at once): its `OracleSetChanged` event names the time.
pub fn set_oracle_set(context: &Context, args: SetOracleSetArgs) -> Result<Report> {
    let mut signers: Vec<Address> = args.signers.clone();
    signers.sort();
    if let Some(pair) = signers.windows(2).find(|w| w[0] == w[1]) {
        return Err(CliError::usage(format!(
            "oracle signer {} is listed twice",
            pair[0]
        )));
    }
    let (mut chain, sender) = context.sender(&args.tx)?;
    let call = ILstRegistry::setOracleSetCall {
        signers,
        threshold: args.threshold,
    };
    chain.transact(sender, call, args.tx.dry_run)
}

/// `lst set-oracle-set-delay`: the registry checks the bounds (1 to 30 days); a change
/// already scheduled keeps its time.
pub fn set_oracle_set_delay(context: &Context, args: SetOracleSetDelayArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    let call = ILstRegistry::setOracleSetDelayCall { delay: args.delay };
    chain.transact(sender, call, args.tx.dry_run)
}

/// `lst set-snapshot-space`: the registry checks the length (1 to 64 bytes).
pub fn set_snapshot_space(context: &Context, args: SetSnapshotSpaceArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    let call = ILstRegistry::setSnapshotSpaceCall { space: args.space };
    chain.transact(sender, call, args.tx.dry_run)
}

/// `lst set-vote-rules`: the registry checks the bounds (quorum 1 wei to 2^96 - 1 wei,
/// voters non-zero, approval 5001 to 10000 basis points, window 1 to 90 days); the rules
/// apply to rounds opened from now on.
pub fn set_vote_rules(context: &Context, args: SetVoteRulesArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    let call = ILstRegistry::setVoteRulesCall {
        quorum: args.quorum,
        minVoters: args.min_voters,
        approvalBps: args.approval_bps,
        attestationWindow: args.attestation_window,
    };
    chain.transact(sender, call, args.tx.dry_run)
}

/// `lst revoke-application`: the registry checks the status (not already revoked) and
/// the reason (1 to 256 bytes).
pub fn revoke_application(context: &Context, args: RevokeApplicationArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    let call = ILstRegistry::revokeApplicationCall {
        applicationId: args.application,
        reason: args.reason,
    };
    chain.transact(sender, call, args.tx.dry_run)
}

/// `lst apply`: the Snapshot space defaults to the program's (`rules().snapshotSpace`).
pub fn apply(context: &Context, args: ApplyArgs) -> Result<Report> {
    let (mut chain, sender) = context.sender(&args.tx)?;
    let space = match args.space {
        Some(space) => space,
        None => chain.view(ILstRegistry::rulesCall {})?.snapshotSpace,
    };
    let call = ILstRegistry::submitApplicationCall {
        name: args.name,
        metadataUri: args.metadata_uri,
        contentHash: args.content_hash,
        snapshotSpace: space,
        snapshotProposal: args.proposal_id,
        stakingContract: args.staking_contract,
    };
    chain.transact(sender, call, args.tx.dry_run)
}
