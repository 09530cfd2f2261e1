//! Snapshot proposal results, as Snapshot's GraphQL API (`https://hub.snapshot.org/graphql`)
//! returns them:
//!
//! ```text
//! query { proposal(id: "0x…") { id title body space { id name } choices scores scores_total
//!         scores_state votes state type start end snapshot } }
//! ```
//!
//! [`parse_proposal`] accepts the whole response (`{"data":{"proposal":{…}}}`) or the bare
//! proposal object, reads every score from its JSON *text* (see [`crate::wei`]) and refuses
//! anything an oracle must not sign: a proposal that is not closed, whose scores are not
//! final, whose voting type is not `basic`, or whose choices are not exactly For / Against /
//! Abstain in Snapshot's basic-voting order (1 For, 2 Against, 3 Abstain; case-insensitive).
//!
//! [`check_program`] then refuses a vote that is not one of the program's: held in another
//! Snapshot space than the program's, titled otherwise than the program titles its proposals
//! (the title must end with [`PROPOSAL_TITLE_SUFFIX`]), or whose text (`body`) does not name
//! the staking contract of the application it is to back.
//!
//! Modules by concern: `graphql` reads the API's document, `tally` checks the vote and
//! converts its scores to wei, `program` checks that it is one of the program's votes;
//! `error` is every refusal.

mod error;
#[cfg(test)]
mod fixtures;
mod graphql;
mod program;
mod tally;

use alloy::primitives::{B256, U256};

pub use error::SnapshotError;
pub use program::{check_program, names_address, ProgramRequirements};
pub use tally::parse_proposal_id;

/// Reads a Snapshot GraphQL response (or a bare proposal object) and checks that it is a
/// closed, final, basic For / Against / Abstain vote.
///
/// # Errors
/// Every refusal is a [`SnapshotError`] naming the offending field.
pub fn parse_proposal(document: &str) -> Result<Proposal, SnapshotError> {
    tally::check(graphql::raw_proposal(document)?)
}

/// The choices of a basic vote, in order.
pub const BASIC_CHOICES: [&str; 3] = ["For", "Against", "Abstain"];

/// Longest Snapshot space the registry stores, in bytes.
pub const MAX_SPACE_LEN: usize = 64;

pub use lst_registry_types::program::{DEFAULT_SNAPSHOT_SPACE, PROPOSAL_TITLE_SUFFIX};

/// A closed basic Snapshot vote, checked and converted to wei.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// The proposal id.
    pub id: B256,
    /// Its title, if the document has one.
    pub title: Option<String>,
    /// Its text (markdown), if the document has one.
    pub body: Option<String>,
    /// The space (an ENS name such as `metislayer2.eth`).
    pub space: String,
    /// For weight, in wei.
    pub for_votes: U256,
    /// Against weight, in wei.
    pub against_votes: U256,
    /// Abstain weight, in wei.
    pub abstain_votes: U256,
    /// Number of votes cast: one per address, so the distinct voters.
    pub voters: u32,
    /// The scores' JSON texts, For / Against / Abstain, as read.
    pub score_texts: [String; 3],
}
