//! Vote rules, stake-cap bounds, phases and their node limits.

use alloy_primitives::U256;
use lst_registry::events::{
    PhaseAdvanced, PhaseNodeLimitChanged, SnapshotSpaceChanged, StakeCapBoundsChanged,
    VoteRulesChanged,
};
use lst_registry::RegistryError;

use crate::support::*;

// ---- vote rules --------------------------------------------------------------------------------

#[test]
fn set_vote_rules_puts_new_rules_in_force() {
    let mut env = deployed();
    env.emits(
        ADMIN,
        |r| r.set_vote_rules(metis(10_000), 100, 6_000, 3 * 86_400),
        &[log_of(&VoteRulesChanged {
            quorum: metis(10_000),
            minVoters: 100,
            approvalBps: 6_000,
            attestationWindow: 3 * 86_400,
        })],
    );
    let (quorum, min_voters, approval, window, min_cap, max_cap, _, _) = env.reg.rules();
    assert_eq!(
        (quorum, min_voters, approval, window),
        (metis(10_000), 100, 6_000, 3 * 86_400)
    );
    assert_eq!(
        (min_cap, max_cap),
        (metis(20_000), metis(100_000)),
        "cap bounds untouched"
    );
}

#[test]
fn rules_show_the_default_attestation_window_of_14_days() {
    let env = deployed();
    assert_eq!(env.reg.rules().3, 1_209_600);
    assert_eq!(
        lst_registry::rules::DEFAULT_ATTESTATION_WINDOW,
        WINDOW,
        "the fixtures' window is the default"
    );
    assert_eq!(
        lst_registry::rules::ATTESTATION_WINDOW,
        (MIN_WINDOW, MAX_WINDOW)
    );
}

fn window_error(window: u32) -> RegistryError {
    RegistryError::invalid_attestation_window(window, 86_400, 7_776_000)
}

#[test]
fn set_vote_rules_takes_an_attestation_window_of_one_to_90_days() {
    let mut env = deployed();
    for window in [0, 86_399, 7_776_001, u32::MAX] {
        env.reverts(
            ADMIN,
            |r| r.set_vote_rules(metis(1), 1, 6_000, window),
            window_error(window),
        );
        assert_eq!(env.reg.rules().3, WINDOW, "window unchanged");
        assert_eq!(env.reg.rules().0, metis(20_000), "quorum unchanged");
    }
    for window in [86_400, 7_776_000, WINDOW] {
        env.emits(
            ADMIN,
            |r| r.set_vote_rules(metis(1), 1, 6_000, window),
            &[log_of(&VoteRulesChanged {
                quorum: metis(1),
                minVoters: 1,
                approvalBps: 6_000,
                attestationWindow: window,
            })],
        );
        assert_eq!(env.reg.rules().3, window);
    }
}

#[test]
fn set_vote_rules_checks_the_window_after_the_other_rules() {
    // Quorum, voters and approval are judged first: a bad one of them is the error named,
    // whatever the window.
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(U256::ZERO, 0, 0, 0),
        RegistryError::invalid_quorum(U256::ZERO, max_amount()),
    );
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 0, 0, 0),
        RegistryError::invalid_min_voters(0),
    );
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 1, 0, 0),
        RegistryError::invalid_approval(0),
    );
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 1, 6_000, 0),
        window_error(0),
    );
}

#[test]
fn set_vote_rules_rejects_a_zero_quorum() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(U256::ZERO, 500, 8_000, WINDOW),
        RegistryError::invalid_quorum(U256::ZERO, max_amount()),
    );
}

#[test]
fn set_vote_rules_takes_a_quorum_up_to_uint96_max_and_not_one_wei_more() {
    let mut env = deployed();
    let too_big = max_amount() + wei(1);
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(too_big, 500, 8_000, WINDOW),
        RegistryError::invalid_quorum(too_big, max_amount()),
    );
    env.by(ADMIN)
        .set_vote_rules(max_amount(), 500, 8_000, WINDOW)
        .unwrap();
    assert_eq!(env.reg.rules().0, max_amount());
}

#[test]
fn set_vote_rules_rejects_zero_min_voters() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 0, 8_000, WINDOW),
        RegistryError::invalid_min_voters(0),
    );
}

#[test]
fn set_vote_rules_takes_approval_above_half_up_to_all() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 1, 5_000, WINDOW),
        RegistryError::invalid_approval(5_000),
    );
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 1, 10_001, WINDOW),
        RegistryError::invalid_approval(10_001),
    );
    env.reverts(
        ADMIN,
        |r| r.set_vote_rules(metis(1), 1, 0, WINDOW),
        RegistryError::invalid_approval(0),
    );
    env.by(ADMIN)
        .set_vote_rules(metis(1), 1, 5_001, WINDOW)
        .unwrap();
    assert_eq!(env.reg.rules().2, 5_001);
    env.by(ADMIN)
        .set_vote_rules(metis(1), 1, 10_000, WINDOW)
        .unwrap();
    assert_eq!(env.reg.rules().2, 10_000);
}

#[test]
fn set_vote_rules_is_for_the_admin_only() {
    let mut env = configured();
    env.reverts(
        GUARDIAN,
        |r| r.set_vote_rules(metis(1), 1, 6_000, WINDOW),
        RegistryError::not_admin(GUARDIAN),
    );
}

#[test]
fn set_vote_rules_leaves_open_rounds_their_rules() {
    let mut env = round_open();
    env.by(ADMIN)
        .set_vote_rules(metis(10_000), 100, 6_000, 2 * 86_400)
        .unwrap();
    assert_eq!(env.reg.round(ROUND_1).unwrap().11, default_round_rules());
    assert_eq!(env.reg.round(ROUND_1).unwrap().10, ATTESTATION_DEADLINE);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(ADMIN).open_round(1, DEADLINE).unwrap();
    assert_eq!(
        env.reg.round(2).unwrap().11,
        (metis(10_000), 100, 6_000, 2 * 86_400)
    );
    assert_eq!(env.reg.round(2).unwrap().10, DEADLINE + 2 * DAY);
    // Setting the same rules again changes no round's.
    env.by(ADMIN)
        .set_vote_rules(metis(10_000), 100, 6_000, 2 * 86_400)
        .unwrap();
    assert_eq!(env.reg.round(ROUND_1).unwrap().11, default_round_rules());
    assert_eq!(
        env.reg.round(2).unwrap().11,
        (metis(10_000), 100, 6_000, 2 * 86_400)
    );
}

#[test]
fn a_round_keeps_the_attestation_window_in_force_when_it_opened() {
    let mut env = round_open();
    // A longer window set while round 1 is open moves neither its window nor its deadline.
    env.by(ADMIN)
        .set_vote_rules(metis(20_000), 500, 8_000, MAX_WINDOW)
        .unwrap();
    let round = env.reg.round(ROUND_1).unwrap();
    assert_eq!((round.10, round.11 .3), (ATTESTATION_DEADLINE, WINDOW));
    // Round 2, opened after the change, has the longer window.
    env.at(ATTESTATION_DEADLINE + 1);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(ADMIN).open_round(1, T0 + 100 * DAY).unwrap();
    let round = env.reg.round(2).unwrap();
    assert_eq!(
        (round.9, round.10, round.11 .3),
        (T0 + 100 * DAY, T0 + 190 * DAY, MAX_WINDOW)
    );
    env.by(ADMIN)
        .set_vote_rules(metis(20_000), 500, 8_000, MIN_WINDOW)
        .unwrap();
    assert_eq!(env.reg.round(2).unwrap().10, T0 + 190 * DAY);
    assert_eq!(env.reg.round(ROUND_1).unwrap().10, ATTESTATION_DEADLINE);
}

// ---- the program's Snapshot space --------------------------------------------------------------

#[test]
fn set_snapshot_space_puts_a_new_space_in_force() {
    let mut env = deployed();
    assert_eq!(env.reg.rules().7, SPACE.as_bytes());
    env.emits(
        ADMIN,
        |r| r.set_snapshot_space("other.eth"),
        &[log_of(&SnapshotSpaceChanged {
            space: "other.eth".into(),
        })],
    );
    let (quorum, min_voters, approval, window, min_cap, max_cap, _, space) = env.reg.rules();
    assert_eq!(space, b"other.eth");
    assert_eq!(
        (quorum, min_voters, approval, window, min_cap, max_cap),
        (
            metis(20_000),
            500,
            8_000,
            WINDOW,
            metis(20_000),
            metis(100_000)
        ),
        "the rest of the rules untouched"
    );
}

fn space_length(len: usize) -> RegistryError {
    RegistryError::invalid_length(
        field::SNAPSHOT_SPACE,
        U256::from(len),
        U256::from(1),
        U256::from(64),
    )
}

#[test]
fn set_snapshot_space_takes_1_to_64_bytes() {
    let mut env = deployed();
    let too_long = "s".repeat(61) + ".eth";
    // Bytes, not characters: 33 two-byte characters are 66 bytes.
    let wide = "é".repeat(33);
    for (space, len) in [("", 0), (too_long.as_str(), 65), (wide.as_str(), 66)] {
        env.reverts(ADMIN, |r| r.set_snapshot_space(space), space_length(len));
        assert_eq!(env.reg.rules().7, SPACE.as_bytes(), "space unchanged");
    }
    let longest = "é".repeat(30) + "x.et";
    assert_eq!(longest.len(), 64);
    for space in [longest.as_str(), "x"] {
        env.emits(
            ADMIN,
            |r| r.set_snapshot_space(space),
            &[log_of(&SnapshotSpaceChanged {
                space: space.into(),
            })],
        );
        assert_eq!(env.reg.rules().7, space.as_bytes());
    }
}

#[test]
fn a_shorter_snapshot_space_leaves_nothing_of_a_longer_one() {
    // Storage after 64 bytes then "x.eth" is storage after "x.eth" alone: no stale tail.
    let mut env = deployed();
    env.by(ADMIN)
        .set_snapshot_space(&("s".repeat(60) + ".eth"))
        .unwrap();
    env.by(ADMIN).set_snapshot_space("x.eth").unwrap();
    let mut direct = deployed();
    direct.by(ADMIN).set_snapshot_space("x.eth").unwrap();
    assert_eq!(storage(&env.vm), storage(&direct.vm));
    assert_eq!(env.reg.rules().7, b"x.eth");
}

#[test]
fn set_snapshot_space_is_for_the_admin_only() {
    let mut env = configured();
    for who in [GUARDIAN, STRANGER, NEW_ADMIN] {
        env.reverts(
            who,
            |r| r.set_snapshot_space("other.eth"),
            RegistryError::not_admin(who),
        );
    }
    assert_eq!(env.reg.rules().7, SPACE.as_bytes());
}

#[test]
fn set_snapshot_space_waits_while_paused() {
    let mut env = configured();
    env.by(GUARDIAN).pause().unwrap();
    env.reverts(
        ADMIN,
        |r| r.set_snapshot_space("other.eth"),
        RegistryError::paused(),
    );
    assert_eq!(env.reg.rules().7, SPACE.as_bytes());
    env.by(ADMIN).unpause().unwrap();
    env.by(ADMIN).set_snapshot_space("other.eth").unwrap();
    assert_eq!(env.reg.rules().7, b"other.eth");
}

// ---- stake-cap bounds --------------------------------------------------------------------------

#[test]
fn set_stake_cap_bounds_puts_new_bounds_in_force() {
    let mut env = deployed();
    env.emits(
        ADMIN,
        |r| r.set_stake_cap_bounds(metis(10_000), metis(200_000)),
        &[log_of(&StakeCapBoundsChanged {
            minCap: metis(10_000),
            maxCap: metis(200_000),
        })],
    );
    let (quorum, _, _, window, min_cap, max_cap, _, _) = env.reg.rules();
    assert_eq!((min_cap, max_cap), (metis(10_000), metis(200_000)));
    assert_eq!(
        (quorum, window),
        (metis(20_000), WINDOW),
        "vote rules untouched"
    );
}

#[test]
fn set_stake_cap_bounds_takes_equal_bounds_and_the_uint96_ceiling() {
    let mut env = deployed();
    env.by(ADMIN)
        .set_stake_cap_bounds(metis(50_000), metis(50_000))
        .unwrap();
    env.by(ADMIN)
        .set_stake_cap_bounds(wei(1), max_amount())
        .unwrap();
    assert_eq!(
        (env.reg.rules().4, env.reg.rules().5),
        (wei(1), max_amount())
    );
}

#[test]
fn set_stake_cap_bounds_rejects_a_zero_minimum() {
    let mut env = deployed();
    let expected = RegistryError::invalid_stake_cap_bounds(U256::ZERO, metis(1), max_amount());
    env.reverts(
        ADMIN,
        |r| r.set_stake_cap_bounds(U256::ZERO, metis(1)),
        expected,
    );
}

#[test]
fn set_stake_cap_bounds_rejects_a_minimum_above_the_maximum() {
    let mut env = deployed();
    let (min, max) = (metis(2) + wei(1), metis(2));
    env.reverts(
        ADMIN,
        |r| r.set_stake_cap_bounds(min, max),
        RegistryError::invalid_stake_cap_bounds(min, max, max_amount()),
    );
}

#[test]
fn set_stake_cap_bounds_rejects_a_maximum_above_uint96() {
    let mut env = deployed();
    let max = max_amount() + wei(1);
    env.reverts(
        ADMIN,
        |r| r.set_stake_cap_bounds(metis(1), max),
        RegistryError::invalid_stake_cap_bounds(metis(1), max, max_amount()),
    );
}

#[test]
fn set_stake_cap_bounds_is_for_the_admin_only() {
    let mut env = deployed();
    env.reverts(
        STRANGER,
        |r| r.set_stake_cap_bounds(metis(1), metis(2)),
        RegistryError::not_admin(STRANGER),
    );
}

// ---- phases ------------------------------------------------------------------------------------

#[test]
fn phases_advance_one_step_at_a_time_to_open_access() {
    let mut env = deployed();
    let limits = env.reg.phase_node_limits();
    for to in 1..=phase::OPEN_ACCESS {
        env.emits(
            ADMIN,
            |r| r.advance_phase(to),
            &[log_of(&PhaseAdvanced { from: to - 1, to })],
        );
        assert_eq!(env.reg.phase(), (to, limits[to as usize], 0));
    }
}

#[test]
fn advance_phase_rejects_skipping_a_phase() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.advance_phase(phase::MAIN_LAUNCH),
        RegistryError::invalid_phase_transition(0, 2),
    );
}

#[test]
fn advance_phase_rejects_staying_or_going_back() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.advance_phase(phase::ALPHA),
        RegistryError::invalid_phase_transition(0, 0),
    );
    env.by(ADMIN).advance_phase(phase::THROUGHPUT).unwrap();
    env.reverts(
        ADMIN,
        |r| r.advance_phase(phase::ALPHA),
        RegistryError::invalid_phase_transition(1, 0),
    );
    env.reverts(
        ADMIN,
        |r| r.advance_phase(phase::THROUGHPUT),
        RegistryError::invalid_phase_transition(1, 1),
    );
}

#[test]
fn advance_phase_stops_at_open_access() {
    let mut env = deployed();
    for to in 1..=phase::OPEN_ACCESS {
        env.by(ADMIN).advance_phase(to).unwrap();
    }
    env.reverts(
        ADMIN,
        |r| r.advance_phase(4),
        RegistryError::invalid_phase_transition(3, 4),
    );
    env.reverts(
        ADMIN,
        |r| r.advance_phase(u8::MAX),
        RegistryError::invalid_phase_transition(3, 255),
    );
}

#[test]
fn advance_phase_is_for_the_admin_only() {
    let mut env = configured();
    env.reverts(
        GUARDIAN,
        |r| r.advance_phase(1),
        RegistryError::not_admin(GUARDIAN),
    );
}

// ---- node limits -------------------------------------------------------------------------------

#[test]
fn set_phase_node_limit_changes_a_later_phase_within_its_neighbours() {
    let mut env = deployed();
    env.emits(
        ADMIN,
        |r| r.set_phase_node_limit(phase::THROUGHPUT, 16),
        &[log_of(&PhaseNodeLimitChanged {
            phase: phase::THROUGHPUT,
            limit: 16,
        })],
    );
    assert_eq!(env.reg.phase_node_limits(), [4, 16, 16, 64]);
    // Throughput lies between Alpha (4) and Main launch (16).
    env.reverts(
        ADMIN,
        |r| r.set_phase_node_limit(phase::THROUGHPUT, 17),
        RegistryError::invalid_node_limit(1, 17, 4, 16),
    );
    env.reverts(
        ADMIN,
        |r| r.set_phase_node_limit(phase::THROUGHPUT, 3),
        RegistryError::invalid_node_limit(1, 3, 4, 16),
    );
    env.by(ADMIN)
        .set_phase_node_limit(phase::THROUGHPUT, 4)
        .unwrap();
    assert_eq!(env.reg.phase_node_limits(), [4, 4, 16, 64]);
}

#[test]
fn set_phase_node_limit_caps_open_access_at_4096() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.set_phase_node_limit(phase::OPEN_ACCESS, 4_097),
        RegistryError::invalid_node_limit(3, 4_097, 16, 4_096),
    );
    env.reverts(
        ADMIN,
        |r| r.set_phase_node_limit(phase::OPEN_ACCESS, 15),
        RegistryError::invalid_node_limit(3, 15, 16, 4_096),
    );
    env.by(ADMIN)
        .set_phase_node_limit(phase::OPEN_ACCESS, 4_096)
        .unwrap();
    assert_eq!(env.reg.phase_node_limits()[3], 4_096);
}

#[test]
fn set_phase_node_limit_keeps_the_current_phase_at_or_above_the_node_count() {
    let mut env = deployed();
    env.by(ADMIN)
        .register_node(OPERATOR_1, SEQUENCER_1, NODE_1_URI)
        .unwrap();
    env.by(ADMIN)
        .register_node(OPERATOR_2, SEQUENCER_2, NODE_2_URI)
        .unwrap();
    env.reverts(
        ADMIN,
        |r| r.set_phase_node_limit(phase::ALPHA, 1),
        RegistryError::invalid_node_limit(0, 1, 2, 4),
    );
    env.reverts(
        ADMIN,
        |r| r.set_phase_node_limit(phase::ALPHA, 5),
        RegistryError::invalid_node_limit(0, 5, 2, 4),
    );
    env.by(ADMIN).set_phase_node_limit(phase::ALPHA, 2).unwrap();
    assert_eq!(env.reg.phase(), (phase::ALPHA, 2, 2));
    env.reverts(
        ADMIN,
        |r| r.register_node(OPERATOR_3, SEQUENCER_3, "u"),
        RegistryError::node_limit_reached(0, 2),
    );
}

#[test]
fn set_phase_node_limit_freezes_past_phases() {
    let mut env = deployed();
    env.by(ADMIN).advance_phase(phase::THROUGHPUT).unwrap();
    env.reverts(
        ADMIN,
        |r| r.set_phase_node_limit(phase::ALPHA, 3),
        RegistryError::invalid_node_limit(0, 3, 4, 4),
    );
    env.reverts(
        ADMIN,
        |r| r.set_phase_node_limit(phase::ALPHA, 5),
        RegistryError::invalid_node_limit(0, 5, 4, 4),
    );
}

#[test]
fn setting_a_past_phase_to_its_own_limit_changes_nothing_and_emits_nothing() {
    // The code treats a past phase's own limit as "in range"; the lib.rs docs speak of the
    // current or a later phase only. Pinned here so that a change is deliberate. Being the
    // limit in force, it writes and emits nothing.
    let mut env = deployed();
    env.by(ADMIN).advance_phase(phase::THROUGHPUT).unwrap();
    let before = storage(&env.vm);
    env.emits(ADMIN, |r| r.set_phase_node_limit(phase::ALPHA, 4), &[]);
    assert_eq!(storage(&env.vm), before);
    assert_eq!(env.reg.phase_node_limits(), [4, 4, 16, 64]);
}

#[test]
fn set_phase_node_limit_to_the_limit_in_force_writes_and_emits_nothing() {
    let mut env = deployed();
    env.by(ADMIN)
        .set_phase_node_limit(phase::MAIN_LAUNCH, 20)
        .unwrap();
    // The current phase, a later one, the last one, and one just changed: each to its own
    // limit succeeds with no log and no storage write.
    for (target, limit) in [
        (phase::ALPHA, 4),
        (phase::THROUGHPUT, 4),
        (phase::MAIN_LAUNCH, 20),
        (phase::OPEN_ACCESS, 64),
    ] {
        let before = storage(&env.vm);
        env.emits(ADMIN, |r| r.set_phase_node_limit(target, limit), &[]);
        assert_eq!(storage(&env.vm), before, "phase {target} rewritten");
    }
    assert_eq!(env.reg.phase_node_limits(), [4, 4, 20, 64]);
    // A real change still writes and emits.
    env.emits(
        ADMIN,
        |r| r.set_phase_node_limit(phase::MAIN_LAUNCH, 16),
        &[log_of(&PhaseNodeLimitChanged {
            phase: phase::MAIN_LAUNCH,
            limit: 16,
        })],
    );
    assert_eq!(env.reg.phase_node_limits(), [4, 4, 16, 64]);
}

#[test]
fn set_phase_node_limit_to_the_limit_in_force_is_still_checked() {
    // The no-op is decided after the caller, the pause and the bounds.
    let mut env = configured();
    env.reverts(
        GUARDIAN,
        |r| r.set_phase_node_limit(phase::ALPHA, 4),
        RegistryError::not_admin(GUARDIAN),
    );
    env.by(GUARDIAN).pause().unwrap();
    env.reverts(
        ADMIN,
        |r| r.set_phase_node_limit(phase::ALPHA, 4),
        RegistryError::paused(),
    );
}

#[test]
fn set_phase_node_limit_rejects_a_phase_that_does_not_exist() {
    let mut env = deployed();
    env.reverts(
        ADMIN,
        |r| r.set_phase_node_limit(4, 1),
        RegistryError::invalid_node_limit(4, 1, 0, 0),
    );
    env.reverts(
        ADMIN,
        |r| r.set_phase_node_limit(4, 0),
        RegistryError::invalid_node_limit(4, 0, 0, 0),
    );
}

#[test]
fn set_phase_node_limit_is_for_the_admin_only() {
    let mut env = deployed();
    env.reverts(
        STRANGER,
        |r| r.set_phase_node_limit(phase::THROUGHPUT, 8),
        RegistryError::not_admin(STRANGER),
    );
}

#[test]
fn each_phase_admits_nodes_up_to_its_own_limit() {
    let mut env = deployed();
    let mut registered = 0u16;
    let mut next_signer = 0x1000u16;
    for (phase, limit) in [
        (phase::ALPHA, 4u16),
        (phase::THROUGHPUT, 4),
        (phase::MAIN_LAUNCH, 16),
    ] {
        if phase > 0 {
            env.by(ADMIN).advance_phase(phase).unwrap();
        }
        let before = registered;
        while registered < limit {
            next_signer += 1;
            let signer = alloy_primitives::Address::left_padding_from(&next_signer.to_be_bytes());
            env.by(ADMIN)
                .register_node(OPERATOR_1, signer, "n")
                .unwrap();
            registered += 1;
        }
        assert_eq!(env.reg.phase(), (phase, limit, limit));
        env.reverts(
            ADMIN,
            |r| r.register_node(OPERATOR_1, SEQUENCER_1, "n"),
            RegistryError::node_limit_reached(phase, limit),
        );
        if registered > before {
            let node = env.reg.node(registered as u64).unwrap();
            assert_eq!(
                node.3, phase,
                "a node records the phase it was registered in"
            );
        }
    }
}
