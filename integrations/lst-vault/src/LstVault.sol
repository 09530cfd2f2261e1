// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ILstRegistry} from "../../../abi/ILstRegistry.sol";
import {IERC20} from "./IERC20.sol";

/// @title LstVault
/// @notice The staking vault of one LST application in the Metis LST registry: depositors
///         stake METIS on a sequencer node paired with the application, the vault pools it per
///         node and reports each node's pooled stake to the registry in the same transaction.
/// @dev The vault is the `stakingContract` named in its application (`submitApplication`), so
///      the registry accepts its `reportStake` calls and nobody else's. It holds no application
///      id: a node counts as this vault's when its active pairing's application names this
///      vault as staking contract, read from the registry on every call, so the registry stays
///      the only record of pairings (and a later application of the same LST, in another
///      round, works unchanged).
///
///      DEPOSITS need the node's active pairing to be with this vault's application; otherwise
///      they revert with `VaultNodeNotPaired` (never paired, or the pairing ended) or
///      `VaultNotVaultsPairing` (paired with another LST). The new pooled stake is then
///      reported with `reportStake`; the registry's revert comes back to the depositor
///      byte for byte (Solidity re-throws a failed call's revert data), so a deposit past the
///      node's `remainingCapacity` fails with the registry's own
///      `RegistryStakeAboveCap(nodeId, stake, cap)`, and one while the registry is paused with
///      `RegistryPaused()`. An unknown node fails with the registry's `RegistryUnknownNode`.
///
///      WITHDRAWALS always work while the depositor has a deposit on the node: the vault
///      never keeps METIS hostage to the registry. The lower pooled stake is reported when the
///      registry would take it — the node's active pairing is with this vault's application,
///      the registry is not paused and the stake is within the pairing's cap — and otherwise
///      the report is skipped (`StakeNotReported` says why): after an unpairing the ended
///      pairing keeps its last stake on record, and the registry refuses reports to it anyway
///      (`RegistryPairingEnded`). `syncStake` reports a node's pool later (after an unpause,
///      or when the node pairs with this application again).
///
///      The pool is per node, not per pairing: METIS left on a node whose pairing ended stays
///      in its pool, and counts again if the node pairs with this application again (the next
///      deposit or `syncStake` reports it whole, and the registry refuses it above the new
///      cap).
///
///      REENTRANCY. Every function checks, then writes its own state, then calls out (the token,
///      then the registry, or the registry, then the token), so a re-entered call sees the
///      state already updated. The token and the registry are fixed at deployment.
contract LstVault {
    /// @notice Why a withdrawal or sync did not report the pool to the registry.
    enum SkipReason {
        NotPaired,
        OtherApplication,
        RegistryPaused,
        AboveCap
    }

    /// @notice The registry the vault reports to.
    ILstRegistry public immutable registry;

    /// @notice The staked token, METIS.
    IERC20 public immutable metis;

    /// @notice The METIS pooled on each node, in wei: what the vault reports for it.
    mapping(uint64 nodeId => uint256) public pooledStake;

    /// @notice The METIS each account has deposited on each node, in wei.
    mapping(uint64 nodeId => mapping(address account => uint256)) public depositOf;

    /// @notice The METIS pooled on all nodes, in wei: the vault's METIS balance, unless
    ///         someone sent it METIS directly.
    uint256 public totalPooled;

    /// @notice `account` deposited `amount` on `nodeId`, and the node's new pooled stake was
    ///         reported to `pairingId`.
    /// @param nodeId The node.
    /// @param account The depositor.
    /// @param pairingId The node's active pairing, which received the report.
    /// @param amount The METIS deposited, in wei.
    /// @param pooledStake The node's pooled stake now, in wei.
    event Deposited(
        uint64 indexed nodeId, address indexed account, uint64 indexed pairingId, uint256 amount, uint256 pooledStake
    );

    /// @notice `account` withdrew `amount` from `nodeId`.
    /// @param nodeId The node.
    /// @param account The depositor, who received the METIS.
    /// @param pairingId The pairing the lower stake was reported to; 0 when the report was
    ///        skipped (`StakeNotReported` follows).
    /// @param amount The METIS withdrawn, in wei.
    /// @param pooledStake The node's pooled stake now, in wei.
    event Withdrawn(
        uint64 indexed nodeId, address indexed account, uint64 indexed pairingId, uint256 amount, uint256 pooledStake
    );

    /// @notice The node's pooled stake was not reported to the registry.
    /// @param nodeId The node.
    /// @param pairingId The node's active pairing; 0 if it has none.
    /// @param reason A `SkipReason` code.
    event StakeNotReported(uint64 indexed nodeId, uint64 indexed pairingId, uint8 reason);

    /// @notice `syncStake` reported the node's pooled stake.
    /// @param nodeId The node.
    /// @param pairingId Its active pairing.
    /// @param pooledStake The stake reported, in wei.
    event StakeSynced(uint64 indexed nodeId, uint64 indexed pairingId, uint256 pooledStake);

    /// @notice The constructor got the zero address.
    error VaultZeroAddress();

    /// @notice An amount of zero.
    error VaultZeroAmount();

    /// @notice The node has no active pairing: it never paired, or its pairing ended.
    /// @param nodeId The node.
    error VaultNodeNotPaired(uint64 nodeId);

    /// @notice The node's active pairing is with an application whose staking contract is not
    ///         this vault.
    /// @param nodeId The node.
    /// @param pairingId Its active pairing.
    /// @param applicationId The application it is paired with.
    /// @param stakingContract That application's staking contract.
    error VaultNotVaultsPairing(uint64 nodeId, uint64 pairingId, uint64 applicationId, address stakingContract);

    /// @notice The account has less deposited on the node than it asks back.
    /// @param nodeId The node.
    /// @param account The depositor.
    /// @param deposited Its deposit on the node, in wei.
    /// @param needed The amount asked for, in wei.
    error VaultInsufficientDeposit(uint64 nodeId, address account, uint256 deposited, uint256 needed);

    /// @notice The token answered `false` to a transfer.
    error VaultTransferFailed();

    /// @param registry_ The LST registry.
    /// @param metis_ The METIS token.
    constructor(ILstRegistry registry_, IERC20 metis_) {
        if (address(registry_) == address(0) || address(metis_) == address(0)) revert VaultZeroAddress();
        registry = registry_;
        metis = metis_;
    }

    // ============================================================================ staking

    /// @notice Stakes `amount` METIS on `nodeId` and reports the node's new pooled stake to
    ///         the registry.
    /// @dev Pulls the METIS with `transferFrom` (approve the vault first). Reverts:
    ///      `VaultZeroAmount`, `VaultNodeNotPaired`, `VaultNotVaultsPairing`, the token's
    ///      `ERC20InsufficientAllowance` / `ERC20InsufficientBalance`, and the registry's own
    ///      errors unchanged: `RegistryUnknownNode`, `RegistryStakeAboveCap(nodeId, stake, cap)`
    ///      (the deposit would take the node past its cap: at most `remainingCapacity(nodeId)`
    ///      fits), `RegistryPaused`.
    ///      Emits: `Deposited`, with the token's `Transfer` and the registry's `StakeReported`.
    /// @param nodeId A node paired with this vault's application.
    /// @param amount The METIS to stake, in wei; non-zero.
    /// @return pooled The node's pooled stake now, in wei.
    function deposit(uint64 nodeId, uint256 amount) external returns (uint256 pooled) {
        // Checks.
        if (amount == 0) revert VaultZeroAmount();
        uint64 pairingId = _requireVaultsPairing(nodeId);

        // Effects.
        pooled = pooledStake[nodeId] + amount;
        pooledStake[nodeId] = pooled;
        depositOf[nodeId][msg.sender] += amount;
        totalPooled += amount;
        emit Deposited(nodeId, msg.sender, pairingId, amount, pooled);

        // Interactions: the METIS in, then the report (whose revert, if any, bubbles as is).
        if (!metis.transferFrom(msg.sender, address(this), amount)) revert VaultTransferFailed();
        registry.reportStake(pairingId, pooled);
    }

    /// @notice Returns `amount` of the caller's METIS staked on `nodeId`, and reports the node's
    ///         lower pooled stake when the registry would take it.
    /// @dev Works whatever the registry's state: after the node's pairing ended, while it is
    ///      paired with another LST, while the registry is paused. In those cases, and when
    ///      the pool is above the pairing's cap (the node paired again under a lower cap), the
    ///      report is skipped and `StakeNotReported` says why.
    ///      Reverts: `VaultZeroAmount`, `VaultInsufficientDeposit`.
    ///      Emits: `Withdrawn` (its `pairingId` 0 when not reported, then `StakeNotReported`),
    ///      with the registry's `StakeReported` when reported, and the token's `Transfer`.
    /// @param nodeId The node.
    /// @param amount The METIS to withdraw, in wei; non-zero, at most the caller's deposit.
    /// @return pooled The node's pooled stake now, in wei.
    function withdraw(uint64 nodeId, uint256 amount) external returns (uint256 pooled) {
        // Checks.
        if (amount == 0) revert VaultZeroAmount();
        uint256 deposited = depositOf[nodeId][msg.sender];
        if (deposited < amount) revert VaultInsufficientDeposit(nodeId, msg.sender, deposited, amount);
        pooled = pooledStake[nodeId] - amount;
        (uint64 pairingId, bool report, SkipReason reason) = _reportable(nodeId, pooled);

        // Effects.
        unchecked {
            // amount <= deposited <= pooledStake[nodeId] <= totalPooled
            depositOf[nodeId][msg.sender] = deposited - amount;
            totalPooled -= amount;
        }
        pooledStake[nodeId] = pooled;
        emit Withdrawn(nodeId, msg.sender, report ? pairingId : 0, amount, pooled);
        if (!report) emit StakeNotReported(nodeId, pairingId, uint8(reason));

        // Interactions: the report, then the METIS out.
        if (report) registry.reportStake(pairingId, pooled);
        if (!metis.transfer(msg.sender, amount)) revert VaultTransferFailed();
    }

    /// @notice Reports `nodeId`'s pooled stake to its active pairing: after a report was
    ///         skipped (the registry was paused), or when the node paired with this
    ///         application again and its pool still holds METIS.
    /// @dev Anyone may call it: it reports the vault's own figure, nothing the caller chooses.
    ///      Reverts: `VaultNodeNotPaired`, `VaultNotVaultsPairing`, and the registry's errors
    ///      unchanged (`RegistryUnknownNode`, `RegistryPaused`, `RegistryStakeAboveCap`).
    ///      Emits: `StakeSynced`, with the registry's `StakeReported`.
    /// @param nodeId A node paired with this vault's application.
    /// @return pooled The stake reported, in wei.
    function syncStake(uint64 nodeId) external returns (uint256 pooled) {
        uint64 pairingId = _requireVaultsPairing(nodeId);
        pooled = pooledStake[nodeId];
        emit StakeSynced(nodeId, pairingId, pooled);
        registry.reportStake(pairingId, pooled);
    }

    // ============================================================================ views

    /// @notice Where `nodeId`'s pool is reported: its active pairing and that pairing's
    ///         application, cap and staking contract.
    /// @dev Reverts with the registry's `RegistryUnknownNode` for an unknown node.
    /// @param nodeId The node.
    /// @return pairingId Its active pairing; 0 if none (then the rest is zero).
    /// @return applicationId The application it is paired with.
    /// @return stakeCap The pairing's stake cap, in wei.
    /// @return vaults True when that application's staking contract is this vault: deposits
    ///         are open on the node.
    function pairingOf(uint64 nodeId)
        public
        view
        returns (uint64 pairingId, uint64 applicationId, uint256 stakeCap, bool vaults)
    {
        (,, pairingId,,,) = registry.node(nodeId);
        if (pairingId == 0) return (0, 0, 0, false);
        uint64 endedAt;
        (, applicationId, stakeCap,,, endedAt,,) = registry.pairing(pairingId);
        // A node's active pairing has not ended; checked all the same.
        if (endedAt != 0) return (0, 0, 0, false);
        vaults = _stakingContract(applicationId) == address(this);
    }

    // ============================================================================ internal

    /// The node's active pairing, which must be with this vault's application.
    function _requireVaultsPairing(uint64 nodeId) private view returns (uint64 pairingId) {
        uint64 applicationId;
        bool vaults;
        (pairingId, applicationId,, vaults) = pairingOf(nodeId);
        if (pairingId == 0) revert VaultNodeNotPaired(nodeId);
        if (!vaults) {
            revert VaultNotVaultsPairing(nodeId, pairingId, applicationId, _stakingContract(applicationId));
        }
    }

    /// Whether the registry would take `stake` as the node's report, and if not, why.
    function _reportable(uint64 nodeId, uint256 stake)
        private
        view
        returns (uint64 pairingId, bool report, SkipReason reason)
    {
        uint256 stakeCap;
        bool vaults;
        (pairingId,, stakeCap, vaults) = pairingOf(nodeId);
        if (pairingId == 0) return (0, false, SkipReason.NotPaired);
        if (!vaults) return (pairingId, false, SkipReason.OtherApplication);
        if (registry.paused()) return (pairingId, false, SkipReason.RegistryPaused);
        if (stake > stakeCap) return (pairingId, false, SkipReason.AboveCap);
        return (pairingId, true, SkipReason.NotPaired);
    }

    /// The staking contract named by an application.
    function _stakingContract(uint64 applicationId) private view returns (address stakingContract) {
        (,, stakingContract,,,,,,,) = registry.application(applicationId);
    }
}
