// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title ILstRegistry
/// @notice The complete ABI of the LST registry: the on-chain record of a Metis liquid-staking
///         (LST) pairing program. Stage 1 selects LST protocols by Snapshot vote, attested on
///         chain by an m-of-n oracle set; Stage 2 pairs sequencer nodes with the selected LSTs,
///         each pool under a stake cap, across four one-way program phases.
/// @dev The registry is an Arbitrum Stylus (WASM) program, not Solidity. This file is the single
///      source of its ABI; `tests/it/abi_drift/` fails when the program and this file disagree on
///      any function, event, error, return layout or code below. `abi/ILstRegistry.json` is
///      generated from this file.
///
///      DEPLOYMENT. The registry is three Stylus programs behind one address. The core serves the
///      constructor and the functions that run the program (`pause`, `unpause`, `advancePhase`,
///      rounds, applications, tallies, pairings, stake caps, stake reports). It delegates the
///      admin's functions (`transferAdmin`, `acceptAdmin`, `setGuardian`, `setOracleSet`,
///      `setOracleSetDelay`, `setVoteRules`, `setSnapshotSpace`, `setStakeCapBounds`,
///      `setPhaseNodeLimit`, `registerNode`, `updateNode`) to the admin program,
///      and every other selector (the views, and unknown ones) to the views program; their
///      return and revert data come back unchanged, so callers see one contract with this
///      interface. Deploy and activate the views and admin programs first (neither has a
///      constructor), then the core. Stylus programs have no Solidity constructor:
///      `cargo stylus deploy` calls the core's constructor route,
///      selector 0x5585258d (`bytes4(keccak256("stylus_constructor()"))`), with calldata
///      `abi.encode(address admin, address views, address adminProgram)`. It fixes `views` as
///      the views program and `adminProgram` as the admin program for the registry's life (no
///      function changes them; `viewsProgram()` and `adminProgram()` read them), makes `admin` both
///      admin and guardian and installs the defaults: quorum 20,000 METIS, 500 distinct voters,
///      80.00 % approval, Snapshot space `metislayer2.eth`, stake caps 20,000..100,000 METIS,
///      node limits 4 / 4 / 16 / 64 per phase, phase Alpha. It emits `AdminTransferred(0, admin)` then `GuardianChanged(0, admin)`. It
///      reverts with `RegistryZeroAddress(0)` for a zero admin, `RegistryZeroAddress(13)` for a
///      zero views program, `RegistryZeroAddress(14)` for a zero admin program,
///      `RegistryNoCode(views)` or `RegistryNoCode(adminProgram)` when no code is deployed
///      there, and `RegistryAlreadyInitialised` if it has run before. The defaults are not
///      emitted: read `rules()` and `phaseNodeLimits()` after deployment. The views or admin
///      program called directly, not through the registry, reverts with
///      `RegistryNotDelegated()`. Before the constructor has run, every function the views or
///      admin program serves reverts with `RegistryNoCode(address(0))`: neither is set yet.
///
///      UNITS. Every amount (quorum, votes, stake caps, stake) is METIS in wei, 18 decimals.
///      Amounts are stored as uint96, so no amount above 2^96 - 1 wei (about 79.2 billion METIS)
///      is ever accepted. Times are unix seconds (`block.timestamp`). Basis points: 10,000 = 100 %.
///      Ids of rounds, applications, nodes and pairings start at 1 and are never reused; id 0
///      means "none".
///
///      ROLES. Admin: configures rules, oracle set and phases, opens rounds, registers nodes,
///      unpauses; transferred in two steps (`transferAdmin`, `acceptAdmin`). Guardian: may pause
///      (so may the admin); only the admin unpauses. Oracle set: up to 16 signers whose EIP-712
///      signatures attest Snapshot tallies; anyone may relay them. Applicant: the account that
///      submitted an application; it alone may withdraw it. Node operator: pairs its node with a
///      qualified application and manages its stake cap. Staking contract: the paired LST's
///      contract, the only account that reports a node's pooled stake.
///
///      CALLS. Every function, views included, is non-payable: any `msg.value` reverts with
///      `RegistryNotPayable(value)`. Argument decoding is strict (a narrow integer or address with
///      high bits set, an out-of-range offset, a non-UTF-8 string) and reverts with
///      `RegistryMalformedCalldata(selector)`. An unknown selector reverts with
///      `RegistryUnknownSelector(selector)`; calldata shorter than 4 bytes (a plain transfer
///      included) is read as a zero-padded selector. Every revert carries one custom error of this
///      interface, never a string or empty data. While paused, the program's flows (rules,
///      rounds, applications, tallies, nodes, pairings, stake) revert with `RegistryPaused()`;
///      recovery does not: `unpause`, `transferAdmin`, `acceptAdmin`, `setGuardian` and
///      `setOracleSet` work paused, so that compromised keys are void before the program runs
///      again (a new set still waits the oracle-set delay), and so does `revokeApplication`, so that an exploited LST can be cut off
///      while everything else is stopped. Views always answer.
///
///      CODES. Statuses, phases and fields travel as uint8; the enums below name them
///      (`ILstRegistry.RoundStatus(status)` converts, reverting on an unknown code).
///      RoundStatus: 0 None (no such round), 1 Open (taking applications), 2 Closed (waiting for
///      tallies and finalisation), 3 Finalised.
///      ApplicationStatus, also the `status` of `eligibility` and the `reason` of
///      `ApplicationFailed`: 0 None (no such application), 1 Pending (waiting for its tally),
///      2 Withdrawn, 3 Tallied (waiting for finalisation), 4 Qualified (passed within the round's
///      slots: nodes may pair with it), 5 NotSelected (passed, ranked below the slots),
///      6 FailedQuorum, 7 FailedVoters, 8 FailedApproval, 9 NotAttested (no tally by the
///      round's attestation deadline), 10 Revoked (by the admin; it never pairs again).
///      Phase: 0 Alpha, 1 Throughput, 2 MainLaunch, 3 OpenAccess.
///      Field, the `field` of `RegistryZeroAddress`, `RegistryZeroHash` and `RegistryInvalidLength`:
///      0 admin, 1 guardian, 2 stakingContract, 3 operator, 4 sequencerSigner, 5 name,
///      6 metadataUri (application), 7 snapshotSpace, 8 contentHash, 9 snapshotProposal,
///      10 metadataUri (node), 11 announcementUri, 12 reason (unpairing, revocation),
///      13 views (constructor), 14 adminProgram (constructor).
///
///      LIMITS. At most 16 oracle signers; 1..32 slots per round; 128 applications per round
///      (withdrawn ones included); node limits at most 4,096; the paginated views
///      (`roundApplications`, `nodes`, `activePairings`) cover at most 100 positions per call. String lengths in bytes: name 1..64, Snapshot space 1..64,
///      metadata and announcement URIs 1..256, unpairing reason 0..256, revocation reason
///      1..256; attestation window 1 to 90 days. One live application per applicant and per
///      staking contract in a round.
interface ILstRegistry {
    // =========================================================================== codes
    // Names for the uint8 codes of the ABI; the interface-level NatSpec documents them.

    // Where a round stands (`round(...).status`, `RegistryWrongRoundStatus`).
    enum RoundStatus {
        None,
        Open,
        Closed,
        Finalised
    }

    // Where an application stands (`application(...).status`, `eligibility`,
    // `ApplicationFailed.reason`, `RegistryWrongApplicationStatus`).
    enum ApplicationStatus {
        None,
        Pending,
        Withdrawn,
        Tallied,
        Qualified,
        NotSelected,
        FailedQuorum,
        FailedVoters,
        FailedApproval,
        NotAttested,
        Revoked
    }

    // The program's phases, in order; they only move one step forward.
    enum Phase {
        Alpha,
        Throughput,
        MainLaunch,
        OpenAccess
    }

    // The argument an input error is about (`RegistryZeroAddress`, `RegistryZeroHash`,
    // `RegistryInvalidLength`).
    enum Field {
        Admin,
        Guardian,
        StakingContract,
        Operator,
        SequencerSigner,
        Name,
        MetadataUri,
        SnapshotSpace,
        ContentHash,
        SnapshotProposal,
        NodeUri,
        AnnouncementUri,
        Reason,
        ViewsProgram,
        AdminProgram
    }

    // =========================================================================== events

    // ---- roles

    /// @notice The admin started a two-step transfer, or cancelled one (`pendingAdmin` zero).
    /// @param admin The admin that started it.
    /// @param pendingAdmin The account that may now call `acceptAdmin`; zero if cancelled.
    event AdminTransferStarted(address indexed admin, address indexed pendingAdmin);

    /// @notice The admin changed: at deployment (`previousAdmin` zero) or by `acceptAdmin`.
    /// @param previousAdmin The admin before.
    /// @param newAdmin The admin from now on.
    event AdminTransferred(address indexed previousAdmin, address indexed newAdmin);

    /// @notice The guardian changed: at deployment (`previousGuardian` zero) or by `setGuardian`.
    /// @param previousGuardian The guardian before.
    /// @param newGuardian The guardian from now on.
    event GuardianChanged(address indexed previousGuardian, address indexed newGuardian);

    /// @notice The registry was paused.
    /// @param account The guardian or admin that paused it.
    event Paused(address indexed account);

    /// @notice The pause was lifted.
    /// @param account The admin that lifted it.
    event Unpaused(address indexed account);

    /// @notice A new oracle set was made; it takes effect at `effectiveAt`, from when signatures
    ///         made under earlier epochs are void. Emitted when the change is made, not again
    ///         when it takes effect (which needs no transaction).
    /// @param epoch The new set's oracle epoch (the first set has epoch 1; a change that
    ///        replaces a scheduled one takes a fresh epoch, so epochs in force may skip one).
    /// @param signers The signers, strictly ascending.
    /// @param threshold Signatures needed per tally.
    /// @param effectiveAt When it takes effect: the block's timestamp for the first set, the
    ///        timestamp plus the oracle-set delay for every later change (also one made while
    ///        paused, which voids the set in force at once).
    event OracleSetChanged(uint32 indexed epoch, address[] signers, uint8 threshold, uint64 effectiveAt);

    /// @notice Oracle-set changes made from now on take effect `delay` seconds after they are
    ///         made (a change already scheduled keeps its time).
    /// @param delay The new delay, in seconds.
    event OracleSetDelayChanged(uint32 delay);

    // ---- rules and phases

    /// @notice New vote rules, deciding the rounds opened from now on.
    /// @param quorum Least For + Against + Abstain weight, in wei.
    /// @param minVoters Least number of distinct voting addresses.
    /// @param approvalBps Least For / (For + Against), in basis points.
    /// @param attestationWindow Seconds after a round's application deadline during which its
    ///        tallies are attested.
    event VoteRulesChanged(uint256 quorum, uint32 minVoters, uint16 approvalBps, uint32 attestationWindow);

    /// @notice The program's Snapshot space changed; applications submitted from now on must
    ///         name it.
    /// @param space The new space.
    event SnapshotSpaceChanged(string space);

    /// @notice New stake-cap bounds, applied to every cap set from now on (existing caps stay).
    /// @param minCap Smallest stake cap, in wei.
    /// @param maxCap Largest stake cap, in wei.
    event StakeCapBoundsChanged(uint256 minCap, uint256 maxCap);

    /// @notice The node limit of a phase changed.
    /// @param phase The phase code.
    /// @param limit Its new node limit.
    event PhaseNodeLimitChanged(uint8 indexed phase, uint16 limit);

    /// @notice The program moved to the next phase.
    /// @param from The phase code before.
    /// @param to The phase code now (`from + 1`).
    event PhaseAdvanced(uint8 indexed from, uint8 indexed to);

    // ---- Stage 1: rounds and applications

    /// @notice A round opened for applications.
    /// @param roundId The new round.
    /// @param slots How many passed applications will qualify (K).
    /// @param deadline Applications are accepted while `block.timestamp <= deadline`.
    /// @param phase The phase code in which the round opened.
    event RoundOpened(uint64 indexed roundId, uint8 slots, uint64 deadline, uint8 phase);

    /// @notice A round stopped taking applications.
    /// @param roundId The round.
    /// @param applications The applications submitted to it, withdrawn ones included
    ///        (`round(roundId)` also gives the live ones).
    event RoundClosed(uint64 indexed roundId, uint16 applications);

    /// @notice An LST protocol applied. Strings are not logged: read them with `application`.
    /// @param roundId The round applied to.
    /// @param applicationId The new application.
    /// @param applicant The submitting account, the only one that may withdraw.
    /// @param stakingContract The LST's staking contract, the only reporter of paired stake.
    /// @param contentHash Hash of the application document found at the metadata URI.
    /// @param snapshotProposal The Snapshot proposal id of the vote on this application.
    event ApplicationSubmitted(
        uint64 indexed roundId,
        uint64 indexed applicationId,
        address indexed applicant,
        address stakingContract,
        bytes32 contentHash,
        bytes32 snapshotProposal
    );

    /// @notice The applicant withdrew a pending application.
    /// @param roundId Its round.
    /// @param applicationId The application.
    event ApplicationWithdrawn(uint64 indexed roundId, uint64 indexed applicationId);

    /// @notice The oracle set attested the Snapshot result of an application.
    /// @param roundId Its round.
    /// @param applicationId The application.
    /// @param oracleEpoch The oracle epoch whose signers attested.
    /// @param forVotes For weight, in wei.
    /// @param againstVotes Against weight, in wei.
    /// @param abstainVotes Abstain weight, in wei.
    /// @param voters Distinct voting addresses.
    event TallyAttested(
        uint64 indexed roundId,
        uint64 indexed applicationId,
        uint32 indexed oracleEpoch,
        uint256 forVotes,
        uint256 againstVotes,
        uint256 abstainVotes,
        uint32 voters
    );

    /// @notice At finalisation, an application failed the vote rules, or had no tally by the
    ///         round's attestation deadline.
    /// @param roundId Its round.
    /// @param applicationId The application.
    /// @param reason Its new status: 6 FailedQuorum, 7 FailedVoters, 8 FailedApproval or
    ///        9 NotAttested.
    event ApplicationFailed(uint64 indexed roundId, uint64 indexed applicationId, uint8 reason);

    /// @notice The admin revoked an application (status 10 Revoked): it leaves its round if not
    ///         yet decided, is no longer eligible, and its active pairings ended (each with its
    ///         own `NodeUnpaired`, by the admin, with the same reason).
    /// @param roundId Its round.
    /// @param applicationId The application.
    /// @param previousStatus Its status before.
    /// @param reason Why; logged, not stored.
    event ApplicationRevoked(uint64 indexed roundId, uint64 indexed applicationId, uint8 previousStatus, string reason);

    /// @notice At finalisation, an application passed but ranked below the round's slots
    ///         (status 5 NotSelected).
    /// @param roundId Its round.
    /// @param applicationId The application.
    /// @param rank Its rank among the passed applications (1 = most For weight).
    event ApplicationPassed(uint64 indexed roundId, uint64 indexed applicationId, uint16 rank);

    /// @notice At finalisation, an application passed within the round's slots (status
    ///         4 Qualified): nodes may now pair with it.
    /// @param roundId Its round.
    /// @param applicationId The application.
    /// @param rank Its rank among the passed applications (1 = most For weight).
    event ApplicationQualified(uint64 indexed roundId, uint64 indexed applicationId, uint16 rank);

    /// @notice A round is final; emitted after the outcome event of each of its applications.
    /// @param roundId The round.
    /// @param passed How many applications passed the rules.
    /// @param qualified How many of them qualified (at most the round's slots).
    event RoundFinalised(uint64 indexed roundId, uint16 passed, uint8 qualified);

    // ---- Stage 2: nodes, pairings, stake

    /// @notice A sequencer node joined the program.
    /// @param nodeId The new node.
    /// @param operator Its operator.
    /// @param sequencerSigner The address its sequencer signs blocks with.
    event NodeRegistered(uint64 indexed nodeId, address indexed operator, address indexed sequencerSigner);

    /// @notice A node's operator, sequencer signer or metadata URI was set (values after the
    ///         call; emitted even if nothing changed).
    /// @param nodeId The node.
    /// @param operator Its operator now.
    /// @param sequencerSigner Its sequencer signer now.
    event NodeUpdated(uint64 indexed nodeId, address indexed operator, address indexed sequencerSigner);

    /// @notice A node paired with a qualified application.
    /// @param nodeId The node.
    /// @param pairingId The new pairing.
    /// @param applicationId The qualified application chosen.
    /// @param stakeCap The most stake the node's pool may hold, in wei.
    /// @param nonce The pairing nonce after this change.
    event NodePaired(
        uint64 indexed nodeId,
        uint64 indexed pairingId,
        uint64 indexed applicationId,
        uint256 stakeCap,
        uint64 nonce
    );

    /// @notice A node's active pairing ended; its record stays readable with `pairing`.
    /// @param nodeId The node.
    /// @param pairingId The pairing that ended.
    /// @param by The operator or admin that ended it.
    /// @param reason Free text, up to 256 bytes (logged only, not stored).
    /// @param nonce The pairing nonce after this change.
    event NodeUnpaired(uint64 indexed nodeId, uint64 indexed pairingId, address indexed by, string reason, uint64 nonce);

    /// @notice The stake cap of an active pairing changed.
    /// @param nodeId The node.
    /// @param pairingId Its active pairing.
    /// @param previousCap The cap before, in wei.
    /// @param newCap The cap now, in wei.
    /// @param nonce The pairing nonce after this change.
    event StakeCapChanged(uint64 indexed nodeId, uint64 indexed pairingId, uint256 previousCap, uint256 newCap, uint64 nonce);

    /// @notice The paired application's staking contract reported the node's pooled stake.
    /// @param nodeId The node.
    /// @param pairingId Its active pairing.
    /// @param stake The pooled stake now, in wei (an absolute amount, not a delta).
    event StakeReported(uint64 indexed nodeId, uint64 indexed pairingId, uint256 stake);

    // =========================================================================== errors

    // ---- who may act

    /// @notice Only the admin may do this.
    /// @param caller The caller.
    error RegistryNotAdmin(address caller);

    /// @notice Only the guardian or the admin may pause.
    /// @param caller The caller.
    error RegistryNotGuardian(address caller);

    /// @notice Only the pending admin may accept the transfer (none is pending if zero).
    /// @param caller The caller.
    /// @param pendingAdmin The pending admin.
    error RegistryNotPendingAdmin(address caller, address pendingAdmin);

    /// @notice Only the applicant may withdraw its application.
    /// @param applicationId The application.
    /// @param caller The caller.
    error RegistryNotApplicant(uint64 applicationId, address caller);

    /// @notice Only the node's operator (or, where allowed, the admin) may do this.
    /// @param nodeId The node.
    /// @param caller The caller.
    error RegistryNotNodeOperator(uint64 nodeId, address caller);

    /// @notice Only the staking contract of the application paired with the node may report.
    /// @param nodeId The node.
    /// @param caller The caller.
    /// @param stakingContract The staking contract that may report.
    error RegistryNotStakingContract(uint64 nodeId, address caller, address stakingContract);

    /// @notice The registry is paused.
    error RegistryPaused();

    /// @notice The registry is not paused.
    error RegistryNotPaused();

    // ---- calls

    /// @notice No function has this selector.
    /// @param selector The first four calldata bytes, zero-padded.
    error RegistryUnknownSelector(bytes4 selector);

    /// @notice The arguments are not a strict ABI encoding of the function's parameters.
    /// @param selector The function called.
    error RegistryMalformedCalldata(bytes4 selector);

    /// @notice Value was sent; no function of the registry is payable.
    /// @param value The `msg.value` sent.
    error RegistryNotPayable(uint256 value);

    /// @notice The constructor already ran.
    error RegistryAlreadyInitialised();

    /// @notice `account` holds no code: the views and admin programs given to the
    ///         constructor, and an application's staking contract when a node pairs with
    ///         it, must be deployed first. Address zero: the registry's constructor has not
    ///         run, so it has no views or admin program to serve the call.
    /// @param account The address without code.
    error RegistryNoCode(address account);

    /// @notice The views or admin program was called directly; each answers only through the
    ///         registry, which delegates its functions to it.
    error RegistryNotDelegated();

    // ---- input

    /// @notice An address argument is zero.
    /// @param field Which argument (a `Field` code).
    error RegistryZeroAddress(uint8 field);

    /// @notice A hash argument is zero.
    /// @param field Which argument (a `Field` code).
    error RegistryZeroHash(uint8 field);

    /// @notice A string argument's byte length is outside its bounds.
    /// @param field Which argument (a `Field` code).
    /// @param length Its length in bytes.
    /// @param min The least length accepted.
    /// @param max The greatest length accepted.
    error RegistryInvalidLength(uint8 field, uint256 length, uint256 min, uint256 max);

    /// @notice An amount does not fit the registry's uint96 storage.
    /// @param amount The amount given, in wei.
    /// @param max The greatest amount accepted (2^96 - 1).
    error RegistryAmountTooLarge(uint256 amount, uint256 max);

    // ---- rules

    /// @notice The quorum must be non-zero and at most `max`.
    /// @param quorum The quorum given, in wei.
    /// @param max The greatest quorum accepted (2^96 - 1).
    error RegistryInvalidQuorum(uint256 quorum, uint256 max);

    /// @notice The minimum number of distinct voters must be non-zero.
    /// @param minVoters The value given.
    error RegistryInvalidMinVoters(uint32 minVoters);

    /// @notice Approval must be a strict majority: 5,000 < approvalBps <= 10,000.
    /// @param approvalBps The value given.
    error RegistryInvalidApproval(uint16 approvalBps);

    /// @notice Stake-cap bounds must satisfy 0 < min <= max <= ceiling.
    /// @param min The smallest cap given, in wei.
    /// @param max The largest cap given, in wei.
    /// @param ceiling The greatest amount accepted (2^96 - 1).
    error RegistryInvalidStakeCapBounds(uint256 min, uint256 max, uint256 ceiling);

    /// @notice A stake cap must lie within the bounds in force.
    /// @param cap The cap given, in wei.
    /// @param min The smallest cap in force, in wei.
    /// @param max The largest cap in force, in wei.
    error RegistryInvalidStakeCap(uint256 cap, uint256 min, uint256 max);

    /// @notice A node limit is outside the range allowed for its phase.
    /// @param phase The phase code given.
    /// @param limit The limit given.
    /// @param min The least limit allowed.
    /// @param max The greatest limit allowed (both 0 for an unknown phase).
    error RegistryInvalidNodeLimit(uint8 phase, uint16 limit, uint16 min, uint16 max);

    // ---- phases

    /// @notice Phases only move to the next one, and not past the last.
    /// @param from The current phase code.
    /// @param to The phase code requested.
    error RegistryInvalidPhaseTransition(uint8 from, uint8 to);

    // ---- oracle set and attestations

    /// @notice An oracle set needs 1..maxSigners signers and a threshold in 1..signers.
    /// @param signers The number of signers given.
    /// @param threshold The threshold given.
    /// @param maxSigners The most signers allowed (16).
    error RegistryInvalidOracleSet(uint256 signers, uint8 threshold, uint256 maxSigners);

    /// @notice Oracle signers must be non-zero and strictly ascending.
    /// @param index The position of the first signer that is not.
    /// @param signer That signer.
    error RegistryInvalidOracleSigner(uint256 index, address signer);

    /// @notice The signatures are not a whole number of 65-byte signatures.
    /// @param length The byte length given.
    error RegistryMalformedSignatures(uint256 length);

    /// @notice Fewer signatures than the threshold, more than there are signers, or no oracle
    ///         set in force (`signers` zero: none made yet, or a change made while paused waits
    ///         for its time).
    /// @param count The number of signatures given.
    /// @param threshold The threshold in force.
    /// @param signers The number of signers in force.
    error RegistrySignatureCount(uint256 count, uint8 threshold, uint8 signers);

    /// @notice A signature's `s` is in the upper half of the curve order (EIP-2 malleability).
    /// @param index The signature's position.
    error RegistrySignatureHighS(uint256 index);

    /// @notice A signature has a `v` other than 27 or 28, a zero `r` or `s`, or recovers no
    ///         address.
    /// @param index The signature's position.
    error RegistryInvalidSignature(uint256 index);

    /// @notice Signatures must be sorted by recovered signer, strictly ascending (so without
    ///         duplicates).
    /// @param index The position of the signature out of order.
    /// @param signer The signer it recovers.
    error RegistrySignersNotSorted(uint256 index, address signer);

    /// @notice A signature recovers an address outside the current oracle set.
    /// @param index The signature's position.
    /// @param signer The signer it recovers.
    error RegistryUnknownSigner(uint256 index, address signer);

    // ---- rounds and applications

    /// @notice No round has this id.
    /// @param roundId The id given.
    error RegistryUnknownRound(uint64 roundId);

    /// @notice The round is not in the status the call needs.
    /// @param roundId The round.
    /// @param status Its status code.
    /// @param expected The status code needed.
    error RegistryWrongRoundStatus(uint64 roundId, uint8 status, uint8 expected);

    /// @notice A round needs 1..maxSlots slots and a deadline after now.
    /// @param slots The slots given.
    /// @param deadline The deadline given.
    /// @param now The current `block.timestamp`.
    /// @param maxSlots The most slots allowed (32).
    error RegistryInvalidRoundConfig(uint8 slots, uint64 deadline, uint64 now, uint8 maxSlots);

    /// @notice Applying after the round's deadline, closing it before (by a non-admin), or
    ///         attesting a tally after the round's attestation deadline.
    /// @param roundId The round.
    /// @param deadline Its deadline (for a tally, its attestation deadline).
    /// @param now The current `block.timestamp`.
    error RegistryDeadline(uint64 roundId, uint64 deadline, uint64 now);

    /// @notice No round is taking applications.
    error RegistryNoOpenRound();

    /// @notice The round already holds the most applications allowed.
    /// @param roundId The round.
    /// @param max The most applications per round (128).
    error RegistryRoundFull(uint64 roundId, uint16 max);

    /// @notice The round cannot be finalised yet: not every live application has a tally, and
    ///         its attestation window is still open.
    /// @param roundId The round.
    /// @param tallied Its applications with a tally.
    /// @param live Its applications not withdrawn or revoked.
    error RegistryTalliesMissing(uint64 roundId, uint16 tallied, uint16 live);

    /// @notice No application has this id.
    /// @param applicationId The id given.
    error RegistryUnknownApplication(uint64 applicationId);

    /// @notice The application is not in the status the call needs.
    /// @param applicationId The application.
    /// @param status Its status code.
    /// @param expected The status code needed.
    error RegistryWrongApplicationStatus(uint64 applicationId, uint8 status, uint8 expected);

    // ---- nodes, pairings, stake

    /// @notice No node has this id.
    /// @param nodeId The id given.
    error RegistryUnknownNode(uint64 nodeId);

    /// @notice No pairing has this id.
    /// @param pairingId The id given.
    error RegistryUnknownPairing(uint64 pairingId);

    /// @notice The current phase's node limit is reached.
    /// @param phase The current phase code.
    /// @param limit Its node limit.
    error RegistryNodeLimitReached(uint8 phase, uint16 limit);

    /// @notice The sequencer signer is, or was, used by another node; signers are never reused.
    /// @param signer The signer given.
    /// @param nodeId The node that uses or used it.
    error RegistrySignerInUse(address signer, uint64 nodeId);

    /// @notice The node already has an active pairing.
    /// @param nodeId The node.
    /// @param pairingId Its active pairing.
    error RegistryNodeAlreadyPaired(uint64 nodeId, uint64 pairingId);

    /// @notice The node has no active pairing.
    /// @param nodeId The node.
    error RegistryNodeNotPaired(uint64 nodeId);

    /// @notice The reported stake exceeds the node's stake cap.
    /// @param nodeId The node.
    /// @param stake The stake reported, in wei.
    /// @param cap The node's cap, in wei.
    error RegistryStakeAboveCap(uint64 nodeId, uint256 stake, uint256 cap);

    /// @notice The new cap would be below the stake already reported.
    /// @param nodeId The node.
    /// @param cap The cap given, in wei.
    /// @param stake The stake reported, in wei.
    error RegistryCapBelowStake(uint64 nodeId, uint256 cap, uint256 stake);

    /// @notice An application names another Snapshot space than the program's: votes count only
    ///         in the program's space, whose strategy and voters the applicant does not choose.
    /// @param spaceHash keccak256 of the space named.
    /// @param expectedHash keccak256 of the program's space (`rules()` names it).
    error RegistryWrongSnapshotSpace(bytes32 spaceHash, bytes32 expectedHash);

    /// @notice The Snapshot proposal already backs an application (of any round, withdrawn or
    ///         not): one vote backs one application, ever. Only the admin's revocation of a
    ///         never-attested application releases it.
    /// @param snapshotProposal The proposal.
    /// @param applicationId The application it backs.
    error RegistryProposalUsed(bytes32 snapshotProposal, uint64 applicationId);

    /// @notice The account already has a live application in the open round, as applicant or
    ///         as staking contract: one application per applicant and per staking contract in
    ///         a round (withdrawn and revoked ones do not count).
    /// @param account The applicant or the staking contract.
    /// @param applicationId Its live application.
    error RegistryAlreadyApplied(address account, uint64 applicationId);

    /// @notice The attestation window must last from `min` to `max` seconds.
    /// @param window The window given.
    /// @param min One day.
    /// @param max 90 days.
    error RegistryInvalidAttestationWindow(uint32 window, uint32 min, uint32 max);

    /// @notice The pairing has ended: a stake report names an active pairing.
    /// @param pairingId The pairing.
    error RegistryPairingEnded(uint64 pairingId);

    /// @notice The oracle-set delay must last `min` to `max` seconds (one to 30 days).
    /// @param delay The delay given.
    /// @param min The least delay.
    /// @param max The greatest delay.
    error RegistryInvalidOracleSetDelay(uint32 delay, uint32 min, uint32 max);

    // =========================================================================== roles

    /// @notice The admin.
    /// @return account The admin's address.
    function admin() external view returns (address account);

    /// @notice The account a pending two-step admin transfer goes to.
    /// @return account The pending admin; zero if no transfer is pending.
    function pendingAdmin() external view returns (address account);

    /// @notice The guardian, which may pause the registry.
    /// @return account The guardian's address.
    function guardian() external view returns (address account);

    /// @notice Whether the registry is paused.
    /// @return isPaused True while the program's flows revert (recovery functions still work).
    function paused() external view returns (bool isPaused);

    /// @notice The views program the registry delegates its read-only functions to, fixed by
    ///         the constructor for the registry's life.
    /// @return program The views program's address.
    function viewsProgram() external view returns (address program);

    /// @notice The admin program the registry delegates the admin's functions to, fixed by
    ///         the constructor for the registry's life.
    /// @return program The admin program's address.
    function adminProgram() external view returns (address program);

    /// @notice Starts a two-step admin transfer; `newAdmin` takes over when it calls
    ///         `acceptAdmin`.
    /// @dev Admin only; works while paused. Replaces any pending transfer; zero cancels it.
    ///      Reverts: `RegistryNotAdmin`.
    ///      Emits: `AdminTransferStarted(admin, newAdmin)`.
    /// @param newAdmin The proposed admin, or zero to cancel.
    function transferAdmin(address newAdmin) external;

    /// @notice Completes a two-step admin transfer: the caller becomes the admin.
    /// @dev Pending admin only; works while paused. Clears the pending admin. The guardian is
    ///      unchanged.
    ///      Reverts: `RegistryNotPendingAdmin(caller, pendingAdmin)` (also
    ///      when no transfer is pending).
    ///      Emits: `AdminTransferred(previousAdmin, caller)`.
    function acceptAdmin() external;

    /// @notice Replaces the guardian.
    /// @dev Admin only; works while paused.
    ///      Reverts: `RegistryNotAdmin`, `RegistryZeroAddress(1)`.
    ///      Emits: `GuardianChanged(previousGuardian, newGuardian)`.
    /// @param newGuardian The new guardian; non-zero.
    function setGuardian(address newGuardian) external;

    /// @notice Pauses the program's flows; recovery functions still work.
    /// @dev Guardian or admin.
    ///      Reverts: `RegistryPaused` (already paused), `RegistryNotGuardian`.
    ///      Emits: `Paused(caller)`.
    function pause() external;

    /// @notice Lifts the pause.
    /// @dev Admin only. The pause is checked before the caller.
    ///      Reverts: `RegistryNotPaused`, `RegistryNotAdmin`.
    ///      Emits: `Unpaused(caller)`.
    function unpause() external;

    // =========================================================================== oracle set and tallies

    /// @notice Replaces the oracle set with a new one under a new oracle epoch. The new set
    ///         takes effect after the oracle-set delay (`oracleSet()` shows it meanwhile); from
    ///         then on every signature made under an earlier epoch is void (tallies already
    ///         attested stay). The first set takes effect at once. A change replaces one still
    ///         scheduled. A change made while paused also voids the set in force at once:
    ///         until the new set's time, no set is in force (`oracleSet()` answers epoch 0 and
    ///         no signers) and no tally can be attested.
    /// @dev Admin only; works while paused (replacing compromised keys is recovery: the
    ///      compromised set is void from that block on). The threshold must be a strict
    ///      majority of the set, so that two disjoint groups of signers can never both attest.
    ///      The delay gives everyone time to see a change before it can attest anything:
    ///      nobody, the admin included, can swap in a set and use it at once, also not by
    ///      pausing, changing the set and unpausing.
    ///      Reverts: `RegistryNotAdmin`,
    ///      `RegistryInvalidOracleSet(signers.length, threshold, 16)` (also for a threshold of
    ///      at most half the set), `RegistryInvalidOracleSigner(index, signer)`.
    ///      Emits: `OracleSetChanged(epoch, signers, threshold, effectiveAt)`.
    /// @param signers 1 to 16 signer addresses, non-zero and strictly ascending.
    /// @param threshold Signatures needed per tally: more than `signers.length / 2`, at most
    ///        `signers.length`.
    function setOracleSet(address[] calldata signers, uint8 threshold) external;

    /// @notice Sets the delay between an oracle-set change and its effect, for changes made
    ///         from now on.
    /// @dev Admin only. One day at least, so that no change can take effect at once (a change
    ///      while paused waits it too); 30 days at most. Two days after construction.
    ///      Reverts: `RegistryPaused`, `RegistryNotAdmin`,
    ///      `RegistryInvalidOracleSetDelay(delay, 86400, 2592000)`.
    ///      Emits: `OracleSetDelayChanged(delay)`.
    /// @param delay Seconds, 86,400 to 2,592,000.
    function setOracleSetDelay(uint32 delay) external;

    /// @notice The oracle set in force at the current block, the change scheduled after it (if
    ///         any), and the delay.
    /// @return signers Its signers, strictly ascending (empty before the first set and while
    ///         a change made during a pause waits for its time).
    /// @return threshold Signatures needed per tally.
    /// @return epoch The oracle epoch tallies are signed under; 0 when no set is in force
    ///         (before the first set, and while a change made during a pause waits for its
    ///         time).
    /// @return nextSigners The scheduled set's signers (empty when no change is scheduled).
    /// @return nextThreshold The scheduled set's threshold (0 when none).
    /// @return nextEpoch The scheduled set's epoch (0 when none).
    /// @return nextAt When the scheduled set takes effect (0 when none).
    /// @return delay Seconds between a change and its effect.
    function oracleSet()
        external
        view
        returns (
            address[] memory signers,
            uint8 threshold,
            uint32 epoch,
            address[] memory nextSigners,
            uint8 nextThreshold,
            uint32 nextEpoch,
            uint64 nextAt,
            uint32 delay
        );

    /// @notice The EIP-712 domain separator oracles sign under.
    /// @dev `keccak256(abi.encode(keccak256("EIP712Domain(string name,string version,uint256
    ///      chainId,address verifyingContract)"), keccak256("LstRegistry"), keccak256("1"),
    ///      block.chainid, address(this)))`.
    /// @return separator The domain separator.
    function domainSeparator() external view returns (bytes32 separator);

    /// @notice The EIP-712 digest the oracles sign to attest a tally, under the current epoch.
    /// @dev `keccak256("\x19\x01" ‖ domainSeparator() ‖ hashStruct(attestation))` for the type
    ///      `TallyAttestation(uint64 round,uint64 applicationId,address applicant,address
    ///      stakingContract,bytes32 contentHash,string snapshotSpace,bytes32 snapshotProposal,
    ///      uint256 forVotes,uint256 againstVotes,uint256 abstainVotes,uint32 voters,uint32
    ///      oracleEpoch)`, where the round, applicant, staking contract, content hash, Snapshot
    ///      space and proposal are the application's and `oracleEpoch` is the current epoch: a
    ///      signature is bound to the one application, who made it and the staking contract
    ///      that will report stake. Answers for an application in any status.
    ///      Reverts: `RegistryUnknownApplication`, `RegistryAmountTooLarge`.
    /// @param applicationId The application.
    /// @param forVotes For weight, in wei.
    /// @param againstVotes Against weight, in wei.
    /// @param abstainVotes Abstain weight, in wei.
    /// @param voters Distinct voting addresses.
    /// @return digest The digest to sign.
    function tallyDigest(uint64 applicationId, uint256 forVotes, uint256 againstVotes, uint256 abstainVotes, uint32 voters)
        external
        view
        returns (bytes32 digest);

    /// @notice Records the Snapshot tally of a pending application, attested by the oracle set.
    ///         The application becomes Tallied (3).
    /// @dev Anyone may relay. Signatures are checked against `tallyDigest(...)` under the
    ///      current epoch; count must be between the threshold and the set's size.
    ///      Reverts: `RegistryPaused`, `RegistryUnknownApplication`,
    ///      `RegistryWrongApplicationStatus(applicationId, status, 1)` (withdrawn, revoked or
    ///      already tallied), `RegistryDeadline(roundId, attestationDeadline, now)` (the round's
    ///      attestation window has ended), `RegistryAmountTooLarge`, `RegistryMalformedSignatures`,
    ///      `RegistrySignatureCount` (`(count, 0, 0)` while no oracle set is in force),
    ///      `RegistrySignatureHighS`, `RegistryInvalidSignature`, `RegistrySignersNotSorted`,
    ///      `RegistryUnknownSigner`.
    ///      Emits: `TallyAttested(roundId, applicationId, epoch, forVotes, againstVotes,
    ///      abstainVotes, voters)`.
    /// @param applicationId The application.
    /// @param forVotes For weight, in wei.
    /// @param againstVotes Against weight, in wei.
    /// @param abstainVotes Abstain weight, in wei.
    /// @param voters Distinct voting addresses.
    /// @param signatures Concatenated 65-byte `r ‖ s ‖ v` signatures (`v` 27 or 28, `s` in the
    ///        lower half order), sorted by recovered signer, strictly ascending.
    function attestTally(
        uint64 applicationId,
        uint256 forVotes,
        uint256 againstVotes,
        uint256 abstainVotes,
        uint32 voters,
        bytes calldata signatures
    ) external;

    // =========================================================================== rules and phases

    /// @notice The rules in force.
    /// @dev An application passes when For + Against + Abstain >= quorum, voters >= minVoters
    ///      and For * 10,000 >= approvalBps * (For + Against) with For + Against > 0; checked in
    ///      that order, the first failure giving status 6, 7 or 8.
    /// @return quorum Least For + Against + Abstain weight, in wei.
    /// @return minVoters Least number of distinct voting addresses.
    /// @return approvalBps Least For / (For + Against), in basis points.
    /// @return attestationWindow Seconds after a round's application deadline during which its
    ///         tallies are attested; an application without one then fails (9 NotAttested).
    /// @return minCap Smallest stake cap, in wei.
    /// @return maxCap Largest stake cap, in wei.
    /// @return countingMode How votes are counted and ranked, in the style of OpenZeppelin
    ///         Governor's `COUNTING_MODE` (currently
    ///         `quorum=for+against+abstain&voters=distinct&approval=for/(for+against)&rank=for,desc;id,asc`).
    /// @return snapshotSpace The program's Snapshot space: the only space an application may
    ///         name (default `metislayer2.eth`).
    function rules()
        external
        view
        returns (
            uint256 quorum,
            uint32 minVoters,
            uint16 approvalBps,
            uint32 attestationWindow,
            uint256 minCap,
            uint256 maxCap,
            string memory countingMode,
            string memory snapshotSpace
        );

    /// @notice Sets the program's Snapshot space: applications submitted from now on must name
    ///         it. Applications already submitted keep theirs.
    /// @dev Admin only.
    ///      Reverts: `RegistryPaused`, `RegistryNotAdmin`, `RegistryInvalidLength(7, length, 1,
    ///      64)`.
    ///      Emits: `SnapshotSpaceChanged(space)`.
    /// @param space The space (an ENS name), 1 to 64 bytes.
    function setSnapshotSpace(string calldata space) external;

    /// @notice Sets the vote rules of rounds opened from now on. A round is decided by the
    ///         rules in force when it opened (`round(...)` shows them), so a change after the
    ///         votes are public cannot turn a failed application into a qualified one.
    /// @dev Admin only.
    ///      Reverts: `RegistryPaused`, `RegistryNotAdmin`, `RegistryInvalidQuorum`,
    ///      `RegistryInvalidMinVoters`, `RegistryInvalidApproval`,
    ///      `RegistryInvalidAttestationWindow(attestationWindow, 86400, 7776000)`.
    ///      Emits: `VoteRulesChanged(quorum, minVoters, approvalBps, attestationWindow)`.
    /// @param quorum Least For + Against + Abstain weight, in wei; 1 to 2^96 - 1.
    /// @param minVoters Least number of distinct voting addresses; non-zero.
    /// @param approvalBps Least For / (For + Against), in basis points; 5,001 to 10,000.
    /// @param attestationWindow Seconds after a round's application deadline during which its
    ///        tallies are attested; one day to 90 days (default 14 days).
    function setVoteRules(uint256 quorum, uint32 minVoters, uint16 approvalBps, uint32 attestationWindow)
        external;

    /// @notice Sets the bounds of every stake cap set from now on; existing caps stay as they are.
    /// @dev Admin only.
    ///      Reverts: `RegistryPaused`, `RegistryNotAdmin`,
    ///      `RegistryInvalidStakeCapBounds(minCap, maxCap, 2^96 - 1)`.
    ///      Emits: `StakeCapBoundsChanged(minCap, maxCap)`.
    /// @param minCap Smallest stake cap, in wei; non-zero.
    /// @param maxCap Largest stake cap, in wei; from `minCap` to 2^96 - 1.
    function setStakeCapBounds(uint256 minCap, uint256 maxCap) external;

    /// @notice The current phase and how many nodes it allows.
    /// @return current The current phase code.
    /// @return nodeLimit The current phase's node limit.
    /// @return nodeCount The number of nodes registered.
    function phase() external view returns (uint8 current, uint16 nodeLimit, uint16 nodeCount);

    /// @notice The node limit of every phase.
    /// @return limits The limits, indexed by phase code.
    function phaseNodeLimits() external view returns (uint16[4] memory limits);

    /// @notice Sets the node limit of the current or a later phase.
    /// @dev Admin only. Limits never decrease from one phase to the next: the limit must lie
    ///      between the previous phase's limit and the next phase's (4,096 for the last phase),
    ///      and for the current phase it must be at least the node count. Past phases are
    ///      frozen (only their own limit is accepted).
    ///      Reverts: `RegistryPaused`, `RegistryNotAdmin`,
    ///      `RegistryInvalidNodeLimit(targetPhase, limit, min, max)`.
    ///      Emits: `PhaseNodeLimitChanged(targetPhase, limit)`, unless `limit` is already the
    ///      phase's limit (then nothing is written or emitted).
    /// @param targetPhase The phase code.
    /// @param limit Its new node limit.
    function setPhaseNodeLimit(uint8 targetPhase, uint16 limit) external;

    /// @notice Moves the program to the next phase, for good.
    /// @dev Admin only.
    ///      Reverts: `RegistryPaused`, `RegistryNotAdmin`, `RegistryInvalidPhaseTransition(from, to)`.
    ///      Emits: `PhaseAdvanced(from, to)`.
    /// @param to The next phase code (the current one plus one).
    function advancePhase(uint8 to) external;

    // =========================================================================== Stage 1: rounds and applications

    /// @notice Opens a round that takes applications until `deadline` and whose top `slots`
    ///         passed applications qualify.
    /// @dev Admin only. One round takes applications at a time: the previous round must not be
    ///      Open. The round records the current phase.
    ///      Reverts: `RegistryPaused`, `RegistryNotAdmin`,
    ///      `RegistryInvalidRoundConfig(slots, deadline, now, 32)`,
    ///      `RegistryWrongRoundStatus(previousRoundId, 1, 2)`.
    ///      Emits: `RoundOpened(roundId, slots, deadline, phase)`.
    /// @param slots How many passed applications qualify (K), 1 to 32.
    /// @param deadline Last timestamp at which applications are accepted; after now.
    /// @return roundId The new round.
    function openRound(uint8 slots, uint64 deadline) external returns (uint64 roundId);

    /// @notice Stops a round taking applications (Open -> Closed).
    /// @dev The admin at any time; anyone once `block.timestamp > deadline`.
    ///      Reverts: `RegistryPaused`, `RegistryUnknownRound`,
    ///      `RegistryWrongRoundStatus(roundId, status, 1)`, `RegistryDeadline` (a non-admin
    ///      before the deadline has passed).
    ///      Emits: `RoundClosed(roundId, applications)`.
    /// @param roundId The round.
    function closeRound(uint64 roundId) external;

    /// @notice Applies to the open round; the caller becomes the applicant. The application is
    ///         Pending (1) until the oracle set attests its tally.
    /// @dev Anyone, while the latest round is Open and `block.timestamp <= deadline`. The
    ///      Snapshot space must be the program's (`rules()`), and the proposal must back no
    ///      other application, of any round, withdrawn ones included: one vote backs one
    ///      application, ever. The caller and the staking contract may each have one live
    ///      (not withdrawn, not revoked) application in the round.
    ///      Reverts: `RegistryPaused`, `RegistryNoOpenRound`, `RegistryDeadline`,
    ///      `RegistryRoundFull(roundId, 128)`, `RegistryInvalidLength` (fields 5, 6, 7),
    ///      `RegistryZeroHash` (fields 8, 9), `RegistryZeroAddress(2)`,
    ///      `RegistryWrongSnapshotSpace(keccak256(bytes(snapshotSpace)), programSpaceHash)`,
    ///      `RegistryProposalUsed(snapshotProposal, applicationId)`,
    ///      `RegistryAlreadyApplied(caller or stakingContract, applicationId)`.
    ///      Emits: `ApplicationSubmitted(roundId, applicationId, caller, stakingContract,
    ///      contentHash, snapshotProposal)`.
    /// @param name The LST's name, 1 to 64 bytes.
    /// @param metadataUri Where the application document is, 1 to 256 bytes.
    /// @param contentHash Hash of that document; non-zero.
    /// @param snapshotSpace The Snapshot space (an ENS name) of the vote: the program's.
    /// @param snapshotProposal The Snapshot proposal id of the vote; non-zero.
    /// @param stakingContract The LST's staking contract, which alone reports paired stake;
    ///        non-zero.
    /// @return applicationId The new application.
    function submitApplication(
        string calldata name,
        string calldata metadataUri,
        bytes32 contentHash,
        string calldata snapshotSpace,
        bytes32 snapshotProposal,
        address stakingContract
    ) external returns (uint64 applicationId);

    /// @notice Withdraws a pending application (-> Withdrawn, 2), in an open or closed round.
    /// @dev Applicant only, before its tally is attested.
    ///      Reverts: `RegistryPaused`, `RegistryUnknownApplication`, `RegistryNotApplicant`,
    ///      `RegistryWrongApplicationStatus(applicationId, status, 1)`.
    ///      Emits: `ApplicationWithdrawn(roundId, applicationId)`.
    /// @param applicationId The application.
    function withdrawApplication(uint64 applicationId) external;

    /// @notice Decides a closed round whose live applications all have a tally, or whose
    ///         attestation deadline has passed (-> Finalised).
    /// @dev Anyone. Each live application passes or fails by the rules in force when the round
    ///      opened (`round(roundId)` shows them); one still without a tally fails as
    ///      NotAttested (9), so no application can hold a round open forever. The passed
    ///      ones are ranked by For weight (ties to the lower id) and the top `slots` become
    ///      Qualified (4), the others NotSelected (5); failures get 6, 7, 8 or 9.
    ///      Reverts: `RegistryPaused`, `RegistryUnknownRound`,
    ///      `RegistryWrongRoundStatus(roundId, status, 2)`, `RegistryTalliesMissing` (tallies
    ///      missing and `block.timestamp <= attestationDeadline`).
    ///      Emits: `ApplicationFailed` for each failure in id order, then `ApplicationQualified`
    ///      or `ApplicationPassed` for each passed application in rank order, then
    ///      `RoundFinalised(roundId, passed, qualified)`. Withdrawn and revoked applications
    ///      emit nothing.
    /// @param roundId The round.
    function finaliseRound(uint64 roundId) external;

    /// @notice Revokes an application (-> Revoked, 10): the admin's act against an LST that
    ///         must not run. A pending or tallied one leaves its round, which finalises
    ///         without it; a qualified one is no longer eligible, and every active pairing with
    ///         it ends; a revoked application never pairs again. Revoking one that was never
    ///         attested (Pending, Withdrawn or NotAttested) also releases its Snapshot proposal,
    ///         so that the LST whose vote it is can apply with it when a copier claimed it
    ///         first, also when the copier withdrew the copy since.
    /// @dev Admin only; works while paused. Ending pairings visits every node (about 4,200
    ///      gas a node).
    ///      Reverts: `RegistryNotAdmin`, `RegistryUnknownApplication`,
    ///      `RegistryWrongApplicationStatus(applicationId, 10, 4)` (already revoked),
    ///      `RegistryInvalidLength(12, length, 1, 256)`.
    ///      Emits: `ApplicationRevoked(roundId, applicationId, previousStatus, reason)`, then
    ///      `NodeUnpaired(nodeId, pairingId, admin, reason, nonce)` for each pairing it ends.
    /// @param applicationId The application.
    /// @param reason Why, 1 to 256 bytes; logged, not stored.
    function revokeApplication(uint64 applicationId, string calldata reason) external;

    /// @notice A round.
    /// @dev Reverts: `RegistryUnknownRound`.
    /// @param roundId The round.
    /// @return slots How many passed applications qualify (K).
    /// @return status Its `RoundStatus` code.
    /// @return roundPhase The phase code in which it opened.
    /// @return firstApplication Id of its first application; its applications have consecutive
    ///         ids from there.
    /// @return applications Applications submitted, withdrawn ones included.
    /// @return live Applications not withdrawn or revoked.
    /// @return tallied Applications with an attested tally (NotAttested ones never had one).
    /// @return passed Applications that passed the rules (after finalisation).
    /// @return qualified Applications that qualified (after finalisation).
    /// @return deadline Last timestamp at which applications are accepted.
    /// @return attestationDeadline Last timestamp at which tallies are attested (`deadline` +
    ///         the attestation window); after it the round finalises without the missing ones.
    /// @return quorum The quorum that decides the round: the one in force when it opened.
    /// @return minVoters The least number of voters that decides the round.
    /// @return approvalBps The approval that decides the round, in basis points.
    /// @return attestationWindow The attestation window of the round's rules, in seconds.
    function round(uint64 roundId)
        external
        view
        returns (
            uint8 slots,
            uint8 status,
            uint8 roundPhase,
            uint64 firstApplication,
            uint16 applications,
            uint16 live,
            uint16 tallied,
            uint16 passed,
            uint8 qualified,
            uint64 deadline,
            uint64 attestationDeadline,
            uint256 quorum,
            uint32 minVoters,
            uint16 approvalBps,
            uint32 attestationWindow
        );

    /// @notice How many records exist of each kind; ids run from 1 to each count.
    /// @dev The latest round (the only one that may be Open) is `roundCount`.
    /// @return roundCount Rounds opened.
    /// @return applicationCount Applications submitted.
    /// @return nodeCount Nodes registered.
    /// @return pairingCount Pairings made, ended ones included.
    function counts()
        external
        view
        returns (uint64 roundCount, uint64 applicationCount, uint64 nodeCount, uint64 pairingCount);

    /// @notice Ids of a round's applications, in submission order, withdrawn ones included.
    /// @dev Positions `offset` to `offset + min(limit, 100) - 1` (from 0), clipped to the round.
    ///      Reverts: `RegistryUnknownRound`.
    /// @param roundId The round.
    /// @param offset How many positions to skip.
    /// @param limit The most ids to return (at most 100 are).
    /// @return applicationIds The ids.
    function roundApplications(uint64 roundId, uint64 offset, uint64 limit)
        external
        view
        returns (uint64[] memory applicationIds);

    /// @notice An application.
    /// @dev Reverts: `RegistryUnknownApplication`.
    /// @param applicationId The application.
    /// @return roundId Its round.
    /// @return applicant The account that submitted it.
    /// @return stakingContract The LST's staking contract.
    /// @return status Its `ApplicationStatus` code.
    /// @return rank Its rank among its round's passed applications (1 = most For weight); 0
    ///         unless it passed.
    /// @return contentHash Hash of the application document.
    /// @return snapshotProposal The Snapshot proposal id.
    /// @return name The LST's name.
    /// @return metadataUri Where the application document is.
    /// @return snapshotSpace The Snapshot space.
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

    /// @notice The attested tally of an application; all zero until attested.
    /// @dev Reverts: `RegistryUnknownApplication`.
    /// @param applicationId The application.
    /// @return forVotes For weight, in wei.
    /// @return againstVotes Against weight, in wei.
    /// @return abstainVotes Abstain weight, in wei.
    /// @return voters Distinct voting addresses.
    /// @return oracleEpoch The oracle epoch that attested it; 0 if none yet.
    function applicationTally(uint64 applicationId)
        external
        view
        returns (uint256 forVotes, uint256 againstVotes, uint256 abstainVotes, uint32 voters, uint32 oracleEpoch);

    /// @notice Whether nodes may pair with an application, and why. Never reverts.
    /// @param applicationId The application.
    /// @return eligible True when it is Qualified.
    /// @return status Its `ApplicationStatus` code; 0 for an unknown id.
    function eligibility(uint64 applicationId) external view returns (bool eligible, uint8 status);

    // =========================================================================== Stage 2: nodes, pairings, stake

    /// @notice Registers a sequencer node within the current phase's node limit.
    /// @dev Admin only. A sequencer signer can serve one node, ever. Records the current phase
    ///      and time.
    ///      Reverts: `RegistryPaused`, `RegistryNotAdmin`, `RegistryZeroAddress` (fields 3, 4),
    ///      `RegistryInvalidLength` (field 10), `RegistryNodeLimitReached(phase, limit)`,
    ///      `RegistrySignerInUse(sequencerSigner, nodeId)`.
    ///      Emits: `NodeRegistered(nodeId, operator, sequencerSigner)`.
    /// @param operator The node provider's account; non-zero.
    /// @param sequencerSigner The address the sequencer signs blocks with; non-zero, never used.
    /// @param metadataUri The node's metadata, 1 to 256 bytes.
    /// @return nodeId The new node.
    function registerNode(address operator, address sequencerSigner, string calldata metadataUri)
        external
        returns (uint64 nodeId);

    /// @notice Sets a node's operator, sequencer signer and metadata URI (pass current values to
    ///         keep them).
    /// @dev The admin may change all three; the operator may change the URI only. A signer
    ///      change needs the admin because nothing proves the operator holds the new signer's
    ///      key, and a replaced signer stays bound to this node and can never serve another.
    ///      Reverts: `RegistryPaused`, `RegistryUnknownNode`, `RegistryNotNodeOperator`,
    ///      `RegistryZeroAddress` (fields 3, 4), `RegistryInvalidLength` (field 10),
    ///      `RegistrySignerInUse`, `RegistryNotAdmin` (the operator changing the operator or
    ///      the signer).
    ///      Emits: `NodeUpdated(nodeId, operator, sequencerSigner)`.
    /// @param nodeId The node.
    /// @param operator Its operator; non-zero.
    /// @param sequencerSigner Its sequencer signer; non-zero, not used by another node.
    /// @param metadataUri Its metadata, 1 to 256 bytes.
    function updateNode(uint64 nodeId, address operator, address sequencerSigner, string calldata metadataUri)
        external;

    /// @notice A node.
    /// @dev Reverts: `RegistryUnknownNode`.
    /// @param nodeId The node.
    /// @return operator Its operator.
    /// @return sequencerSigner Its sequencer signer.
    /// @return activePairing Its active pairing; 0 if none.
    /// @return registeredPhase The phase code in which it was registered.
    /// @return registeredAt When it was registered.
    /// @return metadataUri Its metadata.
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

    /// @notice The node that uses, or once used, a sequencer signer.
    /// @param sequencerSigner The signer.
    /// @return nodeId The node; 0 if the signer was never used.
    function nodeOfSigner(address sequencerSigner) external view returns (uint64 nodeId);

    /// @notice Ids of registered nodes: `offset + 1` to `offset + min(limit, 100)`, clipped to
    ///         the node count.
    /// @param offset How many ids to skip.
    /// @param limit The most ids to return (at most 100 are).
    /// @return nodeIds The ids.
    function nodes(uint64 offset, uint64 limit) external view returns (uint64[] memory nodeIds);

    /// @notice Pairs the caller's node with a qualified application, under a stake cap, and
    ///         moves the pairing nonce.
    /// @dev Node operator only (not the admin). A node has one active pairing at a time;
    ///      several nodes may pair with the same application.
    ///      The application's staking contract must hold code (EVM or Stylus), so that no
    ///      pairing takes stake reports from a plain account; an LST may apply before
    ///      deploying it, and is paired once it has.
    ///      Reverts: `RegistryPaused`, `RegistryUnknownNode`, `RegistryNotNodeOperator`,
    ///      `RegistryNodeAlreadyPaired`, `RegistryUnknownApplication`,
    ///      `RegistryWrongApplicationStatus(applicationId, status, 4)`,
    ///      `RegistryNoCode(stakingContract)`,
    ///      `RegistryInvalidStakeCap(stakeCap, minCap, maxCap)`, `RegistryInvalidLength`
    ///      (field 11).
    ///      Emits: `NodePaired(nodeId, pairingId, applicationId, stakeCap, nonce)`.
    /// @param nodeId The node.
    /// @param applicationId A Qualified application.
    /// @param stakeCap The most stake the node's pool may hold, in wei, within the bounds in
    ///        force.
    /// @param announcementUri Where the pairing is announced, 1 to 256 bytes.
    /// @return pairingId The new pairing.
    function pair(uint64 nodeId, uint64 applicationId, uint256 stakeCap, string calldata announcementUri)
        external
        returns (uint64 pairingId);

    /// @notice Ends a node's active pairing (its record stays readable) and moves the pairing
    ///         nonce.
    /// @dev Node operator or admin.
    ///      Reverts: `RegistryPaused`, `RegistryUnknownNode`, `RegistryNotNodeOperator`,
    ///      `RegistryNodeNotPaired`, `RegistryInvalidLength(12, length, 0, 256)`.
    ///      Emits: `NodeUnpaired(nodeId, pairingId, caller, reason, nonce)`.
    /// @param nodeId The node.
    /// @param reason Free text, 0 to 256 bytes; logged, not stored.
    function unpair(uint64 nodeId, string calldata reason) external;

    /// @notice Changes the stake cap of a node's active pairing and moves the pairing nonce.
    /// @dev Node operator or admin. The cap must lie within the bounds in force and not below
    ///      the stake already reported.
    ///      Reverts: `RegistryPaused`, `RegistryUnknownNode`, `RegistryNotNodeOperator`,
    ///      `RegistryNodeNotPaired`, `RegistryInvalidStakeCap`, `RegistryCapBelowStake`.
    ///      Emits: `StakeCapChanged(nodeId, pairingId, previousCap, stakeCap, nonce)`.
    /// @param nodeId The node.
    /// @param stakeCap The new cap, in wei.
    function setStakeCap(uint64 nodeId, uint256 stakeCap) external;

    /// @notice Reports the pooled stake of an active pairing's node, as an absolute amount.
    /// @dev Only the staking contract of the paired application. The report names the
    ///      pairing, so a late report meant for an ended pairing reverts instead of landing on
    ///      the node's next one. Does not move the pairing nonce.
    ///      Reverts: `RegistryPaused`, `RegistryUnknownPairing`, `RegistryPairingEnded`,
    ///      `RegistryNotStakingContract(nodeId, caller, stakingContract)`,
    ///      `RegistryStakeAboveCap(nodeId, stake, cap)`.
    ///      Emits: `StakeReported(nodeId, pairingId, stake)`.
    /// @param pairingId The active pairing (`node(nodeId).activePairing`).
    /// @param stake The pooled stake, in wei; at most the pairing's cap.
    function reportStake(uint64 pairingId, uint256 stake) external;

    /// @notice A pairing, active or ended.
    /// @dev Reverts: `RegistryUnknownPairing`.
    /// @param pairingId The pairing.
    /// @return nodeId Its node.
    /// @return applicationId Its application.
    /// @return stakeCap Its stake cap, in wei.
    /// @return stake The stake last reported, in wei.
    /// @return startedAt When it started.
    /// @return endedAt When it ended; 0 while active.
    /// @return announcementUri Where it was announced.
    /// @return capOutOfBounds True when the pairing is active and its cap lies outside the cap
    ///         bounds in force: the bounds changed after the cap was set (caps set before a
    ///         change stay as they are, and `setStakeCap` brings them back within).
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
            string memory announcementUri,
            bool capOutOfBounds
        );

    /// @notice The active pairings of nodes `offset + 1` to `offset + min(limit, 100)`, as
    ///         parallel arrays with one entry per paired node (unpaired nodes are skipped, so
    ///         the arrays may be shorter than the page).
    /// @param offset How many node ids to skip.
    /// @param limit How many node ids to scan (at most 100 are).
    /// @return nodeIds The paired nodes.
    /// @return pairingIds Their active pairings.
    /// @return applicationIds The applications they are paired with.
    /// @return stakeCaps Their stake caps, in wei.
    /// @return remaining Their remaining capacity (cap - reported stake), in wei.
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

    /// @notice How much more stake a node's pool may take.
    /// @dev Reverts: `RegistryUnknownNode`.
    /// @param nodeId The node.
    /// @return remaining Its cap minus its reported stake, in wei; 0 if it is not paired.
    function remainingCapacity(uint64 nodeId) external view returns (uint256 remaining);

    /// @notice A counter that moves on every pairing, unpairing and stake-cap change, so that
    ///         integrators can cache pairings and caps. Stake reports do not move it. It is
    ///         kept in 32 bits and wraps from 2^32 - 1 to 0.
    /// @return nonce The counter.
    function pairingNonce() external view returns (uint64 nonce);
}
