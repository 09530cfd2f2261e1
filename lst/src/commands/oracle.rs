//! `attest`, `combine`, `verify` and `submit`: from a closed Snapshot vote to an attested
//! tally on chain.

use std::collections::BTreeSet;

use alloy::primitives::{Address, B256};
use serde_json::{json, Value};

use crate::abi::{code_name, ILstRegistry, APPLICATION_STATUS};
use crate::attestation::{self, Document, Domain, SignedTally, Source, Tally, Verified};
use crate::chain::Chain;
use crate::cli::{AttestArgs, CombineArgs, SubmitArgs, VerifyArgs};
use crate::commands::{read_input, write_output, Context};
use crate::error::{CliError, Result};
use crate::keys;
use crate::output::{Fields, Report};
use crate::snapshot;
use crate::wei::{self, MAX_REGISTRY_AMOUNT};
use lst_registry_client::eip712;

/// `value` unless `given` disagrees with it.
fn agree<T: PartialEq + std::fmt::Display>(what: &str, given: Option<T>, on_chain: T) -> Result<T> {
    match given {
        Some(given) if given != on_chain => Err(CliError::Mismatch(format!(
            "{what}: given {given}, but the registry says {on_chain}"
        ))),
        _ => Ok(on_chain),
    }
}

/// What `attest` signs besides the Snapshot result: read from the registry with `--rpc`,
/// else from the flags.
struct Subject {
    chain_id: u64,
    round: u64,
    content_hash: B256,
    epoch: u32,
    applicant: Address,
    staking_contract: Address,
    program_space: String,
    /// The connection and the oracle set's signers, with `--rpc`.
    on_chain: Option<(Chain, Vec<Address>)>,
}

/// The application's values from the registry, checked against the flags given and against
/// the proposal (its space and id).
fn subject_on_chain(
    context: &Context,
    args: &AttestArgs,
    proposal: &snapshot::Proposal,
) -> Result<Subject> {
    let mut chain = context.chain()?;
    let chain_id = agree("chain id", args.chain_id, chain.chain_id()?)?;
    let app = chain.view(ILstRegistry::applicationCall {
        applicationId: args.application,
    })?;
    if app.snapshotSpace != proposal.space {
        return Err(CliError::Mismatch(format!(
            "application {} is voted on in Snapshot space `{}`, but the proposal is in `{}`",
            args.application, app.snapshotSpace, proposal.space
        )));
    }
    if app.snapshotProposal != proposal.id {
        return Err(CliError::Mismatch(format!(
            "application {} names Snapshot proposal {}, but the result is of proposal {}",
            args.application, app.snapshotProposal, proposal.id
        )));
    }
    if app.status != 1 {
        eprintln!(
            "warning: application {} is {}, not Pending: the registry will not accept a tally for it",
            args.application,
            code_name(&APPLICATION_STATUS, app.status)
        );
    }
    // The registry refuses tallies after the round's attestation deadline (the round then
    // finalises without them): a signature made now could never be used.
    let attestation_deadline = chain
        .view(ILstRegistry::roundCall {
            roundId: app.roundId,
        })?
        .attestationDeadline;
    let now = chain.latest_timestamp()?;
    if now > attestation_deadline {
        return Err(CliError::Refused(format!(
            "the attestation deadline of round {} ({attestation_deadline}, unix) has passed (latest block {now}): the registry no longer accepts tallies for application {}; refusing to sign",
            app.roundId, args.application
        )));
    }
    let round = agree("round", args.round, app.roundId)?;
    let content_hash = agree("content hash", args.content_hash, app.contentHash)?;
    let applicant = agree("applicant", args.applicant, app.applicant)?;
    let staking_contract = agree(
        "staking contract",
        args.staking_contract,
        app.stakingContract,
    )?;
    let rules = chain.view(ILstRegistry::rulesCall {})?;
    let program_space = agree(
        "program Snapshot space",
        args.program_space.clone(),
        rules.snapshotSpace,
    )?;
    let set = chain.view(ILstRegistry::oracleSetCall {})?;
    let epoch = agree("oracle epoch", args.epoch, set.epoch)?;
    Ok(Subject {
        chain_id,
        round,
        content_hash,
        epoch,
        applicant,
        staking_contract,
        program_space,
        on_chain: Some((chain, set.signers)),
    })
}

/// The application's values from the flags, all required.
fn subject_offline(args: &AttestArgs) -> Result<Subject> {
    let missing = |flag: &str| CliError::usage(format!("{flag} is required without --rpc"));
    Ok(Subject {
        chain_id: args.chain_id.ok_or_else(|| missing("--chain-id"))?,
        round: args.round.ok_or_else(|| missing("--round"))?,
        content_hash: args.content_hash.ok_or_else(|| missing("--content-hash"))?,
        epoch: args.epoch.ok_or_else(|| missing("--epoch"))?,
        applicant: args.applicant.ok_or_else(|| missing("--applicant"))?,
        staking_contract: args
            .staking_contract
            .ok_or_else(|| missing("--staking-contract"))?,
        program_space: args
            .program_space
            .clone()
            .unwrap_or_else(|| snapshot::DEFAULT_SNAPSHOT_SPACE.to_string()),
        on_chain: None,
    })
}

/// `lst attest`: checks the Snapshot result, builds the tally, cross-checks it with the
/// registry when `--rpc` is given, checks that the vote is the program's and about this
/// application (space, title, text naming the staking contract), and signs it with the
/// oracle's key.
pub fn attest(context: &Context, args: AttestArgs) -> Result<Report> {
    let proposal = snapshot::parse_proposal(&read_input(&args.proposal)?)?;
    for (choice, value) in [
        ("For", proposal.for_votes),
        ("Against", proposal.against_votes),
        ("Abstain", proposal.abstain_votes),
    ] {
        if value > MAX_REGISTRY_AMOUNT {
            return Err(CliError::usage(format!(
                "{choice} weight {} exceeds the registry's largest amount (2^96 - 1 wei)",
                wei::display_ether(value)
            )));
        }
    }
    if args.title_suffix.trim().is_empty() {
        return Err(CliError::usage(
            "--title-suffix must not be empty: it identifies the program's proposals",
        ));
    }
    let registry = context.registry()?;

    let Subject {
        chain_id,
        round,
        content_hash,
        epoch,
        applicant,
        staking_contract,
        program_space,
        mut on_chain,
    } = if context.rpc.is_some() {
        subject_on_chain(context, &args, &proposal)?
    } else {
        subject_offline(&args)?
    };
    snapshot::check_program(
        &proposal,
        &snapshot::ProgramRequirements {
            space: &program_space,
            title_suffix: &args.title_suffix,
            staking_contract,
        },
    )?;

    let tally = Tally {
        round,
        application_id: args.application,
        applicant,
        staking_contract,
        content_hash,
        snapshot_space: proposal.space.clone(),
        snapshot_proposal: proposal.id,
        for_votes: proposal.for_votes,
        against_votes: proposal.against_votes,
        abstain_votes: proposal.abstain_votes,
        voters: proposal.voters,
        oracle_epoch: epoch,
    };
    let domain = Domain::new(chain_id, registry);
    let digest = tally.digest(&domain);

    let signer = keys::load_signer(args.key_file.as_deref(), keys::ORACLE_KEY_ENV)?;
    if let Some((chain, signers)) = &mut on_chain {
        let on_chain_digest = chain.view(ILstRegistry::tallyDigestCall {
            applicationId: tally.application_id,
            forVotes: tally.for_votes,
            againstVotes: tally.against_votes,
            abstainVotes: tally.abstain_votes,
            voters: tally.voters,
        })?;
        if on_chain_digest != digest {
            return Err(CliError::Mismatch(format!(
                "the registry's tallyDigest is {on_chain_digest}, the tool computed {digest}; refusing to sign"
            )));
        }
        if !signers.contains(&signer.address()) {
            eprintln!(
                "warning: {} is not in the registry's current oracle set (epoch {epoch}); the registry will reject its signature",
                signer.address()
            );
        }
    }
    let signature = eip712::sign(&signer, digest)?;
    let document = SignedTally {
        domain,
        tally,
        digest,
        signer: signer.address(),
        signature: signature.to_vec().into(),
        source: Some(Source {
            title: proposal.title.clone(),
            scores: proposal.score_texts.to_vec(),
        }),
    };
    let text = serde_json::to_string_pretty(&document)
        .map_err(|e| CliError::Attestation(e.to_string()))?;
    let json = serde_json::to_value(&document).map_err(|e| CliError::Attestation(e.to_string()))?;
    match &args.out {
        None => Ok(Report::new(json, text)),
        Some(path) => {
            write_output(path, &text)?;
            let mut fields = tally_fields(&document.domain, &document.tally, digest);
            fields.add("signer", document.signer);
            fields.add(
                "cross-checked",
                if on_chain.is_some() {
                    "tallyDigest matches the registry"
                } else {
                    "no (offline)"
                },
            );
            fields.add("written to", path.display());
            Ok(Report::new(json, fields.render()))
        }
    }
}

/// The tally as aligned lines.
fn tally_fields(domain: &Domain, tally: &Tally, digest: B256) -> Fields {
    let mut fields = Fields::new();
    fields
        .add(
            "chain / registry",
            format!("{} / {}", domain.chain_id, domain.verifying_contract),
        )
        .add("round", tally.round)
        .add("application", tally.application_id)
        .add("applicant", tally.applicant)
        .add("staking contract", tally.staking_contract)
        .add("content hash", tally.content_hash)
        .add(
            "snapshot",
            format!("{} {}", tally.snapshot_space, tally.snapshot_proposal),
        )
        .add("for", wei::display_ether(tally.for_votes))
        .add("against", wei::display_ether(tally.against_votes))
        .add("abstain", wei::display_ether(tally.abstain_votes))
        .add("voters", tally.voters)
        .add("oracle epoch", tally.oracle_epoch)
        .add("digest", digest);
    fields
}

fn read_documents(paths: &[std::path::PathBuf]) -> Result<Vec<Document>> {
    paths
        .iter()
        .map(|path| {
            Document::parse(&read_input(path)?)
                .map_err(|e| CliError::Attestation(format!("{}: {e}", path.display())))
        })
        .collect()
}

/// `lst combine`.
pub fn combine(_context: &Context, args: CombineArgs) -> Result<Report> {
    let documents = read_documents(&args.inputs)?;
    let submission = attestation::combine(&documents)?;
    if let Some(threshold) = args.threshold {
        if submission.signatures.len() < threshold {
            return Err(CliError::Attestation(format!(
                "{} distinct signatures, fewer than the threshold {threshold}",
                submission.signatures.len()
            )));
        }
    }
    let text = serde_json::to_string_pretty(&submission)
        .map_err(|e| CliError::Attestation(e.to_string()))?;
    let json =
        serde_json::to_value(&submission).map_err(|e| CliError::Attestation(e.to_string()))?;
    match &args.out {
        None => Ok(Report::new(json, text)),
        Some(path) => {
            write_output(path, &text)?;
            let mut fields = tally_fields(&submission.domain, &submission.tally, submission.digest);
            for entry in &submission.signatures {
                fields.add("signer", entry.signer);
            }
            fields.add("written to", path.display());
            Ok(Report::new(json, fields.render()))
        }
    }
}

/// `lst verify`: offline checks, then the expected signers and threshold, then (with
/// `--rpc`) the registry's chain, digest and oracle set.
pub fn verify(context: &Context, args: VerifyArgs) -> Result<Report> {
    let document = Document::parse(&read_input(&args.input)?)?;
    let verified = attestation::verify_document(&document)?;
    let mut problems: Vec<String> = Vec::new();
    if !verified.sorted {
        problems.push(
            "signatures are not in strictly ascending signer order (run `lst combine`)".into(),
        );
    }

    let (mut expected, mut threshold): (BTreeSet<Address>, Option<usize>) =
        (args.signers.iter().copied().collect(), args.threshold);
    let mut chain_checks = Value::Null;
    if context.rpc.is_some() {
        let mut chain = match context.registry {
            Some(_) => context.chain()?,
            None => Context {
                registry: Some(verified.domain.verifying_contract),
                ..context.clone()
            }
            .chain()?,
        };
        let chain_id = chain.chain_id()?;
        if chain_id != verified.domain.chain_id
            || chain.address() != verified.domain.verifying_contract
        {
            problems.push(format!(
                "signed for chain {} registry {}, but the endpoint is chain {chain_id} registry {}",
                verified.domain.chain_id,
                verified.domain.verifying_contract,
                chain.address()
            ));
        }
        let set = chain.view(ILstRegistry::oracleSetCall {})?;
        if set.epoch == 0 {
            // Before the first set, or while a change made during a pause waits for its time.
            problems.push(
                "no oracle set is in force on the registry: no tally can be attested until one is"
                    .to_string(),
            );
        } else if set.epoch != verified.tally.oracle_epoch {
            problems.push(format!(
                "signed under oracle epoch {}, the registry is at epoch {} (signatures of earlier epochs are void)",
                verified.tally.oracle_epoch, set.epoch
            ));
        }
        let tally = &verified.tally;
        let on_chain_digest = chain.view(ILstRegistry::tallyDigestCall {
            applicationId: tally.application_id,
            forVotes: tally.for_votes,
            againstVotes: tally.against_votes,
            abstainVotes: tally.abstain_votes,
            voters: tally.voters,
        })?;
        if on_chain_digest != verified.digest {
            problems.push(format!(
                "the registry's tallyDigest is {on_chain_digest}, the document's {}",
                verified.digest
            ));
        }
        if expected.is_empty() {
            expected = set.signers.iter().copied().collect();
        }
        threshold = threshold.or(Some(usize::from(set.threshold)));
        chain_checks = json!({ "chainId": chain_id, "oracleEpoch": set.epoch, "threshold": set.threshold, "tallyDigest": on_chain_digest });
    }
    let outsiders: Vec<Address> = verified
        .signatures
        .iter()
        .map(|s| s.signer)
        .filter(|s| !expected.is_empty() && !expected.contains(s))
        .collect();
    for outsider in &outsiders {
        problems.push(format!("{outsider} is not an expected oracle signer"));
    }
    if let Some(threshold) = threshold {
        if verified.signatures.len() < threshold {
            problems.push(format!(
                "{} signatures, fewer than the threshold {threshold}",
                verified.signatures.len()
            ));
        }
    }
    Ok(verification_report(&verified, problems, chain_checks))
}

fn verification_report(verified: &Verified, problems: Vec<String>, chain: Value) -> Report {
    let ok = problems.is_empty();
    let json = json!({
        "valid": ok,
        "digest": verified.digest,
        "tally": verified.tally,
        "domain": verified.domain,
        "signers": verified.signatures.iter().map(|s| s.signer).collect::<Vec<_>>(),
        "problems": problems,
        "chain": chain,
    });
    let mut fields = tally_fields(&verified.domain, &verified.tally, verified.digest);
    for entry in &verified.signatures {
        fields.add("signature", format!("recovers {} (valid)", entry.signer));
    }
    let mut human = fields.render();
    if ok {
        human.push_str("\nVALID");
    } else {
        human.push_str("\nINVALID:");
        for problem in &problems {
            human.push_str(&format!("\n  - {problem}"));
        }
    }
    let mut report = Report::new(json, human);
    report.ok = ok;
    report
}

/// `lst submit`: verifies the document, checks it against the registry, then sends
/// `attestTally`.
pub fn submit(context: &Context, args: SubmitArgs) -> Result<Report> {
    let document = Document::parse(&read_input(&args.input)?)?;
    let verified = attestation::verify_document(&document)?;
    if !verified.sorted {
        return Err(CliError::Attestation(
            "signatures are not in strictly ascending signer order; run `lst combine` first".into(),
        ));
    }
    let registry = match context.registry {
        Some(registry) if registry != verified.domain.verifying_contract => {
            return Err(CliError::Mismatch(format!(
                "the document is signed for registry {}, not --registry {registry}",
                verified.domain.verifying_contract
            )))
        }
        _ => verified.domain.verifying_contract,
    };
    let (mut chain, sender) = context.sender_for(&args.tx, registry)?;
    let chain_id = chain.chain_id()?;
    if chain_id != verified.domain.chain_id {
        return Err(CliError::Mismatch(format!(
            "the document is signed for chain {}, the endpoint is chain {chain_id}",
            verified.domain.chain_id
        )));
    }
    let tally = &verified.tally;
    let on_chain_digest = chain.view(ILstRegistry::tallyDigestCall {
        applicationId: tally.application_id,
        forVotes: tally.for_votes,
        againstVotes: tally.against_votes,
        abstainVotes: tally.abstain_votes,
        voters: tally.voters,
    })?;
    if on_chain_digest != verified.digest {
        let epoch = chain.view(ILstRegistry::oracleSetCall {})?.epoch;
        return Err(CliError::Mismatch(format!(
            "the registry's tallyDigest is {on_chain_digest}, the document's {} (document epoch {}, registry epoch {epoch}); not sending",
            verified.digest, tally.oracle_epoch
        )));
    }
    let packed: Vec<u8> = verified
        .signatures
        .iter()
        .flat_map(|s| s.signature.iter().copied())
        .collect();
    let call = ILstRegistry::attestTallyCall {
        applicationId: tally.application_id,
        forVotes: tally.for_votes,
        againstVotes: tally.against_votes,
        abstainVotes: tally.abstain_votes,
        voters: tally.voters,
        signatures: packed.into(),
    };
    chain.transact(sender, call, args.tx.dry_run)
}
