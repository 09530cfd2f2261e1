//! Snapshot's GraphQL answer: the envelope (`data.proposal`, `errors`) or a bare proposal
//! object, read without ever going through floating point.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::SnapshotError;

/// `space { id }` as the API answers it.
#[derive(Deserialize)]
pub(super) struct RawSpace {
    pub(super) id: Option<String>,
}

/// A proposal object as the API answers it, every field optional, scores as JSON text.
#[derive(Deserialize)]
pub(super) struct RawProposal {
    pub(super) id: Option<String>,
    pub(super) title: Option<String>,
    pub(super) body: Option<String>,
    pub(super) space: Option<RawSpace>,
    pub(super) choices: Option<Vec<String>>,
    pub(super) scores: Option<Vec<Box<RawValue>>>,
    pub(super) scores_total: Option<Box<RawValue>>,
    pub(super) scores_state: Option<String>,
    pub(super) votes: Option<Box<RawValue>>,
    pub(super) state: Option<String>,
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
}

/// Reads a Snapshot GraphQL response (or a bare proposal object) into its raw fields.
pub(super) fn raw_proposal(document: &str) -> Result<RawProposal, SnapshotError> {
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
    Ok(serde_json::from_str(proposal_json.get())?)
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

#[cfg(test)]
mod tests {
    use alloy::primitives::U256;

    use super::*;
    use crate::snapshot::fixtures::doc;
    use crate::snapshot::parse_proposal;

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
}
