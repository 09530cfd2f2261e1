// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IERC20
/// @notice The ERC-20 token interface (EIP-20), as the vault uses it: METIS on Metis and on
///         Arbitrum-style L2s is a plain ERC-20 with 18 decimals.
interface IERC20 {
    /// @notice `value` tokens moved from `from` to `to` (`from` zero for a mint).
    /// @param from The sender.
    /// @param to The receiver.
    /// @param value The amount, in the token's smallest unit.
    event Transfer(address indexed from, address indexed to, uint256 value);

    /// @notice `owner` let `spender` move up to `value` of its tokens.
    /// @param owner The holder.
    /// @param spender The account allowed to spend.
    /// @param value The allowance now (not a delta).
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice The tokens in existence.
    function totalSupply() external view returns (uint256);

    /// @notice The tokens `account` holds.
    /// @param account The holder.
    function balanceOf(address account) external view returns (uint256);

    /// @notice How much `spender` may still move from `owner`'s balance.
    /// @param owner The holder.
    /// @param spender The spender.
    function allowance(address owner, address spender) external view returns (uint256);

    /// @notice Moves `value` of the caller's tokens to `to`.
    /// @param to The receiver.
    /// @param value The amount.
    /// @return success Always true (failures revert).
    function transfer(address to, uint256 value) external returns (bool success);

    /// @notice Lets `spender` move up to `value` of the caller's tokens (replacing any
    ///         previous allowance).
    /// @param spender The spender.
    /// @param value The allowance.
    /// @return success Always true (failures revert).
    function approve(address spender, uint256 value) external returns (bool success);

    /// @notice Moves `value` of `from`'s tokens to `to`, spending the caller's allowance.
    /// @param from The holder.
    /// @param to The receiver.
    /// @param value The amount.
    /// @return success Always true (failures revert).
    function transferFrom(address from, address to, uint256 value) external returns (bool success);
}
