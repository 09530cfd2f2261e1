//! What `scripts/deploy.sh` sends to a real chain, checked offline: the core's artifact passes
//! Nitro's activation under the real limits, the StylusDeployer calldata carries exactly
//! the program and `0x5585258d ‖ abi.encode(admin, views, adminProgram)`, and that
//! constructor call, with the views and admin programs in place, initialises the registry on
//! the devnet even when the deployer contract (not the admin) calls it.

use alloy_primitives::{address, keccak256, Address, B256};
use alloy_sol_types::{SolCall, SolValue};
use lst_devnet::abi::ILstRegistry;
use lst_devnet::deploy::{self, deployCall, STYLUS_DEPLOYER};
use stylus_devnet::{Devnet, StylusParams};

fn artifact() -> Vec<u8> {
    std::fs::read(lst_devnet::artifact_path()).expect("run `cargo xtask artifact` first")
}

#[test]
fn the_artifact_activates_under_nitros_limits() {
    let net = Devnet::new();
    assert_eq!(
        net.params(),
        &StylusParams::default(),
        "Nitro's (ArbOS 50) limits"
    );
    let program = net.activate(&artifact()).expect("activation");
    assert!(
        program.code.len() <= 24_576,
        "compressed code {} > 24,576",
        program.code.len()
    );
    assert_eq!(&program.code[..4], &[0xEF, 0xF0, 0x00, 0x00]);
}

#[test]
fn the_deployer_calldata_is_what_cargo_stylus_sends() {
    let admin = address!("1111111111111111111111111111111111111111");
    let views = address!("2222222222222222222222222222222222222222");
    let admin_program = address!("3333333333333333333333333333333333333333");
    let code = deploy::stylus_code(&artifact()).unwrap();
    let calldata = deploy::deployer_calldata(&code, admin, views, admin_program, B256::ZERO);
    let call = deployCall::abi_decode(&calldata).unwrap();
    // cargo-stylus' DeploymentCalldata::new: PUSH32 len, DUP1, PUSH1 43, PUSH1 0, CODECOPY,
    // PUSH1 0, RETURN, version 0, code.
    assert_eq!(call.bytecode[0], 0x7f);
    assert_eq!(
        &call.bytecode[33..43],
        &[0x80, 0x60, 43, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]
    );
    assert_eq!(&call.bytecode[43..], &code[..]);
    assert_eq!(call.initData[..4], keccak256("stylus_constructor()")[..4]);
    assert_eq!(&call.initData[..4], &[0x55, 0x85, 0x25, 0x8d]);
    assert_eq!(
        &call.initData[4..],
        &(admin, views, admin_program).abi_encode()[..]
    );
    assert!(call.initValue.is_zero());

    // The constructor call, made by the deployer contract, makes `admin` the admin.
    let mut net = Devnet::new();
    let views_wasm =
        std::fs::read(lst_devnet::views_artifact_path()).expect("run `cargo xtask artifact` first");
    net.deploy_at(views, &views_wasm).expect("views program");
    let admin_wasm =
        std::fs::read(lst_devnet::admin_artifact_path()).expect("run `cargo xtask artifact` first");
    net.deploy_at(admin_program, &admin_wasm)
        .expect("admin program");
    let r = net
        .deploy(STYLUS_DEPLOYER, &call.bytecode[43..], &call.initData[4..])
        .unwrap();
    let registry = r.contract_address.unwrap();
    let out = net.call(
        Address::ZERO,
        registry,
        &ILstRegistry::adminCall {}.abi_encode(),
    );
    assert!(out.is_success());
    assert_eq!(
        ILstRegistry::adminCall::abi_decode_returns(&out.output).unwrap(),
        admin
    );
    // And a second constructor call is refused.
    let again = net.send(admin, registry, &call.initData, Default::default());
    assert!(!again.is_success());
}
