// SPDX-License-Identifier: MIT OR Apache-2.0
// TEMPORARY draft for the e2e crate only, written from src/router.rs `SIGNATURES`,
// src/lib.rs (return tuples), src/errors.rs and src/events.rs. It stands in for the
// committed interface abi/ILstRegistry.sol until that exists; then e2e/src/abi.rs imports
// the committed file and this one is deleted.
pragma solidity ^0.8.24;

interface ILstRegistry {
    // ---- errors (src/errors.rs) -----------------------------------------------------------
    error RegistryNotAdmin(address caller);
    error RegistryNotGuardian(address caller);
    error RegistryNotPendingAdmin(address caller, address pendingAdmin);
    error RegistryNotApplicant(uint64 applicationId, address caller);
    error RegistryNotNodeOperator(uint64 nodeId, address caller);
    error RegistryNotStakingContract(uint64 nodeId, address caller, address stakingContract);
    error RegistryPaused();
    error RegistryNotPaused();
    error RegistryUnknownSelector(bytes4 selector);
    error RegistryMalformedCalldata(bytes4 selector);
    error RegistryNotPayable(uint256 value);
    error RegistryAlreadyInitialised();
    error RegistryZeroAddress(uint8 field);
    error RegistryZeroHash(uint8 field);
    error RegistryInvalidLength(uint8 field, uint256 length, uint256 min, uint256 max);
    error RegistryAmountTooLarge(uint256 amount, uint256 max);
    error RegistryInvalidQuorum(uint256 quorum, uint256 max);
    error RegistryInvalidMinVoters(uint32 minVoters);
    error RegistryInvalidApproval(uint16 approvalBps);
    error RegistryInvalidStakeCapBounds(uint256 min, uint256 max, uint256 ceiling);
    error RegistryInvalidStakeCap(uint256 cap, uint256 min, uint256 max);
    error RegistryInvalidNodeLimit(uint8 phase, uint16 limit, uint16 min, uint16 max);
    error RegistryInvalidPhaseTransition(uint8 from, uint8 to);
    error RegistryInvalidOracleSet(uint256 signers, uint8 threshold, uint256 maxSigners);
    error RegistryInvalidOracleSigner(uint256 index, address signer);
    error RegistryMalformedSignatures(uint256 length);
    error RegistrySignatureCount(uint256 count, uint8 threshold, uint8 signers);
    error RegistrySignatureHighS(uint256 index);
    error RegistryInvalidSignature(uint256 index);
    error RegistrySignersNotSorted(uint256 index, address signer);
    error RegistryUnknownSigner(uint256 index, address signer);
    error RegistryUnknownRound(uint64 roundId);
    error RegistryWrongRoundStatus(uint64 roundId, uint8 status, uint8 expected);
    error RegistryInvalidRoundConfig(uint8 slots, uint64 deadline, uint64 now, uint8 maxSlots);
    error RegistryDeadline(uint64 roundId, uint64 deadline, uint64 now);
    error RegistryNoOpenRound();
    error RegistryRoundFull(uint64 roundId, uint16 max);
    error RegistryTalliesMissing(uint64 roundId, uint16 tallied, uint16 live);
    error RegistryUnknownApplication(uint64 applicationId);
    error RegistryWrongApplicationStatus(uint64 applicationId, uint8 status, uint8 expected);
    error RegistryUnknownNode(uint64 nodeId);
    error RegistryUnknownPairing(uint64 pairingId);
    error RegistryNodeLimitReached(uint8 phase, uint16 limit);
    error RegistrySignerInUse(address signer, uint64 nodeId);
    error RegistryNodeAlreadyPaired(uint64 nodeId, uint64 pairingId);
    error RegistryNodeNotPaired(uint64 nodeId);
    error RegistryStakeAboveCap(uint64 nodeId, uint256 stake, uint256 cap);
    error RegistryCapBelowStake(uint64 nodeId, uint256 cap, uint256 stake);

    // ---- events (src/events.rs) -----------------------------------------------------------
    event AdminTransferStarted(address indexed admin, address indexed pendingAdmin);
    event AdminTransferred(address indexed previousAdmin, address indexed newAdmin);
    event GuardianChanged(address indexed previousGuardian, address indexed newGuardian);
    event Paused(address indexed account);
    event Unpaused(address indexed account);
    event OracleSetChanged(uint32 indexed epoch, address[] signers, uint8 threshold);
    event VoteRulesChanged(uint256 quorum, uint32 minVoters, uint16 approvalBps);
    event StakeCapBoundsChanged(uint256 minCap, uint256 maxCap);
    event PhaseNodeLimitChanged(uint8 indexed phase, uint16 limit);
    event PhaseAdvanced(uint8 indexed from, uint8 indexed to);
    event RoundOpened(uint64 indexed roundId, uint8 slots, uint64 deadline, uint8 phase);
    event RoundClosed(uint64 indexed roundId, uint16 applications);
    event ApplicationSubmitted(
        uint64 indexed roundId,
        uint64 indexed applicationId,
        address indexed applicant,
        address stakingContract,
        bytes32 contentHash,
        bytes32 snapshotProposal
    );
    event ApplicationWithdrawn(uint64 indexed roundId, uint64 indexed applicationId);
    event TallyAttested(
        uint64 indexed roundId,
        uint64 indexed applicationId,
        uint32 indexed oracleEpoch,
        uint256 forVotes,
        uint256 againstVotes,
        uint256 abstainVotes,
        uint32 voters
    );
    event ApplicationFailed(uint64 indexed roundId, uint64 indexed applicationId, uint8 reason);
    event ApplicationPassed(uint64 indexed roundId, uint64 indexed applicationId, uint16 rank);
    event ApplicationQualified(uint64 indexed roundId, uint64 indexed applicationId, uint16 rank);
    event RoundFinalised(uint64 indexed roundId, uint16 passed, uint8 qualified);
    event NodeRegistered(uint64 indexed nodeId, address indexed operator, address indexed sequencerSigner);
    event NodeUpdated(uint64 indexed nodeId, address indexed operator, address indexed sequencerSigner);
    event NodePaired(
        uint64 indexed nodeId, uint64 indexed pairingId, uint64 indexed applicationId, uint256 stakeCap, uint64 nonce
    );
    event NodeUnpaired(uint64 indexed nodeId, uint64 indexed pairingId, address indexed by, string reason, uint64 nonce);
    event StakeCapChanged(
        uint64 indexed nodeId, uint64 indexed pairingId, uint256 previousCap, uint256 newCap, uint64 nonce
    );
    event StakeReported(uint64 indexed nodeId, uint64 indexed pairingId, uint256 stake);

    // ---- roles -----------------------------------------------------------------------------
    function admin() external view returns (address);
    function pendingAdmin() external view returns (address);
    function guardian() external view returns (address);
    function paused() external view returns (bool);
    function transferAdmin(address newAdmin) external;
    function acceptAdmin() external;
    function setGuardian(address guardian) external;
    function pause() external;
    function unpause() external;

    // ---- oracle set and tallies ------------------------------------------------------------
    function setOracleSet(address[] calldata signers, uint8 threshold) external;
    function oracleSet() external view returns (address[] memory signers, uint8 threshold, uint32 epoch);
    function domainSeparator() external view returns (bytes32);
    function tallyDigest(uint64 applicationId, uint256 forVotes, uint256 againstVotes, uint256 abstainVotes, uint32 voters)
        external
        view
        returns (bytes32);
    function attestTally(
        uint64 applicationId,
        uint256 forVotes,
        uint256 againstVotes,
        uint256 abstainVotes,
        uint32 voters,
        bytes calldata signatures
    ) external;

    // ---- rules and phases ------------------------------------------------------------------
    function rules()
        external
        view
        returns (uint256 quorum, uint32 minVoters, uint16 approvalBps, uint256 minCap, uint256 maxCap, string memory countingMode);
    function setVoteRules(uint256 quorum, uint32 minVoters, uint16 approvalBps) external;
    function setStakeCapBounds(uint256 minCap, uint256 maxCap) external;
    function phase() external view returns (uint8 current, uint16 nodeLimit, uint16 nodeCount);
    function phaseNodeLimits() external view returns (uint16[4] memory limits);
    function setPhaseNodeLimit(uint8 phase, uint16 limit) external;
    function advancePhase(uint8 to) external;

    // ---- Stage 1 ---------------------------------------------------------------------------
    function openRound(uint8 slots, uint64 deadline) external returns (uint64 roundId);
    function closeRound(uint64 roundId) external;
    function submitApplication(
        string calldata name,
        string calldata metadataUri,
        bytes32 contentHash,
        string calldata snapshotSpace,
        bytes32 snapshotProposal,
        address stakingContract
    ) external returns (uint64 applicationId);
    function withdrawApplication(uint64 applicationId) external;
    function finaliseRound(uint64 roundId) external;
    function round(uint64 roundId)
        external
        view
        returns (
            uint8 slots,
            uint8 status,
            uint8 phase,
            uint64 firstApplication,
            uint16 applications,
            uint16 live,
            uint16 tallied,
            uint16 passed,
            uint8 qualified,
            uint64 deadline
        );
    function counts() external view returns (uint64 rounds, uint64 applications, uint64 nodes, uint64 pairings);
    function roundApplications(uint64 roundId, uint64 offset, uint64 limit) external view returns (uint64[] memory);
    function application(uint64 applicationId)
        external
        view
        returns (
            uint64 roundId,
            address applicant,
            address stakingContract,
            uint8 status,
            uint8 rank,
            bytes32 contentHash,
            bytes32 snapshotProposal,
            string memory name,
            string memory metadataUri,
            string memory snapshotSpace
        );
    function applicationTally(uint64 applicationId)
        external
        view
        returns (uint256 forVotes, uint256 againstVotes, uint256 abstainVotes, uint32 voters, uint32 oracleEpoch);
    function eligibility(uint64 applicationId) external view returns (bool eligible, uint8 status);

    // ---- Stage 2 ---------------------------------------------------------------------------
    function registerNode(address operator, address sequencerSigner, string calldata metadataUri)
        external
        returns (uint64 nodeId);
    function updateNode(uint64 nodeId, address operator, address sequencerSigner, string calldata metadataUri) external;
    function node(uint64 nodeId)
        external
        view
        returns (
            address operator,
            address sequencerSigner,
            uint64 activePairing,
            uint8 registeredPhase,
            uint64 registeredAt,
            string memory metadataUri
        );
    function nodeOfSigner(address sequencerSigner) external view returns (uint64);
    function nodes(uint64 offset, uint64 limit) external view returns (uint64[] memory);
    function pair(uint64 nodeId, uint64 applicationId, uint256 stakeCap, string calldata announcementUri)
        external
        returns (uint64 pairingId);
    function unpair(uint64 nodeId, string calldata reason) external;
    function setStakeCap(uint64 nodeId, uint256 stakeCap) external;
    function reportStake(uint64 nodeId, uint256 stake) external;
    function pairing(uint64 pairingId)
        external
        view
        returns (
            uint64 nodeId,
            uint64 applicationId,
            uint256 stakeCap,
            uint256 stake,
            uint64 startedAt,
            uint64 endedAt,
            string memory announcementUri
        );
    function activePairings(uint64 offset, uint64 limit)
        external
        view
        returns (
            uint64[] memory nodeIds,
            uint64[] memory pairingIds,
            uint64[] memory applicationIds,
            uint256[] memory stakeCaps,
            uint256[] memory remaining
        );
    function remainingCapacity(uint64 nodeId) external view returns (uint256);
    function pairingNonce() external view returns (uint64);
}
