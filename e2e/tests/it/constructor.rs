//! The constructor: runs once, rejects a zero admin, sets the program's defaults.

use alloy_primitives::{Address, U256};
use lst_registry_client::abi::constructor_args;
use lst_registry_client::abi::{constructor_selector, ILstRegistry as I, RegistryError};
use lst_registry_client::decode::decode_error;
use lst_registry_client::devnet::{deploy_admin_program, deploy_views};
use lst_registry_client::ClientError;
use lst_registry_e2e::render::metis;
use lst_registry_e2e::Registry;
use stylus_devnet::{DeployError, Devnet};

use crate::common::*;

#[test]
fn deployment_makes_the_given_admin_admin_and_guardian() {
    let (mut reg, deployment) = deployed();
    let admin = cast().admin.address;
    assert_eq!(
        deployment.events,
        vec![
            I::AdminTransferred {
                previousAdmin: Address::ZERO,
                newAdmin: admin
            }
            .into(),
            I::GuardianChanged {
                previousGuardian: Address::ZERO,
                newGuardian: admin
            }
            .into(),
        ]
    );
    assert_eq!(reg.view(&I::adminCall {}).expect("admin"), admin);
    assert_eq!(reg.view(&I::guardianCall {}).expect("guardian"), admin);
    assert_ne!(
        admin,
        cast().deployer.address,
        "the admin is the argument, not the deployer"
    );
}

#[test]
fn deployment_sets_the_programs_defaults() {
    let (mut reg, _) = deployed();
    let rules = reg.view(&I::rulesCall {}).expect("rules");
    assert_eq!(rules.quorum, metis(20_000));
    assert_eq!(rules.minVoters, 500);
    assert_eq!(rules.approvalBps, 8_000);
    assert_eq!(
        (rules.minCap, rules.maxCap),
        (metis(20_000), metis(100_000))
    );
    assert!(!rules.countingMode.is_empty());
    let phase = reg.view(&I::phaseCall {}).expect("phase");
    assert_eq!((phase.current, phase.nodeLimit, phase.nodeCount), (0, 4, 0));
    assert_eq!(
        reg.view(&I::phaseNodeLimitsCall {}).expect("limits"),
        [4, 4, 16, 64]
    );
    assert!(!reg.view(&I::pausedCall {}).expect("paused"));
    let views = reg.views_program().expect("views program");
    assert_ne!(views, Address::ZERO);
    assert!(!reg.net().code(views).is_empty());
    let admin_program = reg.admin_program().expect("admin program");
    assert_ne!(admin_program, Address::ZERO);
    assert_ne!(admin_program, views);
    assert!(!reg.net().code(admin_program).is_empty());
    let set = reg.view(&I::oracleSetCall {}).expect("oracle set");
    assert_eq!((set.signers.len(), set.threshold, set.epoch), (0, 0, 0));
    // nothing scheduled; changes take effect two days after they are made
    assert_eq!(
        (
            set.nextSigners.len(),
            set.nextThreshold,
            set.nextEpoch,
            set.nextAt,
            set.delay
        ),
        (0, 0, 0, 0, 172_800)
    );
}

#[test]
fn the_constructor_runs_once() {
    let (mut reg, _) = deployed();
    let stranger = cast().stranger.address;
    let views = reg.views_program().expect("views program");
    let admin_program = reg.admin_program().expect("admin program");
    let mut calldata = constructor_selector().to_vec();
    calldata.extend_from_slice(&constructor_args(stranger, views, admin_program));
    assert_reverts_raw(
        &mut reg,
        stranger,
        &calldata,
        U256::ZERO,
        I::RegistryAlreadyInitialised {},
    );
    // also from the admin, also with the admin as argument
    let admin = cast().admin.address;
    let mut again = constructor_selector().to_vec();
    again.extend_from_slice(&constructor_args(admin, views, admin_program));
    assert_reverts_raw(
        &mut reg,
        admin,
        &again,
        U256::ZERO,
        I::RegistryAlreadyInitialised {},
    );
    assert_eq!(reg.view(&I::adminCall {}).expect("admin"), admin);
}

#[test]
fn a_zero_admin_is_rejected_and_nothing_is_deployed() {
    let deployer = cast().deployer.address;
    match Registry::deploy(
        lst_registry_client::devnet::devnet(),
        programs(),
        deployer,
        Address::ZERO,
    ) {
        Err(ClientError::Deploy(DeployError::Constructor(receipt))) => {
            let error =
                decode_error("constructor", &receipt.output).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                error,
                RegistryError::from(I::RegistryZeroAddress { field: 0 })
            );
            assert!(receipt.logs.is_empty());
        }
        Err(e) => panic!("unexpected failure: {e}"),
        Ok(_) => panic!("a zero admin was accepted"),
    }
}

/// A devnet with the views and admin programs deployed by the deployer, and no core yet.
fn devnet_with_the_delegate_programs() -> (Devnet, Address, Address) {
    let deployer = cast().deployer.address;
    let mut net = lst_registry_client::devnet::devnet();
    let views = deploy_views(&mut net, views_wasm(), deployer).expect("views");
    let admin_program =
        deploy_admin_program(&mut net, admin_wasm(), deployer).expect("admin program");
    (net, views, admin_program)
}

/// The constructor's views and admin programs must be non-zero and hold code; nothing is
/// deployed otherwise.
#[test]
fn a_views_or_admin_program_without_code_is_rejected_and_nothing_is_deployed() {
    let c = cast();
    let (mut net, views, admin_program) = devnet_with_the_delegate_programs();
    let stranger = c.stranger.address;
    for (views, admin_program, expected) in [
        (
            Address::ZERO,
            admin_program,
            RegistryError::from(I::RegistryZeroAddress { field: 13 }),
        ),
        (
            stranger,
            admin_program,
            RegistryError::from(I::RegistryNoCode { account: stranger }),
        ),
        (
            views,
            Address::ZERO,
            RegistryError::from(I::RegistryZeroAddress { field: 14 }),
        ),
        (
            views,
            stranger,
            RegistryError::from(I::RegistryNoCode { account: stranger }),
        ),
    ] {
        let nonce = net.nonce(c.deployer.address);
        match net.deploy(
            c.deployer.address,
            wasm(),
            &constructor_args(c.admin.address, views, admin_program),
        ) {
            Err(DeployError::Constructor(receipt)) => {
                let error =
                    decode_error("constructor", &receipt.output).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(error, expected);
                assert!(receipt.logs.is_empty());
                assert!(net.code(c.deployer.address.create(nonce)).is_empty());
            }
            Err(e) => panic!("unexpected failure: {e}"),
            Ok(_) => panic!("views {views} / admin program {admin_program} was accepted"),
        }
    }
}

/// The admin program serves the registry only through it: called directly, a state-changing
/// function reverts with `RegistryNotDelegated` and writes nothing, in the admin program's
/// account or anywhere; the registry's admin is still served through the registry.
#[test]
fn the_admin_program_called_directly_reverts() {
    let (mut reg, _) = deployed();
    let c = cast();
    let admin_program = reg.admin_program().expect("admin program");
    let registry = reg.address();
    let storage = |reg: &Registry| {
        (
            reg.net().storage_dump(admin_program),
            reg.net().storage_dump(registry),
        )
    };
    let before = storage(&reg);
    for (who, function, call) in [
        (
            c.stranger.address,
            "setGuardian",
            alloy_sol_types::SolCall::abi_encode(&I::setGuardianCall {
                newGuardian: c.stranger.address,
            }),
        ),
        (
            c.admin.address,
            "transferAdmin",
            alloy_sol_types::SolCall::abi_encode(&I::transferAdminCall {
                newAdmin: c.stranger.address,
            }),
        ),
        (
            c.admin.address,
            "setStakeCapBounds",
            alloy_sol_types::SolCall::abi_encode(&I::setStakeCapBoundsCall {
                minCap: U256::from(1),
                maxCap: U256::from(2),
            }),
        ),
    ] {
        let out = reg.net_mut().send(who, admin_program, &call, U256::ZERO);
        assert!(!out.is_success());
        assert!(out.logs.is_empty());
        assert_eq!(
            decode_error(function, &out.output).unwrap_or_else(|e| panic!("{e}")),
            RegistryError::from(I::RegistryNotDelegated {})
        );
    }
    assert_eq!(storage(&reg), before);
    assert!(storage(&reg).0.is_empty());
    assert_eq!(
        reg.view(&I::guardianCall {}).expect("guardian"),
        c.admin.address
    );
}

/// The views program answers only through the registry: called directly it reverts with
/// `RegistryNotDelegated`, and through the registry it answers from the registry's storage.
#[test]
fn the_views_program_called_directly_reverts() {
    let c = cast();
    let mut net = lst_registry_client::devnet::devnet();
    let views = deploy_views(&mut net, views_wasm(), c.deployer.address).expect("views");
    for call in [
        alloy_sol_types::SolCall::abi_encode(&I::adminCall {}),
        alloy_sol_types::SolCall::abi_encode(&I::rulesCall {}),
    ] {
        let out = net.call(c.stranger.address, views, &call);
        assert!(!out.is_success());
        assert_eq!(
            decode_error("admin", &out.output).unwrap_or_else(|e| panic!("{e}")),
            RegistryError::from(I::RegistryNotDelegated {})
        );
    }
}

/// A core deployed without its constructor has no views or admin program: every call it
/// would forward reverts with `RegistryNoCode(0)`, writing and logging nothing (a delegate
/// call to address zero would succeed with nothing done and nothing returned), and the
/// constructor can still run.
#[test]
fn a_core_whose_constructor_has_not_run_forwards_nothing() {
    let c = cast();
    let (mut net, views, admin_program) = devnet_with_the_delegate_programs();
    let core = net
        .deploy_without_constructor(c.deployer.address, wasm())
        .expect("core")
        .contract_address
        .expect("core address");
    let expected = RegistryError::from(I::RegistryNoCode {
        account: Address::ZERO,
    });
    let view = alloy_sol_types::SolCall::abi_encode(&I::rulesCall {});
    let out = net.call(c.stranger.address, core, &view);
    assert!(!out.is_success());
    assert_eq!(
        decode_error("rules", &out.output).unwrap_or_else(|e| panic!("{e}")),
        expected
    );
    for (function, call) in [
        (
            "setGuardian",
            alloy_sol_types::SolCall::abi_encode(&I::setGuardianCall {
                newGuardian: c.stranger.address,
            }),
        ),
        (
            "transferAdmin",
            alloy_sol_types::SolCall::abi_encode(&I::transferAdminCall {
                newAdmin: c.stranger.address,
            }),
        ),
        ("rules", view.clone()),
    ] {
        let out = net.send(c.stranger.address, core, &call, U256::ZERO);
        assert!(!out.is_success());
        assert!(out.logs.is_empty());
        assert_eq!(
            decode_error(function, &out.output).unwrap_or_else(|e| panic!("{e}")),
            expected
        );
    }
    assert!(net.storage_dump(core).is_empty());
    let mut constructor = constructor_selector().to_vec();
    constructor.extend_from_slice(&constructor_args(c.admin.address, views, admin_program));
    assert!(net
        .send(c.deployer.address, core, &constructor, U256::ZERO)
        .is_success());
    let out = net.call(c.stranger.address, core, &view);
    assert!(out.is_success(), "{:?}", out.error);
}
