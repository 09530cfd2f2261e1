//! The constructor route.

use alloy_primitives::Address;
use lst_registry::{dispatch, LstRegistry, RegistryError};

use super::{constructor_call, dispatch_reverts, selector};
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
        |r| r.constructor(STRANGER, VIEWS),
        RegistryError::already_initialised(),
    );
    // Also after a failed first attempt is followed by a good one.
    let vm = test_vm();
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    expect_revert(
        &vm,
        || reg.constructor(Address::ZERO, VIEWS),
        RegistryError::zero_address(field::ADMIN),
    );
    reg.constructor(ADMIN, VIEWS).unwrap();
    expect_revert(
        &vm,
        || reg.constructor(STRANGER, VIEWS),
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
