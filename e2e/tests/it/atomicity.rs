//! A transaction that reverts leaves the registry's storage and the logs untouched; an
//! `eth_call` changes nothing even when it succeeds.

use alloy_primitives::U256;
use lst_registry_client::abi::ILstRegistry as I;
use lst_registry_client::fixtures::attest;
use lst_registry_e2e::render::metis;

use crate::common::*;

#[test]
fn eth_call_shows_the_outcome_and_changes_nothing() {
    let c = cast();
    let mut reg = populated();
    let before = reg.net().storage_dump(reg.address());
    let register = c.node(3).register();
    let simulated = reg.simulate(c.admin.address, &register).expect("decodes");
    assert_eq!(simulated.value(), Some(&3));
    assert_eq!(simulated.events.len(), 1);
    assert_eq!(
        reg.net().storage_dump(reg.address()),
        before,
        "eth_call wrote storage"
    );
    assert_eq!(reg.view(&I::countsCall {}).expect("counts").nodeCount, 2);

    let sent = ok(&mut reg, c.admin.address, &register);
    assert_eq!(sent.value(), simulated.value());
    assert_eq!(sent.events, simulated.events);
    assert_eq!(
        sent.gas_used, simulated.gas_used,
        "eth_call and transaction cost the same"
    );
    assert_ne!(reg.net().storage_dump(reg.address()), before);
}

#[test]
fn reverts_after_reading_and_hashing_leave_nothing_behind() {
    let c = cast();
    let mut reg = populated();
    let t = tally_of(3);
    // an attestation that fails at its second signature, after the first was recovered
    let mut signatures = sign(&reg, 2, 3, &t, 1, &[0, 1]);
    signatures[65 + 64] = 30;
    assert_reverts(
        &mut reg,
        c.relayer.address,
        &attest(3, &t, signatures),
        I::RegistryInvalidSignature {
            index: U256::from(1),
        },
    );
    // a stake report one wei over the cap
    let over = metis(100_000) + U256::from(1);
    assert_reverts(
        &mut reg,
        c.lst(1).staking.address,
        &I::reportStakeCall {
            pairingId: 1,
            stake: over,
        },
        I::RegistryStakeAboveCap {
            nodeId: 1,
            stake: over,
            cap: metis(100_000),
        },
    );
    // the registry still works: the same calls, corrected, go through
    let signatures = sign(&reg, 2, 3, &t, 1, &[0, 1]);
    ok(&mut reg, c.relayer.address, &attest(3, &t, signatures));
    ok(
        &mut reg,
        c.lst(1).staking.address,
        &I::reportStakeCall {
            pairingId: 1,
            stake: metis(100_000),
        },
    );
    assert_eq!(
        reg.view(&I::remainingCapacityCall { nodeId: 1 })
            .expect("capacity"),
        U256::ZERO
    );
}

#[test]
fn a_paused_registry_changes_nothing() {
    let c = cast();
    let mut reg = populated();
    ok_with(
        &mut reg,
        c.admin.address,
        &I::pauseCall {},
        vec![I::Paused {
            account: c.admin.address,
        }
        .into()],
    );
    assert_reverts(
        &mut reg,
        c.admin.address,
        &c.node(3).register(),
        I::RegistryPaused {},
    );
    assert_reverts(
        &mut reg,
        c.lst(1).staking.address,
        &I::reportStakeCall {
            pairingId: 1,
            stake: metis(1),
        },
        I::RegistryPaused {},
    );
    assert_reverts(
        &mut reg,
        c.admin.address,
        &I::pauseCall {},
        I::RegistryPaused {},
    );
    ok_with(
        &mut reg,
        c.admin.address,
        &I::unpauseCall {},
        vec![I::Unpaused {
            account: c.admin.address,
        }
        .into()],
    );
    ok(&mut reg, c.admin.address, &c.node(3).register());
}
