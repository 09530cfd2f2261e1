//! Values at the edges of their packed storage fields: every field of a record at its widest
//! must read back exactly and leave its neighbours alone. And a round at its largest.

use alloy_primitives::{Address, U256};

use lst_registry::storage::TIME40_MAX;
use lst_registry::RegistryError;

use crate::native::support::*;

#[test]
fn vote_rules_and_node_limits_keep_their_widest_values_side_by_side() {
    let mut env = deployed();
    env.by(ADMIN)
        .set_vote_rules(max_amount(), u32::MAX, 10_000, MAX_WINDOW)
        .unwrap();
    for phase in [
        phase::OPEN_ACCESS,
        phase::MAIN_LAUNCH,
        phase::THROUGHPUT,
        phase::ALPHA,
    ] {
        env.by(ADMIN).set_phase_node_limit(phase, 4_096).unwrap();
    }
    let (quorum, min_voters, approval, window, min_cap, max_cap, _, _) = env.reg.rules();
    assert_eq!(
        (quorum, min_voters, approval, window),
        (max_amount(), u32::MAX, 10_000, MAX_WINDOW)
    );
    assert_eq!((min_cap, max_cap), (metis(20_000), metis(100_000)));
    assert_eq!(env.reg.phase_node_limits(), [4_096; 4]);
    env.by(ADMIN)
        .set_vote_rules(wei(1), 1, 5_001, MIN_WINDOW)
        .unwrap();
    assert_eq!(env.reg.phase_node_limits(), [4_096; 4]);
    let rules = env.reg.rules();
    assert_eq!(
        (rules.0, rules.1, rules.2, rules.3),
        (wei(1), 1, 5_001, MIN_WINDOW)
    );
    assert_eq!(env.reg.phase(), (phase::ALPHA, 4_096, 0));
}

#[test]
fn cap_bounds_keep_their_widest_values_side_by_side() {
    let mut env = deployed();
    env.by(ADMIN)
        .set_stake_cap_bounds(max_amount(), max_amount())
        .unwrap();
    assert_eq!(
        (env.reg.rules().4, env.reg.rules().5),
        (max_amount(), max_amount())
    );
    env.by(ADMIN)
        .set_stake_cap_bounds(wei(1), max_amount())
        .unwrap();
    assert_eq!(
        (env.reg.rules().4, env.reg.rules().5),
        (wei(1), max_amount())
    );
    assert_eq!(env.reg.rules().0, metis(20_000), "quorum untouched");
}

#[test]
fn a_round_keeps_the_largest_deadline_and_slots() {
    // Its attestation deadline, the deadline plus the window, saturates at the largest
    // timestamp instead of wrapping.
    let mut env = configured();
    env.by(ADMIN).advance_phase(phase::THROUGHPUT).unwrap();
    env.by(ADMIN).open_round(32, u64::MAX).unwrap();
    env.at(u64::MAX);
    env.submit(&LST_A);
    assert_eq!(
        env.reg.round(1),
        Ok((
            32,
            round_status::OPEN,
            phase::THROUGHPUT,
            1,
            1,
            1,
            0,
            0,
            0,
            u64::MAX,
            u64::MAX,
            default_round_rules()
        ))
    );
}

#[test]
fn the_widest_tally_leaves_the_rest_of_the_application_intact() {
    let mut env = applications_submitted();
    let before = env.reg.application(APP_B).unwrap();
    let votes = Votes::wei(max_amount(), max_amount(), max_amount(), u32::MAX);
    env.attest(APP_B, &votes, &[ORACLE_1, ORACLE_2]);
    assert_eq!(
        env.reg.application_tally(APP_B),
        Ok((max_amount(), max_amount(), max_amount(), u32::MAX, 1))
    );
    let after = env.reg.application(APP_B).unwrap();
    assert_eq!(after.3, status::TALLIED);
    assert_eq!(
        (after.0, after.1, after.2, after.5, after.6),
        (before.0, before.1, before.2, before.5, before.6)
    );
    assert_eq!((after.7, after.8, after.9), (before.7, before.8, before.9));
    assert_eq!(
        env.reg.application_tally(APP_A),
        Ok((U256::ZERO, U256::ZERO, U256::ZERO, 0, 0)),
        "neighbour untouched"
    );
}

#[test]
fn the_widest_pairing_keeps_its_values_and_its_times_stop_at_2_pow_40_minus_1() {
    let mut env = nodes_registered();
    env.by(ADMIN)
        .set_stake_cap_bounds(wei(1), max_amount())
        .unwrap();
    env.at(u64::MAX - 1);
    let id = env
        .by(OPERATOR_1)
        .pair(NODE_1, APP_A, max_amount(), &"p".repeat(256))
        .unwrap();
    env.by(STAKING_A).report_stake(id, max_amount()).unwrap();
    assert_eq!(
        env.reg.pairing(id),
        Ok((
            NODE_1,
            APP_A,
            max_amount(),
            max_amount(),
            TIME40_MAX,
            0,
            "p".repeat(256),
            false
        ))
    );
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(U256::ZERO));
    env.by(STAKING_A).report_stake(id, wei(1)).unwrap();
    assert_eq!(
        env.reg.remaining_capacity(NODE_1),
        Ok(max_amount() - wei(1))
    );
    env.at(u64::MAX);
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    assert_eq!(env.reg.pairing(id).unwrap().4, TIME40_MAX);
    assert_eq!(env.reg.pairing(id).unwrap().5, TIME40_MAX);
    assert_eq!(env.reg.pairing(id).unwrap().2, max_amount());
}

#[test]
fn a_pairing_ended_at_2_pow_40_stays_ended() {
    // 2^40 in 40 bits would be 0, the end time of an active pairing.
    let mut env = nodes_registered();
    env.at(TIME40_MAX - 1);
    let id = env
        .by(OPERATOR_1)
        .pair(NODE_1, APP_A, metis(50_000), "https://a.example/why")
        .unwrap();
    env.at(TIME40_MAX + 1);
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    let ended = env.reg.pairing(id).unwrap();
    assert_eq!((ended.4, ended.5), (TIME40_MAX - 1, TIME40_MAX));
    env.reverts(
        STAKING_A,
        |r| r.report_stake(id, metis(1)),
        RegistryError::pairing_ended(id),
    );
}

#[test]
fn a_node_keeps_its_widest_values() {
    let mut env = deployed();
    env.at(u64::MAX);
    let operator = Address::repeat_byte(0xff);
    let signer = Address::repeat_byte(0xfe);
    let uri = "m".repeat(256);
    env.by(ADMIN).register_node(operator, signer, &uri).unwrap();
    assert_eq!(
        env.reg.node(1),
        Ok((operator, signer, 0, phase::ALPHA, u64::MAX, uri))
    );
    assert_eq!(env.reg.node_of_signer(signer), 1);
}

#[test]
fn a_full_round_of_128_passing_applications_ranks_every_one() {
    let mut env = deployed();
    env.by(ADMIN)
        .set_oracle_set(vec![ORACLE_1.address()], 1)
        .unwrap();
    env.by(ADMIN).open_round(32, DEADLINE).unwrap();
    let weight = |id: u64| metis(20_000 + (id * 37) % 128 * 1_000); // a permutation of 128 weights
    for id in 1..=128u64 {
        // A proposal backs one application, and an applicant or a staking contract has one
        // live application in a round: each has its own.
        assert_eq!(env.submit(&nth_lst(id)), id);
        env.attest(
            id,
            &Votes::wei(weight(id), U256::ZERO, U256::ZERO, 500),
            &[ORACLE_1],
        );
    }
    let mut order: Vec<u64> = (1..=128).collect();
    order.sort_by(|a, b| weight(*b).cmp(&weight(*a)).then(a.cmp(b)));
    env.by(ADMIN).close_round(1).unwrap();
    let mut expected: Vec<_> = order
        .iter()
        .enumerate()
        .map(|(index, id)| {
            let rank = index as u16 + 1;
            if index < 32 {
                qualified_log(*id, rank)
            } else {
                passed_log(*id, rank)
            }
        })
        .collect();
    expected.push(finalised_log(128, 32));
    env.emits(STRANGER, |r| r.finalise_round(1), &expected);
    for (index, id) in order.iter().enumerate() {
        assert_eq!(env.rank_of(*id) as usize, index + 1);
        let want = if index < 32 {
            status::QUALIFIED
        } else {
            status::NOT_SELECTED
        };
        assert_eq!(env.status_of(*id), want);
    }
    assert_eq!(env.reg.round(1).unwrap().7, 128);
}

#[test]
fn the_pairing_nonce_wraps_at_2_pow_32_and_keeps_the_last_round_closed_beside_it() {
    let mut env = nodes_registered();
    // The control slot (slot 0) with the nonce, bytes 24..28, at 2^32 − 1.
    let mut word = env.vm.get_storage(U256::ZERO).0;
    if let Some(nonce) = word.get_mut(24..28) {
        nonce.copy_from_slice(&[0xff; 4]);
    }
    env.vm.set_storage(U256::ZERO, word.into());
    assert_eq!(env.reg.pairing_nonce(), u64::from(u32::MAX));
    env.emits(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, cap_1(), ANNOUNCEMENT_1),
        &[first_pairing_log(0)],
    );
    assert_eq!(env.reg.pairing_nonce(), 0);
    // Its neighbours are intact: round 1, closed, lets round 2 open; the admin, the phase
    // and the node count are as they were.
    let deadline = env.now() + DAY;
    assert_eq!(env.by(ADMIN).open_round(1, deadline), Ok(2));
    assert_eq!(env.reg.admin(), ADMIN);
    assert_eq!(env.reg.phase().0, phase::ALPHA);
    assert_eq!(env.reg.counts().2, 2);
}
