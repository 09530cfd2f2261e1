//! The constructor: runs once, rejects a zero admin, sets the program's defaults.

mod common;

use alloy_primitives::{Address, U256};
use common::*;
use lst_registry_e2e::abi::{constructor_selector, ILstRegistry as I, RegistryError};
use lst_registry_e2e::artifact;
use lst_registry_e2e::client::{decode_error, Registry};
use lst_registry_e2e::render::metis;
use lst_registry_e2e::E2eError;
use stylus_devnet::DeployError;

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
    let set = reg.view(&I::oracleSetCall {}).expect("oracle set");
    assert_eq!((set.signers.len(), set.threshold, set.epoch), (0, 0, 0));
}

#[test]
fn the_constructor_runs_once() {
    let (mut reg, _) = deployed();
    let stranger = cast().stranger.address;
    let mut calldata = constructor_selector().to_vec();
    calldata.extend_from_slice(&stranger.into_word().0);
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
    again.extend_from_slice(&admin.into_word().0);
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
    match Registry::deploy(artifact::devnet(), wasm(), deployer, Address::ZERO) {
        Err(E2eError::Deploy(DeployError::Constructor(receipt))) => {
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
