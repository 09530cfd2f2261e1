//! Events: the interface declares the program's events, and the program's emitters write the
//! interface's encoding.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use alloy_primitives::{address, b256, B256, U256};
use alloy_sol_types::{SolEvent, TopicList};
use lst_registry::events;
use stylus_sdk::host::VM;
use stylus_sdk::testing::TestVM;

use crate::abi_drift::declarations::{declaration, declared, differences};
use crate::abi_drift::ILstRegistry::{self, ILstRegistryEvents};
use crate::abi_drift::{hex, interface, INTERFACE};

/// One event as the interface and the program declare it.
struct SameEvent {
    name: &'static str,
    interface: (&'static str, B256, usize),
    program: (&'static str, B256, usize),
}

macro_rules! same_events {
    ($($name:ident),* $(,)?) => {
        vec![$(SameEvent {
            name: stringify!($name),
            interface: (
                <ILstRegistry::$name as SolEvent>::SIGNATURE,
                <ILstRegistry::$name as SolEvent>::SIGNATURE_HASH,
                <<ILstRegistry::$name as SolEvent>::TopicList as TopicList>::COUNT,
            ),
            program: (
                <events::$name as SolEvent>::SIGNATURE,
                <events::$name as SolEvent>::SIGNATURE_HASH,
                <<events::$name as SolEvent>::TopicList as TopicList>::COUNT,
            ),
        }),*]
    };
}

#[test]
fn interface_events_are_the_program_events() {
    let pairs = same_events![
        AdminTransferStarted,
        AdminTransferred,
        GuardianChanged,
        Paused,
        Unpaused,
        OracleSetChanged,
        OracleSetDelayChanged,
        VoteRulesChanged,
        SnapshotSpaceChanged,
        StakeCapBoundsChanged,
        PhaseNodeLimitChanged,
        PhaseAdvanced,
        RoundOpened,
        RoundClosed,
        ApplicationSubmitted,
        ApplicationWithdrawn,
        TallyAttested,
        ApplicationFailed,
        ApplicationPassed,
        ApplicationQualified,
        ApplicationRevoked,
        RoundFinalised,
        NodeRegistered,
        NodeUpdated,
        NodePaired,
        NodeUnpaired,
        StakeCapChanged,
        StakeReported,
    ];
    for pair in &pairs {
        assert_eq!(
            pair.interface.0, pair.program.0,
            "event {}: signatures differ",
            pair.name
        );
        assert_eq!(
            pair.interface.1, pair.program.1,
            "event {}: topic 0 differs",
            pair.name
        );
        assert_eq!(
            pair.interface.2, pair.program.2,
            "event {}: topic counts (indexed fields + 1) differ",
            pair.name
        );
    }
    let listed: BTreeSet<String> = pairs.iter().map(|p| p.name.to_string()).collect();
    let in_interface: BTreeMap<String, String> = interface()
        .events()
        .map(|e| {
            let params = e
                .inputs
                .iter()
                .map(|p| (p.ty.clone(), p.indexed, p.name.clone()));
            (e.name.clone(), declaration("event", &e.name, params))
        })
        .collect();
    let in_program = declared("src/events.rs", "event");
    assert!(
        in_program == in_interface,
        "events of src/events.rs and {INTERFACE} differ:{}",
        differences(&in_program, &in_interface)
    );
    let (in_interface, in_program): (BTreeSet<String>, BTreeSet<String>) = (
        in_interface.into_keys().collect(),
        in_program.into_keys().collect(),
    );
    assert_eq!(listed.len(), pairs.len(), "an event is listed twice");
    assert_eq!(
        ILstRegistryEvents::SELECTORS.len(),
        pairs.len(),
        "the interface's event count differs from this list"
    );
    assert_eq!(
        in_interface, listed,
        "the interface's events differ from this list"
    );
    assert_eq!(
        in_program, listed,
        "src/events.rs declares other events than this list"
    );
    let hashes: BTreeSet<B256> = ILstRegistryEvents::SELECTORS
        .iter()
        .map(|h| B256::from(*h))
        .collect();
    assert_eq!(
        hashes,
        pairs.iter().map(|p| p.program.1).collect(),
        "topic 0 sets differ"
    );
}

/// Runs one of the program's event emitters and returns the single log it wrote.
fn emit(emitter: impl FnOnce(&VM)) -> (Vec<B256>, Vec<u8>) {
    let vm = TestVM::new();
    emitter(&VM {
        host: Box::new(vm.clone()),
    });
    let mut logs = vm.get_emitted_logs();
    assert_eq!(logs.len(), 1, "an emitter wrote {} logs", logs.len());
    logs.pop().unwrap()
}

/// The program's emitter writes exactly the log the interface encodes for `expected`.
fn assert_emits<E: SolEvent + Debug>(emitter: impl FnOnce(&VM), expected: E) {
    let (topics, data) = emit(emitter);
    let log = expected.encode_log_data();
    assert_eq!(
        topics.as_slice(),
        log.topics(),
        "{}: topics differ from the interface's encoding of {expected:?}",
        E::SIGNATURE
    );
    assert_eq!(
        hex(&data),
        hex(&log.data),
        "{}: data differs from the interface's encoding of {expected:?}",
        E::SIGNATURE
    );
}

#[test]
fn event_emitters_write_the_interface_encoding() {
    use ILstRegistry as I;
    // Distinct values everywhere, so that swapped fields show.
    let (a, b, c) = (
        address!("00000000000000000000000000000000000000a1"),
        address!("00000000000000000000000000000000000000b2"),
        address!("00000000000000000000000000000000000000c3"),
    );
    let (h1, h2) = (
        b256!("1111111111111111111111111111111111111111111111111111111111111111"),
        b256!("2222222222222222222222222222222222222222222222222222222222222222"),
    );
    let (x, y, z) = (
        U256::from(1_000_001u64),
        U256::from(2_000_002u64),
        U256::from(3_000_003u64),
    );

    assert_emits(
        |vm| events::admin_transfer_started(vm, a, b),
        I::AdminTransferStarted {
            admin: a,
            pendingAdmin: b,
        },
    );
    assert_emits(
        |vm| events::admin_transferred(vm, a, b),
        I::AdminTransferred {
            previousAdmin: a,
            newAdmin: b,
        },
    );
    assert_emits(
        |vm| events::guardian_changed(vm, a, b),
        I::GuardianChanged {
            previousGuardian: a,
            newGuardian: b,
        },
    );
    assert_emits(|vm| events::paused(vm, a), I::Paused { account: a });
    assert_emits(|vm| events::unpaused(vm, a), I::Unpaused { account: a });
    assert_emits(
        |vm| events::oracle_set_changed(vm, 7, &[a, b, c], 2, u64::MAX - 1),
        I::OracleSetChanged {
            epoch: 7,
            signers: vec![a, b, c],
            threshold: 2,
            effectiveAt: u64::MAX - 1,
        },
    );
    assert_emits(
        |vm| events::oracle_set_delay_changed(vm, 172_801),
        I::OracleSetDelayChanged { delay: 172_801 },
    );
    assert_emits(
        |vm| events::vote_rules_changed(vm, x, 501, 8_001, 1_209_601),
        I::VoteRulesChanged {
            quorum: x,
            minVoters: 501,
            approvalBps: 8_001,
            attestationWindow: 1_209_601,
        },
    );
    assert_emits(
        |vm| events::snapshot_space_changed(vm, "metislayer2.eth"),
        I::SnapshotSpaceChanged {
            space: "metislayer2.eth".into(),
        },
    );
    assert_emits(
        |vm| events::stake_cap_bounds_changed(vm, x, y),
        I::StakeCapBoundsChanged {
            minCap: x,
            maxCap: y,
        },
    );
    assert_emits(
        |vm| events::phase_node_limit_changed(vm, 2, 17),
        I::PhaseNodeLimitChanged {
            phase: 2,
            limit: 17,
        },
    );
    assert_emits(
        |vm| events::phase_advanced(vm, 1, 2),
        I::PhaseAdvanced { from: 1, to: 2 },
    );
    assert_emits(
        |vm| events::round_opened(vm, 5, 3, 99_999, 2),
        I::RoundOpened {
            roundId: 5,
            slots: 3,
            deadline: 99_999,
            phase: 2,
        },
    );
    assert_emits(
        |vm| events::round_closed(vm, 5, 12),
        I::RoundClosed {
            roundId: 5,
            applications: 12,
        },
    );
    assert_emits(
        |vm| events::application_submitted(vm, 5, 6, a, b, h1, h2),
        I::ApplicationSubmitted {
            roundId: 5,
            applicationId: 6,
            applicant: a,
            stakingContract: b,
            contentHash: h1,
            snapshotProposal: h2,
        },
    );
    assert_emits(
        |vm| events::application_withdrawn(vm, 5, 6),
        I::ApplicationWithdrawn {
            roundId: 5,
            applicationId: 6,
        },
    );
    assert_emits(
        |vm| events::tally_attested(vm, 5, 6, 7, x, y, z, 808),
        I::TallyAttested {
            roundId: 5,
            applicationId: 6,
            oracleEpoch: 7,
            forVotes: x,
            againstVotes: y,
            abstainVotes: z,
            voters: 808,
        },
    );
    assert_emits(
        |vm| events::application_failed(vm, 5, 6, 7),
        I::ApplicationFailed {
            roundId: 5,
            applicationId: 6,
            reason: 7,
        },
    );
    assert_emits(
        |vm| events::application_passed(vm, 5, 6, 9),
        I::ApplicationPassed {
            roundId: 5,
            applicationId: 6,
            rank: 9,
        },
    );
    assert_emits(
        |vm| events::application_qualified(vm, 5, 6, 1),
        I::ApplicationQualified {
            roundId: 5,
            applicationId: 6,
            rank: 1,
        },
    );
    assert_emits(
        |vm| {
            events::application_revoked(
                vm,
                5,
                6,
                4,
                "a revocation reason longer than one word, to cross a word boundary",
            )
        },
        I::ApplicationRevoked {
            roundId: 5,
            applicationId: 6,
            previousStatus: 4,
            reason: "a revocation reason longer than one word, to cross a word boundary".into(),
        },
    );
    assert_emits(
        |vm| events::round_finalised(vm, 5, 4, 3),
        I::RoundFinalised {
            roundId: 5,
            passed: 4,
            qualified: 3,
        },
    );
    assert_emits(
        |vm| events::node_registered(vm, 8, a, b),
        I::NodeRegistered {
            nodeId: 8,
            operator: a,
            sequencerSigner: b,
        },
    );
    assert_emits(
        |vm| events::node_updated(vm, 8, a, b),
        I::NodeUpdated {
            nodeId: 8,
            operator: a,
            sequencerSigner: b,
        },
    );
    assert_emits(
        |vm| events::node_paired(vm, 8, 9, 6, x, 10),
        I::NodePaired {
            nodeId: 8,
            pairingId: 9,
            applicationId: 6,
            stakeCap: x,
            nonce: 10,
        },
    );
    assert_emits(
        |vm| {
            events::node_unpaired(
                vm,
                8,
                9,
                a,
                "a reason longer than one word, to cross a word boundary",
                11,
            )
        },
        I::NodeUnpaired {
            nodeId: 8,
            pairingId: 9,
            by: a,
            reason: "a reason longer than one word, to cross a word boundary".into(),
            nonce: 11,
        },
    );
    assert_emits(
        |vm| events::stake_cap_changed(vm, 8, 9, x, y, 12),
        I::StakeCapChanged {
            nodeId: 8,
            pairingId: 9,
            previousCap: x,
            newCap: y,
            nonce: 12,
        },
    );
    assert_emits(
        |vm| events::stake_reported(vm, 8, 9, z),
        I::StakeReported {
            nodeId: 8,
            pairingId: 9,
            stake: z,
        },
    );
}
