//! The admin's functions, served by the admin program.
//!
//! The admin program (`admin/`, crate `lst-registry-admin`) is a third Stylus program built
//! from this module: the functions that set the program up and keep it running rather than
//! run it (the roles, the oracle set, the rules and node limits, the node registry). The
//! registry's core delegates these selectors to it (see [`crate::router`]), so it runs in the
//! registry's context and writes the registry's storage, with the registry's events; every
//! access check is the one the function had in the core.
//!
//! Why a program of its own: the core pays for its size on every call (Nitro's entry cost)
//! and must fit 16 KiB; these functions are called a few times in a program's life and pay
//! for the delegate call instead (a cold account access, a storage read and the admin
//! program's own entry cost, measured in `docs/gas-report.md`).
//!
//! Like the views program, its address is fixed by the registry's constructor and no function
//! changes it, so the code that runs in the registry's context is the code that was reviewed
//! at deployment. Called directly rather than through the registry, the program finds no admin
//! program in its own storage and reverts with `RegistryNotDelegated`.

use alloc::vec::Vec;
use stylus_sdk::prelude::*;

use crate::abi::{words, Calldata, Word};
use crate::calls::{done, functions, selector, serve_only, Routed};
use crate::errors::{RegistryError, Result};
use crate::storage::AdminProgram;
use crate::LstRegistry;

functions! {
    TRANSFER_ADMIN = "transferAdmin(address)";
    ACCEPT_ADMIN = "acceptAdmin()";
    SET_GUARDIAN = "setGuardian(address)";
    SET_ORACLE_SET = "setOracleSet(address[],uint8)";
    SET_ORACLE_SET_DELAY = "setOracleSetDelay(uint32)";
    SET_VOTE_RULES = "setVoteRules(uint256,uint32,uint16,uint32)";
    SET_SNAPSHOT_SPACE = "setSnapshotSpace(string)";
    SET_STAKE_CAP_BOUNDS = "setStakeCapBounds(uint256,uint256)";
    SET_PHASE_NODE_LIMIT = "setPhaseNodeLimit(uint8,uint16)";
    REGISTER_NODE = "registerNode(address,address,string)";
    UPDATE_NODE = "updateNode(uint64,address,address,string)";
}

/// Serves one of the admin's functions in the registry's context: `input` is the whole
/// calldata.
///
/// # Errors
/// `RegistryNotDelegated` outside a registry's context, `RegistryUnknownSelector` for a
/// selector that is not one of the admin program's, and the errors of each function.
pub fn serve(reg: &mut LstRegistry, input: &[u8]) -> Result<Vec<u8>> {
    if reg.global::<AdminProgram>().program.is_zero() {
        return Err(RegistryError::not_delegated());
    }
    serve_in_registry(reg, input)
}

/// Serves one of the admin's functions on the registry whose storage `reg` is, without the
/// delegation check: what the core runs in process off chain (native tests), where there is
/// no third program.
pub fn serve_in_registry(reg: &mut LstRegistry, input: &[u8]) -> Result<Vec<u8>> {
    serve_only(reg.vm().msg_value(), input, |s, a| route(reg, s, a))
}

/// Applies the admin's function behind `selector` to the arguments `a`.
fn route(reg: &mut LstRegistry, selector: u32, a: &Calldata) -> Routed {
    Ok(Some(match selector {
        // ---- roles
        TRANSFER_ADMIN => done(reg.transfer_admin(a.address(0)?)?),
        ACCEPT_ADMIN => done(reg.accept_admin()?),
        SET_GUARDIAN => done(reg.set_guardian(a.address(0)?)?),
        // ---- oracle set
        SET_ORACLE_SET => done(reg.set_oracle_set(a.addresses(0)?, a.u8(1)?)?),
        SET_ORACLE_SET_DELAY => done(reg.set_oracle_set_delay(a.u32(0)?)?),
        // ---- rules and node limits
        SET_VOTE_RULES => done(reg.set_vote_rules(a.u256(0)?, a.u32(1)?, a.u16(2)?, a.u32(3)?)?),
        SET_SNAPSHOT_SPACE => done(reg.set_snapshot_space(a.string(0)?)?),
        SET_STAKE_CAP_BOUNDS => done(reg.set_stake_cap_bounds(a.u256(0)?, a.u256(1)?)?),
        SET_PHASE_NODE_LIMIT => done(reg.set_phase_node_limit(a.u8(0)?, a.u16(1)?)?),
        // ---- node registry
        REGISTER_NODE => words(&[Word::word(&reg.register_node(
            a.address(0)?,
            a.address(1)?,
            a.string(2)?,
        )?)]),
        UPDATE_NODE => {
            done(reg.update_node(a.u64(0)?, a.address(1)?, a.address(2)?, a.string(3)?)?)
        }
        _ => return Ok(None),
    }))
}
