//! The signature bundle itself: the high-s twin of a valid signature, duplicate, unsorted and
//! unknown signers, malformed blobs and bad v/r/s.

use super::*;

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
