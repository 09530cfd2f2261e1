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

#[test]
fn a_signature_binds_its_application() {
    let c = cast();
    let mut h = populated();
    // a copy of app 3 (its proposal, the copier's staking contract) cannot even apply: the
    // proposal backs app 3
    let copy = I::submitApplicationCall {
        stakingContract: c.staking[0].address,
        ..fixture::submission(2)
    };
    refused(
        &mut h,
        c.strangers[0].address,
        &copy,
        proposal_used(&copy, 3),
    );
    // application 4: Applicant 1 applies again in round 2 with app 1's document (and a new
    // proposal); application 5 copies app 3's document under a stranger's staking contract
    // and its own proposal
    let a4 = fixture::resubmission(0, "round 2");
    let a5 = I::submitApplicationCall {
        stakingContract: c.strangers[0].address,
        ..fixture::resubmission(2, "copied")
    };
    ok(&mut h, c.applicants[0].address, &a4);
    ok(&mut h, c.strangers[0].address, &a5);
    // a twin of app 4 (same applicant, staking contract, content and space, another
    // proposal) cannot be live beside it: one application per applicant in a round
    let twin = fixture::resubmission(0, "round 2, twin");
    refused(
        &mut h,
        c.applicants[0].address,
        &twin,
        I::RegistryAlreadyApplied {
            account: c.applicants[0].address,
            applicationId: 4,
        }
        .into(),
    );
    let (s3, counts) = app3();
    let s4 = subject_of(2, 4, c.applicants[0].address, &a4);
    let s5 = subject_of(2, 5, c.strangers[0].address, &a5);
    let for3 = fixture::signatures(&h, &s3, &counts, 1, &[0, 1]);
    let expected = Err(unknown_signer(0, recovered(&mut h, &s4, &counts, &for3, 0)));
    assert_eq!(verdict(&mut h, &s4, &counts, &for3), expected);
    submit(
        &mut h,
        &attest(4, &counts, for3.clone()),
        expected,
        "app 3's signatures on app 4",
    );
    let expected = Err(unknown_signer(0, recovered(&mut h, &s5, &counts, &for3, 0)));
    submit(
        &mut h,
        &attest(5, &counts, for3.clone()),
        expected,
        "app 3's signatures on a copy of app 3 (app 5)",
    );
    // the same signatures over other counts
    let for4 = fixture::signatures(&h, &s4, &counts, 1, &[0, 1]);
    let other = Counts {
        voters: counts.voters + 1,
        ..counts
    };
    let expected = Err(unknown_signer(0, recovered(&mut h, &s4, &other, &for4, 0)));
    submit(
        &mut h,
        &attest(4, &other, for4.clone()),
        expected,
        "app 4's signatures with one more voter claimed",
    );
    // each accepted once, where it belongs; then never again
    submit(
        &mut h,
        &attest(3, &counts, for3.clone()),
        Ok(()),
        "app 3's signatures on app 3",
    );
    submit(
        &mut h,
        &attest(4, &counts, for4.clone()),
        Ok(()),
        "app 4's signatures on app 4",
    );
    let tallied: RegistryError = I::RegistryWrongApplicationStatus {
        applicationId: 4,
        status: 3,
        expected: 1,
    }
    .into();
    submit(
        &mut h,
        &attest(4, &counts, for4.clone()),
        Err(tallied),
        "app 4's signatures replayed on app 4",
    );
    // the admin revokes app 4; its twin may then apply (application 6): identical
    // applicant, staking contract, content, round, space and counts, only the id and the
    // proposal differ, and app 4's signatures do not carry over
    ok(
        &mut h,
        c.admin.address,
        &I::revokeApplicationCall {
            applicationId: 4,
            reason: "superseded".into(),
        },
    );
    submit(
        &mut h,
        &attest(4, &counts, for4.clone()),
        Err(I::RegistryWrongApplicationStatus {
            applicationId: 4,
            status: 10,
            expected: 1,
        }
        .into()),
        "app 4's signatures on the revoked app 4",
    );
    ok(&mut h, c.applicants[0].address, &twin);
    let s6 = subject_of(2, 6, c.applicants[0].address, &twin);
    let expected = Err(unknown_signer(0, recovered(&mut h, &s6, &counts, &for4, 0)));
    submit(
        &mut h,
        &attest(6, &counts, for4),
        expected,
        "app 4's signatures on its identical twin app 6",
    );
    let for6 = fixture::signatures(&h, &s6, &counts, 1, &[0, 1]);
    submit(
        &mut h,
        &attest(6, &counts, for6),
        Ok(()),
        "app 6's signatures on app 6",
    );
}

#[test]
fn a_signature_binds_its_round() {
    let c = cast();
    let mut h = populated();
    // Applicant 1 applies again in round 2 with the submission that qualified in round 1: its
    // proposal backs application 1 (a finalised round), so it is refused; with a new proposal
    // it becomes application 4
    let again = fixture::submission(0);
    refused(
        &mut h,
        c.applicants[0].address,
        &again,
        proposal_used(&again, 1),
    );
    let a4 = fixture::resubmission(0, "round 2");
    ok(&mut h, c.applicants[0].address, &a4);
    let counts = passing(0);
    let round1 = fixture::signatures(&h, &subject(1, 1, 0), &counts, 1, &[0, 1]);
    let s4 = subject_of(2, 4, c.applicants[0].address, &a4);
    let expected = Err(unknown_signer(
        0,
        recovered(&mut h, &s4, &counts, &round1, 0),
    ));
    submit(
        &mut h,
        &attest(4, &counts, round1),
        expected,
        "round 1's attestation of app 1 on app 4 (round 2)",
    );
    // a signature over the right application id but another round number
    let wrong_round = fixture::signatures(
        &h,
        &Subject {
            round: 1,
            ..s4.clone()
        },
        &counts,
        1,
        &[0, 1],
    );
    let expected = Err(unknown_signer(
        0,
        recovered(&mut h, &s4, &counts, &wrong_round, 0),
    ));
    submit(
        &mut h,
        &attest(4, &counts, wrong_round),
        expected,
        "app 4 signed as if in round 1",
    );
    // and the other bound fields: applicant, staking contract, content hash, space, proposal
    for (what, forged) in [
        (
            "app 4 signed for another applicant (a clone's)",
            Subject {
                applicant: Address::repeat_byte(0xc1),
                ..s4.clone()
            },
        ),
        (
            "app 4 signed for another staking contract (a clone's)",
            Subject {
                staking: Address::repeat_byte(0xc2),
                ..s4.clone()
            },
        ),
        (
            "app 4 signed over another content hash",
            Subject {
                content_hash: keccak256("other"),
                ..s4.clone()
            },
        ),
        (
            "app 4 signed over another Snapshot space",
            Subject {
                space: "other.eth".into(),
                ..s4.clone()
            },
        ),
        (
            "app 4 signed over another Snapshot proposal",
            Subject {
                proposal: keccak256("other"),
                ..s4.clone()
            },
        ),
    ] {
        let blob = fixture::signatures(&h, &forged, &counts, 1, &[0, 1]);
        let expected = Err(unknown_signer(0, recovered(&mut h, &s4, &counts, &blob, 0)));
        submit(&mut h, &attest(4, &counts, blob), expected, what);
    }
    let good = fixture::signatures(&h, &s4, &counts, 1, &[0, 1]);
    submit(
        &mut h,
        &attest(4, &counts, good),
        Ok(()),
        "app 4 signed for round 2",
    );
}

#[test]
fn a_signature_binds_its_oracle_epoch() {
    let c = cast();
    let mut h = populated();
    let (s3, counts) = app3();
    let epoch1 = fixture::signatures(&h, &s3, &counts, 1, &[0, 1]);
    // the admin re-installs the very same set: only the epoch moves
    let (set, threshold, epoch) = oracle_set(&mut h);
    assert_eq!((threshold, epoch), (2, 1));
    ok(
        &mut h,
        c.admin.address,
        &I::setOracleSetCall {
            signers: set.clone(),
            threshold,
        },
    );
    // epoch 2 is scheduled, two days ahead: until then epoch 1 is in force and a signature
    // made for epoch 2 recovers to someone else
    let now = h.net.timestamp();
    assert_eq!(oracle_set(&mut h), (set.clone(), 2, 1));
    assert_eq!(
        scheduled_set(&mut h),
        (set.clone(), 2, 2, now + ORACLE_SET_DELAY)
    );
    let early = fixture::signatures(&h, &s3, &counts, 2, &[0, 1]);
    let expected = Err(unknown_signer(
        0,
        recovered(&mut h, &s3, &counts, &early, 0),
    ));
    submit(
        &mut h,
        &attest(3, &counts, early),
        expected,
        "signed for the scheduled epoch 2, before its time",
    );
    past_delay(&mut h);
    assert_eq!(oracle_set(&mut h), (set, 2, 2));
    assert_eq!(scheduled_set(&mut h), (vec![], 0, 0, 0));
    let expected = Err(unknown_signer(
        0,
        recovered(&mut h, &s3, &counts, &epoch1, 0),
    ));
    submit(
        &mut h,
        &attest(3, &counts, epoch1),
        expected,
        "signed under epoch 1, submitted under epoch 2",
    );
    let future = fixture::signatures(&h, &s3, &counts, 3, &[0, 1]);
    let expected = Err(unknown_signer(
        0,
        recovered(&mut h, &s3, &counts, &future, 0),
    ));
    submit(
        &mut h,
        &attest(3, &counts, future),
        expected,
        "signed for epoch 3 ahead of time",
    );
    let epoch2 = fixture::signatures(&h, &s3, &counts, 2, &[0, 1]);
    submit(
        &mut h,
        &attest(3, &counts, epoch2),
        Ok(()),
        "signed under epoch 2",
    );
}

#[test]
fn a_signature_binds_its_chain() {
    let (s3, counts) = app3();
    // a second devnet with another chain id: same deployer, same nonce → same address
    let mut net = lst_registry_adversarial::client::devnet::devnet();
    net.set_chain_id(42_161);
    let mut other = Harness::deploy_on(net, cast().admin.address);
    populate(&mut other);
    let mut home = populated();
    assert_eq!(
        other.registry, home.registry,
        "the two deployments share their address"
    );
    assert_ne!(other.net.chain_id(), home.net.chain_id());
    let signed_home = fixture::signatures(&home, &s3, &counts, 1, &[0, 1]);
    let signed_other = fixture::signatures(&other, &s3, &counts, 1, &[0, 1]);
    let expected = Err(unknown_signer(
        0,
        recovered(&mut other, &s3, &counts, &signed_home, 0),
    ));
    submit(
        &mut other,
        &attest(3, &counts, signed_home.clone()),
        expected,
        "chain 412346's attestation on chain 42161",
    );
    let expected = Err(unknown_signer(
        0,
        recovered(&mut home, &s3, &counts, &signed_other, 0),
    ));
    submit(
        &mut home,
        &attest(3, &counts, signed_other.clone()),
        expected,
        "chain 42161's attestation on chain 412346",
    );
    // the chain id changes under a deployed registry (a fork): its domain follows
    let mut forked = home.clone();
    forked.net.set_chain_id(1);
    let separator = |h: &mut Harness| {
        let r = h.net.call(
            Address::ZERO,
            h.registry,
            &I::domainSeparatorCall {}.abi_encode(),
        );
        B256::from_slice(&r.output)
    };
    assert_eq!(
        separator(&mut forked),
        lst_registry_adversarial::client::eip712::domain(1, home.registry).separator()
    );
    assert_ne!(separator(&mut forked), separator(&mut home));
    let expected = Err(unknown_signer(
        0,
        recovered(&mut forked, &s3, &counts, &signed_home, 0),
    ));
    submit(
        &mut forked,
        &attest(3, &counts, signed_home.clone()),
        expected,
        "attestation signed before the chain id changed",
    );
    submit(
        &mut home,
        &attest(3, &counts, signed_home),
        Ok(()),
        "chain 412346's attestation at home",
    );
    submit(
        &mut other,
        &attest(3, &counts, signed_other),
        Ok(()),
        "chain 42161's attestation at home",
    );
}

#[test]
fn a_signature_binds_its_contract() {
    let (s3, counts) = app3();
    // two registries on one chain, populated identically
    let mut first = Harness::deployed();
    populate(&mut first);
    let second_address = first.deploy_another();
    let mut second = Harness {
        net: first.net.clone(),
        registry: second_address,
    };
    populate(&mut second);
    let mut first = Harness {
        net: second.net.clone(),
        registry: first.registry,
    };
    assert_ne!(first.registry, second.registry);
    let for_first = fixture::signatures(&first, &s3, &counts, 1, &[0, 1]);
    let expected = Err(unknown_signer(
        0,
        recovered(&mut second, &s3, &counts, &for_first, 0),
    ));
    submit(
        &mut second,
        &attest(3, &counts, for_first.clone()),
        expected,
        "registry A's attestation on registry B",
    );
    submit(
        &mut first,
        &attest(3, &counts, for_first),
        Ok(()),
        "registry A's attestation on registry A",
    );
}

#[test]
fn the_high_s_twin_of_a_valid_signature_is_refused() {
    let mut h = populated();
    let (s3, counts) = app3();
    let blob = fixture::signatures(&h, &s3, &counts, 1, &[0, 1]);
    let (_, _, epoch) = oracle_set(&mut h);
    let digest = sign::digest(h.net.chain_id(), h.registry, &s3, &counts, epoch);
    for index in 0..2 {
        let sig: [u8; 65] = blob[65 * index..65 * index + 65]
            .try_into()
            .expect("65 bytes");
        let twin = sign::high_s(&sig);
        // the twin is a valid ECDSA signature by the same oracle…
        assert_eq!(sign::recover(&twin, digest), sign::recover(&sig, digest));
        assert!(U256::from_be_slice(&twin[32..64]) > HALF_ORDER);
        let mut forged = blob.clone();
        forged[65 * index..65 * index + 65].copy_from_slice(&twin);
        let expected: RegistryError = I::RegistrySignatureHighS {
            index: U256::from(index),
        }
        .into();
        assert_eq!(
            verdict(&mut h, &s3, &counts, &forged),
            Err(expected.clone())
        );
        submit(
            &mut h,
            &attest(3, &counts, forged),
            Err(expected),
            &format!("high-s twin at index {index}"),
        );
        // …also with v left as it was (no longer the same signer, still refused first for s)
        let mut same_v = twin;
        same_v[64] = sig[64];
        let mut forged = blob.clone();
        forged[65 * index..65 * index + 65].copy_from_slice(&same_v);
        let expected: RegistryError = I::RegistrySignatureHighS {
            index: U256::from(index),
        }
        .into();
        submit(
            &mut h,
            &attest(3, &counts, forged),
            Err(expected),
            &format!("high-s twin at index {index}, v unchanged"),
        );
    }
    // the original is accepted once; its twin cannot be used for a second attestation
    submit(
        &mut h,
        &attest(3, &counts, blob.clone()),
        Ok(()),
        "the low-s original",
    );
    let mut twin = blob.clone();
    let first: [u8; 65] = blob[..65].try_into().expect("65 bytes");
    twin[..65].copy_from_slice(&sign::high_s(&first));
    let tallied: RegistryError = I::RegistryWrongApplicationStatus {
        applicationId: 3,
        status: 3,
        expected: 1,
    }
    .into();
    submit(
        &mut h,
        &attest(3, &counts, twin),
        Err(tallied),
        "high-s twin after acceptance",
    );
}

#[test]
fn duplicate_unsorted_unknown_and_malformed_signatures_are_refused() {
    let c = cast();
    let mut h = populated();
    let (s3, counts) = app3();
    let (set, _, epoch) = oracle_set(&mut h);
    let digest = sign::digest(h.net.chain_id(), h.registry, &s3, &counts, epoch);
    let mut members: Vec<_> = c.oracles[..3].iter().collect();
    members.sort_by_key(|o| o.address());
    let (lo, mid, hi) = (
        sign::sign(members[0], digest),
        sign::sign(members[1], digest),
        sign::sign(members[2], digest),
    );
    let spare = sign::sign(&c.oracles[3], digest);
    let spare_address = c.oracles[3].address();
    assert!(!set.contains(&spare_address));
    let not_sorted = |i: usize, signer: Address| -> RegistryError {
        I::RegistrySignersNotSorted {
            index: U256::from(i),
            signer,
        }
        .into()
    };
    let count = |n: usize| -> RegistryError {
        I::RegistrySignatureCount {
            count: U256::from(n),
            threshold: 2,
            signers: 3,
        }
        .into()
    };
    let invalid = |i: usize| -> RegistryError {
        I::RegistryInvalidSignature {
            index: U256::from(i),
        }
        .into()
    };
    let malformed = |n: usize| -> RegistryError {
        I::RegistryMalformedSignatures {
            length: U256::from(n),
        }
        .into()
    };
    let with = |sig: &[u8; 65], at: std::ops::Range<usize>, bytes: &[u8]| {
        let mut out = *sig;
        out[at].copy_from_slice(bytes);
        out
    };
    // a spare key sorted among members: its index in the blob
    let mut with_spare = [(members[0].address(), lo), (spare_address, spare)];
    with_spare.sort_by_key(|(a, _)| *a);
    let spare_index = with_spare
        .iter()
        .position(|(a, _)| *a == spare_address)
        .expect("present");
    let with_spare: Vec<u8> = with_spare.iter().flat_map(|(_, s)| *s).collect();
    let cases: Vec<(&str, Vec<u8>, RegistryError)> = vec![
        (
            "the same signature twice",
            [lo, lo].concat(),
            not_sorted(1, members[0].address()),
        ),
        (
            "two signers in descending order",
            [mid, lo].concat(),
            not_sorted(1, members[0].address()),
        ),
        (
            "three signers, last two swapped",
            [lo, hi, mid].concat(),
            not_sorted(2, members[1].address()),
        ),
        (
            "a member and a key outside the set",
            with_spare,
            unknown_signer(spare_index, spare_address),
        ),
        (
            "all three members and the outsider",
            [lo, mid, hi, spare].concat(),
            count(4),
        ),
        ("one signature for threshold 2", lo.to_vec(), count(1)),
        ("no signature", Vec::new(), count(0)),
        ("64 bytes", lo[..64].to_vec(), malformed(64)),
        ("66 bytes", [lo.to_vec(), vec![0]].concat(), malformed(66)),
        (
            "two signatures minus one byte",
            [lo, mid].concat()[..129].to_vec(),
            malformed(129),
        ),
        ("v = 0", [lo, with(&mid, 64..65, &[0])].concat(), invalid(1)),
        (
            "v = 29",
            [with(&lo, 64..65, &[29]), mid].concat(),
            invalid(0),
        ),
        (
            "v = 1 (parity without 27)",
            [with(&lo, 64..65, &[lo[64] - 27]), mid].concat(),
            invalid(0),
        ),
        (
            "r = 0",
            [lo, with(&mid, 0..32, &[0; 32])].concat(),
            invalid(1),
        ),
        (
            "s = 0",
            [with(&lo, 32..64, &[0; 32]), mid].concat(),
            invalid(0),
        ),
        (
            "r = n (not below the group order)",
            [with(&lo, 0..32, &ORDER.to_be_bytes::<32>()), mid].concat(),
            invalid(0),
        ),
        (
            "r = 2^256 - 1",
            [lo, with(&mid, 0..32, &[0xff; 32])].concat(),
            invalid(1),
        ),
        (
            "s = n/2 + 1",
            [
                with(
                    &lo,
                    32..64,
                    &(HALF_ORDER + U256::from(1)).to_be_bytes::<32>(),
                ),
                mid,
            ]
            .concat(),
            I::RegistrySignatureHighS { index: U256::ZERO }.into(),
        ),
        (
            "s = 2^256 - 1",
            [lo, with(&mid, 32..64, &[0xff; 32])].concat(),
            I::RegistrySignatureHighS {
                index: U256::from(1),
            }
            .into(),
        ),
    ];
    for (what, blob, expected) in cases {
        assert_eq!(
            verdict(&mut h, &s3, &counts, &blob),
            Err(expected.clone()),
            "model: {what}"
        );
        submit(&mut h, &attest(3, &counts, blob), Err(expected), what);
    }
    // signatures whose r, s are altered but still in range recover unrelated addresses:
    // whatever the registry answers must be what the model predicts, and never acceptance
    for k in 0..12u8 {
        let mut blob = [lo, mid].concat();
        let at = 65 * (k as usize % 2) + 1 + (k as usize * 5) % 62;
        blob[at] ^= 1 << (k % 8);
        let expected = verdict(&mut h, &s3, &counts, &blob);
        assert!(expected.is_err(), "a flipped bit must not verify");
        submit(
            &mut h,
            &attest(3, &counts, blob),
            expected,
            &format!("bit {} flipped at byte {at}", k % 8),
        );
    }
    submit(
        &mut h,
        &attest(3, &counts, [lo, hi].concat()),
        Ok(()),
        "two members, sorted",
    );
}

#[test]
fn changes_to_the_oracle_set_between_signing_and_submission() {
    let c = cast();
    let admin = c.admin.address;
    let (s3, counts) = app3();
    let base = populated();
    let (set, _, _) = oracle_set(&mut base.clone());
    let two = fixture::signatures(&base, &s3, &counts, 1, &[0, 1]);
    let three = fixture::signatures(&base, &s3, &counts, 1, &[0, 1, 2]);

    // each change below is made while the registry runs: it takes effect after the delay,
    // which the test lets pass before submitting

    // the threshold is raised to 3 after two oracles signed: too few signatures
    let mut h = base.clone();
    ok(
        &mut h,
        admin,
        &I::setOracleSetCall {
            signers: set.clone(),
            threshold: 3,
        },
    );
    past_delay(&mut h);
    let count: RegistryError = I::RegistrySignatureCount {
        count: U256::from(2),
        threshold: 3,
        signers: 3,
    }
    .into();
    submit(
        &mut h,
        &attest(3, &counts, two.clone()),
        Err(count),
        "2 signatures after the threshold rose to 3",
    );
    // three signatures made before the change: the epoch moved with it
    let expected = Err(unknown_signer(
        0,
        recovered(&mut h, &s3, &counts, &three, 0),
    ));
    submit(
        &mut h,
        &attest(3, &counts, three.clone()),
        expected,
        "3 signatures made under the old epoch",
    );
    let fresh = fixture::signatures(&h, &s3, &counts, 2, &[0, 1, 2]);
    submit(
        &mut h,
        &attest(3, &counts, fresh),
        Ok(()),
        "3 fresh signatures",
    );

    // oracle 3 is replaced by oracle 4: old signatures and the removed oracle are refused
    let mut h = base.clone();
    let mut replaced: Vec<Address> = [0, 1, 3].iter().map(|i| c.oracles[*i].address()).collect();
    replaced.sort();
    ok(
        &mut h,
        admin,
        &I::setOracleSetCall {
            signers: replaced,
            threshold: 2,
        },
    );
    past_delay(&mut h);
    let expected = Err(unknown_signer(0, recovered(&mut h, &s3, &counts, &two, 0)));
    submit(
        &mut h,
        &attest(3, &counts, two.clone()),
        expected,
        "signatures by members made before the set changed",
    );
    let with_removed = fixture::signatures(&h, &s3, &counts, 2, &[0, 2]);
    let removed = c.oracles[2].address();
    let index = if removed < c.oracles[0].address() {
        0
    } else {
        1
    };
    submit(
        &mut h,
        &attest(3, &counts, with_removed),
        Err(unknown_signer(index, removed)),
        "a fresh signature by the removed oracle",
    );
    let new_pair = fixture::signatures(&h, &s3, &counts, 2, &[0, 3]);
    submit(
        &mut h,
        &attest(3, &counts, new_pair),
        Ok(()),
        "a member and the new oracle",
    );

    // the threshold cannot fall to 1 of 3 (not a strict majority); a set of oracle 3 alone
    // with threshold 1 can be installed (epoch 2): one fresh signature suffices, one made by
    // the same oracle before the change does not
    let mut h = base.clone();
    refused(
        &mut h,
        admin,
        &I::setOracleSetCall {
            signers: set,
            threshold: 1,
        },
        I::RegistryInvalidOracleSet {
            signers: U256::from(3),
            threshold: 1,
            maxSigners: U256::from(16),
        }
        .into(),
    );
    ok(
        &mut h,
        admin,
        &I::setOracleSetCall {
            signers: vec![c.oracles[2].address()],
            threshold: 1,
        },
    );
    past_delay(&mut h);
    let old_one = fixture::signatures(&base, &s3, &counts, 1, &[2]);
    let expected = Err(unknown_signer(
        0,
        recovered(&mut h, &s3, &counts, &old_one, 0),
    ));
    submit(
        &mut h,
        &attest(3, &counts, old_one),
        expected,
        "oracle 3's signature made before it became the set",
    );
    let one = fixture::signatures(&h, &s3, &counts, 2, &[2]);
    submit(
        &mut h,
        &attest(3, &counts, one),
        Ok(()),
        "one fresh signature, oracle 3 alone, threshold 1",
    );
}

#[test]
fn the_oracle_threshold_is_a_strict_majority() {
    // every set size 0..=17 with thresholds around half of it, live and paused (replacing
    // the oracle set is recovery: it works paused): accepted exactly when 1 <= n <= 16 and
    // n / 2 < threshold <= n
    let admin = cast().admin.address;
    let mut fillers: Vec<Address> = (0..17)
        .map(|k| Address::from_slice(&keccak256(format!("oracle filler {k}"))[12..]))
        .collect();
    fillers.sort();
    let mut live = populated();
    let mut paused = populated();
    ok(&mut paused, admin, &I::pauseCall {});
    let (mut accepted, mut refused_count) = (0, 0);
    for (h, is_paused) in [(&mut live, false), (&mut paused, true)] {
        for n in 0..=17usize {
            let mut thresholds = vec![0, 1, n / 2, n / 2 + 1, n, n + 1, 255];
            thresholds.sort();
            thresholds.dedup();
            for t in thresholds {
                let t = t as u8;
                let signers = fillers[..n].to_vec();
                let call = I::setOracleSetCall {
                    signers: signers.clone(),
                    threshold: t,
                };
                let valid = (1..=16).contains(&n) && 2 * t as usize > n && t as usize <= n;
                let before = oracle_view(h);
                // every change takes a fresh epoch, also one replacing a scheduled change
                let last = before.epoch.max(before.nextEpoch);
                if valid {
                    ok(h, admin, &call);
                    if is_paused {
                        // paused: in force at once
                        assert_eq!(oracle_set(h), (signers, t, last + 1), "{n} signers, {t}");
                    } else {
                        // running: scheduled after the delay, the set in force unchanged
                        let now = h.net.timestamp();
                        assert_eq!(
                            scheduled_set(h),
                            (signers, t, last + 1, now + ORACLE_SET_DELAY),
                            "{n} signers, {t}"
                        );
                        assert_eq!(
                            oracle_set(h),
                            (before.signers.clone(), before.threshold, before.epoch),
                            "{n} signers, {t}"
                        );
                    }
                    accepted += 1;
                } else {
                    refused(
                        h,
                        admin,
                        &call,
                        I::RegistryInvalidOracleSet {
                            signers: U256::from(n),
                            threshold: t,
                            maxSigners: U256::from(16),
                        }
                        .into(),
                    );
                    refused_count += 1;
                }
            }
        }
    }
    println!("oracle sets: {accepted} accepted, {refused_count} refused");
}
