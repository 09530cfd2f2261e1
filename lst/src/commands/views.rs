//! Read-only commands, for dapps and operators.

use alloy::primitives::U256;
use serde_json::{json, Value};

use crate::abi::{
    code_name, ILstRegistry, APPLICATION_STATUS, APPLICATION_STATUS_MEANING, PHASE, ROUND_STATUS,
};
use crate::chain::Chain;
use crate::cli::PageArgs;
use crate::commands::Context;
use crate::error::Result;
use crate::output::{amount_json, display_duration, table, Fields, Report};
use crate::wei::display_ether;

/// The most positions a paginated view answers per call.
const PAGE: u64 = 100;

/// `lst rules`.
pub fn rules(context: &Context) -> Result<Report> {
    let mut chain = context.chain()?;
    let rules = chain.view(ILstRegistry::rulesCall {})?;
    let json = json!({
        "quorum": amount_json(rules.quorum),
        "minVoters": rules.minVoters,
        "approvalBps": rules.approvalBps,
        "attestationWindow": rules.attestationWindow,
        "minCap": amount_json(rules.minCap),
        "maxCap": amount_json(rules.maxCap),
        "countingMode": rules.countingMode,
        "snapshotSpace": rules.snapshotSpace,
    });
    let mut fields = Fields::new();
    fields
        .add(
            "quorum",
            format!("{} (For + Against + Abstain)", display_ether(rules.quorum)),
        )
        .add(
            "min voters",
            format!("{} distinct addresses", rules.minVoters),
        )
        .add(
            "approval",
            format!("{} (For / (For + Against))", bps(rules.approvalBps)),
        )
        .add(
            "attestation window",
            format!(
                "{} after a round's deadline ({} s); a tally missing then fails (NotAttested)",
                display_duration(rules.attestationWindow.into()),
                rules.attestationWindow
            ),
        )
        .add(
            "stake caps",
            format!(
                "{} .. {}",
                display_ether(rules.minCap),
                display_ether(rules.maxCap)
            ),
        )
        .add("counting mode", &rules.countingMode)
        .add("snapshot space", &rules.snapshotSpace);
    Ok(Report::new(json, fields.render()))
}

/// Basis points as a percentage: `80.00 %`.
fn bps(value: u16) -> String {
    format!("{}.{:02} %", value / 100, value % 100)
}

/// `lst phase`.
pub fn phase(context: &Context) -> Result<Report> {
    let mut chain = context.chain()?;
    let phase = chain.view(ILstRegistry::phaseCall {})?;
    let limits = chain.view(ILstRegistry::phaseNodeLimitsCall {})?;
    let json = json!({
        "phase": phase.current,
        "phaseName": code_name(&PHASE, phase.current),
        "nodeLimit": phase.nodeLimit,
        "nodeCount": phase.nodeCount,
        "limits": PHASE.iter().zip(limits.iter()).map(|(name, limit)| json!({"phase": name, "nodeLimit": limit})).collect::<Vec<_>>(),
    });
    let mut fields = Fields::new();
    fields
        .add(
            "phase",
            format!("{} ({})", code_name(&PHASE, phase.current), phase.current),
        )
        .add(
            "nodes",
            format!("{} of {}", phase.nodeCount, phase.nodeLimit),
        )
        .add("room", phase.nodeLimit.saturating_sub(phase.nodeCount));
    let rows: Vec<Vec<String>> = PHASE
        .iter()
        .zip(limits.iter())
        .enumerate()
        .map(|(code, (name, limit))| {
            let marker = if code == usize::from(phase.current) {
                "<- current"
            } else {
                ""
            };
            vec![
                code.to_string(),
                (*name).to_string(),
                limit.to_string(),
                marker.to_string(),
            ]
        })
        .collect();
    let human = format!(
        "{}\n\n{}",
        fields.render(),
        table(&["code", "phase", "node limit", ""], &rows)
    );
    Ok(Report::new(json, human))
}

/// `lst status`.
pub fn status(context: &Context) -> Result<Report> {
    let mut chain = context.chain()?;
    let chain_id = chain.chain_id()?;
    let admin = chain.view(ILstRegistry::adminCall {})?;
    let pending = chain.view(ILstRegistry::pendingAdminCall {})?;
    let guardian = chain.view(ILstRegistry::guardianCall {})?;
    let paused = chain.view(ILstRegistry::pausedCall {})?;
    let counts = chain.view(ILstRegistry::countsCall {})?;
    let set = chain.view(ILstRegistry::oracleSetCall {})?;
    let nonce = chain.view(ILstRegistry::pairingNonceCall {})?;
    let separator = chain.view(ILstRegistry::domainSeparatorCall {})?;
    let json = json!({
        "chainId": chain_id, "registry": chain.address(), "admin": admin, "pendingAdmin": pending,
        "guardian": guardian, "paused": paused,
        "counts": {"rounds": counts.roundCount, "applications": counts.applicationCount, "nodes": counts.nodeCount, "pairings": counts.pairingCount},
        "oracleSet": {
            "epoch": set.epoch, "threshold": set.threshold, "signers": set.signers,
            "next": if set.nextEpoch == 0 { Value::Null } else {
                json!({"epoch": set.nextEpoch, "threshold": set.nextThreshold, "signers": set.nextSigners, "at": set.nextAt})
            },
            "delay": set.delay,
        },
        "pairingNonce": nonce, "domainSeparator": separator,
    });
    let mut fields = Fields::new();
    fields
        .add(
            "chain / registry",
            format!("{chain_id} / {}", chain.address()),
        )
        .add("admin", admin);
    if !pending.is_zero() {
        fields.add("pending admin", pending);
    }
    fields.add("guardian", guardian).add("paused", paused);
    fields.add(
        "counts",
        format!(
            "{} rounds, {} applications, {} nodes, {} pairings",
            counts.roundCount, counts.applicationCount, counts.nodeCount, counts.pairingCount
        ),
    );
    fields.add(
        "oracle set",
        if set.epoch == 0 {
            // Before the first set, or void after a change made while paused.
            "none in force: no tally can be attested".to_string()
        } else {
            format!(
                "epoch {}, {} of {}",
                set.epoch,
                set.threshold,
                set.signers.len()
            )
        },
    );
    for signer in &set.signers {
        fields.add("  oracle", signer);
    }
    if set.nextEpoch != 0 {
        fields.add(
            "scheduled oracle set",
            format!(
                "epoch {}, {} of {}, in force at {}",
                set.nextEpoch,
                set.nextThreshold,
                set.nextSigners.len(),
                set.nextAt
            ),
        );
        for signer in &set.nextSigners {
            fields.add("  oracle", signer);
        }
    }
    fields.add("oracle-set delay", display_duration(u64::from(set.delay)));
    fields
        .add("pairing nonce", nonce)
        .add("domain separator", separator);
    Ok(Report::new(json, fields.render()))
}

/// One application with its tally, for rankings.
struct Entry {
    id: u64,
    app: ILstRegistry::applicationReturn,
    tally: ILstRegistry::applicationTallyReturn,
}

fn entry(chain: &mut Chain, id: u64) -> Result<Entry> {
    let app = chain.view(ILstRegistry::applicationCall { applicationId: id })?;
    let tally = chain.view(ILstRegistry::applicationTallyCall { applicationId: id })?;
    Ok(Entry { id, app, tally })
}

/// `lst round [id]`: the round and its applications, ranked (ranked ones by rank, then the
/// others by status and id).
pub fn round(context: &Context, id: Option<u64>) -> Result<Report> {
    let mut chain = context.chain()?;
    let id = match id {
        Some(id) => id,
        None => chain.view(ILstRegistry::countsCall {})?.roundCount,
    };
    let round = chain.view(ILstRegistry::roundCall { roundId: id })?;
    let mut ids = Vec::new();
    let mut offset = 0u64;
    loop {
        let page = chain.view(ILstRegistry::roundApplicationsCall {
            roundId: id,
            offset,
            limit: PAGE,
        })?;
        let done = (page.len() as u64) < PAGE;
        offset += page.len() as u64;
        ids.extend(page);
        if done || ids.len() >= usize::from(round.applications) {
            break;
        }
    }
    let mut entries = Vec::with_capacity(ids.len());
    for app_id in ids {
        entries.push(entry(&mut chain, app_id)?);
    }
    entries.sort_by_key(|e| (e.app.rank == 0, e.app.rank, e.app.status, e.id));

    let json = json!({
        "round": id,
        "slots": round.slots,
        "status": code_name(&ROUND_STATUS, round.status),
        "statusCode": round.status,
        "phase": code_name(&PHASE, round.roundPhase),
        "deadline": round.deadline,
        "attestationDeadline": round.attestationDeadline,
        "applications": round.applications, "live": round.live, "tallied": round.tallied,
        "passed": round.passed, "qualified": round.qualified,
        "firstApplication": round.firstApplication,
        "rules": {
            "quorum": amount_json(round.quorum),
            "minVoters": round.minVoters,
            "approvalBps": round.approvalBps,
            "attestationWindow": round.attestationWindow,
        },
        "ranking": entries.iter().map(|e| json!({
            "application": e.id,
            "name": e.app.name,
            "status": code_name(&APPLICATION_STATUS, e.app.status),
            "statusCode": e.app.status,
            "rank": e.app.rank,
            "forVotes": amount_json(e.tally.forVotes),
            "againstVotes": amount_json(e.tally.againstVotes),
            "abstainVotes": amount_json(e.tally.abstainVotes),
            "voters": e.tally.voters,
        })).collect::<Vec<_>>(),
    });
    let mut fields = Fields::new();
    fields
        .add("round", id)
        .add("status", code_name(&ROUND_STATUS, round.status))
        .add("opened in", code_name(&PHASE, round.roundPhase))
        .add("slots", round.slots)
        .add("deadline", format!("{} (unix)", round.deadline))
        .add(
            "attestation deadline",
            format!(
                "{} (unix): the deadline + {}",
                round.attestationDeadline,
                display_duration(round.attestationWindow.into())
            ),
        )
        .add(
            "decided by",
            format!(
                "quorum {}, {} voters, {} approval, {} attestation window (the rules when it opened)",
                display_ether(round.quorum),
                round.minVoters,
                bps(round.approvalBps),
                display_duration(round.attestationWindow.into())
            ),
        )
        .add(
            "applications",
            format!(
                "{} submitted, {} live, {} tallied, {} passed, {} qualified",
                round.applications, round.live, round.tallied, round.passed, round.qualified
            ),
        );
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                if e.app.rank == 0 {
                    "-".into()
                } else {
                    e.app.rank.to_string()
                },
                e.id.to_string(),
                e.app.name.clone(),
                code_name(&APPLICATION_STATUS, e.app.status),
                display_ether(e.tally.forVotes),
                display_ether(e.tally.againstVotes),
                e.tally.voters.to_string(),
            ]
        })
        .collect();
    let human = if rows.is_empty() {
        format!("{}\n\n(no applications)", fields.render())
    } else {
        format!(
            "{}\n\n{}",
            fields.render(),
            table(
                &["rank", "app", "name", "status", "for", "against", "voters"],
                &rows
            )
        )
    };
    Ok(Report::new(json, human))
}

/// `lst application <id>`.
pub fn application(context: &Context, id: u64) -> Result<Report> {
    let mut chain = context.chain()?;
    let Entry { app, tally, .. } = entry(&mut chain, id)?;
    let eligibility = chain.view(ILstRegistry::eligibilityCall { applicationId: id })?;
    let json = json!({
        "application": id, "round": app.roundId, "name": app.name, "applicant": app.applicant,
        "stakingContract": app.stakingContract,
        "status": code_name(&APPLICATION_STATUS, app.status), "statusCode": app.status, "rank": app.rank,
        "contentHash": app.contentHash, "metadataUri": app.metadataUri,
        "snapshotSpace": app.snapshotSpace, "snapshotProposal": app.snapshotProposal,
        "tally": {
            "forVotes": amount_json(tally.forVotes), "againstVotes": amount_json(tally.againstVotes),
            "abstainVotes": amount_json(tally.abstainVotes), "voters": tally.voters, "oracleEpoch": tally.oracleEpoch,
        },
        "eligible": eligibility.eligible,
    });
    let mut fields = Fields::new();
    fields
        .add("application", format!("{id}: {}", app.name))
        .add("round", app.roundId)
        .add(
            "status",
            format!(
                "{} ({})",
                code_name(&APPLICATION_STATUS, app.status),
                app.status
            ),
        )
        .add(
            "rank",
            if app.rank == 0 {
                "-".to_string()
            } else {
                app.rank.to_string()
            },
        )
        .add("eligible to pair", eligibility.eligible)
        .add("applicant", app.applicant)
        .add("staking contract", app.stakingContract)
        .add("metadata", &app.metadataUri)
        .add("content hash", app.contentHash)
        .add(
            "snapshot",
            format!("{} {}", app.snapshotSpace, app.snapshotProposal),
        );
    if tally.oracleEpoch == 0 {
        fields.add(
            "tally",
            match app.status {
                1 => "not attested yet",
                9 => "none: not attested by the round's attestation deadline",
                _ => "none",
            },
        );
    } else {
        fields
            .add("for", display_ether(tally.forVotes))
            .add("against", display_ether(tally.againstVotes))
            .add("abstain", display_ether(tally.abstainVotes))
            .add("voters", tally.voters)
            .add("attested in epoch", tally.oracleEpoch);
    }
    Ok(Report::new(json, fields.render()))
}

/// `lst eligibility <application>`.
pub fn eligibility(context: &Context, id: u64) -> Result<Report> {
    let mut chain = context.chain()?;
    let result = chain.view(ILstRegistry::eligibilityCall { applicationId: id })?;
    let meaning = APPLICATION_STATUS_MEANING
        .get(usize::from(result.status))
        .copied()
        .unwrap_or("unknown status code");
    let json = json!({
        "application": id,
        "eligible": result.eligible,
        "reason": result.status,
        "reasonName": code_name(&APPLICATION_STATUS, result.status),
        "meaning": meaning,
    });
    let verdict = if result.eligible {
        "ELIGIBLE"
    } else {
        "NOT ELIGIBLE"
    };
    let human = format!(
        "application {id}: {verdict}\nreason {} {}: {meaning}",
        result.status,
        code_name(&APPLICATION_STATUS, result.status)
    );
    Ok(Report::new(json, human))
}

/// `lst node <id>`.
pub fn node(context: &Context, id: u64) -> Result<Report> {
    let mut chain = context.chain()?;
    let node = chain.view(ILstRegistry::nodeCall { nodeId: id })?;
    let mut fields = Fields::new();
    fields
        .add("node", id)
        .add("operator", node.operator)
        .add("sequencer signer", node.sequencerSigner)
        .add(
            "registered",
            format!(
                "in {} at {} (unix)",
                code_name(&PHASE, node.registeredPhase),
                node.registeredAt
            ),
        )
        .add("metadata", &node.metadataUri);
    let mut pairing_json = Value::Null;
    if node.activePairing == 0 {
        fields.add("pairing", "none");
    } else {
        let pairing = chain.view(ILstRegistry::pairingCall {
            pairingId: node.activePairing,
        })?;
        let remaining = chain.view(ILstRegistry::remainingCapacityCall { nodeId: id })?;
        pairing_json = json!({
            "pairing": node.activePairing, "application": pairing.applicationId,
            "stakeCap": amount_json(pairing.stakeCap), "stake": amount_json(pairing.stake),
            "remaining": amount_json(remaining), "startedAt": pairing.startedAt,
            "announcementUri": pairing.announcementUri,
            "capOutOfBounds": pairing.capOutOfBounds,
        });
        fields
            .add(
                "pairing",
                format!(
                    "{} with application {}",
                    node.activePairing, pairing.applicationId
                ),
            )
            .add("stake cap", display_ether(pairing.stakeCap))
            .add("stake", display_ether(pairing.stake))
            .add("remaining", display_ether(remaining))
            .add("since", format!("{} (unix)", pairing.startedAt))
            .add("announcement", &pairing.announcementUri);
        if pairing.capOutOfBounds {
            fields.add(
                "cap bounds",
                "the cap lies outside the bounds in force (set before they changed)",
            );
        }
    }
    let json = json!({
        "node": id, "operator": node.operator, "sequencerSigner": node.sequencerSigner,
        "registeredPhase": code_name(&PHASE, node.registeredPhase), "registeredAt": node.registeredAt,
        "metadataUri": node.metadataUri, "activePairing": pairing_json,
    });
    Ok(Report::new(json, fields.render()))
}

/// `lst pairings`: active pairings of a page of node ids, or of every node with `--all`.
pub fn pairings(context: &Context, args: PageArgs) -> Result<Report> {
    let mut chain = context.chain()?;
    let nodes = chain.view(ILstRegistry::countsCall {})?.nodeCount;
    let pages: Vec<(u64, u64)> = if args.all {
        (0..nodes.div_ceil(PAGE))
            .map(|p| (p * PAGE, PAGE))
            .collect()
    } else {
        vec![(args.offset, args.limit.min(PAGE))]
    };
    let mut rows_json = Vec::new();
    let mut rows = Vec::new();
    let (mut total_cap, mut total_remaining) = (U256::ZERO, U256::ZERO);
    for (offset, limit) in &pages {
        let page = chain.view(ILstRegistry::activePairingsCall {
            offset: *offset,
            limit: *limit,
        })?;
        for i in 0..page.nodeIds.len() {
            let (cap, remaining) = (page.stakeCaps[i], page.remaining[i]);
            total_cap = total_cap.saturating_add(cap);
            total_remaining = total_remaining.saturating_add(remaining);
            rows_json.push(json!({
                "node": page.nodeIds[i], "pairing": page.pairingIds[i], "application": page.applicationIds[i],
                "stakeCap": amount_json(cap), "remaining": amount_json(remaining),
            }));
            rows.push(vec![
                page.nodeIds[i].to_string(),
                page.pairingIds[i].to_string(),
                page.applicationIds[i].to_string(),
                display_ether(cap),
                display_ether(remaining),
            ]);
        }
    }
    let scanned = match (args.all, pages.first()) {
        (true, _) => format!("all {nodes} nodes"),
        (false, Some((offset, limit))) if *offset < nodes => {
            format!(
                "nodes {}..={} of {nodes}",
                offset + 1,
                (offset + limit).min(nodes)
            )
        }
        _ => format!("no nodes past {} of {nodes}", args.offset),
    };
    let end = args.offset.saturating_add(args.limit.min(PAGE));
    let next = (!args.all && end < nodes).then_some(end);
    let json = json!({
        "scanned": scanned, "nextOffset": next, "pairings": rows_json,
        "totalStakeCap": amount_json(total_cap), "totalRemaining": amount_json(total_remaining),
    });
    let mut human = format!("active pairings ({scanned}): {}", rows.len());
    if !rows.is_empty() {
        human.push_str("\n\n");
        human.push_str(&table(
            &["node", "pairing", "application", "stake cap", "remaining"],
            &rows,
        ));
        human.push_str(&format!(
            "\n\ntotal cap {}, remaining {}",
            display_ether(total_cap),
            display_ether(total_remaining)
        ));
    }
    if let Some(next) = next {
        human.push_str(&format!("\nnext page: --offset {next}"));
    }
    Ok(Report::new(json, human))
}
