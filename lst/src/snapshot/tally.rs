//! The vote itself: closed, final, basic For / Against / Abstain, its id and space as the
//! registry stores them, and its scores in exact wei.

use alloy::primitives::{B256, U256};

use super::graphql::RawProposal;
use super::{Proposal, SnapshotError, BASIC_CHOICES, MAX_SPACE_LEN};
use crate::wei::{self, WeiError};

/// Checks a proposal read from the API: a closed vote with final scores, basic voting, the
/// choices For / Against / Abstain in order, a bytes32 id and a space the registry can
/// store, one score per choice in exact wei agreeing with `scores_total`, and the vote count.
pub(super) fn check(raw: RawProposal) -> Result<Proposal, SnapshotError> {
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
    use crate::snapshot::fixtures::{doc, ID};
    use crate::snapshot::parse_proposal;

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
    fn proposal_ids() {
        assert!(parse_proposal_id(ID).is_ok());
        assert!(parse_proposal_id("QmWbpCtwdLzxuLKnMW4Vv4MPFd2pdPX71YBKPasfZxqLUS").is_err());
        assert!(parse_proposal_id(&ID[..65]).is_err());
    }
}
