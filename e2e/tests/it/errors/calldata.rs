//! The calldata itself (unknown selectors, truncated calldata, value, a second constructor
//! call) and the arguments' own checks (zero addresses and hashes, lengths, amounts).

use super::*;

/// Calls and input: every error of the group, reached through the artifact.
pub(super) fn calls_and_input(reg: &mut Registry, cov: &mut Coverage) {
    let c = cast();
    let (admin, stranger) = (c.admin.address, c.stranger.address);
    let t3 = tally_of(3);
    cov.reverts_raw(
        reg,
        stranger,
        &[0xde, 0xad, 0xbe, 0xef],
        U256::ZERO,
        I::RegistryUnknownSelector {
            selector: [0xde, 0xad, 0xbe, 0xef].into(),
        },
    );
    let truncated = I::setGuardianCall {
        newGuardian: stranger,
    }
    .abi_encode();
    cov.reverts_raw(
        reg,
        stranger,
        &truncated[..truncated.len() - 1],
        U256::ZERO,
        I::RegistryMalformedCalldata {
            selector: I::setGuardianCall::SELECTOR.into(),
        },
    );
    reg.net_mut().set_balance(stranger, U256::from(1_000u64));
    cov.reverts_raw(
        reg,
        stranger,
        &I::adminCall {}.abi_encode(),
        U256::from(1),
        I::RegistryNotPayable {
            value: U256::from(1),
        },
    );
    let mut constructor = constructor_selector().to_vec();
    constructor.extend_from_slice(&lst_registry_client::abi::constructor_args(
        stranger, stranger, stranger,
    ));
    cov.reverts_raw(
        reg,
        stranger,
        &constructor,
        U256::ZERO,
        I::RegistryAlreadyInitialised {},
    );

    // ---- input
    cov.reverts(
        reg,
        admin,
        &I::setGuardianCall {
            newGuardian: Address::ZERO,
        },
        I::RegistryZeroAddress { field: 1 },
    );
    let zero_hash = submit_with(4, |call| call.contentHash = B256::ZERO);
    cov.reverts(
        reg,
        c.lst(4).applicant.address,
        &zero_hash,
        I::RegistryZeroHash { field: 8 },
    );
    let no_name = submit_with(4, |call| call.name = String::new());
    cov.reverts(
        reg,
        c.lst(4).applicant.address,
        &no_name,
        I::RegistryInvalidLength {
            field: 5,
            length: U256::ZERO,
            min: U256::from(1),
            max: U256::from(64),
        },
    );
    let mut huge = t3;
    huge.for_votes = max_amount() + U256::from(1);
    cov.reverts(
        reg,
        c.relayer.address,
        &attest(3, &huge, Vec::new()),
        I::RegistryAmountTooLarge {
            amount: huge.for_votes,
            max: max_amount(),
        },
    );
}
