//! A transcript: the transactions of a scenario with what was expected of each, and the
//! registry's final state, printable for a person to follow.

use std::fmt::Write as _;

use crate::Status;
use alloy_primitives::U256;

use super::render::{self, format_metis, group};
use crate::abi::{RegistryError, RegistryEvent};
use crate::actors::AddressBook;

/// One transaction and its check against the expectation.
#[derive(Clone, Debug)]
pub struct Step {
    /// Number in the transcript (from 1).
    pub number: usize,
    /// Name of the sender.
    pub actor: String,
    /// Interface function.
    pub function: String,
    /// Arguments in words.
    pub detail: String,
    /// How it ended (`None` if the harness could not decode it).
    pub status: Option<Status>,
    /// Receipt gas.
    pub gas_used: u64,
    /// Decoded events.
    pub events: Vec<RegistryEvent>,
    /// Decoded custom error of a revert.
    pub error: Option<RegistryError>,
    /// Whether a revert was the expected outcome.
    pub expected_revert: bool,
    /// Differences from the expectation, or the harness error; empty when as expected.
    pub problems: Vec<String>,
}

/// A line of the transcript.
#[derive(Clone, Debug)]
pub enum Entry {
    /// A section title.
    Heading(String),
    /// A remark (time moved, what is about to happen, a check that passed).
    Note(String),
    /// A transaction.
    Step(Box<Step>),
}

/// A node in the final table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRow {
    /// Node id.
    pub node_id: u64,
    /// Operator's name.
    pub operator: String,
    /// Sequencer signer's name.
    pub signer: String,
    /// Phase in which it was registered.
    pub registered_phase: u8,
    /// Active pairing id (0 if none).
    pub active_pairing: u64,
}

/// An active pairing in the final table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairingRow {
    /// Node id.
    pub node_id: u64,
    /// Pairing id.
    pub pairing_id: u64,
    /// Application id.
    pub application_id: u64,
    /// The application's LST name.
    pub lst: String,
    /// Stake cap, wei.
    pub cap: U256,
    /// Reported stake, wei.
    pub stake: U256,
    /// Remaining capacity, wei.
    pub remaining: U256,
}

/// The registry at the end of a scenario, read through its views.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FinalState {
    /// Current phase.
    pub phase: u8,
    /// Its node limit.
    pub node_limit: u16,
    /// Every node.
    pub nodes: Vec<NodeRow>,
    /// Every active pairing.
    pub pairings: Vec<PairingRow>,
}

/// The record of a scenario.
#[derive(Clone, Debug, Default)]
pub struct Transcript {
    /// Lines in order.
    pub entries: Vec<Entry>,
    /// Names of addresses.
    pub book: AddressBook,
    /// The final state, if the scenario got that far.
    pub final_state: Option<FinalState>,
    /// Problems outside any step (e.g. a final state that differs from the expected one).
    pub problems: Vec<String>,
}

const PHASES: [&str; 4] = ["Alpha", "Throughput", "Main launch", "Open access"];

/// The name of phase `phase`.
pub fn phase_name(phase: u8) -> &'static str {
    PHASES
        .get(phase as usize)
        .copied()
        .unwrap_or("unknown phase")
}

impl Transcript {
    /// The steps, in order.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.entries.iter().filter_map(|e| match e {
            Entry::Step(step) => Some(step.as_ref()),
            _ => None,
        })
    }

    /// Every difference from the expectations, one line each.
    pub fn failures(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .steps()
            .flat_map(|s| {
                s.problems
                    .iter()
                    .map(move |p| format!("step {} ({} → {}): {p}", s.number, s.actor, s.function))
            })
            .collect();
        out.extend(self.problems.iter().cloned());
        out
    }

    /// Whether every step and the final state were as expected.
    pub fn is_ok(&self) -> bool {
        self.failures().is_empty()
    }

    /// The transcript as text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for entry in &self.entries {
            match entry {
                Entry::Heading(title) => {
                    let _ = writeln!(
                        out,
                        "\n== {title} {}",
                        "=".repeat(88usize.saturating_sub(title.len() + 4))
                    );
                }
                Entry::Note(text) => {
                    let _ = writeln!(out, "   · {text}");
                }
                Entry::Step(step) => self.render_step(&mut out, step),
            }
        }
        if let Some(state) = &self.final_state {
            render_final_state(&mut out, state);
        }
        let failures = self.failures();
        if failures.is_empty() {
            let _ = writeln!(
                out,
                "\nAll {} transactions ended as expected.",
                self.steps().count()
            );
        } else {
            let _ = writeln!(
                out,
                "\n{} DIFFERENCES FROM THE EXPECTED OUTCOMES:",
                failures.len()
            );
            for failure in failures {
                let _ = writeln!(out, "  !! {failure}");
            }
        }
        out
    }

    fn render_step(&self, out: &mut String, step: &Step) {
        let status = match (step.status, step.expected_revert) {
            (Some(Status::Success), _) => "ok".to_string(),
            (Some(Status::Revert), true) => "reverted (expected)".to_string(),
            (Some(Status::Revert), false) => "REVERTED".to_string(),
            (Some(other), _) => format!("{other:?}").to_uppercase(),
            (None, _) => "HARNESS ERROR".to_string(),
        };
        let call = format!("{} → {}", step.actor, step.function);
        let _ = writeln!(
            out,
            "#{:<3} {call:<48} {status:<20} {:>10} gas",
            step.number,
            group(step.gas_used as u128)
        );
        if !step.detail.is_empty() {
            let _ = writeln!(out, "       {}", step.detail);
        }
        for event in &step.events {
            let _ = writeln!(out, "       ⇒ {}", render::event(event, &self.book));
        }
        if let Some(error) = &step.error {
            let _ = writeln!(out, "       ✗ {}", render::error(error, &self.book));
        }
        for problem in &step.problems {
            let _ = writeln!(out, "       !! {problem}");
        }
    }
}

fn render_final_state(out: &mut String, state: &FinalState) {
    let _ = writeln!(
        out,
        "\n== Final state: phase {} ({}), {} of {} nodes {}",
        state.phase,
        phase_name(state.phase),
        state.nodes.len(),
        state.node_limit,
        "=".repeat(40)
    );
    let _ = writeln!(out, "\nNodes");
    let _ = writeln!(
        out,
        "| node | operator | sequencer signer | registered in | active pairing |"
    );
    let _ = writeln!(out, "| ---: | --- | --- | --- | ---: |");
    for n in &state.nodes {
        let pairing = if n.active_pairing == 0 {
            "—".to_string()
        } else {
            n.active_pairing.to_string()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            n.node_id,
            n.operator,
            n.signer,
            phase_name(n.registered_phase),
            pairing
        );
    }
    let _ = writeln!(out, "\nActive pairings");
    let _ = writeln!(
        out,
        "| node | pairing | LST (application) | stake cap | reported stake | remaining capacity |"
    );
    let _ = writeln!(out, "| ---: | ---: | --- | ---: | ---: | ---: |");
    let (mut cap, mut stake, mut remaining) = (U256::ZERO, U256::ZERO, U256::ZERO);
    for p in &state.pairings {
        let _ = writeln!(
            out,
            "| {} | {} | {} (#{}) | {} | {} | {} |",
            p.node_id,
            p.pairing_id,
            p.lst,
            p.application_id,
            format_metis(p.cap),
            format_metis(p.stake),
            format_metis(p.remaining)
        );
        cap += p.cap;
        stake += p.stake;
        remaining += p.remaining;
    }
    let _ = writeln!(
        out,
        "| total | | | {} | {} | {} |",
        format_metis(cap),
        format_metis(stake),
        format_metis(remaining)
    );
}
