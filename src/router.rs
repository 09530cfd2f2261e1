//! The ABI surface: selector → function, with its arguments decoded and its result encoded.
//!
//! The registry is three Stylus programs behind one address. This core serves the
//! constructor and the functions that run the program (the pause, phases, rounds,
//! applications, tallies, pairings, stake caps and stake reports). The admin's functions
//! ([`crate::admin`]: roles, oracle set, rules, node registry) are delegated to the admin
//! program, and every other selector (the read-only functions of [`crate::views`], and
//! unknown ones) to the views program; both were fixed at construction and run in the
//! registry's context on the registry's storage. Their return data and revert data come back
//! unchanged, so callers see one contract: `abi/ILstRegistry.sol`. [`SIGNATURES`] (core),
//! [`crate::admin::SIGNATURES`] and [`crate::views::SIGNATURES`] together are this router's
//! view of that interface, and a test fails if they differ in any selector.
//!
//! Every call is non-payable. Calls that cannot be served revert with a custom error too:
//! `RegistryUnknownSelector`, `RegistryMalformedCalldata`, `RegistryNotPayable`, and
//! `RegistryNoCode(0)` for a call to be forwarded before the constructor has run.

use alloc::vec::Vec;
use stylus_sdk::alloy_primitives::Address;
use stylus_sdk::prelude::*;

use crate::abi::{words, Calldata, Word};
pub use crate::calls::selector;
use crate::calls::{done, functions, serve_with, Routed};
use crate::errors::Result;
use crate::LstRegistry;

/// The SDK's constructor route (`keccak256("stylus_constructor()")[..4]`, whatever the
/// arguments), which cargo-stylus deployment calls with `abi.encode(admin, views, adminProgram)`.
const CONSTRUCTOR: u32 = selector("stylus_constructor()");

functions! {
    PAUSE = "pause()";
    UNPAUSE = "unpause()";
    ATTEST_TALLY = "attestTally(uint64,uint256,uint256,uint256,uint32,bytes)";
    ADVANCE_PHASE = "advancePhase(uint8)";
    OPEN_ROUND = "openRound(uint8,uint64)";
    CLOSE_ROUND = "closeRound(uint64)";
    SUBMIT_APPLICATION = "submitApplication(string,string,bytes32,string,bytes32,address)";
    WITHDRAW_APPLICATION = "withdrawApplication(uint64)";
    FINALISE_ROUND = "finaliseRound(uint64)";
    REVOKE_APPLICATION = "revokeApplication(uint64,string)";
    PAIR = "pair(uint64,uint64,uint256,string)";
    UNPAIR = "unpair(uint64,string)";
    REPORT_STAKE = "reportStake(uint64,uint256)";
    SET_STAKE_CAP = "setStakeCap(uint64,uint256)";
}

/// Serves one call: `input` is the whole calldata. Returns the return data, or the error
/// to revert with. Selectors the core does not serve go to the admin program when they are
/// the admin's functions ([`crate::admin`]), and to the views program otherwise.
pub fn dispatch(reg: &mut LstRegistry, input: &[u8]) -> Result<Vec<u8>> {
    let value = reg.vm().msg_value();
    let mut admin = false;
    match serve_with(value, input, |sel, a| {
        admin = crate::admin::serves(sel);
        route(reg, sel, a)
    })? {
        Some(output) => Ok(output),
        None if admin => forward(reg, Program::Admin, input),
        None => forward(reg, Program::Views, input),
    }
}

/// The program a call the core does not serve goes to.
#[derive(Clone, Copy)]
enum Program {
    /// The admin program: the admin's functions.
    Admin,
    /// The views program: the read-only functions, and unknown selectors.
    Views,
}

/// The address of `program`, fixed at construction: zero before the constructor has run.
fn program_address(reg: &LstRegistry, program: Program) -> Address {
    match program {
        Program::Admin => reg.global::<crate::storage::AdminProgram>().program,
        Program::Views => reg.global::<crate::storage::ViewsProgram>().program,
    }
}

/// `RegistryNoCode(0)`: a call to be forwarded before the constructor has set the programs. A
/// delegate call to address zero would succeed with nothing done and nothing returned.
fn not_constructed() -> crate::errors::RegistryError {
    crate::errors::RegistryError::no_code(Address::ZERO)
}

/// Delegates a call to the admin or views program and returns its return data, or reverts
/// with its revert data.
#[cfg(target_arch = "wasm32")]
fn forward(reg: &mut LstRegistry, program: Program, input: &[u8]) -> Result<Vec<u8>> {
    use stylus_sdk::stylus_core::host::UnsafeCallAccess;
    let to = program_address(reg, program);
    if to == Address::ZERO {
        return Err(not_constructed());
    }
    let mut len = 0;
    // SAFETY: both programs were fixed at construction (the views program never writes
    // storage; the admin program writes the registry's records as the core would). The core
    // has written nothing before forwarding, so there is no cache to flush, and it reads
    // nothing after, so nothing it cached can be stale.
    let status = unsafe {
        reg.vm().delegate_call_contract(
            to.as_ptr(),
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

/// Off chain (native tests), the admin's functions and the views run in the same process:
/// what the delegate call does on chain, without the other programs (and, as on chain,
/// nothing before the constructor has set them).
#[cfg(not(target_arch = "wasm32"))]
fn forward(reg: &mut LstRegistry, program: Program, input: &[u8]) -> Result<Vec<u8>> {
    if program_address(reg, program) == Address::ZERO {
        return Err(not_constructed());
    }
    match program {
        Program::Admin => crate::admin::serve_in_registry(reg, input),
        Program::Views => crate::views::serve_in_registry(reg, input),
    }
}

/// Applies the state-changing function behind `selector` to the arguments `a`.
fn route(reg: &mut LstRegistry, selector: u32, a: &Calldata) -> Routed {
    Ok(Some(match selector {
        CONSTRUCTOR => done(reg.constructor(a.address(0)?, a.address(1)?, a.address(2)?)?),
        // ---- the pause (the admin's other functions: crate::admin)
        PAUSE => done(reg.pause()?),
        UNPAUSE => done(reg.unpause()?),
        // ---- oracle set and tallies
        ATTEST_TALLY => done(reg.attest_tally(
            a.u64(0)?,
            a.u256(1)?,
            a.u256(2)?,
            a.u256(3)?,
            a.u32(4)?,
            a.bytes(5)?,
        )?),
        // ---- phases
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
        PAIR => words(&[Word::word(&reg.pair(
            a.u64(0)?,
            a.u64(1)?,
            a.u256(2)?,
            a.string(3)?,
        )?)]),
        UNPAIR => done(reg.unpair(a.u64(0)?, a.string(1)?)?),
        REPORT_STAKE => done(reg.report_stake(a.u64(0)?, a.u256(1)?)?),
        SET_STAKE_CAP => done(reg.set_stake_cap(a.u64(0)?, a.u256(1)?)?),
        _ => return Ok(None),
    }))
}
