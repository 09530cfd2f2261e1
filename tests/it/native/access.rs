//! Who may act: construction, the two-step admin transfer, the guardian, pause and unpause.

use alloy_primitives::Address;
use lst_registry::events::{
    AdminTransferStarted, AdminTransferred, GuardianChanged, Paused, Unpaused,
};
use lst_registry::{LstRegistry, RegistryError};

use crate::native::support::*;

#[test]
fn constructor_makes_admin_the_guardian_with_default_rules_in_phase_alpha() {
    let vm = test_vm();
    vm.set_sender(DEPLOYER);
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    let events = [
        log_of(&AdminTransferred {
            previousAdmin: Address::ZERO,
            newAdmin: ADMIN,
        }),
        log_of(&GuardianChanged {
            previousGuardian: Address::ZERO,
            newGuardian: ADMIN,
        }),
    ];
    emits(
        &vm,
        || reg.constructor(ADMIN, VIEWS, ADMIN_PROGRAM),
        &events,
    );

    assert_eq!(
        reg.admin(),
        ADMIN,
        "the admin is the argument, not the deployer"
    );
    assert_eq!(reg.guardian(), ADMIN);
    assert_eq!(reg.pending_admin(), Address::ZERO);
    assert!(!reg.paused());
    let (quorum, min_voters, approval, window, min_cap, max_cap, mode, space) = reg.rules();
    assert_eq!(space, b"metislayer2.eth");
    assert_eq!(quorum, metis(20_000));
    assert_eq!(min_voters, 500);
    assert_eq!(approval, 8_000);
    assert_eq!(window, 14 * 86_400);
    assert_eq!(min_cap, metis(20_000));
    assert_eq!(max_cap, metis(100_000));
    assert_eq!(mode, "quorum=for+against+abstain&voters=distinct&approval=for/(for+against)&rank=for,desc;id,asc");
    assert_eq!(reg.phase(), (phase::ALPHA, 4, 0));
    assert_eq!(reg.phase_node_limits(), [4, 4, 16, 64]);
    assert_eq!(reg.counts(), (0, 0, 0, 0));
    assert_eq!(in_force(&reg), (vec![], 0, 0));
    assert_eq!(reg.pairing_nonce(), 0);
}

#[test]
fn constructor_rejects_the_zero_admin() {
    let vm = test_vm();
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    expect_revert(
        &vm,
        || reg.constructor(Address::ZERO, VIEWS, ADMIN_PROGRAM),
        RegistryError::zero_address(field::ADMIN),
    );
    assert_eq!(reg.admin(), Address::ZERO);
}

// ---- two-step admin transfer -------------------------------------------------------------------

#[test]
fn transfer_admin_proposes_without_handing_over() {
    let mut env = deployed();
    env.emits(
        ADMIN,
        |r| r.transfer_admin(NEW_ADMIN),
        &[log_of(&AdminTransferStarted {
            admin: ADMIN,
            pendingAdmin: NEW_ADMIN,
        })],
    );
    assert_eq!(env.reg.pending_admin(), NEW_ADMIN);
    assert_eq!(env.reg.admin(), ADMIN);
    // Until accepted, the proposed admin has no power.
    env.reverts(
        NEW_ADMIN,
        |r| r.set_guardian(GUARDIAN),
        RegistryError::not_admin(NEW_ADMIN),
    );
}

#[test]
fn accept_admin_hands_over_and_clears_the_proposal() {
    let mut env = deployed();
    env.by(ADMIN).transfer_admin(NEW_ADMIN).unwrap();
    env.emits(
        NEW_ADMIN,
        |r| r.accept_admin(),
        &[log_of(&AdminTransferred {
            previousAdmin: ADMIN,
            newAdmin: NEW_ADMIN,
        })],
    );
    assert_eq!(env.reg.admin(), NEW_ADMIN);
    assert_eq!(env.reg.pending_admin(), Address::ZERO);
    env.reverts(
        ADMIN,
        |r| r.set_guardian(GUARDIAN),
        RegistryError::not_admin(ADMIN),
    );
    // The guardian role does not follow the admin: the previous admin can still pause.
    assert_eq!(env.reg.guardian(), ADMIN);
    env.by(ADMIN).pause().unwrap();
    env.reverts(ADMIN, |r| r.unpause(), RegistryError::not_admin(ADMIN));
    env.by(NEW_ADMIN).unpause().unwrap();
    env.by(NEW_ADMIN).set_guardian(GUARDIAN).unwrap();
    assert_eq!(
        env.reg.guardian(),
        GUARDIAN,
        "the guardian is not moved by an admin transfer"
    );
}

#[test]
fn transfer_admin_to_zero_cancels_the_proposal() {
    let mut env = deployed();
    env.by(ADMIN).transfer_admin(NEW_ADMIN).unwrap();
    env.emits(
        ADMIN,
        |r| r.transfer_admin(Address::ZERO),
        &[log_of(&AdminTransferStarted {
            admin: ADMIN,
            pendingAdmin: Address::ZERO,
        })],
    );
    assert_eq!(env.reg.pending_admin(), Address::ZERO);
    env.reverts(
        NEW_ADMIN,
        |r| r.accept_admin(),
        RegistryError::not_pending_admin(NEW_ADMIN, Address::ZERO),
    );
}

#[test]
fn a_second_proposal_replaces_the_first() {
    let mut env = deployed();
    env.by(ADMIN).transfer_admin(STRANGER).unwrap();
    env.by(ADMIN).transfer_admin(NEW_ADMIN).unwrap();
    env.reverts(
        STRANGER,
        |r| r.accept_admin(),
        RegistryError::not_pending_admin(STRANGER, NEW_ADMIN),
    );
    env.by(NEW_ADMIN).accept_admin().unwrap();
    assert_eq!(env.reg.admin(), NEW_ADMIN);
}

#[test]
fn transfer_admin_rejects_anyone_but_the_admin() {
    let mut env = configured();
    env.reverts(
        STRANGER,
        |r| r.transfer_admin(STRANGER),
        RegistryError::not_admin(STRANGER),
    );
    env.reverts(
        GUARDIAN,
        |r| r.transfer_admin(GUARDIAN),
        RegistryError::not_admin(GUARDIAN),
    );
}

#[test]
fn accept_admin_rejects_anyone_but_the_proposed_admin() {
    let mut env = deployed();
    env.by(ADMIN).transfer_admin(NEW_ADMIN).unwrap();
    env.reverts(
        STRANGER,
        |r| r.accept_admin(),
        RegistryError::not_pending_admin(STRANGER, NEW_ADMIN),
    );
    env.reverts(
        ADMIN,
        |r| r.accept_admin(),
        RegistryError::not_pending_admin(ADMIN, NEW_ADMIN),
    );
}

#[test]
fn accept_admin_rejects_the_zero_caller_when_nothing_is_pending() {
    let mut env = deployed();
    // pending admin is zero; a zero caller must not match it.
    env.reverts(
        Address::ZERO,
        |r| r.accept_admin(),
        RegistryError::not_pending_admin(Address::ZERO, Address::ZERO),
    );
}

// ---- guardian ----------------------------------------------------------------------------------

#[test]
fn set_guardian_replaces_the_guardian() {
    let mut env = configured();
    env.emits(
        ADMIN,
        |r| r.set_guardian(STRANGER),
        &[log_of(&GuardianChanged {
            previousGuardian: GUARDIAN,
            newGuardian: STRANGER,
        })],
    );
    assert_eq!(env.reg.guardian(), STRANGER);
    env.reverts(
        GUARDIAN,
        |r| r.pause(),
        RegistryError::not_guardian(GUARDIAN),
    );
}

#[test]
fn set_guardian_rejects_the_zero_address() {
    let mut env = configured();
    env.reverts(
        ADMIN,
        |r| r.set_guardian(Address::ZERO),
        RegistryError::zero_address(field::GUARDIAN),
    );
}

#[test]
fn set_guardian_is_for_the_admin_only() {
    let mut env = configured();
    env.reverts(
        GUARDIAN,
        |r| r.set_guardian(STRANGER),
        RegistryError::not_admin(GUARDIAN),
    );
}

// ---- pause -------------------------------------------------------------------------------------

#[test]
fn guardian_pauses() {
    let mut env = configured();
    env.emits(
        GUARDIAN,
        |r| r.pause(),
        &[log_of(&Paused { account: GUARDIAN })],
    );
    assert!(env.reg.paused());
}

#[test]
fn admin_pauses_too() {
    let mut env = configured();
    env.emits(ADMIN, |r| r.pause(), &[log_of(&Paused { account: ADMIN })]);
    assert!(env.reg.paused());
}

#[test]
fn pause_rejects_anyone_but_guardian_and_admin() {
    let mut env = configured();
    env.reverts(
        STRANGER,
        |r| r.pause(),
        RegistryError::not_guardian(STRANGER),
    );
}

#[test]
fn pause_rejects_a_paused_registry() {
    let mut env = configured();
    env.by(GUARDIAN).pause().unwrap();
    env.reverts(GUARDIAN, |r| r.pause(), RegistryError::paused());
}

#[test]
fn only_the_admin_unpauses() {
    let mut env = configured();
    env.by(GUARDIAN).pause().unwrap();
    env.reverts(
        GUARDIAN,
        |r| r.unpause(),
        RegistryError::not_admin(GUARDIAN),
    );
    env.reverts(
        STRANGER,
        |r| r.unpause(),
        RegistryError::not_admin(STRANGER),
    );
    env.emits(
        ADMIN,
        |r| r.unpause(),
        &[log_of(&Unpaused { account: ADMIN })],
    );
    assert!(!env.reg.paused());
}

#[test]
fn unpause_rejects_a_live_registry() {
    let mut env = configured();
    env.reverts(ADMIN, |r| r.unpause(), RegistryError::not_paused());
}

#[test]
fn a_pending_transfer_survives_a_pause_and_is_accepted_during_it() {
    // A transfer proposed before a pause can be accepted while paused: the admin transfer is
    // recovery, which the pause does not block.
    let mut env = configured();
    env.by(ADMIN).transfer_admin(NEW_ADMIN).unwrap();
    env.by(GUARDIAN).pause().unwrap();
    assert_eq!(env.reg.pending_admin(), NEW_ADMIN);
    env.reverts(
        STRANGER,
        |r| r.accept_admin(),
        RegistryError::not_pending_admin(STRANGER, NEW_ADMIN),
    );
    env.emits(
        NEW_ADMIN,
        |r| r.accept_admin(),
        &[log_of(&AdminTransferred {
            previousAdmin: ADMIN,
            newAdmin: NEW_ADMIN,
        })],
    );
    assert_eq!(env.reg.admin(), NEW_ADMIN);
    assert_eq!(env.reg.pending_admin(), Address::ZERO);
    assert!(env.reg.paused(), "accepting does not lift the pause");
    // Only the new admin lifts it.
    env.reverts(ADMIN, |r| r.unpause(), RegistryError::not_admin(ADMIN));
    env.by(NEW_ADMIN).unpause().unwrap();
    assert!(!env.reg.paused());
}
