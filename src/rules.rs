//! The program's rules: how a tally passes, the bounds of a node's stake cap, and the phases
//! with their node limits.
//!
//! Counting: quorum is reached when For + Against + Abstain ≥ `quorum`; participation when
//! voters ≥ `min_voters`; approval when For · 10,000 ≥ `approval_bps` · (For + Against), with
//! For + Against = 0 failing. Abstain counts toward quorum, not approval. The checks run in
//! that order and the first that fails is the reason given.

use alloy_primitives::U256;
use stylus_sdk::prelude::*;

use alloc::vec::Vec;

use crate::access::require_live_admin;
use crate::errors::{require_length, Field, RegistryError, Result};
use crate::events;
use crate::storage::{
    amount, wei, ApplicationStatus, Control, Counters, NodeLimits, Pairings, ProgramSpace,
    ProgramSpaceLen, VoteRules, VoteRulesKind, LAST_PHASE, MAX_AMOUNT,
};
use crate::text::{self, TextKind};
use crate::{LstRegistry, RulesView};

pub use crate::params::{
    ATTESTATION_WINDOW, DEFAULT_APPROVAL_BPS, DEFAULT_ATTESTATION_WINDOW, DEFAULT_MAX_CAP,
    DEFAULT_MIN_CAP, DEFAULT_MIN_VOTERS, DEFAULT_NODE_LIMITS, DEFAULT_QUORUM,
    DEFAULT_SNAPSHOT_SPACE, MAX_NODE_LIMIT, METIS, SPACE_LEN,
};
/// Basis points in 100 %.
pub const BPS: u16 = 10_000;
/// How votes are counted, for integrators (cf. OpenZeppelin's `COUNTING_MODE`).
pub const COUNTING_MODE: &str =
    "quorum=for+against+abstain&voters=distinct&approval=for/(for+against)&rank=for,desc;id,asc";

/// An attested tally, amounts in wei (each below 2^96).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    /// For weight.
    pub for_votes: u128,
    /// Against weight.
    pub against_votes: u128,
    /// Abstain weight.
    pub abstain_votes: u128,
    /// Distinct voting addresses.
    pub voters: u32,
}

impl VoteRules {
    /// `None` if the tally passes, else the failing status (quorum, voters, approval).
    /// Amounts are below 2^96 each, so no sum or product here can overflow a `u128`.
    pub fn judge(&self, tally: &Tally) -> Option<ApplicationStatus> {
        let decided = tally.for_votes + tally.against_votes;
        if decided + tally.abstain_votes < self.quorum {
            return Some(ApplicationStatus::FailedQuorum);
        }
        if tally.voters < self.min_voters {
            return Some(ApplicationStatus::FailedVoters);
        }
        if decided == 0 || tally.for_votes * (BPS as u128) < (self.approval_bps as u128) * decided {
            return Some(ApplicationStatus::FailedApproval);
        }
        None
    }
}

impl NodeLimits {
    /// The node limit of `phase` (0 for a phase that does not exist).
    pub fn node_limit(&self, phase: u8) -> u16 {
        match phase {
            0 => self.alpha_limit,
            1 => self.throughput_limit,
            2 => self.main_launch_limit,
            3 => self.open_access_limit,
            _ => 0,
        }
    }

    /// The node limits of every phase, in phase order.
    pub fn node_limits(&self) -> [u16; 4] {
        [
            self.alpha_limit,
            self.throughput_limit,
            self.main_launch_limit,
            self.open_access_limit,
        ]
    }

    fn set_node_limit(&mut self, phase: u8, limit: u16) {
        match phase {
            0 => self.alpha_limit = limit,
            1 => self.throughput_limit = limit,
            2 => self.main_launch_limit = limit,
            _ => self.open_access_limit = limit,
        }
    }
}

/// Version `version` of the vote rules.
pub(crate) fn vote_rules(reg: &LstRegistry, version: u32) -> VoteRules {
    reg.get(reg.rec::<VoteRulesKind>(version))
}

/// Writes `rules` as a new version and makes it the one in force.
pub(crate) fn install_vote_rules(reg: &mut LstRegistry, rules: &VoteRules) {
    let mut counters = reg.global::<Counters>();
    counters.rules_version += 1;
    counters.attestation_window = rules.attestation_window;
    reg.set_global(&counters);
    let at = reg.rec::<VoteRulesKind>(counters.rules_version);
    reg.put(at, rules);
}

/// The program's Snapshot space.
pub(crate) fn snapshot_space(reg: &LstRegistry) -> Vec<u8> {
    let len = reg.global::<ProgramSpaceLen>().len as usize;
    text::load(reg, TextKind::Space, 0, len)
}

/// Makes `space` the program's Snapshot space (checked: 1 to 64 bytes).
pub(crate) fn install_snapshot_space(reg: &mut LstRegistry, space: &str) -> Result<()> {
    require_length(space, Field::SnapshotSpace, SPACE_LEN.0, SPACE_LEN.1)?;
    let old_len = reg.global::<ProgramSpaceLen>().len as usize;
    text::store(reg, TextKind::Space, 0, space.as_bytes(), old_len);
    reg.set_global(&ProgramSpaceLen {
        len: space.len() as u8,
    });
    let hash = reg.vm().native_keccak256(space.as_bytes());
    reg.set_global(&ProgramSpace { hash });
    Ok(())
}

pub(crate) fn rules(reg: &LstRegistry) -> RulesView {
    let rules = vote_rules(reg, reg.global::<Counters>().rules_version);
    let caps = reg.global::<Pairings>();
    (
        wei(rules.quorum),
        rules.min_voters,
        rules.approval_bps,
        rules.attestation_window,
        wei(caps.min_cap),
        wei(caps.max_cap),
        COUNTING_MODE,
        snapshot_space(reg),
    )
}

pub(crate) fn set_vote_rules(
    reg: &mut LstRegistry,
    quorum: U256,
    min_voters: u32,
    approval_bps: u16,
    attestation_window: u32,
) -> Result<()> {
    require_live_admin(reg)?;
    let quorum_wei = match amount(quorum) {
        Some(q) if q != 0 => q,
        _ => return Err(RegistryError::invalid_quorum(quorum, MAX_AMOUNT)),
    };
    if min_voters == 0 {
        return Err(RegistryError::invalid_min_voters(min_voters));
    }
    if approval_bps <= BPS / 2 || approval_bps > BPS {
        return Err(RegistryError::invalid_approval(approval_bps));
    }
    let (min_window, max_window) = ATTESTATION_WINDOW;
    if attestation_window < min_window || attestation_window > max_window {
        return Err(RegistryError::invalid_attestation_window(
            attestation_window,
            min_window,
            max_window,
        ));
    }
    install_vote_rules(
        reg,
        &VoteRules {
            quorum: quorum_wei,
            min_voters,
            approval_bps,
            attestation_window,
        },
    );
    events::vote_rules_changed(
        reg.vm(),
        quorum,
        min_voters,
        approval_bps,
        attestation_window,
    );
    Ok(())
}

pub(crate) fn set_snapshot_space(reg: &mut LstRegistry, space: &str) -> Result<()> {
    require_live_admin(reg)?;
    install_snapshot_space(reg, space)?;
    events::snapshot_space_changed(reg.vm(), space);
    Ok(())
}

pub(crate) fn set_stake_cap_bounds(
    reg: &mut LstRegistry,
    min_cap: U256,
    max_cap: U256,
) -> Result<()> {
    require_live_admin(reg)?;
    match (amount(min_cap), amount(max_cap)) {
        (Some(min), Some(max)) if min != 0 && min <= max => {
            let mut bounds = reg.global::<Pairings>();
            bounds.min_cap = min;
            bounds.max_cap = max;
            reg.set_global(&bounds);
            events::stake_cap_bounds_changed(reg.vm(), min_cap, max_cap);
            Ok(())
        }
        _ => Err(RegistryError::invalid_stake_cap_bounds(
            min_cap, max_cap, MAX_AMOUNT,
        )),
    }
}

pub(crate) fn phase(reg: &LstRegistry) -> (u8, u16, u16) {
    let control = reg.global::<Control>();
    (
        control.phase,
        reg.global::<NodeLimits>().node_limit(control.phase),
        control.node_count,
    )
}

pub(crate) fn set_phase_node_limit(reg: &mut LstRegistry, phase: u8, limit: u16) -> Result<()> {
    let control = require_live_admin(reg)?;
    let mut rules = reg.global::<NodeLimits>();
    // A past phase is frozen: only its own limit is "in range". Otherwise the limit lies
    // between the previous phase's (and, for the current phase, the node count) and the
    // next phase's.
    let (min, max) = if phase > LAST_PHASE {
        (0, 0)
    } else if phase < control.phase {
        let frozen = rules.node_limit(phase);
        (frozen, frozen)
    } else {
        let mut min = if phase == control.phase {
            control.node_count
        } else {
            0
        };
        if phase > 0 {
            min = min.max(rules.node_limit(phase - 1));
        }
        let max = if phase < LAST_PHASE {
            rules.node_limit(phase + 1)
        } else {
            MAX_NODE_LIMIT
        };
        (min, max)
    };
    if phase > LAST_PHASE || limit < min || limit > max {
        return Err(RegistryError::invalid_node_limit(phase, limit, min, max));
    }
    // Setting the limit in force changes nothing, so it writes and emits nothing.
    if rules.node_limit(phase) != limit {
        rules.set_node_limit(phase, limit);
        reg.set_global(&rules);
        events::phase_node_limit_changed(reg.vm(), phase, limit);
    }
    Ok(())
}

pub(crate) fn advance_phase(reg: &mut LstRegistry, to: u8) -> Result<()> {
    let mut control = require_live_admin(reg)?;
    let from = control.phase;
    if from >= LAST_PHASE || to != from + 1 {
        return Err(RegistryError::invalid_phase_transition(from, to));
    }
    control.phase = to;
    reg.set_global(&control);
    events::phase_advanced(reg.vm(), from, to);
    Ok(())
}
