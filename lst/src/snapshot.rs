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

use std::collections::BTreeMap;

use alloy::primitives::{Address, B256, U256};
use serde::Deserialize;
use serde_json::value::RawValue;
use thiserror::Error;

use crate::wei::{self, WeiError};

/// The choices of a basic vote, in order.
pub const BASIC_CHOICES: [&str; 3] = ["For", "Against", "Abstain"];

/// Longest Snapshot space the registry stores, in bytes.
pub const MAX_SPACE_LEN: usize = 64;

pub use lst_registry_types::program::{DEFAULT_SNAPSHOT_SPACE, PROPOSAL_TITLE_SUFFIX};

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

#[derive(Deserialize)]
struct RawSpace {
    id: Option<String>,
}

#[derive(Deserialize)]
struct RawProposal {
    id: Option<String>,
    title: Option<String>,
    body: Option<String>,
    space: Option<RawSpace>,
    choices: Option<Vec<String>>,
    scores: Option<Vec<Box<RawValue>>>,
    scores_total: Option<Box<RawValue>>,
    scores_state: Option<String>,
    votes: Option<Box<RawValue>>,
    state: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// Reads a Snapshot GraphQL response (or a bare proposal object) and checks that it is a
/// closed, final, basic For / Against / Abstain vote.
///
/// # Errors
/// Every refusal is a [`SnapshotError`] naming the offending field.
pub fn parse_proposal(document: &str) -> Result<Proposal, SnapshotError> {
    let top: BTreeMap<String, Box<RawValue>> = serde_json::from_str(document)?;
    let proposal_json: Box<RawValue> = if top.contains_key("data") || top.contains_key("errors") {
        if let Some(errors) = top.get("errors") {
            if errors.get() != "null" {
                return Err(SnapshotError::GraphQl(graphql_messages(errors.get())));
            }
        }
        let data = top.get("data").ok_or(SnapshotError::Missing("data"))?;
        if data.get() == "null" {
            return Err(SnapshotError::Missing("data"));
        }
        let mut data: BTreeMap<String, Box<RawValue>> = serde_json::from_str(data.get())?;
        let proposal = data
            .remove("proposal")
            .ok_or(SnapshotError::Missing("data.proposal"))?;
        if proposal.get() == "null" {
            return Err(SnapshotError::NotFound);
        }
        proposal
    } else {
        RawValue::from_string(document.to_string())?
    };
    let raw: RawProposal = serde_json::from_str(proposal_json.get())?;
    check(raw)
}

/// The messages of a GraphQL `errors` array, joined.
fn graphql_messages(errors: &str) -> String {
    #[derive(Deserialize)]
    struct Message {
        message: Option<String>,
    }
    match serde_json::from_str::<Vec<Message>>(errors) {
        Ok(list) if !list.is_empty() => list
            .into_iter()
            .map(|m| m.message.unwrap_or_else(|| "(no message)".into()))
            .collect::<Vec<_>>()
            .join("; "),
        _ => errors.to_string(),
    }
}

fn check(raw: RawProposal) -> Result<Proposal, SnapshotError> {
    // State first: the most common reason to refuse, and the most important one.
    let state = raw.state.ok_or(SnapshotError::Missing("state"))?;
    if !state.eq_ignore_ascii_case("closed") {
        return Err(SnapshotError::NotClosed(state));
    }
    if let Some(scores_state) = raw.scores_state {
        if !scores_state.eq_ignore_ascii_case("final") {
            return Err(SnapshotError::ScoresNotFinal(scores_state));
        }
    }
    if let Some(kind) = raw.kind {
        if !kind.eq_ignore_ascii_case("basic") {
            return Err(SnapshotError::NotBasic(kind));
        }
    }
    let choices = raw.choices.ok_or(SnapshotError::Missing("choices"))?;
    let basic = choices.len() == BASIC_CHOICES.len()
        && choices
            .iter()
            .zip(BASIC_CHOICES)
            .all(|(choice, expected)| choice.trim().eq_ignore_ascii_case(expected));
    if !basic {
        return Err(SnapshotError::WrongChoices(choices));
    }

    let id_text = raw.id.ok_or(SnapshotError::Missing("id"))?;
    let id = parse_proposal_id(&id_text)?;
    let space = raw
        .space
        .and_then(|s| s.id)
        .ok_or(SnapshotError::Missing("space.id"))?;
    if space.is_empty() || space.len() > MAX_SPACE_LEN {
        return Err(SnapshotError::Space(space));
    }

    let scores = raw.scores.ok_or(SnapshotError::Missing("scores"))?;
    if scores.len() != BASIC_CHOICES.len() {
        return Err(SnapshotError::ScoreCount {
            found: scores.len(),
        });
    }
    let mut amounts = [U256::ZERO; 3];
    let mut texts: [String; 3] = Default::default();
    for (index, score) in scores.iter().enumerate() {
        let text = score.get().to_string();
        amounts[index] = score_to_wei(&text).map_err(|source| SnapshotError::Score {
            choice: BASIC_CHOICES[index],
            text: text.clone(),
            source,
        })?;
        texts[index] = text;
    }

    if let Some(total) = raw.scores_total {
        let sum = amounts
            .iter()
            .fold(U256::ZERO, |acc, v| acc.saturating_add(*v));
        let total = score_to_wei(total.get()).map_err(|source| SnapshotError::Score {
            choice: "scores_total",
            text: total.get().to_string(),
            source,
        })?;
        // Snapshot sums the scores in floating point: allow one part per million.
        let difference = if total > sum {
            total - sum
        } else {
            sum - total
        };
        if difference.saturating_mul(U256::from(1_000_000u32)) > total.max(sum) {
            return Err(SnapshotError::TotalMismatch { total, sum });
        }
    }

    let votes = raw.votes.ok_or(SnapshotError::Missing("votes"))?;
    let voters = votes
        .get()
        .parse::<u32>()
        .map_err(|_| SnapshotError::Votes(votes.get().to_string()))?;

    Ok(Proposal {
        id,
        title: raw.title,
        body: raw.body,
        space,
        for_votes: amounts[0],
        against_votes: amounts[1],
        abstain_votes: amounts[2],
        voters,
        score_texts: texts,
    })
}

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

/// A score's JSON text (a number, or a string holding one) in wei.
fn score_to_wei(json_text: &str) -> Result<U256, WeiError> {
    if json_text.starts_with('"') {
        let inner: String =
            serde_json::from_str(json_text).map_err(|_| WeiError::Syntax(json_text.to_string()))?;
        return wei::parse_ether(&inner);
    }
    if json_text == "null" {
        return Err(WeiError::Empty);
    }
    wei::parse_ether(json_text)
}

/// A Snapshot proposal id: `0x` and 64 hex digits.
///
/// # Errors
/// [`SnapshotError::ProposalId`] for anything else (Snapshot's early IPFS-hash ids included).
pub fn parse_proposal_id(text: &str) -> Result<B256, SnapshotError> {
    let invalid = || SnapshotError::ProposalId(text.to_string());
    let hex = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .ok_or_else(invalid)?;
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid());
    }
    text.parse().map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0x8b2c1a3c0de9a1d1b4c3f3e1a2d5f6e7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3";

    fn doc(state: &str, choices: &str, scores: &str) -> String {
        format!(
            r#"{{"data":{{"proposal":{{"id":"{ID}","title":"Admit Hermes — LST Protocol Proposal","body":"Staking contract: 0x23618E81e3f5cdf7f54c3d65f7fbc0abf5b21e8f.","space":{{"id":"metislayer2.eth","name":"Metis"}},"choices":{choices},"scores":{scores},"votes":612,"state":"{state}","type":"basic","scores_state":"final"}}}}}}"#
        )
    }

    #[test]
    fn reads_envelope_and_bare_object() {
        let envelope = doc(
            "closed",
            r#"["For","Against","Abstain"]"#,
            "[20000.000000000001, 1.5e3, \"7\"]",
        );
        let proposal = parse_proposal(&envelope).expect("valid");
        assert_eq!(
            proposal.for_votes,
            "20000000000000001000000".parse::<U256>().expect("literal")
        );
        assert_eq!(
            proposal.against_votes,
            "1500000000000000000000".parse::<U256>().expect("literal")
        );
        assert_eq!(
            proposal.abstain_votes,
            "7000000000000000000".parse::<U256>().expect("literal")
        );
        assert_eq!(proposal.voters, 612);
        assert_eq!(proposal.space, "metislayer2.eth");
        assert_eq!(
            proposal.title.as_deref(),
            Some("Admit Hermes — LST Protocol Proposal")
        );
        assert!(proposal
            .body
            .as_deref()
            .is_some_and(|b| b.contains("0x23618E81")));
        let bare_start = envelope.find("{\"id\"").expect("object");
        let bare = &envelope[bare_start..envelope.len() - 2];
        assert_eq!(parse_proposal(bare).expect("valid bare"), proposal);
    }

    #[test]
    fn refuses_open_votes_and_other_choices() {
        let active = doc("active", r#"["For","Against","Abstain"]"#, "[1,2,3]");
        assert!(
            matches!(parse_proposal(&active), Err(SnapshotError::NotClosed(s)) if s == "active")
        );
        for choices in [
            r#"["Yes","No","Abstain"]"#,
            r#"["Against","For","Abstain"]"#,
            r#"["For","Against"]"#,
        ] {
            let document = doc("closed", choices, "[1,2,3]");
            assert!(
                matches!(
                    parse_proposal(&document),
                    Err(SnapshotError::WrongChoices(_))
                ),
                "{choices}"
            );
        }
        let lower = doc("closed", r#"["for","AGAINST","Abstain"]"#, "[1,2,3]");
        assert!(parse_proposal(&lower).is_ok());
    }

    #[test]
    fn refuses_bad_scores() {
        let negative = doc("closed", r#"["For","Against","Abstain"]"#, "[1,-2,3]");
        assert!(matches!(
            parse_proposal(&negative),
            Err(SnapshotError::Score {
                choice: "Against",
                ..
            })
        ));
        let nan = doc("closed", r#"["For","Against","Abstain"]"#, r#"[1,2,"NaN"]"#);
        assert!(matches!(
            parse_proposal(&nan),
            Err(SnapshotError::Score {
                choice: "Abstain",
                ..
            })
        ));
        let short = doc("closed", r#"["For","Against","Abstain"]"#, "[1,2]");
        assert!(matches!(
            parse_proposal(&short),
            Err(SnapshotError::ScoreCount { found: 2 })
        ));
    }

    #[test]
    fn graphql_errors_and_missing_proposals() {
        let errors = r#"{"errors":[{"message":"invalid proposal id"}],"data":null}"#;
        assert!(
            matches!(parse_proposal(errors), Err(SnapshotError::GraphQl(m)) if m == "invalid proposal id")
        );
        assert!(matches!(
            parse_proposal(r#"{"data":{"proposal":null}}"#),
            Err(SnapshotError::NotFound)
        ));
    }

    #[test]
    fn proposal_ids() {
        assert!(parse_proposal_id(ID).is_ok());
        assert!(parse_proposal_id("QmWbpCtwdLzxuLKnMW4Vv4MPFd2pdPX71YBKPasfZxqLUS").is_err());
        assert!(parse_proposal_id(&ID[..65]).is_err());
    }

    const STAKING: Address =
        alloy::primitives::address!("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f");

    fn requirements() -> ProgramRequirements<'static> {
        ProgramRequirements {
            space: DEFAULT_SNAPSHOT_SPACE,
            title_suffix: PROPOSAL_TITLE_SUFFIX,
            staking_contract: STAKING,
        }
    }

    fn closed() -> Proposal {
        parse_proposal(&doc("closed", r#"["For","Against","Abstain"]"#, "[1,2,3]")).expect("valid")
    }

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
