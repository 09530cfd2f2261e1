//! The constructor route.

use alloy_primitives::Address;
use alloy_sol_types::{SolCall, SolValue};
use lst_registry::{dispatch, LstRegistry, RegistryError};

use super::{constructor_call, dispatch_reverts, selector, ILstRegistry};
use crate::native::support::*;

#[test]
fn the_constructor_route_initialises_a_fresh_registry() {
    let vm = test_vm();
    vm.set_sender(DEPLOYER);
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    assert_eq!(dispatch(&mut reg, &constructor_call(ADMIN)), Ok(vec![]));
    assert_eq!(reg.admin(), ADMIN);
    assert_eq!(reg.guardian(), ADMIN);
}

#[test]
fn the_constructor_route_reverts_once_initialised() {
    let mut env = configured();
    dispatch_reverts(
        &mut env,
        STRANGER,
        &constructor_call(STRANGER),
        RegistryError::already_initialised(),
    );
    dispatch_reverts(
        &mut env,
        ADMIN,
        &constructor_call(ADMIN),
        RegistryError::already_initialised(),
    );
    assert_eq!((env.reg.admin(), env.reg.guardian()), (ADMIN, GUARDIAN));
}

#[test]
fn the_constructor_reverts_once_initialised() {
    let mut env = deployed();
    env.reverts(
        DEPLOYER,
        |r| r.constructor(STRANGER, VIEWS, ADMIN_PROGRAM),
        RegistryError::already_initialised(),
    );
    // Also after a failed first attempt is followed by a good one.
    let vm = test_vm();
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    expect_revert(
        &vm,
        || reg.constructor(Address::ZERO, VIEWS, ADMIN_PROGRAM),
        RegistryError::zero_address(field::ADMIN),
    );
    reg.constructor(ADMIN, VIEWS, ADMIN_PROGRAM).unwrap();
    expect_revert(
        &vm,
        || reg.constructor(STRANGER, VIEWS, ADMIN_PROGRAM),
        RegistryError::already_initialised(),
    );
}

#[test]
fn the_constructor_route_rejects_a_malformed_admin() {
    let vm = test_vm();
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    let mut input = constructor_call(ADMIN);
    input[4] = 0xff;
    let constructor = selector("stylus_constructor()");
    expect_revert(
        &vm,
        || dispatch(&mut reg, &input),
        RegistryError::malformed_calldata(constructor),
    );
    expect_revert(
        &vm,
        || dispatch(&mut reg, &constructor),
        RegistryError::malformed_calldata(constructor),
    );
}

/// The constructor needs a views and an admin program, each non-zero and holding code, and
/// writes nothing otherwise; both are readable afterwards.
#[test]
fn the_constructor_requires_the_views_and_admin_programs() {
    let vm = test_vm();
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    for (views, admin_program, expected) in [
        (
            Address::ZERO,
            ADMIN_PROGRAM,
            RegistryError::zero_address(field::VIEWS_PROGRAM),
        ),
        (
            VIEWS,
            Address::ZERO,
            RegistryError::zero_address(field::ADMIN_PROGRAM),
        ),
        (STRANGER, ADMIN_PROGRAM, RegistryError::no_code(STRANGER)),
        (VIEWS, STRANGER, RegistryError::no_code(STRANGER)),
    ] {
        expect_revert(
            &vm,
            || reg.constructor(ADMIN, views, admin_program),
            expected,
        );
    }
    reg.constructor(ADMIN, VIEWS, ADMIN_PROGRAM).unwrap();
    assert_eq!(
        (reg.views_program(), reg.admin_program()),
        (VIEWS, ADMIN_PROGRAM)
    );
}

/// The admin program's entry, outside a registry's context (its own, empty storage), refuses
/// every call with `RegistryNotDelegated` and writes nothing; in a registry's context it serves
/// only the admin's functions.
#[test]
fn the_admin_program_serves_only_through_a_registry() {
    let vm = test_vm();
    vm.set_sender(ADMIN);
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    let set_guardian = [
        selector("setGuardian(address)").to_vec(),
        STRANGER.abi_encode(),
    ]
    .concat();
    expect_revert(
        &vm,
        || lst_registry::admin::serve(&mut reg, &set_guardian),
        RegistryError::not_delegated(),
    );
    let mut env = configured();
    env.vm.set_sender(ADMIN);
    assert_eq!(
        lst_registry::admin::serve(&mut env.reg, &set_guardian),
        Ok(vec![])
    );
    assert_eq!(env.reg.guardian(), STRANGER);
    // A core or view selector is not the admin program's.
    for signature in ["pause()", "admin()"] {
        let call = selector(signature);
        expect_revert(
            &env.vm,
            || lst_registry::admin::serve(&mut env.reg, &call),
            RegistryError::unknown_selector(call),
        );
    }
}

/// The three programs' selectors are disjoint, and the core sends exactly the admin
/// program's to it.
#[test]
fn the_admin_programs_selectors_are_its_own() {
    let admin = lst_registry::admin::SIGNATURES;
    let others = lst_registry::router::SIGNATURES
        .iter()
        .chain(lst_registry::views::SIGNATURES);
    for signature in admin {
        assert!(
            lst_registry::admin::serves(lst_registry::router::selector(signature)),
            "{signature}"
        );
    }
    for signature in others {
        assert!(
            !admin.contains(signature)
                && !lst_registry::admin::serves(lst_registry::router::selector(signature)),
            "{signature}"
        );
    }
}

/// Before the constructor has run, the core has no views or admin program: a call it would
/// forward reverts with `RegistryNoCode(0)` and writes nothing (on chain, a delegate call to
/// address zero would succeed with nothing done and nothing returned). Its own functions
/// still answer by their own rules, and once constructed the same calls are served.
#[test]
fn before_the_constructor_a_forwarded_call_reverts_with_no_code_at_address_zero() {
    let vm = test_vm();
    vm.set_sender(ADMIN);
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    let view = ILstRegistry::rulesCall {}.abi_encode();
    let admin_function = ILstRegistry::setGuardianCall { guardian: ADMIN }.abi_encode();
    let unknown = [0xde, 0xad, 0xbe, 0xef];
    for input in [&view[..], &admin_function[..], &unknown[..]] {
        expect_revert(
            &vm,
            || dispatch(&mut reg, input),
            RegistryError::no_code(Address::ZERO),
        );
    }
    expect_revert(
        &vm,
        || dispatch(&mut reg, &ILstRegistry::pauseCall {}.abi_encode()),
        RegistryError::not_guardian(ADMIN),
    );
    assert_eq!(dispatch(&mut reg, &constructor_call(ADMIN)), Ok(vec![]));
    assert!(dispatch(&mut reg, &view).is_ok());
    assert_eq!(dispatch(&mut reg, &admin_function), Ok(vec![]));
    expect_revert(
        &vm,
        || dispatch(&mut reg, &unknown),
        RegistryError::unknown_selector(unknown),
    );
}
