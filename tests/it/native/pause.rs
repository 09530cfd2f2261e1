//! A paused registry runs none of the program's flows: every state-changing entry point but
//! the recovery ones reverts with `RegistryPaused` and succeeds once the admin unpauses. The
//! recovery ones (`unpause`, `transfer_admin`, `accept_admin`, `set_guardian`,
//! `set_oracle_set`) work while paused, so that compromised keys can be replaced first, and so
//! does `revoke_application`, so that an exploited LST can be cut off while all else waits.

use alloy_primitives::{Address, B256, U256};
use lst_registry::events::{
    AdminTransferStarted, AdminTransferred, ApplicationRevoked, GuardianChanged, NodeUnpaired,
    OracleSetChanged,
};
use lst_registry::RegistryError;

use crate::native::support::*;

type Call = fn(&mut Env) -> Result<(), RegistryError>;
/// A named call and the fixture it runs on.
type Case = (&'static str, fn() -> Env, Call);

/// Paired nodes, a transfer to NEW_ADMIN pending, round 2 open with LST_D pending (application
/// 4), and node 3 registered but unpaired.
fn mid_program() -> Env {
    let mut env = paired();
    env.by(ADMIN).transfer_admin(NEW_ADMIN).unwrap();
    env.by(ADMIN).open_round(2, DEADLINE + 30 * DAY).unwrap();
    assert_eq!(env.submit(&LST_D), 4);
    env.by(ADMIN)
        .register_node(OPERATOR_3, SEQUENCER_3, "n3")
        .unwrap();
    env
}

/// Round 1 tallied and closed, not finalised.
fn before_finalise() -> Env {
    let mut env = tallies_attested();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env
}

fn ok<T>(result: Result<T, RegistryError>) -> Result<(), RegistryError> {
    result.map(|_| ())
}

/// The recovery calls: they work paused.
fn recovery_cases() -> Vec<Case> {
    vec![
        ("transfer_admin", mid_program, |e| {
            e.by(ADMIN).transfer_admin(STRANGER)
        }),
        ("accept_admin", mid_program, |e| {
            e.by(NEW_ADMIN).accept_admin()
        }),
        ("set_guardian", mid_program, |e| {
            e.by(ADMIN).set_guardian(STRANGER)
        }),
        ("set_oracle_set", mid_program, |e| {
            e.by(ADMIN).set_oracle_set(oracle_addresses(&[ORACLE_4]), 1)
        }),
        ("revoke_application", mid_program, |e| {
            e.by(ADMIN).revoke_application(4, "exploit")
        }),
    ]
}

/// The program's flows: they wait for the unpause.
fn cases() -> Vec<Case> {
    vec![
        ("pause", mid_program, |e| e.by(GUARDIAN).pause()),
        ("attest_tally", mid_program, |e| {
            let votes = votes_a();
            let signatures = e.sign(4, &votes, &[ORACLE_1, ORACLE_2]);
            e.try_attest(4, &votes, &signatures)
        }),
        ("set_vote_rules", mid_program, |e| {
            e.by(ADMIN).set_vote_rules(metis(1), 1, 9_000, WINDOW)
        }),
        ("set_snapshot_space", mid_program, |e| {
            e.by(ADMIN).set_snapshot_space("other.eth")
        }),
        ("set_stake_cap_bounds", mid_program, |e| {
            e.by(ADMIN).set_stake_cap_bounds(metis(1), metis(2))
        }),
        ("set_phase_node_limit", mid_program, |e| {
            e.by(ADMIN).set_phase_node_limit(phase::THROUGHPUT, 8)
        }),
        ("advance_phase", mid_program, |e| {
            e.by(ADMIN).advance_phase(phase::THROUGHPUT)
        }),
        ("open_round", paired, |e| {
            ok(e.by(ADMIN).open_round(1, DEADLINE + DAY))
        }),
        ("close_round", mid_program, |e| e.by(ADMIN).close_round(2)),
        ("submit_application", mid_program, |e| {
            // C under a proposal that backs no application yet (C's own backs application 3).
            let c = Lst {
                snapshot_proposal: B256::repeat_byte(0xc3),
                ..LST_C
            };
            ok(e.by(c.applicant).submit_application(
                c.name,
                c.metadata_uri,
                c.content_hash,
                c.snapshot_space,
                c.snapshot_proposal,
                c.staking_contract,
            ))
        }),
        ("withdraw_application", mid_program, |e| {
            e.by(APPLICANT_D).withdraw_application(4)
        }),
        ("finalise_round", before_finalise, |e| {
            e.by(STRANGER).finalise_round(ROUND_1)
        }),
        ("register_node", mid_program, |e| {
            ok(e.by(ADMIN).register_node(OPERATOR_3, SEQUENCER_4, "n4"))
        }),
        ("update_node", mid_program, |e| {
            e.by(OPERATOR_1)
                .update_node(NODE_1, OPERATOR_1, SEQUENCER_1, "new")
        }),
        ("pair", mid_program, |e| {
            ok(e.by(OPERATOR_3).pair(3, APP_A, metis(30_000), "a3"))
        }),
        ("unpair", mid_program, |e| {
            e.by(OPERATOR_1).unpair(NODE_1, "bye")
        }),
        ("set_stake_cap", mid_program, |e| {
            e.by(OPERATOR_1).set_stake_cap(NODE_1, metis(60_000))
        }),
        ("report_stake", mid_program, |e| {
            e.by(STAKING_A).report_stake(PAIRING_1, metis(1_000))
        }),
    ]
}

#[test]
fn a_paused_registry_rejects_every_program_flow_that_would_otherwise_succeed() {
    for (name, fixture, call) in cases() {
        let mut env = fixture();
        env.by(GUARDIAN).pause().unwrap();
        let before = storage(&env.vm);
        let logs = log_mark(&env.vm);
        assert_eq!(
            call(&mut env),
            Err(RegistryError::paused()),
            "{name} while paused"
        );
        assert_eq!(
            storage(&env.vm),
            before,
            "{name} changed storage while paused"
        );
        assert_eq!(log_mark(&env.vm), logs, "{name} emitted a log while paused");
        env.by(ADMIN).unpause().unwrap();
        assert_eq!(call(&mut env), Ok(()), "{name} after unpausing");
    }
}

#[test]
fn a_paused_registry_still_runs_every_recovery_call() {
    for (name, fixture, call) in recovery_cases() {
        let mut env = fixture();
        env.by(GUARDIAN).pause().unwrap();
        let before = storage(&env.vm);
        let logs = log_mark(&env.vm);
        assert_eq!(call(&mut env), Ok(()), "{name} while paused");
        assert_ne!(
            storage(&env.vm),
            before,
            "{name} wrote nothing while paused"
        );
        assert_eq!(log_mark(&env.vm), logs + 1, "{name} emits one log");
        assert!(env.reg.paused(), "{name} lifted the pause");
        // The flows still wait for the unpause.
        env.reverts(
            ADMIN,
            |r| r.set_vote_rules(metis(1), 1, 9_000, WINDOW),
            RegistryError::paused(),
        );
    }
}

#[test]
fn the_constructor_stays_closed_while_paused() {
    let mut env = configured();
    env.by(GUARDIAN).pause().unwrap();
    env.reverts(
        STRANGER,
        |r| r.constructor(STRANGER, VIEWS, ADMIN_PROGRAM),
        RegistryError::already_initialised(),
    );
}

#[test]
fn views_answer_while_paused() {
    let mut env = paired();
    env.by(GUARDIAN).pause().unwrap();
    assert!(env.reg.paused());
    assert_eq!(env.reg.eligibility(APP_A), (true, status::QUALIFIED));
    assert_eq!(env.reg.remaining_capacity(NODE_1), Ok(cap_1()));
    assert!(env
        .reg
        .tally_digest(APP_A, metis(1), metis(1), metis(1), 1)
        .is_ok());
    assert_eq!(env.reg.counts(), (1, 3, 2, 2));
}

#[test]
fn recovery_while_paused_replaces_every_key_with_its_events() {
    let mut env = configured();
    env.by(GUARDIAN).pause().unwrap();
    env.emits(
        ADMIN,
        |r| r.transfer_admin(NEW_ADMIN),
        &[log_of(&AdminTransferStarted {
            admin: ADMIN,
            pendingAdmin: NEW_ADMIN,
        })],
    );
    env.emits(
        NEW_ADMIN,
        |r| r.accept_admin(),
        &[log_of(&AdminTransferred {
            previousAdmin: ADMIN,
            newAdmin: NEW_ADMIN,
        })],
    );
    env.emits(
        NEW_ADMIN,
        |r| r.set_guardian(STRANGER),
        &[log_of(&GuardianChanged {
            previousGuardian: GUARDIAN,
            newGuardian: STRANGER,
        })],
    );
    let fresh = oracle_addresses(&[ORACLE_4]);
    let now = env.now();
    env.emits(
        NEW_ADMIN,
        |r| r.set_oracle_set(fresh.clone(), 1),
        &[log_of(&OracleSetChanged {
            epoch: 2,
            signers: fresh.clone(),
            threshold: 1,
            // Paused (the emergency path): the set in force is void at once, and the new
            // one waits the delay.
            effectiveAt: now + ORACLE_DELAY,
        })],
    );
    assert_eq!(
        (env.reg.admin(), env.reg.pending_admin(), env.reg.guardian()),
        (NEW_ADMIN, Address::ZERO, STRANGER)
    );
    assert_eq!(in_force(&env.reg), (vec![], 0, 0));
    env.at(now + ORACLE_DELAY);
    assert_eq!(in_force(&env.reg), (fresh, 1, 2));
    assert!(env.reg.paused(), "recovery does not lift the pause");

    // The program's settings still wait for the unpause.
    let rules = env.reg.rules();
    env.reverts(
        NEW_ADMIN,
        |r| r.set_snapshot_space("other.eth"),
        RegistryError::paused(),
    );
    env.reverts(
        NEW_ADMIN,
        |r| r.set_vote_rules(metis(1), 1, 9_000, WINDOW),
        RegistryError::paused(),
    );
    assert_eq!(env.reg.rules(), rules);
    env.by(NEW_ADMIN).unpause().unwrap();
    env.by(NEW_ADMIN).set_snapshot_space("other.eth").unwrap();
}

#[test]
fn recovery_while_paused_still_checks_its_caller_and_arguments() {
    let mut env = configured();
    env.by(ADMIN).transfer_admin(NEW_ADMIN).unwrap();
    env.by(GUARDIAN).pause().unwrap();
    // The caller is checked, not the pause: RegistryNotAdmin, never RegistryPaused.
    env.reverts(
        GUARDIAN,
        |r| r.transfer_admin(GUARDIAN),
        RegistryError::not_admin(GUARDIAN),
    );
    env.reverts(
        STRANGER,
        |r| r.accept_admin(),
        RegistryError::not_pending_admin(STRANGER, NEW_ADMIN),
    );
    env.reverts(
        GUARDIAN,
        |r| r.set_guardian(GUARDIAN),
        RegistryError::not_admin(GUARDIAN),
    );
    env.reverts(
        GUARDIAN,
        |r| r.set_oracle_set(oracle_addresses(&[ORACLE_4]), 1),
        RegistryError::not_admin(GUARDIAN),
    );
    env.reverts(
        ADMIN,
        |r| r.set_guardian(Address::ZERO),
        RegistryError::zero_address(field::GUARDIAN),
    );
    env.reverts(
        ADMIN,
        |r| r.set_oracle_set(oracle_addresses(&[ORACLE_1, ORACLE_2]), 1),
        RegistryError::invalid_oracle_set(U256::from(2), 1, U256::from(16)),
    );
}

#[test]
fn revoking_a_qualified_application_while_paused_ends_its_pairings() {
    let mut env = mid_program();
    env.by(GUARDIAN).pause().unwrap();
    let reason = "staking contract exploited";
    env.emits(
        ADMIN,
        |r| r.revoke_application(APP_A, reason),
        &[
            log_of(&ApplicationRevoked {
                roundId: ROUND_1,
                applicationId: APP_A,
                previousStatus: status::QUALIFIED,
                reason: reason.into(),
            }),
            log_of(&NodeUnpaired {
                nodeId: NODE_1,
                pairingId: PAIRING_1,
                by: ADMIN,
                reason: reason.into(),
                nonce: 3,
            }),
        ],
    );
    assert!(env.reg.paused(), "revoking does not lift the pause");
    assert_eq!(env.reg.eligibility(APP_A), (false, status::REVOKED));
    assert_eq!(env.reg.node(NODE_1).unwrap().2, 0);
    assert_eq!(env.reg.active_pairings(0, 10).0, vec![NODE_2]);
    // The flows, the operator's included, still wait for the unpause.
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_B, cap_1(), "u"),
        RegistryError::paused(),
    );
    env.by(ADMIN).unpause().unwrap();
    env.reverts(
        OPERATOR_1,
        |r| r.pair(NODE_1, APP_A, cap_1(), "u"),
        RegistryError::wrong_application_status(APP_A, status::REVOKED, status::QUALIFIED),
    );
    env.by(OPERATOR_1)
        .pair(NODE_1, APP_B, cap_1(), "u")
        .unwrap();
}

#[test]
fn revoking_while_paused_still_checks_its_caller_and_arguments() {
    let mut env = mid_program();
    env.by(GUARDIAN).pause().unwrap();
    // The caller is checked, not the pause: RegistryNotAdmin, never RegistryPaused.
    for who in [GUARDIAN, STRANGER, NEW_ADMIN] {
        env.reverts(
            who,
            |r| r.revoke_application(4, "exploit"),
            RegistryError::not_admin(who),
        );
    }
    env.reverts(
        ADMIN,
        |r| r.revoke_application(5, "exploit"),
        RegistryError::unknown_application(5),
    );
    env.reverts(
        ADMIN,
        |r| r.revoke_application(4, ""),
        RegistryError::invalid_length(field::REASON, U256::ZERO, U256::from(1), U256::from(256)),
    );
    assert_eq!(env.status_of(4), status::PENDING);
}
