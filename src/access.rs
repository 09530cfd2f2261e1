//! Who may act: the admin (two-step transfer), the guardian (pause), and the pause itself.
//!
//! The admin is passed to the constructor explicitly: under cargo-stylus deployment
//! `msg.sender` of the constructor is the deployer contract, and `tx.origin` would break
//! multisig deployers. The guardian starts as the admin. While paused, the program's flows
//! (rounds, applications, tallies, rules, nodes, pairings, stake) revert with
//! `RegistryPaused`; recovery does not: `unpause`, the admin transfer (`transferAdmin`,
//! `acceptAdmin`), `setGuardian` and `setOracleSet` work paused, so that compromised keys can
//! be replaced before the program runs again, and so does `revokeApplication`, so that an
//! exploited LST can be cut off while everything else is stopped.

use alloy_primitives::Address;
use stylus_sdk::prelude::*;

use crate::errors::{require_nonzero, Field, RegistryError, Result};
use crate::events;
use crate::params::{
    DEFAULT_APPROVAL_BPS, DEFAULT_ATTESTATION_WINDOW, DEFAULT_MAX_CAP, DEFAULT_MIN_CAP,
    DEFAULT_MIN_VOTERS, DEFAULT_NODE_LIMITS, DEFAULT_ORACLE_SET_DELAY, DEFAULT_QUORUM,
    DEFAULT_SNAPSHOT_SPACE,
};
use crate::rules::{install_snapshot_space, install_vote_rules};
use crate::storage::{
    CapBounds, Control, Guardian, NodeLimits, OracleConfig, PendingAdmin, ViewsProgram, VoteRules,
};
use crate::LstRegistry;

/// Constructor body: admin, guardian, the views program and the program's defaults. Runs
/// once: afterwards the admin is never zero.
pub(crate) fn initialise(reg: &mut LstRegistry, admin: Address, views: Address) -> Result<()> {
    if !reg.global::<Control>().admin.is_zero() {
        return Err(RegistryError::already_initialised());
    }
    require_nonzero(admin, Field::Admin)?;
    require_nonzero(views, Field::ViewsProgram)?;
    if reg.vm().code_size(views) == 0 {
        return Err(RegistryError::no_code(views));
    }
    reg.set_global(&ViewsProgram { program: views });
    reg.set_global(&Control {
        admin,
        ..Control::default()
    });
    reg.set_global(&Guardian { guardian: admin });
    let [alpha_limit, throughput_limit, main_launch_limit, open_access_limit] = DEFAULT_NODE_LIMITS;
    install_vote_rules(
        reg,
        &VoteRules {
            quorum: DEFAULT_QUORUM,
            min_voters: DEFAULT_MIN_VOTERS,
            approval_bps: DEFAULT_APPROVAL_BPS,
            attestation_window: DEFAULT_ATTESTATION_WINDOW,
        },
    );
    install_snapshot_space(reg, DEFAULT_SNAPSHOT_SPACE)?;
    reg.set_global(&NodeLimits {
        alpha_limit,
        throughput_limit,
        main_launch_limit,
        open_access_limit,
    });
    reg.set_global(&CapBounds {
        min_cap: DEFAULT_MIN_CAP,
        max_cap: DEFAULT_MAX_CAP,
    });
    reg.set_global(&OracleConfig {
        delay: DEFAULT_ORACLE_SET_DELAY,
        ..OracleConfig::default()
    });
    events::admin_transferred(reg.vm(), Address::ZERO, admin);
    events::guardian_changed(reg.vm(), Address::ZERO, admin);
    Ok(())
}

/// The control slot, or `RegistryPaused`.
pub(crate) fn require_live(reg: &LstRegistry) -> Result<Control> {
    let control = reg.global::<Control>();
    if control.paused {
        return Err(RegistryError::paused());
    }
    Ok(control)
}

/// The control slot, or `RegistryPaused` / `RegistryNotAdmin`.
pub(crate) fn require_live_admin(reg: &LstRegistry) -> Result<Control> {
    require_live(reg)?;
    require_admin(reg)
}

/// The control slot, or `RegistryNotAdmin`; paused or not. For the recovery functions (the
/// admin, the guardian, the oracle set), which the pause must not block.
pub(crate) fn require_admin(reg: &LstRegistry) -> Result<Control> {
    let control = reg.global::<Control>();
    let caller = reg.vm().msg_sender();
    if caller != control.admin {
        return Err(RegistryError::not_admin(caller));
    }
    Ok(control)
}

pub(crate) fn transfer_admin(reg: &mut LstRegistry, new_admin: Address) -> Result<()> {
    let control = require_admin(reg)?;
    reg.set_global(&PendingAdmin {
        pending_admin: new_admin,
    });
    events::admin_transfer_started(reg.vm(), control.admin, new_admin);
    Ok(())
}

pub(crate) fn accept_admin(reg: &mut LstRegistry) -> Result<()> {
    let mut control = reg.global::<Control>();
    let caller = reg.vm().msg_sender();
    let pending = reg.global::<PendingAdmin>().pending_admin;
    if pending.is_zero() || caller != pending {
        return Err(RegistryError::not_pending_admin(caller, pending));
    }
    let previous = control.admin;
    control.admin = caller;
    reg.set_global(&control);
    reg.set_global(&PendingAdmin {
        pending_admin: Address::ZERO,
    });
    events::admin_transferred(reg.vm(), previous, caller);
    Ok(())
}

pub(crate) fn set_guardian(reg: &mut LstRegistry, guardian: Address) -> Result<()> {
    require_admin(reg)?;
    require_nonzero(guardian, Field::Guardian)?;
    let previous = reg.global::<Guardian>().guardian;
    reg.set_global(&Guardian { guardian });
    events::guardian_changed(reg.vm(), previous, guardian);
    Ok(())
}

pub(crate) fn pause(reg: &mut LstRegistry) -> Result<()> {
    let mut control = require_live(reg)?;
    let caller = reg.vm().msg_sender();
    if caller != control.admin && caller != reg.global::<Guardian>().guardian {
        return Err(RegistryError::not_guardian(caller));
    }
    control.paused = true;
    reg.set_global(&control);
    events::paused(reg.vm(), caller);
    Ok(())
}

pub(crate) fn unpause(reg: &mut LstRegistry) -> Result<()> {
    let mut control = reg.global::<Control>();
    if !control.paused {
        return Err(RegistryError::not_paused());
    }
    let caller = reg.vm().msg_sender();
    if caller != control.admin {
        return Err(RegistryError::not_admin(caller));
    }
    control.paused = false;
    reg.set_global(&control);
    events::unpaused(reg.vm(), caller);
    Ok(())
}
