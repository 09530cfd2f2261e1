// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity 0.8.37;

/// @title Deterministic CREATE2 deployer
/// @notice The devnet's contract at 0x4e59b44847b379578588920cA78FbF26c0B4956C, the address
///         where Foundry, Hardhat and most deployment tools expect the deterministic deployment
///         proxy. It behaves as that proxy does: the calldata is a 32-byte salt followed by the
///         init code; the contract is created with CREATE2, receiving the call's value, and its
///         address is returned as 20 bytes, not ABI-padded. The created address depends only on
///         this contract's address, the salt and the init code, so it is the same as on every
///         chain that has the proxy at this address.
/// @dev Differences from the proxy, both on calls the proxy cannot serve either: calldata
///      shorter than a salt reverts at once (the proxy runs out of gas), and a failed creation
///      reverts with the creation's own revert data (the proxy reverts with none).
contract DeterministicDeployer {
    fallback() external payable {
        assembly {
            if lt(calldatasize(), 32) { revert(0, 0) }
            let size := sub(calldatasize(), 32)
            // Memory from 0 holds the init code; nothing of Solidity's runs after this block.
            calldatacopy(0, 32, size)
            let created := create2(callvalue(), 0, size, calldataload(0))
            if iszero(created) {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
            mstore(0, created)
            return(12, 20)
        }
    }
}
