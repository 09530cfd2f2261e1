//! Stage 1: rounds, applications, finalisation, and the vote rules at their boundaries.

use alloy_primitives::{keccak256, Address, B256, U256};
use lst_registry::events::{
    ApplicationFailed, ApplicationPassed, ApplicationQualified, ApplicationRevoked,
    ApplicationSubmitted, ApplicationWithdrawn, RoundClosed, RoundFinalised, RoundOpened,
    SnapshotSpaceChanged, VoteRulesChanged,
};
use lst_registry::RegistryError;

use crate::support::*;

// ---- opening ---------------------------------------------------------------------------------

#[test]
fn open_round_opens_round_1() {
    let mut env = configured();
    let id = env.emits(
        ADMIN,
        |r| r.open_round(SLOTS, DEADLINE),
        &[log_of(&RoundOpened {
            roundId: 1,
            slots: SLOTS,
            deadline: DEADLINE,
            phase: phase::ALPHA,
        })],
    );
    assert_eq!(id, ROUND_1);
    assert_eq!(
        env.reg.round(ROUND_1),
        Ok((
            SLOTS,
            round_status::OPEN,
            phase::ALPHA,
            1,
            0,
            0,
            0,
            0,
            0,
            DEADLINE,
            ATTESTATION_DEADLINE,
            default_round_rules()
        ))
    );
    assert_eq!(env.reg.counts(), (1, 0, 0, 0));
}

#[test]
fn open_round_takes_1_to_32_slots() {
    let mut env = configured();
    env.reverts(
        ADMIN,
        |r| r.open_round(0, DEADLINE),
        RegistryError::invalid_round_config(0, DEADLINE, T0, 32),
    );
    env.reverts(
        ADMIN,
        |r| r.open_round(33, DEADLINE),
        RegistryError::invalid_round_config(33, DEADLINE, T0, 32),
    );
    assert_eq!(env.by(ADMIN).open_round(32, DEADLINE), Ok(1));
    assert_eq!(env.reg.round(1).unwrap().0, 32);
}

#[test]
fn open_round_takes_a_deadline_after_now_only() {
    let mut env = configured();
    env.reverts(
        ADMIN,
        |r| r.open_round(1, T0),
        RegistryError::invalid_round_config(1, T0, T0, 32),
    );
    env.reverts(
        ADMIN,
        |r| r.open_round(1, T0 - 1),
        RegistryError::invalid_round_config(1, T0 - 1, T0, 32),
    );
    assert_eq!(env.by(ADMIN).open_round(1, T0 + 1), Ok(1));
}

#[test]
fn open_round_waits_for_the_previous_round_to_close() {
    let mut env = round_open();
    env.reverts(
        ADMIN,
        |r| r.open_round(1, DEADLINE + DAY),
        RegistryError::wrong_round_status(ROUND_1, round_status::OPEN, round_status::CLOSED),
    );
    // Even past its deadline a round is open until someone closes it.
    env.at(DEADLINE + 1);
    env.reverts(
        ADMIN,
        |r| r.open_round(1, DEADLINE + DAY),
        RegistryError::wrong_round_status(ROUND_1, round_status::OPEN, round_status::CLOSED),
    );
}

#[test]
fn a_later_round_continues_application_ids_and_records_its_phase() {
    let mut env = applications_submitted();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(ADMIN).advance_phase(phase::THROUGHPUT).unwrap();
    env.emits(
        ADMIN,
        |r| r.open_round(3, DEADLINE + DAY),
        &[log_of(&RoundOpened {
            roundId: 2,
            slots: 3,
            deadline: DEADLINE + DAY,
            phase: phase::THROUGHPUT,
        })],
    );
    assert_eq!(env.submit(&LST_D), 4);
    assert_eq!(
        env.reg.round(2),
        Ok((
            3,
            round_status::OPEN,
            phase::THROUGHPUT,
            4,
            1,
            1,
            0,
            0,
            0,
            DEADLINE + DAY,
            ATTESTATION_DEADLINE + DAY,
            default_round_rules()
        ))
    );
    assert_eq!(env.reg.round_applications(2, 0, 10), Ok(vec![4]));
    assert_eq!(env.reg.application(4).unwrap().0, 2);
    assert_eq!(env.reg.counts(), (2, 4, 0, 0));
}

#[test]
fn open_round_is_for_the_admin_only() {
    let mut env = configured();
    env.reverts(
        GUARDIAN,
        |r| r.open_round(1, DEADLINE),
        RegistryError::not_admin(GUARDIAN),
    );
}

// ---- closing ---------------------------------------------------------------------------------

#[test]
fn admin_closes_a_round_before_its_deadline() {
    let mut env = applications_submitted();
    env.by(APPLICANT_B).withdraw_application(APP_B).unwrap();
    // The event counts every application submitted, the withdrawn one included.
    env.emits(
        ADMIN,
        |r| r.close_round(ROUND_1),
        &[log_of(&RoundClosed {
            roundId: ROUND_1,
            applications: 3,
        })],
    );
    assert_eq!(env.reg.round(ROUND_1).unwrap().1, round_status::CLOSED);
}

#[test]
fn anyone_closes_a_round_after_its_deadline_but_not_at_it() {
    let mut env = applications_submitted();
    env.reverts(
        STRANGER,
        |r| r.close_round(ROUND_1),
        RegistryError::deadline(ROUND_1, DEADLINE, T0),
    );
    env.at(DEADLINE);
    env.reverts(
        STRANGER,
        |r| r.close_round(ROUND_1),
        RegistryError::deadline(ROUND_1, DEADLINE, DEADLINE),
    );
    env.at(DEADLINE + 1);
    env.emits(
        STRANGER,
        |r| r.close_round(ROUND_1),
        &[log_of(&RoundClosed {
            roundId: ROUND_1,
            applications: 3,
        })],
    );
}

#[test]
fn close_round_rejects_an_unknown_round() {
    let mut env = round_open();
    env.reverts(ADMIN, |r| r.close_round(0), RegistryError::unknown_round(0));
    env.reverts(ADMIN, |r| r.close_round(2), RegistryError::unknown_round(2));
    env.reverts(
        ADMIN,
        |r| r.close_round(u64::MAX),
        RegistryError::unknown_round(u64::MAX),
    );
}

#[test]
fn close_round_rejects_a_round_that_is_not_open() {
    let mut env = round_open();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.reverts(
        ADMIN,
        |r| r.close_round(ROUND_1),
        RegistryError::wrong_round_status(ROUND_1, round_status::CLOSED, round_status::OPEN),
    );
}

// ---- applying --------------------------------------------------------------------------------

#[test]
fn submit_application_records_the_application() {
    let mut env = round_open();
    let event = ApplicationSubmitted {
        roundId: ROUND_1,
        applicationId: APP_A,
        applicant: APPLICANT_A,
        stakingContract: STAKING_A,
        contentHash: LST_A.content_hash,
        snapshotProposal: LST_A.snapshot_proposal,
    };
    let id = env.emits(
        APPLICANT_A,
        |r| {
            r.submit_application(
                LST_A.name,
                LST_A.metadata_uri,
                LST_A.content_hash,
                LST_A.snapshot_space,
                LST_A.snapshot_proposal,
                LST_A.staking_contract,
            )
        },
        &[log_of(&event)],
    );
    assert_eq!(id, APP_A);
    assert_eq!(
        env.reg.application(APP_A),
        Ok((
            ROUND_1,
            APPLICANT_A,
            STAKING_A,
            status::PENDING,
            0,
            LST_A.content_hash,
            LST_A.snapshot_proposal,
            LST_A.name.to_string(),
            LST_A.metadata_uri.to_string(),
            LST_A.snapshot_space.to_string(),
        ))
    );
    assert_eq!(
        env.reg.application_tally(APP_A),
        Ok((U256::ZERO, U256::ZERO, U256::ZERO, 0, 0))
    );
    assert_eq!(env.reg.eligibility(APP_A), (false, status::PENDING));
    assert_eq!(
        env.reg.round(ROUND_1),
        Ok((
            SLOTS,
            round_status::OPEN,
            0,
            1,
            1,
            1,
            0,
            0,
            0,
            DEADLINE,
            ATTESTATION_DEADLINE,
            default_round_rules()
        ))
    );
    assert_eq!(env.reg.counts(), (1, 1, 0, 0));
}

#[test]
fn submit_application_keeps_texts_at_their_longest_byte_for_byte() {
    let mut env = round_open();
    let name = "n".repeat(63) + "N";
    let uri = format!("ipfs://{}", "u".repeat(249));
    let space = "s".repeat(60) + ".eth";
    assert_eq!((name.len(), uri.len(), space.len()), (64, 256, 64));
    env.by(ADMIN).set_snapshot_space(&space).unwrap();
    env.vm.set_sender(APPLICANT_A);
    let id = env
        .reg
        .submit_application(
            &name,
            &uri,
            LST_A.content_hash,
            &space,
            LST_A.snapshot_proposal,
            STAKING_A,
        )
        .unwrap();
    let app = env.reg.application(id).unwrap();
    assert_eq!((app.7, app.8, app.9), (name, uri, space));
}

#[test]
fn submit_application_keeps_multibyte_texts() {
    let mut env = round_open();
    let name = "Métis ⚡ staked";
    env.by(ADMIN).set_snapshot_space("ünï.eth").unwrap();
    env.vm.set_sender(APPLICANT_A);
    let id = env
        .reg
        .submit_application(
            name,
            "ipfs://é",
            LST_A.content_hash,
            "ünï.eth",
            LST_A.snapshot_proposal,
            STAKING_A,
        )
        .unwrap();
    let app = env.reg.application(id).unwrap();
    assert_eq!(
        (app.7.as_str(), app.8.as_str(), app.9.as_str()),
        (name, "ipfs://é", "ünï.eth")
    );
}

/// Submits `lst` with one text replaced, expecting `expected`.
#[track_caller]
fn submit_rejected(env: &mut Env, name: &str, uri: &str, space: &str, expected: RegistryError) {
    let lst = LST_A;
    env.reverts(
        lst.applicant,
        |r| {
            r.submit_application(
                name,
                uri,
                lst.content_hash,
                space,
                lst.snapshot_proposal,
                lst.staking_contract,
            )
        },
        expected,
    );
}

fn length(field: u8, len: usize, min: usize, max: usize) -> RegistryError {
    RegistryError::invalid_length(field, U256::from(len), U256::from(min), U256::from(max))
}

#[test]
fn submit_application_takes_a_name_of_1_to_64_bytes() {
    let mut env = round_open();
    submit_rejected(
        &mut env,
        "",
        LST_A.metadata_uri,
        LST_A.snapshot_space,
        length(field::NAME, 0, 1, 64),
    );
    submit_rejected(
        &mut env,
        &"x".repeat(65),
        LST_A.metadata_uri,
        LST_A.snapshot_space,
        length(field::NAME, 65, 1, 64),
    );
    // Bytes, not characters: 33 two-byte characters are 66 bytes.
    submit_rejected(
        &mut env,
        &"é".repeat(33),
        LST_A.metadata_uri,
        LST_A.snapshot_space,
        length(field::NAME, 66, 1, 64),
    );
    env.vm.set_sender(APPLICANT_A);
    let id = env
        .reg
        .submit_application(
            &"é".repeat(32),
            "u",
            LST_A.content_hash,
            SPACE,
            LST_A.snapshot_proposal,
            STAKING_A,
        )
        .unwrap();
    assert_eq!(env.reg.application(id).unwrap().7, "é".repeat(32));
    // One live application per applicant: the one-byte name comes from another.
    env.vm.set_sender(APPLICANT_B);
    let id = env
        .reg
        .submit_application(
            "x",
            "u",
            LST_A.content_hash,
            SPACE,
            LST_B.snapshot_proposal,
            STAKING_B,
        )
        .unwrap();
    assert_eq!(env.reg.application(id).unwrap().7, "x");
}

#[test]
fn submit_application_takes_a_metadata_uri_of_1_to_256_bytes() {
    let mut env = round_open();
    submit_rejected(
        &mut env,
        LST_A.name,
        "",
        LST_A.snapshot_space,
        length(field::METADATA_URI, 0, 1, 256),
    );
    submit_rejected(
        &mut env,
        LST_A.name,
        &"u".repeat(257),
        LST_A.snapshot_space,
        length(field::METADATA_URI, 257, 1, 256),
    );
}

#[test]
fn submit_application_takes_a_snapshot_space_of_1_to_64_bytes() {
    let mut env = round_open();
    submit_rejected(
        &mut env,
        LST_A.name,
        LST_A.metadata_uri,
        "",
        length(field::SNAPSHOT_SPACE, 0, 1, 64),
    );
    submit_rejected(
        &mut env,
        LST_A.name,
        LST_A.metadata_uri,
        &"s".repeat(65),
        length(field::SNAPSHOT_SPACE, 65, 1, 64),
    );
}

#[test]
fn submit_application_rejects_zero_hashes_and_a_zero_staking_contract() {
    let mut env = round_open();
    let a = LST_A;
    env.reverts(
        APPLICANT_A,
        |r| {
            r.submit_application(
                a.name,
                a.metadata_uri,
                B256::ZERO,
                a.snapshot_space,
                a.snapshot_proposal,
                a.staking_contract,
            )
        },
        RegistryError::zero_hash(field::CONTENT_HASH),
    );
    env.reverts(
        APPLICANT_A,
        |r| {
            r.submit_application(
                a.name,
                a.metadata_uri,
                a.content_hash,
                a.snapshot_space,
                B256::ZERO,
                a.staking_contract,
            )
        },
        RegistryError::zero_hash(field::SNAPSHOT_PROPOSAL),
    );
    env.reverts(
        APPLICANT_A,
        |r| {
            r.submit_application(
                a.name,
                a.metadata_uri,
                a.content_hash,
                a.snapshot_space,
                a.snapshot_proposal,
                Address::ZERO,
            )
        },
        RegistryError::zero_address(field::STAKING_CONTRACT),
    );
}

#[test]
fn submit_application_needs_an_open_round() {
    let mut env = configured();
    let a = LST_A;
    let submit = |r: &mut lst_registry::LstRegistry| {
        r.submit_application(
            a.name,
            a.metadata_uri,
            a.content_hash,
            a.snapshot_space,
            a.snapshot_proposal,
            a.staking_contract,
        )
    };
    env.reverts(APPLICANT_A, submit, RegistryError::no_open_round());
    env.by(ADMIN).open_round(1, DEADLINE).unwrap();
    env.by(ADMIN).close_round(1).unwrap();
    env.reverts(APPLICANT_A, submit, RegistryError::no_open_round());
}

#[test]
fn submit_application_is_open_until_the_deadline_inclusive() {
    let mut env = round_open();
    env.at(DEADLINE);
    env.submit(&LST_A);
    env.at(DEADLINE + 1);
    let b = LST_B;
    env.reverts(
        APPLICANT_B,
        |r| {
            r.submit_application(
                b.name,
                b.metadata_uri,
                b.content_hash,
                b.snapshot_space,
                b.snapshot_proposal,
                b.staking_contract,
            )
        },
        RegistryError::deadline(ROUND_1, DEADLINE, DEADLINE + 1),
    );
}

#[test]
fn a_round_holds_at_most_128_applications_withdrawn_ones_included() {
    let mut env = round_open();
    for expected in 1..=128u64 {
        assert_eq!(env.submit(&nth_lst(expected)), expected);
    }
    env.by(nth_lst(1).applicant)
        .withdraw_application(1)
        .unwrap();
    let b = LST_B;
    env.reverts(
        APPLICANT_B,
        |r| {
            r.submit_application(
                b.name,
                b.metadata_uri,
                b.content_hash,
                b.snapshot_space,
                b.snapshot_proposal,
                b.staking_contract,
            )
        },
        RegistryError::round_full(ROUND_1, 128),
    );
    assert_eq!(env.reg.round(ROUND_1).unwrap().4, 128);
    assert_eq!(env.reg.round(ROUND_1).unwrap().5, 127);
}

/// A Snapshot proposal id of the fixtures' family `0xf0…n` (A, B, C and D use others).
fn proposal(n: u64) -> B256 {
    let mut id = B256::left_padding_from(&n.to_be_bytes());
    id[0] = 0xf0;
    id
}

// ---- the program's Snapshot space and one application per proposal ---------------------------

/// Submits `lst` as its applicant, expecting `expected`; nothing changes.
#[track_caller]
fn submission_rejected(env: &mut Env, lst: &Lst, expected: RegistryError) {
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
const CLONE_OF_A: Lst = Lst {
    applicant: APPLICANT_D,
    staking_contract: STAKING_D,
    ..LST_A
};

fn proposal_used_by_a() -> RegistryError {
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

// ---- withdrawing -----------------------------------------------------------------------------

#[test]
fn applicant_withdraws_a_pending_application() {
    let mut env = applications_submitted();
    env.emits(
        APPLICANT_B,
        |r| r.withdraw_application(APP_B),
        &[log_of(&ApplicationWithdrawn {
            roundId: ROUND_1,
            applicationId: APP_B,
        })],
    );
    assert_eq!(env.reg.eligibility(APP_B), (false, status::WITHDRAWN));
    let round = env.reg.round(ROUND_1).unwrap();
    assert_eq!(
        (round.4, round.5),
        (3, 2),
        "applications stay 3, live drops to 2"
    );
    assert_eq!(
        env.reg.round_applications(ROUND_1, 0, 10),
        Ok(vec![1, 2, 3])
    );
}

#[test]
fn applicant_withdraws_after_the_round_closed_while_untallied() {
    let mut env = applications_submitted();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.by(APPLICANT_C).withdraw_application(APP_C).unwrap();
    assert_eq!(env.status_of(APP_C), status::WITHDRAWN);
}

#[test]
fn withdraw_application_is_for_its_applicant_only() {
    let mut env = applications_submitted();
    env.reverts(
        APPLICANT_A,
        |r| r.withdraw_application(APP_B),
        RegistryError::not_applicant(APP_B, APPLICANT_A),
    );
    env.reverts(
        ADMIN,
        |r| r.withdraw_application(APP_B),
        RegistryError::not_applicant(APP_B, ADMIN),
    );
}

#[test]
fn withdraw_application_rejects_an_unknown_application() {
    let mut env = applications_submitted();
    env.reverts(
        APPLICANT_A,
        |r| r.withdraw_application(0),
        RegistryError::unknown_application(0),
    );
    env.reverts(
        APPLICANT_A,
        |r| r.withdraw_application(4),
        RegistryError::unknown_application(4),
    );
}

#[test]
fn withdraw_application_rejects_a_tallied_or_withdrawn_application() {
    let mut env = tallies_attested();
    env.reverts(
        APPLICANT_A,
        |r| r.withdraw_application(APP_A),
        RegistryError::wrong_application_status(APP_A, status::TALLIED, status::PENDING),
    );
    let mut env = applications_submitted();
    env.by(APPLICANT_A).withdraw_application(APP_A).unwrap();
    env.reverts(
        APPLICANT_A,
        |r| r.withdraw_application(APP_A),
        RegistryError::wrong_application_status(APP_A, status::WITHDRAWN, status::PENDING),
    );
}

// ---- finalising ------------------------------------------------------------------------------

#[test]
fn finalise_round_qualifies_the_top_slots_and_ranks_the_rest() {
    let mut env = tallies_attested();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: APP_A,
                rank: 1,
            }),
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: APP_B,
                rank: 2,
            }),
            log_of(&ApplicationPassed {
                roundId: ROUND_1,
                applicationId: APP_C,
                rank: 3,
            }),
            log_of(&RoundFinalised {
                roundId: ROUND_1,
                passed: 3,
                qualified: 2,
            }),
        ],
    );
    assert_eq!(
        env.reg.round(ROUND_1),
        Ok((
            SLOTS,
            round_status::FINALISED,
            0,
            1,
            3,
            3,
            3,
            3,
            2,
            DEADLINE,
            ATTESTATION_DEADLINE,
            default_round_rules()
        ))
    );
    assert_eq!(env.reg.eligibility(APP_A), (true, status::QUALIFIED));
    assert_eq!(env.reg.eligibility(APP_B), (true, status::QUALIFIED));
    assert_eq!(env.reg.eligibility(APP_C), (false, status::NOT_SELECTED));
    assert_eq!(
        (env.rank_of(APP_A), env.rank_of(APP_B), env.rank_of(APP_C)),
        (1, 2, 3)
    );
}

#[test]
fn finalise_round_needs_a_closed_round() {
    let mut env = tallies_attested();
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::wrong_round_status(ROUND_1, round_status::OPEN, round_status::CLOSED),
    );
    env.close_and_finalise(ROUND_1);
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::wrong_round_status(ROUND_1, round_status::FINALISED, round_status::CLOSED),
    );
}

#[test]
fn finalise_round_rejects_an_unknown_round() {
    let mut env = configured();
    env.reverts(
        STRANGER,
        |r| r.finalise_round(1),
        RegistryError::unknown_round(1),
    );
    env.reverts(
        STRANGER,
        |r| r.finalise_round(0),
        RegistryError::unknown_round(0),
    );
}

#[test]
fn finalise_round_waits_for_every_live_tally() {
    let mut env = applications_submitted();
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.attest(APP_C, &votes_c(), &[ORACLE_1, ORACLE_2]);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::tallies_missing(ROUND_1, 2, 3),
    );
    // Once the untallied one is withdrawn, nothing is missing.
    env.by(APPLICANT_B).withdraw_application(APP_B).unwrap();
    env.by(STRANGER).finalise_round(ROUND_1).unwrap();
}

#[test]
fn finalise_round_skips_withdrawn_applications() {
    let mut env = applications_submitted();
    env.by(APPLICANT_A).withdraw_application(APP_A).unwrap();
    env.attest(APP_B, &votes_b(), &[ORACLE_1, ORACLE_2]);
    env.attest(APP_C, &votes_c(), &[ORACLE_1, ORACLE_2]);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: APP_B,
                rank: 1,
            }),
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: APP_C,
                rank: 2,
            }),
            log_of(&RoundFinalised {
                roundId: ROUND_1,
                passed: 2,
                qualified: 2,
            }),
        ],
    );
    assert_eq!(env.status_of(APP_A), status::WITHDRAWN);
    assert_eq!(env.rank_of(APP_A), 0);
}

#[test]
fn finalise_round_of_an_empty_round_qualifies_nobody() {
    let mut env = round_open();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[log_of(&RoundFinalised {
            roundId: ROUND_1,
            passed: 0,
            qualified: 0,
        })],
    );
}

#[test]
fn ranking_is_by_for_weight_with_ties_to_the_earlier_application() {
    let mut env = round_open();
    for lst in [&LST_A, &LST_B, &LST_C, &LST_D] {
        env.submit(lst);
    }
    // For weights: A 25k, B 30k, C 25k, D 30k; Against and Abstain favour the later ones to
    // show they do not rank.
    env.attest(1, &Votes::metis(25_000, 0, 0, 500), &[ORACLE_1, ORACLE_2]);
    env.attest(2, &Votes::metis(30_000, 0, 0, 500), &[ORACLE_1, ORACLE_2]);
    env.attest(
        3,
        &Votes::metis(25_000, 0, 9_000, 900),
        &[ORACLE_1, ORACLE_2],
    );
    env.attest(
        4,
        &Votes::metis(30_000, 0, 9_000, 900),
        &[ORACLE_1, ORACLE_2],
    );
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: 2,
                rank: 1,
            }),
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: 4,
                rank: 2,
            }),
            log_of(&ApplicationPassed {
                roundId: ROUND_1,
                applicationId: 1,
                rank: 3,
            }),
            log_of(&ApplicationPassed {
                roundId: ROUND_1,
                applicationId: 3,
                rank: 4,
            }),
            log_of(&RoundFinalised {
                roundId: ROUND_1,
                passed: 4,
                qualified: 2,
            }),
        ],
    );
    assert_eq!(
        [1, 2, 3, 4].map(|id| env.status_of(id)),
        [
            status::NOT_SELECTED,
            status::QUALIFIED,
            status::NOT_SELECTED,
            status::QUALIFIED
        ]
    );
    assert_eq!([1, 2, 3, 4].map(|id| env.rank_of(id)), [3, 1, 4, 2]);
}

#[test]
fn ranking_separates_for_weights_one_wei_apart() {
    let mut env = round_open();
    env.submit(&LST_A);
    env.submit(&LST_B);
    env.attest(
        1,
        &Votes::wei(metis(25_000), U256::ZERO, U256::ZERO, 500),
        &[ORACLE_1, ORACLE_2],
    );
    env.attest(
        2,
        &Votes::wei(metis(25_000) + wei(1), U256::ZERO, U256::ZERO, 500),
        &[ORACLE_1, ORACLE_2],
    );
    env.close_and_finalise(ROUND_1);
    assert_eq!((env.rank_of(1), env.rank_of(2)), (2, 1));
}

#[test]
fn failed_applications_get_no_rank_and_do_not_take_slots() {
    let mut env = round_open();
    for lst in [&LST_A, &LST_B, &LST_C] {
        env.submit(lst);
    }
    env.attest(
        1,
        &Votes::metis(90_000, 80_000, 0, 900),
        &[ORACLE_1, ORACLE_2],
    ); // most For, fails approval
    env.attest(2, &Votes::metis(20_000, 0, 0, 500), &[ORACLE_1, ORACLE_2]);
    env.attest(3, &Votes::metis(21_000, 0, 0, 499), &[ORACLE_1, ORACLE_2]); // fails voters
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            log_of(&ApplicationFailed {
                roundId: ROUND_1,
                applicationId: 1,
                reason: status::FAILED_APPROVAL,
            }),
            log_of(&ApplicationFailed {
                roundId: ROUND_1,
                applicationId: 3,
                reason: status::FAILED_VOTERS,
            }),
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: 2,
                rank: 1,
            }),
            log_of(&RoundFinalised {
                roundId: ROUND_1,
                passed: 1,
                qualified: 1,
            }),
        ],
    );
    assert_eq!([1, 2, 3].map(|id| env.rank_of(id)), [0, 1, 0]);
    assert_eq!(env.reg.round(ROUND_1).unwrap().8, 1);
}

#[test]
fn fewer_passed_than_slots_all_qualify() {
    let mut env = configured();
    env.by(ADMIN).open_round(5, DEADLINE).unwrap();
    env.submit(&LST_A);
    env.submit(&LST_B);
    env.attest(1, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.attest(2, &votes_b(), &[ORACLE_1, ORACLE_2]);
    env.close_and_finalise(1);
    assert_eq!(env.reg.round(1).unwrap().7, 2);
    assert_eq!(env.reg.round(1).unwrap().8, 2);
    assert_eq!(
        [1, 2].map(|id| env.status_of(id)),
        [status::QUALIFIED, status::QUALIFIED]
    );
}

// ---- the attestation window ------------------------------------------------------------------

#[test]
fn finalise_round_waits_for_a_missing_tally_until_the_attestation_deadline_inclusive() {
    let mut env = applications_submitted();
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.attest(APP_C, &votes_c(), &[ORACLE_1, ORACLE_2]);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    for now in [DEADLINE + 1, ATTESTATION_DEADLINE - 1, ATTESTATION_DEADLINE] {
        env.at(now);
        env.reverts(
            STRANGER,
            |r| r.finalise_round(ROUND_1),
            RegistryError::tallies_missing(ROUND_1, 2, 3),
        );
    }
    env.at(ATTESTATION_DEADLINE + 1);
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            log_of(&ApplicationFailed {
                roundId: ROUND_1,
                applicationId: APP_B,
                reason: status::NOT_ATTESTED,
            }),
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: APP_A,
                rank: 1,
            }),
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: APP_C,
                rank: 2,
            }),
            log_of(&RoundFinalised {
                roundId: ROUND_1,
                passed: 2,
                qualified: 2,
            }),
        ],
    );
    assert_eq!(env.reg.eligibility(APP_B), (false, status::NOT_ATTESTED));
    assert_eq!(env.rank_of(APP_B), 0);
    assert_eq!(
        env.reg.application_tally(APP_B),
        Ok((U256::ZERO, U256::ZERO, U256::ZERO, 0, 0))
    );
    let round = env.reg.round(ROUND_1).unwrap();
    // Live 3, tallied 2: the NotAttested application never had a tally.
    assert_eq!(
        (round.1, round.5, round.6, round.7, round.8),
        (round_status::FINALISED, 3, 2, 2, 2)
    );
    // The oracles are too late for good now.
    let late = env.sign(APP_B, &votes_b(), &[ORACLE_1, ORACLE_2]);
    env.reverts(
        RELAYER,
        |r| {
            let v = votes_b();
            r.attest_tally(
                APP_B,
                v.for_votes,
                v.against_votes,
                v.abstain_votes,
                v.voters,
                &late,
            )
        },
        RegistryError::wrong_application_status(APP_B, status::NOT_ATTESTED, status::PENDING),
    );
    env.reverts(
        APPLICANT_B,
        |r| r.withdraw_application(APP_B),
        RegistryError::wrong_application_status(APP_B, status::NOT_ATTESTED, status::PENDING),
    );
}

#[test]
fn unattested_applications_fail_in_id_order_among_the_other_failures() {
    let mut env = round_open();
    for lst in [&LST_A, &LST_B, &LST_C, &LST_D] {
        env.submit(lst);
    }
    // A fails approval, B and D are never attested, C passes.
    env.attest(
        1,
        &Votes::metis(90_000, 80_000, 0, 900),
        &[ORACLE_1, ORACLE_2],
    );
    env.attest(3, &votes_c(), &[ORACLE_1, ORACLE_2]);
    env.at(ATTESTATION_DEADLINE + 1);
    env.by(STRANGER).close_round(ROUND_1).unwrap();
    let failed = |id, reason| {
        log_of(&ApplicationFailed {
            roundId: ROUND_1,
            applicationId: id,
            reason,
        })
    };
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            failed(1, status::FAILED_APPROVAL),
            failed(2, status::NOT_ATTESTED),
            failed(4, status::NOT_ATTESTED),
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: 3,
                rank: 1,
            }),
            log_of(&RoundFinalised {
                roundId: ROUND_1,
                passed: 1,
                qualified: 1,
            }),
        ],
    );
    assert_eq!(
        [1, 2, 3, 4].map(|id| env.status_of(id)),
        [
            status::FAILED_APPROVAL,
            status::NOT_ATTESTED,
            status::QUALIFIED,
            status::NOT_ATTESTED
        ]
    );
}

#[test]
fn a_round_whose_only_application_is_unattested_finalises_with_none_passed() {
    let mut env = round_open();
    env.submit(&LST_A);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.at(ATTESTATION_DEADLINE);
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::tallies_missing(ROUND_1, 0, 1),
    );
    env.at(ATTESTATION_DEADLINE + 1);
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            log_of(&ApplicationFailed {
                roundId: ROUND_1,
                applicationId: APP_A,
                reason: status::NOT_ATTESTED,
            }),
            log_of(&RoundFinalised {
                roundId: ROUND_1,
                passed: 0,
                qualified: 0,
            }),
        ],
    );
    let round = env.reg.round(ROUND_1).unwrap();
    assert_eq!((round.1, round.7, round.8), (round_status::FINALISED, 0, 0));
    assert_eq!(env.reg.eligibility(APP_A), (false, status::NOT_ATTESTED));
}

#[test]
fn a_round_finalises_after_the_window_of_the_rules_it_opened_under() {
    // Opened under a one-day window; a 90-day window set afterwards does not hold it longer.
    let mut env = configured();
    env.by(ADMIN)
        .set_vote_rules(metis(20_000), 500, 8_000, MIN_WINDOW)
        .unwrap();
    env.by(ADMIN).open_round(SLOTS, DEADLINE).unwrap();
    env.submit(&LST_A);
    env.by(ADMIN)
        .set_vote_rules(metis(20_000), 500, 8_000, MAX_WINDOW)
        .unwrap();
    let round = env.reg.round(ROUND_1).unwrap();
    assert_eq!((round.10, round.11 .3), (DEADLINE + DAY, MIN_WINDOW));
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.at(DEADLINE + DAY);
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::tallies_missing(ROUND_1, 0, 1),
    );
    env.at(DEADLINE + DAY + 1);
    env.by(STRANGER).finalise_round(ROUND_1).unwrap();
    assert_eq!(env.status_of(APP_A), status::NOT_ATTESTED);
}

#[test]
fn a_fully_tallied_round_finalises_before_its_attestation_deadline() {
    let mut env = tallies_attested();
    env.at(DEADLINE + 1);
    env.by(STRANGER).close_round(ROUND_1).unwrap();
    env.by(STRANGER).finalise_round(ROUND_1).unwrap();
    assert_eq!(env.reg.round(ROUND_1).unwrap().1, round_status::FINALISED);
}

// ---- revoking ----------------------------------------------------------------------------------

fn revoked_log(application: u64, previous: u8, reason: &str) -> (Vec<B256>, Vec<u8>) {
    log_of(&ApplicationRevoked {
        roundId: ROUND_1,
        applicationId: application,
        previousStatus: previous,
        reason: reason.into(),
    })
}

#[test]
fn a_revoked_pending_application_leaves_its_round() {
    let mut env = applications_submitted();
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.attest(APP_C, &votes_c(), &[ORACLE_1, ORACLE_2]);
    env.emits(
        ADMIN,
        |r| r.revoke_application(APP_B, "copied application"),
        &[revoked_log(APP_B, status::PENDING, "copied application")],
    );
    let round = env.reg.round(ROUND_1).unwrap();
    assert_eq!(
        (round.4, round.5, round.6),
        (3, 2, 2),
        "applications stay 3, live and tallied are 2"
    );
    // Nothing is missing now: the round finalises without B, which emits nothing.
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: APP_A,
                rank: 1,
            }),
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: APP_C,
                rank: 2,
            }),
            log_of(&RoundFinalised {
                roundId: ROUND_1,
                passed: 2,
                qualified: 2,
            }),
        ],
    );
    assert_eq!(env.reg.eligibility(APP_B), (false, status::REVOKED));
    assert_eq!(env.rank_of(APP_B), 0);
}

#[test]
fn a_revoked_pending_application_is_not_failed_as_unattested() {
    let mut env = applications_submitted();
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.by(ADMIN).revoke_application(APP_B, "exploit").unwrap();
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    // C is still missing: the round waits for it, not for B.
    env.reverts(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        RegistryError::tallies_missing(ROUND_1, 1, 2),
    );
    env.at(ATTESTATION_DEADLINE + 1);
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            log_of(&ApplicationFailed {
                roundId: ROUND_1,
                applicationId: APP_C,
                reason: status::NOT_ATTESTED,
            }),
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: APP_A,
                rank: 1,
            }),
            log_of(&RoundFinalised {
                roundId: ROUND_1,
                passed: 1,
                qualified: 1,
            }),
        ],
    );
    assert_eq!(env.status_of(APP_B), status::REVOKED);
}

#[test]
fn a_revoked_tallied_application_leaves_its_round() {
    // A has the most For weight; revoked, it neither ranks nor takes a slot.
    let mut env = tallies_attested();
    env.emits(
        ADMIN,
        |r| r.revoke_application(APP_A, "exploit"),
        &[revoked_log(APP_A, status::TALLIED, "exploit")],
    );
    let round = env.reg.round(ROUND_1).unwrap();
    assert_eq!((round.4, round.5, round.6), (3, 2, 2));
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: APP_B,
                rank: 1,
            }),
            log_of(&ApplicationQualified {
                roundId: ROUND_1,
                applicationId: APP_C,
                rank: 2,
            }),
            log_of(&RoundFinalised {
                roundId: ROUND_1,
                passed: 2,
                qualified: 2,
            }),
        ],
    );
    assert_eq!(env.reg.eligibility(APP_A), (false, status::REVOKED));
    assert_eq!(env.rank_of(APP_A), 0);
    assert_eq!(
        env.reg.application_tally(APP_A).unwrap().0,
        votes_a().for_votes,
        "the tally stays on record"
    );
}

#[test]
fn a_revoked_application_is_neither_withdrawn_nor_attested() {
    let mut env = applications_submitted();
    let votes = votes_a();
    let signatures = env.sign(APP_A, &votes, &[ORACLE_1, ORACLE_2]);
    env.by(ADMIN).revoke_application(APP_A, "exploit").unwrap();
    env.reverts(
        APPLICANT_A,
        |r| r.withdraw_application(APP_A),
        RegistryError::wrong_application_status(APP_A, status::REVOKED, status::PENDING),
    );
    env.attest_reverts(
        APP_A,
        &votes,
        &signatures,
        RegistryError::wrong_application_status(APP_A, status::REVOKED, status::PENDING),
    );
}

#[test]
fn revoking_a_squatter_gives_the_proposal_back_to_the_lst_that_ran_the_vote() {
    // D claims A's proposal first (before A applies): A is refused. The admin revokes D's
    // never-attested application, which releases the proposal, and A applies with it.
    let mut env = round_open();
    assert_eq!(env.submit(&CLONE_OF_A), 1);
    let taken = RegistryError::proposal_used(LST_A.snapshot_proposal, 1);
    submission_rejected(&mut env, &LST_A, taken);
    env.emits(
        ADMIN,
        |r| r.revoke_application(1, "squats Alpha's proposal"),
        &[revoked_log(1, status::PENDING, "squats Alpha's proposal")],
    );
    assert_eq!(env.submit(&LST_A), 2);
    let a = env.reg.application(2).unwrap();
    assert_eq!(
        (a.1, a.2, a.3, a.6),
        (
            APPLICANT_A,
            STAKING_A,
            status::PENDING,
            LST_A.snapshot_proposal
        )
    );
    // The revoked application keeps its record, proposal included.
    assert_eq!(env.reg.application(1).unwrap().6, LST_A.snapshot_proposal);
    // Now the proposal backs A's application: nobody else gets it.
    let again = Lst {
        applicant: STRANGER,
        staking_contract: STRANGER,
        ..CLONE_OF_A
    };
    submission_rejected(
        &mut env,
        &again,
        RegistryError::proposal_used(LST_A.snapshot_proposal, 2),
    );
    // And A's application is attested and qualifies as usual.
    env.attest(2, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.close_and_finalise(ROUND_1);
    assert_eq!(env.reg.eligibility(2), (true, status::QUALIFIED));
    assert_eq!(env.reg.eligibility(1), (false, status::REVOKED));
}

#[test]
fn revoking_an_attested_application_keeps_its_proposal_used() {
    // Tallied, then qualified: the vote was counted for it, and stays its own.
    let mut env = tallies_attested();
    env.by(ADMIN).revoke_application(APP_A, "exploit").unwrap();
    env.by(ADMIN).revoke_application(APP_B, "exploit").unwrap();
    submission_rejected(&mut env, &LST_A, proposal_used_by_a());
    env.close_and_finalise(ROUND_1);
    assert_eq!(env.status_of(APP_C), status::QUALIFIED);
    env.by(ADMIN).revoke_application(APP_C, "exploit").unwrap();
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    for (lst, id) in [(&LST_A, APP_A), (&LST_B, APP_B), (&LST_C, APP_C)] {
        submission_rejected(
            &mut env,
            lst,
            RegistryError::proposal_used(lst.snapshot_proposal, id),
        );
    }
    // Failed as unattested, then revoked: the proposal stays too.
    let mut env = round_open();
    env.submit(&LST_A);
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.at(ATTESTATION_DEADLINE + 1);
    env.by(STRANGER).finalise_round(ROUND_1).unwrap();
    env.emits(
        ADMIN,
        |r| r.revoke_application(APP_A, "exploit"),
        &[revoked_log(APP_A, status::NOT_ATTESTED, "exploit")],
    );
    env.by(ADMIN).open_round(1, T0 + 100 * DAY).unwrap();
    submission_rejected(&mut env, &LST_A, proposal_used_by_a());
}

// ---- the rules at their boundaries -----------------------------------------------------------

/// The status one application with `votes` ends in, alone in a fresh round.
fn decided(votes: Votes) -> u8 {
    let mut env = round_open();
    env.submit(&LST_A);
    env.attest(1, &votes, &[ORACLE_1, ORACLE_2]);
    env.close_and_finalise(ROUND_1);
    let status = env.status_of(1);
    if status >= status::FAILED_QUORUM {
        assert_emitted(
            &env.vm,
            &ApplicationFailed {
                roundId: ROUND_1,
                applicationId: 1,
                reason: status,
            },
        );
    }
    status
}

fn quorum() -> U256 {
    metis(20_000)
}

#[test]
fn quorum_met_exactly_passes() {
    assert_eq!(
        decided(Votes::metis(16_000, 4_000, 0, 500)),
        status::QUALIFIED
    );
}

#[test]
fn quorum_missed_by_one_wei_fails_quorum() {
    let votes = Votes::wei(metis(16_000), metis(4_000) - wei(1), U256::ZERO, 500);
    assert_eq!(votes.for_votes + votes.against_votes, quorum() - wei(1));
    assert_eq!(decided(votes), status::FAILED_QUORUM);
}

#[test]
fn abstain_counts_toward_quorum() {
    assert_eq!(
        decided(Votes::metis(8_000, 2_000, 10_000, 500)),
        status::QUALIFIED
    );
    assert_eq!(
        decided(Votes::wei(
            metis(8_000),
            metis(2_000),
            metis(10_000) - wei(1),
            500
        )),
        status::FAILED_QUORUM
    );
}

#[test]
fn abstain_does_not_count_toward_approval() {
    // 80 % less a wei of For + Against fails, however much abstains.
    let votes = Votes::wei(
        metis(16_000) - wei(1),
        metis(4_000) + wei(1),
        metis(1_000_000),
        500,
    );
    assert_eq!(decided(votes), status::FAILED_APPROVAL);
}

#[test]
fn four_hundred_ninety_nine_voters_fail_and_five_hundred_pass() {
    assert_eq!(
        decided(Votes::metis(20_000, 0, 0, 499)),
        status::FAILED_VOTERS
    );
    assert_eq!(decided(Votes::metis(20_000, 0, 0, 500)), status::QUALIFIED);
}

#[test]
fn exactly_eighty_percent_approval_passes() {
    assert_eq!(
        decided(Votes::metis(16_000, 4_000, 0, 500)),
        status::QUALIFIED
    );
    assert_eq!(
        decided(Votes::metis(80_000, 20_000, 5, 500)),
        status::QUALIFIED
    );
}

#[test]
fn just_below_eighty_percent_approval_fails_approval() {
    let votes = Votes::wei(
        metis(16_000) - wei(1),
        metis(4_000) + wei(1),
        U256::ZERO,
        500,
    );
    assert_eq!(votes.for_votes + votes.against_votes, quorum());
    assert_eq!(decided(votes), status::FAILED_APPROVAL);
}

#[test]
fn no_for_or_against_weight_fails_approval() {
    assert_eq!(
        decided(Votes::metis(0, 0, 20_000, 500)),
        status::FAILED_APPROVAL
    );
}

#[test]
fn quorum_is_judged_before_voters_and_voters_before_approval() {
    assert_eq!(decided(Votes::metis(1, 1_000, 0, 0)), status::FAILED_QUORUM);
    assert_eq!(
        decided(Votes::metis(1, 30_000, 0, 0)),
        status::FAILED_VOTERS
    );
}

#[test]
fn amounts_at_the_uint96_maximum_are_judged_without_overflow() {
    let max = max_amount();
    assert_eq!(
        decided(Votes::wei(max, max, max, u32::MAX)),
        status::FAILED_APPROVAL
    ); // 50 %
    assert_eq!(
        decided(Votes::wei(max, U256::ZERO, max, u32::MAX)),
        status::QUALIFIED
    );
}

#[test]
fn finalisation_applies_the_rules_in_force_when_the_round_opened() {
    // Exactly the default quorum: qualifies under the rules round 1 opened with, even though
    // a stricter quorum is in force by the time it is finalised.
    let votes = Votes::metis(16_000, 4_000, 0, 500);
    let mut env = round_open();
    env.submit(&LST_A);
    env.attest(1, &votes, &[ORACLE_1, ORACLE_2]);
    env.by(ADMIN)
        .set_vote_rules(quorum() + wei(1), 500, 8_000, WINDOW)
        .unwrap();
    assert_eq!(env.reg.round(ROUND_1).unwrap().11, default_round_rules());
    env.close_and_finalise(ROUND_1);
    assert_eq!(env.status_of(1), status::QUALIFIED);
    // Round 2, opened after the change, is decided by the stricter quorum.
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    assert_eq!(
        env.reg.round(2).unwrap().11,
        (quorum() + wei(1), 500, 8_000, WINDOW)
    );
    env.submit(&LST_B);
    env.attest(2, &votes, &[ORACLE_1, ORACLE_2]);
    env.close_and_finalise(2);
    assert_eq!(env.status_of(2), status::FAILED_QUORUM);
    assert_eq!(env.reg.round(ROUND_1).unwrap().11, default_round_rules());
}

#[test]
fn a_rules_change_after_a_round_opened_does_not_decide_it() {
    // 79 % approval at exactly the quorum and voter count: fails the 80 % in force at open.
    let votes = Votes::metis(15_800, 4_200, 0, 500);
    let mut env = round_open();
    env.submit(&LST_A);
    env.attest(1, &votes, &[ORACLE_1, ORACLE_2]);
    env.emits(
        ADMIN,
        |r| r.set_vote_rules(quorum(), 500, 7_500, WINDOW),
        &[log_of(&VoteRulesChanged {
            quorum: quorum(),
            minVoters: 500,
            approvalBps: 7_500,
            attestationWindow: WINDOW,
        })],
    );
    assert_eq!(env.reg.rules().2, 7_500);
    assert_eq!(env.reg.round(ROUND_1).unwrap().11, default_round_rules());
    env.by(ADMIN).close_round(ROUND_1).unwrap();
    env.emits(
        STRANGER,
        |r| r.finalise_round(ROUND_1),
        &[
            log_of(&ApplicationFailed {
                roundId: ROUND_1,
                applicationId: 1,
                reason: status::FAILED_APPROVAL,
            }),
            log_of(&RoundFinalised {
                roundId: ROUND_1,
                passed: 0,
                qualified: 0,
            }),
        ],
    );
    assert_eq!(env.reg.eligibility(1), (false, status::FAILED_APPROVAL));

    // The next round opens under 75 % and the same tally passes there.
    env.by(ADMIN).open_round(1, DEADLINE + DAY).unwrap();
    assert_eq!(env.reg.round(2).unwrap().11, (quorum(), 500, 7_500, WINDOW));
    env.submit(&LST_B);
    env.attest(2, &votes, &[ORACLE_1, ORACLE_2]);
    // A change while round 2 is open does not reach it either.
    env.by(ADMIN)
        .set_vote_rules(quorum(), 500, 9_000, WINDOW)
        .unwrap();
    env.close_and_finalise(2);
    assert_eq!(env.reg.eligibility(2), (true, status::QUALIFIED));
    assert_eq!(env.reg.round(2).unwrap().11, (quorum(), 500, 7_500, WINDOW));
    assert_eq!(env.reg.rules().2, 9_000);
}

// ---- views -----------------------------------------------------------------------------------

#[test]
fn round_applications_pages_through_a_round() {
    let env = applications_submitted();
    let page = |offset, limit| env.reg.round_applications(ROUND_1, offset, limit).unwrap();
    assert_eq!(page(0, 10), vec![1, 2, 3]);
    assert_eq!(page(0, 2), vec![1, 2]);
    assert_eq!(page(1, 1), vec![2]);
    assert_eq!(page(2, 10), vec![3]);
    assert_eq!(page(3, 10), Vec::<u64>::new());
    assert_eq!(page(1_000, 10), Vec::<u64>::new());
    assert_eq!(page(0, 0), Vec::<u64>::new());
    assert_eq!(page(1, u64::MAX), vec![2, 3]);
    assert_eq!(page(u64::MAX, u64::MAX), Vec::<u64>::new());
}

#[test]
fn round_views_reject_an_unknown_round() {
    let env = round_open();
    assert_eq!(env.reg.round(0), Err(RegistryError::unknown_round(0)));
    assert_eq!(env.reg.round(2), Err(RegistryError::unknown_round(2)));
    assert_eq!(
        env.reg.round_applications(2, 0, 1),
        Err(RegistryError::unknown_round(2))
    );
}

#[test]
fn application_views_reject_an_unknown_application() {
    let env = applications_submitted();
    assert_eq!(
        env.reg.application(0),
        Err(RegistryError::unknown_application(0))
    );
    assert_eq!(
        env.reg.application(4),
        Err(RegistryError::unknown_application(4))
    );
    assert_eq!(
        env.reg.application_tally(4),
        Err(RegistryError::unknown_application(4))
    );
    assert_eq!(env.reg.eligibility(4), (false, status::NONE));
    assert_eq!(env.reg.eligibility(0), (false, status::NONE));
}
