//! The program's Snapshot space and the stake-cap bounds.

use alloy_primitives::U256;
use lst_registry::events::{SnapshotSpaceChanged, StakeCapBoundsChanged};
use lst_registry::RegistryError;

use crate::native::support::*;

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
fn set_stake_cap_bounds_keeps_the_pairing_count_that_shares_its_slot() {
    // Pairing ids are handed out from the count stored beside the bounds: a bounds change
    // that lost it would give the next pairing an id in use, over an existing record.
    let mut env = paired();
    env.by(ADMIN)
        .set_stake_cap_bounds(metis(10_000), metis(200_000))
        .unwrap();
    assert_eq!(env.reg.counts().3, 2);
    env.by(OPERATOR_1).unpair(NODE_1, "").unwrap();
    assert_eq!(
        env.by(OPERATOR_1)
            .pair(NODE_1, APP_A, metis(10_000), "https://a.example/again"),
        Ok(3)
    );
    assert_eq!(
        env.reg.pairing(PAIRING_1).unwrap().2,
        cap_1(),
        "pairing 1 kept"
    );
    assert_eq!(
        (env.reg.rules().4, env.reg.rules().5),
        (metis(10_000), metis(200_000)),
        "a pairing leaves the bounds"
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
