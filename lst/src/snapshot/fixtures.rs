//! Snapshot documents shared by the tests of the parser and of the program's checks.

use alloy::primitives::Address;

use super::{parse_proposal, ProgramRequirements, Proposal};
use super::{DEFAULT_SNAPSHOT_SPACE, PROPOSAL_TITLE_SUFFIX};

/// A proposal id.
pub(super) const ID: &str = "0x8b2c1a3c0de9a1d1b4c3f3e1a2d5f6e7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3";

/// A GraphQL response of one proposal in the program's space naming the staking contract.
pub(super) fn doc(state: &str, choices: &str, scores: &str) -> String {
    format!(
        r#"{{"data":{{"proposal":{{"id":"{ID}","title":"Admit Hermes — LST Protocol Proposal","body":"Staking contract: 0x23618E81e3f5cdf7f54c3d65f7fbc0abf5b21e8f.","space":{{"id":"metislayer2.eth","name":"Metis"}},"choices":{choices},"scores":{scores},"votes":612,"state":"{state}","type":"basic","scores_state":"final"}}}}}}"#
    )
}

/// The staking contract the fixture's body names.
pub(super) const STAKING: Address =
    alloy::primitives::address!("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f");

/// The program's requirements for the fixture's staking contract.
pub(super) fn requirements() -> ProgramRequirements<'static> {
    ProgramRequirements {
        space: DEFAULT_SNAPSHOT_SPACE,
        title_suffix: PROPOSAL_TITLE_SUFFIX,
        staking_contract: STAKING,
    }
}

/// The fixture, closed and parsed.
pub(super) fn closed() -> Proposal {
    parse_proposal(&doc("closed", r#"["For","Against","Abstain"]"#, "[1,2,3]")).expect("valid")
}
