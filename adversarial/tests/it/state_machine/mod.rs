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
//!   finalised round's outcomes (failures, ranks, qualified) follow its own version; a
//!   Snapshot proposal backs one application at a time (only a pending application's
//!   revocation releases it) and records it; every application names the program's Snapshot
//!   space in force when it was submitted.
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

mod model;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;
use std::time::Instant;

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use alloy_sol_types::{SolCall, SolValue};
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

// =============================================================================== inputs

const WARPS: [u64; 7] = [1, 59, 3_600, 86_400, 3 * 86_400, 8 * 86_400, 15 * 86_400];

/// The attestation windows `setVoteRules` is given: valid ones (the default, the bounds,
/// a few days) and the bounds ± 1, zero, u32::MAX.
const WINDOWS: [u32; 10] = [
    DEFAULT_WINDOW,
    86_400,
    7_776_000,
    2 * 86_400,
    3 * 86_400,
    86_400,
    86_399,
    7_776_001,
    0,
    u32::MAX,
];

/// The delays `setOracleSetDelay` is given: valid ones (the default, the bounds, a few
/// days) and the bounds ± 1, zero, u32::MAX.
const DELAYS: [u32; 9] = [
    DEFAULT_ORACLE_DELAY,
    86_400,
    2_592_000,
    3 * 86_400,
    86_401,
    86_399,
    2_592_001,
    0,
    u32::MAX,
];

/// A numbered account (`kind` "applicant" or "staking"): more LSTs than the cast holds.
fn numbered(kind: &str, n: u64) -> Address {
    Address::from_slice(&keccak256(format!("adv numbered {kind} {n}"))[12..])
}

/// The staking contract of a caller's own LST (submission variant 15).
fn own_staking(caller: Address) -> Address {
    Address::from_slice(&keccak256(format!("adv staking contract of {caller}"))[12..])
}
const LSTS: [&str; 3] = ["Artemis", "Enki Protocol", "Nova LST"];

fn amount_max() -> U256 {
    U256::from(MAX_AMOUNT)
}

/// The tallies the oracles attest (For, Against, Abstain, voters).
fn counts_choice(i: u8) -> Counts {
    let m = |n: u128| metis(n);
    match i % 10 {
        0 => Counts::new(m(300_000), m(10_000), m(1_000), 700),
        1 => Counts::new(m(25_000), m(1_000), U256::ZERO, 600),
        2 => Counts::new(m(120_000), U256::ZERO, U256::ZERO, 501),
        3 => Counts::new(m(1_000), U256::ZERO, U256::ZERO, 1_000),
        4 => Counts::new(m(100_000), U256::ZERO, U256::ZERO, 10),
        5 => Counts::new(m(50_000), m(50_000), U256::ZERO, 900),
        6 => Counts::new(U256::ZERO, U256::ZERO, U256::ZERO, 0),
        7 => Counts::new(amount_max(), U256::ZERO, U256::ZERO, u32::MAX),
        8 => Counts::new(amount_max() + U256::from(1), U256::ZERO, U256::ZERO, 1),
        _ => Counts::new(m(1_000), m(2_000), U256::MAX, 5),
    }
}

fn long(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

/// The submission of LST `lst` from its applicant for its Snapshot proposal number `nonce`
/// in `space` (the program's), in variant `v` (0–5 valid but 3, a 64-byte space that is the
/// program's only if it was set to it; then each input rule broken once).
fn submission(lst: u8, v: u8, space: &str, nonce: u64) -> I::submitApplicationCall {
    let c = cast();
    let i = (lst % 3) as usize;
    let name = LSTS[i];
    let mut call = I::submitApplicationCall {
        name: name.to_string(),
        metadataUri: format!(
            "ipfs://{}/bafkreiapplicationdocument{:0>48}",
            name.to_lowercase().replace(' ', ""),
            i
        ),
        contentHash: keccak256(format!("document of {name}")),
        snapshotSpace: space.to_string(),
        snapshotProposal: keccak256(format!("proposal {nonce} of {name}")),
        stakingContract: c.staking[i].address,
    };
    // variant 15: the caller's own staking contract (set in `plan`, the caller known)
    match v % 16 {
        1 => call.name = long('n', 64),
        2 => call.metadataUri = long('u', 256),
        3 => call.snapshotSpace = long('s', 64),
        4 => call.name = "Ståking ⚡ LST".to_string(),
        5 => call.stakingContract = c.staking[(i + 1) % 3].address,
        6 => call.name = String::new(),
        7 => call.name = long('n', 65),
        8 => call.metadataUri = long('u', 257),
        9 => call.metadataUri = String::new(),
        10 => call.snapshotSpace = long('s', 65),
        11 => call.snapshotSpace = String::new(),
        12 => call.contentHash = B256::ZERO,
        13 => call.snapshotProposal = B256::ZERO,
        14 => call.stakingContract = Address::ZERO,
        _ => {}
    }
    call
}

/// The Snapshot spaces the admin sets (`setSnapshotSpace`): valid ones (1 to 64 bytes,
/// UTF-8 included) and invalid lengths; `current` is the program's space now.
fn space_choice(k: u8, current: &str) -> String {
    match k % 10 {
        0 => DEFAULT_SPACE.to_string(),
        1 => "lst.metis.eth".to_string(),
        2 => "x".to_string(),
        3 => long('s', 64),
        4 => long('s', 32),
        5 => long('s', 33),
        6 => String::new(),
        7 => long('s', 65),
        8 => "métis⚡.eth".to_string(),
        _ => current.to_string(),
    }
}

/// The spaces an application names in `SubmitSpace`: near misses of the program's space,
/// other spaces, and the ones the admin may set (so the program's own comes up too).
fn other_space(k: u8, current: &str) -> String {
    match k % 12 {
        0 => "Metislayer2.eth".to_string(),
        1 => "metislayer2.eth ".to_string(),
        2 => " metislayer2.eth".to_string(),
        3 => "metislayer2.eth\0".to_string(),
        4 => "attacker.eth".to_string(),
        5 => current.to_uppercase(),
        6 => format!("{current}."),
        k => space_choice(k, current),
    }
}

fn uri_choice(v: u8, normal: &str) -> String {
    match v % 8 {
        0 | 1 | 6 | 7 => normal.to_string(),
        2 => "x".to_string(),
        3 => long('u', 256),
        4 => long('u', 257),
        _ => String::new(),
    }
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

/// An event as the model summarises it ([`event`]): its name and identifying arguments.
fn summary(e: &RegistryEvent) -> String {
    use RegistryEvent as E;
    let n = |x: U256| x.to::<u128>();
    match e {
        E::ApplicationRevoked(x) => event(
            "ApplicationRevoked",
            &[
                x.roundId as u128,
                x.applicationId as u128,
                x.previousStatus as u128,
                x.reason.len() as u128,
            ],
        ),
        E::NodeUnpaired(x) => event(
            "NodeUnpaired",
            &[
                x.nodeId as u128,
                x.pairingId as u128,
                x.nonce as u128,
                x.reason.len() as u128,
            ],
        ),
        E::ApplicationFailed(x) => event(
            "ApplicationFailed",
            &[x.roundId as u128, x.applicationId as u128, x.reason as u128],
        ),
        E::ApplicationQualified(x) => event(
            "ApplicationQualified",
            &[x.roundId as u128, x.applicationId as u128, x.rank as u128],
        ),
        E::ApplicationPassed(x) => event(
            "ApplicationPassed",
            &[x.roundId as u128, x.applicationId as u128, x.rank as u128],
        ),
        E::RoundFinalised(x) => event(
            "RoundFinalised",
            &[x.roundId as u128, x.passed as u128, x.qualified as u128],
        ),
        E::PhaseNodeLimitChanged(x) => {
            event("PhaseNodeLimitChanged", &[x.phase as u128, x.limit as u128])
        }
        E::StakeReported(x) => event(
            "StakeReported",
            &[x.nodeId as u128, x.pairingId as u128, n(x.stake)],
        ),
        E::OracleSetChanged(x) => event(
            "OracleSetChanged",
            &[
                x.epoch as u128,
                x.signers.len() as u128,
                x.threshold as u128,
                x.effectiveAt as u128,
            ],
        ),
        E::OracleSetDelayChanged(x) => event("OracleSetDelayChanged", &[x.delay as u128]),
        other => format!("{other:?}"),
    }
}

/// Differing lines of two pretty-printed states.
fn diff(expected: &ChainState, actual: &ChainState) -> String {
    let (e, a) = (format!("{expected:#?}"), format!("{actual:#?}"));
    let (e, a): (Vec<&str>, Vec<&str>) = (e.lines().collect(), a.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (
            e.get(i).copied().unwrap_or(""),
            a.get(i).copied().unwrap_or(""),
        );
        if x != y {
            let _ = writeln!(out, "  line {i}: model {x:?} | chain {y:?}");
            if out.len() > 3_000 {
                break;
            }
        }
    }
    out
}

impl World {
    fn new(h: Harness) -> Self {
        let c = cast();
        // The views program the deployment put in slot 7: an input of the model, which then
        // holds that no call changes it.
        let views_word = h
            .net
            .storage_at(h.registry, alloy_primitives::U256::from(7));
        let views = Address::from_slice(&views_word[..20]);
        let m = Model::deployed(
            c.admin.address,
            views,
            h.net.timestamp(),
            h.net.chain_id(),
            h.registry,
            &c.addresses(),
        );
        World {
            h,
            m,
            trace: vec!["(start: fresh deployment)".into()],
            caps: BTreeMap::new(),
            calls: 0,
            reverts: 0,
            last: None,
            nonce: 0,
            submitted_under: Vec::new(),
        }
    }

    fn name(&self, a: Address) -> String {
        cast().name(a)
    }

    fn caller(&self, w: &Who, right: Address) -> Address {
        match w {
            Who::Right => right,
            Who::Pick(i) => {
                let callers = cast().callers();
                callers[*i as usize % callers.len()].0
            }
        }
    }

    fn target(&self, i: u8) -> Address {
        let callers = cast().callers();
        if i as usize % (callers.len() + 1) == callers.len() {
            Address::ZERO
        } else {
            callers[i as usize % (callers.len() + 1)].0
        }
    }

    fn pick(id: &Id, count: u64, preferred: &[u64]) -> u64 {
        match id {
            Id::Zero => 0,
            Id::Next => count + 1,
            Id::Max => u64::MAX,
            Id::Exact(id) => *id,
            Id::Live(i) => {
                let i = *i as u64;
                if !preferred.is_empty() && i % 4 != 3 {
                    preferred[(i / 4) as usize % preferred.len()]
                } else if count > 0 {
                    i % count + 1
                } else {
                    1
                }
            }
        }
    }

    fn apps_with(&self, status: u8) -> Vec<u64> {
        (1..=self.m.s.apps.len() as u64)
            .filter(|i| self.m.s.apps[*i as usize - 1].status == status)
            .collect()
    }

    fn paired_nodes(&self) -> Vec<u64> {
        (1..=self.m.s.nodes.len() as u64)
            .filter(|i| self.m.s.nodes[*i as usize - 1].active_pairing != 0)
            .collect()
    }

    fn node_operator(&self, id: u64) -> Address {
        self.m
            .s
            .nodes
            .get((id as usize).wrapping_sub(1))
            .map(|n| n.operator)
            .unwrap_or(self.m.s.admin)
    }

    /// The predicted transaction of `action`, the model moved on if it succeeds; `None` for
    /// a time warp (applied here).
    fn plan(&mut self, action: &Action) -> Option<Planned> {
        let c = cast();
        let m = &self.m;
        let admin = m.s.admin;
        let n_rounds = m.s.round_count as u64;
        let n_apps = m.s.application_count as u64;
        let n_nodes = m.s.node_count as u64;
        macro_rules! call {
            ($from:expr, $call:expr, $predict:expr, $text:expr) => {{
                let from = $from;
                let call = $call;
                let text = format!("{} → {}", self.name(from), $text);
                let expected = $predict;
                Some(Planned {
                    from,
                    text,
                    calldata: call.abi_encode(),
                    expected,
                })
            }};
        }
        match action {
            Action::Warp(i) => {
                let secs = WARPS[*i as usize % WARPS.len()];
                self.h.net.advance_time(secs);
                self.m.now = self.h.net.timestamp();
                self.trace.push(format!(
                    "{:>3}. time +{secs} s (now {})",
                    self.trace.len(),
                    self.m.now
                ));
                None
            }
            Action::WarpTo(k) => {
                let round = m.s.rounds.last().cloned().unwrap_or_default();
                let round_id = n_rounds;
                let (target, what) = match k % 3 {
                    0 => (round.deadline.saturating_add(1), "past the deadline"),
                    1 => (round.attestation_deadline, "to the attestation deadline"),
                    _ => (
                        round.attestation_deadline.saturating_add(1),
                        "past the attestation deadline",
                    ),
                };
                // deadlines far away (u64::MAX) or behind: a second only
                let secs = match target.checked_sub(m.now) {
                    Some(d) if d > 0 && d <= 400 * 86_400 => d,
                    _ => 1,
                };
                self.h.net.advance_time(secs);
                self.m.now = self.h.net.timestamp();
                self.trace.push(format!(
                    "{:>3}. time +{secs} s (now {}; {what} of round {})",
                    self.trace.len(),
                    self.m.now,
                    round_id
                ));
                None
            }
            Action::TransferAdmin(w, t) => {
                let from = self.caller(w, admin);
                let to = self.target(*t);
                call!(
                    from,
                    I::transferAdminCall { newAdmin: to },
                    self.m.transfer_admin(from, to),
                    format!("transferAdmin({})", self.name(to))
                )
            }
            Action::AcceptAdmin(w) => {
                let right = if m.s.pending_admin.is_zero() {
                    admin
                } else {
                    m.s.pending_admin
                };
                let from = self.caller(w, right);
                call!(
                    from,
                    I::acceptAdminCall {},
                    self.m.accept_admin(from),
                    "acceptAdmin()"
                )
            }
            Action::SetGuardian(w, t) => {
                let from = self.caller(w, admin);
                let to = if *t % 3 == 0 {
                    c.guardian.address
                } else {
                    self.target(*t)
                };
                call!(
                    from,
                    I::setGuardianCall { newGuardian: to },
                    self.m.set_guardian(from, to),
                    format!("setGuardian({})", self.name(to))
                )
            }
            Action::Pause(w) => {
                let from = self.caller(w, m.s.guardian);
                call!(from, I::pauseCall {}, self.m.pause(from), "pause()")
            }
            Action::Unpause(w) => {
                let from = self.caller(w, admin);
                call!(from, I::unpauseCall {}, self.m.unpause(from), "unpause()")
            }
            Action::SetOracleSet(w, mask, shape, t) => {
                let from = self.caller(w, admin);
                let mut signers: Vec<Address> = (0..4)
                    .filter(|b| mask & (1 << b) != 0 || mask % 16 == 0 && *b < 3)
                    .map(|b| c.oracles[b].address())
                    .collect();
                signers.sort();
                match shape % 9 {
                    5 => signers.reverse(),
                    6 => signers.push(signers[0]),
                    7 => signers.insert(0, Address::ZERO),
                    8 => {
                        // a full set of 16 (the three oracles and 13 fillers), or 17
                        let extra = if mask % 2 == 0 { 13 } else { 14 };
                        signers = (0..3).map(|b| c.oracles[b].address()).collect();
                        signers.extend(
                            (0..extra).map(|k| {
                                Address::from_slice(&keccak256(format!("filler {k}"))[12..])
                            }),
                        );
                        signers.sort();
                    }
                    _ => {}
                }
                if shape % 9 == 6 {
                    signers.sort();
                }
                // a strict majority is required: len / 2 + 1 ..= len
                let n = signers.len() as u8;
                let threshold = match t % 10 {
                    0 => 0,
                    1..=3 => n / 2 + 1,
                    4 => n,
                    5 => n + 1,
                    6 => 1,
                    7 => n / 2,
                    8 => 2.min(n).max(1),
                    _ => 255,
                };
                let names: Vec<String> = signers.iter().map(|a| self.name(*a)).collect();
                call!(
                    from,
                    I::setOracleSetCall {
                        signers: signers.clone(),
                        threshold
                    },
                    self.m.set_oracle_set(from, &signers, threshold),
                    format!("setOracleSet([{}], {threshold})", names.join(", "))
                )
            }
            Action::SetOracleSetDelay(w, d) => {
                let from = self.caller(w, admin);
                let delay = DELAYS[*d as usize % DELAYS.len()];
                call!(
                    from,
                    I::setOracleSetDelayCall { delay },
                    self.m.set_oracle_set_delay(from, delay),
                    format!("setOracleSetDelay({delay})")
                )
            }
            Action::Attest(w, i, k, mask, mutation) => {
                let from = self.caller(w, c.strangers[1].address);
                let app = Self::pick(i, n_apps, &self.apps_with(PENDING));
                let counts = counts_choice(*k);
                // mostly a threshold of the set in force (or more), else any subset of the keys
                let in_force = m.oracle();
                // mutation 17: the scheduled set (if any) signs under its own epoch, before
                // its time
                let mutation = match mutation % 24 {
                    k @ 9..=17 => k,
                    _ => 0,
                };
                let scheduled = m.oracle_scheduled().map(|(set, _)| set);
                let signing = match (&scheduled, mutation) {
                    (Some(next), 17) => next.clone(),
                    _ => in_force.clone(),
                };
                let set = &signing.signers;
                let members: Vec<_> = c
                    .oracles
                    .iter()
                    .filter(|o| set.contains(&o.address()))
                    .collect();
                let keys: Vec<_> = if mask % 4 != 3 && !members.is_empty() {
                    let n = (signing.threshold as usize + (*mask as usize / 4) % 2)
                        .clamp(1, members.len());
                    members
                        .into_iter()
                        .cycle()
                        .skip(*mask as usize / 8)
                        .take(n)
                        .collect()
                } else {
                    (0..4)
                        .filter(|b| mask & (1 << (b + 4)) != 0)
                        .map(|b| &c.oracles[b])
                        .collect()
                };
                // what the oracles sign: the true digest unless the mutation says otherwise
                let digest = match mutation {
                    12 => sign::digest(
                        m.chain_id,
                        m.registry,
                        &m.subject(app),
                        &counts,
                        in_force.epoch.wrapping_sub(1),
                    ),
                    17 => sign::digest(
                        m.chain_id,
                        m.registry,
                        &m.subject(app),
                        &counts,
                        signing.epoch,
                    ),
                    13 => {
                        let other = Counts {
                            voters: counts.voters.wrapping_add(1),
                            ..counts
                        };
                        m.digest(app, &other)
                    }
                    16 => sign::digest(
                        m.chain_id + 1,
                        m.registry,
                        &m.subject(app),
                        &counts,
                        in_force.epoch,
                    ),
                    _ => m.digest(app, &counts),
                };
                let mut sigs: Vec<[u8; 65]> = {
                    let mut sorted = keys.clone();
                    sorted.sort_by_key(|o| o.address());
                    sorted.iter().map(|o| sign::sign(o, digest)).collect()
                };
                let mut label = match mutation {
                    9 => "reversed",
                    10 => "duplicate",
                    11 => "high-s",
                    12 => "stale epoch",
                    13 => "other counts",
                    14 => "truncated",
                    15 => "v = 0",
                    16 => "other chain",
                    17 if scheduled.is_some() => "scheduled set, before its time",
                    _ => "sorted",
                }
                .to_string();
                match mutation {
                    9 => sigs.reverse(),
                    10 => {
                        if let Some(first) = sigs.first().copied() {
                            sigs.insert(1, first)
                        }
                    }
                    11 => {
                        if let Some(last) = sigs.last_mut() {
                            *last = sign::high_s(last)
                        }
                    }
                    15 => {
                        if let Some(first) = sigs.first_mut() {
                            first[64] = 0
                        }
                    }
                    _ => {}
                }
                let mut blob: Vec<u8> = sigs.concat();
                if mutation == 14 {
                    blob.pop();
                }
                let names: Vec<String> = keys.iter().map(|o| self.name(o.address())).collect();
                label = format!("{} by [{}]", label, names.join(", "));
                let call = I::attestTallyCall {
                    applicationId: app,
                    forVotes: counts.for_votes,
                    againstVotes: counts.against_votes,
                    abstainVotes: counts.abstain_votes,
                    voters: counts.voters,
                    signatures: Bytes::from(blob.clone()),
                };
                call!(
                    from,
                    call,
                    self.m.attest_tally(app, &counts, &blob),
                    format!("attestTally(app {app}, tally #{}, {label})", k % 10)
                )
            }
            Action::SetVoteRules(w, q, v, a, x) => {
                let from = self.caller(w, admin);
                let quorum = [
                    U256::from(1),
                    metis(1_000),
                    metis(20_000),
                    metis(300_000),
                    amount_max(),
                    amount_max() + U256::from(1),
                    U256::ZERO,
                    U256::MAX,
                ][*q as usize % 8];
                let voters = [1, 100, 500, 1_000, 0, u32::MAX][*v as usize % 6];
                let bps =
                    [5_001, 6_000, 8_000, 10_000, 5_000, 10_001, 0, u16::MAX][*a as usize % 8];
                let window = WINDOWS[*x as usize % WINDOWS.len()];
                call!(
                    from,
                    I::setVoteRulesCall {
                        quorum,
                        minVoters: voters,
                        approvalBps: bps,
                        attestationWindow: window
                    },
                    self.m.set_vote_rules(from, quorum, voters, bps, window),
                    format!("setVoteRules({quorum}, {voters}, {bps}, {window} s)")
                )
            }
            Action::SetSnapshotSpace(w, k) => {
                let from = self.caller(w, admin);
                let space = space_choice(*k, &m.s.program_space);
                call!(
                    from,
                    I::setSnapshotSpaceCall {
                        space: space.clone()
                    },
                    self.m.set_snapshot_space(from, &space),
                    format!("setSnapshotSpace({space:?})")
                )
            }
            Action::SetCapBounds(w, lo, hi) => {
                let from = self.caller(w, admin);
                let values = [
                    U256::ZERO,
                    U256::from(1),
                    metis(10_000),
                    metis(20_000),
                    metis(50_000),
                    metis(100_000),
                    metis(200_000),
                    amount_max(),
                    amount_max() + U256::from(1),
                    U256::MAX,
                ];
                let (min, max) = (values[*lo as usize % 10], values[*hi as usize % 10]);
                call!(
                    from,
                    I::setStakeCapBoundsCall {
                        minCap: min,
                        maxCap: max
                    },
                    self.m.set_stake_cap_bounds(from, min, max),
                    format!("setStakeCapBounds({min}, {max})")
                )
            }
            Action::SetPhaseNodeLimit(w, p, l) => {
                let from = self.caller(w, admin);
                let phase = [0, 1, 2, 3, m.s.phase, 4, 255][*p as usize % 7];
                let limit = [
                    0,
                    1,
                    2,
                    3,
                    4,
                    5,
                    8,
                    16,
                    64,
                    4_096,
                    4_097,
                    u16::MAX,
                    m.s.node_count,
                ][*l as usize % 13];
                call!(
                    from,
                    I::setPhaseNodeLimitCall {
                        targetPhase: phase,
                        limit
                    },
                    self.m.set_phase_node_limit(from, phase, limit),
                    format!("setPhaseNodeLimit({phase}, {limit})")
                )
            }
            Action::AdvancePhase(w, t) => {
                let from = self.caller(w, admin);
                let p = m.s.phase;
                let to = [
                    p.wrapping_add(1),
                    p.wrapping_add(1),
                    p,
                    p.wrapping_add(2),
                    0,
                    255,
                ][*t as usize % 6];
                call!(
                    from,
                    I::advancePhaseCall { to },
                    self.m.advance_phase(from, to),
                    format!("advancePhase({to})")
                )
            }
            Action::OpenRound(w, s, d) => {
                let from = self.caller(w, admin);
                let slots = [1, 2, 3, 2, 32, 0, 33, 255][*s as usize % 8];
                let now = m.now;
                let deadline = [
                    now + 86_400,
                    now + 7 * 86_400,
                    now + 3_600,
                    now + 1,
                    now,
                    now - 1,
                    u64::MAX,
                ][*d as usize % 7];
                call!(
                    from,
                    I::openRoundCall { slots, deadline },
                    self.m.open_round(from, slots, deadline),
                    format!(
                        "openRound({slots}, now{:+})",
                        deadline as i128 - now as i128
                    )
                )
            }
            Action::CloseRound(w, i) => {
                let id = Self::pick(i, n_rounds, &[n_rounds]);
                let from = self.caller(w, admin);
                call!(
                    from,
                    I::closeRoundCall { roundId: id },
                    self.m.close_round(from, id),
                    format!("closeRound({id})")
                )
            }
            Action::Submit(w, l, v) => {
                self.nonce += 1;
                let mut call = submission(*l, *v, &m.s.program_space, self.nonce);
                // half the time one of 5 more LSTs (numbered applicant and staking contract),
                // so that rounds hold more than the cast's three
                let numbered_lst = (l / 3) % 2 == 1;
                let right = if numbered_lst {
                    numbered("applicant", (l / 6 % 5) as u64)
                } else {
                    c.applicants[(*l % 3) as usize].address
                };
                let from = self.caller(w, right);
                if numbered_lst && call.stakingContract == c.staking[(*l % 3) as usize].address {
                    call.stakingContract = numbered("staking", (l / 6 % 5) as u64);
                }
                if v % 16 == 15 {
                    call.stakingContract = own_staking(from);
                }
                let text = format!(
                    "submitApplication({:?} variant {}, staking {})",
                    LSTS[(*l % 3) as usize],
                    v % 16,
                    self.name(call.stakingContract)
                );
                call!(
                    from,
                    call.clone(),
                    self.m.submit_application(from, &call),
                    text
                )
            }
            Action::SubmitClone(w, i, k) => {
                let (id, call, copier) = self.clone_of(i, *k);
                let from = self.caller(w, copier);
                let text = format!(
                    "submitApplication[clone](app {id}'s proposal, staking {}, space {:?})",
                    self.name(call.stakingContract),
                    call.snapshotSpace
                );
                call!(
                    from,
                    call.clone(),
                    self.m.submit_application(from, &call),
                    text
                )
            }
            Action::SubmitSpace(w, l, k) => {
                self.nonce += 1;
                let space = other_space(*k, &m.s.program_space);
                let call = I::submitApplicationCall {
                    snapshotSpace: space.clone(),
                    ..submission(*l, 0, &m.s.program_space, self.nonce)
                };
                let from = self.caller(w, c.applicants[(*l % 3) as usize].address);
                call!(
                    from,
                    call.clone(),
                    self.m.submit_application(from, &call),
                    format!("submitApplication[space]({space:?})")
                )
            }
            Action::SubmitAs(n) => {
                self.nonce += 1;
                let applicant = numbered("applicant", *n as u64);
                let call = I::submitApplicationCall {
                    stakingContract: numbered("staking", *n as u64),
                    ..submission(*n as u8, 0, &m.s.program_space, self.nonce)
                };
                call!(
                    applicant,
                    call.clone(),
                    self.m.submit_application(applicant, &call),
                    format!("submitApplication(LST #{n})")
                )
            }
            Action::Revoke(w, i, r) => {
                // qualified applications with active pairings first, then pending and tallied
                // ones, then any live one
                let paired: Vec<u64> = self
                    .paired_nodes()
                    .iter()
                    .filter_map(|n| self.active_pairing(*n).map(|p| p.application as u64))
                    .collect();
                let mut preferred = paired.clone();
                preferred.extend(&paired);
                preferred.extend(self.apps_with(PENDING));
                preferred.extend(self.apps_with(TALLIED));
                preferred
                    .extend((1..=n_apps).filter(|id| is_live(m.s.apps[*id as usize - 1].status)));
                let id = Self::pick(i, n_apps, &preferred);
                let from = self.caller(w, admin);
                let reason = [
                    "exploited staking contract",
                    "",
                    &long('r', 256),
                    &long('r', 257),
                    "copied another LST's proposal",
                    "x",
                ][*r as usize % 6]
                    .to_string();
                call!(
                    from,
                    I::revokeApplicationCall {
                        applicationId: id,
                        reason: reason.clone()
                    },
                    self.m.revoke_application(from, id, &reason),
                    format!("revokeApplication({id}, {} B)", reason.len())
                )
            }
            Action::Recover(w, k, a, t) => {
                let action = if !m.s.paused && k % 4 == 0 {
                    Action::Pause(Who::Right)
                } else {
                    match (k / 4) % 5 {
                        0 => Action::TransferAdmin(w.clone(), *a),
                        1 => Action::AcceptAdmin(w.clone()),
                        2 => Action::SetGuardian(w.clone(), *a),
                        3 => Action::SetOracleSet(w.clone(), *a, *a / 16, *t),
                        _ => Action::Revoke(w.clone(), Id::Live(*a), *t),
                    }
                };
                self.plan(&action)
            }
            Action::Withdraw(w, i) => {
                let id = Self::pick(i, n_apps, &self.apps_with(PENDING));
                let applicant =
                    m.s.apps
                        .get((id as usize).wrapping_sub(1))
                        .map(|a| a.applicant)
                        .unwrap_or(admin);
                let from = self.caller(w, applicant);
                call!(
                    from,
                    I::withdrawApplicationCall { applicationId: id },
                    self.m.withdraw_application(from, id),
                    format!("withdrawApplication({id})")
                )
            }
            Action::Finalise(w, i) => {
                let id = Self::pick(i, n_rounds, &[n_rounds]);
                let from = self.caller(w, c.strangers[0].address);
                call!(
                    from,
                    I::finaliseRoundCall { roundId: id },
                    self.m.finalise_round(id),
                    format!("finaliseRound({id})")
                )
            }
            Action::RegisterNode(w, o, s, u) => {
                let from = self.caller(w, admin);
                let operator = if *o % 9 == 8 {
                    Address::ZERO
                } else {
                    c.operators[*o as usize % 4].address
                };
                let signer = if *s % 7 == 6 {
                    Address::ZERO
                } else {
                    c.signers[*s as usize % 6].address
                };
                let uri = uri_choice(*u, "https://seq.metis.io/node/metadata.json");
                call!(
                    from,
                    I::registerNodeCall {
                        operator,
                        sequencerSigner: signer,
                        metadataUri: uri.clone()
                    },
                    self.m.register_node(from, operator, signer, &uri),
                    format!(
                        "registerNode({}, {}, {} B)",
                        self.name(operator),
                        self.name(signer),
                        uri.len()
                    )
                )
            }
            Action::UpdateNode(w, i, o, s, u) => {
                let id = Self::pick(i, n_nodes, &[]);
                let current =
                    m.s.nodes
                        .get((id as usize).wrapping_sub(1))
                        .cloned()
                        .unwrap_or_default();
                let right = if *o % 2 == 0 {
                    self.node_operator(id)
                } else {
                    admin
                };
                let from = self.caller(w, right);
                let operator = match o % 7 {
                    4 => Address::ZERO,
                    5 | 6 => current.operator,
                    k => c.operators[k as usize].address,
                };
                let signer = match s % 9 {
                    6 => Address::ZERO,
                    7 | 8 => current.signer,
                    k => c.signers[k as usize].address,
                };
                let uri = uri_choice(*u, "https://seq.metis.io/node/metadata-v2.json");
                call!(
                    from,
                    I::updateNodeCall {
                        nodeId: id,
                        operator,
                        sequencerSigner: signer,
                        metadataUri: uri.clone()
                    },
                    self.m.update_node(from, id, operator, signer, &uri),
                    format!(
                        "updateNode({id}, {}, {}, {} B)",
                        self.name(operator),
                        self.name(signer),
                        uri.len()
                    )
                )
            }
            Action::Pair(w, n, a, k, u) => {
                let unpaired: Vec<u64> = (1..=n_nodes)
                    .filter(|i| m.s.nodes[*i as usize - 1].active_pairing == 0)
                    .collect();
                let node = Self::pick(n, n_nodes, &unpaired);
                let app = Self::pick(a, n_apps, &self.apps_with(QUALIFIED));
                let from = self.caller(w, self.node_operator(node));
                let (lo, hi) = (m.s.min_cap, m.s.max_cap);
                let cap = [
                    U256::from(lo),
                    U256::from(hi),
                    U256::from(lo / 2 + hi / 2),
                    U256::from(lo.saturating_sub(1)),
                    U256::from(hi) + U256::from(1),
                    U256::ZERO,
                    amount_max() + U256::from(1),
                    U256::MAX,
                    U256::from(lo),
                    U256::from(lo / 2 + hi / 2),
                ][*k as usize % 10];
                let uri = uri_choice(*u, "https://forum.metis.io/t/node-pairing-announcement");
                call!(
                    from,
                    I::pairCall {
                        nodeId: node,
                        applicationId: app,
                        stakeCap: cap,
                        announcementUri: uri.clone()
                    },
                    self.m.pair(from, node, app, cap, &uri),
                    format!("pair(node {node}, app {app}, cap {cap}, {} B)", uri.len())
                )
            }
            Action::Unpair(w, i, r) => {
                let node = Self::pick(i, n_nodes, &self.paired_nodes());
                let right = if r % 2 == 0 {
                    self.node_operator(node)
                } else {
                    admin
                };
                let from = self.caller(w, right);
                let reason =
                    ["", "rotation", &long('r', 256), &long('r', 257)][*r as usize % 4].to_string();
                call!(
                    from,
                    I::unpairCall {
                        nodeId: node,
                        reason: reason.clone()
                    },
                    self.m.unpair(from, node, &reason),
                    format!("unpair({node}, {} B)", reason.len())
                )
            }
            Action::SetStakeCap(w, i, k) => {
                let node = Self::pick(i, n_nodes, &self.paired_nodes());
                let right = if k % 2 == 0 {
                    self.node_operator(node)
                } else {
                    admin
                };
                let from = self.caller(w, right);
                let (lo, hi) = (m.s.min_cap, m.s.max_cap);
                let stake = self.active_stake(node).unwrap_or(0);
                let cap = [
                    U256::from(lo),
                    U256::from(hi),
                    U256::from(lo / 2 + hi / 2),
                    U256::from(stake),
                    U256::from(stake.saturating_sub(1)),
                    U256::from(lo.saturating_sub(1)),
                    U256::from(hi) + U256::from(1),
                    U256::ZERO,
                    amount_max() + U256::from(1),
                    U256::MAX,
                ][*k as usize % 10];
                call!(
                    from,
                    I::setStakeCapCall {
                        nodeId: node,
                        stakeCap: cap
                    },
                    self.m.set_stake_cap(from, node, cap),
                    format!("setStakeCap({node}, {cap})")
                )
            }
            Action::ReportStake(w, i, k) => {
                // active pairings preferred; an ended one a quarter of the time or so
                let active: Vec<u64> = self
                    .paired_nodes()
                    .iter()
                    .map(|n| m.s.nodes[*n as usize - 1].active_pairing as u64)
                    .collect();
                let pairing = Self::pick(i, m.s.pairing_count as u64, &active);
                let record = m.s.pairings.get((pairing as usize).wrapping_sub(1));
                let staking = record
                    .map(|p| m.s.apps[p.application as usize - 1].staking)
                    .unwrap_or(admin);
                let from = self.caller(w, staking);
                let cap = record.map(|p| p.stake_cap).unwrap_or(metis(50_000).to());
                let stake = [
                    U256::ZERO,
                    U256::from(cap),
                    U256::from(cap) + U256::from(1),
                    U256::from(cap / 2),
                    amount_max() + U256::from(1),
                    U256::from(1),
                    U256::MAX,
                    U256::from(cap.saturating_sub(1)),
                    metis(30_000),
                ][*k as usize % 9];
                let ended = if record.is_some_and(|p| p.ended_at != 0) {
                    " (ended)"
                } else {
                    ""
                };
                call!(
                    from,
                    I::reportStakeCall {
                        pairingId: pairing,
                        stake
                    },
                    self.m.report_stake(from, pairing, stake),
                    format!("reportStake(pairing {pairing}{ended}, {stake})")
                )
            }
        }
    }

    /// A submission copying an earlier application (picked by `i`; withdrawn ones preferred
    /// when `k / 40 % 3 == 0`) with its Snapshot proposal, from a copier (`k % 5`: the two
    /// strangers or one of the applicants, the original's own included), with the original's
    /// staking contract or another (`k / 5 % 2`), in the program's space or, when
    /// `k / 10 % 4 == 3`, in the original's (which may no longer be the program's). Returns
    /// the original's id, the call and the copier.
    fn clone_of(&self, i: &Id, k: u8) -> (u64, I::submitApplicationCall, Address) {
        let c = cast();
        let s = &self.m.s;
        let preferred = if (k / 40).is_multiple_of(3) {
            self.apps_with(WITHDRAWN)
        } else {
            Vec::new()
        };
        let id = Self::pick(i, s.application_count as u64, &preferred);
        let copier = [
            c.strangers[0].address,
            c.strangers[1].address,
            c.applicants[0].address,
            c.applicants[1].address,
            c.applicants[2].address,
        ][k as usize % 5];
        // no such application: a proposal no submission ever gets
        let original = s
            .apps
            .get((id as usize).wrapping_sub(1))
            .cloned()
            .unwrap_or_else(|| {
                let call = submission(k, 0, &s.program_space, 0);
                lst_registry_adversarial::layout::AppRec {
                    staking: call.stakingContract,
                    content_hash: call.contentHash,
                    proposal: call.snapshotProposal,
                    space: call.snapshotSpace,
                    name: call.name,
                    uri: call.metadataUri,
                    ..Default::default()
                }
            });
        let call = I::submitApplicationCall {
            name: original.name.clone(),
            metadataUri: original.uri.clone(),
            contentHash: original.content_hash,
            snapshotSpace: if (k / 10) % 4 == 3 {
                original.space.clone()
            } else {
                s.program_space.clone()
            },
            snapshotProposal: original.proposal,
            stakingContract: if (k / 5).is_multiple_of(2) {
                original.staking
            } else {
                c.staking[(k as usize / 5) % 3].address
            },
        };
        (id, call, copier)
    }

    fn active_pairing(&self, node: u64) -> Option<&lst_registry_adversarial::layout::PairingRec> {
        let n = self.m.s.nodes.get((node as usize).wrapping_sub(1))?;
        if n.active_pairing == 0 {
            return None;
        }
        self.m.s.pairings.get(n.active_pairing as usize - 1)
    }

    fn active_stake(&self, node: u64) -> Option<u128> {
        self.active_pairing(node).map(|p| p.stake)
    }

    /// Runs one action on the chain and checks everything.
    fn step(&mut self, action: &Action) -> Result<(), TestCaseError> {
        let before = self.last.take().unwrap_or_else(|| self.h.state());
        let dump_before = self.h.dump();
        let Some(planned) = self.plan(action) else {
            return Ok(());
        };
        let step = self.trace.len();
        let receipt = self.h.send(planned.from, &planned.calldata);
        self.calls += 1;
        let outcome = classify(&receipt);
        let shown = match &outcome {
            Ok(Outcome::Returned(data)) if data.is_empty() => "ok".to_string(),
            Ok(Outcome::Returned(data)) => {
                format!("ok → {}", U256::from_be_slice(&data[..data.len().min(32)]))
            }
            Ok(Outcome::Reverted(e)) => show_error(e),
            Err(e) => format!("ABORTED: {e}"),
        };
        self.trace
            .push(format!("{step:>3}. {} ⇒ {shown}", planned.text));
        // the function called (`submitApplication[clone]` and `[space]` told apart)
        let function = planned
            .text
            .split(" → ")
            .nth(1)
            .unwrap_or("")
            .split('(')
            .next()
            .unwrap_or("")
            .to_string();
        {
            let label = if before.paused {
                format!("{function} (paused)")
            } else {
                function.clone()
            };
            let mut cov = coverage().lock().unwrap_or_else(|e| e.into_inner());
            let entry = cov.entry(label).or_default();
            match &outcome {
                Ok(Outcome::Returned(_)) => entry.0 += 1,
                Ok(Outcome::Reverted(e)) => {
                    entry.1 += 1;
                    entry.2.insert(
                        show_error(e)
                            .split([' ', '{'])
                            .next()
                            .unwrap_or("")
                            .to_string(),
                    );
                }
                Err(_) => {}
            }
        }
        let outcome = outcome.map_err(|e| {
            fail(
                self,
                format!("step {step} did not end in success or a custom error: {e}"),
            )
        })?;
        let expected = match &planned.expected {
            Ok(data) => Outcome::Returned(data.clone()),
            Err(e) => Outcome::Reverted(e.clone()),
        };
        if outcome != expected {
            let want = match &planned.expected {
                Ok(d) if d.is_empty() => "ok".to_string(),
                Ok(d) => format!("ok → {}", U256::from_be_slice(d)),
                Err(e) => show_error(e),
            };
            return Err(fail(
                self,
                format!("step {step}: the model predicted {want}"),
            ));
        }
        match &outcome {
            Outcome::Reverted(_) => {
                self.reverts += 1;
                if self.h.dump() != dump_before {
                    return Err(fail(
                        self,
                        format!("step {step}: a reverted call changed storage"),
                    ));
                }
            }
            Outcome::Returned(_) => {
                let events = decode_events(&receipt, self.h.registry)
                    .map_err(|e| fail(self, format!("step {step}: {e}")))?;
                // every success emits, but setting a node limit to the one in force (nothing
                // written, nothing emitted)
                let silent = function == "setPhaseNodeLimit"
                    && self.m.events.as_ref().is_some_and(Vec::is_empty);
                if events.is_empty() != silent {
                    return Err(fail(
                        self,
                        format!(
                            "step {step}: a successful call emitted {} events{}",
                            events.len(),
                            if silent { " (predicted none)" } else { "" }
                        ),
                    ));
                }
                {
                    let mut seen = event_coverage().lock().unwrap_or_else(|e| e.into_inner());
                    for e in &events {
                        *seen.entry(event_kind(e)).or_default() += 1;
                    }
                }
                // the events the model predicts, in order
                if let Some(expected) = self.m.events.clone() {
                    let got: Vec<String> = events.iter().map(summary).collect();
                    if got != expected {
                        return Err(fail(
                            self,
                            format!(
                                "step {step}: events {got:?}, the model predicted {expected:?}"
                            ),
                        ));
                    }
                }
            }
        }
        let after = self.h.state();
        self.last = Some(after.clone());
        if matches!(outcome, Outcome::Returned(_)) {
            // every slot the call wrote belongs to the layout (a record that exists, a text
            // within its length, the signer map): nothing is written where no one reads it
            let dump_after = self.h.dump();
            let signers = cast().addresses();
            let (known_before, known_after) = (before.slots(&signers), after.slots(&signers));
            let stray: Vec<String> = dump_before
                .keys()
                .chain(dump_after.keys())
                .filter(|k| dump_before.get(*k) != dump_after.get(*k))
                .map(|k| U256::from_be_bytes(k.0))
                .filter(|k| !known_before.contains(k) && !known_after.contains(k))
                .map(|k| format!("{k:#x}"))
                .collect();
            if !stray.is_empty() {
                return Err(fail(
                    self,
                    format!("step {step}: wrote slots outside the layout: {stray:?}"),
                ));
            }
        }
        if after != self.m.s {
            return Err(fail(
                self,
                format!(
                    "step {step}: stored state differs from the model:\n{}",
                    diff(&self.m.s, &after)
                ),
            ));
        }
        self.invariants(
            step,
            &before,
            &after,
            (action, &function),
            matches!(outcome, Outcome::Returned(_)),
            &dump_before,
        )
    }

    /// Invariants read from storage alone.
    fn invariants(
        &mut self,
        step: usize,
        before: &ChainState,
        after: &ChainState,
        (action, function): (&Action, &str),
        succeeded: bool,
        dump_before: &BTreeMap<B256, B256>,
    ) -> Result<(), TestCaseError> {
        let mut broken: Vec<String> = Vec::new();
        let mut check = |ok: bool, what: String| {
            if !ok {
                broken.push(what)
            }
        };
        // the views program is fixed at construction: no call changes it
        check(
            after.views_program == before.views_program && !after.views_program.is_zero(),
            format!(
                "views program {} → {}",
                before.views_program, after.views_program
            ),
        );
        // phases only move forward, one step at a time
        check(
            after.phase >= before.phase && after.phase <= before.phase + 1 && after.phase <= 3,
            format!("phase {} → {}", before.phase, after.phase),
        );
        // node limits: non-decreasing over phases, the current one at least the node count
        check(
            after.node_limits.windows(2).all(|w| w[0] <= w[1])
                && after.node_limits[3] <= MAX_NODE_LIMIT,
            format!("node limits {:?}", after.node_limits),
        );
        check(
            after.node_count <= after.current_limit(),
            format!(
                "{} nodes over the limit {} of phase {}",
                after.node_count,
                after.current_limit(),
                after.phase
            ),
        );
        check(
            after
                .nodes
                .iter()
                .all(|n| n.registered_phase <= after.phase),
            "a node registered in a future phase".into(),
        );
        // counters never go back
        check(
            after.round_count >= before.round_count
                && after.application_count >= before.application_count
                && after.node_count >= before.node_count
                && after.pairing_count >= before.pairing_count
                && after.pairing_nonce >= before.pairing_nonce
                && after.oracle_epoch >= before.oracle_epoch
                && after.oracle_last_epoch >= before.oracle_last_epoch,
            "a counter went back".into(),
        );
        check(
            !after.admin.is_zero() && !after.guardian.is_zero(),
            "zero admin or guardian".into(),
        );
        // oracle sets: each ascending, non-zero, a strict majority threshold, slots past the
        // set cleared; the set in force and the scheduled one are sets that were made
        let now = self.m.now;
        for (set, what) in [
            (Some(after.oracle_at(now)), "in force"),
            (after.oracle_scheduled(now).map(|(set, _)| set), "scheduled"),
        ] {
            let Some(set) = set else { continue };
            let size = set.signers.len();
            let slots = after
                .oracle_sets
                .get((set.epoch as usize).wrapping_sub(1))
                .cloned()
                .unwrap_or_default();
            check(
                (set.epoch == 0 && size == 0 && set.threshold == 0)
                    || (set.epoch >= 1
                        && set.epoch <= after.oracle_last_epoch
                        && (1..=16).contains(&size)
                        && 2 * set.threshold as usize > size
                        && set.threshold as usize <= size
                        && set.signers.windows(2).all(|w| w[0] < w[1])
                        && set.signers.iter().all(|a| !a.is_zero())
                        && slots[size..].iter().all(|a| a.is_zero())),
                format!("oracle set {what}: {set:?}"),
            );
        }
        // epochs: the one in force never goes back, the last handed out moves by one on each
        // change (a replaced schedule's epoch is never used), and a set's signers never change
        // once written
        check(
            after.oracle_at(now).epoch >= before.oracle_at(now).epoch
                && after.oracle_last_epoch
                    == before.oracle_last_epoch
                        + u32::from(succeeded && function == "setOracleSet")
                && after.oracle_sets[..before.oracle_sets.len()] == before.oracle_sets[..],
            format!(
                "oracle epochs: in force {} → {}, last {} → {}",
                before.oracle_at(now).epoch,
                after.oracle_at(now).epoch,
                before.oracle_last_epoch,
                after.oracle_last_epoch
            ),
        );
        // the delay lies within its bounds
        check(
            (ORACLE_DELAY_BOUNDS.0..=ORACLE_DELAY_BOUNDS.1).contains(&after.oracle_delay),
            format!("oracle-set delay {}", after.oracle_delay),
        );
        // a set change outside the pause (but the first set) never affects attestations in
        // the same block, nor before the time it names: the set in force until then is the
        // one in force before it
        if !before.paused && before.oracle_at(now).epoch != 0 {
            let until = after
                .oracle_scheduled(now)
                .map(|(_, at)| at)
                .unwrap_or(now + 1);
            check(
                after.oracle_at(now) == before.oracle_at(now)
                    && after.oracle_at(until - 1) == before.oracle_at(now)
                    && (function != "setOracleSet"
                        || !succeeded
                        || until >= now + u64::from(before.oracle_delay)),
                format!(
                    "{function} outside the pause changed the oracle set in force before its time: {:?} → {:?} (scheduled at {until})",
                    before.oracle_at(now),
                    after.oracle_at(now)
                ),
            );
        }
        // no tally is attested under a set before its time: a tally made by this call names
        // the epoch in force at this block, never a scheduled one
        for (b, a) in before.apps.iter().zip(&after.apps) {
            if b.oracle_epoch == 0 && a.oracle_epoch != 0 {
                let scheduled = before.oracle_scheduled(now).map(|(set, _)| set.epoch);
                check(
                    a.oracle_epoch == before.oracle_at(now).epoch
                        && Some(a.oracle_epoch) != scheduled,
                    format!(
                        "a tally attested under epoch {} at {now}; in force {}, scheduled {scheduled:?}",
                        a.oracle_epoch,
                        before.oracle_at(now).epoch
                    ),
                );
            }
        }
        check(
            after.stale_text.is_empty(),
            format!("stale text slots {:?}", after.stale_text),
        );
        // a node has at most one active pairing, and its record agrees
        for (i, node) in after.nodes.iter().enumerate() {
            let id = i as u32 + 1;
            let open: Vec<u32> = after
                .pairings
                .iter()
                .enumerate()
                .filter(|(_, p)| p.node == id && p.ended_at == 0)
                .map(|(k, _)| k as u32 + 1)
                .collect();
            check(
                open.len() <= 1,
                format!("node {id} has active pairings {open:?}"),
            );
            check(
                open.first().copied().unwrap_or(0) == node.active_pairing,
                format!(
                    "node {id} points to pairing {} but the open ones are {open:?}",
                    node.active_pairing
                ),
            );
        }
        // pairings: an active one is with a qualified application of a finalised round, an
        // ended one with a qualified or a revoked one that had qualified (ranked); stake
        // within the cap; caps changed only by a successful pair / setStakeCap, within the
        // bounds then in force
        let setting_cap = succeeded && matches!(action, Action::Pair(..) | Action::SetStakeCap(..));
        for (i, p) in after.pairings.iter().enumerate() {
            let id = i as u32 + 1;
            let app = after.apps.get((p.application as usize).wrapping_sub(1));
            let ok = app
                .map(|a| {
                    let was_qualified = a.status == QUALIFIED
                        || (p.ended_at != 0 && a.status == REVOKED && a.rank != 0);
                    was_qualified && after.rounds[a.round as usize - 1].status == FINALISED
                })
                .unwrap_or(false);
            check(ok, format!("pairing {id} (ended at {}) is with application {} which is not a qualified one of a finalised round", p.ended_at, p.application));
            check(
                p.stake <= p.stake_cap,
                format!("pairing {id}: stake {} above cap {}", p.stake, p.stake_cap),
            );
            let previous = before.pairings.get(i).map(|q| q.stake_cap);
            if previous != Some(p.stake_cap) {
                if setting_cap {
                    self.caps.entry(id).or_default().push((
                        p.stake_cap,
                        before.min_cap,
                        before.max_cap,
                    ));
                    check(
                        p.stake_cap >= before.min_cap && p.stake_cap <= before.max_cap,
                        format!(
                            "pairing {id}: cap {} set outside the bounds [{}, {}] in force",
                            p.stake_cap, before.min_cap, before.max_cap
                        ),
                    );
                } else {
                    check(
                        false,
                        format!("pairing {id}: cap changed without pair/setStakeCap"),
                    );
                }
            }
            if let Some((cap, lo, hi)) = self.caps.get(&id).and_then(|v| v.last()) {
                check(
                    p.stake_cap == *cap && lo <= cap && cap <= hi,
                    format!("pairing {id}: cap {} is not the last one set", p.stake_cap),
                );
            }
        }
        // at most K qualified per round, only in finalised rounds: the record's `qualified`
        // are ranks 1..=qualified, each still qualified or since revoked; a finalised round
        // has no pending application (finalisation fails them as not attested)
        for (i, r) in after.rounds.iter().enumerate() {
            let id = i as u32 + 1;
            let apps: Vec<&lst_registry_adversarial::layout::AppRec> =
                after.apps.iter().filter(|a| a.round == id).collect();
            let qualified = apps.iter().filter(|a| a.status == QUALIFIED).count();
            check(
                qualified <= r.slots as usize,
                format!("round {id}: {qualified} qualified for {} slots", r.slots),
            );
            if r.status == FINALISED {
                let top: Vec<_> = apps
                    .iter()
                    .filter(|a| a.rank != 0 && a.rank <= r.qualified)
                    .collect();
                check(
                    top.len() == r.qualified as usize
                        && top
                            .iter()
                            .all(|a| a.status == QUALIFIED || a.status == REVOKED)
                        && apps
                            .iter()
                            .filter(|a| a.status == QUALIFIED)
                            .all(|a| a.rank != 0 && a.rank <= r.qualified),
                    format!(
                        "round {id}: {qualified} qualified, {} ranked within the record's {}",
                        top.len(),
                        r.qualified
                    ),
                );
                check(
                    apps.iter().all(|a| a.status != PENDING),
                    format!("round {id} is finalised but has a pending application"),
                );
                check(
                    apps.iter()
                        .filter(|a| a.status == NOT_ATTESTED)
                        .all(|a| a.oracle_epoch == 0 && a.rank == 0),
                    format!("round {id}: an application not attested has a tally or a rank"),
                );
            } else {
                check(
                    apps.iter().all(|a| {
                        matches!(a.status, PENDING | WITHDRAWN | TALLIED | REVOKED) && a.rank == 0
                    }),
                    format!("round {id} not finalised but has decided applications"),
                );
            }
            // its attestation deadline: its deadline + the window of its rules' version
            let window = after.rules_of(r.rules_version).attestation_window;
            check(
                r.attestation_deadline == r.deadline.saturating_add(window as u64)
                    && (WINDOW_BOUNDS.0..=WINDOW_BOUNDS.1).contains(&window),
                format!(
                    "round {id}: attestation deadline {} for deadline {} and window {window}",
                    r.attestation_deadline, r.deadline
                ),
            );
            // one live application per applicant and per staking contract
            let live: Vec<_> = apps.iter().filter(|a| is_live(a.status)).collect();
            for (k, a) in live.iter().enumerate() {
                for b in &live[k + 1..] {
                    check(
                        a.applicant != b.applicant && a.staking != b.staking,
                        format!(
                            "round {id}: two live applications of applicant {} / staking contract {}",
                            if a.applicant == b.applicant { a.applicant.to_string() } else { "-".into() },
                            if a.staking == b.staking { a.staking.to_string() } else { "-".into() },
                        ),
                    );
                }
            }
        }
        // a paused registry changes nothing but its pause (unpause) and, through the recovery
        // functions, its roles and its oracle set
        if before.paused {
            if succeeded {
                check(
                    RECOVERY.contains(&function),
                    format!("{function} succeeded on a paused registry"),
                );
                let mut masked = after.clone();
                masked.paused = before.paused;
                masked.admin = before.admin;
                masked.pending_admin = before.pending_admin;
                masked.guardian = before.guardian;
                masked.oracle_epoch = before.oracle_epoch;
                masked.oracle_threshold = before.oracle_threshold;
                masked.oracle_size = before.oracle_size;
                masked.oracle_next_threshold = before.oracle_next_threshold;
                masked.oracle_next_size = before.oracle_next_size;
                masked.oracle_next_at = before.oracle_next_at;
                masked.oracle_last_epoch = before.oracle_last_epoch;
                masked.oracle_sets = before.oracle_sets.clone();
                if function == "setOracleSet" {
                    // a change while paused is in force at once
                    check(
                        after.oracle_at(self.m.now).epoch == after.oracle_last_epoch
                            && after.oracle_scheduled(self.m.now).is_none(),
                        "a set change while paused is not in force at once".into(),
                    );
                }
                if function == "revokeApplication" {
                    // an application's status, the proposal it released, the pairings it ended
                    masked.apps = before.apps.clone();
                    masked.proposal_uses = before.proposal_uses.clone();
                    masked.nodes = before.nodes.clone();
                    masked.pairings = before.pairings.clone();
                    masked.pairing_nonce = before.pairing_nonce;
                }
                check(
                    masked == *before && (after.paused || function == "unpause"),
                    format!("{function} on a paused registry changed more than roles, oracle set, pause and revocations:\n{}", diff(before, &masked)),
                );
            } else {
                check(
                    self.h.dump() == *dump_before,
                    "a refused call changed the paused registry".into(),
                );
            }
        }
        // vote rules: each version is written once; a new one only by a successful
        // setVoteRules, becoming the one in force
        let kept = before.vote_rules.len().min(after.vote_rules.len());
        check(
            after.rules_version >= 1
                && after.vote_rules[..kept] == before.vote_rules[..kept]
                && (after.rules_version == before.rules_version
                    || (after.rules_version == before.rules_version + 1
                        && succeeded
                        && function == "setVoteRules")),
            format!(
                "vote rules version {} → {} ({function})",
                before.rules_version, after.rules_version
            ),
        );
        check(
            after.stray.is_empty(),
            format!("stray records: {:?}", after.stray),
        );
        // a round keeps the version in force when it opened
        for (i, r) in after.rounds.iter().enumerate() {
            let at_open = before
                .rounds
                .get(i)
                .map(|b| b.rules_version)
                .unwrap_or(before.rules_version);
            check(
                r.rules_version == at_open && r.rules_version >= 1,
                format!(
                    "round {}: rules version {} (in force when it opened: {at_open})",
                    i + 1,
                    r.rules_version
                ),
            );
        }
        // the program's space: 1 to 64 bytes, its hash stored beside it, changed only by
        // setSnapshotSpace
        check(
            after.program_space_hash == keccak256(&after.program_space)
                && (1..=64).contains(&after.program_space.len()),
            format!(
                "program space {:?} stored with hash {}",
                after.program_space, after.program_space_hash
            ),
        );
        check(
            after.program_space == before.program_space
                || (succeeded && function == "setSnapshotSpace"),
            format!("{function} changed the program's space"),
        );
        // a proposal backs one application at a time: the applications sharing one are, but
        // for the last, revoked without a tally (released); the proposal records the last, or
        // nothing if it too was released. A release is a revocation's, of a pending
        // application. Every application names the program's space in force when it was
        // submitted.
        for _ in before.apps.len()..after.apps.len() {
            self.submitted_under.push(before.program_space_hash);
        }
        let mut by_proposal: BTreeMap<B256, Vec<usize>> = BTreeMap::new();
        for (i, a) in after.apps.iter().enumerate() {
            by_proposal.entry(a.proposal).or_default().push(i + 1);
        }
        let released = |a: &lst_registry_adversarial::layout::AppRec| {
            a.status == REVOKED && a.oracle_epoch == 0
        };
        for (proposal, ids) in &by_proposal {
            let last = *ids.last().expect("one at least");
            check(
                ids[..ids.len() - 1]
                    .iter()
                    .all(|id| released(&after.apps[id - 1])),
                format!("applications {ids:?} share the proposal {proposal}"),
            );
            let recorded = after.proposal_uses.get(proposal).copied();
            check(
                recorded == Some(last as u32)
                    || (recorded == Some(0) && released(&after.apps[last - 1])),
                format!(
                    "proposal {proposal} of applications {ids:?} records application {recorded:?}"
                ),
            );
            let was = before.proposal_uses.get(proposal).copied().unwrap_or(0);
            if recorded == Some(0) && was != 0 {
                check(
                    succeeded
                        && function == "revokeApplication"
                        && before.apps.get(was as usize - 1).map(|a| a.status) == Some(PENDING),
                    format!("{function} released proposal {proposal} of application {was}"),
                );
            }
        }
        for (i, a) in after.apps.iter().enumerate() {
            let id = i + 1;
            check(
                self.submitted_under.get(i) == Some(&keccak256(&a.space)),
                format!(
                    "application {id} names {:?}, not the program's space when it was submitted",
                    a.space
                ),
            );
        }
        if let Action::SubmitClone(..) = action {
            check(
                !succeeded
                    || after.apps.len() > before.apps.len() && {
                        let new = &after.apps[after.apps.len() - 1];
                        before
                            .proposal_uses
                            .get(&new.proposal)
                            .is_none_or(|a| *a == 0)
                    },
                "a copy of an application's proposal in use was accepted".into(),
            );
        }
        // each applicant's and staking contract's record names its latest application in
        // that role
        for ((role, account), (round, app)) in &after.account_uses {
            let latest = after
                .apps
                .iter()
                .enumerate()
                .filter(|(_, a)| *account == if *role == 0 { a.applicant } else { a.staking })
                .map(|(i, a)| (i as u32 + 1, a.round))
                .next_back();
            check(
                latest == Some((*app, *round)),
                format!(
                    "account {account} (role {role}) records application {app} of round {round}, its latest is {latest:?}"
                ),
            );
        }
        // revocation is final: a revoked application stays revoked, has no active pairing,
        // and no pairing starts with it
        for (i, b) in before.apps.iter().enumerate() {
            if b.status == REVOKED {
                check(
                    after.apps[i].status == REVOKED,
                    format!(
                        "revoked application {} became {}",
                        i + 1,
                        after.apps[i].status
                    ),
                );
                check(
                    after.pairings[before.pairings.len()..]
                        .iter()
                        .all(|p| p.application as usize != i + 1),
                    format!("revoked application {} was paired", i + 1),
                );
            }
        }
        for (n, node) in after.nodes.iter().enumerate() {
            if node.active_pairing != 0 {
                let p = &after.pairings[node.active_pairing as usize - 1];
                check(
                    after.apps[p.application as usize - 1].status != REVOKED,
                    format!(
                        "node {} is paired (pairing {}) with the revoked application {}",
                        n + 1,
                        node.active_pairing,
                        p.application
                    ),
                );
            }
        }
        // an ended pairing never changes again (its stake included)
        for (i, b) in before.pairings.iter().enumerate() {
            if b.ended_at != 0 {
                check(
                    after.pairings[i] == *b,
                    format!(
                        "ended pairing {} changed: {b:?} → {:?}",
                        i + 1,
                        after.pairings[i]
                    ),
                );
            }
        }
        // a finalised round's outcomes follow the rules of its version: every failure as
        // judged, the passed ranked by For weight (ties to the lower id), the top K qualified
        for (i, r) in after.rounds.iter().enumerate() {
            if r.status != FINALISED {
                continue;
            }
            let id = i as u32 + 1;
            let rules = after.rules_of(r.rules_version);
            let mut passed: Vec<(usize, u128, u8, u8)> = Vec::new();
            for (k, a) in after.apps.iter().enumerate() {
                // withdrawn; not attested (no tally to judge); revoked before finalisation or
                // after failing (unranked)
                if a.round != id
                    || a.status == WITHDRAWN
                    || a.status == NOT_ATTESTED
                    || (a.status == REVOKED && a.rank == 0)
                {
                    continue;
                }
                match judge(&rules, a) {
                    Some(failure) => check(
                        a.status == failure && a.rank == 0,
                        format!(
                            "round {id}: application {} is {} (rank {}) but rules version {} fail it with {failure}",
                            k + 1, a.status, a.rank, r.rules_version
                        ),
                    ),
                    None => passed.push((k + 1, a.for_votes, a.rank, a.status)),
                }
            }
            passed.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            check(
                passed.len() == r.passed as usize,
                format!(
                    "round {id}: {} pass rules version {}, the record says {}",
                    passed.len(),
                    r.rules_version,
                    r.passed
                ),
            );
            for (k, (app, _, rank, status)) in passed.iter().enumerate() {
                let expected = if k < r.slots as usize {
                    QUALIFIED
                } else {
                    NOT_SELECTED
                };
                check(
                    *rank as usize == k + 1 && (*status == expected || *status == REVOKED),
                    format!(
                        "round {id}: application {app} ranks {rank} with status {status}, expected rank {} and {expected}",
                        k + 1
                    ),
                );
            }
        }
        if broken.is_empty() {
            Ok(())
        } else {
            Err(fail(
                self,
                format!("step {step}: invariants broken:\n  {}", broken.join("\n  ")),
            ))
        }
    }

    /// Every view, byte for byte against the model.
    fn check_views(&mut self) -> Result<(), TestCaseError> {
        let s = self.m.s.clone();
        let mut failures = Vec::new();
        let mut view = |calldata: Vec<u8>,
                        expected: Result<Vec<u8>, RegistryError>,
                        what: String| {
            let receipt = self.h.net.call(Address::ZERO, self.h.registry, &calldata);
            self.calls += 1;
            let got = classify(&receipt);
            let want = expected.map(Outcome::Returned).map_err(Outcome::Reverted);
            let want = match want {
                Ok(o) | Err(o) => o,
            };
            if got.as_ref() != Ok(&want) {
                let short = |o: String| {
                    if o.len() > 400 {
                        format!("{}…", &o[..400])
                    } else {
                        o
                    }
                };
                let show = |o: &Outcome| match o {
                    Outcome::Returned(d) => format!("0x{}", alloy_primitives::hex::encode(d)),
                    Outcome::Reverted(e) => show_error(e),
                };
                // two answers: the 32-byte words that differ
                let words = match (&got, &want) {
                    (Ok(Outcome::Returned(g)), Outcome::Returned(w)) => {
                        let differing: Vec<String> = (0..g.len().max(w.len()).div_ceil(32))
                            .filter(|i| g.get(i * 32..i * 32 + 32) != w.get(i * 32..i * 32 + 32))
                            .map(|i| {
                                let word = |d: &Vec<u8>| {
                                    d.get(i * 32..i * 32 + 32)
                                        .map(|x| format!("{}", U256::from_be_slice(x)))
                                        .unwrap_or_else(|| "-".into())
                                };
                                format!("word {i}: expected {}, got {}", word(w), word(g))
                            })
                            .collect();
                        format!(" ({})", differing.join("; "))
                    }
                    _ => String::new(),
                };
                let got = match &got {
                    Ok(o) => show(o),
                    Err(e) => e.clone(),
                };
                failures.push(format!(
                    "{what}: expected {}, got {}{words}",
                    short(show(&want)),
                    short(got)
                ));
            }
        };
        let w = |x: U256| x;
        view(
            I::adminCall {}.abi_encode(),
            Ok(s.admin.abi_encode()),
            "admin".into(),
        );
        view(
            I::pendingAdminCall {}.abi_encode(),
            Ok(s.pending_admin.abi_encode()),
            "pendingAdmin".into(),
        );
        view(
            I::guardianCall {}.abi_encode(),
            Ok(s.guardian.abi_encode()),
            "guardian".into(),
        );
        view(
            I::pausedCall {}.abi_encode(),
            Ok(s.paused.abi_encode()),
            "paused".into(),
        );
        let set = self.m.oracle();
        let (next, next_at) = self.m.oracle_scheduled().unwrap_or_default();
        view(
            I::oracleSetCall {}.abi_encode(),
            Ok((
                set.signers,
                u16::from(set.threshold),
                set.epoch,
                next.signers,
                u16::from(next.threshold),
                next.epoch,
                next_at,
                s.oracle_delay,
            )
                .abi_encode_params()),
            "oracleSet".into(),
        );
        let mode = "quorum=for+against+abstain&voters=distinct&approval=for/(for+against)&rank=for,desc;id,asc".to_string();
        view(
            I::rulesCall {}.abi_encode(),
            Ok((
                w(U256::from(s.rules().quorum)),
                s.rules().min_voters,
                s.rules().approval_bps,
                s.rules().attestation_window,
                U256::from(s.min_cap),
                U256::from(s.max_cap),
                mode,
                s.program_space.clone(),
            )
                .abi_encode_params()),
            "rules".into(),
        );
        view(
            I::phaseCall {}.abi_encode(),
            Ok((u16::from(s.phase), s.current_limit(), s.node_count).abi_encode_params()),
            "phase".into(),
        );
        view(
            I::phaseNodeLimitsCall {}.abi_encode(),
            Ok((s.node_limits,).abi_encode_params()),
            "phaseNodeLimits".into(),
        );
        view(
            I::countsCall {}.abi_encode(),
            Ok((
                s.round_count as u64,
                s.application_count as u64,
                s.node_count as u64,
                s.pairing_count as u64,
            )
                .abi_encode_params()),
            "counts".into(),
        );
        view(
            I::pairingNonceCall {}.abi_encode(),
            Ok(s.pairing_nonce.abi_encode()),
            "pairingNonce".into(),
        );
        view(
            I::domainSeparatorCall {}.abi_encode(),
            Ok(
                lst_registry_adversarial::client::eip712::domain(self.m.chain_id, self.m.registry)
                    .separator()
                    .abi_encode(),
            ),
            "domainSeparator".into(),
        );
        for id in 0..=s.round_count as u64 + 1 {
            let expected = match s.rounds.get((id as usize).wrapping_sub(1)) {
                Some(r) => {
                    let (live, tallied) = self.m.census(id);
                    let rules = self.m.round_rules(id);
                    Ok((
                        u16::from(r.slots),
                        u16::from(r.status),
                        u16::from(r.phase),
                        r.first_application as u64,
                        r.applications,
                        live,
                        tallied,
                        r.passed,
                        u16::from(r.qualified),
                        r.deadline,
                        r.attestation_deadline,
                        U256::from(rules.quorum),
                        rules.min_voters,
                        rules.approval_bps,
                        rules.attestation_window,
                    )
                        .abi_encode_params())
                }
                None => Err(I::RegistryUnknownRound { roundId: id }.into()),
            };
            view(
                I::roundCall { roundId: id }.abi_encode(),
                expected,
                format!("round({id})"),
            );
            let ids = s.rounds.get((id as usize).wrapping_sub(1)).map(|r| {
                // a page holds at most 100 ids
                (r.first_application as u64
                    ..r.first_application as u64 + r.applications.min(100) as u64)
                    .collect::<Vec<u64>>()
            });
            let expected = match ids {
                Some(ids) => Ok((ids,).abi_encode_params()),
                None => Err(I::RegistryUnknownRound { roundId: id }.into()),
            };
            view(
                I::roundApplicationsCall {
                    roundId: id,
                    offset: 0,
                    limit: 100,
                }
                .abi_encode(),
                expected,
                format!("roundApplications({id})"),
            );
        }
        for id in 0..=s.application_count as u64 + 1 {
            let app = s.apps.get((id as usize).wrapping_sub(1));
            let unknown =
                || -> RegistryError { I::RegistryUnknownApplication { applicationId: id }.into() };
            let expected = app
                .map(|a| {
                    (
                        a.round as u64,
                        a.applicant,
                        a.staking,
                        u16::from(a.status),
                        u16::from(a.rank),
                        a.content_hash,
                        a.proposal,
                        a.name.clone(),
                        a.uri.clone(),
                        a.space.clone(),
                    )
                        .abi_encode_params()
                })
                .ok_or_else(unknown);
            view(
                I::applicationCall { applicationId: id }.abi_encode(),
                expected,
                format!("application({id})"),
            );
            let expected = app
                .map(|a| {
                    (
                        U256::from(a.for_votes),
                        U256::from(a.against_votes),
                        U256::from(a.abstain_votes),
                        a.voters,
                        a.oracle_epoch,
                    )
                        .abi_encode_params()
                })
                .ok_or_else(unknown);
            view(
                I::applicationTallyCall { applicationId: id }.abi_encode(),
                expected,
                format!("applicationTally({id})"),
            );
            let status = app.map(|a| a.status).unwrap_or(0);
            view(
                I::eligibilityCall { applicationId: id }.abi_encode(),
                Ok((status == QUALIFIED, u16::from(status)).abi_encode_params()),
                format!("eligibility({id})"),
            );
            if app.is_some() && id % 3 == 1 {
                let counts = counts_choice(id as u8);
                let expected = if amount(counts.for_votes).is_none() {
                    Err(I::RegistryAmountTooLarge {
                        amount: counts.for_votes,
                        max: amount_max(),
                    }
                    .into())
                } else if amount(counts.abstain_votes).is_none() {
                    Err(I::RegistryAmountTooLarge {
                        amount: counts.abstain_votes,
                        max: amount_max(),
                    }
                    .into())
                } else {
                    Ok(self.m.digest(id, &counts).abi_encode())
                };
                let call = I::tallyDigestCall {
                    applicationId: id,
                    forVotes: counts.for_votes,
                    againstVotes: counts.against_votes,
                    abstainVotes: counts.abstain_votes,
                    voters: counts.voters,
                };
                view(call.abi_encode(), expected, format!("tallyDigest({id})"));
            }
        }
        for id in 0..=s.node_count as u64 + 1 {
            let node = s.nodes.get((id as usize).wrapping_sub(1));
            let unknown = || -> RegistryError { I::RegistryUnknownNode { nodeId: id }.into() };
            let expected = node
                .map(|n| {
                    (
                        n.operator,
                        n.signer,
                        n.active_pairing as u64,
                        u16::from(n.registered_phase),
                        n.registered_at,
                        n.uri.clone(),
                    )
                        .abi_encode_params()
                })
                .ok_or_else(unknown);
            view(
                I::nodeCall { nodeId: id }.abi_encode(),
                expected,
                format!("node({id})"),
            );
            let expected = node
                .map(|n| {
                    let left = if n.active_pairing == 0 {
                        0
                    } else {
                        let p = &s.pairings[n.active_pairing as usize - 1];
                        p.stake_cap - p.stake
                    };
                    U256::from(left).abi_encode()
                })
                .ok_or_else(unknown);
            view(
                I::remainingCapacityCall { nodeId: id }.abi_encode(),
                expected,
                format!("remainingCapacity({id})"),
            );
        }
        view(
            I::nodesCall {
                offset: 0,
                limit: 100,
            }
            .abi_encode(),
            Ok(((1..=s.node_count as u64).collect::<Vec<u64>>(),).abi_encode_params()),
            "nodes".into(),
        );
        for (signer, node) in &s.signer_nodes {
            view(
                I::nodeOfSignerCall {
                    sequencerSigner: *signer,
                }
                .abi_encode(),
                Ok((*node as u64).abi_encode()),
                format!("nodeOfSigner({})", cast().name(*signer)),
            );
        }
        for id in 0..=s.pairing_count as u64 + 1 {
            let expected = s
                .pairings
                .get((id as usize).wrapping_sub(1))
                .map(|p| {
                    (
                        p.node as u64,
                        p.application as u64,
                        U256::from(p.stake_cap),
                        U256::from(p.stake),
                        p.started_at,
                        p.ended_at,
                        p.uri.clone(),
                        // Active with a cap outside the bounds in force.
                        p.ended_at == 0 && (p.stake_cap < s.min_cap || p.stake_cap > s.max_cap),
                    )
                        .abi_encode_params()
                })
                .ok_or_else(|| I::RegistryUnknownPairing { pairingId: id }.into());
            view(
                I::pairingCall { pairingId: id }.abi_encode(),
                expected,
                format!("pairing({id})"),
            );
        }
        let active: Vec<(u64, &lst_registry_adversarial::layout::PairingRec, u32)> = s
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.active_pairing != 0)
            .map(|(i, n)| {
                (
                    i as u64 + 1,
                    &s.pairings[n.active_pairing as usize - 1],
                    n.active_pairing,
                )
            })
            .collect();
        let expected = (
            active.iter().map(|a| a.0).collect::<Vec<u64>>(),
            active.iter().map(|a| a.2 as u64).collect::<Vec<u64>>(),
            active
                .iter()
                .map(|a| a.1.application as u64)
                .collect::<Vec<u64>>(),
            active
                .iter()
                .map(|a| U256::from(a.1.stake_cap))
                .collect::<Vec<U256>>(),
            active
                .iter()
                .map(|a| U256::from(a.1.stake_cap - a.1.stake))
                .collect::<Vec<U256>>(),
        )
            .abi_encode_params();
        view(
            I::activePairingsCall {
                offset: 0,
                limit: 100,
            }
            .abi_encode(),
            Ok(expected),
            "activePairings".into(),
        );
        if failures.is_empty() {
            Ok(())
        } else {
            Err(fail(
                self,
                format!(
                    "views disagree with the model:\n  {}",
                    failures.join("\n  ")
                ),
            ))
        }
    }
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

/// One application of a ranking round: its tally choice, whether it is withdrawn, whether
/// the oracles never attest it.
type Entry = (u8, bool, bool);

/// A round of `apps` applications (each from its own numbered LST, with a tally choice, some
/// withdrawn, some never attested), `slots` slots and vote rules `rules`: everything else
/// attested by one oracle (a set of one, threshold 1), then finalised; when `late` is set,
/// the admin sets those rules after the tallies are public, before finalisation, and the
/// round must still be decided by its own. When a tally is missing, finalisation waits for
/// the attestation deadline (refused before it and at it, a late tally refused after it),
/// and the missing ones fail as not attested.
fn ranking_round(
    world: &mut World,
    slots: u8,
    rules: (u8, u8, u8, u8),
    late: Option<(u8, u8, u8, u8)>,
    apps: &[Entry],
) -> Result<(), TestCaseError> {
    let r = || Who::Right;
    world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
    world.step(&Action::SetVoteRules(
        r(),
        rules.0,
        rules.1,
        rules.2,
        rules.3,
    ))?;
    world.step(&Action::OpenRound(r(), slots, 1))?;
    let first = world.m.s.application_count as u64 + 1;
    // numbered LSTs continue across rounds of one world
    let base = world.m.s.application_count as u16;
    for i in 0..apps.len() {
        world.step(&Action::SubmitAs(base + i as u16))?;
        expect_last(world, "ok")?;
    }
    for (i, (_, withdrawn, _)) in apps.iter().enumerate() {
        if *withdrawn {
            world.step(&Action::Withdraw(r(), Id::Exact(first + i as u64)))?;
        }
    }
    world.step(&Action::CloseRound(r(), Id::Live(0)))?;
    for (i, (counts, withdrawn, unattested)) in apps.iter().enumerate() {
        if !*withdrawn && !*unattested {
            world.step(&Action::Attest(
                r(),
                Id::Exact(first + i as u64),
                *counts,
                0,
                0,
            ))?;
        }
    }
    let version = world.m.s.rules_version;
    if let Some((q, v, a, x)) = late {
        world.step(&Action::SetVoteRules(r(), q, v, a, x))?;
        prop_assert_eq!(world.m.s.rules_version, version + 1);
    }
    let missing = apps.iter().position(|(_, w, u)| !*w && *u);
    if let Some(i) = missing {
        // the round waits for the tally until its attestation deadline, inclusive
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(world, "RegistryTalliesMissing")?;
        world.step(&Action::WarpTo(1))?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(world, "RegistryTalliesMissing")?;
        world.step(&Action::Warp(0))?; // one second later
        world.step(&Action::Attest(r(), Id::Exact(first + i as u64), 0, 0, 0))?;
        expect_last(world, "RegistryDeadline")?;
    }
    world.step(&Action::Finalise(r(), Id::Live(0)))?;
    expect_last(world, "ok")?;
    let round = world.m.s.rounds.last().cloned().unwrap_or_default();
    prop_assert!(
        round.status == FINALISED && round.rules_version == version,
        "the round was not finalised under its own rules (version {version}):\n{}",
        world.trace.join("\n")
    );
    for (i, (_, withdrawn, unattested)) in apps.iter().enumerate() {
        let status = world.m.s.apps[first as usize - 1 + i].status;
        prop_assert!(
            *withdrawn || !*unattested || status == NOT_ATTESTED,
            "application {} without a tally is {status}",
            first + i as u64
        );
    }
    world.check_views()
}

#[test]
fn finalisation_ranks_and_selects_like_the_model() {
    let cases = config::count("ADVERSARIAL_CASES", CASES) / 4;
    let seed = config::derive(&config::seed(), "ranking");
    println!(
        "ranking: {cases} rounds of 2–40 applications (half with the rules changed before finalisation, some tallies never attested), seed ADVERSARIAL_SEED={}",
        config::show_seed(&config::seed())
    );
    let started = Instant::now();
    let mut runner = config::runner(cases, seed);
    // tallies 0–7 (all storable: 8 and 9 would leave the application pending)
    let app = (
        0u8..8,
        proptest::bool::weighted(0.15),
        proptest::bool::weighted(0.08),
    );
    let rules = (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>());
    let strategy = (
        0u8..5,
        rules,
        proptest::option::weighted(0.5, rules),
        proptest::collection::vec(app, 2..=40),
    );
    let result = runner.run(&strategy, |(slots, rules, late, apps)| {
        // valid rules only (indices 0–3 of each list; windows 0–5)
        let valid = |r: (u8, u8, u8, u8)| (r.0 % 4, r.1 % 4, r.2 % 4, r.3 % 6);
        let mut world = World::new(Harness::deployed());
        ranking_round(&mut world, slots, valid(rules), late.map(valid), &apps)
    });
    println!("ranking: done in {:.1} s", started.elapsed().as_secs_f64());
    if let Err(e) = result {
        panic!(
            "{e}\nreproduce with ADVERSARIAL_SEED={}",
            config::show_seed(&config::seed())
        );
    }
}

#[test]
fn a_full_round_of_128_applications_finalises_within_its_slots() {
    let started = Instant::now();
    let mut world = World::new(Harness::deployed());
    let apps: Vec<(u8, bool)> = (0..128).map(|i| ((i * 7 % 8) as u8, i % 17 == 5)).collect();
    // 32 slots (the most), default rules
    let r = || Who::Right;
    let result = (|| {
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
        world.step(&Action::OpenRound(r(), 4, 1))?;
        for i in 0..apps.len() {
            world.step(&Action::SubmitAs(i as u16))?;
        }
        // the 129th is refused (by a new LST or by one already in the round)
        world.step(&Action::SubmitAs(128))?;
        expect_last(&world, "RegistryRoundFull")?;
        world.step(&Action::Submit(r(), 0, 0))?;
        expect_last(&world, "RegistryRoundFull")?;
        for (i, (_, withdrawn)) in apps.iter().enumerate() {
            if *withdrawn {
                world.step(&Action::Withdraw(r(), Id::Exact(i as u64 + 1)))?;
            }
        }
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        for (i, (counts, withdrawn)) in apps.iter().enumerate() {
            if !*withdrawn {
                world.step(&Action::Attest(r(), Id::Exact(i as u64 + 1), *counts, 0, 0))?;
            }
        }
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    let round = world.m.s.rounds.last().cloned().unwrap_or_default();
    assert_eq!((round.status, round.qualified), (FINALISED, 32));
    println!(
        "full round: 128 applications, {} passed, 32 qualified, in {:.1} s",
        round.passed,
        started.elapsed().as_secs_f64()
    );
}

/// The last step's outcome must contain `what` (an error name and arguments, or `ok`).
fn expect_last(world: &World, what: &str) -> Result<(), TestCaseError> {
    let last = world.trace.last().cloned().unwrap_or_default();
    let outcome = last.split(" ⇒ ").nth(1).unwrap_or("");
    prop_assert!(
        outcome.starts_with(what) || outcome.contains(what),
        "expected {what}, got: {last}\n{}",
        world.trace.join("\n")
    );
    Ok(())
}

#[test]
fn a_round_is_decided_by_the_rules_in_force_when_it_opened() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let result = (|| {
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
                                                               // round 1 opens under version 1, the defaults: 20,000 METIS, 500 voters, 80 %
        world.step(&Action::OpenRound(r(), 1, 1))?;
        for lst in 0..3 {
            world.step(&Action::Submit(r(), lst, 0))?;
        }
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        // app 1 passes the defaults; app 2 has 10 voters; app 3 has 1,000 METIS of votes
        for counts in [0, 4, 3] {
            world.step(&Action::Attest(r(), Id::Live(0), counts, 0, 0))?;
            expect_last(&world, "ok")?;
        }
        // the votes are public; the admin lowers every rule (version 2: 1 wei, 1 voter,
        // 50.01 %), which would pass apps 2 and 3
        world.step(&Action::SetVoteRules(r(), 0, 0, 0, 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(&world, "ok")?;
        let statuses: Vec<u8> = world.m.s.apps.iter().map(|a| a.status).collect();
        prop_assert_eq!(statuses, vec![QUALIFIED, FAILED_VOTERS, FAILED_QUORUM]);
        // round 2 opens under version 2; raising the rules (version 3: 300,000 METIS, 1,000
        // voters, 100 %) before it is finalised does not fail its application
        world.step(&Action::OpenRound(r(), 1, 1))?;
        world.step(&Action::Submit(r(), 1, 0))?;
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        world.step(&Action::Attest(r(), Id::Live(0), 4, 0, 0))?;
        world.step(&Action::SetVoteRules(r(), 3, 3, 3, 2))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.apps[3].status, QUALIFIED);
        let versions: Vec<u32> = world.m.s.rounds.iter().map(|r| r.rules_version).collect();
        prop_assert_eq!((versions, world.m.s.rules_version), (vec![1, 2], 3));
        // a round opened now is decided by version 3
        world.step(&Action::OpenRound(r(), 1, 1))?;
        prop_assert_eq!(world.m.s.rounds[2].rules_version, 3);
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

#[test]
fn a_proposal_backs_one_application_ever_and_only_in_the_programs_space() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let result = (|| {
        world.step(&Action::OpenRound(r(), 1, 1))?;
        world.step(&Action::Submit(r(), 0, 0))?; // app 1
        world.step(&Action::Submit(r(), 1, 0))?; // app 2
        world.step(&Action::Withdraw(r(), Id::Exact(2)))?;
        expect_last(&world, "ok")?;
        // copies of app 1's proposal: by a stranger with app 1's staking contract, by a
        // stranger with another, by app 1's own applicant
        for k in [0, 5, 2] {
            world.step(&Action::SubmitClone(r(), Id::Exact(1), k))?;
            expect_last(&world, "RegistryProposalUsed")?;
            expect_last(&world, "applicationId: 1 ")?;
        }
        // a copy of the withdrawn app 2's proposal
        world.step(&Action::SubmitClone(r(), Id::Exact(2), 1))?;
        expect_last(&world, "applicationId: 2 ")?;
        // another space than the program's
        world.step(&Action::SubmitSpace(r(), 2, 0))?; // "Metislayer2.eth"
        expect_last(&world, "RegistryWrongSnapshotSpace")?;
        // the admin moves the program to another space; invalid lengths and strangers refused
        world.step(&Action::SetSnapshotSpace(r(), 6))?; // ""
        expect_last(
            &world,
            "RegistryInvalidLength { field: 7, length: 0, min: 1, max: 64 }",
        )?;
        world.step(&Action::SetSnapshotSpace(r(), 7))?; // 65 bytes
        expect_last(
            &world,
            "RegistryInvalidLength { field: 7, length: 65, min: 1, max: 64 }",
        )?;
        world.step(&Action::SetSnapshotSpace(Who::Pick(16), 1))?; // Stranger 1
        expect_last(&world, "RegistryNotAdmin")?;
        world.step(&Action::SetSnapshotSpace(r(), 1))?; // "lst.metis.eth"
        expect_last(&world, "ok")?;
        // the old space is now another space, also for a copy (the space is checked first)
        world.step(&Action::SubmitSpace(r(), 2, 10))?; // "metislayer2.eth"
        expect_last(&world, "RegistryWrongSnapshotSpace")?;
        world.step(&Action::SubmitClone(r(), Id::Exact(1), 30))?; // in app 1's own space
        expect_last(&world, "RegistryWrongSnapshotSpace")?;
        world.step(&Action::Submit(r(), 2, 0))?; // app 3, in the new space
        expect_last(&world, "ok → 3")?;
        // a later round: the proposals stay used
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        world.step(&Action::OpenRound(r(), 1, 1))?;
        world.step(&Action::SubmitClone(r(), Id::Exact(1), 2))?;
        expect_last(&world, "applicationId: 1 ")?;
        world.step(&Action::SubmitClone(r(), Id::Exact(3), 4))?;
        expect_last(&world, "applicationId: 3 ")?;
        prop_assert_eq!(world.m.s.application_count, 3);
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

#[test]
fn a_paused_registry_lets_the_admin_recover_and_nothing_else() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let result = (|| {
        world.step(&Action::SetOracleSet(r(), 0b0111, 0, 1))?; // oracles 1–3, threshold 2
        world.step(&Action::OpenRound(r(), 1, 1))?;
        world.step(&Action::Pause(r()))?;
        expect_last(&world, "ok")?;
        // the program's flows are refused
        world.step(&Action::Submit(r(), 0, 0))?;
        expect_last(&world, "RegistryPaused")?;
        world.step(&Action::SetSnapshotSpace(r(), 1))?;
        expect_last(&world, "RegistryPaused")?;
        world.step(&Action::SetVoteRules(r(), 0, 0, 0, 0))?;
        expect_last(&world, "RegistryPaused")?;
        // recovery: a new admin (Stranger 1), a guardian, a new oracle set
        world.step(&Action::TransferAdmin(r(), 16))?;
        expect_last(&world, "ok")?;
        world.step(&Action::AcceptAdmin(r()))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.admin, cast().strangers[0].address);
        world.step(&Action::SetGuardian(r(), 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::SetOracleSet(r(), 0b1111, 0, 8))?; // 4 oracles, threshold 2
        expect_last(&world, "RegistryInvalidOracleSet")?;
        world.step(&Action::SetOracleSet(r(), 0b1000, 0, 6))?; // oracle 4 alone, threshold 1
        expect_last(&world, "ok")?;
        // the old admin can no longer unpause; the new one can
        world.step(&Action::Unpause(Who::Pick(0)))?;
        expect_last(&world, "RegistryNotAdmin")?;
        world.step(&Action::Unpause(r()))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Submit(r(), 0, 0))?;
        expect_last(&world, "ok → 1")?;
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

#[test]
fn a_revoked_application_loses_its_pairings_and_never_pairs_again() {
    let mut world = warm();
    let r = || Who::Right;
    let result = (|| {
        // application 1 (qualified) gets a second node, application 2 a node
        world.step(&Action::Pair(r(), Id::Exact(2), Id::Exact(1), 2, 0))?;
        expect_last(&world, "ok → 2")?;
        world.step(&Action::Pair(r(), Id::Exact(3), Id::Exact(2), 2, 0))?;
        expect_last(&world, "ok → 3")?;
        // only the admin revokes, and says why (1 to 256 bytes)
        world.step(&Action::Revoke(Who::Pick(16), Id::Exact(1), 0))?; // Stranger 1
        expect_last(&world, "RegistryNotAdmin")?;
        world.step(&Action::Revoke(Who::Pick(1), Id::Exact(1), 0))?; // the guardian
        expect_last(&world, "RegistryNotAdmin")?;
        world.step(&Action::Revoke(r(), Id::Exact(1), 1))?; // ""
        expect_last(
            &world,
            "RegistryInvalidLength { field: 12, length: 0, min: 1, max: 256 }",
        )?;
        world.step(&Action::Revoke(r(), Id::Exact(1), 3))?; // 257 bytes
        expect_last(&world, "length: 257")?;
        world.step(&Action::Revoke(r(), Id::Next, 0))?;
        expect_last(&world, "RegistryUnknownApplication")?;
        // the guardian pauses; the admin still revokes: both pairings of app 1 end (nonce
        // moving per pairing), node by node
        world.step(&Action::Pause(r()))?;
        let nonce = world.m.s.pairing_nonce;
        world.step(&Action::Revoke(r(), Id::Exact(1), 2))?; // 256 bytes
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.pairing_nonce, nonce + 2);
        prop_assert_eq!(
            world.m.events.clone(),
            Some(vec![
                event("ApplicationRevoked", &[1, 1, QUALIFIED as u128, 256]),
                event("NodeUnpaired", &[1, 1, nonce as u128 + 1, 256]),
                event("NodeUnpaired", &[2, 2, nonce as u128 + 2, 256]),
            ])
        );
        world.step(&Action::Revoke(r(), Id::Exact(1), 0))?;
        expect_last(
            &world,
            "RegistryWrongApplicationStatus { applicationId: 1, status: 10, expected: 4 }",
        )?;
        // stake reports are refused while paused; then name the pairing: app 1's ended ones
        // are refused, app 2's is taken
        world.step(&Action::ReportStake(r(), Id::Exact(3), 3))?;
        expect_last(&world, "RegistryPaused")?;
        world.step(&Action::Unpause(r()))?;
        world.step(&Action::ReportStake(r(), Id::Exact(1), 3))?;
        expect_last(&world, "RegistryPairingEnded { pairingId: 1 }")?;
        world.step(&Action::ReportStake(r(), Id::Exact(2), 0))?;
        expect_last(&world, "RegistryPairingEnded { pairingId: 2 }")?;
        world.step(&Action::ReportStake(r(), Id::Exact(3), 3))?;
        expect_last(&world, "ok")?;
        world.step(&Action::ReportStake(r(), Id::Exact(4), 3))?;
        expect_last(&world, "RegistryUnknownPairing { pairingId: 4 }")?;
        world.step(&Action::ReportStake(r(), Id::Zero, 3))?;
        expect_last(&world, "RegistryUnknownPairing { pairingId: 0 }")?;
        world.step(&Action::ReportStake(r(), Id::Max, 3))?;
        expect_last(&world, "RegistryUnknownPairing")?;
        // app 2's staking contract cannot report for app 2's pairing from elsewhere, nor
        // another's: the wrong caller is named with the pairing's node
        world.step(&Action::ReportStake(Who::Pick(13), Id::Exact(3), 3))?; // Staking 1
        expect_last(&world, "RegistryNotStakingContract { nodeId: 3,")?;
        // a revoked application never pairs again
        world.step(&Action::Pair(r(), Id::Exact(1), Id::Exact(1), 2, 0))?;
        expect_last(
            &world,
            "RegistryWrongApplicationStatus { applicationId: 1, status: 10, expected: 4 }",
        )?;
        // the freed node pairs with the other qualified application; an ended pairing's
        // record (its stake) stays as it was
        let ended = world.m.s.pairings[0].clone();
        world.step(&Action::Pair(r(), Id::Exact(1), Id::Exact(2), 2, 0))?;
        expect_last(&world, "ok → 4")?;
        prop_assert_eq!(&world.m.s.pairings[0], &ended);
        // a tallied application of the open round is revoked: it leaves the round
        world.step(&Action::CloseRound(r(), Id::Exact(2)))?;
        world.step(&Action::Attest(r(), Id::Exact(4), 0, 0, 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Revoke(r(), Id::Exact(4), 0))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.census(2), (0, 0));
        world.step(&Action::Finalise(r(), Id::Exact(2)))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(
            world.m.events.clone(),
            Some(vec![event("RoundFinalised", &[2, 0, 0])])
        );
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

#[test]
fn revoking_a_squatter_frees_the_proposal_and_an_lst_applies_once_a_round() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let stranger = Who::Pick(16);
    let result = (|| {
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
        world.step(&Action::OpenRound(r(), 2, 1))?;
        // a squatter (Stranger 1) applies first with Artemis's proposal and staking contract
        world.step(&Action::Submit(stranger.clone(), 0, 0))?;
        expect_last(&world, "ok → 1")?;
        // Artemis's own application is refused: the proposal backs application 1
        world.step(&Action::SubmitClone(r(), Id::Exact(1), 2))?; // Applicant 1, staking 1
        expect_last(&world, "RegistryProposalUsed")?;
        expect_last(&world, "applicationId: 1 ")?;
        // the admin revokes the squatter's pending application: the proposal is released
        world.step(&Action::Revoke(r(), Id::Exact(1), 4))?;
        expect_last(&world, "ok")?;
        let proposal = world.m.s.apps[0].proposal;
        prop_assert_eq!(world.m.s.proposal_uses.get(&proposal), Some(&0));
        // a race: the squatter, no longer live in the round, may claim the released proposal
        // again before the LST does (application 2), and is revoked again
        world.step(&Action::SubmitClone(stranger.clone(), Id::Exact(1), 0))?;
        expect_last(&world, "ok → 2")?;
        world.step(&Action::Revoke(r(), Id::Exact(2), 4))?;
        expect_last(&world, "ok")?;
        // Artemis applies with its proposal (and the staking contract the squatter named)
        world.step(&Action::SubmitClone(r(), Id::Exact(1), 2))?;
        expect_last(&world, "ok → 3")?;
        // the squatter cannot take it back, but may apply with another proposal in the same
        // round (its revoked applications are not live)
        world.step(&Action::SubmitClone(stranger.clone(), Id::Exact(1), 0))?;
        expect_last(&world, "applicationId: 3 ")?;
        world.step(&Action::Submit(stranger.clone(), 1, 15))?; // its own staking contract
        expect_last(&world, "ok → 4")?;
        // one live application per applicant and per staking contract in a round
        world.step(&Action::Submit(r(), 0, 15))?; // Applicant 1 again, another staking
        expect_last(&world, "RegistryAlreadyApplied")?;
        expect_last(&world, "applicationId: 3 ")?;
        world.step(&Action::Submit(Who::Pick(11), 0, 0))?; // Applicant 2 with staking 1
        expect_last(&world, "RegistryAlreadyApplied")?;
        expect_last(&world, "applicationId: 3 ")?;
        world.step(&Action::Submit(stranger.clone(), 2, 0))?; // the squatter again
        expect_last(&world, "applicationId: 4 ")?;
        // a withdrawn application frees its applicant and staking contract
        world.step(&Action::Submit(r(), 1, 0))?; // Enki (Applicant 2, staking 2)
        expect_last(&world, "ok → 5")?;
        world.step(&Action::Withdraw(r(), Id::Exact(5)))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Submit(r(), 1, 0))?;
        expect_last(&world, "ok → 6")?;
        // revoking a tallied application does not release its proposal
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        world.step(&Action::Attest(r(), Id::Exact(3), 0, 0, 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Revoke(r(), Id::Exact(3), 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::OpenRound(r(), 2, 1))?;
        world.step(&Action::SubmitClone(r(), Id::Exact(3), 2))?;
        expect_last(&world, "applicationId: 3 ")?;
        // in a new round every LST may apply again, once
        world.step(&Action::Submit(r(), 0, 0))?;
        expect_last(&world, "ok → 7")?;
        world.step(&Action::Submit(r(), 0, 0))?;
        expect_last(&world, "RegistryAlreadyApplied")?;
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

#[test]
fn tallies_are_attested_until_the_attestation_deadline_then_the_round_finalises_without_them() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let result = (|| {
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
                                                               // a one-day window
        world.step(&Action::SetVoteRules(r(), 2, 2, 2, 1))?;
        expect_last(&world, "ok")?;
        world.step(&Action::SetVoteRules(r(), 2, 2, 2, 6))?; // 86,399 s
        expect_last(
            &world,
            "RegistryInvalidAttestationWindow { window: 86399, min: 86400, max: 7776000 }",
        )?;
        world.step(&Action::SetVoteRules(r(), 2, 2, 2, 7))?; // 90 days + 1 s
        expect_last(&world, "RegistryInvalidAttestationWindow { window: 7776001")?;
        world.step(&Action::OpenRound(r(), 2, 1))?; // a week
        let round = world.m.s.rounds[0].clone();
        prop_assert_eq!(round.attestation_deadline, round.deadline + 86_400);
        for lst in 0..3 {
            world.step(&Action::Submit(r(), lst, 0))?;
        }
        // the window in force when the round opened decides it, not a later one
        world.step(&Action::SetVoteRules(r(), 2, 2, 2, 2))?; // 90 days
        expect_last(&world, "ok")?;
        // past the application deadline anyone closes; app 1 is attested at once
        world.step(&Action::WarpTo(0))?;
        world.step(&Action::CloseRound(Who::Pick(17), Id::Live(0)))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Attest(r(), Id::Exact(1), 0, 0, 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(
            &world,
            "RegistryTalliesMissing { roundId: 1, tallied: 1, live: 3 }",
        )?;
        // at the attestation deadline itself, a tally is still taken and the round waits
        world.step(&Action::WarpTo(1))?;
        prop_assert_eq!(world.m.now, round.attestation_deadline);
        world.step(&Action::Attest(r(), Id::Exact(2), 1, 0, 0))?;
        expect_last(&world, "ok")?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(
            &world,
            "RegistryTalliesMissing { roundId: 1, tallied: 2, live: 3 }",
        )?;
        // one second later it is refused, and the round finalises without it
        world.step(&Action::Warp(0))?;
        world.step(&Action::Attest(r(), Id::Exact(3), 0, 0, 0))?;
        expect_last(&world, "RegistryDeadline { roundId: 1")?;
        world.step(&Action::Withdraw(r(), Id::Exact(3)))?; // still withdrawable
        expect_last(&world, "ok")?;
        world.step(&Action::Submit(r(), 2, 0))?;
        expect_last(&world, "RegistryNoOpenRound")?;
        world.step(&Action::Finalise(Who::Pick(16), Id::Live(0)))?;
        expect_last(&world, "ok")?;
        // a round with a never-attested application: it fails as not attested, in id order
        // among the failures
        world.step(&Action::OpenRound(r(), 2, 1))?; // the 90-day window now
        let round = world.m.s.rounds[1].clone();
        prop_assert_eq!(round.attestation_deadline, round.deadline + 90 * 86_400);
        for lst in 0..3 {
            world.step(&Action::Submit(r(), lst, 0))?;
        }
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        world.step(&Action::Attest(r(), Id::Exact(5), 3, 0, 0))?; // fails the quorum
        world.step(&Action::Attest(r(), Id::Exact(6), 0, 0, 0))?; // passes
        world.step(&Action::WarpTo(2))?;
        world.step(&Action::Finalise(r(), Id::Live(0)))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(
            world.m.events.clone(),
            Some(vec![
                event("ApplicationFailed", &[2, 4, NOT_ATTESTED as u128]),
                event("ApplicationFailed", &[2, 5, FAILED_QUORUM as u128]),
                event("ApplicationQualified", &[2, 6, 1]),
                event("RoundFinalised", &[2, 1, 1]),
            ])
        );
        // a not-attested application is never attested nor paired, but may be revoked
        world.step(&Action::Attest(r(), Id::Exact(4), 0, 0, 0))?;
        expect_last(
            &world,
            "RegistryWrongApplicationStatus { applicationId: 4, status: 9",
        )?;
        world.step(&Action::Revoke(r(), Id::Exact(4), 0))?;
        expect_last(&world, "ok")?;
        // a round whose deadline is the largest timestamp: its attestation deadline saturates
        world.step(&Action::OpenRound(r(), 2, 6))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.rounds[2].attestation_deadline, u64::MAX);
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}

#[test]
fn an_oracle_set_change_takes_effect_after_its_delay_and_at_once_while_paused() {
    let mut world = World::new(Harness::deployed());
    let r = || Who::Right;
    let result = (|| {
        // the first set is in force at once (epoch 1)
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?; // oracle 1 alone, threshold 1
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.oracle().epoch, 1);
        prop_assert!(world.m.oracle_scheduled().is_none());
        world.step(&Action::OpenRound(r(), 1, 1))?;
        for lst in 0..3 {
            world.step(&Action::Submit(r(), lst, 0))?;
        }
        world.step(&Action::CloseRound(r(), Id::Live(0)))?;
        // a change outside the pause is scheduled two days ahead under epoch 2
        world.step(&Action::SetOracleSet(r(), 0b0010, 0, 6))?; // oracle 2 alone, threshold 1
        expect_last(&world, "ok")?;
        let (next, at) = world.m.oracle_scheduled().expect("a scheduled set");
        prop_assert_eq!((next.epoch, at), (2, world.m.now + 2 * 86_400));
        prop_assert_eq!(world.m.oracle().epoch, 1);
        // in the same block, the scheduled set cannot attest (under its own epoch) …
        world.step(&Action::Attest(r(), Id::Exact(1), 0, 0, 17))?;
        expect_last(&world, "RegistryUnknownSigner")?;
        // … and the old set still does, under epoch 1
        world.step(&Action::Attest(r(), Id::Exact(1), 0, 0, 0))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.apps[0].oracle_epoch, 1);
        // a day later a change replaces the scheduled one with a fresh epoch (3), two days on
        world.step(&Action::Warp(3))?; // one day
        world.step(&Action::SetOracleSet(r(), 0b0100, 0, 6))?; // oracle 3 alone, threshold 1
        expect_last(&world, "ok")?;
        let (next, at) = world.m.oracle_scheduled().expect("a scheduled set");
        prop_assert_eq!((next.epoch, at), (3, world.m.now + 2 * 86_400));
        // a day and a second later: epoch 2's time has passed, but it was replaced
        world.step(&Action::Warp(3))?;
        world.step(&Action::Warp(0))?;
        prop_assert_eq!(world.m.oracle().epoch, 1);
        world.step(&Action::Attest(r(), Id::Exact(2), 0, 0, 0))?; // oracle 1, epoch 1
        expect_last(&world, "ok")?;
        // three days later epoch 3 is in force without a transaction; epoch 2 was skipped
        world.step(&Action::Warp(4))?;
        prop_assert_eq!(world.m.oracle().epoch, 3);
        world.step(&Action::Attest(r(), Id::Exact(3), 0, 0, 0))?; // oracle 3, epoch 3
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.s.apps[2].oracle_epoch, 3);
        world.check_views()?;
        // while paused a change is in force at once, replacing nothing scheduled
        world.step(&Action::Pause(r()))?;
        world.step(&Action::SetOracleSetDelay(r(), 1))?; // refused while paused
        expect_last(&world, "RegistryPaused")?;
        world.step(&Action::SetOracleSet(r(), 0b0001, 0, 6))?;
        expect_last(&world, "ok")?;
        prop_assert_eq!(world.m.oracle().epoch, 4);
        prop_assert!(world.m.oracle_scheduled().is_none());
        world.step(&Action::Unpause(r()))?;
        // the delay: admin only, one to 30 days, for later changes
        world.step(&Action::SetOracleSetDelay(Who::Pick(16), 1))?; // Stranger 1
        expect_last(&world, "RegistryNotAdmin")?;
        world.step(&Action::SetOracleSetDelay(r(), 5))?; // 86,399 s
        expect_last(
            &world,
            "RegistryInvalidOracleSetDelay { delay: 86399, min: 86400, max: 2592000 }",
        )?;
        world.step(&Action::SetOracleSetDelay(r(), 6))?; // 2,592,001 s
        expect_last(&world, "RegistryInvalidOracleSetDelay")?;
        world.step(&Action::SetOracleSetDelay(r(), 2))?; // 30 days
        expect_last(&world, "ok")?;
        world.step(&Action::SetOracleSet(r(), 0b0010, 0, 6))?;
        let (next, at) = world.m.oracle_scheduled().expect("a scheduled set");
        prop_assert_eq!((next.epoch, at), (5, world.m.now + 30 * 86_400));
        world.check_views()
    })();
    result.unwrap_or_else(|e| panic!("{e}"));
    println!("{}", world.trace.join("\n"));
}
