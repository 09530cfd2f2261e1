//! The EIP-712 tally digest against an independent encoding.

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::SolStruct;
use lst_registry::RegistryError;
// The documented EIP-712 type and domain (`lst-registry-types`), encoded by alloy: an
// computation independent of the contract's hand-written digest (src/attestation.rs).
use lst_registry_types::eip712::{domain, TallyAttestation};

use super::{relay_rejected, unknown_first_signer};
use crate::native::support::*;

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
