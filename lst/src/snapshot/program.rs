//! Whether a vote is one of the program's: its space, its title, and a text naming the
//! staking contract of the application it is to back.

use alloy::primitives::Address;

use super::{Proposal, SnapshotError};

/// What the program requires of the vote backing an application, beyond a closed basic
/// vote: see [`check_program`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProgramRequirements<'a> {
    /// The program's Snapshot space (`rules().snapshotSpace`).
    pub space: &'a str,
    /// How every title of the program's proposals ends.
    pub title_suffix: &'a str,
    /// The staking contract of the application the vote is to back.
    pub staking_contract: Address,
}

/// Refuses a vote that is not one of the program's, in this order:
///
/// * its space is not exactly `requirements.space`;
/// * it has no title, or its title, trailing whitespace removed, does not end with
///   `requirements.title_suffix` (its own trailing whitespace removed too); the comparison is
///   case-sensitive;
/// * it has no text (`body`), or the text does not name the staking contract: the address as
///   `0x` and 40 hex digits, in any letter case, not part of a longer word or hex string.
///
/// # Errors
/// The first requirement not met, naming the values compared.
pub fn check_program(
    proposal: &Proposal,
    requirements: &ProgramRequirements<'_>,
) -> Result<(), SnapshotError> {
    if proposal.space != requirements.space {
        return Err(SnapshotError::WrongSpace {
            space: proposal.space.clone(),
            program: requirements.space.to_string(),
        });
    }
    let suffix = requirements.title_suffix.trim_end();
    let title = proposal
        .title
        .as_deref()
        .ok_or_else(|| SnapshotError::NoTitle {
            suffix: suffix.to_string(),
        })?;
    if !title.trim_end().ends_with(suffix) {
        return Err(SnapshotError::Title {
            title: title.to_string(),
            suffix: suffix.to_string(),
        });
    }
    let staking_contract = requirements.staking_contract;
    let body = proposal
        .body
        .as_deref()
        .ok_or(SnapshotError::NoBody { staking_contract })?;
    if !names_address(body, staking_contract) {
        return Err(SnapshotError::StakingContractNotNamed { staking_contract });
    }
    Ok(())
}

/// Whether `text` contains `address` as `0x` and 40 hex digits (any letter case), neither
/// preceded nor followed by a letter or digit (so not inside a longer hex string).
pub fn names_address(text: &str, address: Address) -> bool {
    let wanted = format!("0x{}", alloy::primitives::hex::encode(address));
    let haystack = text.to_ascii_lowercase();
    let bytes = haystack.as_bytes();
    haystack.match_indices(&wanted).any(|(at, found)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + found.len()).copied();
        !before.is_some_and(|b| b.is_ascii_alphanumeric())
            && !after.is_some_and(|b| b.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::fixtures::{closed, requirements, STAKING};
    use crate::snapshot::{DEFAULT_SNAPSHOT_SPACE, PROPOSAL_TITLE_SUFFIX};

    #[test]
    fn accepts_the_programs_proposals() {
        assert!(check_program(&closed(), &requirements()).is_ok());
        // Trailing whitespace of the title (and of the suffix) is ignored.
        let mut proposal = closed();
        proposal.title = Some("[LST-9] Admit Orbit METIS LST Protocol Proposal \n".into());
        let suffix = format!("{PROPOSAL_TITLE_SUFFIX} ");
        let loose = ProgramRequirements {
            title_suffix: &suffix,
            ..requirements()
        };
        assert!(check_program(&proposal, &loose).is_ok());
    }

    #[test]
    fn refuses_another_space() {
        let mut proposal = closed();
        proposal.space = "metislst.eth".into();
        let error = check_program(&proposal, &requirements()).expect_err("other space");
        assert!(
            matches!(&error, SnapshotError::WrongSpace { space, program } if space == "metislst.eth" && program == DEFAULT_SNAPSHOT_SPACE)
        );
        let text = error.to_string();
        assert!(
            text.contains("`metislst.eth`") && text.contains("`metislayer2.eth`"),
            "{text}"
        );
    }

    #[test]
    fn refuses_titles_not_ending_with_the_suffix() {
        let mut proposal = closed();
        proposal.title = Some("LST Protocol Proposal: Admit Orbit".into());
        let error = check_program(&proposal, &requirements()).expect_err("bad title");
        assert!(matches!(error, SnapshotError::Title { .. }), "{error}");
        assert!(error
            .to_string()
            .contains("LST Protocol Proposal: Admit Orbit"));
        // Case-sensitive.
        proposal.title = Some("Admit Orbit — lst protocol proposal".into());
        assert!(matches!(
            check_program(&proposal, &requirements()),
            Err(SnapshotError::Title { .. })
        ));
        proposal.title = None;
        assert!(matches!(
            check_program(&proposal, &requirements()),
            Err(SnapshotError::NoTitle { suffix }) if suffix == PROPOSAL_TITLE_SUFFIX
        ));
    }

    #[test]
    fn refuses_texts_not_naming_the_staking_contract() {
        let other = alloy::primitives::address!("0x00000000000000000000000000000000000000aa");
        let elsewhere = ProgramRequirements {
            staking_contract: other,
            ..requirements()
        };
        let error = check_program(&closed(), &elsewhere).expect_err("other contract");
        assert!(
            matches!(error, SnapshotError::StakingContractNotNamed { staking_contract } if staking_contract == other)
        );
        assert!(error.to_string().contains(&other.to_string()));
        let mut proposal = closed();
        proposal.body = None;
        assert!(matches!(
            check_program(&proposal, &requirements()),
            Err(SnapshotError::NoBody { .. })
        ));
    }

    #[test]
    fn addresses_are_named_whole_in_any_case() {
        let lower = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";
        for text in [
            lower.to_string(),
            lower.to_uppercase().replacen("0X", "0x", 1),
            format!("staking: {lower}."),
            format!("[contract](https://explorer/address/{lower})"),
            format!("0X{}", &lower[2..]),
        ] {
            assert!(names_address(&text, STAKING), "{text}");
        }
        for text in [
            String::new(),
            lower[..41].to_string(),
            format!("{lower}00"),
            format!("a{lower}"),
            lower[2..].to_string(),
        ] {
            assert!(!names_address(&text, STAKING), "{text}");
        }
    }
}
