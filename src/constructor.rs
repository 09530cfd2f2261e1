//! The constructor's body: the admin (passed explicitly: under cargo-stylus deployment
//! `msg.sender` is the deployer contract), the guardian (the admin at first), the views and
//! admin programs and every default the program starts with. Kept apart from `access`, whose
//! guards the rules use, so that the modules import one way.

use alloy_primitives::Address;
use core::hint::black_box;
use stylus_sdk::prelude::*;

use crate::access::require_code;
use crate::errors::{require_nonzero, Field, RegistryError, Result};
use crate::events;
use crate::params::{
    DEFAULT_APPROVAL_BPS, DEFAULT_ATTESTATION_WINDOW, DEFAULT_MAX_CAP, DEFAULT_MIN_CAP,
    DEFAULT_MIN_VOTERS, DEFAULT_NODE_LIMITS, DEFAULT_ORACLE_SET_DELAY, DEFAULT_QUORUM,
    DEFAULT_SNAPSHOT_SPACE,
};
use crate::rules::{install_snapshot_space, install_vote_rules};
use crate::storage::{
    AdminProgram, Control, Guardian, NodeLimits, OracleConfig, Pairings, ViewsProgram, VoteRules,
};
use crate::LstRegistry;

/// Constructor body: admin, guardian, the views and admin programs and the program's
/// defaults. Runs once: afterwards the admin is never zero.
pub(crate) fn initialise(
    reg: &mut LstRegistry,
    admin: Address,
    views: Address,
    admin_program: Address,
) -> Result<()> {
    if !reg.global::<Control>().admin.is_zero() {
        return Err(RegistryError::already_initialised());
    }
    require_nonzero(admin, Field::Admin)?;
    require_nonzero(views, Field::ViewsProgram)?;
    require_nonzero(admin_program, Field::AdminProgram)?;
    require_code(reg, views)?;
    require_code(reg, admin_program)?;
    reg.set_global(&ViewsProgram { program: views });
    reg.set_global(&AdminProgram {
        program: admin_program,
    });
    reg.set_global(&Control {
        admin,
        ..Control::default()
    });
    reg.set_global(&Guardian { guardian: admin });
    let [alpha_limit, throughput_limit, main_launch_limit, open_access_limit] = DEFAULT_NODE_LIMITS;
    // The amounts go through `black_box` so that they are written from immediates: folded
    // with their records into constants, they sat in the data segment, which every call of
    // the core pays for (~0.75 gas a byte), to be read once, here.
    install_vote_rules(
        reg,
        &VoteRules {
            quorum: black_box(DEFAULT_QUORUM),
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
    reg.set_global(&Pairings {
        min_cap: black_box(DEFAULT_MIN_CAP),
        max_cap: black_box(DEFAULT_MAX_CAP),
        count: 0,
    });
    reg.set_global(&OracleConfig {
        delay: DEFAULT_ORACLE_SET_DELAY,
        ..OracleConfig::default()
    });
    events::admin_transferred(reg.vm(), Address::ZERO, admin);
    events::guardian_changed(reg.vm(), Address::ZERO, admin);
    Ok(())
}
