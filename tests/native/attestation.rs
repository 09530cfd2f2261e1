//! The oracle set, the EIP-712 tally digest, and every way an attestation can fail.

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::SolStruct;
use lst_registry::events::{OracleSetChanged, OracleSetDelayChanged, TallyAttested};
use lst_registry::RegistryError;

use crate::support::*;

// The documented EIP-712 type and domain (`lst-registry-types`), encoded by alloy: an
// computation independent of the contract's hand-written digest (src/attestation.rs).
use lst_registry_types::eip712::{domain, TallyAttestation};

fn half_order() -> U256 {
    curve_order() >> 1
}

/// The error a relayed `signatures` gets once the registry's digest is `digest` (no longer the
/// one signed): the real precompile recovers some unrelated address from the first signature.
fn unknown_first_signer(env: &Env, digest: B256, signatures: &[u8]) -> RegistryError {
    let mut recovered = Vec::new();
    for chunk in signatures.chunks(65) {
        let signature: [u8; 65] = chunk.try_into().unwrap();
        mock_ecrecover(&env.vm, digest, &signature);
        recovered.push(ecrecover(digest, &signature).expect("recovers some address"));
    }
    let (set, _, _) = in_force(&env.reg);
    assert!(!set.contains(&recovered[0]));
    RegistryError::unknown_signer(U256::ZERO, recovered[0])
}

// ---- the oracle set ------------------------------------------------------------------------

#[test]
fn set_oracle_set_puts_a_set_in_force_under_a_new_epoch() {
    let mut env = deployed();
    let signers = oracle_addresses(&[ORACLE_1, ORACLE_2, ORACLE_3]);
    env.emits(
        ADMIN,
        |r| r.set_oracle_set(signers.clone(), 2),
        &[log_of(&OracleSetChanged {
            epoch: 1,
            signers: signers.clone(),
            threshold: 2,
            effectiveAt: T0,
        })],
    );
    assert_eq!(in_force(&env.reg), (signers, 2, 1));
}

#[test]
fn a_smaller_set_replaces_a_larger_one_entirely() {
    let mut env = applications_submitted();
    let four = oracle_addresses(&[ORACLE_1, ORACLE_2, ORACLE_3, ORACLE_4]);
    env.replace_oracle_set(four, 3);
    let one = vec![ORACLE_4.address()];
    let now = env.now();
    env.by(GUARDIAN).pause().unwrap();
    env.emits(
        ADMIN,
        |r| r.set_oracle_set(one.clone(), 1),
        &[log_of(&OracleSetChanged {
            epoch: 3,
            signers: one.clone(),
            threshold: 1,
            effectiveAt: now,
        })],
    );
    env.by(ADMIN).unpause().unwrap();
    assert_eq!(in_force(&env.reg), (one, 1, 3));
    // Signers of the larger set left nothing behind that still counts.
    let votes = votes_a();
    for gone in [ORACLE_1, ORACLE_2, ORACLE_3] {
        let signature = env.sign(APP_A, &votes, &[gone]);
        let v = votes;
        env.attest_reverts(
            APP_A,
            &v,
            &signature,
            RegistryError::unknown_signer(U256::ZERO, gone.address()),
        );
    }
    env.attest(APP_A, &votes, &[ORACLE_4]);
}

// ---- the oracle-set delay -----------------------------------------------------------------

/// The oracle set's schedule: `(next signers, next threshold, next epoch, next at, delay)`.
fn schedule(env: &Env) -> (Vec<Address>, u8, u32, u64, u32) {
    let set = env.reg.oracle_set();
    (
        set.next_signers,
        set.next_threshold,
        set.next_epoch,
        set.next_at,
        set.delay,
    )
}

#[test]
fn a_change_outside_the_pause_takes_effect_after_the_delay() {
    let mut env = applications_submitted();
    let old = oracle_addresses(&[ORACLE_1, ORACLE_2, ORACLE_3]);
    assert_eq!(schedule(&env), (vec![], 0, 0, 0, 2 * 86_400));
    let new = oracle_addresses(&[ORACLE_4]);
    let t = env.now();
    env.emits(
        ADMIN,
        |r| r.set_oracle_set(new.clone(), 1),
        &[log_of(&OracleSetChanged {
            epoch: 2,
            signers: new.clone(),
            threshold: 1,
            effectiveAt: t + ORACLE_DELAY,
        })],
    );
    // Scheduled, visible, not in force.
    assert_eq!(in_force(&env.reg), (old.clone(), 2, 1));
    assert_eq!(
        schedule(&env),
        (new.clone(), 1, 2, t + ORACLE_DELAY, 2 * 86_400)
    );
    // The new key cannot attest yet, however it signs: its epoch-1 signature is not a member's.
    let votes = votes_a();
    let early = env.sign(APP_A, &votes, &[ORACLE_4]);
    env.attest_reverts(
        APP_A,
        &votes,
        &early,
        RegistryError::signature_count(U256::from(1), 2, 3),
    );
    // The old set still attests until the last second before the change.
    env.at(t + ORACLE_DELAY - 1);
    env.attest(APP_B, &votes_b(), &[ORACLE_1, ORACLE_2]);
    assert_eq!(env.reg.application_tally(APP_B).unwrap().4, 1);
    // Signed by a member of the old set under epoch 1 (one signature, as the new threshold
    // wants).
    let stale = env.sign(APP_A, &votes, &[ORACLE_1]);
    // From the time named in the event on, the new set is in force under epoch 2 and the
    // old set's signatures are void; nothing was written for it to happen.
    env.at(t + ORACLE_DELAY);
    assert_eq!(in_force(&env.reg), (new.clone(), 1, 2));
    assert_eq!(schedule(&env), (vec![], 0, 0, 0, 2 * 86_400));
    let expected = unknown_first_signer(&env, env.digest(APP_A, &votes), &stale);
    relay_rejected(&mut env, APP_A, &votes, &stale, expected);
    env.attest(APP_A, &votes, &[ORACLE_4]);
    assert_eq!(env.reg.application_tally(APP_A).unwrap().4, 2);
}

#[test]
fn a_change_replacing_a_scheduled_one_takes_a_fresh_epoch_and_its_own_time() {
    let mut env = applications_submitted();
    let t = env.now();
    let first = oracle_addresses(&[ORACLE_4]);
    env.by(ADMIN).set_oracle_set(first, 1).unwrap();
    env.at(t + DAY);
    let second = oracle_addresses(&[ORACLE_2, ORACLE_3, ORACLE_4]);
    env.emits(
        ADMIN,
        |r| r.set_oracle_set(second.clone(), 2),
        &[log_of(&OracleSetChanged {
            epoch: 3,
            signers: second.clone(),
            threshold: 2,
            effectiveAt: t + DAY + ORACLE_DELAY,
        })],
    );
    assert_eq!(
        schedule(&env),
        (second.clone(), 2, 3, t + DAY + ORACLE_DELAY, 2 * 86_400)
    );
    // The replaced change's time passes without effect.
    env.at(t + ORACLE_DELAY);
    assert_eq!(in_force(&env.reg).2, 1);
    env.at(t + DAY + ORACLE_DELAY);
    assert_eq!(in_force(&env.reg), (second, 2, 3));
    env.attest(APP_A, &votes_a(), &[ORACLE_3, ORACLE_4]);
    assert_eq!(env.reg.application_tally(APP_A).unwrap().4, 3);
}

#[test]
fn a_change_while_paused_takes_effect_at_once_and_replaces_a_scheduled_one() {
    let mut env = applications_submitted();
    let t = env.now();
    env.by(ADMIN)
        .set_oracle_set(oracle_addresses(&[ORACLE_4]), 1)
        .unwrap();
    env.by(GUARDIAN).pause().unwrap();
    let fresh = oracle_addresses(&[ORACLE_2, ORACLE_3]);
    env.emits(
        ADMIN,
        |r| r.set_oracle_set(fresh.clone(), 2),
        &[log_of(&OracleSetChanged {
            epoch: 3,
            signers: fresh.clone(),
            threshold: 2,
            effectiveAt: t,
        })],
    );
    assert_eq!(in_force(&env.reg), (fresh.clone(), 2, 3));
    assert_eq!(schedule(&env), (vec![], 0, 0, 0, 2 * 86_400));
    env.by(ADMIN).unpause().unwrap();
    // The replaced schedule never takes effect.
    env.at(t + ORACLE_DELAY);
    assert_eq!(in_force(&env.reg), (fresh, 2, 3));
    env.attest(APP_A, &votes_a(), &[ORACLE_2, ORACLE_3]);
}

#[test]
fn set_oracle_set_delay_sets_the_delay_of_later_changes_only() {
    let mut env = applications_submitted();
    let t = env.now();
    env.by(ADMIN)
        .set_oracle_set(oracle_addresses(&[ORACLE_4]), 1)
        .unwrap();
    env.emits(
        ADMIN,
        |r| r.set_oracle_set_delay(30 * 86_400),
        &[log_of(&OracleSetDelayChanged { delay: 30 * 86_400 })],
    );
    // The scheduled change keeps its time; the next one takes the new delay.
    assert_eq!(
        schedule(&env),
        (
            oracle_addresses(&[ORACLE_4]),
            1,
            2,
            t + ORACLE_DELAY,
            30 * 86_400
        )
    );
    env.at(t + ORACLE_DELAY);
    assert_eq!(in_force(&env.reg).2, 2);
    env.by(ADMIN)
        .set_oracle_set(oracle_addresses(&[ORACLE_1]), 1)
        .unwrap();
    assert_eq!(schedule(&env).3, t + ORACLE_DELAY + 30 * DAY);
    env.by(ADMIN).set_oracle_set_delay(86_400).unwrap();
    assert_eq!(schedule(&env).4, 86_400);
}

#[test]
fn set_oracle_set_delay_refuses_out_of_bounds_strangers_and_the_pause() {
    let mut env = configured();
    for delay in [0, 86_399, 30 * 86_400 + 1, u32::MAX] {
        env.reverts(
            ADMIN,
            |r| r.set_oracle_set_delay(delay),
            RegistryError::invalid_oracle_set_delay(delay, 86_400, 30 * 86_400),
        );
        assert_eq!(schedule(&env).4, 2 * 86_400, "delay unchanged");
    }
    for who in [STRANGER, GUARDIAN, ORACLE_1.address()] {
        env.reverts(
            who,
            |r| r.set_oracle_set_delay(86_400),
            RegistryError::not_admin(who),
        );
    }
    env.by(GUARDIAN).pause().unwrap();
    env.reverts(
        ADMIN,
        |r| r.set_oracle_set_delay(86_400),
        RegistryError::paused(),
    );
    assert_eq!(schedule(&env).4, 2 * 86_400, "delay unchanged");
}

#[test]
fn set_oracle_set_takes_1_to_16_signers() {
    let mut env = deployed();
    let sixteen: Vec<Address> = (1..=16u8).map(Address::with_last_byte).collect();
    let seventeen: Vec<Address> = (1..=17u8).map(Address::with_last_byte).collect();
    env.reverts(
        ADMIN,
        |r| r.set_oracle_set(vec![], 1),
        RegistryError::invalid_oracle_set(U256::ZERO, 1, U256::from(16)),
    );
    env.reverts(
        ADMIN,
        |r| r.set_oracle_set(vec![], 0),
        RegistryError::invalid_oracle_set(U256::ZERO, 0, U256::from(16)),
    );
    env.reverts(
        ADMIN,
        |r| r.set_oracle_set(seventeen, 1),
        RegistryError::invalid_oracle_set(U256::from(17), 1, U256::from(16)),
    );
    env.by(ADMIN).set_oracle_set(sixteen.clone(), 16).unwrap();
    assert_eq!(in_force(&env.reg), (sixteen, 16, 1));
}

/// `n` distinct, ascending signer addresses.
fn signers(n: u8) -> Vec<Address> {
    (1..=n).map(Address::with_last_byte).collect()
}

#[test]
fn set_oracle_set_takes_a_strict_majority_threshold_up_to_the_number_of_signers() {
    let mut env = deployed();
    // Paused, every change takes effect at once (ADMIN is the guardian here).
    env.by(ADMIN).pause().unwrap();
    let mut epoch = 0;
    // (set size, the smallest threshold accepted): the least m with 2m > n.
    for (n, least) in [(1u8, 1u8), (2, 2), (3, 2), (4, 3), (5, 3), (15, 8), (16, 9)] {
        let set = signers(n);
        // Zero, at most half of the set (the largest such threshold), and more than the set.
        for threshold in [0, least - 1, n + 1] {
            env.reverts(
                ADMIN,
                |r| r.set_oracle_set(set.clone(), threshold),
                RegistryError::invalid_oracle_set(U256::from(n), threshold, U256::from(16)),
            );
            assert_eq!(in_force(&env.reg).2, epoch, "epoch unchanged");
        }
        for threshold in [least, n] {
            epoch += 1;
            env.emits(
                ADMIN,
                |r| r.set_oracle_set(set.clone(), threshold),
                &[log_of(&OracleSetChanged {
                    epoch,
                    signers: set.clone(),
                    threshold,
                    effectiveAt: T0,
                })],
            );
            assert_eq!(in_force(&env.reg), (set.clone(), threshold, epoch));
        }
    }
}

#[test]
fn set_oracle_set_wants_non_zero_strictly_ascending_signers() {
    let mut env = deployed();
    let (a, b, c) = (
        Address::with_last_byte(1),
        Address::with_last_byte(2),
        Address::with_last_byte(3),
    );
    env.reverts(
        ADMIN,
        |r| r.set_oracle_set(vec![Address::ZERO, a], 2),
        RegistryError::invalid_oracle_signer(U256::ZERO, Address::ZERO),
    );
    env.reverts(
        ADMIN,
        |r| r.set_oracle_set(vec![a, c, b], 2),
        RegistryError::invalid_oracle_signer(U256::from(2), b),
    );
    env.reverts(
        ADMIN,
        |r| r.set_oracle_set(vec![a, b, b], 2),
        RegistryError::invalid_oracle_signer(U256::from(2), b),
    );
}

#[test]
fn set_oracle_set_is_for_the_admin_only() {
    let mut env = configured();
    env.reverts(
        GUARDIAN,
        |r| r.set_oracle_set(vec![Address::with_last_byte(1)], 1),
        RegistryError::not_admin(GUARDIAN),
    );
}

// ---- the digest ----------------------------------------------------------------------------

#[test]
fn tally_digest_is_the_documented_eip712_hash() {
    let env = applications_submitted();
    let votes = Votes::wei(metis(30_000) + wei(7), metis(1_000), wei(3), 901);
    let expected = TallyAttestation {
        round: ROUND_1,
        applicationId: APP_B,
        applicant: LST_B.applicant,
        stakingContract: LST_B.staking_contract,
        contentHash: LST_B.content_hash,
        snapshotSpace: LST_B.snapshot_space.into(),
        snapshotProposal: LST_B.snapshot_proposal,
        forVotes: votes.for_votes,
        againstVotes: votes.against_votes,
        abstainVotes: votes.abstain_votes,
        voters: votes.voters,
        oracleEpoch: 1,
    }
    .eip712_signing_hash(&domain(CHAIN_ID, REGISTRY));
    assert_eq!(env.digest(APP_B, &votes), expected);
    assert_eq!(
        TallyAttestation::eip712_encode_type(),
        lst_registry::attestation::TALLY_TYPE
    );
    assert_eq!(
        B256::from(lst_registry::attestation::TALLY_TYPEHASH),
        keccak256(TallyAttestation::eip712_encode_type().as_bytes())
    );
}

#[test]
fn tally_digest_hashes_a_long_multibyte_space_of_a_later_round() {
    let mut env = applications_submitted();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    let space = "é".repeat(30) + "x.et";
    let space = space.as_str();
    assert_eq!(
        space.len(),
        64,
        "the longest space, spanning two storage slots"
    );
    env.by(ADMIN).set_snapshot_space(space).unwrap();
    env.vm.set_sender(APPLICANT_D);
    let id = env
        .reg
        .submit_application(
            "D",
            "u",
            LST_D.content_hash,
            space,
            LST_D.snapshot_proposal,
            STAKING_D,
        )
        .unwrap();
    let votes = votes_b();
    let expected = TallyAttestation {
        round: 2,
        applicationId: id,
        applicant: APPLICANT_D,
        stakingContract: STAKING_D,
        contentHash: LST_D.content_hash,
        snapshotSpace: space.into(),
        snapshotProposal: LST_D.snapshot_proposal,
        forVotes: votes.for_votes,
        againstVotes: votes.against_votes,
        abstainVotes: votes.abstain_votes,
        voters: votes.voters,
        oracleEpoch: 1,
    }
    .eip712_signing_hash(&domain(CHAIN_ID, REGISTRY));
    assert_eq!(env.digest(id, &votes), expected);
}

#[test]
fn domain_separator_binds_name_version_chain_and_contract() {
    let env = deployed();
    assert_eq!(
        env.reg.domain_separator(),
        domain(CHAIN_ID, REGISTRY).separator()
    );
    env.vm.set_chain_id(1);
    assert_eq!(env.reg.domain_separator(), domain(1, REGISTRY).separator());
    env.vm.set_contract_address(STRANGER);
    assert_eq!(env.reg.domain_separator(), domain(1, STRANGER).separator());
}

#[test]
fn tally_digest_moves_with_every_signed_field() {
    let mut env = applications_submitted();
    let base = votes_a();
    let digest = env.digest(APP_A, &base);
    let variants = [
        Votes {
            for_votes: base.for_votes + wei(1),
            ..base
        },
        Votes {
            against_votes: base.against_votes + wei(1),
            ..base
        },
        Votes {
            abstain_votes: base.abstain_votes + wei(1),
            ..base
        },
        Votes {
            voters: base.voters + 1,
            ..base
        },
    ];
    for votes in variants {
        assert_ne!(env.digest(APP_A, &votes), digest, "{votes:?}");
    }
    assert_ne!(env.digest(APP_B, &base), digest, "application");
    env.by(ADMIN)
        .set_oracle_set(oracle_addresses(&[ORACLE_1, ORACLE_2, ORACLE_3]), 2)
        .unwrap();
    assert_eq!(
        env.digest(APP_A, &base),
        digest,
        "a scheduled set does not move the epoch signed"
    );
    env.at(env.now() + ORACLE_DELAY);
    assert_ne!(env.digest(APP_A, &base), digest, "oracle epoch");
}

#[test]
fn tally_digest_rejects_an_unknown_application_and_oversized_amounts() {
    let env = applications_submitted();
    let over = max_amount() + wei(1);
    assert_eq!(
        env.reg
            .tally_digest(4, U256::ZERO, U256::ZERO, U256::ZERO, 0),
        Err(RegistryError::unknown_application(4))
    );
    assert_eq!(
        env.reg
            .tally_digest(0, U256::ZERO, U256::ZERO, U256::ZERO, 0),
        Err(RegistryError::unknown_application(0))
    );
    for (f, a, b) in [
        (over, U256::ZERO, U256::ZERO),
        (U256::ZERO, over, U256::ZERO),
        (U256::ZERO, U256::ZERO, U256::MAX),
    ] {
        let too_big = f.max(a).max(b);
        assert_eq!(
            env.reg.tally_digest(APP_A, f, a, b, 0),
            Err(RegistryError::amount_too_large(too_big, max_amount()))
        );
    }
    assert!(env
        .reg
        .tally_digest(APP_A, max_amount(), max_amount(), max_amount(), u32::MAX)
        .is_ok());
}

/// Two registries, identical but for one field of application 1: their digests for the same
/// tally differ, and signatures made on one are refused by the other. (A twin in another
/// Snapshot space has its admin make that space the program's first.)
fn refuses_signatures_from_a_twin_with(twin: Lst) {
    let mut env = round_open();
    env.submit(&LST_A);
    let mut other = round_open();
    if twin.snapshot_space != SPACE {
        other
            .by(ADMIN)
            .set_snapshot_space(twin.snapshot_space)
            .unwrap();
    }
    other.submit(&twin);
    let votes = votes_a();
    assert_ne!(env.digest(1, &votes), other.digest(1, &votes));
    let signatures = other.sign(1, &votes, &[ORACLE_1, ORACLE_2]);
    let digest = env.digest(1, &votes);
    let expected = unknown_first_signer(&env, digest, &signatures);
    env.attest_reverts(1, &votes, &signatures, expected);
}

#[test]
fn attest_tally_rejects_a_tally_signed_for_other_content() {
    refuses_signatures_from_a_twin_with(Lst {
        content_hash: B256::repeat_byte(0xee),
        ..LST_A
    });
}

#[test]
fn attest_tally_rejects_a_tally_signed_for_another_snapshot_space_or_proposal() {
    refuses_signatures_from_a_twin_with(Lst {
        snapshot_space: "other.eth",
        ..LST_A
    });
    refuses_signatures_from_a_twin_with(Lst {
        snapshot_proposal: B256::repeat_byte(0x99),
        ..LST_A
    });
}

#[test]
fn attest_tally_rejects_a_tally_signed_for_another_applicant_or_staking_contract() {
    refuses_signatures_from_a_twin_with(Lst {
        applicant: APPLICANT_B,
        ..LST_A
    });
    refuses_signatures_from_a_twin_with(Lst {
        staking_contract: STAKING_B,
        ..LST_A
    });
}

/// The documented attestation of `votes` for application A of [`applications_submitted`].
fn attestation_of_a(votes: &Votes) -> TallyAttestation {
    TallyAttestation {
        round: ROUND_1,
        applicationId: APP_A,
        applicant: LST_A.applicant,
        stakingContract: LST_A.staking_contract,
        contentHash: LST_A.content_hash,
        snapshotSpace: LST_A.snapshot_space.into(),
        snapshotProposal: LST_A.snapshot_proposal,
        forVotes: votes.for_votes,
        againstVotes: votes.against_votes,
        abstainVotes: votes.abstain_votes,
        voters: votes.voters,
        oracleEpoch: 1,
    }
}

#[test]
fn a_signature_over_another_applicant_or_staking_contract_does_not_attest() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let domain = domain(CHAIN_ID, REGISTRY);
    let digest = env.digest(APP_A, &votes);
    assert_eq!(
        attestation_of_a(&votes).eip712_signing_hash(&domain),
        digest
    );
    for forged in [
        TallyAttestation {
            applicant: APPLICANT_B,
            ..attestation_of_a(&votes)
        },
        TallyAttestation {
            stakingContract: STAKING_B,
            ..attestation_of_a(&votes)
        },
    ] {
        // Every other field is A's: only the applicant or the staking contract differs.
        let signed = forged.eip712_signing_hash(&domain);
        assert_ne!(signed, digest);
        let mut signatures: Vec<(Address, [u8; 65])> = [ORACLE_1, ORACLE_2]
            .iter()
            .map(|o| (o.address(), o.sign(signed)))
            .collect();
        signatures.sort_by_key(|(signer, _)| *signer);
        let signatures: Vec<u8> = signatures.iter().flat_map(|(_, s)| s.to_vec()).collect();
        let expected = unknown_first_signer(&env, digest, &signatures);
        relay_rejected(&mut env, APP_A, &votes, &signatures, expected);
        assert_eq!(env.status_of(APP_A), status::PENDING);
    }
}

#[test]
fn a_tally_signed_for_an_application_does_not_attest_a_copy_of_it() {
    // B copies A in everything but the proposal (which cannot back two applications), the
    // applicant and the staking contract: A's signed tally does not count for B.
    let mut env = round_open();
    assert_eq!(env.submit(&LST_A), 1);
    let copy = Lst {
        applicant: APPLICANT_B,
        staking_contract: STAKING_B,
        snapshot_proposal: LST_B.snapshot_proposal,
        ..LST_A
    };
    assert_eq!(env.submit(&copy), 2);
    let votes = votes_a();
    let for_a = env.sign(1, &votes, &[ORACLE_1, ORACLE_2]);
    let expected = unknown_first_signer(&env, env.digest(2, &votes), &for_a);
    relay_rejected(&mut env, 2, &votes, &for_a, expected);
    assert_eq!(env.status_of(2), status::PENDING);
    // The same signatures still attest A.
    env.try_attest(1, &votes, &for_a).unwrap();
    assert_eq!(env.status_of(1), status::TALLIED);
}

// ---- attesting -----------------------------------------------------------------------------

#[test]
fn attest_tally_records_a_tally_relayed_by_anyone() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_3]);
    let event = TallyAttested {
        roundId: ROUND_1,
        applicationId: APP_A,
        oracleEpoch: 1,
        forVotes: votes.for_votes,
        againstVotes: votes.against_votes,
        abstainVotes: votes.abstain_votes,
        voters: votes.voters,
    };
    env.emits(
        STRANGER,
        |r| {
            r.attest_tally(
                APP_A,
                votes.for_votes,
                votes.against_votes,
                votes.abstain_votes,
                votes.voters,
                &signatures,
            )
        },
        &[log_of(&event)],
    );
    assert_eq!(
        env.reg.application_tally(APP_A),
        Ok((
            votes.for_votes,
            votes.against_votes,
            votes.abstain_votes,
            votes.voters,
            1
        ))
    );
    assert_eq!(env.reg.eligibility(APP_A), (false, status::TALLIED));
    assert_eq!(env.reg.round(ROUND_1).unwrap().6, 1, "tallied");
}

#[test]
fn attest_tally_accepts_every_signer_of_the_set() {
    let mut env = applications_submitted();
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2, ORACLE_3]);
    assert_eq!(env.status_of(APP_A), status::TALLIED);
}

#[test]
fn attest_tally_accepts_amounts_up_to_uint96() {
    let mut env = applications_submitted();
    let votes = Votes::wei(max_amount(), max_amount(), max_amount(), u32::MAX);
    env.attest(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    assert_eq!(
        env.reg.application_tally(APP_A),
        Ok((max_amount(), max_amount(), max_amount(), u32::MAX, 1))
    );
}

#[test]
fn attest_tally_rejects_amounts_above_uint96() {
    let mut env = applications_submitted();
    let over = max_amount() + wei(1);
    let signatures = env.sign(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.reverts(
        RELAYER,
        |r| r.attest_tally(APP_A, over, U256::ZERO, U256::ZERO, 600, &signatures),
        RegistryError::amount_too_large(over, max_amount()),
    );
}

#[test]
fn attest_tally_rejects_an_unknown_application() {
    let mut env = applications_submitted();
    let signatures = env.sign(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.reverts(
        RELAYER,
        |r| r.attest_tally(9, U256::ZERO, U256::ZERO, U256::ZERO, 0, &signatures),
        RegistryError::unknown_application(9),
    );
}

#[test]
fn attest_tally_rejects_a_replay_of_an_accepted_tally() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    env.try_attest(APP_A, &votes, &signatures).unwrap();
    env.attest_reverts(
        APP_A,
        &votes,
        &signatures,
        RegistryError::wrong_application_status(APP_A, status::TALLIED, status::PENDING),
    );
}

#[test]
fn attest_tally_rejects_a_withdrawn_application() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    env.by(APPLICANT_A).withdraw_application(APP_A).unwrap();
    env.attest_reverts(
        APP_A,
        &votes,
        &signatures,
        RegistryError::wrong_application_status(APP_A, status::WITHDRAWN, status::PENDING),
    );
}

#[test]
fn attest_tally_is_open_until_the_attestation_deadline_inclusive() {
    let mut env = applications_submitted();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.at(ATTESTATION_DEADLINE);
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    assert_eq!(env.status_of(APP_A), status::TALLIED);
    env.at(ATTESTATION_DEADLINE + 1);
    let votes = votes_b();
    let signatures = env.sign(APP_B, &votes, &[ORACLE_1, ORACLE_2]);
    relay_rejected(
        &mut env,
        APP_B,
        &votes,
        &signatures,
        RegistryError::deadline(ROUND_1, ATTESTATION_DEADLINE, ATTESTATION_DEADLINE + 1),
    );
    env.at(u64::MAX);
    relay_rejected(
        &mut env,
        APP_B,
        &votes,
        &signatures,
        RegistryError::deadline(ROUND_1, ATTESTATION_DEADLINE, u64::MAX),
    );
    assert_eq!(env.status_of(APP_B), status::PENDING);
}

#[test]
fn attest_tally_after_the_window_fails_on_the_deadline_before_the_signatures() {
    // Even a round left open past its deadline stops taking tallies at its attestation
    // deadline; the deadline is judged before the amounts and signatures.
    let mut env = applications_submitted();
    env.at(ATTESTATION_DEADLINE + 1);
    let expected = RegistryError::deadline(ROUND_1, ATTESTATION_DEADLINE, ATTESTATION_DEADLINE + 1);
    relay_rejected(&mut env, APP_A, &votes_a(), &[], expected.clone());
    let over = max_amount() + wei(1);
    env.reverts(
        RELAYER,
        |r| r.attest_tally(APP_A, over, U256::ZERO, U256::ZERO, 1, &[1, 2, 3]),
        expected,
    );
    // The status is judged first: a withdrawn application says so.
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(APPLICANT_C).withdraw_application(APP_C).unwrap();
    relay_rejected(
        &mut env,
        APP_C,
        &votes_c(),
        &[],
        RegistryError::wrong_application_status(APP_C, status::WITHDRAWN, status::PENDING),
    );
}

#[test]
fn attest_tally_follows_the_window_of_its_own_round() {
    // Round 2 opens under a 90-day window: its tallies are attested until then, while a
    // pending application of round 1 stays bound to round 1's 14 days.
    let mut env = applications_submitted();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(ADMIN)
        .set_vote_rules(metis(20_000), 500, 8_000, MAX_WINDOW)
        .unwrap();
    env.by(ADMIN).open_round(1, DEADLINE).unwrap();
    let d = env.submit(&LST_D);
    let round_2_attestation = DEADLINE + MAX_WINDOW as u64;
    assert_eq!(env.reg.round(2).unwrap().10, round_2_attestation);
    env.at(ATTESTATION_DEADLINE + 1);
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    relay_rejected(
        &mut env,
        APP_A,
        &votes,
        &signatures,
        RegistryError::deadline(ROUND_1, ATTESTATION_DEADLINE, ATTESTATION_DEADLINE + 1),
    );
    env.at(round_2_attestation);
    env.attest(d, &votes, &[ORACLE_1, ORACLE_2]);
    assert_eq!(env.status_of(d), status::TALLIED);
}

/// Relays `signatures` for `votes` on `application` as RELAYER, expecting `expected`.
#[track_caller]
fn relay_rejected(
    env: &mut Env,
    application: u64,
    votes: &Votes,
    signatures: &[u8],
    expected: RegistryError,
) {
    let v = *votes;
    env.attest_reverts(application, &v, signatures, expected);
}

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
