//! Who may act: the admin (two-step transfer), the guardian (pause), and the pause itself.
//!
//! The admin is passed to the constructor explicitly: under cargo-stylus deployment
//! `msg.sender` of the constructor is the deployer contract, and `tx.origin` would break
//! multisig deployers. The guardian starts as the admin. While paused, the program's flows
//! (rounds, applications, tallies, rules, nodes, pairings, stake) revert with
//! `RegistryPaused`; recovery does not: `unpause`, the admin transfer (`transferAdmin`,
//! `acceptAdmin`), `setGuardian` and `setOracleSet` work paused, so that compromised keys are
//! void before the program runs again (a new set still waits the oracle-set delay), and so
//! does `revokeApplication`, so that an exploited LST can be cut off while everything else is
//! stopped.

use alloy_primitives::Address;
use stylus_sdk::prelude::*;

use crate::errors::{require_nonzero, Field, RegistryError, Result};
use crate::events;
use crate::storage::{Control, Guardian, PendingAdmin};
use crate::LstRegistry;

/// The control slot, or `RegistryPaused`.
pub(crate) fn require_live(reg: &LstRegistry) -> Result<Control> {
    let control = reg.global::<Control>();
    if control.paused {
        return Err(RegistryError::paused());
    }
    Ok(control)
}

/// `RegistryNoCode` unless `account` holds code (EVM or Stylus): the views and admin
/// programs at construction, an application's staking contract at pairing.
pub(crate) fn require_code(reg: &LstRegistry, account: Address) -> Result<()> {
    if reg.vm().code_size(account) == 0 {
        return Err(RegistryError::no_code(account));
    }
    Ok(())
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
