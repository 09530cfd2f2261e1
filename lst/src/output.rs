//! Output: every command produces a [`Report`], printed as text for people or as JSON
//! (`--json`) for scripts; and the generic decoding of the interface's events and custom
//! errors into named, annotated parameters ([`DecodedCall`]).

use std::fmt;

use alloy::dyn_abi::{DynSolValue, ErrorExt, EventExt};
use alloy::json_abi::{Error as AbiError, Event as AbiEvent};
use alloy::primitives::{keccak256, Log, B256, U256};
use serde::Serialize;
use serde_json::{json, Value};

use crate::abi::{self, ILstRegistry};
use crate::wei;

/// What a command prints: `human` by default, `json` with `--json`.
#[derive(Clone, Debug)]
pub struct Report {
    /// Machine-readable form.
    pub json: Value,
    /// Human-readable form (without a trailing newline).
    pub human: String,
    /// False when the command reports a failure (a mined transaction that reverted, a
    /// verification that failed): the tool then exits with status 1.
    pub ok: bool,
}

impl Report {
    /// A report from its two forms.
    pub fn new(json: Value, human: impl Into<String>) -> Self {
        Self {
            json,
            human: human.into(),
            ok: true,
        }
    }

    /// Prints the report in the chosen form.
    pub fn print(&self, as_json: bool) {
        if as_json {
            println!(
                "{}",
                serde_json::to_string_pretty(&self.json).unwrap_or_else(|_| self.json.to_string())
            );
        } else {
            println!("{}", self.human);
        }
    }
}

/// `label: value` lines with the values aligned.
#[derive(Default)]
pub struct Fields {
    rows: Vec<(String, String)>,
}

impl Fields {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a line.
    pub fn add(&mut self, label: impl Into<String>, value: impl fmt::Display) -> &mut Self {
        self.rows.push((label.into(), value.to_string()));
        self
    }

    /// The lines, values aligned.
    pub fn render(&self) -> String {
        let width = self
            .rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        self.rows
            .iter()
            .map(|(l, v)| format!("{l:<width$}  {v}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A table with a header row; columns sized to their widest cell.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![line(header.to_vec())];
    out.extend(
        rows.iter()
            .map(|r| line(r.iter().map(String::as_str).collect())),
    );
    out.join("\n")
}

/// An amount for people and for scripts: `{"wei": "…", "metis": "…"}`.
pub fn amount_json(value: U256) -> Value {
    json!({ "wei": value.to_string(), "metis": wei::format_ether(value) })
}

/// A duration in seconds as text, in its largest whole unit: `14 days`, `36 h`, `90 min`,
/// `86401 s`.
pub fn display_duration(secs: u64) -> String {
    match secs {
        0 => "0 s".to_string(),
        86_400 => "1 day".to_string(),
        s if s % 86_400 == 0 => format!("{} days", s / 86_400),
        s if s % 3_600 == 0 => format!("{} h", s / 3_600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// One decoded parameter of an event or custom error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Param {
    /// Its name in the interface.
    pub name: String,
    /// Its Solidity type.
    #[serde(rename = "type")]
    pub ty: String,
    /// Its value as JSON (integers above 64 bits as decimal strings).
    pub value: Value,
    /// What a code or amount means (`Qualified`, `25,000 METIS`), if anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
}

/// An event or custom error of the interface, decoded with its parameter names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecodedCall {
    /// The event or error name.
    pub name: String,
    /// Its parameters, in declaration order.
    pub params: Vec<Param>,
    /// The interface's `@notice` for it (errors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

impl fmt::Display for DecodedCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name)?;
        for (i, p) in self.params.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            let value = match &p.value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            write!(f, "{}: {value}", p.name)?;
            if let Some(meaning) = &p.meaning {
                write!(f, " ({meaning})")?;
            }
        }
        write!(f, ")")?;
        if let Some(notice) = &self.notice {
            write!(f, " — {notice}")?;
        }
        Ok(())
    }
}

/// Decodes a log emitted by the registry into one of the interface's events.
pub fn decode_event(log: &Log) -> Option<DecodedCall> {
    let topic0 = log.topics().first()?;
    // The client's typed decoder validates the encoding strictly; the dynamic one below
    // names the fields.
    lst_registry_client::decode::decode_log("", log.address, &log.into()).ok()?;
    let events = ILstRegistry::abi::events();
    let event: &AbiEvent = events
        .values()
        .flatten()
        .find(|e| e.selector() == *topic0)?;
    let decoded = event.decode_log(&log.data).ok()?;
    let (mut indexed, mut body) = (decoded.indexed.into_iter(), decoded.body.into_iter());
    let params = event
        .inputs
        .iter()
        .map(|input| {
            let value = if input.indexed {
                indexed.next()
            } else {
                body.next()
            };
            param(&event.name, &input.name, &input.ty, value)
        })
        .collect();
    Some(DecodedCall {
        name: event.name.clone(),
        params,
        notice: None,
    })
}

/// Decodes revert data into one of the interface's custom errors.
pub fn decode_error(data: &[u8]) -> Option<DecodedCall> {
    let selector = data.get(..4)?;
    let errors = ILstRegistry::abi::errors();
    let error: &AbiError = errors
        .values()
        .flatten()
        .find(|e| e.selector().as_slice() == selector)?;
    // The client's typed decoder validates the encoding strictly (it must re-encode to the
    // same bytes); the dynamic one names the fields.
    lst_registry_client::decode::decode_error(&error.name, data).ok()?;
    let decoded = error.decode_error(data).ok()?;
    let params = error
        .inputs
        .iter()
        .zip(decoded.body)
        .map(|(input, value)| param(&error.name, &input.name, &input.ty, Some(value)))
        .collect();
    Some(DecodedCall {
        name: error.name.clone(),
        params,
        notice: abi::error_notices().get(&error.name).cloned(),
    })
}

fn param(owner: &str, name: &str, ty: &str, value: Option<DynSolValue>) -> Param {
    let value = value.map(|v| dyn_to_json(&v)).unwrap_or(Value::Null);
    let meaning = meaning(owner, name, ty, &value);
    Param {
        name: name.to_string(),
        ty: ty.to_string(),
        value,
        meaning,
    }
}

/// Names codes and converts amounts, from the parameter's owner, name and type.
fn meaning(owner: &str, name: &str, ty: &str, value: &Value) -> Option<String> {
    let code = || value.as_u64().and_then(|v| u8::try_from(v).ok());
    let names: Option<&[&str]> = match (owner, name) {
        (_, "field") => Some(&abi::FIELD),
        ("RegistryWrongRoundStatus", "status" | "expected") => Some(&abi::ROUND_STATUS),
        (_, "status" | "expected" | "reason" | "previousStatus") if ty == "uint8" => {
            Some(&abi::APPLICATION_STATUS)
        }
        (_, "phase" | "from" | "to" | "roundPhase" | "registeredPhase") if ty == "uint8" => {
            Some(&abi::PHASE)
        }
        _ => None,
    };
    if let Some(names) = names {
        return code().map(|c| abi::code_name(names, c));
    }
    let window = matches!(name, "attestationWindow")
        || (owner == "RegistryInvalidAttestationWindow"
            && matches!(name, "window" | "min" | "max"));
    if window {
        return value.as_u64().map(display_duration);
    }
    if ty == "bytes32" && matches!(name, "spaceHash" | "expectedHash") {
        // A hash cannot be read back; the default space's can be recognised.
        let hash: B256 = value.as_str()?.parse().ok()?;
        let default = lst_registry_types::program::DEFAULT_SNAPSHOT_SPACE;
        return (hash == keccak256(default)).then(|| format!("keccak256(\"{default}\")"));
    }
    let not_amounts = [
        "length",
        "index",
        "count",
        "signers",
        "maxSigners",
        "signer",
    ];
    let amount_bounds = [
        "RegistryInvalidStakeCap",
        "RegistryInvalidStakeCapBounds",
        "RegistryAmountTooLarge",
        "RegistryInvalidQuorum",
    ];
    let is_amount = ty == "uint256"
        && !not_amounts.contains(&name)
        && (!matches!(name, "min" | "max") || amount_bounds.contains(&owner));
    if is_amount {
        let text = value.as_str()?;
        let wei: U256 = text.parse().ok()?;
        return Some(wei::display_ether(wei));
    }
    None
}

/// A dynamic ABI value as JSON: addresses checksummed, integers above 64 bits as decimal
/// strings, bytes as 0x-hex.
pub fn dyn_to_json(value: &DynSolValue) -> Value {
    match value {
        DynSolValue::Bool(b) => json!(b),
        DynSolValue::Uint(u, bits) if *bits <= 64 => json!(u.to::<u64>()),
        DynSolValue::Uint(u, _) => json!(u.to_string()),
        DynSolValue::Int(i, _) => json!(i.to_string()),
        DynSolValue::Address(a) => json!(a.to_checksum(None)),
        DynSolValue::FixedBytes(word, size) => json!(format!(
            "0x{}",
            alloy::primitives::hex::encode(&word[..*size])
        )),
        DynSolValue::Bytes(b) => json!(format!("0x{}", alloy::primitives::hex::encode(b))),
        DynSolValue::String(s) => json!(s),
        DynSolValue::Array(items) | DynSolValue::FixedArray(items) | DynSolValue::Tuple(items) => {
            Value::Array(items.iter().map(dyn_to_json).collect())
        }
        other => json!(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::sol_types::{SolError, SolEvent};

    #[test]
    fn errors_decode_with_names_meanings_and_notices() {
        let data = ILstRegistry::RegistryWrongApplicationStatus {
            applicationId: 7,
            status: 6,
            expected: 4,
        }
        .abi_encode();
        let decoded = decode_error(&data).expect("interface error");
        assert_eq!(decoded.name, "RegistryWrongApplicationStatus");
        assert_eq!(decoded.params[1].meaning.as_deref(), Some("FailedQuorum"));
        assert_eq!(decoded.params[2].meaning.as_deref(), Some("Qualified"));
        assert!(decoded.notice.is_some());
        let text = decoded.to_string();
        assert!(text.contains("applicationId: 7"), "{text}");
        assert!(decode_error(&[0xde, 0xad, 0xbe, 0xef]).is_none());
    }

    #[test]
    fn events_decode_with_indexed_and_body_params_in_order() {
        let event = ILstRegistry::StakeCapChanged {
            nodeId: 3,
            pairingId: 9,
            previousCap: U256::from(20_000u64) * U256::from(10u64).pow(U256::from(18u8)),
            newCap: U256::from(1),
            nonce: 4,
        };
        let log = Log {
            address: Default::default(),
            data: event.encode_log_data(),
        };
        let decoded = decode_event(&log).expect("interface event");
        let names: Vec<&str> = decoded.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["nodeId", "pairingId", "previousCap", "newCap", "nonce"]
        );
        assert_eq!(decoded.params[2].meaning.as_deref(), Some("20,000 METIS"));
        assert_eq!(decoded.params[0].value, json!(3));
    }

    #[test]
    fn snapshot_space_and_proposal_errors_decode() {
        let other = keccak256("metislst.eth");
        let data = ILstRegistry::RegistryWrongSnapshotSpace {
            spaceHash: other,
            expectedHash: keccak256("metislayer2.eth"),
        }
        .abi_encode();
        let decoded = decode_error(&data).expect("interface error");
        assert_eq!(decoded.name, "RegistryWrongSnapshotSpace");
        assert_eq!(decoded.params[0].meaning, None);
        assert_eq!(
            decoded.params[1].meaning.as_deref(),
            Some("keccak256(\"metislayer2.eth\")")
        );
        let text = decoded.to_string();
        assert!(
            text.contains(&format!("spaceHash: {other}"))
                && text.contains("expectedHash: 0x")
                && text.contains("program's"),
            "{text}"
        );

        let proposal = B256::repeat_byte(0x5d);
        let data = ILstRegistry::RegistryProposalUsed {
            snapshotProposal: proposal,
            applicationId: 1,
        }
        .abi_encode();
        let text = decode_error(&data).expect("interface error").to_string();
        assert!(
            text.starts_with(&format!(
                "RegistryProposalUsed(snapshotProposal: {proposal}, applicationId: 1)"
            )) && text.contains("one vote backs one application"),
            "{text}"
        );
    }

    #[test]
    fn durations_display_in_their_largest_whole_unit() {
        assert_eq!(display_duration(1_209_600), "14 days");
        assert_eq!(display_duration(86_400), "1 day");
        assert_eq!(display_duration(129_600), "36 h");
        assert_eq!(display_duration(5_400), "90 min");
        assert_eq!(display_duration(59), "59 s");
        assert_eq!(display_duration(0), "0 s");
        assert_eq!(display_duration(86_401), "86401 s");
        assert_eq!(display_duration(7_776_000), "90 days");
    }

    #[test]
    fn attestation_window_errors_and_revocations_decode() {
        let data = ILstRegistry::RegistryInvalidAttestationWindow {
            window: 43_200,
            min: 86_400,
            max: 7_776_000,
        }
        .abi_encode();
        let text = decode_error(&data).expect("interface error").to_string();
        assert!(
            text.starts_with(
                "RegistryInvalidAttestationWindow(window: 43200 (12 h), min: 86400 (1 day), max: 7776000 (90 days))"
            ),
            "{text}"
        );
        let event = ILstRegistry::ApplicationRevoked {
            roundId: 1,
            applicationId: 2,
            previousStatus: 4,
            reason: "exploited".into(),
        };
        let log = Log {
            address: Default::default(),
            data: event.encode_log_data(),
        };
        assert_eq!(
            decode_event(&log).expect("interface event").to_string(),
            "ApplicationRevoked(roundId: 1, applicationId: 2, previousStatus: 4 (Qualified), reason: exploited)"
        );
        let event = ILstRegistry::ApplicationFailed {
            roundId: 1,
            applicationId: 2,
            reason: 9,
        };
        let log = Log {
            address: Default::default(),
            data: event.encode_log_data(),
        };
        assert_eq!(
            decode_event(&log).expect("interface event").to_string(),
            "ApplicationFailed(roundId: 1, applicationId: 2, reason: 9 (NotAttested))"
        );
        let event = ILstRegistry::VoteRulesChanged {
            quorum: U256::from(1u8),
            minVoters: 1,
            approvalBps: 6_000,
            attestationWindow: 172_800,
        };
        let log = Log {
            address: Default::default(),
            data: event.encode_log_data(),
        };
        assert!(decode_event(&log)
            .expect("interface event")
            .to_string()
            .ends_with("attestationWindow: 172800 (2 days))"));
    }

    #[test]
    fn snapshot_space_changes_decode() {
        let event = ILstRegistry::SnapshotSpaceChanged {
            space: "metislst.eth".into(),
        };
        let log = Log {
            address: Default::default(),
            data: event.encode_log_data(),
        };
        let decoded = decode_event(&log).expect("interface event");
        assert_eq!(
            decoded.to_string(),
            "SnapshotSpaceChanged(space: metislst.eth)"
        );
    }
}
