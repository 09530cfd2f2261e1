//! The oracle set changing between signing and submission, and the strict majority every set's
//! threshold must be.

use super::*;

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
                    let now = h.net.timestamp();
                    if is_paused {
                        // paused: the set in force is void at once, the new one waits the
                        // delay
                        assert_eq!(
                            scheduled_set(h),
                            (signers, t, last + 1, now + ORACLE_SET_DELAY),
                            "{n} signers, {t}"
                        );
                        assert_eq!(oracle_set(h), (vec![], 0, 0), "{n} signers, {t}");
                    } else {
                        // running: scheduled after the delay, the set in force unchanged
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
