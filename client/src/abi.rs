//! The registry's Solidity interface, as Rust types: one call type per function, the
//! [`RegistryEvent`] enum of every event and the [`RegistryError`] enum of every custom error.
//!
//! Everything comes from the committed interface `abi/ILstRegistry.sol` (selectors, event
//! topics, error selectors, names) through `lst-registry-types`, so a signature that drifts
//! between the contract and the interface breaks every client at once.

use alloy_primitives::{hex, Address};
use alloy_sol_types::SolCall;

pub use lst_registry_types::{ILstRegistry, RegistryCall, RegistryError, RegistryEvent};

/// `keccak256("stylus_constructor()")[..4]`: the SDK's constructor route, which the
/// interface does not list.
pub fn constructor_selector() -> [u8; 4] {
    lst_registry_types::program::CONSTRUCTOR_SELECTOR
}

/// The name of an interface function from its selector, if the interface has it.
pub fn function_name(selector: [u8; 4]) -> Option<&'static str> {
    RegistryCall::name_by_selector(selector)
}

/// The interface name of the function `C` calls: `pair` for `pair(uint64,uint64,uint256,string)`.
pub fn call_name<C: SolCall>() -> &'static str {
    C::SIGNATURE.split('(').next().unwrap_or(C::SIGNATURE)
}

/// The name of the function `calldata` calls, for messages.
pub fn name_of_calldata(calldata: &[u8]) -> String {
    let Some(selector) = calldata.get(..4).and_then(|s| <[u8; 4]>::try_from(s).ok()) else {
        return format!("<{} bytes of calldata>", calldata.len());
    };
    if selector == constructor_selector() {
        return "constructor".to_string();
    }
    match function_name(selector) {
        Some(name) => name.to_string(),
        None => format!("<unknown selector 0x{}>", hex::encode(selector)),
    }
}

/// The constructor's arguments: `abi.encode(admin, views, adminProgram)`.
pub fn constructor_args(admin: Address, views: Address, admin_program: Address) -> Vec<u8> {
    let mut args = admin.into_word().0.to_vec();
    args.extend_from_slice(&views.into_word().0);
    args.extend_from_slice(&admin_program.into_word().0);
    args
}

/// The constructor call: its selector followed by [`constructor_args`].
pub fn constructor_calldata(admin: Address, views: Address, admin_program: Address) -> Vec<u8> {
    let mut out = constructor_selector().to_vec();
    out.extend_from_slice(&constructor_args(admin, views, admin_program));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calldata_is_named_by_its_selector() {
        let call = ILstRegistry::closeRoundCall { roundId: 1 };
        assert_eq!(name_of_calldata(&call.abi_encode()), "closeRound");
        assert_eq!(call_name::<ILstRegistry::closeRoundCall>(), "closeRound");
        assert_eq!(name_of_calldata(&constructor_selector()), "constructor");
        assert_eq!(name_of_calldata(&[1, 2]), "<2 bytes of calldata>");
        assert_eq!(
            name_of_calldata(&[0xde, 0xad, 0xbe, 0xef]),
            "<unknown selector 0xdeadbeef>"
        );
    }

    #[test]
    fn constructor_arguments_are_three_words() {
        let admin = Address::repeat_byte(1);
        let views = Address::repeat_byte(2);
        let admin_program = Address::repeat_byte(3);
        let args = constructor_args(admin, views, admin_program);
        assert_eq!(
            args,
            alloy_sol_types::SolValue::abi_encode(&(admin, views, admin_program))
        );
        assert_eq!(
            constructor_calldata(admin, views, admin_program)[4..],
            args[..]
        );
    }
}
