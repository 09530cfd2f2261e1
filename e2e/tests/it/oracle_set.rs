//! The oracle-set delay on the real WASM: a change made while the registry runs is scheduled
//! and takes effect `delay` seconds later, without a transaction (before, the old set still
//! attests and the new one is refused; from then on the reverse); the first set is in force
//! at once; a change while paused voids the set in force at once and still waits the delay,
//! also across an unpause; a change replacing a scheduled one takes a fresh epoch;
//! `setOracleSetDelay` keeps its bounds, its admin and the pause, and emits its event.

use alloy_primitives::{Address, U256};
use lst_registry_client::abi::{ILstRegistry as I, RegistryEvent};
use lst_registry_client::eip712;
use lst_registry_client::fixtures::{attest, digest_query, sorted};
use lst_registry_e2e::Registry;

use crate::common::*;

/// Bounds of the oracle-set delay.
const MIN_DELAY: u32 = 86_400;
const MAX_DELAY: u32 = 2_592_000;

/// Application 3 of [`populated`] (round 2, pending) and its tally.
const APP: u64 = 3;
const ROUND: u64 = 2;

/// Everything `oracleSet()` answers.
fn view(reg: &mut Registry) -> I::oracleSetReturn {
    reg.view(&I::oracleSetCall {}).expect("oracleSet")
}

/// The set in force: (signers, threshold, epoch).
fn in_force(reg: &mut Registry) -> (Vec<Address>, u8, u32) {
    let v = view(reg);
    (v.signers, v.threshold, v.epoch)
}

/// The scheduled change: (signers, threshold, epoch, time).
fn scheduled(reg: &mut Registry) -> (Vec<Address>, u8, u32, u64) {
    let v = view(reg);
    (v.nextSigners, v.nextThreshold, v.nextEpoch, v.nextAt)
}

/// Oracles `members` (threshold 2) replace the set; returns the event's `effectiveAt` after
/// checking the whole event.
fn change(reg: &mut Registry, members: &[usize], epoch: u32, effective_at: u64) -> Vec<Address> {
    let signers = sorted(&cast().oracle_refs(members));
    ok_with(
        reg,
        cast().admin.address,
        &I::setOracleSetCall {
            signers: signers.clone(),
            threshold: 2,
        },
        vec![I::OracleSetChanged {
            epoch,
            signers: signers.clone(),
            threshold: 2,
            effectiveAt: effective_at,
        }
        .into()],
    );
    signers
}

/// The address the first signature of `blob` recovers to over the digest of application 3
/// under `epoch`.
fn recovered(reg: &Registry, blob: &[u8], epoch: u32) -> Address {
    let domain = eip712::domain(reg.net().chain_id(), reg.address());
    let digest = eip712::digest(
        &cast()
            .lst(APP)
            .attestation(ROUND, APP, &tally_of(APP), epoch),
        &domain,
    );
    let first: [u8; 65] = blob[..65].try_into().expect("65 bytes");
    eip712::recover(&first, digest).expect("recovers")
}

/// Oracles `members` sign application 3's tally under `epoch`.
fn signed(reg: &Registry, epoch: u32, members: &[usize]) -> Vec<u8> {
    sign(reg, ROUND, APP, &tally_of(APP), epoch, members)
}

/// Attests application 3 with `blob`; it must succeed under `epoch`.
fn attests(reg: &mut Registry, blob: Vec<u8>, epoch: u32) {
    let tx = ok(
        reg,
        cast().relayer.address,
        &attest(APP, &tally_of(APP), blob),
    );
    assert!(
        matches!(&tx.events[..], [RegistryEvent::TallyAttested(e)] if e.oracleEpoch == epoch),
        "events {:?}",
        tx.events
    );
}

/// The index in the sorted bundle of oracles `members` of oracle `which`.
fn index_of(members: &[usize], which: usize) -> U256 {
    let position = sorted(&cast().oracle_refs(members))
        .iter()
        .position(|a| *a == cast().oracles[which].address())
        .expect("member");
    U256::from(position)
}

#[test]
fn a_change_is_not_in_force_before_the_delay_and_is_in_force_from_its_time() {
    let mut reg = populated();
    let old = in_force(&mut reg);
    assert_eq!((old.1, old.2), (2, 1));
    assert_eq!(view(&mut reg).delay, 172_800);
    // oracle 4 replaces oracle 3: scheduled two days ahead under epoch 2
    let now = reg.net().timestamp();
    let at = now + ORACLE_SET_DELAY;
    let new = change(&mut reg, &[0, 1, 3], 2, at);
    assert_eq!(in_force(&mut reg), old);
    assert_eq!(scheduled(&mut reg), (new.clone(), 2, 2, at));
    let relayer = cast().relayer.address;
    let t = tally_of(APP);

    // one second before its time (and in the change's own block): the old set is in force
    for when in [now, at - 1] {
        let mut before = reg.clone();
        before.net_mut().set_timestamp(when);
        assert_eq!(in_force(&mut before), old);
        assert_eq!(
            before.view(&digest_query(APP, &t)).expect("tallyDigest"),
            eip712::digest(
                &cast().lst(APP).attestation(ROUND, APP, &t, 1),
                &eip712::domain(before.net().chain_id(), before.address())
            ),
            "the digest binds epoch 1 until the change's time"
        );
        // the new set signing under its own epoch: the digest checked is epoch 1's, so the
        // signatures recover to unrelated addresses
        let early = signed(&before, 2, &[1, 3]);
        let stranger = recovered(&before, &early, 1);
        assert!(cast().oracles.iter().all(|o| o.address() != stranger));
        assert_reverts(
            &mut before,
            relayer,
            &attest(APP, &t, early),
            I::RegistryUnknownSigner {
                index: U256::ZERO,
                signer: stranger,
            },
        );
        // the new oracle signing under epoch 1: not a member of the set in force
        let outsider = signed(&before, 1, &[1, 3]);
        assert_reverts(
            &mut before,
            relayer,
            &attest(APP, &t, outsider),
            I::RegistryUnknownSigner {
                index: index_of(&[1, 3], 3),
                signer: cast().oracles[3].address(),
            },
        );
        // the old set still attests, under epoch 1 (oracle 3 included)
        let blob = signed(&before, 1, &[1, 2]);
        attests(&mut before, blob, 1);
    }

    // at its time, with no transaction: the new set is in force, nothing is scheduled
    reg.net_mut().set_timestamp(at);
    assert_eq!(in_force(&mut reg), (new, 2, 2));
    assert_eq!(scheduled(&mut reg), (vec![], 0, 0, 0));
    // the old set's signatures (epoch 1) recover to unrelated addresses
    let stale = signed(&reg, 1, &[0, 1]);
    let stranger = recovered(&reg, &stale, 2);
    assert_reverts(
        &mut reg,
        relayer,
        &attest(APP, &t, stale),
        I::RegistryUnknownSigner {
            index: U256::ZERO,
            signer: stranger,
        },
    );
    // the removed oracle, signing under epoch 2, is refused
    let with_removed = signed(&reg, 2, &[0, 2]);
    assert_reverts(
        &mut reg,
        relayer,
        &attest(APP, &t, with_removed),
        I::RegistryUnknownSigner {
            index: index_of(&[0, 2], 2),
            signer: cast().oracles[2].address(),
        },
    );
    let blob = signed(&reg, 2, &[1, 3]);
    attests(&mut reg, blob, 2);
}

#[test]
fn a_change_while_paused_voids_the_set_in_force_and_waits_the_delay() {
    let mut reg = populated();
    let admin = cast().admin.address;
    let relayer = cast().relayer.address;
    // signed by the set in force (epoch 1) before the change
    let old = signed(&reg, 1, &[0, 1]);
    // a change scheduled while running …
    let now = reg.net().timestamp();
    change(&mut reg, &[0, 1, 3], 2, now + ORACLE_SET_DELAY);
    // … replaced while paused, under a fresh epoch (3): the set in force is void at once, and
    // the new one still waits the delay
    ok(&mut reg, admin, &I::pauseCall {});
    let set = change(&mut reg, &[0, 2, 3], 3, now + ORACLE_SET_DELAY);
    assert_eq!(in_force(&mut reg), (vec![], 0, 0));
    assert_eq!(
        scheduled(&mut reg),
        (set.clone(), 2, 3, now + ORACLE_SET_DELAY)
    );
    // the admin unpauses at once: neither the old set nor the new one can attest
    ok(&mut reg, admin, &I::unpauseCall {});
    let void = I::RegistrySignatureCount {
        count: U256::from(2),
        threshold: 0,
        signers: 0,
    };
    assert_reverts(
        &mut reg,
        relayer,
        &attest(APP, &tally_of(APP), old),
        void.clone(),
    );
    let early = signed(&reg, 3, &[2, 3]);
    assert_reverts(
        &mut reg,
        relayer,
        &attest(APP, &tally_of(APP), early.clone()),
        void,
    );
    // at its time the new set is in force (epoch 2 never)
    reg.net_mut().set_timestamp(now + ORACLE_SET_DELAY);
    assert_eq!(in_force(&mut reg), (set, 2, 3));
    attests(&mut reg, early, 3);
}

#[test]
fn a_change_replacing_a_scheduled_one_takes_a_fresh_epoch() {
    let mut reg = populated();
    let old = in_force(&mut reg);
    let first_at = reg.net().timestamp() + ORACLE_SET_DELAY;
    change(&mut reg, &[0, 1, 3], 2, first_at);
    // a day later another change replaces it: epoch 3, two days from then
    reg.net_mut().advance_time(86_400);
    let second_at = reg.net().timestamp() + ORACLE_SET_DELAY;
    let set = change(&mut reg, &[1, 2, 3], 3, second_at);
    assert_eq!(scheduled(&mut reg), (set.clone(), 2, 3, second_at));
    // at the replaced change's time nothing moves: epoch 2 is never in force
    reg.net_mut().set_timestamp(first_at);
    assert_eq!(in_force(&mut reg), old);
    let relayer = cast().relayer.address;
    let early = signed(&reg, 2, &[0, 1]);
    let stranger = recovered(&reg, &early, 1);
    assert_reverts(
        &mut reg,
        relayer,
        &attest(APP, &tally_of(APP), early),
        I::RegistryUnknownSigner {
            index: U256::ZERO,
            signer: stranger,
        },
    );
    // at its own time epoch 3 is in force: the epochs in force went 1 → 3
    reg.net_mut().set_timestamp(second_at);
    assert_eq!(in_force(&mut reg), (set, 2, 3));
    let blob = signed(&reg, 3, &[1, 3]);
    attests(&mut reg, blob, 3);
}

#[test]
fn the_oracle_set_delay_keeps_its_bounds_its_admin_and_the_pause() {
    let c = cast();
    let mut reg = populated();
    let admin = c.admin.address;
    for delay in [0, MIN_DELAY - 1, MAX_DELAY + 1, u32::MAX] {
        assert_reverts(
            &mut reg,
            admin,
            &I::setOracleSetDelayCall { delay },
            I::RegistryInvalidOracleSetDelay {
                delay,
                min: MIN_DELAY,
                max: MAX_DELAY,
            },
        );
    }
    assert_reverts(
        &mut reg,
        c.stranger.address,
        &I::setOracleSetDelayCall { delay: MIN_DELAY },
        I::RegistryNotAdmin {
            caller: c.stranger.address,
        },
    );
    let mut paused = reg.clone();
    ok(&mut paused, admin, &I::pauseCall {});
    assert_reverts(
        &mut paused,
        admin,
        &I::setOracleSetDelayCall { delay: MIN_DELAY },
        I::RegistryPaused {},
    );
    assert_eq!(view(&mut reg).delay, 172_800);

    // a change already scheduled keeps its time; later changes take the new delay
    let now = reg.net().timestamp();
    change(&mut reg, &[0, 1, 3], 2, now + ORACLE_SET_DELAY);
    for delay in [MIN_DELAY, MAX_DELAY] {
        ok_with(
            &mut reg,
            admin,
            &I::setOracleSetDelayCall { delay },
            vec![I::OracleSetDelayChanged { delay }.into()],
        );
        assert_eq!(view(&mut reg).delay, delay);
        assert_eq!(scheduled(&mut reg).3, now + ORACLE_SET_DELAY);
    }
    ok(
        &mut reg,
        admin,
        &I::setOracleSetDelayCall { delay: MIN_DELAY },
    );
    let set = change(&mut reg, &[1, 2, 3], 3, now + u64::from(MIN_DELAY));
    assert_eq!(scheduled(&mut reg), (set, 2, 3, now + u64::from(MIN_DELAY)));
}
