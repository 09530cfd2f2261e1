//! The contract's own router: unknown selectors, truncated or non-canonical calldata and
//! value all revert with the registry's custom errors, for every function of the interface.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use lst_registry_client::abi::{constructor_selector, ILstRegistry as I, RegistryCall};

use crate::common::*;

/// Number of parameters of a function signature such as `pair(uint64,uint64,uint256,string)`.
fn arity(signature: &str) -> usize {
    let params = signature
        .split_once('(')
        .map(|(_, rest)| rest.trim_end_matches(')'))
        .unwrap_or("");
    if params.is_empty() {
        0
    } else {
        params.split(',').count()
    }
}

/// Every function of the interface: `(signature, selector, number of parameters)`.
fn functions() -> Vec<(&'static str, [u8; 4], usize)> {
    RegistryCall::SIGNATURES
        .iter()
        .zip(RegistryCall::SELECTORS)
        .map(|(signature, selector)| (*signature, *selector, arity(signature)))
        .collect()
}

#[test]
fn the_interface_has_every_function_of_the_router() {
    // 13 functions in src/router.rs `SIGNATURES` (the core), 12 in src/admin.rs (the admin
    // program), 25 in src/views.rs (the views program).
    assert_eq!(functions().len(), 50);
}

#[test]
fn every_interface_function_is_routed() {
    let mut reg = populated();
    for (signature, selector, params) in functions() {
        let mut calldata = selector.to_vec();
        calldata.resize(4 + 32 * params, 0);
        let tx = reg
            .call_raw(cast().stranger.address, &calldata, U256::ZERO)
            .unwrap_or_else(|e| panic!("{signature}: {e}"));
        if let Some(lst_registry_client::abi::RegistryError::RegistryUnknownSelector(_)) =
            tx.error()
        {
            panic!("{signature} is not routed by the artifact");
        }
    }
}

#[test]
fn unknown_selectors_revert_with_registry_unknown_selector() {
    let mut reg = populated();
    let stranger = cast().stranger.address;
    for selector in [[0xde, 0xad, 0xbe, 0xef], [0, 0, 0, 0], [0xff; 4]] {
        let mut calldata = selector.to_vec();
        calldata.extend_from_slice(&[0u8; 64]);
        assert_reverts_raw(
            &mut reg,
            stranger,
            &calldata,
            U256::ZERO,
            I::RegistryUnknownSelector {
                selector: selector.into(),
            },
        );
    }
    // shorter than a selector: what there is, zero-padded
    for calldata in [&[][..], &[0x12][..], &[0x12, 0x34, 0x56][..]] {
        let mut selector = [0u8; 4];
        selector[..calldata.len()].copy_from_slice(calldata);
        assert_reverts_raw(
            &mut reg,
            stranger,
            calldata,
            U256::ZERO,
            I::RegistryUnknownSelector {
                selector: selector.into(),
            },
        );
    }
}

#[test]
fn truncated_calldata_reverts_with_registry_malformed_calldata() {
    let mut reg = populated();
    let stranger = cast().stranger.address;
    for (signature, selector, params) in functions().into_iter().filter(|f| f.2 > 0) {
        let expected = I::RegistryMalformedCalldata {
            selector: selector.into(),
        };
        // the selector alone, and every argument word present but the last byte
        for len in [4, 4 + 32 * params - 1] {
            let mut calldata = selector.to_vec();
            calldata.resize(len, 0);
            let tx = reg
                .call_raw(stranger, &calldata, U256::ZERO)
                .unwrap_or_else(|e| panic!("{signature}: {e}"));
            assert_eq!(
                tx.error(),
                Some(&expected.clone().into()),
                "{signature} with {len} bytes of calldata"
            );
        }
    }
    // and as a transaction: nothing changes
    let call = I::pairCall {
        nodeId: 2,
        applicationId: 1,
        stakeCap: U256::from(1),
        announcementUri: "x".into(),
    }
    .abi_encode();
    assert_reverts_raw(
        &mut reg,
        cast().node(2).operator.address,
        &call[..call.len() - 40],
        U256::ZERO,
        I::RegistryMalformedCalldata {
            selector: I::pairCall::SELECTOR.into(),
        },
    );
}

#[test]
fn non_canonical_arguments_are_malformed() {
    let mut reg = populated();
    let admin = cast().admin.address;
    // uint8 with bits above 8 set
    let mut phase = I::advancePhaseCall { to: 1 }.abi_encode();
    phase[4 + 30] = 1;
    assert_reverts_raw(
        &mut reg,
        admin,
        &phase,
        U256::ZERO,
        I::RegistryMalformedCalldata {
            selector: I::advancePhaseCall::SELECTOR.into(),
        },
    );
    // address with dirty high bytes
    let mut guardian = I::setGuardianCall {
        newGuardian: Address::repeat_byte(7),
    }
    .abi_encode();
    guardian[4] = 1;
    assert_reverts_raw(
        &mut reg,
        admin,
        &guardian,
        U256::ZERO,
        I::RegistryMalformedCalldata {
            selector: I::setGuardianCall::SELECTOR.into(),
        },
    );
    // a string whose length points past the calldata
    let mut submit = cast().lst(4).submit().abi_encode();
    let name_offset = 4 + usize::from(submit[4 + 31]);
    submit[name_offset + 31] = 0xff;
    let applicant = cast().lst(4).applicant.address;
    assert_reverts_raw(
        &mut reg,
        applicant,
        &submit,
        U256::ZERO,
        I::RegistryMalformedCalldata {
            selector: I::submitApplicationCall::SELECTOR.into(),
        },
    );
}

#[test]
fn value_sent_to_any_function_reverts_with_registry_not_payable() {
    let mut reg = populated();
    let stranger = cast().stranger.address;
    reg.net_mut()
        .set_balance(stranger, U256::from(10u64).pow(U256::from(18)));
    let value = U256::from(1);
    for (signature, selector, params) in functions() {
        let mut calldata = selector.to_vec();
        calldata.resize(4 + 32 * params, 0);
        let tx = reg
            .call_raw(stranger, &calldata, value)
            .unwrap_or_else(|e| panic!("{signature}: {e}"));
        assert_eq!(
            tx.error(),
            Some(&I::RegistryNotPayable { value }.into()),
            "{signature} with 1 wei"
        );
    }
    // as transactions, the constructor route too: nothing changes and the value stays put
    let balance = reg.net().balance(stranger);
    assert_reverts_raw(
        &mut reg,
        stranger,
        &I::pauseCall {}.abi_encode(),
        value,
        I::RegistryNotPayable { value },
    );
    let mut constructor = constructor_selector().to_vec();
    constructor.extend_from_slice(&stranger.into_word().0);
    assert_reverts_raw(
        &mut reg,
        stranger,
        &constructor,
        value,
        I::RegistryNotPayable { value },
    );
    assert_eq!(reg.net().balance(stranger), balance);
    assert_eq!(reg.net().balance(reg.address()), U256::ZERO);
}
