//! Functions: the interface's signatures and selectors are the routed ones, all reachable, none
//! payable.

use std::collections::{BTreeMap, BTreeSet};

use alloy_json_abi::StateMutability;
use alloy_primitives::{Address, U256};
use alloy_sol_types::{SolError, SolInterface};
use lst_registry::{dispatch, router, LstRegistry};
use stylus_sdk::testing::TestVM;

use crate::abi_drift::errors::decode_error;
use crate::abi_drift::ILstRegistry::{self, ILstRegistryCalls};
use crate::abi_drift::{hex, interface, read, INTERFACE};

/// Every signature served at the registry's address: the core's, the admin program's, then
/// the views program's.
fn all_signatures() -> Vec<&'static str> {
    router::SIGNATURES
        .iter()
        .chain(lst_registry::admin::SIGNATURES)
        .chain(lst_registry::views::SIGNATURES)
        .copied()
        .collect()
}

/// A registry whose constructor has run, so that the selectors the core forwards reach the
/// admin's functions and the views (before it, they revert with `RegistryNoCode(0)`).
fn constructed(vm: &TestVM) -> LstRegistry {
    let admin = Address::repeat_byte(0xad);
    let (views, admin_program) = (Address::repeat_byte(0x01), Address::repeat_byte(0x02));
    vm.set_code(views, vec![0xEF, 0xF0, 0x00, 0x00]);
    vm.set_code(admin_program, vec![0xEF, 0xF0, 0x00, 0x00]);
    let mut registry = LstRegistry::from(vm);
    if let Err(error) = registry.constructor(admin, views, admin_program) {
        panic!("constructor: {error:?}");
    }
    registry
}

#[test]
fn interface_functions_are_the_routed_functions() {
    let interface: BTreeMap<String, [u8; 4]> = interface()
        .functions()
        .map(|f| (f.signature(), f.selector().0))
        .collect();
    let signatures = all_signatures();
    let routed: BTreeMap<String, [u8; 4]> = signatures
        .iter()
        .map(|s| (s.to_string(), router::selector(s).to_be_bytes()))
        .collect();
    assert_eq!(
        routed.len(),
        signatures.len(),
        "router::SIGNATURES, admin::SIGNATURES and views::SIGNATURES list a signature twice"
    );

    let not_routed: Vec<&String> = interface
        .keys()
        .filter(|s| !routed.contains_key(*s))
        .collect();
    let not_declared: Vec<&String> = routed
        .keys()
        .filter(|s| !interface.contains_key(*s))
        .collect();
    assert!(
        not_routed.is_empty() && not_declared.is_empty(),
        "{INTERFACE} and router::SIGNATURES + admin::SIGNATURES + views::SIGNATURES differ\n  in the interface only: {not_routed:#?}\n  in the router only: {not_declared:#?}"
    );

    // The generated selector table, and the router's selector function, agree with the above.
    let generated: BTreeSet<[u8; 4]> = ILstRegistryCalls::SELECTORS.iter().copied().collect();
    assert_eq!(
        generated.len(),
        ILstRegistryCalls::SELECTORS.len(),
        "two interface functions share a selector"
    );
    assert_eq!(
        generated,
        routed.values().copied().collect::<BTreeSet<_>>(),
        "selector sets differ"
    );
    for (signature, selector) in &interface {
        assert_eq!(
            router::selector(signature).to_be_bytes(),
            *selector,
            "router::selector({signature})"
        );
    }

    // The constructor route is not a function of the interface, and is documented in it.
    let constructor = router::selector("stylus_constructor()").to_be_bytes();
    assert!(
        !generated.contains(&constructor),
        "the constructor route's selector is an interface function"
    );
    let documented = format!(
        "selector {} (`bytes4(keccak256(\"stylus_constructor()\"))`)",
        hex(&constructor)
    );
    assert!(
        read(INTERFACE).contains(&documented),
        "{INTERFACE} must document the constructor route as `{documented}`"
    );
}

#[test]
fn every_interface_function_is_routed() {
    for function in interface().functions() {
        let selector = function.selector().0;
        let name = function.signature();
        let vm = TestVM::new();
        let mut registry = constructed(&vm);
        let unknown = ILstRegistry::RegistryUnknownSelector {
            selector: selector.into(),
        }
        .abi_encode();
        let malformed = ILstRegistry::RegistryMalformedCalldata {
            selector: selector.into(),
        }
        .abi_encode();

        // The selector alone: missing arguments are malformed calldata, never an unknown selector.
        match dispatch(&mut registry, &selector) {
            Ok(_) => assert!(
                function.inputs.is_empty(),
                "{name} succeeded without its arguments"
            ),
            Err(error) => {
                let error = error.encode();
                assert_ne!(error, unknown, "{name} is in the interface but not routed");
                if function.inputs.is_empty() {
                    decode_error(&error);
                } else {
                    assert_eq!(
                        error, malformed,
                        "{name} without arguments: expected RegistryMalformedCalldata"
                    );
                }
            }
        }

        // Every head word but the last byte: the router reads the last parameter too.
        if !function.inputs.is_empty() {
            let mut calldata = selector.to_vec();
            calldata.resize(4 + 32 * function.inputs.len() - 1, 0);
            let error = dispatch(&mut registry, &calldata)
                .expect_err(&name)
                .encode();
            assert_eq!(
                error, malformed,
                "{name} with its last argument cut: expected RegistryMalformedCalldata"
            );
        }
    }

    // A selector nobody declares.
    let selector = router::selector("notARegistryFunction()").to_be_bytes();
    assert!(!ILstRegistryCalls::valid_selector(selector));
    let vm = TestVM::new();
    let error = dispatch(&mut constructed(&vm), &selector)
        .expect_err("unknown selector")
        .encode();
    assert_eq!(
        error,
        ILstRegistry::RegistryUnknownSelector {
            selector: selector.into()
        }
        .abi_encode()
    );
}

#[test]
fn no_function_takes_value() {
    for function in interface().functions() {
        let name = function.signature();
        assert_ne!(
            function.state_mutability,
            StateMutability::Payable,
            "{name} is declared payable"
        );
        let vm = TestVM::new();
        vm.set_value(U256::from(7));
        let error = dispatch(&mut LstRegistry::from(&vm), &function.selector().0)
            .expect_err(&name)
            .encode();
        assert_eq!(
            error,
            ILstRegistry::RegistryNotPayable {
                value: U256::from(7)
            }
            .abi_encode(),
            "{name} with value"
        );
    }
}
