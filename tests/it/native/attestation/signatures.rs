//! Every way the signatures of an attestation can fail.

use alloy_primitives::{Address, U256};
use lst_registry::RegistryError;

use super::{half_order, relay_rejected, unknown_first_signer};
use crate::native::support::*;

#[test]
fn attest_tally_rejects_a_signer_outside_the_set() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ROGUE_ORACLE]);
    let rogue_index = if ROGUE_ORACLE.address() < ORACLE_1.address() {
        0
    } else {
        1
    };
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &signatures,
        RegistryError::unknown_signer(U256::from(rogue_index), ROGUE_ORACLE.address()),
    );
}

#[test]
fn attest_tally_rejects_fewer_signatures_than_the_threshold() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let one = env.sign(APP_A, &votes, &[ORACLE_2]);
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &one,
        RegistryError::signature_count(U256::from(1), 2, 3),
    );
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &[],
        RegistryError::signature_count(U256::ZERO, 2, 3),
    );
}

#[test]
fn attest_tally_rejects_more_signatures_than_signers() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let four = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2, ORACLE_3, ORACLE_4]);
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &four,
        RegistryError::signature_count(U256::from(4), 2, 3),
    );
}

#[test]
fn attest_tally_rejects_without_an_oracle_set() {
    let mut env = deployed();
    env.by(ADMIN).open_round(1, DEADLINE).unwrap();
    env.submit(&LST_A);
    let votes = votes_a();
    let one = env.sign(1, &votes, &[ORACLE_1]);
    relay_rejected(
        &mut env,
        1,
        &votes,
        &one,
        RegistryError::signature_count(U256::from(1), 0, 0),
    );
    relay_rejected(
        &mut env,
        1,
        &votes,
        &[],
        RegistryError::signature_count(U256::ZERO, 0, 0),
    );
}

#[test]
fn attest_tally_rejects_the_same_signer_twice() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let once = env.sign(APP_A, &votes, &[ORACLE_1]);
    let twice = [once.clone(), once].concat();
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &twice,
        RegistryError::signers_not_sorted(U256::from(1), ORACLE_1.address()),
    );
}

#[test]
fn attest_tally_rejects_signatures_not_sorted_by_signer() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let sorted = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    let reversed = [&sorted[65..], &sorted[..65]].concat();
    let lower = ORACLE_1.address().min(ORACLE_2.address());
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &reversed,
        RegistryError::signers_not_sorted(U256::from(1), lower),
    );
}

#[test]
fn attest_tally_rejects_a_high_s_signature_that_ecrecover_would_accept() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let digest = env.digest(APP_A, &votes);
    let low = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    // The malleable twin of the second signature: s' = n − s, v flipped; same signer.
    let mut high: [u8; 65] = low[65..].try_into().unwrap();
    let s = U256::from_be_slice(&high[32..64]);
    high[32..64].copy_from_slice(&(curve_order() - s).to_be_bytes::<32>());
    high[64] = 55 - high[64]; // 27 <-> 28
    let twin_signer = if ORACLE_1.address() > ORACLE_2.address() {
        ORACLE_1
    } else {
        ORACLE_2
    };
    assert_eq!(ecrecover(digest, &high), Some(twin_signer.address()));
    mock_ecrecover(&env.vm, digest, &high);
    let signatures = [&low[..65], &high[..]].concat();
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &signatures,
        RegistryError::signature_high_s(U256::from(1)),
    );
}

#[test]
fn attest_tally_takes_s_up_to_half_the_order() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let digest = env.digest(APP_A, &votes);
    let mut signature = ORACLE_1.sign(digest);
    signature[32..64].copy_from_slice(&half_order().to_be_bytes::<32>());
    // s = n/2 passes the malleability check and reaches the precompile.
    let recovered = ecrecover(digest, &signature).expect("recovers");
    mock_ecrecover(&env.vm, digest, &signature);
    let two = [signature.to_vec(), signature.to_vec()].concat();
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &two,
        RegistryError::unknown_signer(U256::ZERO, recovered),
    );
    signature[32..64].copy_from_slice(&(half_order() + U256::from(1)).to_be_bytes::<32>());
    let two = [signature.to_vec(), signature.to_vec()].concat();
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &two,
        RegistryError::signature_high_s(U256::ZERO),
    );
}

#[test]
fn attest_tally_rejects_a_bad_v() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let good = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    for v in [0u8, 1, 26, 29, 255] {
        let mut bad = good.clone();
        bad[64] = v;
        relay_rejected(
            &mut env,
            APP_A,
            &votes,
            &bad,
            RegistryError::invalid_signature(U256::ZERO),
        );
        let mut bad = good.clone();
        bad[129] = v;
        relay_rejected(
            &mut env,
            APP_A,
            &votes,
            &bad,
            RegistryError::invalid_signature(U256::from(1)),
        );
    }
}

#[test]
fn attest_tally_rejects_a_zero_r_or_s() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let good = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    let mut zero_r = good.clone();
    zero_r[..32].fill(0);
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &zero_r,
        RegistryError::invalid_signature(U256::ZERO),
    );
    let mut zero_s = good.clone();
    zero_s[32..64].fill(0);
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &zero_s,
        RegistryError::invalid_signature(U256::ZERO),
    );
}

#[test]
fn attest_tally_rejects_a_signature_the_precompile_cannot_recover() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let digest = env.digest(APP_A, &votes);
    let signatures: Vec<u8> = [ORACLE_1.sign(digest), ORACLE_2.sign(digest)].concat();
    // Nothing mocked: the precompile answers no data.
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &signatures,
        RegistryError::invalid_signature(U256::ZERO),
    );
}

#[test]
fn attest_tally_rejects_odd_precompile_answers() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let digest = env.digest(APP_A, &votes);
    let first = ORACLE_1.sign(digest);
    let signatures = [first, ORACLE_2.sign(digest)].concat();
    let input = ecrecover_input(digest, &first);
    let mut dirty = [0u8; 32];
    dirty[12..].copy_from_slice(ORACLE_1.address().as_slice());
    dirty[0] = 1;
    let mut long = vec![0u8; 12];
    long.extend_from_slice(ORACLE_1.address().as_slice());
    long.push(0);
    for answer in [
        Ok(vec![0u8; 32]),
        Ok(dirty.to_vec()),
        Ok(long),
        Ok(ORACLE_1.address().to_vec()),
        Err(vec![]),
    ] {
        env.vm
            .mock_static_call(Address::with_last_byte(1), input.clone(), answer.clone());
        relay_rejected(
            &mut env,
            APP_A,
            &votes,
            &signatures,
            RegistryError::invalid_signature(U256::ZERO),
        );
    }
}

#[test]
fn attest_tally_rejects_a_blob_that_is_not_whole_signatures() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let good = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    for len in [1usize, 64, 66, 129] {
        let blob: Vec<u8> = good.iter().copied().cycle().take(len).collect();
        relay_rejected(
            &mut env,
            APP_A,
            &votes,
            &blob,
            RegistryError::malformed_signatures(U256::from(len)),
        );
    }
}

#[test]
fn attest_tally_rejects_signatures_for_another_chain() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    env.vm.set_chain_id(CHAIN_ID + 1);
    let expected = unknown_first_signer(&env, env.digest(APP_A, &votes), &signatures);
    relay_rejected(&mut env, APP_A, &votes, &signatures, expected);
}

#[test]
fn attest_tally_rejects_signatures_for_another_registry() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    env.vm.set_contract_address(Address::with_last_byte(0xcc));
    let expected = unknown_first_signer(&env, env.digest(APP_A, &votes), &signatures);
    relay_rejected(&mut env, APP_A, &votes, &signatures, expected);
}

#[test]
fn attest_tally_rejects_signatures_from_an_earlier_oracle_epoch() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    // The same signers again: only the epoch moves, once the change takes effect.
    env.by(ADMIN)
        .set_oracle_set(oracle_addresses(&[ORACLE_1, ORACLE_2, ORACLE_3]), 2)
        .unwrap();
    env.at(env.now() + ORACLE_DELAY);
    let expected = unknown_first_signer(&env, env.digest(APP_A, &votes), &signatures);
    relay_rejected(&mut env, APP_A, &votes, &signatures, expected);
    // Fresh signatures under epoch 2 are accepted and recorded with it.
    env.attest(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    assert_eq!(env.reg.application_tally(APP_A).unwrap().4, 2);
}

#[test]
fn attest_tally_rejects_a_removed_signer() {
    let mut env = applications_submitted();
    env.replace_oracle_set(oracle_addresses(&[ORACLE_2, ORACLE_3, ORACLE_4]), 2);
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_4]);
    let index = if ORACLE_1.address() < ORACLE_4.address() {
        0
    } else {
        1
    };
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &signatures,
        RegistryError::unknown_signer(U256::from(index), ORACLE_1.address()),
    );
    env.attest(APP_A, &votes, &[ORACLE_3, ORACLE_4]);
}

#[test]
fn attest_tally_rejects_a_tally_signed_for_another_application() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let for_a = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    let expected = unknown_first_signer(&env, env.digest(APP_B, &votes), &for_a);
    relay_rejected(&mut env, APP_B, &votes, &for_a, expected);
}

#[test]
fn attest_tally_rejects_counts_other_than_those_signed() {
    let mut env = applications_submitted();
    let signed = votes_a();
    let signatures = env.sign(APP_A, &signed, &[ORACLE_1, ORACLE_2]);
    let relayed = Votes {
        for_votes: signed.for_votes + wei(1),
        ..signed
    };
    let expected = unknown_first_signer(&env, env.digest(APP_A, &relayed), &signatures);
    relay_rejected(&mut env, APP_A, &relayed, &signatures, expected);
}
