//! The ABI surface: selector → function, with its arguments decoded and its result encoded.
//!
//! The registry is two Stylus programs behind one address. This core serves the constructor
//! and every state-changing function; every other selector (the read-only functions of
//! [`crate::views`], and unknown ones) is delegated to the views program fixed at
//! construction, which answers from the registry's storage in the registry's context. Its
//! return data and revert data come back unchanged, so callers see one contract:
//! `abi/ILstRegistry.sol`. [`SIGNATURES`] (core) and [`crate::views::SIGNATURES`] together are
//! this router's view of that interface, and a test fails if they differ in any selector.
//!
//! Every call is non-payable. Calls that cannot be served revert with a custom error too:
//! `RegistryUnknownSelector`, `RegistryMalformedCalldata`, `RegistryNotPayable`.

use alloc::vec::Vec;
use stylus_sdk::prelude::*;

use crate::abi::{words, Calldata, Word};
pub use crate::calls::selector;
use crate::calls::{functions, serve_with, Routed};
use crate::errors::Result;
use crate::LstRegistry;

/// The SDK's constructor route (`keccak256("stylus_constructor()")[..4]`, whatever the
/// arguments), which cargo-stylus deployment calls with `abi.encode(admin, views)`.
const CONSTRUCTOR: u32 = selector("stylus_constructor()");

functions! {
    TRANSFER_ADMIN = "transferAdmin(address)";
    ACCEPT_ADMIN = "acceptAdmin()";
    SET_GUARDIAN = "setGuardian(address)";
    PAUSE = "pause()";
    UNPAUSE = "unpause()";
    SET_ORACLE_SET = "setOracleSet(address[],uint8)";
    SET_ORACLE_SET_DELAY = "setOracleSetDelay(uint32)";
    ATTEST_TALLY = "attestTally(uint64,uint256,uint256,uint256,uint32,bytes)";
    SET_VOTE_RULES = "setVoteRules(uint256,uint32,uint16,uint32)";
    SET_SNAPSHOT_SPACE = "setSnapshotSpace(string)";
    SET_STAKE_CAP_BOUNDS = "setStakeCapBounds(uint256,uint256)";
    SET_PHASE_NODE_LIMIT = "setPhaseNodeLimit(uint8,uint16)";
    ADVANCE_PHASE = "advancePhase(uint8)";
    OPEN_ROUND = "openRound(uint8,uint64)";
    CLOSE_ROUND = "closeRound(uint64)";
    SUBMIT_APPLICATION = "submitApplication(string,string,bytes32,string,bytes32,address)";
    WITHDRAW_APPLICATION = "withdrawApplication(uint64)";
    FINALISE_ROUND = "finaliseRound(uint64)";
    REVOKE_APPLICATION = "revokeApplication(uint64,string)";
    REGISTER_NODE = "registerNode(address,address,string)";
    UPDATE_NODE = "updateNode(uint64,address,address,string)";
    PAIR = "pair(uint64,uint64,uint256,string)";
    UNPAIR = "unpair(uint64,string)";
    SET_STAKE_CAP = "setStakeCap(uint64,uint256)";
    REPORT_STAKE = "reportStake(uint64,uint256)";
}

/// Nothing to return.
fn done(_: ()) -> Vec<u8> {
    Vec::new()
}

/// Serves one call: `input` is the whole calldata. Returns the return data, or the error
/// to revert with. Selectors the core does not serve go to the views program.
pub fn dispatch(reg: &mut LstRegistry, input: &[u8]) -> Result<Vec<u8>> {
    let value = reg.vm().msg_value();
    match serve_with(value, input, |sel, a| route(reg, sel, a))? {
        Some(output) => Ok(output),
        None => forward(reg, input),
    }
}

/// Delegates a call to the views program and returns its return data, or reverts with its
/// revert data.
#[cfg(target_arch = "wasm32")]
fn forward(reg: &mut LstRegistry, input: &[u8]) -> Result<Vec<u8>> {
    use stylus_sdk::stylus_core::host::UnsafeCallAccess;
    let views = reg.global::<crate::storage::ViewsProgram>().program;
    let mut len = 0;
    // SAFETY: the views program was fixed at construction and never writes storage; the core
    // has written nothing before forwarding, so there is no cache to flush.
    let status = unsafe {
        reg.vm().delegate_call_contract(
            views.as_ptr(),
            input.as_ptr(),
            input.len(),
            u64::MAX,
            &mut len,
        )
    };
    let data = reg.vm().read_return_data(0, None);
    if status == 0 {
        Ok(data)
    } else {
        Err(crate::errors::RegistryError::raw(data))
    }
}

/// Off chain (native tests), the views run in the same process: what the delegate call does on
/// chain, without the second program.
#[cfg(not(target_arch = "wasm32"))]
fn forward(reg: &mut LstRegistry, input: &[u8]) -> Result<Vec<u8>> {
    crate::views::serve_in_registry(reg, input)
}

/// Applies the state-changing function behind `selector` to the arguments `a`.
fn route(reg: &mut LstRegistry, selector: u32, a: &Calldata) -> Routed {
    Ok(Some(match selector {
        CONSTRUCTOR => done(reg.constructor(a.address(0)?, a.address(1)?)?),
        // ---- roles
        TRANSFER_ADMIN => done(reg.transfer_admin(a.address(0)?)?),
        ACCEPT_ADMIN => done(reg.accept_admin()?),
        SET_GUARDIAN => done(reg.set_guardian(a.address(0)?)?),
        PAUSE => done(reg.pause()?),
        UNPAUSE => done(reg.unpause()?),
        // ---- oracle set and tallies
        SET_ORACLE_SET => done(reg.set_oracle_set(a.addresses(0)?, a.u8(1)?)?),
        SET_ORACLE_SET_DELAY => done(reg.set_oracle_set_delay(a.u32(0)?)?),
        ATTEST_TALLY => done(reg.attest_tally(
            a.u64(0)?,
            a.u256(1)?,
            a.u256(2)?,
            a.u256(3)?,
            a.u32(4)?,
            a.bytes(5)?,
        )?),
        // ---- rules and phases
        SET_VOTE_RULES => done(reg.set_vote_rules(a.u256(0)?, a.u32(1)?, a.u16(2)?, a.u32(3)?)?),
        SET_SNAPSHOT_SPACE => done(reg.set_snapshot_space(a.string(0)?)?),
        SET_STAKE_CAP_BOUNDS => done(reg.set_stake_cap_bounds(a.u256(0)?, a.u256(1)?)?),
        SET_PHASE_NODE_LIMIT => done(reg.set_phase_node_limit(a.u8(0)?, a.u16(1)?)?),
        ADVANCE_PHASE => done(reg.advance_phase(a.u8(0)?)?),
        // ---- Stage 1
        OPEN_ROUND => words(&[Word::word(&reg.open_round(a.u8(0)?, a.u64(1)?)?)]),
        CLOSE_ROUND => done(reg.close_round(a.u64(0)?)?),
        SUBMIT_APPLICATION => {
            let id = reg.submit_application(
                a.string(0)?,
                a.string(1)?,
                a.b256(2)?,
                a.string(3)?,
                a.b256(4)?,
                a.address(5)?,
            )?;
            words(&[id.word()])
        }
        WITHDRAW_APPLICATION => done(reg.withdraw_application(a.u64(0)?)?),
        FINALISE_ROUND => done(reg.finalise_round(a.u64(0)?)?),
        REVOKE_APPLICATION => done(reg.revoke_application(a.u64(0)?, a.string(1)?)?),
        // ---- Stage 2
        REGISTER_NODE => words(&[Word::word(&reg.register_node(
            a.address(0)?,
            a.address(1)?,
            a.string(2)?,
        )?)]),
        UPDATE_NODE => {
            done(reg.update_node(a.u64(0)?, a.address(1)?, a.address(2)?, a.string(3)?)?)
        }
        PAIR => words(&[Word::word(&reg.pair(
            a.u64(0)?,
            a.u64(1)?,
            a.u256(2)?,
            a.string(3)?,
        )?)]),
        UNPAIR => done(reg.unpair(a.u64(0)?, a.string(1)?)?),
        SET_STAKE_CAP => done(reg.set_stake_cap(a.u64(0)?, a.u256(1)?)?),
        REPORT_STAKE => done(reg.report_stake(a.u64(0)?, a.u256(1)?)?),
        _ => return Ok(None),
    }))
}
