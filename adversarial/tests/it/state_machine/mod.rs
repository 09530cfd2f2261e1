//! Random sequences of every state-changing call, from every kind of actor, with valid and
//! invalid arguments and moving time, run on the real WASM on the devnet and checked after
//! every step against the reference model in `model/`:
//!
//! * the outcome: success with the predicted return value, or a revert with exactly the
//!   predicted custom error (never a trap, out-of-gas or undecodable revert data);
//! * the whole stored state, decoded slot by slot, equals the model's;
//! * a revert changed no storage slot and emitted no log; a success emitted decodable events
//!   (none only for `setPhaseNodeLimit` to the limit in force; exactly the model's for
//!   `finaliseRound`, `revokeApplication`, `reportStake` and `setPhaseNodeLimit`) and wrote
//!   no slot outside the layout;
//! * invariants read from storage alone (not from the model): phases only move forward; a
//!   node has at most one active pairing; only qualified applications of finalised rounds
//!   are paired (ended pairings may be with since-revoked ones); an ended pairing never
//!   changes; a revoked application stays revoked, has no active pairing and never pairs
//!   again; every cap lies within the bounds in force when it was set; stake never exceeds
//!   its cap; node counts respect the phase's limit; at most K applications qualify per
//!   round; a finalised round has no pending application; no account has two live
//!   applications in a round, as applicant or as staking contract, and its record names its
//!   latest; a round's attestation deadline is its deadline plus its rules' window; counters
//!   never go back; a paused registry changes nothing but, through `unpause`, the recovery
//!   functions (`transferAdmin`, `acceptAdmin`, `setGuardian`, `setOracleSet`) and
//!   `revokeApplication`, its pause, roles, oracle set and revocations; versions of the vote
//!   rules are written once and a round keeps the version in force when it opened; a
//!   tally's stored verdict is its round's version's and an application never attested has
//!   none; the last round closed is the latest round unless that one is open, and the
//!   counters hold the attestation window of the rules in force; a finalised round's
//!   outcomes (failures, ranks, qualified) follow its own version; a Snapshot proposal backs
//!   one application at a time (only the revocation of one never attested releases it) and
//!   records it; every application names the program's Snapshot space in force when it was
//!   submitted.
//!
//! Besides every call with valid and invalid arguments, sequences copy earlier applications'
//! proposals (withdrawn ones and ones of finalised rounds included; each copy must be
//! refused unless a revocation released it), apply twice in a round, name other Snapshot
//! spaces, move the program's space, change the vote rules (and the attestation window)
//! between opening and finalising a round, move time to and past the attestation deadline,
//! revoke applications (also paused), report stakes for ended pairings, and make recovery
//! calls on a paused registry.
//!
//! At the end of each sequence every view is compared with the model, byte for byte.
//! Tallies are signed by real secp256k1 oracle keys and go through the devnet's ecrecover.
//!
//! Reproduce a failure with `ADVERSARIAL_SEED=<printed seed>`; scale with
//! `ADVERSARIAL_CASES` and `ADVERSARIAL_STEPS`.

mod inputs;
mod invariants;
mod model;
mod plan;
mod scenarios;
mod views;
mod world;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;
use std::time::Instant;

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use alloy_sol_types::{SolCall, SolValue};
use inputs::*;
use lst_registry_adversarial::cast::cast;
use lst_registry_adversarial::chain::{classify, decode_events, show_error, Harness, Outcome};
use lst_registry_adversarial::layout::ChainState;
use lst_registry_adversarial::sign::{self, Counts};
use lst_registry_adversarial::{config, metis, RegistryError, RegistryEvent, I, MAX_AMOUNT, METIS};
use model::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Cases per run and steps per case (defaults; see the README).
const CASES: u32 = 96;
const STEPS: u32 = 80;

/// The functions a paused registry still accepts: `unpause`, recovery, and the admin's
/// revocation of an application.
const RECOVERY: [&str; 6] = [
    "unpause",
    "transferAdmin",
    "acceptAdmin",
    "setGuardian",
    "setOracleSet",
    "revokeApplication",
];

// =============================================================================== actions

/// Who sends a call: the actor the call needs (admin, operator, applicant, …) or any of the
/// 18 callers.
#[derive(Clone, Debug)]
enum Who {
    Right,
    Pick(u8),
}

/// An id argument: an existing record (preferring the useful ones), 0, count + 1, u64::MAX.
#[derive(Clone, Debug)]
enum Id {
    Live(u8),
    Zero,
    Next,
    Max,
    /// Exactly this id (fixed sequences only; never generated).
    Exact(u64),
}

#[derive(Clone, Debug)]
enum Action {
    Warp(u8),
    /// A warp to a deadline of the latest round: just past its application deadline, to its
    /// attestation deadline exactly, or just past it.
    WarpTo(u8),
    TransferAdmin(Who, u8),
    AcceptAdmin(Who),
    SetGuardian(Who, u8),
    Pause(Who),
    Unpause(Who),
    SetOracleSet(Who, u8, u8, u8),
    /// `setOracleSetDelay` with a delay from a list (valid ones and the bounds ± 1).
    SetOracleSetDelay(Who, u8),
    Attest(Who, Id, u8, u8, u8),
    SetVoteRules(Who, u8, u8, u8, u8),
    SetSnapshotSpace(Who, u8),
    SetCapBounds(Who, u8, u8),
    SetPhaseNodeLimit(Who, u8, u8),
    AdvancePhase(Who, u8),
    OpenRound(Who, u8, u8),
    CloseRound(Who, Id),
    Submit(Who, u8, u8),
    /// A submission reusing an earlier application's Snapshot proposal (see `clone_of`).
    SubmitClone(Who, Id, u8),
    /// A submission naming a Snapshot space from a list (the program's among others).
    SubmitSpace(Who, u8, u8),
    /// A valid submission from numbered applicant `n` with numbered staking contract `n`
    /// (fixed sequences: more LSTs than the cast has).
    SubmitAs(u16),
    /// `revokeApplication` (preferring qualified applications with active pairings, then
    /// pending and tallied ones), with a reason from a list.
    Revoke(Who, Id, u8),
    Withdraw(Who, Id),
    Finalise(Who, Id),
    RegisterNode(Who, u8, u8, u8),
    UpdateNode(Who, Id, u8, u8, u8),
    Pair(Who, Id, Id, u8, u8),
    Unpair(Who, Id, u8),
    SetStakeCap(Who, Id, u8),
    /// `reportStake` naming a pairing (active ones preferred; ended ones too).
    ReportStake(Who, Id, u8),
    /// A recovery call (transferAdmin, acceptAdmin, setGuardian, setOracleSet) or a
    /// revocation, often on a paused registry: a quarter of them pause a live registry first.
    Recover(Who, u8, u8, u8),
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![4 => Just(Who::Right), 1 => any::<u8>().prop_map(Who::Pick)]
}

fn id() -> impl Strategy<Value = Id> {
    prop_oneof![12 => any::<u8>().prop_map(Id::Live), 1 => Just(Id::Zero), 1 => Just(Id::Next), 1 => Just(Id::Max)]
}

fn action() -> impl Strategy<Value = Action> {
    let b = any::<u8>;
    prop_oneof![
        3 => b().prop_map(Action::Warp),
        2 => b().prop_map(Action::WarpTo),
        1 => (who(), b()).prop_map(|(w, t)| Action::TransferAdmin(w, t)),
        1 => who().prop_map(Action::AcceptAdmin),
        1 => (who(), b()).prop_map(|(w, t)| Action::SetGuardian(w, t)),
        1 => who().prop_map(Action::Pause),
        5 => who().prop_map(Action::Unpause),
        2 => (who(), b(), b(), b()).prop_map(|(w, m, s, t)| Action::SetOracleSet(w, m, s, t)),
        1 => (who(), b()).prop_map(|(w, d)| Action::SetOracleSetDelay(w, d)),
        10 => (who(), id(), b(), b(), b()).prop_map(|(w, i, c, m, x)| Action::Attest(w, i, c, m, x)),
        2 => (who(), b(), b(), b(), b()).prop_map(|(w, q, v, a, x)| Action::SetVoteRules(w, q, v, a, x)),
        2 => (who(), b()).prop_map(|(w, k)| Action::SetSnapshotSpace(w, k)),
        2 => (who(), b(), b()).prop_map(|(w, lo, hi)| Action::SetCapBounds(w, lo, hi)),
        2 => (who(), b(), b()).prop_map(|(w, p, l)| Action::SetPhaseNodeLimit(w, p, l)),
        2 => (who(), b()).prop_map(|(w, t)| Action::AdvancePhase(w, t)),
        3 => (who(), b(), b()).prop_map(|(w, s, d)| Action::OpenRound(w, s, d)),
        3 => (who(), id()).prop_map(|(w, i)| Action::CloseRound(w, i)),
        6 => (who(), b(), b()).prop_map(|(w, l, v)| Action::Submit(w, l, v)),
        3 => (who(), id(), b()).prop_map(|(w, i, k)| Action::SubmitClone(w, i, k)),
        2 => (who(), b(), b()).prop_map(|(w, l, k)| Action::SubmitSpace(w, l, k)),
        2 => (who(), id()).prop_map(|(w, i)| Action::Withdraw(w, i)),
        2 => (who(), id(), b()).prop_map(|(w, i, r)| Action::Revoke(w, i, r)),
        4 => (who(), id()).prop_map(|(w, i)| Action::Finalise(w, i)),
        3 => (who(), b(), b(), b()).prop_map(|(w, o, s, u)| Action::RegisterNode(w, o, s, u)),
        2 => (who(), id(), b(), b(), b()).prop_map(|(w, i, o, s, u)| Action::UpdateNode(w, i, o, s, u)),
        6 => (who(), id(), id(), b(), b()).prop_map(|(w, n, a, c, u)| Action::Pair(w, n, a, c, u)),
        2 => (who(), id(), b()).prop_map(|(w, i, r)| Action::Unpair(w, i, r)),
        4 => (who(), id(), b()).prop_map(|(w, i, c)| Action::SetStakeCap(w, i, c)),
        5 => (who(), id(), b()).prop_map(|(w, i, s)| Action::ReportStake(w, i, s)),
        2 => (who(), b(), b(), b()).prop_map(|(w, k, a, t)| Action::Recover(w, k, a, t)),
    ]
}

/// Where a case starts: a fresh deployment, or the warmed-up fixture (oracle set, a
/// finalised round with qualified applications, nodes, a pairing with stake, an open round).
#[derive(Clone, Copy, Debug)]
enum Start {
    Fresh,
    Warm,
}

fn start() -> impl Strategy<Value = Start> {
    prop_oneof![1 => Just(Start::Fresh), 3 => Just(Start::Warm)]
}

// =============================================================================== the runner

/// One planned transaction.
struct Planned {
    from: Address,
    text: String,
    calldata: Vec<u8>,
    expected: Prediction,
}

/// A harness and its model, stepping together.
#[derive(Clone)]
struct World {
    h: Harness,
    m: Model,
    trace: Vec<String>,
    /// Per pairing: every cap set (`cap`, `min`, `max` in force just before).
    caps: BTreeMap<u32, Vec<(u128, u128, u128)>>,
    calls: u64,
    reverts: u64,
    /// The stored state after the last step (storage only changes through steps).
    last: Option<ChainState>,
    /// Snapshot proposals handed out to submissions so far (each submission gets a new one).
    nonce: u64,
    /// Per application: keccak256 of the program's space when it was submitted.
    submitted_under: Vec<B256>,
}

fn fail(world: &World, message: String) -> TestCaseError {
    let mut out = String::new();
    for line in &world.trace {
        let _ = writeln!(out, "  {line}");
    }
    TestCaseError::fail(format!("{message}\nsequence so far:\n{out}"))
}

/// The warmed-up fixture, built through the same checked steps (so the model knows it).
fn warm() -> World {
    static WARM: OnceLock<World> = OnceLock::new();
    WARM.get_or_init(|| {
        let mut world = World::new(Harness::deployed());
        let r = Who::Right;
        let setup = [
            Action::SetGuardian(Who::Right, 0),
            Action::SetOracleSet(Who::Right, 0b0111, 0, 1), // oracles 1–3, threshold 2
            Action::RegisterNode(Who::Right, 0, 0, 0),
            Action::RegisterNode(Who::Right, 1, 1, 0),
            Action::RegisterNode(Who::Right, 2, 2, 0),
            Action::OpenRound(Who::Right, 1, 1), // 2 slots, a week
            Action::Submit(Who::Right, 0, 0),
            Action::Submit(Who::Right, 1, 0),
            Action::Submit(Who::Right, 2, 0),
            Action::CloseRound(Who::Right, Id::Live(0)),
            Action::Attest(r.clone(), Id::Live(0), 0, 0, 0), // app 1 passes (oracles 1, 2)
            Action::Attest(r.clone(), Id::Live(0), 1, 8, 0), // app 2 passes (oracles 2, 3)
            Action::Attest(r.clone(), Id::Live(0), 5, 4, 0), // app 3 fails approval (all three)
            Action::Finalise(Who::Right, Id::Live(0)),
            Action::Pair(Who::Right, Id::Live(0), Id::Live(0), 2, 0),
            Action::ReportStake(Who::Right, Id::Live(0), 3),
            Action::OpenRound(Who::Right, 1, 1),
            Action::Submit(Who::Right, 0, 5),
        ];
        for action in &setup {
            let before = world.calls;
            world
                .step(action)
                .unwrap_or_else(|e| panic!("warm-up: {e}"));
            let last = world.trace.last().cloned().unwrap_or_default();
            assert!(
                world.calls > before && !last.contains("Registry"),
                "warm-up step failed: {last}"
            );
        }
        world.trace.clear();
        world.trace.push("(start: warm fixture)".into());
        world
    })
    .clone()
}

/// Per function: successes, reverts, distinct errors seen.
type Coverage = BTreeMap<String, (u64, u64, std::collections::BTreeSet<String>)>;

/// Per kind of event (failures and revocations by status): how often it was emitted.
fn event_coverage() -> &'static std::sync::Mutex<BTreeMap<String, u64>> {
    static EVENTS: OnceLock<std::sync::Mutex<BTreeMap<String, u64>>> = OnceLock::new();
    EVENTS.get_or_init(Default::default)
}

/// The kind of an event for [`event_coverage`].
fn event_kind(e: &RegistryEvent) -> String {
    let status = |code: u8| {
        lst_registry_types::codes::APPLICATION_STATUS
            .get(code as usize)
            .map(|s| s.to_string())
            .unwrap_or_else(|| code.to_string())
    };
    match e {
        RegistryEvent::ApplicationFailed(x) => format!("ApplicationFailed {}", status(x.reason)),
        RegistryEvent::ApplicationRevoked(x) => {
            format!("ApplicationRevoked from {}", status(x.previousStatus))
        }
        other => format!("{other:?}")
            .split('(')
            .next()
            .unwrap_or("")
            .to_string(),
    }
}

fn coverage() -> &'static std::sync::Mutex<Coverage> {
    static COVERAGE: OnceLock<std::sync::Mutex<Coverage>> = OnceLock::new();
    COVERAGE.get_or_init(Default::default)
}

fn run_case(
    start: Start,
    actions: &[Action],
    stats: &mut (u64, u64, u64),
) -> Result<(), TestCaseError> {
    let mut world = match start {
        Start::Fresh => World::new(Harness::deployed()),
        Start::Warm => warm(),
    };
    for action in actions {
        world.step(action)?;
    }
    world.check_views()?;
    stats.0 += world.calls;
    stats.1 += world.reverts;
    stats.2 += actions.len() as u64;
    Ok(())
}

#[test]
fn random_sequences_keep_the_invariants_and_match_the_model() {
    let cases = config::count("ADVERSARIAL_CASES", CASES);
    let steps = config::count("ADVERSARIAL_STEPS", STEPS) as usize;
    let seed = config::derive(&config::seed(), "state machine");
    println!(
        "state machine: {cases} cases × up to {steps} steps, seed ADVERSARIAL_SEED={}",
        config::show_seed(&config::seed())
    );
    let started = Instant::now();
    let mut runner = config::runner(cases, seed);
    let stats = std::cell::RefCell::new((0u64, 0u64, 0u64));
    let strategy = (
        start(),
        proptest::collection::vec(action(), steps / 2..=steps),
    );
    let result = runner.run(&strategy, |(start, actions)| {
        let mut local = (0, 0, 0);
        let r = run_case(start, &actions, &mut local);
        let mut s = stats.borrow_mut();
        s.0 += local.0;
        s.1 += local.1;
        s.2 += local.2;
        r
    });
    let (calls, reverts, actions) = *stats.borrow();
    println!(
        "state machine: {actions} actions, {calls} calls ({reverts} reverted as predicted) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let cov = coverage().lock().unwrap_or_else(|e| e.into_inner());
    println!(
        "{:<34} {:>6} {:>7}  errors seen",
        "function", "ok", "revert"
    );
    for (function, (ok, reverted, errors)) in cov.iter() {
        let errors: Vec<&str> = errors
            .iter()
            .map(|e| e.trim_start_matches("Registry"))
            .collect();
        println!(
            "{function:<34} {ok:>6} {reverted:>7}  {}",
            errors.join(", ")
        );
    }
    drop(cov);
    let seen = event_coverage().lock().unwrap_or_else(|e| e.into_inner());
    println!("{:<34} {:>6}", "event", "emitted");
    for (kind, n) in seen.iter() {
        println!("{kind:<34} {n:>6}");
    }
    drop(seen);
    if let Err(e) = result {
        panic!(
            "{e}\nreproduce with ADVERSARIAL_SEED={}",
            config::show_seed(&config::seed())
        );
    }
}

/// The model's and the chain's answers on one fixed, deep sequence: the warm fixture then a
/// full second round (a smoke test for the harness itself).
#[test]
fn the_warm_fixture_matches_the_model() {
    let mut world = warm();
    world.check_views().unwrap_or_else(|e| panic!("{e}"));
    let s = &world.m.s;
    assert_eq!(
        (
            s.round_count,
            s.application_count,
            s.node_count,
            s.pairing_count
        ),
        (2, 4, 3, 1)
    );
    assert_eq!(
        s.apps.iter().map(|a| a.status).collect::<Vec<_>>(),
        vec![QUALIFIED, QUALIFIED, FAILED_APPROVAL, PENDING]
    );
    assert_eq!(s.pairings[0].stake, s.pairings[0].stake_cap / 2);
    let _ = METIS;
}
