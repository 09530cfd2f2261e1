// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IERC20} from "./IERC20.sol";

/// @title MetisToken
/// @notice A plain ERC-20 standing in for METIS in tests: "Metis Token", symbol "METIS",
///         18 decimals. Its deployer may mint; nothing else is special (no fees, no hooks, no
///         rebasing, no pause), as with the real METIS.
/// @dev Written for this integration, without libraries. Failures revert with the custom
///      errors of ERC-6093 (the names wallets and explorers already decode). An allowance of
///      `type(uint256).max` is treated as infinite: `transferFrom` does not decrease it and
///      emits no `Approval`. Checked arithmetic guards every sum: the total supply bounds every
///      balance, so the unchecked blocks below cannot overflow.
contract MetisToken is IERC20 {
    /// @notice The token's name.
    string public constant name = "Metis Token";

    /// @notice The token's symbol.
    string public constant symbol = "METIS";

    /// @notice Decimals of the token's amounts: 1 METIS is 10^18 units.
    uint8 public constant decimals = 18;

    /// @notice The only account that may mint: the deployer.
    address public immutable minter;

    /// @inheritdoc IERC20
    uint256 public totalSupply;

    /// @inheritdoc IERC20
    mapping(address account => uint256) public balanceOf;

    /// @inheritdoc IERC20
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    /// @notice `sender` holds `balance`, less than the `needed` amount (ERC-6093).
    /// @param sender The account whose tokens would move.
    /// @param balance Its balance.
    /// @param needed The amount asked for.
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);

    /// @notice `spender` may move `allowance`, less than the `needed` amount (ERC-6093).
    /// @param spender The caller of `transferFrom`.
    /// @param allowance Its allowance from the holder.
    /// @param needed The amount asked for.
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    /// @notice Tokens cannot be sent to `receiver` (the zero address) (ERC-6093).
    /// @param receiver The receiver given.
    error ERC20InvalidReceiver(address receiver);

    /// @notice `spender` (the zero address) cannot be approved (ERC-6093).
    /// @param spender The spender given.
    error ERC20InvalidSpender(address spender);

    /// @notice Only the deployer mints.
    /// @param caller The caller.
    error MetisNotMinter(address caller);

    constructor() {
        minter = msg.sender;
    }

    /// @notice Creates `value` tokens for `to`.
    /// @dev Deployer only. Emits `Transfer(0, to, value)`.
    /// @param to The receiver; non-zero.
    /// @param value The amount.
    function mint(address to, uint256 value) external {
        if (msg.sender != minter) revert MetisNotMinter(msg.sender);
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        totalSupply += value;
        unchecked {
            balanceOf[to] += value;
        }
        emit Transfer(address(0), to, value);
    }

    /// @inheritdoc IERC20
    /// @dev Reverts: `ERC20InvalidReceiver` (zero `to`), `ERC20InsufficientBalance`.
    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    /// @dev Reverts: `ERC20InvalidSpender` (zero `spender`). Setting a non-zero allowance over
    ///      a non-zero one is allowed; a spender watching the mempool may spend both (the
    ///      classic ERC-20 race): set zero first when that matters.
    function approve(address spender, uint256 value) external returns (bool) {
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    /// @inheritdoc IERC20
    /// @dev Reverts: `ERC20InsufficientAllowance` (checked first), `ERC20InvalidReceiver`,
    ///      `ERC20InsufficientBalance`. Emits `Approval` with the allowance left, unless it is
    ///      infinite, then `Transfer`.
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert ERC20InsufficientAllowance(msg.sender, allowed, value);
            unchecked {
                allowance[from][msg.sender] = allowed - value;
            }
            emit Approval(from, msg.sender, allowed - value);
        }
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        uint256 held = balanceOf[from];
        if (held < value) revert ERC20InsufficientBalance(from, held, value);
        unchecked {
            balanceOf[from] = held - value;
            balanceOf[to] += value;
        }
        emit Transfer(from, to, value);
    }
}
