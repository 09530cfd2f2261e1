//! Codes: the interface's enums are the program's status, phase and field codes.

use std::fmt::Debug;

use alloy_sol_types::SolEnum;
use lst_registry::errors::Field;
use lst_registry::storage::{ApplicationStatus, Phase, RoundStatus};

use crate::abi_drift::ILstRegistry;

/// Checks that `pairs` covers every variant of the interface enum `I` with the program's code
/// and name.
fn assert_codes<P: Copy + Debug + Into<u8>, I: SolEnum + Debug>(enum_name: &str, pairs: &[(P, I)]) {
    assert_eq!(
        pairs.len(),
        I::COUNT,
        "{enum_name}: the interface has {} variants, the program {}",
        I::COUNT,
        pairs.len()
    );
    for (index, (program, interface)) in pairs.iter().enumerate() {
        let (program_code, interface_code): (u8, u8) = ((*program).into(), (*interface).into());
        assert_eq!(
            program_code as usize, index,
            "{enum_name}::{program:?}: codes must run from 0"
        );
        assert_eq!(
            program_code, interface_code,
            "{enum_name}::{program:?}: code differs"
        );
        assert_eq!(
            format!("{program:?}"),
            format!("{interface:?}"),
            "{enum_name} code {program_code}: name differs"
        );
    }
}

/// The program's code enums as bytes (they are `#[repr(u8)]` without `Into<u8>`).
#[derive(Clone, Copy)]
struct Code<T>(T, u8);
impl<T: Debug> Debug for Code<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
impl<T> From<Code<T>> for u8 {
    fn from(code: Code<T>) -> u8 {
        code.1
    }
}

#[test]
fn interface_codes_are_the_program_codes() {
    use ILstRegistry as I;
    // Exhaustive matches: a variant added to the program fails to compile here until it is mapped.
    let round = |s: RoundStatus| {
        (
            Code(s, s as u8),
            match s {
                RoundStatus::None => I::RoundStatus::None,
                RoundStatus::Open => I::RoundStatus::Open,
                RoundStatus::Closed => I::RoundStatus::Closed,
                RoundStatus::Finalised => I::RoundStatus::Finalised,
            },
        )
    };
    let application = |s: ApplicationStatus| {
        (
            Code(s, s as u8),
            match s {
                ApplicationStatus::None => I::ApplicationStatus::None,
                ApplicationStatus::Pending => I::ApplicationStatus::Pending,
                ApplicationStatus::Withdrawn => I::ApplicationStatus::Withdrawn,
                ApplicationStatus::Tallied => I::ApplicationStatus::Tallied,
                ApplicationStatus::Qualified => I::ApplicationStatus::Qualified,
                ApplicationStatus::NotSelected => I::ApplicationStatus::NotSelected,
                ApplicationStatus::FailedQuorum => I::ApplicationStatus::FailedQuorum,
                ApplicationStatus::FailedVoters => I::ApplicationStatus::FailedVoters,
                ApplicationStatus::FailedApproval => I::ApplicationStatus::FailedApproval,
                ApplicationStatus::NotAttested => I::ApplicationStatus::NotAttested,
                ApplicationStatus::Revoked => I::ApplicationStatus::Revoked,
            },
        )
    };
    let phase = |p: Phase| {
        (
            Code(p, p as u8),
            match p {
                Phase::Alpha => I::Phase::Alpha,
                Phase::Throughput => I::Phase::Throughput,
                Phase::MainLaunch => I::Phase::MainLaunch,
                Phase::OpenAccess => I::Phase::OpenAccess,
            },
        )
    };
    let field = |f: Field| {
        (
            Code(f, f as u8),
            match f {
                Field::Admin => I::Field::Admin,
                Field::Guardian => I::Field::Guardian,
                Field::StakingContract => I::Field::StakingContract,
                Field::Operator => I::Field::Operator,
                Field::SequencerSigner => I::Field::SequencerSigner,
                Field::Name => I::Field::Name,
                Field::MetadataUri => I::Field::MetadataUri,
                Field::SnapshotSpace => I::Field::SnapshotSpace,
                Field::ContentHash => I::Field::ContentHash,
                Field::SnapshotProposal => I::Field::SnapshotProposal,
                Field::NodeUri => I::Field::NodeUri,
                Field::AnnouncementUri => I::Field::AnnouncementUri,
                Field::Reason => I::Field::Reason,
                Field::ViewsProgram => I::Field::ViewsProgram,
                Field::AdminProgram => I::Field::AdminProgram,
            },
        )
    };
    use ApplicationStatus as A;
    assert_codes(
        "RoundStatus",
        &[
            RoundStatus::None,
            RoundStatus::Open,
            RoundStatus::Closed,
            RoundStatus::Finalised,
        ]
        .map(round),
    );
    assert_codes(
        "ApplicationStatus",
        &[
            A::None,
            A::Pending,
            A::Withdrawn,
            A::Tallied,
            A::Qualified,
            A::NotSelected,
            A::FailedQuorum,
            A::FailedVoters,
            A::FailedApproval,
            A::NotAttested,
            A::Revoked,
        ]
        .map(application),
    );
    assert_codes(
        "Phase",
        &[
            Phase::Alpha,
            Phase::Throughput,
            Phase::MainLaunch,
            Phase::OpenAccess,
        ]
        .map(phase),
    );
    assert_codes(
        "Field",
        &[
            Field::Admin,
            Field::Guardian,
            Field::StakingContract,
            Field::Operator,
            Field::SequencerSigner,
            Field::Name,
            Field::MetadataUri,
            Field::SnapshotSpace,
            Field::ContentHash,
            Field::SnapshotProposal,
            Field::NodeUri,
            Field::AnnouncementUri,
            Field::Reason,
            Field::ViewsProgram,
            Field::AdminProgram,
        ]
        .map(field),
    );
    assert_eq!(
        lst_registry::storage::LAST_PHASE as usize + 1,
        I::Phase::COUNT
    );
}
