//! Phases and their node limits.

use lst_registry::events::{PhaseAdvanced, PhaseNodeLimitChanged};
use lst_registry::RegistryError;

use crate::native::support::*;

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
