//! The registry's read-only functions, served by the views program.
//!
//! The views program (`views/`, crate `lst-registry-views`) is a Stylus program of its own,
//! built from this module. The registry's core delegates to it every selector that neither
//! the core nor the admin program ([`crate::admin`]) serves (see [`crate::router`]), so it
//! runs in the registry's context and reads the registry's storage, and one address serves
//! the whole of `abi/ILstRegistry.sol`. Nothing here writes storage or emits logs: this
//! module only calls the `&self` methods of [`LstRegistry`].
//!
//! Its address is fixed by the registry's constructor and no function changes it, so the
//! code that runs in the registry's context is the code that was reviewed at deployment.
//! Called directly rather than through the registry, the program finds no views program in
//! its own storage and reverts with `RegistryNotDelegated`.

use alloc::vec::Vec;
use stylus_sdk::prelude::*;

use crate::abi::{words, Calldata, Encoder, Word};
use crate::calls::{functions, selector, serve_only, Routed};
use crate::errors::{RegistryError, Result};
use crate::storage::ViewsProgram;
use crate::LstRegistry;

functions! {
    ADMIN = "admin()";
    PENDING_ADMIN = "pendingAdmin()";
    GUARDIAN = "guardian()";
    PAUSED = "paused()";
    VIEWS_PROGRAM = "viewsProgram()";
    ADMIN_PROGRAM = "adminProgram()";
    ORACLE_SET = "oracleSet()";
    DOMAIN_SEPARATOR = "domainSeparator()";
    TALLY_DIGEST = "tallyDigest(uint64,uint256,uint256,uint256,uint32)";
    RULES = "rules()";
    PHASE = "phase()";
    PHASE_NODE_LIMITS = "phaseNodeLimits()";
    ROUND = "round(uint64)";
    COUNTS = "counts()";
    ROUND_APPLICATIONS = "roundApplications(uint64,uint64,uint64)";
    APPLICATION = "application(uint64)";
    APPLICATION_TALLY = "applicationTally(uint64)";
    ELIGIBILITY = "eligibility(uint64)";
    NODE = "node(uint64)";
    NODE_OF_SIGNER = "nodeOfSigner(address)";
    NODES = "nodes(uint64,uint64)";
    PAIRING = "pairing(uint64)";
    ACTIVE_PAIRINGS = "activePairings(uint64,uint64)";
    REMAINING_CAPACITY = "remainingCapacity(uint64)";
    PAIRING_NONCE = "pairingNonce()";
}

/// Serves one read-only call in the registry's context: `input` is the whole calldata.
///
/// # Errors
/// `RegistryNotDelegated` outside a registry's context, `RegistryUnknownSelector` for a
/// selector no function of the registry has, and the errors of each view.
pub fn serve(reg: &LstRegistry, input: &[u8]) -> Result<Vec<u8>> {
    if reg.global::<ViewsProgram>().program.is_zero() {
        return Err(RegistryError::not_delegated());
    }
    serve_in_registry(reg, input)
}

/// Serves one read-only call of the registry whose storage `reg` is, without the delegation
/// check: what the core runs in process off chain (native tests), where there is no second
/// program.
pub fn serve_in_registry(reg: &LstRegistry, input: &[u8]) -> Result<Vec<u8>> {
    serve_only(reg.vm().msg_value(), input, |s, a| route(reg, s, a))
}

/// Applies the view behind `selector` to the arguments `a`.
fn route(reg: &LstRegistry, selector: u32, a: &Calldata) -> Routed {
    Ok(Some(match selector {
        // ---- roles
        ADMIN => words(&[Word::word(&reg.admin())]),
        PENDING_ADMIN => words(&[Word::word(&reg.pending_admin())]),
        GUARDIAN => words(&[Word::word(&reg.guardian())]),
        PAUSED => words(&[Word::word(&reg.paused())]),
        VIEWS_PROGRAM => words(&[Word::word(&reg.views_program())]),
        ADMIN_PROGRAM => words(&[Word::word(&reg.admin_program())]),
        // ---- oracle set and tallies
        ORACLE_SET => {
            let set = reg.oracle_set();
            Encoder::new()
                .array(&set.signers)
                .word(set.threshold)
                .word(set.epoch)
                .array(&set.next_signers)
                .word(set.next_threshold)
                .word(set.next_epoch)
                .word(set.next_at)
                .word(set.delay)
                .finish()
        }
        DOMAIN_SEPARATOR => words(&[Word::word(&reg.domain_separator())]),
        TALLY_DIGEST => {
            let digest =
                reg.tally_digest(a.u64(0)?, a.u256(1)?, a.u256(2)?, a.u256(3)?, a.u32(4)?)?;
            words(&[digest.word()])
        }
        // ---- rules and phases
        RULES => {
            let (quorum, voters, approval, window, min_cap, max_cap, mode, space) = reg.rules();
            Encoder::new()
                .word(quorum)
                .word(voters)
                .word(approval)
                .word(window)
                .word(min_cap)
                .word(max_cap)
                .bytes(mode.as_bytes())
                .bytes(&space)
                .finish()
        }
        PHASE => {
            let (phase, limit, nodes) = reg.phase();
            words(&[phase.word(), limit.word(), nodes.word()])
        }
        PHASE_NODE_LIMITS => {
            let limits = reg.phase_node_limits();
            words(&limits.map(|l| l.word()))
        }
        // ---- Stage 1
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
                r.10.word(),
                r.11 .0.word(),
                r.11 .1.word(),
                r.11 .2.word(),
                r.11 .3.word(),
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
                .word(p.7)
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
        _ => return Ok(None),
    }))
}
