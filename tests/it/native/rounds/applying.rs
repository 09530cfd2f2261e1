//! Submitting and withdrawing applications.

use alloy_primitives::{Address, B256, U256};
use lst_registry::events::{ApplicationSubmitted, ApplicationWithdrawn};
use lst_registry::RegistryError;

use crate::native::support::*;

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
