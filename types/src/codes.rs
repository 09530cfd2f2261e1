//! Names of the interface's `uint8` codes (`RoundStatus`, `ApplicationStatus`, `Phase`,
//! `Field` in `abi/ILstRegistry.sol`), with what each application status means for pairing.

/// `RoundStatus` names, by code.
pub const ROUND_STATUS: [&str; 4] = ["None", "Open", "Closed", "Finalised"];

/// `ApplicationStatus` names, by code; also the `eligibility` reason and the `reason` of
/// `ApplicationFailed`.
pub const APPLICATION_STATUS: [&str; 11] = [
    "None",
    "Pending",
    "Withdrawn",
    "Tallied",
    "Qualified",
    "NotSelected",
    "FailedQuorum",
    "FailedVoters",
    "FailedApproval",
    "NotAttested",
    "Revoked",
];

/// What each `ApplicationStatus` means for pairing, by code.
pub const APPLICATION_STATUS_MEANING: [&str; 11] = [
    "no such application",
    "waiting for its Snapshot tally to be attested",
    "withdrawn by its applicant",
    "tally attested; waiting for the round to be finalised",
    "qualified: passed the vote rules within the round's slots; nodes may pair with it",
    "passed the vote rules but ranked below the round's slots",
    "failed the quorum (For + Against + Abstain below the quorum)",
    "failed the minimum number of distinct voters",
    "failed the approval threshold (For / (For + Against))",
    "failed: no tally was attested by the round's attestation deadline",
    "revoked by the admin: it never pairs again",
];

/// `Phase` names, by code.
pub const PHASE: [&str; 4] = ["Alpha", "Throughput", "MainLaunch", "OpenAccess"];

/// `Field` names (the `field` of `RegistryZeroAddress`, `RegistryZeroHash` and
/// `RegistryInvalidLength`), by code.
pub const FIELD: [&str; 15] = [
    "admin",
    "guardian",
    "stakingContract",
    "operator",
    "sequencerSigner",
    "name",
    "metadataUri (application)",
    "snapshotSpace",
    "contentHash",
    "snapshotProposal",
    "metadataUri (node)",
    "announcementUri",
    "reason",
    "views (constructor)",
    "adminProgram (constructor)",
];

/// The name of `code` in `names`, if it has one.
pub fn name(names: &[&'static str], code: u8) -> Option<&'static str> {
    names.get(usize::from(code)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ILstRegistry;
    use alloy_sol_types::SolEnum;

    #[test]
    fn every_interface_code_has_a_name() {
        assert_eq!(ROUND_STATUS.len(), ILstRegistry::RoundStatus::COUNT);
        assert_eq!(
            APPLICATION_STATUS.len(),
            ILstRegistry::ApplicationStatus::COUNT
        );
        assert_eq!(APPLICATION_STATUS_MEANING.len(), APPLICATION_STATUS.len());
        assert_eq!(PHASE.len(), ILstRegistry::Phase::COUNT);
        assert_eq!(FIELD.len(), ILstRegistry::Field::COUNT);
        assert_eq!(name(&PHASE, 2), Some("MainLaunch"));
        assert_eq!(name(&PHASE, 4), None);
    }
}
