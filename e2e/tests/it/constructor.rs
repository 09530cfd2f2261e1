//! The constructor: runs once, rejects a zero admin, sets the program's defaults.

use alloy_primitives::{Address, U256};
use lst_registry_client::abi::constructor_args;
use lst_registry_client::abi::{constructor_selector, ILstRegistry as I, RegistryError};
use lst_registry_client::decode::decode_error;
use lst_registry_client::devnet::deploy_views;
use lst_registry_client::ClientError;
use lst_registry_e2e::render::metis;
use lst_registry_e2e::Registry;
use stylus_devnet::DeployError;

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
    let mut calldata = constructor_selector().to_vec();
    calldata.extend_from_slice(&constructor_args(stranger, views));
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
    again.extend_from_slice(&constructor_args(admin, views));
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

/// The constructor's views program must be non-zero and hold code; nothing is deployed
/// otherwise.
#[test]
fn a_views_program_without_code_is_rejected_and_nothing_is_deployed() {
    let c = cast();
    for (views, expected) in [
        (
            Address::ZERO,
            RegistryError::from(I::RegistryZeroAddress { field: 13 }),
        ),
        (
            c.stranger.address,
            RegistryError::from(I::RegistryNoCode {
                account: c.stranger.address,
            }),
        ),
    ] {
        let mut net = lst_registry_client::devnet::devnet();
        let nonce = net.nonce(c.deployer.address);
        match net.deploy(
            c.deployer.address,
            wasm(),
            &constructor_args(c.admin.address, views),
        ) {
            Err(DeployError::Constructor(receipt)) => {
                let error =
                    decode_error("constructor", &receipt.output).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(error, expected);
                assert!(receipt.logs.is_empty());
                assert!(net.code(c.deployer.address.create(nonce)).is_empty());
            }
            Err(e) => panic!("unexpected failure: {e}"),
            Ok(_) => panic!("views program {views} was accepted"),
        }
    }
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
