//! Runs transactions against expectations and records them in a [`Transcript`].
//!
//! Every step states its expected outcome: success with exactly these events (in order), or
//! a revert with exactly this custom error. A difference, or anything the client cannot
//! decode, becomes a problem of the step; the scenario goes on so the transcript shows all.

use std::fmt::Debug;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;

use super::render;
use super::transcript::{Entry, Step, Transcript};
use super::Registry;
use crate::abi::{RegistryError, RegistryEvent};
use crate::actors::{Actor, AddressBook};
use crate::ClientError;
use crate::{Log, Outcome, Receipt, Tx};

/// What a step should do.
enum Expect {
    /// Succeed and emit exactly these events.
    Success(Vec<RegistryEvent>),
    /// Revert with exactly this error.
    Revert(RegistryError),
}

/// A registry, the transcript of what was done to it, and the expectations.
pub struct Runner {
    registry: Registry,
    /// The record so far.
    pub transcript: Transcript,
}

impl Runner {
    /// Starts a transcript of `registry`, naming addresses from `book`.
    pub fn new(registry: Registry, book: AddressBook) -> Self {
        Self {
            registry,
            transcript: Transcript {
                book,
                ..Transcript::default()
            },
        }
    }

    /// The registry (for views and the chain's clock).
    pub fn registry(&mut self) -> &mut Registry {
        &mut self.registry
    }

    /// Adds a section title.
    pub fn heading(&mut self, title: impl Into<String>) {
        self.transcript.entries.push(Entry::Heading(title.into()));
    }

    /// Adds a remark.
    pub fn note(&mut self, text: impl Into<String>) {
        self.transcript.entries.push(Entry::Note(text.into()));
    }

    /// Records a problem outside any step.
    pub fn problem(&mut self, text: impl Into<String>) {
        self.transcript.problems.push(text.into());
    }

    /// Moves the chain `secs` seconds on (one new block) and notes it.
    pub fn advance_time(&mut self, secs: u64, why: &str) {
        self.registry.net_mut().advance_time(secs);
        let now = self.registry.net().timestamp();
        self.note(format!(
            "{} later (block time {now}): {why}",
            duration(secs)
        ));
    }

    /// Current block time.
    pub fn now(&self) -> u64 {
        self.registry.net().timestamp()
    }

    /// Records a deployment that should emit exactly `events`.
    pub fn deployed(
        &mut self,
        actor: &Actor,
        detail: impl Into<String>,
        tx: Tx<()>,
        events: Vec<RegistryEvent>,
    ) {
        self.record(actor, detail.into(), Ok(tx), Expect::Success(events));
    }

    /// Sends `call`, which should succeed with exactly `events`; returns its value.
    pub fn ok<C: SolCall>(
        &mut self,
        actor: &Actor,
        call: C,
        detail: impl Into<String>,
        events: Vec<RegistryEvent>,
    ) -> Option<C::Return> {
        let tx = self.registry.send(actor.address, &call);
        self.record(actor, detail.into(), tx, Expect::Success(events))
    }

    /// Like [`Runner::ok`], and the returned value must be `expected`.
    pub fn ok_returning<C: SolCall>(
        &mut self,
        actor: &Actor,
        call: C,
        detail: impl Into<String>,
        expected: C::Return,
        events: Vec<RegistryEvent>,
    ) where
        C::Return: PartialEq + Debug,
    {
        if let Some(value) = self.ok(actor, call, detail, events) {
            if value != expected {
                self.last_step_problem(format!("returned {value:?}, expected {expected:?}"));
            }
        }
    }

    /// Sends `call`, which should revert with exactly `error`.
    pub fn fails<C: SolCall>(
        &mut self,
        actor: &Actor,
        call: C,
        detail: impl Into<String>,
        error: impl Into<RegistryError>,
    ) {
        let tx = self.registry.send(actor.address, &call);
        self.record(actor, detail.into(), tx, Expect::Revert(error.into()));
    }

    /// Sends `call` with `value` wei; it should revert with exactly `error`.
    pub fn fails_with_value<C: SolCall>(
        &mut self,
        actor: &Actor,
        call: C,
        value: U256,
        detail: impl Into<String>,
        error: impl Into<RegistryError>,
    ) {
        let tx = self.registry.send_value(actor.address, &call, value);
        self.record(actor, detail.into(), tx, Expect::Revert(error.into()));
    }

    /// Sends a transaction to another contract (`to`), or creates one (`to` = `None`, `input`
    /// its init code): `function` names it in the transcript (`LstVault.deposit`). The
    /// expectation is about the registry: exactly `events` from the registry's address among
    /// the transaction's logs (a contract's own logs are counted, not decoded), or the
    /// registry's custom error `error` bubbled unchanged. Returns the receipt of a success
    /// (for a created contract's address).
    pub fn through(
        &mut self,
        actor: &Actor,
        to: Option<Address>,
        function: &str,
        input: &[u8],
        detail: impl Into<String>,
        expected: Result<Vec<RegistryEvent>, RegistryError>,
    ) -> Option<Receipt> {
        let registry = self.registry.address();
        let net = self.registry.net_mut();
        let receipt: Receipt = match to {
            Some(to) => net.send(actor.address, to, input, U256::ZERO),
            None => net.create(actor.address, input, U256::ZERO),
        }
        .into();
        let (ours, theirs): (Vec<Log>, Vec<Log>) = receipt
            .logs
            .iter()
            .cloned()
            .partition(|log| log.address == registry);
        let mut detail = detail.into();
        match theirs.len() {
            0 => {}
            1 => detail.push_str(" (1 log of another contract)"),
            n => detail.push_str(&format!(" ({n} logs of other contracts)")),
        }
        let decoded = self.registry.decode(
            function,
            actor.address,
            Receipt {
                logs: ours,
                ..receipt.clone()
            },
            |_| Ok(()),
        );
        let expect = match expected {
            Ok(events) => Expect::Success(events),
            Err(error) => Expect::Revert(error),
        };
        let ok = matches!(&decoded, Ok(tx) if tx.receipt.is_success());
        self.record(actor, detail, decoded, expect);
        ok.then_some(receipt)
    }

    fn last_step_problem(&mut self, problem: String) {
        if let Some(Entry::Step(step)) = self.transcript.entries.last_mut() {
            step.problems.push(problem);
        }
    }

    fn record<R>(
        &mut self,
        actor: &Actor,
        detail: String,
        tx: Result<Tx<R>, ClientError>,
        expect: Expect,
    ) -> Option<R> {
        let number = self.transcript.steps().count() + 1;
        let expected_revert = matches!(expect, Expect::Revert(_));
        let tx = match tx {
            Ok(tx) => tx,
            Err(e) => {
                self.transcript.entries.push(Entry::Step(Box::new(Step {
                    number,
                    actor: actor.name.clone(),
                    function: String::from("?"),
                    detail,
                    status: None,
                    gas_used: 0,
                    events: Vec::new(),
                    error: None,
                    expected_revert,
                    problems: vec![e.to_string()],
                })));
                return None;
            }
        };
        let book = &self.transcript.book;
        let error = tx.error().cloned();
        let mut problems = Vec::new();
        let value = match (tx.outcome, expect) {
            (Outcome::Success(value), Expect::Success(events)) => {
                if tx.events != events {
                    problems.push(event_difference(&events, &tx.events, book));
                }
                Some(value)
            }
            (Outcome::Success(value), Expect::Revert(error)) => {
                problems.push(format!(
                    "succeeded, expected a revert with {}",
                    render::error(&error, book)
                ));
                Some(value)
            }
            (Outcome::Reverted(got), Expect::Success(_)) => {
                problems.push(format!(
                    "reverted with {}, expected success",
                    render::error(&got, book)
                ));
                None
            }
            (Outcome::Reverted(got), Expect::Revert(error)) => {
                if got != error {
                    problems.push(format!(
                        "reverted with {}, expected {}",
                        render::error(&got, book),
                        render::error(&error, book)
                    ));
                }
                if !tx.receipt.logs.is_empty() {
                    problems.push(format!(
                        "a reverted transaction left {} logs",
                        tx.receipt.logs.len()
                    ));
                }
                None
            }
        };
        self.transcript.entries.push(Entry::Step(Box::new(Step {
            number,
            actor: actor.name.clone(),
            function: tx.function,
            detail,
            status: Some(tx.receipt.status),
            gas_used: tx.gas_used,
            events: tx.events,
            error,
            expected_revert,
            problems,
        })));
        value
    }
}

/// Where two event lists first differ.
fn event_difference(
    expected: &[RegistryEvent],
    got: &[RegistryEvent],
    book: &AddressBook,
) -> String {
    let at = expected
        .iter()
        .zip(got)
        .position(|(e, g)| e != g)
        .unwrap_or(expected.len().min(got.len()));
    let show = |list: &[RegistryEvent]| {
        list.get(at)
            .map(|e| render::event(e, book))
            .unwrap_or_else(|| "nothing".into())
    };
    format!(
        "expected {} events, got {}; first difference at #{}: expected {}, got {}",
        expected.len(),
        got.len(),
        at + 1,
        show(expected),
        show(got)
    )
}

/// `90061` → `1 d 1 h 1 min 1 s`.
fn duration(secs: u64) -> String {
    let parts = [(86_400, "d"), (3_600, "h"), (60, "min"), (1, "s")];
    let mut left = secs;
    let mut out = Vec::new();
    for (unit, name) in parts {
        if left >= unit {
            out.push(format!("{} {name}", left / unit));
            left %= unit;
        }
    }
    if out.is_empty() {
        "0 s".to_string()
    } else {
        out.join(" ")
    }
}
