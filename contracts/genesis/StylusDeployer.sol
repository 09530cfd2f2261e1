// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity 0.8.37;

/// @notice The part of ArbWasm (precompile 0x71) the deployer calls.
interface IArbWasm {
    /// @notice Activates the program at `program`, charging the data fee from the value sent
    ///         and returning what is left to the caller.
    function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);

    /// @notice The current Stylus version.
    function stylusVersion() external view returns (uint16 version);

    /// @notice The Stylus version a code hash is activated at; reverts if it is not.
    function codehashVersion(bytes32 codehash) external view returns (uint16 version);
}

/// @title StylusDeployer-compatible deployer
/// @notice The devnet's contract at 0xcEcba2F1DC234f70Dd89F2041029807F8D03A990, the address
///         cargo-stylus sends `deploy` to when a program has a constructor. It has the deployer's
///         interface and semantics: one transaction creates the program (CREATE, or CREATE2 when
///         a salt is given), activates it through ArbWasm when its code hash is not yet
///         activated at the current Stylus version, calls it with `initData` and `initValue`,
///         refunds whatever value is left to the caller, and emits `ContractDeployed`.
///         With a salt, the CREATE2 salt is `keccak256(salt ‖ initData ‖ initValue)`, so that an
///         address always stands for one initialisation.
/// @dev One addition: a call whose value does not cover `initValue` when activation is needed
///      reverts with `InsufficientValue` rather than an arithmetic panic.
contract StylusDeployer {
    /// @notice ArbWasm, the Stylus precompile.
    IArbWasm public constant ARB_WASM = IArbWasm(address(0x71));

    /// @notice A program was deployed (and activated and initialised when asked).
    event ContractDeployed(address deployedContract);

    /// @notice Creating the contract failed without revert data.
    error ContractDeploymentError(bytes bytecode);
    /// @notice The call with `initData` reverted.
    error ContractInitializationError(address newContract);
    /// @notice Refunding the value left over to the caller failed.
    error RefundExcessValueError(uint256 excessValue);
    /// @notice No bytecode was given.
    error EmptyBytecode();
    /// @notice `initValue` without `initData`: the value would have no call to go with.
    error InitValueButNotInitData();
    /// @notice The value sent does not cover `initValue`.
    error InsufficientValue(uint256 value, uint256 initValue);

    /// @notice Deploys, activates (when needed) and initialises a program, atomically.
    /// @param bytecode The init code: an EVM prelude returning the Stylus code.
    /// @param initData Calldata of the initialisation call; empty for none.
    /// @param initValue Value of the initialisation call; the rest of `msg.value` pays the
    ///        activation's data fee and is refunded when not used.
    /// @param salt Zero for CREATE; otherwise CREATE2 with `initSalt(salt, initData, initValue)`.
    /// @return The program's address.
    function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt)
        external
        payable
        returns (address)
    {
        if (salt != 0) salt = initSalt(salt, initData, initValue);
        address created = create(bytecode, salt);

        bool activate = requiresActivation(created);
        if (activate) {
            if (msg.value < initValue) revert InsufficientValue(msg.value, initValue);
            ARB_WASM.activateProgram{value: msg.value - initValue}(created);
        }

        if (initData.length != 0) {
            (bool ok,) = created.call{value: initValue}(initData);
            if (!ok) revert ContractInitializationError(created);
        } else if (initValue != 0) {
            revert InitValueButNotInitData();
        }

        if (activate || msg.value != initValue) {
            uint256 left = address(this).balance;
            if (left != 0) {
                (bool sent,) = payable(msg.sender).call{value: left}("");
                if (!sent) revert RefundExcessValueError(left);
            }
        }

        emit ContractDeployed(created);
        return created;
    }

    /// @notice The CREATE2 salt of a deployment with a non-zero `salt`.
    function initSalt(bytes32 salt, bytes calldata initData, uint256 initValue) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(salt, initData, initValue));
    }

    /// @notice Whether the code at `program` still needs activating at the current Stylus version.
    function requiresActivation(address program) public view returns (bool) {
        uint16 version;
        try ARB_WASM.codehashVersion(program.codehash) returns (uint16 v) {
            version = v;
        } catch {
            version = 0;
        }
        return version != ARB_WASM.stylusVersion();
    }

    function create(bytes calldata bytecode, bytes32 salt) private returns (address created) {
        if (bytecode.length == 0) revert EmptyBytecode();
        bytes memory code = bytecode;
        assembly {
            switch salt
            case 0 { created := create(0, add(code, 0x20), mload(code)) }
            default { created := create2(0, add(code, 0x20), mload(code), salt) }
            if and(iszero(created), iszero(iszero(returndatasize()))) {
                let at := mload(0x40)
                returndatacopy(at, 0, returndatasize())
                revert(at, returndatasize())
            }
        }
        if (created == address(0)) revert ContractDeploymentError(bytecode);
    }
}
