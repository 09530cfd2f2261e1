//! The program's Snapshot space, one application per proposal, and one live application per
//! applicant and per staking contract.

use alloy_primitives::{keccak256, B256};
use lst_registry::events::SnapshotSpaceChanged;
use lst_registry::RegistryError;

use crate::native::support::*;

// ---- the program's Snapshot space and one application per proposal ---------------------------

/// A Snapshot proposal id of the fixtures' family `0xf0…n` (A, B, C and D use others).
fn proposal(n: u64) -> B256 {
    let mut id = B256::left_padding_from(&n.to_be_bytes());
    id[0] = 0xf0;
    id
}

/// Submits `lst` as its applicant, expecting `expected`; nothing changes.
#[track_caller]
pub(super) fn submission_rejected(env: &mut Env, lst: &Lst, expected: RegistryError) {
    let counts = env.reg.counts();
    let round = counts.0;
    let listed = env.reg.round_applications(round, 0, 200).unwrap();
    env.reverts(
        lst.applicant,
        |r| {
            r.submit_application(
                lst.name,
                lst.metadata_uri,
                lst.content_hash,
                lst.snapshot_space,
                lst.snapshot_proposal,
                lst.staking_contract,
            )
        },
        expected,
    );
    assert_eq!(env.reg.counts(), counts);
    assert_eq!(env.reg.round_applications(round, 0, 200).unwrap(), listed);
}

/// A word for word (content hash, texts, space, proposal), submitted by D with D's staking
/// contract.
pub(super) const CLONE_OF_A: Lst = Lst {
    applicant: APPLICANT_D,
    staking_contract: STAKING_D,
    ..LST_A
};

pub(super) fn proposal_used_by_a() -> RegistryError {
    RegistryError::proposal_used(LST_A.snapshot_proposal, APP_A)
}

#[test]
fn a_copy_of_an_application_is_refused_in_the_same_round() {
    let mut env = applications_submitted();
    submission_rejected(&mut env, &CLONE_OF_A, proposal_used_by_a());
    assert_eq!(env.reg.round(ROUND_1).unwrap().4, 3);
    // Even its own applicant cannot submit it twice.
    submission_rejected(&mut env, &LST_A, proposal_used_by_a());
}

#[test]
fn a_copy_of_an_application_is_refused_in_a_later_round() {
    let mut env = finalised();
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    submission_rejected(&mut env, &CLONE_OF_A, proposal_used_by_a());
    assert_eq!(env.reg.round(2).unwrap().4, 0);
    assert_eq!(env.reg.round_applications(2, 0, 10), Ok(vec![]));
    // Under a proposal of its own, the same content is welcome.
    let own = Lst {
        snapshot_proposal: proposal(1),
        ..CLONE_OF_A
    };
    assert_eq!(env.submit(&own), 4);
}

#[test]
fn a_copy_of_a_withdrawn_application_is_refused() {
    let mut env = applications_submitted();
    env.by(APPLICANT_A).withdraw_application(APP_A).unwrap();
    submission_rejected(&mut env, &CLONE_OF_A, proposal_used_by_a());
    submission_rejected(&mut env, &LST_A, proposal_used_by_a());
    assert_eq!(env.reg.round(ROUND_1).unwrap().4, 3);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    submission_rejected(&mut env, &CLONE_OF_A, proposal_used_by_a());
    submission_rejected(&mut env, &LST_A, proposal_used_by_a());
    assert_eq!(env.reg.counts(), (2, 3, 0, 0));
}

#[test]
fn submit_application_wants_the_programs_snapshot_space() {
    let mut env = round_open();
    let other = Lst {
        snapshot_space: "other.eth",
        ..LST_A
    };
    let wrong = |given: &str, program: &str| {
        RegistryError::wrong_snapshot_space(keccak256(given), keccak256(program))
    };
    submission_rejected(&mut env, &other, wrong("other.eth", SPACE));
    // Bytes, not a name: case and a trailing dot count.
    for near in ["Metislayer2.eth", "metislayer2.eth.", " metislayer2.eth"] {
        let near_lst = Lst {
            snapshot_space: near,
            ..LST_A
        };
        submission_rejected(&mut env, &near_lst, wrong(near, SPACE));
    }
    assert_eq!(env.submit(&LST_B), 1);

    env.emits(
        ADMIN,
        |r| r.set_snapshot_space("other.eth"),
        &[log_of(&SnapshotSpaceChanged {
            space: "other.eth".into(),
        })],
    );
    assert_eq!(env.reg.rules().7, b"other.eth");
    assert_eq!(env.submit(&other), 2);
    assert_eq!(env.reg.application(2).unwrap().9, "other.eth");
    submission_rejected(&mut env, &LST_C, wrong(SPACE, "other.eth"));
    // An application submitted before the change keeps its space, and its tally is signed
    // over it.
    assert_eq!(env.reg.application(1).unwrap().9, SPACE);
    env.attest(1, &votes_b(), &[ORACLE_1, ORACLE_2]);
    assert_eq!(env.status_of(1), status::TALLIED);
}

// ---- one live application per applicant and per staking contract -----------------------------

/// `lst` under a proposal of its own (a proposal backs one application, ever).
fn fresh(lst: &Lst, n: u64) -> Lst {
    Lst {
        snapshot_proposal: proposal(0x100 + n),
        ..lst.clone()
    }
}

#[test]
fn an_applicant_has_one_live_application_in_a_round() {
    let mut env = applications_submitted();
    // Another LST, another proposal, another staking contract: still A's second.
    let second = Lst {
        applicant: APPLICANT_A,
        ..fresh(&LST_D, 1)
    };
    submission_rejected(
        &mut env,
        &second,
        RegistryError::already_applied(APPLICANT_A, APP_A),
    );
    // Also once A's tally is attested: a tallied application is live.
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    submission_rejected(
        &mut env,
        &second,
        RegistryError::already_applied(APPLICANT_A, APP_A),
    );
    assert_eq!(env.reg.round(ROUND_1).unwrap().4, 3);
}

#[test]
fn a_staking_contract_has_one_live_application_in_a_round() {
    let mut env = applications_submitted();
    // D applies with A's staking contract.
    let with_a_staking = Lst {
        staking_contract: STAKING_A,
        ..fresh(&LST_D, 1)
    };
    submission_rejected(
        &mut env,
        &with_a_staking,
        RegistryError::already_applied(STAKING_A, APP_A),
    );
    // With its own, D is welcome.
    assert_eq!(env.submit(&fresh(&LST_D, 2)), 4);
    submission_rejected(
        &mut env,
        &Lst {
            applicant: STRANGER,
            ..fresh(&LST_D, 3)
        },
        RegistryError::already_applied(STAKING_D, 4),
    );
}

#[test]
fn the_applicant_is_checked_before_the_staking_contract() {
    let mut env = applications_submitted();
    // A again, with B's staking contract: both are taken, the applicant is named.
    let both = Lst {
        staking_contract: STAKING_B,
        ..fresh(&LST_A, 1)
    };
    submission_rejected(
        &mut env,
        &both,
        RegistryError::already_applied(APPLICANT_A, APP_A),
    );
    // A stranger with B's staking contract: the staking contract is named.
    let stranger = Lst {
        applicant: STRANGER,
        ..both
    };
    submission_rejected(
        &mut env,
        &stranger,
        RegistryError::already_applied(STAKING_B, APP_B),
    );
}

#[test]
fn the_two_roles_are_counted_apart() {
    // An applicant of one application may be the staking contract of another, and an account
    // may be its own staking contract.
    let mut env = applications_submitted();
    let staked_by_applicant_a = Lst {
        staking_contract: APPLICANT_A,
        ..fresh(&LST_D, 1)
    };
    assert_eq!(env.submit(&staked_by_applicant_a), 4);
    let own = Lst {
        applicant: STRANGER,
        staking_contract: STRANGER,
        ..fresh(&LST_D, 2)
    };
    assert_eq!(env.submit(&own), 5);
    submission_rejected(
        &mut env,
        &Lst {
            applicant: RELAYER,
            staking_contract: STRANGER,
            ..fresh(&LST_D, 3)
        },
        RegistryError::already_applied(STRANGER, 5),
    );
}

#[test]
fn after_withdrawing_the_applicant_and_its_staking_contract_apply_again() {
    let mut env = applications_submitted();
    env.by(APPLICANT_A).withdraw_application(APP_A).unwrap();
    // The withdrawn proposal still backs the withdrawn application: a new one is needed.
    submission_rejected(&mut env, &LST_A, proposal_used_by_a());
    assert_eq!(env.submit(&fresh(&LST_A, 1)), 4);
    let again = env.reg.application(4).unwrap();
    assert_eq!(
        (again.0, again.1, again.2, again.3),
        (ROUND_1, APPLICANT_A, STAKING_A, status::PENDING)
    );
    // And the new one is the live one now.
    submission_rejected(
        &mut env,
        &fresh(&LST_A, 2),
        RegistryError::already_applied(APPLICANT_A, 4),
    );
    submission_rejected(
        &mut env,
        &Lst {
            applicant: APPLICANT_D,
            ..fresh(&LST_A, 3)
        },
        RegistryError::already_applied(STAKING_A, 4),
    );
}

#[test]
fn after_a_revocation_the_applicant_and_its_staking_contract_apply_again() {
    // Pending: the proposal comes back too, so A reapplies with its own.
    let mut env = applications_submitted();
    env.by(ADMIN).revoke_application(APP_A, "resubmit").unwrap();
    assert_eq!(env.submit(&LST_A), 4);
    assert_eq!(env.reg.application(4).unwrap().6, LST_A.snapshot_proposal);
    // Tallied: the proposal stays with the revoked application; the accounts are free.
    let mut env = tallies_attested();
    env.by(ADMIN).revoke_application(APP_B, "exploit").unwrap();
    submission_rejected(
        &mut env,
        &LST_B,
        RegistryError::proposal_used(LST_B.snapshot_proposal, APP_B),
    );
    assert_eq!(env.submit(&fresh(&LST_B, 1)), 4);
    submission_rejected(
        &mut env,
        &fresh(&LST_B, 2),
        RegistryError::already_applied(APPLICANT_B, 4),
    );
}

#[test]
fn an_applicant_applies_again_in_a_later_round() {
    let mut env = finalised();
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    // A qualified in round 1; its applicant and staking contract apply to round 2.
    assert_eq!(env.submit(&fresh(&LST_A, 1)), 4);
    assert_eq!(env.reg.application(4).unwrap().0, 2);
    submission_rejected(
        &mut env,
        &fresh(&LST_A, 2),
        RegistryError::already_applied(APPLICANT_A, 4),
    );
    // A round closed with an application still pending does not hold its accounts either.
    let mut env = applications_submitted();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    assert_eq!(env.submit(&fresh(&LST_B, 1)), 4);
    assert_eq!(env.status_of(APP_B), status::PENDING);
}
