//! The registry's Solidity interface, as Rust types: one call type per function, the
//! [`RegistryEvent`] enum of every event and the [`RegistryError`] enum of every custom error.
//!
//! Everything comes from the committed interface `abi/ILstRegistry.sol` (selectors, event
//! topics, error selectors, names), so a signature that drifts between the contract and the
//! interface breaks the end-to-end tests.

alloy_sol_types::sol!(
    #[sol(all_derives)]
    "../abi/ILstRegistry.sol"
);

pub use ILstRegistry::{
    ILstRegistryCalls as RegistryCall, ILstRegistryErrors as RegistryError,
    ILstRegistryEvents as RegistryEvent,
};

/// `keccak256("stylus_constructor()")[..4]`: the SDK's constructor route, which the
/// interface does not list.
pub fn constructor_selector() -> [u8; 4] {
    stylus_devnet::constructor_selector()
}

/// The name of an interface function from its selector, if the interface has it.
pub fn function_name(selector: [u8; 4]) -> Option<&'static str> {
    RegistryCall::name_by_selector(selector)
}

/// `value.into()` for every event and error of the interface (the macro does not generate
/// these conversions).
macro_rules! into_enum {
    ($enum:ident: $($variant:ident),* $(,)?) => {$(
        impl From<ILstRegistry::$variant> for $enum {
            fn from(value: ILstRegistry::$variant) -> Self {
                $enum::$variant(value)
            }
        }
    )*};
}

into_enum!(
    RegistryEvent:
    AdminTransferStarted,
    AdminTransferred,
    GuardianChanged,
    Paused,
    Unpaused,
    OracleSetChanged,
    VoteRulesChanged,
    StakeCapBoundsChanged,
    PhaseNodeLimitChanged,
    PhaseAdvanced,
    RoundOpened,
    RoundClosed,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    TallyAttested,
    ApplicationFailed,
    ApplicationPassed,
    ApplicationQualified,
    RoundFinalised,
    NodeRegistered,
    NodeUpdated,
    NodePaired,
    NodeUnpaired,
    StakeCapChanged,
    StakeReported,
);

into_enum!(
    RegistryError:
    RegistryNotAdmin,
    RegistryNotGuardian,
    RegistryNotPendingAdmin,
    RegistryNotApplicant,
    RegistryNotNodeOperator,
    RegistryNotStakingContract,
    RegistryPaused,
    RegistryNotPaused,
    RegistryUnknownSelector,
    RegistryMalformedCalldata,
    RegistryNotPayable,
    RegistryAlreadyInitialised,
    RegistryZeroAddress,
    RegistryZeroHash,
    RegistryInvalidLength,
    RegistryAmountTooLarge,
    RegistryInvalidQuorum,
    RegistryInvalidMinVoters,
    RegistryInvalidApproval,
    RegistryInvalidStakeCapBounds,
    RegistryInvalidStakeCap,
    RegistryInvalidNodeLimit,
    RegistryInvalidPhaseTransition,
    RegistryInvalidOracleSet,
    RegistryInvalidOracleSigner,
    RegistryMalformedSignatures,
    RegistrySignatureCount,
    RegistrySignatureHighS,
    RegistryInvalidSignature,
    RegistrySignersNotSorted,
    RegistryUnknownSigner,
    RegistryUnknownRound,
    RegistryWrongRoundStatus,
    RegistryInvalidRoundConfig,
    RegistryDeadline,
    RegistryNoOpenRound,
    RegistryRoundFull,
    RegistryTalliesMissing,
    RegistryUnknownApplication,
    RegistryWrongApplicationStatus,
    RegistryUnknownNode,
    RegistryUnknownPairing,
    RegistryNodeLimitReached,
    RegistrySignerInUse,
    RegistryNodeAlreadyPaired,
    RegistryNodeNotPaired,
    RegistryStakeAboveCap,
    RegistryCapBelowStake,
);
