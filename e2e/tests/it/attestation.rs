//! Oracle attestations signed with real secp256k1 keys: the EIP-712 digest computed in Rust
//! against the contract's, thresholds, signatures made under a replaced oracle set, and the
//! round's attestation deadline.

use alloy_primitives::U256;
use alloy_sol_types::SolStruct;
use lst_registry_client::abi::ILstRegistry as I;
use lst_registry_client::eip712;
use lst_registry_client::fixtures::{attest, digest_query, sorted, tally};
use lst_registry_e2e::Registry;

use crate::common::*;

fn rust_digest(
    reg: &Registry,
    round: u64,
    id: u64,
    t: &eip712::Tally,
    epoch: u32,
) -> alloy_primitives::B256 {
    let domain = eip712::domain(reg.net().chain_id(), reg.address());
    eip712::digest(&cast().lst(id).attestation(round, id, t, epoch), &domain)
}

#[test]
fn the_domain_separator_is_eip712s() {
    let mut reg = populated();
    let domain = eip712::domain(reg.net().chain_id(), reg.address());
    assert_eq!(
        reg.view(&I::domainSeparatorCall {})
            .expect("domainSeparator"),
        domain.separator()
    );
    // Deliberately independent of the client and the types crate: the type string by hand.
    assert_eq!(
        eip712::TallyAttestation::eip712_encode_type(),
        "TallyAttestation(uint64 round,uint64 applicationId,address applicant,address stakingContract,bytes32 contentHash,string snapshotSpace,bytes32 snapshotProposal,uint256 forVotes,uint256 againstVotes,uint256 abstainVotes,uint32 voters,uint32 oracleEpoch)"
    );
}

#[test]
fn the_digest_computed_in_rust_is_the_contracts() {
    let mut reg = populated();
    for (round, id) in [(1, 1), (1, 2), (2, 3)] {
        for t in [tally_of(id), tally(0, 0, 0, 0), tally(1, 2, 3, u32::MAX)] {
            let theirs = reg.view(&digest_query(id, &t)).expect("tallyDigest");
            assert_eq!(
                rust_digest(&reg, round, id, &t, 1),
                theirs,
                "application {id}, {t:?}"
            );
        }
    }
    // a new oracle set moves the epoch, and with it the digest, once it is in force
    let signers = sorted(&cast().oracle_refs(&[0, 1, 3]));
    ok(
        &mut reg,
        cast().admin.address,
        &I::setOracleSetCall {
            signers,
            threshold: 2,
        },
    );
    let theirs = reg
        .view(&digest_query(3, &tally_of(3)))
        .expect("tallyDigest");
    assert_eq!(rust_digest(&reg, 2, 3, &tally_of(3), 1), theirs);
    past_oracle_set_delay(&mut reg);
    let theirs = reg
        .view(&digest_query(3, &tally_of(3)))
        .expect("tallyDigest");
    assert_eq!(rust_digest(&reg, 2, 3, &tally_of(3), 2), theirs);
    assert_ne!(rust_digest(&reg, 2, 3, &tally_of(3), 1), theirs);
}

#[test]
fn signatures_recover_to_the_oracles() {
    let reg = populated();
    let digest = rust_digest(&reg, 2, 3, &tally_of(3), 1);
    for oracle in &cast().oracles {
        let signature = oracle.sign(digest).expect("signs");
        assert!(signature[64] == 27 || signature[64] == 28);
        assert!(
            U256::from_be_slice(&signature[32..64]) <= eip712::SECP256K1_ORDER >> 1,
            "low s"
        );
        assert_eq!(eip712::recover(&signature, digest), Some(oracle.address()));
        assert_eq!(
            eip712::recover(&eip712::high_s_twin(&signature), digest),
            Some(oracle.address())
        );
    }
}

#[test]
fn two_or_three_of_three_oracles_attest() {
    for members in [&[0, 1][..], &[1, 2][..], &[0, 2][..], &[0, 1, 2][..]] {
        let mut reg = populated();
        let signatures = sign(&reg, 2, 3, &tally_of(3), 1, members);
        let t = tally_of(3);
        ok_with(
            &mut reg,
            cast().relayer.address,
            &attest(3, &t, signatures),
            vec![I::TallyAttested {
                roundId: 2,
                applicationId: 3,
                oracleEpoch: 1,
                forVotes: t.for_votes,
                againstVotes: t.against_votes,
                abstainVotes: t.abstain_votes,
                voters: t.voters,
            }
            .into()],
        );
        let stored = reg
            .view(&I::applicationTallyCall { applicationId: 3 })
            .expect("tally");
        assert_eq!(
            (stored.forVotes, stored.voters, stored.oracleEpoch),
            (t.for_votes, t.voters, 1)
        );
    }
}

#[test]
fn signatures_made_under_a_replaced_oracle_set_fail() {
    let c = cast();
    let mut reg = populated();
    let t = tally_of(3);
    let relayer = c.relayer.address;
    // oracles 1 and 2 sign under epoch 1; then oracle 4 replaces oracle 3 (epoch 2, in
    // force after the delay)
    let stale = sign(&reg, 2, 3, &t, 1, &[0, 1]);
    let signers = sorted(&c.oracle_refs(&[0, 1, 3]));
    ok(
        &mut reg,
        c.admin.address,
        &I::setOracleSetCall {
            signers,
            threshold: 2,
        },
    );
    past_oracle_set_delay(&mut reg);

    // the old bundle recovers to unrelated addresses under the new digest
    let digest = rust_digest(&reg, 2, 3, &t, 2);
    let first: [u8; 65] = stale[..65].try_into().expect("65 bytes");
    let recovered = eip712::recover(&first, digest).expect("recovers");
    assert!(c.oracles.iter().all(|o| o.address() != recovered));
    assert_reverts(
        &mut reg,
        relayer,
        &attest(3, &t, stale),
        I::RegistryUnknownSigner {
            index: U256::ZERO,
            signer: recovered,
        },
    );

    // the removed oracle's fresh signature is refused
    let with_removed = sign(&reg, 2, 3, &t, 2, &[0, 2]);
    let removed = c.oracles[2].address();
    let index = sorted(&c.oracle_refs(&[0, 2]))
        .iter()
        .position(|a| *a == removed)
        .expect("member");
    assert_reverts(
        &mut reg,
        relayer,
        &attest(3, &t, with_removed),
        I::RegistryUnknownSigner {
            index: U256::from(index),
            signer: removed,
        },
    );

    // the new set attests
    let fresh = sign(&reg, 2, 3, &t, 2, &[1, 3]);
    let tx = ok(&mut reg, relayer, &attest(3, &t, fresh));
    assert!(
        matches!(&tx.events[..], [lst_registry_client::abi::RegistryEvent::TallyAttested(e)] if e.oracleEpoch == 2)
    );
}

#[test]
fn a_signature_counts_once_and_binds_its_application() {
    let c = cast();
    let mut reg = populated();
    let t = tally_of(3);
    let relayer = c.relayer.address;
    let one = sign(&reg, 2, 3, &t, 1, &[0]);
    let twice = [one.clone(), one].concat();
    assert_reverts(
        &mut reg,
        relayer,
        &attest(3, &t, twice),
        I::RegistrySignersNotSorted {
            index: U256::from(1),
            signer: c.oracles[0].address(),
        },
    );
    // signatures over different counts do not verify the submitted counts
    let other = sign(&reg, 2, 3, &tally(1, 0, 0, 1), 1, &[0, 1]);
    let tx = reg
        .simulate(relayer, &attest(3, &t, other))
        .expect("decodes");
    assert!(
        matches!(
            tx.error(),
            Some(
                lst_registry_client::abi::RegistryError::RegistryUnknownSigner(_)
                    | lst_registry_client::abi::RegistryError::RegistrySignersNotSorted(_)
            )
        ),
        "{:?}",
        tx.error()
    );
}

#[test]
fn a_tally_is_taken_until_the_rounds_attestation_deadline_and_not_after() {
    let c = cast();
    let mut reg = populated();
    let t = tally_of(3);
    // round 2's attestation deadline: its application deadline + the default 14 days
    let deadline =
        ROUND_2_DEADLINE + u64::from(lst_registry_types::program::DEFAULT_ATTESTATION_WINDOW);
    assert_eq!(
        reg.view(&I::roundCall { roundId: 2 })
            .expect("round")
            .attestationDeadline,
        deadline
    );
    let signatures = sign(&reg, 2, 3, &t, 1, &[0, 1]);
    let mut late = reg.clone();
    late.net_mut().set_timestamp(deadline + 1);
    assert_reverts(
        &mut late,
        c.relayer.address,
        &attest(3, &t, signatures.clone()),
        I::RegistryDeadline {
            roundId: 2,
            deadline,
            now: deadline + 1,
        },
    );
    reg.net_mut().set_timestamp(deadline);
    let tx = ok(&mut reg, c.relayer.address, &attest(3, &t, signatures));
    assert!(
        matches!(&tx.events[..], [lst_registry_client::abi::RegistryEvent::TallyAttested(e)] if e.applicationId == 3)
    );
}
