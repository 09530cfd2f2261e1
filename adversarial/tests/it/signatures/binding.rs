//! What a signature binds: its application, round, oracle epoch, chain and contract; a
//! signature replayed across any of them is refused.

use super::*;

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
