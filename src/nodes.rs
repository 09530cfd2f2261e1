//! Stage 2: sequencer nodes, their pairings with qualified LSTs, stake caps and stake reports.
//!
//! The admin registers nodes within the current phase's node limit; a sequencer signer can
//! serve one node only, ever (as Metis retires signers). A node's operator pairs it with one
//! qualified application at a time, with a stake cap inside the bounds in force. The paired
//! application's staking contract reports the node's pooled stake, naming the pairing (a
//! report for an ended pairing reverts), and it never exceeds the cap. Ended pairings keep
//! their record. Every pairing, unpairing and cap change moves the pairing nonce. The admin
//! may revoke an application, which ends its pairings and keeps it from pairing again.

use alloc::vec::Vec;
use alloy_primitives::{Address, U256};
use stylus_sdk::prelude::*;

use crate::access::{require_admin, require_code, require_live, require_live_admin};
use crate::errors::{require_length, require_nonzero, Field, RegistryError, Result};
use crate::events;
use crate::params::{page, page_ids};
use crate::rounds::{application_at, require_status, URI_LEN};
use crate::storage::{
    amount, wei, AppStaking, ApplicationStatus, Control, NodeHead, NodeKind, NodeLimits,
    NodeSigner, PairingKind, PairingStake, PairingTerm, Pairings, ProposalKind, ProposalUse, Rec,
    SignerKind, SignerNode, SnapshotProposal, Time40,
};
use crate::text::{self, TextKind};
use crate::{ActivePairingsPage, LstRegistry, NodeView, PairingView};

pub use crate::params::MAX_PAGE;

/// Byte bound of an unpairing reason (emitted, not stored).
pub const REASON_LEN: (usize, usize) = (0, 256);
/// Byte bounds of a revocation reason: a revocation always says why.
pub const REVOKE_REASON_LEN: (usize, usize) = (1, 256);

/// `id` as a record key if it names one of `count` records (ids start at 1).
fn existing_id(id: u64, count: u32) -> Option<u32> {
    if id == 0 || id > count as u64 {
        return None;
    }
    Some(id as u32)
}

/// The record of an existing node, or `RegistryUnknownNode`.
fn node_rec(reg: &LstRegistry, control: &Control, node_id: u64) -> Result<Rec<NodeKind>> {
    existing_id(node_id, control.node_count as u32)
        .map(|key| reg.rec::<NodeKind>(key))
        .ok_or_else(|| RegistryError::unknown_node(node_id))
}

/// Reverts unless the caller is the node's operator (or, with `admin_too`, the admin).
fn require_operator(
    reg: &LstRegistry,
    control: &Control,
    node_id: u64,
    head: &NodeHead,
    admin_too: bool,
) -> Result<Address> {
    let caller = reg.vm().msg_sender();
    if caller == head.operator || (admin_too && caller == control.admin) {
        return Ok(caller);
    }
    Err(RegistryError::not_node_operator(node_id, caller))
}

/// Reverts unless `signer` is free to serve node `key`; returns its record.
fn require_free_signer(reg: &LstRegistry, signer: Address, key: u32) -> Result<Rec<SignerKind>> {
    let at = reg.rec::<SignerKind>(signer);
    let user = reg.get::<_, SignerNode>(at).node;
    if user != 0 && user != key {
        return Err(RegistryError::signer_in_use(signer, user as u64));
    }
    Ok(at)
}

/// `cap` as a stored amount, or `RegistryInvalidStakeCap` outside the bounds in force.
fn checked_cap(bounds: &Pairings, cap: U256) -> Result<u128> {
    match amount(cap) {
        Some(value) if value >= bounds.min_cap && value <= bounds.max_cap => Ok(value),
        _ => Err(RegistryError::invalid_stake_cap(
            cap,
            wei(bounds.min_cap),
            wei(bounds.max_cap),
        )),
    }
}

/// The active pairing of a node, or `RegistryNodeNotPaired`.
fn active_pairing(reg: &LstRegistry, node_id: u64, head: &NodeHead) -> Result<Rec<PairingKind>> {
    if head.active_pairing == 0 {
        return Err(RegistryError::node_not_paired(node_id));
    }
    Ok(reg.rec::<PairingKind>(head.active_pairing))
}

/// Moves the pairing nonce (in the control slot every caller has read) and stores it.
fn bump_nonce(reg: &mut LstRegistry, control: &mut Control) -> u64 {
    control.pairing_nonce = control.pairing_nonce.wrapping_add(1);
    reg.set_global(control);
    control.pairing_nonce as u64
}

pub(crate) fn register_node(
    reg: &mut LstRegistry,
    operator: Address,
    sequencer_signer: Address,
    uri: &str,
) -> Result<u64> {
    let mut control = require_live_admin(reg)?;
    require_nonzero(operator, Field::Operator)?;
    require_nonzero(sequencer_signer, Field::SequencerSigner)?;
    require_length(uri, Field::NodeUri, URI_LEN.0, URI_LEN.1)?;
    let limit = reg.global::<NodeLimits>().node_limit(control.phase);
    if control.node_count >= limit {
        return Err(RegistryError::node_limit_reached(control.phase, limit));
    }
    let key = control.node_count as u32 + 1;
    let signer_at = require_free_signer(reg, sequencer_signer, key)?;

    control.node_count += 1;
    reg.set_global(&control);
    reg.put(signer_at, &SignerNode { node: key });
    let now = reg.vm().block_timestamp();
    let at = reg.rec::<NodeKind>(key);
    reg.put(
        at,
        &NodeHead {
            operator,
            active_pairing: 0,
            registered_phase: control.phase,
            uri_len: uri.len() as u16,
        },
    );
    reg.put(
        at,
        &NodeSigner {
            sequencer_signer,
            registered_at: now,
        },
    );
    text::store(reg, TextKind::Node, key, uri.as_bytes(), 0);
    events::node_registered(reg.vm(), key as u64, operator, sequencer_signer);
    Ok(key as u64)
}

pub(crate) fn update_node(
    reg: &mut LstRegistry,
    node_id: u64,
    operator: Address,
    sequencer_signer: Address,
    uri: &str,
) -> Result<()> {
    let control = require_live(reg)?;
    let at = node_rec(reg, &control, node_id)?;
    let mut head: NodeHead = reg.get(at);
    let caller = require_operator(reg, &control, node_id, &head, true)?;
    if operator != head.operator && caller != control.admin {
        return Err(RegistryError::not_admin(caller));
    }
    require_nonzero(operator, Field::Operator)?;
    require_nonzero(sequencer_signer, Field::SequencerSigner)?;
    require_length(uri, Field::NodeUri, URI_LEN.0, URI_LEN.1)?;
    let key = node_id as u32;
    let signer_at = require_free_signer(reg, sequencer_signer, key)?;

    let mut signer: NodeSigner = reg.get(at);
    if sequencer_signer != signer.sequencer_signer {
        // A new signer needs the admin: an operator could otherwise name any unused address
        // without holding its key, and retire it for good by switching back.
        if caller != control.admin {
            return Err(RegistryError::not_admin(caller));
        }
        // The old signer stays mapped to this node, so it can never serve another.
        reg.put(signer_at, &SignerNode { node: key });
        signer.sequencer_signer = sequencer_signer;
        reg.put(at, &signer);
    }
    let old_len = head.uri_len as usize;
    head.operator = operator;
    head.uri_len = uri.len() as u16;
    reg.put(at, &head);
    text::store(reg, TextKind::Node, key, uri.as_bytes(), old_len);
    events::node_updated(reg.vm(), node_id, operator, sequencer_signer);
    Ok(())
}

pub(crate) fn pair(
    reg: &mut LstRegistry,
    node_id: u64,
    application_id: u64,
    cap: U256,
    uri: &str,
) -> Result<u64> {
    let mut control = require_live(reg)?;
    let at = node_rec(reg, &control, node_id)?;
    let mut head: NodeHead = reg.get(at);
    require_operator(reg, &control, node_id, &head, false)?;
    if head.active_pairing != 0 {
        return Err(RegistryError::node_already_paired(
            node_id,
            head.active_pairing as u64,
        ));
    }
    let (app_at, application) = application_at(reg, application_id)?;
    require_status(application_id, &application, ApplicationStatus::Qualified)?;
    // Stake is reported by the staking contract: an LST may apply before deploying it, so the
    // code is required here, where its reports begin, and not at submission.
    let staking_contract = reg.get::<_, AppStaking>(app_at).staking_contract;
    require_code(reg, staking_contract)?;
    let mut pairings = reg.global::<Pairings>();
    let stake_cap = checked_cap(&pairings, cap)?;
    require_length(uri, Field::AnnouncementUri, URI_LEN.0, URI_LEN.1)?;

    let nonce = bump_nonce(reg, &mut control);
    pairings.count += 1;
    let id = pairings.count;
    reg.set_global(&pairings);
    head.active_pairing = id;
    reg.put(at, &head);
    let now = reg.vm().block_timestamp();
    let pairing_at = reg.rec::<PairingKind>(id);
    reg.put(
        pairing_at,
        &PairingStake {
            node: node_id as u32,
            application: application_id as u32,
            stake_cap,
            stake: 0,
        },
    );
    reg.put(
        pairing_at,
        &PairingTerm {
            staking_contract,
            started_at: Time40(now),
            ended_at: Time40(0),
            uri_len: uri.len() as u16,
        },
    );
    text::store(reg, TextKind::Pairing, id, uri.as_bytes(), 0);
    events::node_paired(reg.vm(), node_id, id as u64, application_id, cap, nonce);
    Ok(id as u64)
}

pub(crate) fn unpair(reg: &mut LstRegistry, node_id: u64, reason: &str) -> Result<()> {
    let mut control = require_live(reg)?;
    let at = node_rec(reg, &control, node_id)?;
    let head: NodeHead = reg.get(at);
    let by = require_operator(reg, &control, node_id, &head, true)?;
    let pairing_at = active_pairing(reg, node_id, &head)?;
    require_length(reason, Field::Reason, REASON_LEN.0, REASON_LEN.1)?;
    end_pairing(reg, &mut control, node_id, at, head, pairing_at, by, reason);
    Ok(())
}

/// Ends the active pairing (at `pairing_at`) of node `node_id`, whose head `head` is at `at`:
/// `by` ended it, for `reason`.
#[allow(clippy::too_many_arguments)]
fn end_pairing(
    reg: &mut LstRegistry,
    control: &mut Control,
    node_id: u64,
    at: Rec<NodeKind>,
    mut head: NodeHead,
    pairing_at: Rec<PairingKind>,
    by: Address,
    reason: &str,
) {
    let nonce = bump_nonce(reg, control);
    let id = head.active_pairing;
    head.active_pairing = 0;
    reg.put(at, &head);
    let mut term: PairingTerm = reg.get(pairing_at);
    term.ended_at = Time40(reg.vm().block_timestamp());
    reg.put(pairing_at, &term);
    events::node_unpaired(reg.vm(), node_id, id as u64, by, reason, nonce);
}

/// Revokes an application: it leaves its round if not yet decided, loses its eligibility,
/// and its active pairings end. It lives here because it ends pairings.
///
/// Ending the pairings visits every node once (a node head read each, and a pairing read
/// for each paired node): ≈ 4,200 gas a node, 270,000 at the 64 nodes of Open access.
pub(crate) fn revoke_application(
    reg: &mut LstRegistry,
    application_id: u64,
    reason: &str,
) -> Result<()> {
    // Not stopped by the pause: cutting off an exploited LST is an emergency act.
    let mut control = require_admin(reg)?;
    let (app_at, mut app) = application_at(reg, application_id)?;
    // A withdrawn application can be revoked: that is how its proposal is given back.
    if app.status == ApplicationStatus::Revoked as u8 {
        return Err(RegistryError::wrong_application_status(
            application_id,
            app.status,
            ApplicationStatus::Qualified as u8,
        ));
    }
    require_length(
        reason,
        Field::Reason,
        REVOKE_REASON_LEN.0,
        REVOKE_REASON_LEN.1,
    )?;
    let previous = app.status;
    app.status = ApplicationStatus::Revoked as u8;
    reg.put(app_at, &app);
    // A revoked application that was never attested (pending, withdrawn, or failed as not
    // attested) gives its proposal back: the vote can then back the application of the LST
    // that ran it, if a copier claimed it first, whether or not the copier withdrew since.
    // (Pending and Withdrawn are the statuses up to Withdrawn: an application's is never 0.)
    if previous <= ApplicationStatus::Withdrawn as u8
        || previous == ApplicationStatus::NotAttested as u8
    {
        let proposal = reg.get::<_, SnapshotProposal>(app_at).id;
        reg.put(
            reg.rec::<ProposalKind>(proposal),
            &ProposalUse { application: 0 },
        );
    }
    events::application_revoked(reg.vm(), app.round as u64, application_id, previous, reason);
    if previous == ApplicationStatus::Qualified as u8 {
        let by = control.admin;
        for node in 1..=control.node_count as u32 {
            let at = reg.rec::<NodeKind>(node);
            let head: NodeHead = reg.get(at);
            if head.active_pairing != 0 {
                let pairing_at = reg.rec::<PairingKind>(head.active_pairing);
                let stake: PairingStake = reg.get(pairing_at);
                if stake.application as u64 == application_id {
                    end_pairing(
                        reg,
                        &mut control,
                        node as u64,
                        at,
                        head,
                        pairing_at,
                        by,
                        reason,
                    );
                }
            }
        }
    }
    Ok(())
}

pub(crate) fn set_stake_cap(reg: &mut LstRegistry, node_id: u64, cap: U256) -> Result<()> {
    let mut control = require_live(reg)?;
    let at = node_rec(reg, &control, node_id)?;
    let head: NodeHead = reg.get(at);
    require_operator(reg, &control, node_id, &head, true)?;
    let pairing_at = active_pairing(reg, node_id, &head)?;
    let stake_cap = checked_cap(&reg.global::<Pairings>(), cap)?;
    let mut stake: PairingStake = reg.get(pairing_at);
    if stake_cap < stake.stake {
        return Err(RegistryError::cap_below_stake(
            node_id,
            cap,
            wei(stake.stake),
        ));
    }
    let previous = wei(stake.stake_cap);
    stake.stake_cap = stake_cap;
    reg.put(pairing_at, &stake);
    let nonce = bump_nonce(reg, &mut control);
    events::stake_cap_changed(
        reg.vm(),
        node_id,
        head.active_pairing as u64,
        previous,
        cap,
        nonce,
    );
    Ok(())
}

pub(crate) fn report_stake(reg: &mut LstRegistry, pairing_id: u64, stake: U256) -> Result<()> {
    require_live(reg)?;
    // A pairing exists when its node is non-zero (ids start at 1: pairing 0 is never written).
    let unknown = || RegistryError::unknown_pairing(pairing_id);
    let key = u32::try_from(pairing_id).map_err(|_| unknown())?;
    let pairing_at = reg.rec::<PairingKind>(key);
    let mut record: PairingStake = reg.get(pairing_at);
    if record.node == 0 {
        return Err(unknown());
    }
    let term: PairingTerm = reg.get(pairing_at);
    if term.ended_at.0 != 0 {
        return Err(RegistryError::pairing_ended(pairing_id));
    }
    let node_id = record.node as u64;
    let caller = reg.vm().msg_sender();
    let staking_contract = term.staking_contract;
    if caller != staking_contract {
        return Err(RegistryError::not_staking_contract(
            node_id,
            caller,
            staking_contract,
        ));
    }
    match amount(stake) {
        Some(value) if value <= record.stake_cap => record.stake = value,
        _ => {
            return Err(RegistryError::stake_above_cap(
                node_id,
                stake,
                wei(record.stake_cap),
            ))
        }
    }
    reg.put(pairing_at, &record);
    events::stake_reported(reg.vm(), node_id, pairing_id, stake);
    Ok(())
}

// ---- views ---------------------------------------------------------------------------------

pub(crate) fn node(reg: &LstRegistry, node_id: u64) -> Result<NodeView> {
    let at = node_rec(reg, &reg.global::<Control>(), node_id)?;
    let head: NodeHead = reg.get(at);
    let signer: NodeSigner = reg.get(at);
    let uri = text::load(reg, TextKind::Node, node_id as u32, head.uri_len as usize);
    Ok((
        head.operator,
        signer.sequencer_signer,
        head.active_pairing as u64,
        head.registered_phase,
        signer.registered_at,
        text::string(&uri),
    ))
}

pub(crate) fn node_ids(reg: &LstRegistry, offset: u64, limit: u64) -> Vec<u64> {
    page_ids(
        page(offset, limit, reg.global::<Control>().node_count as u64),
        0,
    )
}

pub(crate) fn pairing(reg: &LstRegistry, pairing_id: u64) -> Result<PairingView> {
    let pairings = reg.global::<Pairings>();
    let id = existing_id(pairing_id, pairings.count)
        .ok_or_else(|| RegistryError::unknown_pairing(pairing_id))?;
    let at = reg.rec::<PairingKind>(id);
    let stake: PairingStake = reg.get(at);
    let term: PairingTerm = reg.get(at);
    let uri = text::load(reg, TextKind::Pairing, id, term.uri_len as usize);
    // Bounds apply to caps set from their change on; a cap set before stays, and is flagged.
    let out_of_bounds = term.ended_at.0 == 0
        && (stake.stake_cap < pairings.min_cap || stake.stake_cap > pairings.max_cap);
    Ok((
        stake.node as u64,
        stake.application as u64,
        wei(stake.stake_cap),
        wei(stake.stake),
        term.started_at.0,
        term.ended_at.0,
        text::string(&uri),
        out_of_bounds,
    ))
}

/// Cap and remaining capacity of a node's active pairing, if any.
fn capacity(reg: &LstRegistry, head: &NodeHead) -> Option<(U256, U256)> {
    if head.active_pairing == 0 {
        return None;
    }
    let stake: PairingStake = reg.get(reg.rec::<PairingKind>(head.active_pairing));
    Some((
        wei(stake.stake_cap),
        wei(stake.stake_cap.saturating_sub(stake.stake)),
    ))
}

pub(crate) fn active_pairings(reg: &LstRegistry, offset: u64, limit: u64) -> ActivePairingsPage {
    let (mut nodes, mut ids, mut apps, mut caps, mut remaining) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for node_id in page(offset, limit, reg.global::<Control>().node_count as u64) {
        let head: NodeHead = reg.get(reg.rec::<NodeKind>(node_id as u32));
        if let Some((cap, left)) = capacity(reg, &head) {
            let stake: PairingStake = reg.get(reg.rec::<PairingKind>(head.active_pairing));
            nodes.push(node_id);
            ids.push(head.active_pairing as u64);
            apps.push(stake.application as u64);
            caps.push(cap);
            remaining.push(left);
        }
    }
    (nodes, ids, apps, caps, remaining)
}

pub(crate) fn remaining_capacity(reg: &LstRegistry, node_id: u64) -> Result<U256> {
    let at = node_rec(reg, &reg.global::<Control>(), node_id)?;
    Ok(capacity(reg, &reg.get(at))
        .map(|(_, left)| left)
        .unwrap_or_default())
}
