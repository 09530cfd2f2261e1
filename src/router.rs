//! The ABI surface: selector → function, with its arguments decoded and its result encoded.
//!
//! The committed interface `abi/ILstRegistry.sol` is the contract's ABI; [`SIGNATURES`] is
//! this router's view of it, and a test fails if the two differ in any selector. Every call
//! is non-payable. Calls the router cannot serve revert with a custom error too:
//! `RegistryUnknownSelector`, `RegistryMalformedCalldata`, `RegistryNotPayable`.

use alloc::vec::Vec;
use stylus_sdk::keccak_const::Keccak256;
use stylus_sdk::prelude::*;

use crate::abi::{words, Calldata, Encoder, Malformed, Word};
use crate::errors::{RegistryError, Result};
use crate::LstRegistry;

/// The 4-byte selector of a function signature, as a big-endian integer.
pub const fn selector(signature: &str) -> u32 {
    let hash = Keccak256::new().update(signature.as_bytes()).finalize();
    u32::from_be_bytes([hash[0], hash[1], hash[2], hash[3]])
}

macro_rules! functions {
    ($($name:ident = $signature:literal;)*) => {
        $(const $name: u32 = selector($signature);)*
        /// Every function signature the router serves (the constructor route aside).
        pub const SIGNATURES: &[&str] = &[$($signature),*];
    };
}

/// The SDK's constructor route (`keccak256("stylus_constructor()")[..4]`, whatever the
/// arguments), which cargo-stylus deployment calls with `abi.encode(admin)`.
const CONSTRUCTOR: u32 = selector("stylus_constructor()");

functions! {
    ADMIN = "admin()";
    PENDING_ADMIN = "pendingAdmin()";
    GUARDIAN = "guardian()";
    PAUSED = "paused()";
    TRANSFER_ADMIN = "transferAdmin(address)";
    ACCEPT_ADMIN = "acceptAdmin()";
    SET_GUARDIAN = "setGuardian(address)";
    PAUSE = "pause()";
    UNPAUSE = "unpause()";
    SET_ORACLE_SET = "setOracleSet(address[],uint8)";
    ORACLE_SET = "oracleSet()";
    DOMAIN_SEPARATOR = "domainSeparator()";
    TALLY_DIGEST = "tallyDigest(uint64,uint256,uint256,uint256,uint32)";
    ATTEST_TALLY = "attestTally(uint64,uint256,uint256,uint256,uint32,bytes)";
    RULES = "rules()";
    SET_VOTE_RULES = "setVoteRules(uint256,uint32,uint16)";
    SET_STAKE_CAP_BOUNDS = "setStakeCapBounds(uint256,uint256)";
    PHASE = "phase()";
    PHASE_NODE_LIMITS = "phaseNodeLimits()";
    SET_PHASE_NODE_LIMIT = "setPhaseNodeLimit(uint8,uint16)";
    ADVANCE_PHASE = "advancePhase(uint8)";
    OPEN_ROUND = "openRound(uint8,uint64)";
    CLOSE_ROUND = "closeRound(uint64)";
    SUBMIT_APPLICATION = "submitApplication(string,string,bytes32,string,bytes32,address)";
    WITHDRAW_APPLICATION = "withdrawApplication(uint64)";
    FINALISE_ROUND = "finaliseRound(uint64)";
    ROUND = "round(uint64)";
    COUNTS = "counts()";
    ROUND_APPLICATIONS = "roundApplications(uint64,uint64,uint64)";
    APPLICATION = "application(uint64)";
    APPLICATION_TALLY = "applicationTally(uint64)";
    ELIGIBILITY = "eligibility(uint64)";
    REGISTER_NODE = "registerNode(address,address,string)";
    UPDATE_NODE = "updateNode(uint64,address,address,string)";
    NODE = "node(uint64)";
    NODE_OF_SIGNER = "nodeOfSigner(address)";
    NODES = "nodes(uint64,uint64)";
    PAIR = "pair(uint64,uint64,uint256,string)";
    UNPAIR = "unpair(uint64,string)";
    SET_STAKE_CAP = "setStakeCap(uint64,uint256)";
    REPORT_STAKE = "reportStake(uint64,uint256)";
    PAIRING = "pairing(uint64)";
    ACTIVE_PAIRINGS = "activePairings(uint64,uint64)";
    REMAINING_CAPACITY = "remainingCapacity(uint64)";
    PAIRING_NONCE = "pairingNonce()";
}

/// Nothing to return.
fn done(_: ()) -> Vec<u8> {
    Vec::new()
}

/// Serves one call: `input` is the whole calldata. Returns the return data, or the error
/// to revert with.
pub fn dispatch(reg: &mut LstRegistry, input: &[u8]) -> Result<Vec<u8>> {
    let mut sel = [0u8; 4];
    let known = input.len().min(4);
    sel[..known].copy_from_slice(&input[..known]);
    if input.len() < 4 {
        return Err(RegistryError::unknown_selector(sel));
    }
    let value = reg.vm().msg_value();
    if !value.is_zero() {
        return Err(RegistryError::not_payable(value));
    }
    let args = Calldata::new(&input[4..]);
    match route(reg, u32::from_be_bytes(sel), &args) {
        Ok(output) => Ok(output),
        Err(Failure::Malformed) => Err(RegistryError::malformed_calldata(sel)),
        Err(Failure::Registry(error)) => Err(error),
    }
}

/// Why a routed call failed.
enum Failure {
    /// The arguments did not decode.
    Malformed,
    /// The registry refused the call.
    Registry(RegistryError),
}

impl From<Malformed> for Failure {
    fn from(_: Malformed) -> Self {
        Failure::Malformed
    }
}

impl From<RegistryError> for Failure {
    fn from(error: RegistryError) -> Self {
        Failure::Registry(error)
    }
}

/// Applies the function behind `selector` to the arguments `a`.
fn route(
    reg: &mut LstRegistry,
    selector: u32,
    a: &Calldata,
) -> core::result::Result<Vec<u8>, Failure> {
    Ok(match selector {
        CONSTRUCTOR => done(reg.constructor(a.address(0)?)?),
        // ---- roles
        ADMIN => words(&[Word::word(&reg.admin())]),
        PENDING_ADMIN => words(&[Word::word(&reg.pending_admin())]),
        GUARDIAN => words(&[Word::word(&reg.guardian())]),
        PAUSED => words(&[Word::word(&reg.paused())]),
        TRANSFER_ADMIN => done(reg.transfer_admin(a.address(0)?)?),
        ACCEPT_ADMIN => done(reg.accept_admin()?),
        SET_GUARDIAN => done(reg.set_guardian(a.address(0)?)?),
        PAUSE => done(reg.pause()?),
        UNPAUSE => done(reg.unpause()?),
        // ---- oracle set and tallies
        SET_ORACLE_SET => done(reg.set_oracle_set(a.addresses(0)?, a.u8(1)?)?),
        ORACLE_SET => {
            let (signers, threshold, epoch) = reg.oracle_set();
            Encoder::new()
                .array(&signers)
                .word(threshold)
                .word(epoch)
                .finish()
        }
        DOMAIN_SEPARATOR => words(&[Word::word(&reg.domain_separator())]),
        TALLY_DIGEST => {
            let digest =
                reg.tally_digest(a.u64(0)?, a.u256(1)?, a.u256(2)?, a.u256(3)?, a.u32(4)?)?;
            words(&[digest.word()])
        }
        ATTEST_TALLY => done(reg.attest_tally(
            a.u64(0)?,
            a.u256(1)?,
            a.u256(2)?,
            a.u256(3)?,
            a.u32(4)?,
            a.bytes(5)?,
        )?),
        // ---- rules and phases
        RULES => {
            let (quorum, voters, approval, min_cap, max_cap, mode) = reg.rules();
            Encoder::new()
                .word(quorum)
                .word(voters)
                .word(approval)
                .word(min_cap)
                .word(max_cap)
                .bytes(mode.as_bytes())
                .finish()
        }
        SET_VOTE_RULES => done(reg.set_vote_rules(a.u256(0)?, a.u32(1)?, a.u16(2)?)?),
        SET_STAKE_CAP_BOUNDS => done(reg.set_stake_cap_bounds(a.u256(0)?, a.u256(1)?)?),
        PHASE => {
            let (phase, limit, nodes) = reg.phase();
            words(&[phase.word(), limit.word(), nodes.word()])
        }
        PHASE_NODE_LIMITS => {
            let limits = reg.phase_node_limits();
            words(&limits.map(|l| l.word()))
        }
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
        ROUND => {
            let r = reg.round(a.u64(0)?)?;
            words(&[
                r.0.word(),
                r.1.word(),
                r.2.word(),
                r.3.word(),
                r.4.word(),
                r.5.word(),
                r.6.word(),
                r.7.word(),
                r.8.word(),
                r.9.word(),
            ])
        }
        COUNTS => {
            let c = reg.counts();
            words(&[c.0.word(), c.1.word(), c.2.word(), c.3.word()])
        }
        ROUND_APPLICATIONS => Encoder::new()
            .array(&reg.round_applications(a.u64(0)?, a.u64(1)?, a.u64(2)?)?)
            .finish(),
        APPLICATION => {
            let x = reg.application(a.u64(0)?)?;
            Encoder::new()
                .word(x.0)
                .word(x.1)
                .word(x.2)
                .word(x.3)
                .word(x.4)
                .word(x.5)
                .word(x.6)
                .bytes(x.7.as_bytes())
                .bytes(x.8.as_bytes())
                .bytes(x.9.as_bytes())
                .finish()
        }
        APPLICATION_TALLY => {
            let t = reg.application_tally(a.u64(0)?)?;
            words(&[t.0.word(), t.1.word(), t.2.word(), t.3.word(), t.4.word()])
        }
        ELIGIBILITY => {
            let (eligible, reason) = reg.eligibility(a.u64(0)?);
            words(&[eligible.word(), reason.word()])
        }
        // ---- Stage 2
        REGISTER_NODE => words(&[Word::word(&reg.register_node(
            a.address(0)?,
            a.address(1)?,
            a.string(2)?,
        )?)]),
        UPDATE_NODE => {
            done(reg.update_node(a.u64(0)?, a.address(1)?, a.address(2)?, a.string(3)?)?)
        }
        NODE => {
            let n = reg.node(a.u64(0)?)?;
            Encoder::new()
                .word(n.0)
                .word(n.1)
                .word(n.2)
                .word(n.3)
                .word(n.4)
                .bytes(n.5.as_bytes())
                .finish()
        }
        NODE_OF_SIGNER => words(&[Word::word(&reg.node_of_signer(a.address(0)?))]),
        NODES => Encoder::new()
            .array(&reg.nodes(a.u64(0)?, a.u64(1)?))
            .finish(),
        PAIR => words(&[Word::word(&reg.pair(
            a.u64(0)?,
            a.u64(1)?,
            a.u256(2)?,
            a.string(3)?,
        )?)]),
        UNPAIR => done(reg.unpair(a.u64(0)?, a.string(1)?)?),
        SET_STAKE_CAP => done(reg.set_stake_cap(a.u64(0)?, a.u256(1)?)?),
        REPORT_STAKE => done(reg.report_stake(a.u64(0)?, a.u256(1)?)?),
        PAIRING => {
            let p = reg.pairing(a.u64(0)?)?;
            Encoder::new()
                .word(p.0)
                .word(p.1)
                .word(p.2)
                .word(p.3)
                .word(p.4)
                .word(p.5)
                .bytes(p.6.as_bytes())
                .finish()
        }
        ACTIVE_PAIRINGS => {
            let (nodes, ids, apps, caps, remaining) = reg.active_pairings(a.u64(0)?, a.u64(1)?);
            Encoder::new()
                .array(&nodes)
                .array(&ids)
                .array(&apps)
                .array(&caps)
                .array(&remaining)
                .finish()
        }
        REMAINING_CAPACITY => words(&[Word::word(&reg.remaining_capacity(a.u64(0)?)?)]),
        PAIRING_NONCE => words(&[Word::word(&reg.pairing_nonce())]),
        _ => {
            return Err(Failure::Registry(RegistryError::unknown_selector(
                selector.to_be_bytes(),
            )))
        }
    })
}
