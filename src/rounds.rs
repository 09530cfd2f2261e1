//! Stage 1: rounds, applications and finalisation.
//!
//! One round takes applications at a time, so a round's applications have consecutive ids
//! (`first_application ..`) and need no list of their own. A round is Open (taking
//! applications until its deadline), then Closed (by the admin, or by anyone after the
//! deadline), then Finalised once every live application has an attested tally, or once its
//! attestation deadline has passed (an application the oracles could not attest then fails
//! as not attested, so no application can hold a round open forever).
//!
//! A round keeps no running count of live or tallied applications: withdrawing and
//! attesting would then each pay for a round update (≈5,000 gas). Finalisation, which visits
//! every application anyway, checks that none is still pending, and the `round` view counts
//! them.
//!
//! Finalisation visits every application of the round once and sorts the passed ones in
//! memory; a round holds at most [`MAX_APPLICATIONS_PER_ROUND`] applications so that it
//! always fits comfortably in a block (the gas report measures it at the bound).

use alloc::vec::Vec;
use alloy_primitives::{Address, B256, U256};
use stylus_sdk::prelude::*;

use crate::abi::Word;
use crate::access::{require_live, require_live_admin};
use crate::errors::{require_length, require_nonzero, Field, RegistryError, Result};
use crate::events;
use crate::storage::{
    wei, AccountKind, AccountUse, AppHead, AppStaking, AppTally, ApplicationKind,
    ApplicationStatus, ContentHash, Counters, ProgramSpace, ProposalKind, ProposalUse, Rec, Round,
    RoundKind, RoundStatus, SnapshotProposal,
};
use crate::text::{self, TextKind};
use crate::{ApplicationView, LstRegistry, RoundView};

/// Most applications one round holds.
pub const MAX_APPLICATIONS_PER_ROUND: u16 = 128;
/// Most eligible slots (K) of a round.
pub const MAX_SLOTS: u8 = 32;
/// Byte bounds of an LST name.
pub const NAME_LEN: (usize, usize) = (1, 64);
/// Byte bounds of a metadata or announcement URI.
pub const URI_LEN: (usize, usize) = (1, 256);
pub use crate::params::SPACE_LEN;

/// `id` as a record key, if it can name a record at all.
fn key(id: u64) -> Option<u32> {
    u32::try_from(id).ok().filter(|key| *key != 0)
}

/// An existing round and its record, or `RegistryUnknownRound`.
fn round_at(reg: &LstRegistry, round_id: u64) -> Result<(Rec<RoundKind>, Round)> {
    if let Some(key) = key(round_id) {
        let at = reg.rec::<RoundKind>(key);
        let round: Round = reg.get(at);
        if round.status != RoundStatus::None as u8 {
            return Ok((at, round));
        }
    }
    Err(RegistryError::unknown_round(round_id))
}

/// An existing application and its first slot, or `RegistryUnknownApplication`.
pub(crate) fn application_at(
    reg: &LstRegistry,
    application_id: u64,
) -> Result<(Rec<ApplicationKind>, AppHead)> {
    if let Some(key) = key(application_id) {
        let at = reg.rec::<ApplicationKind>(key);
        let head: AppHead = reg.get(at);
        if !head.applicant.is_zero() {
            return Ok((at, head));
        }
    }
    Err(RegistryError::unknown_application(application_id))
}

/// `RegistryWrongApplicationStatus` unless the application is in status `expected`.
pub(crate) fn require_status(
    application_id: u64,
    head: &AppHead,
    expected: ApplicationStatus,
) -> Result<()> {
    if head.status != expected as u8 {
        return Err(RegistryError::wrong_application_status(
            application_id,
            head.status,
            expected as u8,
        ));
    }
    Ok(())
}

/// Whether an application in `status` still takes part in its round (not withdrawn, not
/// revoked).
pub(crate) fn is_live(status: u8) -> bool {
    status != ApplicationStatus::Withdrawn as u8 && status != ApplicationStatus::Revoked as u8
}

/// The slot of `account`'s latest application in `role` (0 applicant, 1 staking contract),
/// or `RegistryAlreadyApplied` if that application is live in round `round_id`.
fn account_slot(
    reg: &LstRegistry,
    role: u8,
    account: Address,
    round_id: u32,
) -> Result<Rec<AccountKind>> {
    let mut key = account.word();
    key[0] = role;
    let at = reg.rec::<AccountKind>(B256::from(key));
    let used: AccountUse = reg.get(at);
    if used.round == round_id {
        let head: AppHead = reg.get(reg.rec::<ApplicationKind>(used.application));
        if is_live(head.status) {
            return Err(RegistryError::already_applied(
                account,
                used.application as u64,
            ));
        }
    }
    Ok(at)
}

/// `RegistryWrongRoundStatus` unless the round is in status `expected`.
fn require_round_status(round_id: u64, round: &Round, expected: RoundStatus) -> Result<()> {
    if round.status != expected as u8 {
        return Err(RegistryError::wrong_round_status(
            round_id,
            round.status,
            expected as u8,
        ));
    }
    Ok(())
}

pub(crate) fn open_round(reg: &mut LstRegistry, slots: u8, deadline: u64) -> Result<u64> {
    let control = require_live_admin(reg)?;
    let now = reg.vm().block_timestamp();
    if slots == 0 || slots > MAX_SLOTS || deadline <= now {
        return Err(RegistryError::invalid_round_config(
            slots, deadline, now, MAX_SLOTS,
        ));
    }
    let mut counters = reg.global::<Counters>();
    // Only the latest round can be open; closing it records its id in the control slot.
    if counters.round_count != control.closed_round {
        return Err(RegistryError::wrong_round_status(
            counters.round_count as u64,
            RoundStatus::Open as u8,
            RoundStatus::Closed as u8,
        ));
    }
    // Counters cannot overflow: only the admin opens rounds, 2^32 of them would cost over
    // 2 * 10^14 gas, and a round takes at most 128 applications.
    counters.round_count += 1;
    let id = counters.round_count;
    let round = Round {
        slots,
        status: RoundStatus::Open as u8,
        phase: control.phase,
        first_application: counters.application_count + 1,
        deadline,
        rules_version: counters.rules_version,
        attestation_deadline: deadline.saturating_add(counters.attestation_window as u64),
        ..Round::default()
    };
    reg.set_global(&counters);
    let at = reg.rec::<RoundKind>(id);
    reg.put(at, &round);
    events::round_opened(reg.vm(), id as u64, slots, deadline, control.phase);
    Ok(id as u64)
}

pub(crate) fn close_round(reg: &mut LstRegistry, round_id: u64) -> Result<()> {
    let mut control = require_live(reg)?;
    let (at, mut round) = round_at(reg, round_id)?;
    require_round_status(round_id, &round, RoundStatus::Open)?;
    let now = reg.vm().block_timestamp();
    if now <= round.deadline && reg.vm().msg_sender() != control.admin {
        return Err(RegistryError::deadline(round_id, round.deadline, now));
    }
    round.status = RoundStatus::Closed as u8;
    reg.put(at, &round);
    // The open round is the latest: its id is the round count.
    control.closed_round = round_id as u32;
    reg.set_global(&control);
    events::round_closed(reg.vm(), round_id, round.applications);
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn submit_application(
    reg: &mut LstRegistry,
    name: &str,
    metadata_uri: &str,
    content_hash: B256,
    snapshot_space: &str,
    snapshot_proposal: B256,
    staking_contract: Address,
) -> Result<u64> {
    require_live(reg)?;
    let mut counters = reg.global::<Counters>();
    let round_id = counters.round_count;
    let round_at = reg.rec::<RoundKind>(round_id);
    let mut round: Round = reg.get(round_at);
    if round_id == 0 || round.status != RoundStatus::Open as u8 {
        return Err(RegistryError::no_open_round());
    }
    let now = reg.vm().block_timestamp();
    if now > round.deadline {
        return Err(RegistryError::deadline(
            round_id as u64,
            round.deadline,
            now,
        ));
    }
    if round.applications >= MAX_APPLICATIONS_PER_ROUND {
        return Err(RegistryError::round_full(
            round_id as u64,
            MAX_APPLICATIONS_PER_ROUND,
        ));
    }
    require_length(name, Field::Name, NAME_LEN.0, NAME_LEN.1)?;
    require_length(metadata_uri, Field::MetadataUri, URI_LEN.0, URI_LEN.1)?;
    require_length(
        snapshot_space,
        Field::SnapshotSpace,
        SPACE_LEN.0,
        SPACE_LEN.1,
    )?;
    if content_hash.is_zero() {
        return Err(RegistryError::zero_hash(Field::ContentHash as u8));
    }
    if snapshot_proposal.is_zero() {
        return Err(RegistryError::zero_hash(Field::SnapshotProposal as u8));
    }
    require_nonzero(staking_contract, Field::StakingContract)?;
    // The vote must be in the program's own space: in a space of its choosing, an applicant
    // chooses the voting strategy and the voters.
    let space_hash = reg.vm().native_keccak256(snapshot_space.as_bytes());
    let expected = reg.global::<ProgramSpace>().hash;
    if space_hash != expected {
        return Err(RegistryError::wrong_snapshot_space(space_hash, expected));
    }
    // One vote backs one application, ever: a copy of another application's proposal (with
    // the copier's staking contract) would otherwise qualify on the same tally.
    let proposal_at = reg.rec::<ProposalKind>(snapshot_proposal);
    let used: ProposalUse = reg.get(proposal_at);
    if used.application != 0 {
        return Err(RegistryError::proposal_used(
            snapshot_proposal,
            used.application as u64,
        ));
    }

    // One live application per applicant and per staking contract in a round: one LST
    // cannot take two slots, nor one account fill a round.
    let applicant = reg.vm().msg_sender();
    let applicant_at = account_slot(reg, 0, applicant, round_id)?;
    let staking_at = account_slot(reg, 1, staking_contract, round_id)?;

    counters.application_count += 1;
    let id = counters.application_count;
    round.applications += 1;
    reg.set_global(&counters);
    reg.put(round_at, &round);
    reg.put(proposal_at, &ProposalUse { application: id });
    let used = AccountUse {
        round: round_id,
        application: id,
    };
    reg.put(applicant_at, &used);
    reg.put(staking_at, &used);
    let at = reg.rec::<ApplicationKind>(id);
    reg.put(
        at,
        &AppHead {
            applicant,
            round: round_id,
            status: ApplicationStatus::Pending as u8,
            rank: 0,
            space_len: snapshot_space.len() as u8,
            name_len: name.len() as u8,
            uri_len: metadata_uri.len() as u16,
            verdict: 0,
        },
    );
    reg.put(
        at,
        &AppStaking {
            staking_contract,
            abstain_votes: 0,
        },
    );
    reg.put(at, &ContentHash { hash: content_hash });
    reg.put(
        at,
        &SnapshotProposal {
            id: snapshot_proposal,
        },
    );
    let mut blob = Vec::with_capacity(snapshot_space.len() + name.len() + metadata_uri.len());
    blob.extend_from_slice(snapshot_space.as_bytes());
    blob.extend_from_slice(name.as_bytes());
    blob.extend_from_slice(metadata_uri.as_bytes());
    text::store(reg, TextKind::Application, id, &blob, 0);
    events::application_submitted(
        reg.vm(),
        round_id as u64,
        id as u64,
        applicant,
        staking_contract,
        content_hash,
        snapshot_proposal,
    );
    Ok(id as u64)
}

pub(crate) fn withdraw_application(reg: &mut LstRegistry, application_id: u64) -> Result<()> {
    require_live(reg)?;
    let (at, mut head) = application_at(reg, application_id)?;
    let caller = reg.vm().msg_sender();
    if caller != head.applicant {
        return Err(RegistryError::not_applicant(application_id, caller));
    }
    require_status(application_id, &head, ApplicationStatus::Pending)?;
    head.status = ApplicationStatus::Withdrawn as u8;
    reg.put(at, &head);
    events::application_withdrawn(reg.vm(), head.round as u64, application_id);
    Ok(())
}

/// A passed application waiting for its rank.
struct Ranked {
    id: u32,
    at: Rec<ApplicationKind>,
    head: AppHead,
    for_votes: u128,
}

/// Live (not withdrawn or revoked) and tallied applications of a round.
fn census(reg: &LstRegistry, round: &Round) -> (u16, u16) {
    let (mut live, mut tallied) = (0u16, 0u16);
    for id in applications(round) {
        let status = reg.get::<_, AppHead>(reg.rec::<ApplicationKind>(id)).status;
        if is_live(status) {
            live += 1;
            // Counted before finalisation turns a pending one into NotAttested, and after it
            // in the view: NotAttested never had a tally.
            if status != ApplicationStatus::Pending as u8
                && status != ApplicationStatus::NotAttested as u8
            {
                tallied += 1;
            }
        }
    }
    (live, tallied)
}

/// Ids of a round's applications.
fn applications(round: &Round) -> core::ops::Range<u32> {
    round.first_application..round.first_application + round.applications as u32
}

pub(crate) fn finalise_round(reg: &mut LstRegistry, round_id: u64) -> Result<()> {
    require_live(reg)?;
    let (round_at, mut round) = round_at(reg, round_id)?;
    require_round_status(round_id, &round, RoundStatus::Closed)?;
    // Reads every head once; the loop below reads them again from the host's cache.
    let (live, tallied) = census(reg, &round);
    // Missing tallies hold the round only until its attestation deadline.
    if tallied != live && reg.vm().block_timestamp() <= round.attestation_deadline {
        return Err(RegistryError::tallies_missing(round_id, tallied, live));
    }
    let mut passed: Vec<Ranked> = Vec::with_capacity(live as usize);
    for id in applications(&round) {
        let at = reg.rec::<ApplicationKind>(id);
        let mut head: AppHead = reg.get(at);
        // A tally's verdict was decided when it was attested, under the rules in force when
        // the round opened (a change after the votes are public does not decide them).
        let failure = if head.status == ApplicationStatus::Pending as u8 {
            ApplicationStatus::NotAttested as u8
        } else if head.status == ApplicationStatus::Tallied as u8 {
            head.verdict
        } else {
            continue; // withdrawn or revoked
        };
        if failure != 0 {
            head.status = failure;
            reg.put(at, &head);
            events::application_failed(reg.vm(), round_id, id as u64, failure);
            continue;
        }
        passed.push(Ranked {
            id,
            at,
            head,
            for_votes: reg.get::<_, AppTally>(at).for_votes,
        });
    }
    // Rank = 1 + the passed applications ahead: more For weight, or as much and an earlier
    // id. At most 128 applications, so the quadratic count costs little ink, and it needs no
    // sort or insertion code in the program.
    let ahead = |entry: &Ranked| {
        passed
            .iter()
            .filter(|other| {
                other.for_votes > entry.for_votes
                    || (other.for_votes == entry.for_votes && other.id < entry.id)
            })
            .count()
    };
    let ranks: Vec<usize> = passed.iter().map(ahead).collect();
    let qualified = passed.len().min(round.slots as usize);
    // In rank order, as the events have always come.
    for index in 0..passed.len() {
        let Some(entry) = ranks
            .iter()
            .position(|r| *r == index)
            .and_then(|at| passed.get_mut(at))
        else {
            continue;
        };
        let rank = index as u16 + 1;
        let selected = index < qualified;
        entry.head.rank = rank as u8;
        entry.head.status = if selected {
            ApplicationStatus::Qualified
        } else {
            ApplicationStatus::NotSelected
        } as u8;
        reg.put(entry.at, &entry.head);
        if selected {
            events::application_qualified(reg.vm(), round_id, entry.id as u64, rank);
        } else {
            events::application_passed(reg.vm(), round_id, entry.id as u64, rank);
        }
    }
    round.status = RoundStatus::Finalised as u8;
    round.passed = passed.len() as u16;
    round.qualified = qualified as u8;
    reg.put(round_at, &round);
    events::round_finalised(reg.vm(), round_id, round.passed, round.qualified);
    Ok(())
}

// ---- views ---------------------------------------------------------------------------------

pub(crate) fn round(reg: &LstRegistry, round_id: u64) -> Result<RoundView> {
    let (_, r) = round_at(reg, round_id)?;
    let (live, tallied) = census(reg, &r);
    let rules = crate::rules::vote_rules(reg, r.rules_version);
    Ok((
        r.slots,
        r.status,
        r.phase,
        r.first_application as u64,
        r.applications,
        live,
        tallied,
        r.passed,
        r.qualified,
        r.deadline,
        r.attestation_deadline,
        (
            wei(rules.quorum),
            rules.min_voters,
            rules.approval_bps,
            rules.attestation_window,
        ),
    ))
}

pub(crate) fn round_applications(
    reg: &LstRegistry,
    round_id: u64,
    offset: u64,
    limit: u64,
) -> Result<Vec<u64>> {
    let (_, r) = round_at(reg, round_id)?;
    let first = r.first_application as u64 - 1;
    Ok(crate::params::page_ids(
        crate::params::page(offset, limit, r.applications as u64),
        first,
    ))
}

pub(crate) fn application(reg: &LstRegistry, application_id: u64) -> Result<ApplicationView> {
    let (at, head) = application_at(reg, application_id)?;
    let (space, name) = (head.space_len as usize, head.name_len as usize);
    let blob = text::load(
        reg,
        TextKind::Application,
        application_id as u32,
        space + name + head.uri_len as usize,
    );
    let piece = |from: usize, to: usize| text::string(blob.get(from..to).unwrap_or_default());
    Ok((
        head.round as u64,
        head.applicant,
        reg.get::<_, AppStaking>(at).staking_contract,
        head.status,
        head.rank,
        reg.get::<_, ContentHash>(at).hash,
        reg.get::<_, SnapshotProposal>(at).id,
        piece(space, space + name),
        piece(space + name, blob.len()),
        piece(0, space),
    ))
}

pub(crate) fn application_tally(
    reg: &LstRegistry,
    application_id: u64,
) -> Result<(U256, U256, U256, u32, u32)> {
    let (at, _) = application_at(reg, application_id)?;
    let tally: AppTally = reg.get(at);
    let abstain = reg.get::<_, AppStaking>(at).abstain_votes;
    Ok((
        wei(tally.for_votes),
        wei(tally.against_votes),
        wei(abstain),
        tally.voters,
        tally.oracle_epoch,
    ))
}

pub(crate) fn eligibility(reg: &LstRegistry, application_id: u64) -> (bool, u8) {
    match application_at(reg, application_id) {
        Ok((_, head)) => (
            head.status == ApplicationStatus::Qualified as u8,
            head.status,
        ),
        Err(_) => (false, ApplicationStatus::None as u8),
    }
}
