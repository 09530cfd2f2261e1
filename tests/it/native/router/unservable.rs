//! Calls the router cannot serve: unknown selectors, malformed calldata, value sent.

use alloy_primitives::{Address, U256};
use alloy_sol_types::{SolCall, SolValue};
use lst_registry::RegistryError;

use super::ILstRegistry::*;
use super::{call, dispatch_reverts, selector};
use crate::native::support::*;

#[test]
fn an_unknown_selector_reverts_with_it() {
    let mut env = configured();
    dispatch_reverts(
        &mut env,
        STRANGER,
        &[0xde, 0xad, 0xbe, 0xef],
        RegistryError::unknown_selector([0xde, 0xad, 0xbe, 0xef]),
    );
    // The SDK's snake-case spelling is not the ABI.
    let snake = selector("set_guardian(address)");
    dispatch_reverts(
        &mut env,
        ADMIN,
        &[snake.to_vec(), STRANGER.abi_encode()].concat(),
        RegistryError::unknown_selector(snake),
    );
}

#[test]
fn calldata_shorter_than_a_selector_reverts_as_an_unknown_selector() {
    let mut env = configured();
    dispatch_reverts(
        &mut env,
        STRANGER,
        &[],
        RegistryError::unknown_selector([0; 4]),
    );
    dispatch_reverts(
        &mut env,
        STRANGER,
        &[0xab, 0xcd],
        RegistryError::unknown_selector([0xab, 0xcd, 0, 0]),
    );
    // Even the first three bytes of a real selector.
    let pause = pauseCall::SELECTOR;
    dispatch_reverts(
        &mut env,
        GUARDIAN,
        &pause[..3],
        RegistryError::unknown_selector([pause[0], pause[1], pause[2], 0]),
    );
}

#[test]
fn truncated_arguments_are_malformed_calldata() {
    let mut env = configured();
    let mut input = setGuardianCall { guardian: STRANGER }.abi_encode();
    input.pop();
    dispatch_reverts(
        &mut env,
        ADMIN,
        &input,
        RegistryError::malformed_calldata(setGuardianCall::SELECTOR),
    );
    dispatch_reverts(
        &mut env,
        ADMIN,
        &setGuardianCall::SELECTOR,
        RegistryError::malformed_calldata(setGuardianCall::SELECTOR),
    );
}

#[test]
fn an_address_with_high_bits_set_is_malformed_calldata() {
    let mut env = configured();
    let mut input = setGuardianCall { guardian: STRANGER }.abi_encode();
    input[4] = 1;
    dispatch_reverts(
        &mut env,
        ADMIN,
        &input,
        RegistryError::malformed_calldata(setGuardianCall::SELECTOR),
    );
    assert_eq!(env.reg.guardian(), GUARDIAN);
}

#[test]
fn a_narrow_integer_out_of_range_is_malformed_calldata_not_truncated() {
    let mut env = configured();
    // advancePhase(257) would be advancePhase(1) if truncated to uint8.
    let input = [
        advancePhaseCall::SELECTOR.to_vec(),
        U256::from(257).abi_encode(),
    ]
    .concat();
    dispatch_reverts(
        &mut env,
        ADMIN,
        &input,
        RegistryError::malformed_calldata(advancePhaseCall::SELECTOR),
    );
    // openRound(slots = 2 + 2^8, ..) likewise.
    let input = [
        openRoundCall::SELECTOR.to_vec(),
        (U256::from(258), U256::from(DEADLINE)).abi_encode_params(),
    ]
    .concat();
    dispatch_reverts(
        &mut env,
        ADMIN,
        &input,
        RegistryError::malformed_calldata(openRoundCall::SELECTOR),
    );
    assert_eq!(env.reg.phase().0, phase::ALPHA);
}

#[test]
fn a_string_that_is_not_utf8_is_malformed_calldata() {
    let mut env = round_open();
    let call = submitApplicationCall {
        name: "XX".into(),
        metadataUri: LST_A.metadata_uri.into(),
        contentHash: LST_A.content_hash,
        snapshotSpace: LST_A.snapshot_space.into(),
        snapshotProposal: LST_A.snapshot_proposal,
        stakingContract: STAKING_A,
    };
    let mut input = call.abi_encode();
    let at = input.windows(2).position(|w| w == b"XX").unwrap();
    input[at] = 0xff;
    dispatch_reverts(
        &mut env,
        APPLICANT_A,
        &input,
        RegistryError::malformed_calldata(submitApplicationCall::SELECTOR),
    );
}

#[test]
fn a_dynamic_offset_or_length_outside_the_calldata_is_malformed() {
    let mut env = applications_submitted();
    let call = attestTallyCall {
        applicationId: APP_A,
        forVotes: metis(1),
        againstVotes: U256::ZERO,
        abstainVotes: U256::ZERO,
        voters: 1,
        signatures: vec![0u8; 65].into(),
    };
    let good = call.abi_encode();
    let head = |input: &mut Vec<u8>, word: usize, value: U256| {
        input[4 + 32 * word..4 + 32 * (word + 1)].copy_from_slice(&value.to_be_bytes::<32>());
    };
    let mut offset_out = good.clone();
    head(&mut offset_out, 5, U256::from(good.len()));
    let mut offset_huge = good.clone();
    head(&mut offset_huge, 5, U256::MAX);
    let mut length_out = good.clone();
    head(&mut length_out, 6, U256::from(1_000)); // the length word of the bytes
    for input in [offset_out, offset_huge, length_out] {
        dispatch_reverts(
            &mut env,
            RELAYER,
            &input,
            RegistryError::malformed_calldata(attestTallyCall::SELECTOR),
        );
    }
    // An address[] longer than the calldata could hold.
    let mut input = setOracleSetCall {
        signers: vec![Address::with_last_byte(1)],
        threshold: 1,
    }
    .abi_encode();
    head(&mut input, 2, U256::from(1u64 << 30));
    dispatch_reverts(
        &mut env,
        ADMIN,
        &input,
        RegistryError::malformed_calldata(setOracleSetCall::SELECTOR),
    );
}

#[test]
fn value_sent_to_any_function_reverts_as_not_payable() {
    let mut env = configured();
    env.vm.set_value(U256::from(1));
    dispatch_reverts(
        &mut env,
        GUARDIAN,
        &pauseCall {}.abi_encode(),
        RegistryError::not_payable(U256::from(1)),
    );
    env.vm.set_value(metis(5));
    dispatch_reverts(
        &mut env,
        STRANGER,
        &pausedCall {}.abi_encode(),
        RegistryError::not_payable(metis(5)),
    );
    env.vm.set_value(U256::ZERO);
    assert!(!call(&mut env, STRANGER, &pausedCall {}));
}

#[test]
fn registry_errors_pass_through_the_router_unchanged() {
    let mut env = configured();
    dispatch_reverts(
        &mut env,
        STRANGER,
        &pauseCall {}.abi_encode(),
        RegistryError::not_guardian(STRANGER),
    );
}
