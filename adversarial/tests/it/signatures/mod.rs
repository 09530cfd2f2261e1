//! Oracle signatures under attack, with real secp256k1 keys through the devnet's ecrecover:
//! replay across applications, rounds, epochs, chains (a second devnet with another chain
//! id, and a chain id change) and contracts (two deployments on one chain); the high-`s`
//! twin of a valid signature; duplicate, unsorted and unknown signers; malformed blobs and
//! bad `v`/`r`/`s`; and the oracle set changing between signing and submission (threshold
//! raised → too few signatures; set replaced → epoch moved → unknown signers, each once in
//! force after the oracle-set delay, a signature for the scheduled epoch refused before it);
//! the strict
//! majority every oracle set's threshold must be; and the copies of an application that a
//! signature must not back (another applicant, staking contract or proposal, the original's
//! proposal itself refused at submission).
//!
//! Every expected error is exact: the recovered addresses in `RegistryUnknownSigner` /
//! `RegistrySignersNotSorted` are computed in Rust from the digest the registry must check,
//! and each refused call must leave storage and logs untouched.

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::SolCall;
use lst_registry_adversarial::cast::cast;
use lst_registry_adversarial::chain::{classify, decode_events, show_error, Harness, Outcome};
use lst_registry_adversarial::fixture::{
    self, attest, ok, passing, populate, populated, subject, subject_of,
};
use lst_registry_adversarial::sign::{self, Counts, Subject, HALF_ORDER, ORDER};
use lst_registry_adversarial::{RegistryError, RegistryEvent, I};

mod binding;
mod bundles;
mod oracle_set;

/// The registry's verdict must be exactly `expected`; a refusal changes nothing.
fn submit(
    h: &mut Harness,
    call: &I::attestTallyCall,
    expected: Result<(), RegistryError>,
    what: &str,
) {
    let before = h.dump();
    let receipt = h.send(cast().strangers[0].address, &call.abi_encode());
    let outcome = classify(&receipt).unwrap_or_else(|e| panic!("{what}: {e}"));
    match (&outcome, &expected) {
        (Outcome::Returned(_), Ok(())) => {
            let events =
                decode_events(&receipt, h.registry).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(
                matches!(&events[..], [RegistryEvent::TallyAttested(_)]),
                "{what}: events {events:?}"
            );
        }
        (Outcome::Reverted(got), Err(want)) => {
            assert_eq!(
                got,
                want,
                "{what}: got {}, expected {}",
                show_error(got),
                show_error(want)
            );
            assert!(
                h.dump() == before,
                "{what}: the refused attestation changed storage"
            );
        }
        _ => panic!("{what}: got {outcome:?}, expected {expected:?}"),
    }
    println!(
        "{what:<62} ⇒ {}",
        match &outcome {
            Outcome::Returned(_) => "accepted".to_string(),
            Outcome::Reverted(e) => show_error(e),
        }
    );
}

/// Everything `oracleSet()` of `h` answers: the set in force, the scheduled one, the delay.
fn oracle_view(h: &mut Harness) -> I::oracleSetReturn {
    let receipt = h
        .net
        .call(Address::ZERO, h.registry, &I::oracleSetCall {}.abi_encode());
    I::oracleSetCall::abi_decode_returns(&receipt.output).expect("oracleSet")
}

/// The oracle set in force in `h`: signers, threshold, epoch.
fn oracle_set(h: &mut Harness) -> (Vec<Address>, u8, u32) {
    let r = oracle_view(h);
    (r.signers, r.threshold, r.epoch)
}

/// The change scheduled in `h`: signers, threshold, epoch, time (empty and zeros if none).
fn scheduled_set(h: &mut Harness) -> (Vec<Address>, u8, u32, u64) {
    let r = oracle_view(h);
    (r.nextSigners, r.nextThreshold, r.nextEpoch, r.nextAt)
}

/// The oracle-set delay after construction (two days).
const ORACLE_SET_DELAY: u64 = 2 * 86_400;

/// Moves `h`'s clock by the oracle-set delay (one new block): a change made before is then in
/// force.
fn past_delay(h: &mut Harness) {
    h.net.advance_time(ORACLE_SET_DELAY);
}

/// What the registry of `h` must answer for `blob` over the tally of `subject` now (the
/// reference model of `sign::verify`, on the digest computed in Rust).
fn verdict(
    h: &mut Harness,
    subject: &Subject,
    counts: &Counts,
    blob: &[u8],
) -> Result<(), RegistryError> {
    let (set, threshold, epoch) = oracle_set(h);
    let digest = sign::digest(h.net.chain_id(), h.registry, subject, counts, epoch);
    sign::verify(blob, digest, &set, threshold)
}

/// `call` from `from` must be refused with exactly `expected`, changing nothing.
fn refused<C: SolCall>(h: &mut Harness, from: Address, call: &C, expected: RegistryError) {
    let before = h.dump();
    let receipt = h.send(from, &call.abi_encode());
    let outcome = classify(&receipt).unwrap_or_else(|e| panic!("{}: {e}", C::SIGNATURE));
    assert_eq!(
        outcome,
        Outcome::Reverted(expected.clone()),
        "{}: expected {}",
        C::SIGNATURE,
        show_error(&expected)
    );
    assert!(
        h.dump() == before,
        "{}: the refusal changed storage",
        C::SIGNATURE
    );
    println!("{:<62} ⇒ {}", C::SIGNATURE, show_error(&expected));
}

fn proposal_used(call: &I::submitApplicationCall, by: u64) -> RegistryError {
    I::RegistryProposalUsed {
        snapshotProposal: call.snapshotProposal,
        applicationId: by,
    }
    .into()
}

fn unknown_signer(index: usize, signer: Address) -> RegistryError {
    I::RegistryUnknownSigner {
        index: U256::from(index),
        signer,
    }
    .into()
}

/// The address `blob`'s signature `index` recovers to over the digest the registry checks.
fn recovered(
    h: &mut Harness,
    subject: &Subject,
    counts: &Counts,
    blob: &[u8],
    index: usize,
) -> Address {
    let (_, _, epoch) = oracle_set(h);
    let digest = sign::digest(h.net.chain_id(), h.registry, subject, counts, epoch);
    sign::recover(&blob[65 * index..65 * index + 65], digest)
        .expect("a well-formed signature recovers some address")
}

/// Application 3 (round 2, Applicant 3) and its tally: the fixture's pending application.
fn app3() -> (Subject, Counts) {
    (subject(2, 3, 2), passing(0))
}
