//! The oracle set and the delay before a new set takes force.

use alloy_primitives::{Address, U256};
use lst_registry::events::{OracleSetChanged, OracleSetDelayChanged};
use lst_registry::RegistryError;

use super::{relay_rejected, unknown_first_signer};
use crate::native::support::*;

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
    env.emits(
        ADMIN,
        |r| r.set_oracle_set(one.clone(), 1),
        &[log_of(&OracleSetChanged {
            epoch: 3,
            signers: one.clone(),
            threshold: 1,
            effectiveAt: now + ORACLE_DELAY,
        })],
    );
    env.at(now + ORACLE_DELAY);
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
fn a_change_while_paused_voids_the_set_in_force_at_once_and_waits_the_delay() {
    let mut env = applications_submitted();
    let t = env.now();
    let votes = votes_a();
    // Signed by the set in force (epoch 1) before the change: void after it.
    let old = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
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
            effectiveAt: t + ORACLE_DELAY,
        })],
    );
    // The set in force is void at once; the new one replaces the scheduled one (epoch 2)
    // and waits the delay.
    assert_eq!(in_force(&env.reg), (vec![], 0, 0));
    assert_eq!(
        schedule(&env),
        (fresh.clone(), 2, 3, t + ORACLE_DELAY, 2 * 86_400)
    );
    // Unpausing at once attests nothing: neither the old set nor the new one is in force.
    env.by(ADMIN).unpause().unwrap();
    let void = RegistryError::signature_count(U256::from(2), 0, 0);
    env.attest_reverts(APP_A, &votes, &old, void.clone());
    // The new set's signatures under its own epoch (3), made ahead of its time, are refused
    // until then: still void one second before.
    env.at(t + ORACLE_DELAY);
    let early = env.sign(APP_A, &votes, &[ORACLE_2, ORACLE_3]);
    env.at(t + ORACLE_DELAY - 1);
    assert_eq!(in_force(&env.reg), (vec![], 0, 0));
    env.attest_reverts(APP_A, &votes, &early, void);
    // In force at its time, the replaced schedule never.
    env.at(t + ORACLE_DELAY);
    assert_eq!(in_force(&env.reg), (fresh, 2, 3));
    env.attest(APP_A, &votes, &[ORACLE_2, ORACLE_3]);
    assert_eq!(env.reg.application_tally(APP_A).unwrap().4, 3);
}

#[test]
fn a_change_while_a_set_is_void_waits_the_delay_too() {
    let mut env = applications_submitted();
    env.by(GUARDIAN).pause().unwrap();
    env.by(ADMIN)
        .set_oracle_set(oracle_addresses(&[ORACLE_4]), 1)
        .unwrap();
    assert_eq!(in_force(&env.reg), (vec![], 0, 0));
    // Unpaused during the void: epoch 0 is in force again, but a set was made before, so the
    // next change is not "the first set" and waits the delay.
    env.by(ADMIN).unpause().unwrap();
    let t = env.now() + 10;
    env.at(t);
    let two = oracle_addresses(&[ORACLE_1, ORACLE_3]);
    env.emits(
        ADMIN,
        |r| r.set_oracle_set(two.clone(), 2),
        &[log_of(&OracleSetChanged {
            epoch: 3,
            signers: two.clone(),
            threshold: 2,
            effectiveAt: t + ORACLE_DELAY,
        })],
    );
    assert_eq!(in_force(&env.reg), (vec![], 0, 0));
    env.at(t + ORACLE_DELAY);
    assert_eq!(in_force(&env.reg), (two, 2, 3));
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
            // The first set takes effect at once, every later one after the delay.
            let effective = if epoch == 1 {
                env.now()
            } else {
                env.now() + ORACLE_DELAY
            };
            env.emits(
                ADMIN,
                |r| r.set_oracle_set(set.clone(), threshold),
                &[log_of(&OracleSetChanged {
                    epoch,
                    signers: set.clone(),
                    threshold,
                    effectiveAt: effective,
                })],
            );
            env.at(effective);
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
