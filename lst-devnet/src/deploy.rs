//! What a real deployment of the registry sends, computed offline so the test suite can
//! check it against the devnet.
//!
//! cargo-stylus 0.10 deploys a program that has a constructor through the **StylusDeployer**
//! contract ([`STYLUS_DEPLOYER`], the same address on Arbitrum One, Nova and Sepolia): one
//! transaction calls `deploy(bytecode, initData, initValue, salt)` with
//! `bytecode = prelude ‖ code` (a 43-byte EVM prelude that returns the code, then
//! `EF F0 00 00 ‖ brotli(wasm)`) and `initData = keccak256("stylus_constructor()")[..4] ‖
//! abi.encode(args)`; the deployer creates the program, activates it through `ArbWasm`
//! (paying the data fee from `msg.value`, refunding the excess) and calls it with
//! `initData`, atomically. The program's `msg.sender` in the constructor is the deployer
//! contract, which is why the registry takes its admin as an argument.
//!
//! (Source read: `stylus-tools/src/core/deployment/{mod,deployer,prelude}.rs` of
//! OffchainLabs/stylus-sdk-rs at 0.10.9.)

use alloy_primitives::{address, Address, B256, U256};
use alloy_sol_types::{sol, SolCall};

/// The StylusDeployer contract cargo-stylus uses by default.
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

sol! {
    /// The StylusDeployer's entry point.
    function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) external payable returns (address);
}

/// cargo-stylus' EVM deployment prelude followed by `code` (`DeploymentCalldata::new`).
pub fn with_prelude(code: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(code.len() + 43);
    out.push(0x7f); // PUSH32 code length
    out.extend_from_slice(&U256::from(code.len()).to_be_bytes::<32>());
    out.extend_from_slice(&[0x80, 0x60, 43, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3]);
    out.push(0x00); // version
    out.extend_from_slice(code);
    out
}

/// The constructor call: `0x5585258d ‖ abi.encode(admin, views, adminProgram)`.
pub fn constructor_calldata(admin: Address, views: Address, admin_program: Address) -> Vec<u8> {
    lst_registry_client::abi::constructor_calldata(admin, views, admin_program)
}

/// The Stylus code of `wasm` (`EF F0 00 00 ‖ brotli`), after Nitro's activation checks
/// under the default (ArbOS 50) limits.
pub fn stylus_code(wasm: &[u8]) -> Result<Vec<u8>, stylus_devnet::ActivationError> {
    stylus_devnet::Devnet::new().activate(wasm).map(|p| p.code)
}

/// Calldata of `StylusDeployer.deploy(prelude ‖ code, "", 0, salt)`: deployment and
/// activation of a program without a constructor (the views or admin program).
pub fn program_deployer_calldata(code: &[u8], salt: B256) -> Vec<u8> {
    deployCall {
        bytecode: with_prelude(code).into(),
        initData: Default::default(),
        initValue: U256::ZERO,
        salt,
    }
    .abi_encode()
}

/// Calldata of `StylusDeployer.deploy(prelude ‖ code, constructor(admin, views, adminProgram),
/// 0, salt)`.
pub fn deployer_calldata(
    code: &[u8],
    admin: Address,
    views: Address,
    admin_program: Address,
    salt: B256,
) -> Vec<u8> {
    deployCall {
        bytecode: with_prelude(code).into(),
        initData: constructor_calldata(admin, views, admin_program).into(),
        initValue: U256::ZERO,
        salt,
    }
    .abi_encode()
}
