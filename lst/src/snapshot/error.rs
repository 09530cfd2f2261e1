//! Every reason a Snapshot result is refused.

use alloy::primitives::{Address, U256};
use thiserror::Error;

use crate::wei::WeiError;

/// Why a Snapshot result was refused.
#[derive(Debug, Error)]
pub enum SnapshotError {
    /// Not JSON, or not the expected shape.
    #[error("not a Snapshot proposal document: {0}")]
    Json(#[from] serde_json::Error),
    /// The GraphQL response carries errors.
    #[error("the Snapshot API answered with errors: {0}")]
    GraphQl(String),
    /// `data.proposal` is null: Snapshot does not know the id.
    #[error("the Snapshot API found no such proposal (`data.proposal` is null)")]
    NotFound,
    /// A field the attestation needs is absent or null.
    #[error("the proposal has no `{0}`")]
    Missing(&'static str),
    /// The id is not a 0x-prefixed 32-byte hex string (e.g. an old IPFS-hash id).
    #[error("proposal id `{0}` is not a 0x-prefixed 32-byte hex string; the registry records Snapshot proposals as bytes32")]
    ProposalId(String),
    /// The space id is empty or too long for the registry.
    #[error("Snapshot space `{0}` must be 1 to 64 bytes")]
    Space(String),
    /// The vote is still pending or active.
    #[error("proposal state is `{0}`, not `closed`: only a closed vote can be attested")]
    NotClosed(String),
    /// Scores are not final yet (Snapshot recomputes them after closing).
    #[error(
        "scores_state is `{0}`, not `final`: wait until Snapshot has computed the final scores"
    )]
    ScoresNotFinal(String),
    /// Not basic voting.
    #[error("voting type is `{0}`, not `basic`: the registry counts basic For / Against / Abstain votes")]
    NotBasic(String),
    /// Choices other than For / Against / Abstain in that order.
    #[error("choices are {0:?}; expected exactly [\"For\", \"Against\", \"Abstain\"] in this order (case-insensitive)")]
    WrongChoices(Vec<String>),
    /// Not one score per choice.
    #[error("{found} scores for 3 choices")]
    ScoreCount {
        /// Scores present.
        found: usize,
    },
    /// A score that is not an exact non-negative decimal.
    #[error("score of {choice} ({text}): {source}")]
    Score {
        /// The choice.
        choice: &'static str,
        /// The JSON text of the score.
        text: String,
        /// Why.
        #[source]
        source: WeiError,
    },
    /// `scores_total` disagrees with the sum of the scores by more than one part per million.
    #[error("scores_total {total} disagrees with the sum of the scores {sum} (wei)")]
    TotalMismatch {
        /// `scores_total` in wei.
        total: U256,
        /// Sum of the scores in wei.
        sum: U256,
    },
    /// `votes` is not a count that fits a uint32.
    #[error("votes `{0}` is not an integer from 0 to 4294967295")]
    Votes(String),
    /// The vote was held in another space than the program's.
    #[error("the proposal is in Snapshot space `{space}`, not the program's space `{program}`: only votes in the program's space count")]
    WrongSpace {
        /// The proposal's space.
        space: String,
        /// The program's space.
        program: String,
    },
    /// The proposal has no title.
    #[error(
        "the proposal has no `title`; the program's proposals have titles ending with `{suffix}`"
    )]
    NoTitle {
        /// The suffix expected.
        suffix: String,
    },
    /// The title does not end as the program's proposal titles do.
    #[error("the proposal's title `{title}` does not end with `{suffix}` (case-sensitive, trailing whitespace ignored): not one of the program's proposals")]
    Title {
        /// The proposal's title.
        title: String,
        /// The suffix expected.
        suffix: String,
    },
    /// The proposal has no text.
    #[error("the proposal has no `body` (query it from Snapshot with the proposal): its text must name the application's staking contract {staking_contract}")]
    NoBody {
        /// The application's staking contract.
        staking_contract: Address,
    },
    /// The proposal's text does not name the staking contract of the application.
    #[error("the proposal's text (`body`) does not name the application's staking contract {staking_contract}: the vote is not about this application's LST")]
    StakingContractNotNamed {
        /// The application's staking contract.
        staking_contract: Address,
    },
}
