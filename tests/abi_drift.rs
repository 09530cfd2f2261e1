//! ABI drift: the published interface `abi/ILstRegistry.sol` against the program.
//! Deliberately independent of `lst-registry-types` and `lst-registry-client`: it expands the
//! interface itself.
//!
//! `sol!` parses the interface (so it must stay within what `sol!` understands) and these tests
//! fail when the program and the interface disagree:
//!
//! * functions: the interface's signatures and selectors are exactly the router's
//!   [`router::SIGNATURES`] (the core) plus [`views::SIGNATURES`] (the views program), and every one of them reaches a route; their parameter and return
//!   types are the Rust types of the `LstRegistry` methods behind them (checked at compile time);
//! * events and errors: the interface declares exactly the `sol!` items of `src/events.rs` and
//!   `src/errors.rs`, with the same signatures; the program's hand-written encoders (the error
//!   constructors and the event emitters) produce byte for byte what the interface encodes;
//! * codes: the interface's enums are the program's status, phase and field codes;
//! * a whole program run, driven only by calldata the interface encodes, produces return data,
//!   revert data and logs that the interface decodes and re-encodes to the same bytes, with each
//!   value in the field the interface names for it;
//! * `abi/ILstRegistry.json` is the JSON ABI generated from the interface.
//!
//! `UPDATE_ABI=1 cargo test -p lst-registry --test abi_drift` rewrites the JSON instead of
//! comparing it.

#![allow(missing_docs)] // the types `sol!` generates from the interface

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Debug;
use std::path::PathBuf;

use alloy_json_abi::{JsonAbi, StateMutability};
use alloy_primitives::{address, b256, Address, IntoLogData, LogData, B256, U256};
use alloy_sol_types::{
    sol, SolCall, SolEnum, SolError, SolEvent, SolEventInterface, SolInterface, TopicList,
};
use lst_registry::errors::Field;
use lst_registry::storage::{ApplicationStatus, Phase, RoundStatus};
use lst_registry::{dispatch, events, router, LstRegistry, RegistryError};
use stylus_sdk::host::VM;
use stylus_sdk::testing::TestVM;

sol!(
    #[sol(abi, extra_derives(Debug, PartialEq))]
    "abi/ILstRegistry.sol"
);

use ILstRegistry::{ILstRegistryCalls, ILstRegistryErrors, ILstRegistryEvents};

const INTERFACE: &str = "abi/ILstRegistry.sol";
const JSON: &str = "abi/ILstRegistry.json";

fn path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(path(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

fn interface() -> JsonAbi {
    ILstRegistry::abi::contract()
}

fn hex(bytes: &[u8]) -> String {
    format!("0x{}", alloy_primitives::hex::encode(bytes))
}

// ============================================================================ functions

/// Every signature served at the registry's address: the core's, then the views program's.
fn all_signatures() -> Vec<&'static str> {
    router::SIGNATURES
        .iter()
        .chain(lst_registry::views::SIGNATURES)
        .copied()
        .collect()
}

#[test]
fn interface_functions_are_the_routed_functions() {
    let interface: BTreeMap<String, [u8; 4]> = interface()
        .functions()
        .map(|f| (f.signature(), f.selector().0))
        .collect();
    let signatures = all_signatures();
    let routed: BTreeMap<String, [u8; 4]> = signatures
        .iter()
        .map(|s| (s.to_string(), router::selector(s).to_be_bytes()))
        .collect();
    assert_eq!(
        routed.len(),
        signatures.len(),
        "router::SIGNATURES and views::SIGNATURES list a signature twice"
    );

    let not_routed: Vec<&String> = interface
        .keys()
        .filter(|s| !routed.contains_key(*s))
        .collect();
    let not_declared: Vec<&String> = routed
        .keys()
        .filter(|s| !interface.contains_key(*s))
        .collect();
    assert!(
        not_routed.is_empty() && not_declared.is_empty(),
        "{INTERFACE} and router::SIGNATURES + views::SIGNATURES differ\n  in the interface only: {not_routed:#?}\n  in the router only: {not_declared:#?}"
    );

    // The generated selector table, and the router's selector function, agree with the above.
    let generated: BTreeSet<[u8; 4]> = ILstRegistryCalls::SELECTORS.iter().copied().collect();
    assert_eq!(
        generated.len(),
        ILstRegistryCalls::SELECTORS.len(),
        "two interface functions share a selector"
    );
    assert_eq!(
        generated,
        routed.values().copied().collect::<BTreeSet<_>>(),
        "selector sets differ"
    );
    for (signature, selector) in &interface {
        assert_eq!(
            router::selector(signature).to_be_bytes(),
            *selector,
            "router::selector({signature})"
        );
    }

    // The constructor route is not a function of the interface, and is documented in it.
    let constructor = router::selector("stylus_constructor()").to_be_bytes();
    assert!(
        !generated.contains(&constructor),
        "the constructor route's selector is an interface function"
    );
    let documented = format!(
        "selector {} (`bytes4(keccak256(\"stylus_constructor()\"))`)",
        hex(&constructor)
    );
    assert!(
        read(INTERFACE).contains(&documented),
        "{INTERFACE} must document the constructor route as `{documented}`"
    );
}

#[test]
fn every_interface_function_is_routed() {
    for function in interface().functions() {
        let selector = function.selector().0;
        let name = function.signature();
        let vm = TestVM::new();
        let mut registry = LstRegistry::from(&vm);
        let unknown = ILstRegistry::RegistryUnknownSelector {
            selector: selector.into(),
        }
        .abi_encode();
        let malformed = ILstRegistry::RegistryMalformedCalldata {
            selector: selector.into(),
        }
        .abi_encode();

        // The selector alone: missing arguments are malformed calldata, never an unknown selector.
        match dispatch(&mut registry, &selector) {
            Ok(_) => assert!(
                function.inputs.is_empty(),
                "{name} succeeded without its arguments"
            ),
            Err(error) => {
                let error = error.encode();
                assert_ne!(error, unknown, "{name} is in the interface but not routed");
                if function.inputs.is_empty() {
                    decode_error(&error);
                } else {
                    assert_eq!(
                        error, malformed,
                        "{name} without arguments: expected RegistryMalformedCalldata"
                    );
                }
            }
        }

        // Every head word but the last byte: the router reads the last parameter too.
        if !function.inputs.is_empty() {
            let mut calldata = selector.to_vec();
            calldata.resize(4 + 32 * function.inputs.len() - 1, 0);
            let error = dispatch(&mut registry, &calldata)
                .expect_err(&name)
                .encode();
            assert_eq!(
                error, malformed,
                "{name} with its last argument cut: expected RegistryMalformedCalldata"
            );
        }
    }

    // A selector nobody declares.
    let selector = router::selector("notARegistryFunction()").to_be_bytes();
    assert!(!ILstRegistryCalls::valid_selector(selector));
    let vm = TestVM::new();
    let error = dispatch(&mut LstRegistry::from(&vm), &selector)
        .expect_err("unknown selector")
        .encode();
    assert_eq!(
        error,
        ILstRegistry::RegistryUnknownSelector {
            selector: selector.into()
        }
        .abi_encode()
    );
}

#[test]
fn no_function_takes_value() {
    for function in interface().functions() {
        let name = function.signature();
        assert_ne!(
            function.state_mutability,
            StateMutability::Payable,
            "{name} is declared payable"
        );
        let vm = TestVM::new();
        vm.set_value(U256::from(7));
        let error = dispatch(&mut LstRegistry::from(&vm), &function.selector().0)
            .expect_err(&name)
            .encode();
        assert_eq!(
            error,
            ILstRegistry::RegistryNotPayable {
                value: U256::from(7)
            }
            .abi_encode(),
            "{name} with value"
        );
    }
}

/// The interface's parameter and return types are exactly the Rust types of the `LstRegistry`
/// method behind each function: this only has to compile. The match is exhaustive, so a function
/// added to the interface fails to compile here until it is mapped to its method. A Solidity
/// `string` may be any Rust text type.
#[allow(dead_code, non_snake_case)]
fn typed_mirror(r: &mut LstRegistry, call: ILstRegistryCalls) {
    use ILstRegistry as I;
    use ILstRegistryCalls as C;
    fn text(s: impl AsRef<str>) -> String {
        s.as_ref().to_owned()
    }
    /// Takes a return struct built from the method's results: building it is the check.
    fn is<T>(_: T) {}
    match call {
        // ---- roles
        C::admin(_) => is(I::adminReturn { account: r.admin() }),
        C::pendingAdmin(_) => is(I::pendingAdminReturn {
            account: r.pending_admin(),
        }),
        C::guardian(_) => is(I::guardianReturn {
            account: r.guardian(),
        }),
        C::paused(_) => is(I::pausedReturn {
            isPaused: r.paused(),
        }),
        C::viewsProgram(_) => is(I::viewsProgramReturn {
            program: r.views_program(),
        }),
        C::transferAdmin(c) => r.transfer_admin(c.newAdmin).unwrap(),
        C::acceptAdmin(_) => r.accept_admin().unwrap(),
        C::setGuardian(c) => r.set_guardian(c.newGuardian).unwrap(),
        C::pause(_) => r.pause().unwrap(),
        C::unpause(_) => r.unpause().unwrap(),
        // ---- oracle set and tallies
        C::setOracleSet(c) => r.set_oracle_set(c.signers, c.threshold).unwrap(),
        C::setOracleSetDelay(c) => r.set_oracle_set_delay(c.delay).unwrap(),
        C::oracleSet(_) => {
            let set = r.oracle_set();
            is(I::oracleSetReturn {
                signers: set.signers,
                threshold: set.threshold,
                epoch: set.epoch,
                nextSigners: set.next_signers,
                nextThreshold: set.next_threshold,
                nextEpoch: set.next_epoch,
                nextAt: set.next_at,
                delay: set.delay,
            })
        }
        C::domainSeparator(_) => is(I::domainSeparatorReturn {
            separator: r.domain_separator(),
        }),
        C::tallyDigest(c) => is(I::tallyDigestReturn {
            digest: r
                .tally_digest(
                    c.applicationId,
                    c.forVotes,
                    c.againstVotes,
                    c.abstainVotes,
                    c.voters,
                )
                .unwrap(),
        }),
        C::attestTally(c) => r
            .attest_tally(
                c.applicationId,
                c.forVotes,
                c.againstVotes,
                c.abstainVotes,
                c.voters,
                &c.signatures,
            )
            .unwrap(),
        // ---- rules and phases
        C::rules(_) => {
            let (
                quorum,
                minVoters,
                approvalBps,
                attestationWindow,
                minCap,
                maxCap,
                countingMode,
                space,
            ) = r.rules();
            is(I::rulesReturn {
                quorum,
                minVoters,
                approvalBps,
                attestationWindow,
                minCap,
                maxCap,
                countingMode: text(countingMode),
                snapshotSpace: String::from_utf8(space).unwrap(),
            })
        }
        C::setSnapshotSpace(c) => r.set_snapshot_space(&c.space).unwrap(),
        C::setVoteRules(c) => r
            .set_vote_rules(c.quorum, c.minVoters, c.approvalBps, c.attestationWindow)
            .unwrap(),
        C::setStakeCapBounds(c) => r.set_stake_cap_bounds(c.minCap, c.maxCap).unwrap(),
        C::phase(_) => {
            let (current, nodeLimit, nodeCount) = r.phase();
            is(I::phaseReturn {
                current,
                nodeLimit,
                nodeCount,
            })
        }
        C::phaseNodeLimits(_) => is(I::phaseNodeLimitsReturn {
            limits: r.phase_node_limits(),
        }),
        C::setPhaseNodeLimit(c) => r.set_phase_node_limit(c.targetPhase, c.limit).unwrap(),
        C::advancePhase(c) => r.advance_phase(c.to).unwrap(),
        // ---- Stage 1
        C::openRound(c) => is(I::openRoundReturn {
            roundId: r.open_round(c.slots, c.deadline).unwrap(),
        }),
        C::closeRound(c) => r.close_round(c.roundId).unwrap(),
        C::submitApplication(c) => is(I::submitApplicationReturn {
            applicationId: r
                .submit_application(
                    &c.name,
                    &c.metadataUri,
                    c.contentHash,
                    &c.snapshotSpace,
                    c.snapshotProposal,
                    c.stakingContract,
                )
                .unwrap(),
        }),
        C::withdrawApplication(c) => r.withdraw_application(c.applicationId).unwrap(),
        C::finaliseRound(c) => r.finalise_round(c.roundId).unwrap(),
        C::revokeApplication(c) => r.revoke_application(c.applicationId, &c.reason).unwrap(),
        C::round(c) => {
            let (
                slots,
                status,
                roundPhase,
                firstApplication,
                applications,
                live,
                tallied,
                passed,
                qualified,
                deadline,
                attestationDeadline,
                (quorum, minVoters, approvalBps, attestationWindow),
            ) = r.round(c.roundId).unwrap();
            is(I::roundReturn {
                slots,
                status,
                roundPhase,
                firstApplication,
                applications,
                live,
                tallied,
                passed,
                qualified,
                deadline,
                attestationDeadline,
                quorum,
                minVoters,
                approvalBps,
                attestationWindow,
            })
        }
        C::counts(_) => {
            let (roundCount, applicationCount, nodeCount, pairingCount) = r.counts();
            is(I::countsReturn {
                roundCount,
                applicationCount,
                nodeCount,
                pairingCount,
            })
        }
        C::roundApplications(c) => is(I::roundApplicationsReturn {
            applicationIds: r.round_applications(c.roundId, c.offset, c.limit).unwrap(),
        }),
        C::application(c) => {
            let (
                roundId,
                applicant,
                stakingContract,
                status,
                rank,
                contentHash,
                snapshotProposal,
                name,
                metadataUri,
                snapshotSpace,
            ) = r.application(c.applicationId).unwrap();
            is(I::applicationReturn {
                roundId,
                applicant,
                stakingContract,
                status,
                rank,
                contentHash,
                snapshotProposal,
                name: text(name),
                metadataUri: text(metadataUri),
                snapshotSpace: text(snapshotSpace),
            })
        }
        C::applicationTally(c) => {
            let (forVotes, againstVotes, abstainVotes, voters, oracleEpoch) =
                r.application_tally(c.applicationId).unwrap();
            is(I::applicationTallyReturn {
                forVotes,
                againstVotes,
                abstainVotes,
                voters,
                oracleEpoch,
            })
        }
        C::eligibility(c) => {
            let (eligible, status) = r.eligibility(c.applicationId);
            is(I::eligibilityReturn { eligible, status })
        }
        // ---- Stage 2
        C::registerNode(c) => is(I::registerNodeReturn {
            nodeId: r
                .register_node(c.operator, c.sequencerSigner, &c.metadataUri)
                .unwrap(),
        }),
        C::updateNode(c) => r
            .update_node(c.nodeId, c.operator, c.sequencerSigner, &c.metadataUri)
            .unwrap(),
        C::node(c) => {
            let (
                operator,
                sequencerSigner,
                activePairing,
                registeredPhase,
                registeredAt,
                metadataUri,
            ) = r.node(c.nodeId).unwrap();
            is(I::nodeReturn {
                operator,
                sequencerSigner,
                activePairing,
                registeredPhase,
                registeredAt,
                metadataUri: text(metadataUri),
            })
        }
        C::nodeOfSigner(c) => is(I::nodeOfSignerReturn {
            nodeId: r.node_of_signer(c.sequencerSigner),
        }),
        C::nodes(c) => is(I::nodesReturn {
            nodeIds: r.nodes(c.offset, c.limit),
        }),
        C::pair(c) => is(I::pairReturn {
            pairingId: r
                .pair(c.nodeId, c.applicationId, c.stakeCap, &c.announcementUri)
                .unwrap(),
        }),
        C::unpair(c) => r.unpair(c.nodeId, &c.reason).unwrap(),
        C::setStakeCap(c) => r.set_stake_cap(c.nodeId, c.stakeCap).unwrap(),
        C::reportStake(c) => r.report_stake(c.pairingId, c.stake).unwrap(),
        C::pairing(c) => {
            let (
                nodeId,
                applicationId,
                stakeCap,
                stake,
                startedAt,
                endedAt,
                announcementUri,
                capOutOfBounds,
            ) = r.pairing(c.pairingId).unwrap();
            is(I::pairingReturn {
                nodeId,
                applicationId,
                stakeCap,
                stake,
                startedAt,
                endedAt,
                announcementUri: text(announcementUri),
                capOutOfBounds,
            })
        }
        C::activePairings(c) => {
            let (nodeIds, pairingIds, applicationIds, stakeCaps, remaining) =
                r.active_pairings(c.offset, c.limit);
            is(I::activePairingsReturn {
                nodeIds,
                pairingIds,
                applicationIds,
                stakeCaps,
                remaining,
            })
        }
        C::remainingCapacity(c) => is(I::remainingCapacityReturn {
            remaining: r.remaining_capacity(c.nodeId).unwrap(),
        }),
        C::pairingNonce(_) => is(I::pairingNonceReturn {
            nonce: r.pairing_nonce(),
        }),
    }
}

#[test]
fn interface_types_are_the_method_types() {
    // `typed_mirror` compiling is the check; make sure it is part of the build.
    let _: fn(&mut LstRegistry, ILstRegistryCalls) = typed_mirror;
}

// ============================================================================ events

/// The items a `sol!` block of `file` declares with `keyword` (`event`, `error`), by name, each
/// as one line: `keyword Name(type [indexed ]name, ...)`.
fn declared(file: &str, keyword: &str) -> BTreeMap<String, String> {
    let text = read(file);
    let mut items = BTreeMap::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(&format!("{keyword} ")) {
        let starts_line = rest[..at]
            .rsplit('\n')
            .next()
            .is_some_and(|indent| indent.trim().is_empty());
        let end = rest[at..].find(';').map_or(rest.len(), |e| at + e);
        let item = &rest[at..end];
        let name: String = item[keyword.len() + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !starts_line
            || name.is_empty()
            || !item[keyword.len() + 1 + name.len()..].starts_with('(')
        {
            rest = &rest[at + keyword.len()..];
            continue;
        }
        rest = &rest[end..];
        let line = item
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("( ", "(")
            .replace(" )", ")")
            .replace(",)", ")");
        items.insert(name, line);
    }
    items
}

/// An interface item as one line, like [`declared`] gives it.
fn declaration(
    keyword: &str,
    name: &str,
    params: impl Iterator<Item = (String, bool, String)>,
) -> String {
    let params: Vec<String> = params
        .map(|(ty, indexed, name)| {
            if indexed {
                format!("{ty} indexed {name}")
            } else {
                format!("{ty} {name}")
            }
        })
        .collect();
    format!("{keyword} {name}({})", params.join(", "))
}

/// The items of `program` and `interface` that differ, for a failure message.
fn differences(program: &BTreeMap<String, String>, interface: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for name in program
        .keys()
        .chain(interface.keys())
        .collect::<BTreeSet<_>>()
    {
        match (program.get(name), interface.get(name)) {
            (Some(p), Some(i)) if p == i => {}
            (p, i) => {
                out += &format!(
                    "\n  program:   {}\n  interface: {}",
                    p.map_or("-", |s| s),
                    i.map_or("-", |s| s)
                )
            }
        }
    }
    out
}

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

// ============================================================================ errors

/// One error as the interface and the program declare it.
struct SameError {
    name: &'static str,
    interface: (&'static str, [u8; 4]),
    program: (&'static str, [u8; 4]),
}

macro_rules! same_errors {
    ($($name:ident),* $(,)?) => {
        vec![$(SameError {
            name: stringify!($name),
            interface: (<ILstRegistry::$name as SolError>::SIGNATURE, <ILstRegistry::$name as SolError>::SELECTOR),
            program: (
                <lst_registry::errors::$name as SolError>::SIGNATURE,
                <lst_registry::errors::$name as SolError>::SELECTOR,
            ),
        }),*]
    };
}

#[test]
fn interface_errors_are_the_program_errors() {
    let pairs = same_errors![
        RegistryNotAdmin,
        RegistryNotGuardian,
        RegistryNotPendingAdmin,
        RegistryNotApplicant,
        RegistryNotNodeOperator,
        RegistryNotStakingContract,
        RegistryPaused,
        RegistryNotPaused,
        RegistryUnknownSelector,
        RegistryMalformedCalldata,
        RegistryNotPayable,
        RegistryAlreadyInitialised,
        RegistryNoCode,
        RegistryNotDelegated,
        RegistryZeroAddress,
        RegistryZeroHash,
        RegistryInvalidLength,
        RegistryAmountTooLarge,
        RegistryInvalidQuorum,
        RegistryInvalidMinVoters,
        RegistryInvalidApproval,
        RegistryInvalidStakeCapBounds,
        RegistryInvalidStakeCap,
        RegistryInvalidNodeLimit,
        RegistryInvalidPhaseTransition,
        RegistryInvalidOracleSet,
        RegistryInvalidOracleSigner,
        RegistryMalformedSignatures,
        RegistrySignatureCount,
        RegistrySignatureHighS,
        RegistryInvalidSignature,
        RegistrySignersNotSorted,
        RegistryUnknownSigner,
        RegistryUnknownRound,
        RegistryWrongRoundStatus,
        RegistryInvalidRoundConfig,
        RegistryDeadline,
        RegistryNoOpenRound,
        RegistryRoundFull,
        RegistryTalliesMissing,
        RegistryUnknownApplication,
        RegistryWrongApplicationStatus,
        RegistryUnknownNode,
        RegistryUnknownPairing,
        RegistryNodeLimitReached,
        RegistrySignerInUse,
        RegistryNodeAlreadyPaired,
        RegistryNodeNotPaired,
        RegistryStakeAboveCap,
        RegistryCapBelowStake,
        RegistryWrongSnapshotSpace,
        RegistryProposalUsed,
        RegistryAlreadyApplied,
        RegistryInvalidAttestationWindow,
        RegistryPairingEnded,
        RegistryInvalidOracleSetDelay,
    ];
    for pair in &pairs {
        assert_eq!(
            pair.interface.0, pair.program.0,
            "error {}: signatures differ",
            pair.name
        );
        assert_eq!(
            pair.interface.1, pair.program.1,
            "error {}: selectors differ",
            pair.name
        );
    }
    let listed: BTreeSet<String> = pairs.iter().map(|p| p.name.to_string()).collect();
    let in_interface: BTreeMap<String, String> = interface()
        .errors()
        .map(|e| {
            let params = e
                .inputs
                .iter()
                .map(|p| (p.ty.clone(), false, p.name.clone()));
            (e.name.clone(), declaration("error", &e.name, params))
        })
        .collect();
    let in_program = declared("src/errors.rs", "error");
    assert!(
        in_program == in_interface,
        "errors of src/errors.rs and {INTERFACE} differ:{}",
        differences(&in_program, &in_interface)
    );
    let (in_interface, in_program): (BTreeSet<String>, BTreeSet<String>) = (
        in_interface.into_keys().collect(),
        in_program.into_keys().collect(),
    );
    assert_eq!(listed.len(), pairs.len(), "an error is listed twice");
    assert_eq!(
        ILstRegistryErrors::SELECTORS.len(),
        pairs.len(),
        "the interface's error count differs from this list"
    );
    assert_eq!(
        in_interface, listed,
        "the interface's errors differ from this list"
    );
    assert_eq!(
        in_program, listed,
        "src/errors.rs declares other errors than this list"
    );
    let selectors: BTreeSet<[u8; 4]> = ILstRegistryErrors::SELECTORS.iter().copied().collect();
    assert_eq!(
        selectors,
        pairs.iter().map(|p| p.program.1).collect(),
        "error selector sets differ"
    );
    // The program's errors never collide with its functions.
    assert!(
        selectors
            .iter()
            .all(|s| !ILstRegistryCalls::valid_selector(*s)),
        "an error selector is a function selector"
    );
}

/// Decodes revert data with the interface, checking that it is the canonical encoding.
fn decode_error(data: &[u8]) -> ILstRegistryErrors {
    let error = ILstRegistryErrors::abi_decode_validate(data)
        .unwrap_or_else(|e| panic!("revert data {} is no interface error: {e}", hex(data)));
    assert_eq!(
        hex(&error.abi_encode()),
        hex(data),
        "revert data is not the interface's encoding of {error:?}"
    );
    error
}

/// The program's error constructor encodes exactly what the interface encodes for `expected`.
fn assert_encodes<E: SolError + Debug>(error: RegistryError, expected: E) {
    assert_eq!(error.selector(), E::SELECTOR, "{}: selector", E::SIGNATURE);
    assert_eq!(
        hex(&error.encode()),
        hex(&expected.abi_encode()),
        "{}: encoding of {expected:?}",
        E::SIGNATURE
    );
}

#[test]
fn error_constructors_write_the_interface_encoding() {
    use ILstRegistry as I;
    use RegistryError as R;
    let (a, b, c) = (
        address!("00000000000000000000000000000000000000a1"),
        address!("00000000000000000000000000000000000000b2"),
        address!("00000000000000000000000000000000000000c3"),
    );
    let (x, y, z, w) = (
        U256::from(11u64),
        U256::from(22u64),
        U256::from(33u64),
        U256::from(44u64),
    );
    let sel = [0xde, 0xad, 0xbe, 0xef];
    let (h1, h2) = (B256::repeat_byte(0x11), B256::repeat_byte(0x22));

    assert_encodes(R::not_admin(a), I::RegistryNotAdmin { caller: a });
    assert_encodes(R::not_guardian(a), I::RegistryNotGuardian { caller: a });
    assert_encodes(
        R::not_pending_admin(a, b),
        I::RegistryNotPendingAdmin {
            caller: a,
            pendingAdmin: b,
        },
    );
    assert_encodes(
        R::not_applicant(5, a),
        I::RegistryNotApplicant {
            applicationId: 5,
            caller: a,
        },
    );
    assert_encodes(
        R::not_node_operator(5, a),
        I::RegistryNotNodeOperator {
            nodeId: 5,
            caller: a,
        },
    );
    assert_encodes(
        R::not_staking_contract(5, a, b),
        I::RegistryNotStakingContract {
            nodeId: 5,
            caller: a,
            stakingContract: b,
        },
    );
    assert_encodes(R::paused(), I::RegistryPaused {});
    assert_encodes(R::not_paused(), I::RegistryNotPaused {});
    assert_encodes(
        R::unknown_selector(sel),
        I::RegistryUnknownSelector {
            selector: sel.into(),
        },
    );
    assert_encodes(
        R::malformed_calldata(sel),
        I::RegistryMalformedCalldata {
            selector: sel.into(),
        },
    );
    assert_encodes(R::not_payable(x), I::RegistryNotPayable { value: x });
    assert_encodes(R::already_initialised(), I::RegistryAlreadyInitialised {});
    assert_encodes(R::no_code(a), I::RegistryNoCode { account: a });
    assert_encodes(R::not_delegated(), I::RegistryNotDelegated {});
    assert_encodes(R::zero_address(4), I::RegistryZeroAddress { field: 4 });
    assert_encodes(R::zero_hash(9), I::RegistryZeroHash { field: 9 });
    assert_encodes(
        R::invalid_length(6, x, y, z),
        I::RegistryInvalidLength {
            field: 6,
            length: x,
            min: y,
            max: z,
        },
    );
    assert_encodes(
        R::amount_too_large(x, y),
        I::RegistryAmountTooLarge { amount: x, max: y },
    );
    assert_encodes(
        R::invalid_quorum(x, y),
        I::RegistryInvalidQuorum { quorum: x, max: y },
    );
    assert_encodes(
        R::invalid_min_voters(0),
        I::RegistryInvalidMinVoters { minVoters: 0 },
    );
    assert_encodes(
        R::invalid_approval(4_999),
        I::RegistryInvalidApproval { approvalBps: 4_999 },
    );
    assert_encodes(
        R::invalid_stake_cap_bounds(x, y, z),
        I::RegistryInvalidStakeCapBounds {
            min: x,
            max: y,
            ceiling: z,
        },
    );
    assert_encodes(
        R::invalid_stake_cap(x, y, z),
        I::RegistryInvalidStakeCap {
            cap: x,
            min: y,
            max: z,
        },
    );
    assert_encodes(
        R::invalid_node_limit(2, 3, 4, 5),
        I::RegistryInvalidNodeLimit {
            phase: 2,
            limit: 3,
            min: 4,
            max: 5,
        },
    );
    assert_encodes(
        R::invalid_phase_transition(1, 3),
        I::RegistryInvalidPhaseTransition { from: 1, to: 3 },
    );
    assert_encodes(
        R::invalid_oracle_set(x, 3, y),
        I::RegistryInvalidOracleSet {
            signers: x,
            threshold: 3,
            maxSigners: y,
        },
    );
    assert_encodes(
        R::invalid_oracle_signer(x, a),
        I::RegistryInvalidOracleSigner {
            index: x,
            signer: a,
        },
    );
    assert_encodes(
        R::malformed_signatures(x),
        I::RegistryMalformedSignatures { length: x },
    );
    assert_encodes(
        R::signature_count(x, 3, 4),
        I::RegistrySignatureCount {
            count: x,
            threshold: 3,
            signers: 4,
        },
    );
    assert_encodes(
        R::signature_high_s(x),
        I::RegistrySignatureHighS { index: x },
    );
    assert_encodes(
        R::invalid_signature(x),
        I::RegistryInvalidSignature { index: x },
    );
    assert_encodes(
        R::signers_not_sorted(x, a),
        I::RegistrySignersNotSorted {
            index: x,
            signer: a,
        },
    );
    assert_encodes(
        R::unknown_signer(x, a),
        I::RegistryUnknownSigner {
            index: x,
            signer: a,
        },
    );
    assert_encodes(R::unknown_round(5), I::RegistryUnknownRound { roundId: 5 });
    assert_encodes(
        R::wrong_round_status(5, 1, 2),
        I::RegistryWrongRoundStatus {
            roundId: 5,
            status: 1,
            expected: 2,
        },
    );
    assert_encodes(
        R::invalid_round_config(3, 100, 200, 32),
        I::RegistryInvalidRoundConfig {
            slots: 3,
            deadline: 100,
            now: 200,
            maxSlots: 32,
        },
    );
    assert_encodes(
        R::deadline(5, 100, 200),
        I::RegistryDeadline {
            roundId: 5,
            deadline: 100,
            now: 200,
        },
    );
    assert_encodes(R::no_open_round(), I::RegistryNoOpenRound {});
    assert_encodes(
        R::round_full(5, 128),
        I::RegistryRoundFull {
            roundId: 5,
            max: 128,
        },
    );
    assert_encodes(
        R::tallies_missing(5, 2, 3),
        I::RegistryTalliesMissing {
            roundId: 5,
            tallied: 2,
            live: 3,
        },
    );
    assert_encodes(
        R::unknown_application(6),
        I::RegistryUnknownApplication { applicationId: 6 },
    );
    assert_encodes(
        R::wrong_application_status(6, 2, 1),
        I::RegistryWrongApplicationStatus {
            applicationId: 6,
            status: 2,
            expected: 1,
        },
    );
    assert_encodes(R::unknown_node(8), I::RegistryUnknownNode { nodeId: 8 });
    assert_encodes(
        R::unknown_pairing(9),
        I::RegistryUnknownPairing { pairingId: 9 },
    );
    assert_encodes(
        R::node_limit_reached(2, 16),
        I::RegistryNodeLimitReached {
            phase: 2,
            limit: 16,
        },
    );
    assert_encodes(
        R::signer_in_use(c, 8),
        I::RegistrySignerInUse {
            signer: c,
            nodeId: 8,
        },
    );
    assert_encodes(
        R::node_already_paired(8, 9),
        I::RegistryNodeAlreadyPaired {
            nodeId: 8,
            pairingId: 9,
        },
    );
    assert_encodes(
        R::node_not_paired(8),
        I::RegistryNodeNotPaired { nodeId: 8 },
    );
    assert_encodes(
        R::stake_above_cap(8, x, w),
        I::RegistryStakeAboveCap {
            nodeId: 8,
            stake: x,
            cap: w,
        },
    );
    assert_encodes(
        R::cap_below_stake(8, x, w),
        I::RegistryCapBelowStake {
            nodeId: 8,
            cap: x,
            stake: w,
        },
    );
    assert_encodes(
        R::wrong_snapshot_space(h1, h2),
        I::RegistryWrongSnapshotSpace {
            spaceHash: h1,
            expectedHash: h2,
        },
    );
    assert_encodes(
        R::proposal_used(h1, 6),
        I::RegistryProposalUsed {
            snapshotProposal: h1,
            applicationId: 6,
        },
    );
    assert_encodes(
        R::already_applied(b, 6),
        I::RegistryAlreadyApplied {
            account: b,
            applicationId: 6,
        },
    );
    assert_encodes(
        R::invalid_attestation_window(86_399, 86_400, 7_776_000),
        I::RegistryInvalidAttestationWindow {
            window: 86_399,
            min: 86_400,
            max: 7_776_000,
        },
    );
    assert_encodes(
        R::invalid_oracle_set_delay(86_399, 86_400, 2_592_000),
        I::RegistryInvalidOracleSetDelay {
            delay: 86_399,
            min: 86_400,
            max: 2_592_000,
        },
    );
    assert_encodes(
        R::pairing_ended(9),
        I::RegistryPairingEnded { pairingId: 9 },
    );
    // 56 constructors above, one per interface error.
    assert_eq!(
        ILstRegistryErrors::COUNT,
        56,
        "an interface error has no constructor check here"
    );
}

// ============================================================================ codes

/// Checks that `pairs` covers every variant of the interface enum `I` with the program's code
/// and name.
fn assert_codes<P: Copy + Debug + Into<u8>, I: SolEnum + Debug>(enum_name: &str, pairs: &[(P, I)]) {
    assert_eq!(
        pairs.len(),
        I::COUNT,
        "{enum_name}: the interface has {} variants, the program {}",
        I::COUNT,
        pairs.len()
    );
    for (index, (program, interface)) in pairs.iter().enumerate() {
        let (program_code, interface_code): (u8, u8) = ((*program).into(), (*interface).into());
        assert_eq!(
            program_code as usize, index,
            "{enum_name}::{program:?}: codes must run from 0"
        );
        assert_eq!(
            program_code, interface_code,
            "{enum_name}::{program:?}: code differs"
        );
        assert_eq!(
            format!("{program:?}"),
            format!("{interface:?}"),
            "{enum_name} code {program_code}: name differs"
        );
    }
}

/// The program's code enums as bytes (they are `#[repr(u8)]` without `Into<u8>`).
#[derive(Clone, Copy)]
struct Code<T>(T, u8);
impl<T: Debug> Debug for Code<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
impl<T> From<Code<T>> for u8 {
    fn from(code: Code<T>) -> u8 {
        code.1
    }
}

#[test]
fn interface_codes_are_the_program_codes() {
    use ILstRegistry as I;
    // Exhaustive matches: a variant added to the program fails to compile here until it is mapped.
    let round = |s: RoundStatus| {
        (
            Code(s, s as u8),
            match s {
                RoundStatus::None => I::RoundStatus::None,
                RoundStatus::Open => I::RoundStatus::Open,
                RoundStatus::Closed => I::RoundStatus::Closed,
                RoundStatus::Finalised => I::RoundStatus::Finalised,
            },
        )
    };
    let application = |s: ApplicationStatus| {
        (
            Code(s, s as u8),
            match s {
                ApplicationStatus::None => I::ApplicationStatus::None,
                ApplicationStatus::Pending => I::ApplicationStatus::Pending,
                ApplicationStatus::Withdrawn => I::ApplicationStatus::Withdrawn,
                ApplicationStatus::Tallied => I::ApplicationStatus::Tallied,
                ApplicationStatus::Qualified => I::ApplicationStatus::Qualified,
                ApplicationStatus::NotSelected => I::ApplicationStatus::NotSelected,
                ApplicationStatus::FailedQuorum => I::ApplicationStatus::FailedQuorum,
                ApplicationStatus::FailedVoters => I::ApplicationStatus::FailedVoters,
                ApplicationStatus::FailedApproval => I::ApplicationStatus::FailedApproval,
                ApplicationStatus::NotAttested => I::ApplicationStatus::NotAttested,
                ApplicationStatus::Revoked => I::ApplicationStatus::Revoked,
            },
        )
    };
    let phase = |p: Phase| {
        (
            Code(p, p as u8),
            match p {
                Phase::Alpha => I::Phase::Alpha,
                Phase::Throughput => I::Phase::Throughput,
                Phase::MainLaunch => I::Phase::MainLaunch,
                Phase::OpenAccess => I::Phase::OpenAccess,
            },
        )
    };
    let field = |f: Field| {
        (
            Code(f, f as u8),
            match f {
                Field::Admin => I::Field::Admin,
                Field::Guardian => I::Field::Guardian,
                Field::StakingContract => I::Field::StakingContract,
                Field::Operator => I::Field::Operator,
                Field::SequencerSigner => I::Field::SequencerSigner,
                Field::Name => I::Field::Name,
                Field::MetadataUri => I::Field::MetadataUri,
                Field::SnapshotSpace => I::Field::SnapshotSpace,
                Field::ContentHash => I::Field::ContentHash,
                Field::SnapshotProposal => I::Field::SnapshotProposal,
                Field::NodeUri => I::Field::NodeUri,
                Field::AnnouncementUri => I::Field::AnnouncementUri,
                Field::Reason => I::Field::Reason,
                Field::ViewsProgram => I::Field::ViewsProgram,
            },
        )
    };
    use ApplicationStatus as A;
    assert_codes(
        "RoundStatus",
        &[
            RoundStatus::None,
            RoundStatus::Open,
            RoundStatus::Closed,
            RoundStatus::Finalised,
        ]
        .map(round),
    );
    assert_codes(
        "ApplicationStatus",
        &[
            A::None,
            A::Pending,
            A::Withdrawn,
            A::Tallied,
            A::Qualified,
            A::NotSelected,
            A::FailedQuorum,
            A::FailedVoters,
            A::FailedApproval,
            A::NotAttested,
            A::Revoked,
        ]
        .map(application),
    );
    assert_codes(
        "Phase",
        &[
            Phase::Alpha,
            Phase::Throughput,
            Phase::MainLaunch,
            Phase::OpenAccess,
        ]
        .map(phase),
    );
    assert_codes(
        "Field",
        &[
            Field::Admin,
            Field::Guardian,
            Field::StakingContract,
            Field::Operator,
            Field::SequencerSigner,
            Field::Name,
            Field::MetadataUri,
            Field::SnapshotSpace,
            Field::ContentHash,
            Field::SnapshotProposal,
            Field::NodeUri,
            Field::AnnouncementUri,
            Field::Reason,
            Field::ViewsProgram,
        ]
        .map(field),
    );
    assert_eq!(
        lst_registry::storage::LAST_PHASE as usize + 1,
        I::Phase::COUNT
    );
}

// ============================================================================ JSON ABI

/// Sorts object keys, recursively (solc's output order).
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}

/// Gives every parameter (of `inputs`, `outputs`, `components`) the `internalType` solc gives it.
/// `sol!` leaves it out for elementary types, whose internal type is the type itself; the
/// interface uses no other type in its signatures.
fn with_internal_types(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Array(items) => items.iter_mut().for_each(with_internal_types),
        serde_json::Value::Object(map) => {
            for key in ["inputs", "outputs", "components"] {
                let Some(serde_json::Value::Array(params)) = map.get_mut(key) else {
                    continue;
                };
                for param in params.iter_mut() {
                    let serde_json::Value::Object(param) = param else {
                        continue;
                    };
                    if !param.contains_key("internalType") {
                        let ty = param.get("type").cloned().unwrap_or_default();
                        param.insert("internalType".into(), ty);
                    }
                }
                params.iter_mut().for_each(with_internal_types);
            }
        }
        _ => {}
    }
}

/// The JSON ABI of the interface as solc lays it out: entries ordered by type then name, keys
/// sorted, `internalType` on every parameter, two-space indentation, final newline.
fn generated_json() -> String {
    let mut value = serde_json::to_value(interface()).expect("JSON ABI serialises");
    with_internal_types(&mut value);
    let items = value.as_array_mut().expect("a JSON ABI is an array");
    let key = |item: &serde_json::Value| {
        let text = |k: &str| {
            item.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        (text("type"), text("name"))
    };
    items.sort_by_key(key);
    let mut text = serde_json::to_string_pretty(&sorted(value)).expect("JSON ABI prints");
    text.push('\n');
    text
}

#[test]
fn committed_json_is_generated_from_the_interface() {
    let generated = generated_json();
    if std::env::var_os("UPDATE_ABI").is_some_and(|v| v == "1") {
        std::fs::write(path(JSON), &generated)
            .unwrap_or_else(|e| panic!("cannot write {JSON}: {e}"));
        eprintln!("wrote {JSON}");
        return;
    }
    let committed = std::fs::read_to_string(path(JSON)).unwrap_or_default();
    if committed.replace("\r\n", "\n") == generated {
        return;
    }
    // Say which entries differ, when the committed file parses at all.
    let items = |abi: &JsonAbi| -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        out.extend(
            abi.functions()
                .map(|f| format!("function {}", f.full_signature())),
        );
        out.extend(
            abi.events()
                .map(|e| format!("event {}", e.full_signature())),
        );
        out.extend(abi.errors().map(|e| {
            let params: Vec<String> = e
                .inputs
                .iter()
                .map(|p| format!("{} {}", p.ty, p.name))
                .collect();
            format!("error {}({})", e.name, params.join(", "))
        }));
        out
    };
    let detail = match serde_json::from_str::<JsonAbi>(&committed) {
        Ok(old) => {
            let (old, new) = (items(&old), items(&interface()));
            format!(
                "only in {JSON}: {:#?}\nonly in {INTERFACE}: {:#?}",
                old.difference(&new).collect::<Vec<_>>(),
                new.difference(&old).collect::<Vec<_>>()
            )
        }
        Err(e) => format!("{JSON} is missing or unparsable: {e}"),
    };
    panic!(
        "{JSON} is not the JSON ABI of {INTERFACE} (or not in its canonical layout).\n{detail}\n\
         Regenerate it with: UPDATE_ABI=1 cargo test -p lst-registry --test abi_drift"
    );
}

// ============================================================================ a program run

/// Drives the registry with calldata encoded from the interface, and checks every answer
/// against the interface: return data, revert data and logs must decode and re-encode to the
/// same bytes; views must neither write storage nor log.
struct Run {
    vm: TestVM,
    registry: LstRegistry,
    logs_seen: usize,
    views: BTreeSet<[u8; 4]>,
    succeeded: BTreeSet<&'static str>,
    events: BTreeSet<String>,
}

impl Run {
    fn new() -> Self {
        let vm = TestVM::new();
        let registry = LstRegistry::from(&vm);
        let views = interface()
            .functions()
            .filter(|f| {
                matches!(
                    f.state_mutability,
                    StateMutability::View | StateMutability::Pure
                )
            })
            .map(|f| f.selector().0)
            .collect();
        Self {
            vm,
            registry,
            logs_seen: 0,
            views,
            succeeded: BTreeSet::new(),
            events: BTreeSet::new(),
        }
    }

    /// The logs written since the last call, each checked to be an interface event.
    fn new_logs(&mut self) -> Vec<LogData> {
        let logs = self.vm.get_emitted_logs();
        let fresh = logs[self.logs_seen..].to_vec();
        self.logs_seen = logs.len();
        fresh
            .into_iter()
            .map(|(topics, data)| {
                let event =
                    ILstRegistryEvents::decode_raw_log(&topics, &data).unwrap_or_else(|e| {
                        panic!("log {topics:?} {} is no interface event: {e}", hex(&data))
                    });
                let log = event.to_log_data();
                assert_eq!(
                    log.topics(),
                    topics.as_slice(),
                    "topics are not the interface's encoding of {event:?}"
                );
                assert_eq!(
                    hex(&log.data),
                    hex(&data),
                    "data is not the interface's encoding of {event:?}"
                );
                let name = format!("{event:?}");
                self.events
                    .insert(name[..name.find('(').unwrap_or(name.len())].to_string());
                log
            })
            .collect()
    }

    /// Checks that the logs written since the last check are exactly `expected`.
    fn logged(&mut self, expected: &[LogData]) {
        let actual = self.new_logs();
        if actual != expected {
            let decode = |logs: &[LogData]| -> Vec<String> {
                logs.iter()
                    .map(
                        |log| match ILstRegistryEvents::decode_raw_log(log.topics(), &log.data) {
                            Ok(event) => format!("{event:?}"),
                            Err(_) => format!("{log:?}"),
                        },
                    )
                    .collect()
            };
            panic!(
                "logs differ\n  logged:   {:#?}\n  expected: {:#?}",
                decode(&actual),
                decode(expected)
            );
        }
    }

    /// Sends the raw `calldata` from `from`.
    fn raw(&mut self, from: Address, calldata: &[u8]) -> Result<Vec<u8>, ILstRegistryErrors> {
        self.vm.set_sender(from);
        let logs = self.vm.get_emitted_logs().len();
        let view = calldata.len() >= 4
            && self
                .views
                .contains(&<[u8; 4]>::try_from(&calldata[..4]).unwrap());
        let storage: HashMap<U256, B256> = if view {
            self.vm.snapshot().storage
        } else {
            HashMap::new()
        };
        let result = dispatch(&mut self.registry, calldata).map_err(|e| decode_error(&e.encode()));
        if result.is_err() {
            assert_eq!(
                self.vm.get_emitted_logs().len(),
                logs,
                "call {} logged, then reverted",
                hex(&calldata[..4])
            );
        }
        if view {
            assert!(
                self.vm.snapshot().storage == storage,
                "view {} wrote storage",
                hex(&calldata[..4])
            );
            assert_eq!(
                self.vm.get_emitted_logs().len(),
                logs,
                "view {} logged",
                hex(&calldata[..4])
            );
        }
        result
    }

    /// Calls `call` from `from`; decodes its return or revert data with the interface.
    fn call<C: SolCall>(
        &mut self,
        from: Address,
        call: C,
    ) -> Result<C::Return, ILstRegistryErrors> {
        let output = self.raw(from, &call.abi_encode())?;
        let decoded = C::abi_decode_returns_validate(&output).unwrap_or_else(|e| {
            panic!(
                "{}: return data {} does not decode: {e}",
                C::SIGNATURE,
                hex(&output)
            )
        });
        assert_eq!(
            hex(&C::abi_encode_returns(&decoded)),
            hex(&output),
            "{}: return data is not canonical",
            C::SIGNATURE
        );
        self.succeeded.insert(C::SIGNATURE);
        Ok(decoded)
    }

    /// Calls `call`, which must succeed.
    fn ok<C: SolCall>(&mut self, from: Address, call: C) -> C::Return {
        self.call(from, call)
            .unwrap_or_else(|e| panic!("{} reverted with {e:?}", C::SIGNATURE))
    }

    /// Calls `call`, which must revert with `expected`.
    fn fails<C: SolCall, E: SolError + Debug>(&mut self, from: Address, call: C, expected: E) {
        match self.call(from, call) {
            Ok(_) => panic!("{} succeeded, expected {expected:?}", C::SIGNATURE),
            Err(error) => assert_eq!(
                hex(&error.abi_encode()),
                hex(&expected.abi_encode()),
                "{}: {error:?}, expected {expected:?}",
                C::SIGNATURE
            ),
        }
    }
}

const METIS: u64 = 1_000_000_000_000_000_000;

fn metis(amount: u64) -> U256 {
    U256::from(amount) * U256::from(METIS)
}

fn account(n: u8) -> Address {
    Address::with_last_byte(n)
}

#[test]
fn a_program_run_speaks_the_interface() {
    use ILstRegistry as I;
    let (deployer, admin, new_admin, guardian, oracle, stranger) = (
        account(0x10),
        account(0x11),
        account(0x12),
        account(0x13),
        account(0x14),
        account(0x15),
    );
    let applicants = [account(0x21), account(0x22), account(0x23), account(0x24)];
    let staking = [account(0x31), account(0x32), account(0x33), account(0x34)];
    let (operator1, operator2) = (account(0x41), account(0x42));
    let (signer1, signer2, signer3) = (account(0x51), account(0x52), account(0x53));
    let mut run = Run::new();
    run.vm.set_block_timestamp(1_000);

    // ---- deployment, through the constructor route
    let mut constructor = router::selector("stylus_constructor()")
        .to_be_bytes()
        .to_vec();
    let views = account(0x77);
    run.vm.set_code(views, vec![0xEF, 0xF0, 0x00, 0x00]);
    constructor.extend_from_slice(&alloy_sol_types::SolValue::abi_encode(&(admin, views)));
    run.raw(deployer, &constructor).expect("constructor");
    run.logged(&[
        I::AdminTransferred {
            previousAdmin: Address::ZERO,
            newAdmin: admin,
        }
        .encode_log_data(),
        I::GuardianChanged {
            previousGuardian: Address::ZERO,
            newGuardian: admin,
        }
        .encode_log_data(),
    ]);
    let again = run
        .raw(stranger, &constructor)
        .expect_err("a second constructor run");
    assert_eq!(
        hex(&again.abi_encode()),
        hex(&I::RegistryAlreadyInitialised {}.abi_encode())
    );

    // ---- roles
    assert_eq!(run.ok(stranger, I::adminCall {}), admin);
    assert_eq!(run.ok(stranger, I::guardianCall {}), admin);
    assert!(!run.ok(stranger, I::pausedCall {}));
    assert_eq!(run.ok(stranger, I::viewsProgramCall {}), views);
    run.fails(
        stranger,
        I::transferAdminCall {
            newAdmin: new_admin,
        },
        I::RegistryNotAdmin { caller: stranger },
    );
    run.ok(
        admin,
        I::transferAdminCall {
            newAdmin: new_admin,
        },
    );
    run.logged(&[I::AdminTransferStarted {
        admin,
        pendingAdmin: new_admin,
    }
    .encode_log_data()]);
    assert_eq!(run.ok(stranger, I::pendingAdminCall {}), new_admin);
    run.fails(
        stranger,
        I::acceptAdminCall {},
        I::RegistryNotPendingAdmin {
            caller: stranger,
            pendingAdmin: new_admin,
        },
    );
    run.ok(new_admin, I::acceptAdminCall {});
    run.logged(&[I::AdminTransferred {
        previousAdmin: admin,
        newAdmin: new_admin,
    }
    .encode_log_data()]);
    let (first_admin, admin) = (admin, new_admin);
    assert_eq!(run.ok(stranger, I::adminCall {}), admin);
    assert_eq!(run.ok(stranger, I::pendingAdminCall {}), Address::ZERO);
    run.fails(
        admin,
        I::setGuardianCall {
            newGuardian: Address::ZERO,
        },
        I::RegistryZeroAddress { field: 1 },
    );
    run.ok(
        admin,
        I::setGuardianCall {
            newGuardian: guardian,
        },
    );
    run.logged(&[I::GuardianChanged {
        previousGuardian: first_admin,
        newGuardian: guardian,
    }
    .encode_log_data()]);
    run.ok(guardian, I::pauseCall {});
    run.logged(&[I::Paused { account: guardian }.encode_log_data()]);
    assert!(run.ok(stranger, I::pausedCall {}));
    run.fails(
        admin,
        I::openRoundCall {
            slots: 1,
            deadline: 2_000,
        },
        I::RegistryPaused {},
    );
    run.fails(
        guardian,
        I::unpauseCall {},
        I::RegistryNotAdmin { caller: guardian },
    );
    run.ok(admin, I::unpauseCall {});
    run.logged(&[I::Unpaused { account: admin }.encode_log_data()]);

    // ---- rules and phases
    let defaults = run.ok(stranger, I::rulesCall {});
    assert!(!defaults.countingMode.is_empty());
    assert_eq!(defaults.snapshotSpace, "metislayer2.eth");
    assert_eq!(defaults.attestationWindow, 14 * 86_400);
    run.fails(
        admin,
        I::setSnapshotSpaceCall {
            space: String::new(),
        },
        I::RegistryInvalidLength {
            field: 7,
            length: U256::ZERO,
            min: U256::from(1),
            max: U256::from(64),
        },
    );
    run.ok(
        admin,
        I::setSnapshotSpaceCall {
            space: "lst.eth".into(),
        },
    );
    run.logged(&[I::SnapshotSpaceChanged {
        space: "lst.eth".into(),
    }
    .encode_log_data()]);
    run.fails(
        admin,
        I::setVoteRulesCall {
            quorum: metis(100),
            minVoters: 10,
            approvalBps: 5_000,
            attestationWindow: 2 * 86_400,
        },
        I::RegistryInvalidApproval { approvalBps: 5_000 },
    );
    run.fails(
        admin,
        I::setVoteRulesCall {
            quorum: metis(100),
            minVoters: 10,
            approvalBps: 6_000,
            attestationWindow: 86_399,
        },
        I::RegistryInvalidAttestationWindow {
            window: 86_399,
            min: 86_400,
            max: 90 * 86_400,
        },
    );
    run.ok(
        admin,
        I::setVoteRulesCall {
            quorum: metis(100),
            minVoters: 10,
            approvalBps: 6_000,
            attestationWindow: 2 * 86_400,
        },
    );
    run.logged(&[I::VoteRulesChanged {
        quorum: metis(100),
        minVoters: 10,
        approvalBps: 6_000,
        attestationWindow: 2 * 86_400,
    }
    .encode_log_data()]);
    run.ok(
        admin,
        I::setStakeCapBoundsCall {
            minCap: metis(10),
            maxCap: metis(1_000),
        },
    );
    run.logged(&[I::StakeCapBoundsChanged {
        minCap: metis(10),
        maxCap: metis(1_000),
    }
    .encode_log_data()]);
    let rules = run.ok(stranger, I::rulesCall {});
    assert_eq!(
        (
            rules.quorum,
            rules.minVoters,
            rules.approvalBps,
            rules.attestationWindow,
            rules.minCap,
            rules.maxCap,
            rules.countingMode,
            rules.snapshotSpace.as_str()
        ),
        (
            metis(100),
            10,
            6_000,
            2 * 86_400,
            metis(10),
            metis(1_000),
            defaults.countingMode,
            "lst.eth"
        )
    );
    let limits = run.ok(stranger, I::phaseNodeLimitsCall {});
    let throughput = limits[1] + 1;
    run.ok(
        admin,
        I::setPhaseNodeLimitCall {
            targetPhase: 1,
            limit: throughput,
        },
    );
    run.logged(&[I::PhaseNodeLimitChanged {
        phase: 1,
        limit: throughput,
    }
    .encode_log_data()]);
    // The limit in force again: a success that writes and logs nothing.
    run.ok(
        admin,
        I::setPhaseNodeLimitCall {
            targetPhase: 1,
            limit: throughput,
        },
    );
    run.logged(&[]);
    run.ok(admin, I::advancePhaseCall { to: 1 });
    run.logged(&[I::PhaseAdvanced { from: 0, to: 1 }.encode_log_data()]);
    run.fails(
        admin,
        I::advancePhaseCall { to: 3 },
        I::RegistryInvalidPhaseTransition { from: 1, to: 3 },
    );
    assert_eq!(
        run.ok(stranger, I::phaseNodeLimitsCall {}),
        [limits[0], throughput, limits[2], limits[3]]
    );
    let phase = run.ok(stranger, I::phaseCall {});
    assert_eq!(
        (phase.current, phase.nodeLimit, phase.nodeCount),
        (1, throughput, 0)
    );

    // ---- oracle set
    run.ok(
        admin,
        I::setOracleSetCall {
            signers: vec![oracle],
            threshold: 1,
        },
    );
    let now: u64 = 1_000; // the block timestamp set above
    run.logged(&[I::OracleSetChanged {
        epoch: 1,
        signers: vec![oracle],
        threshold: 1,
        effectiveAt: now,
    }
    .encode_log_data()]);
    let set = run.ok(stranger, I::oracleSetCall {});
    assert_eq!(
        (set.signers, set.threshold, set.epoch),
        (vec![oracle], 1, 1)
    );
    assert_eq!(
        (
            set.nextSigners,
            set.nextThreshold,
            set.nextEpoch,
            set.nextAt,
            set.delay
        ),
        (vec![], 0, 0, 0, 2 * 86_400)
    );
    run.fails(
        admin,
        I::setOracleSetDelayCall { delay: 86_399 },
        I::RegistryInvalidOracleSetDelay {
            delay: 86_399,
            min: 86_400,
            max: 30 * 86_400,
        },
    );
    run.ok(admin, I::setOracleSetDelayCall { delay: 3 * 86_400 });
    run.logged(&[I::OracleSetDelayChanged { delay: 3 * 86_400 }.encode_log_data()]);
    // A second change is scheduled: the first set stays in force until the delay has passed.
    run.ok(
        admin,
        I::setOracleSetCall {
            signers: vec![oracle],
            threshold: 1,
        },
    );
    run.logged(&[I::OracleSetChanged {
        epoch: 2,
        signers: vec![oracle],
        threshold: 1,
        effectiveAt: now + 3 * 86_400,
    }
    .encode_log_data()]);
    let set = run.ok(stranger, I::oracleSetCall {});
    assert_eq!(
        (
            set.epoch,
            set.nextSigners,
            set.nextThreshold,
            set.nextEpoch,
            set.nextAt
        ),
        (1, vec![oracle], 1, 2, now + 3 * 86_400)
    );
    assert_ne!(run.ok(stranger, I::domainSeparatorCall {}), B256::ZERO);

    // ---- Stage 1: a round with three live applications and a withdrawn one
    assert_eq!(
        run.ok(
            admin,
            I::openRoundCall {
                slots: 1,
                deadline: 2_000
            }
        ),
        1
    );
    run.logged(&[I::RoundOpened {
        roundId: 1,
        slots: 1,
        deadline: 2_000,
        phase: 1,
    }
    .encode_log_data()]);
    let content = |i: u64| B256::with_last_byte(0xc0 + i as u8);
    let proposal = |i: u64| B256::with_last_byte(0xd0 + i as u8);
    for (n, (applicant, staking)) in (1u64..).zip(applicants.iter().zip(staking)) {
        let id = run.ok(
            *applicant,
            I::submitApplicationCall {
                name: format!("LST {n}"),
                metadataUri: format!("ipfs://application-{n}"),
                contentHash: content(n),
                snapshotSpace: "lst.eth".into(),
                snapshotProposal: proposal(n),
                stakingContract: staking,
            },
        );
        assert_eq!(id, n);
        run.logged(&[I::ApplicationSubmitted {
            roundId: 1,
            applicationId: n,
            applicant: *applicant,
            stakingContract: staking,
            contentHash: content(n),
            snapshotProposal: proposal(n),
        }
        .encode_log_data()]);
    }
    // One live application per applicant (and per staking contract) in a round.
    run.fails(
        applicants[0],
        I::submitApplicationCall {
            name: "LST 1 again".into(),
            metadataUri: "ipfs://again".into(),
            contentHash: content(5),
            snapshotSpace: "lst.eth".into(),
            snapshotProposal: proposal(5),
            stakingContract: account(0x35),
        },
        I::RegistryAlreadyApplied {
            account: applicants[0],
            applicationId: 1,
        },
    );
    run.fails(
        stranger,
        I::withdrawApplicationCall { applicationId: 4 },
        I::RegistryNotApplicant {
            applicationId: 4,
            caller: stranger,
        },
    );
    run.ok(
        applicants[3],
        I::withdrawApplicationCall { applicationId: 4 },
    );
    run.logged(&[I::ApplicationWithdrawn {
        roundId: 1,
        applicationId: 4,
    }
    .encode_log_data()]);
    assert_eq!(
        run.ok(stranger, I::eligibilityCall { applicationId: 4 }),
        I::eligibilityReturn {
            eligible: false,
            status: 2
        }
    );

    // Tallies: 1 passes with the most For weight, 2 passes second, 3 misses the quorum. The
    // signature is a well-formed placeholder; the ecrecover precompile is mocked to answer the
    // oracle for exactly that signature over exactly the digest the registry reports.
    let tallies = [
        (1u64, 300u64, 10u64, 5u64, 50u32),
        (2, 200, 20, 0, 40),
        (3, 50, 0, 0, 50),
    ];
    for (id, for_votes, against, abstain, voters) in tallies {
        let (for_votes, against, abstain) = (metis(for_votes), metis(against), metis(abstain));
        let digest = run.ok(
            stranger,
            I::tallyDigestCall {
                applicationId: id,
                forVotes: for_votes,
                againstVotes: against,
                abstainVotes: abstain,
                voters,
            },
        );
        let (r, s, v) = (B256::with_last_byte(1), B256::with_last_byte(2), 27u8);
        let mut signature = [r.as_slice(), s.as_slice()].concat();
        signature.push(v);
        let ecrecover_input = [
            digest.as_slice(),
            B256::with_last_byte(v).as_slice(),
            r.as_slice(),
            s.as_slice(),
        ]
        .concat();
        run.vm.mock_static_call(
            account(0x01),
            ecrecover_input,
            Ok(alloy_sol_types::SolValue::abi_encode(&oracle)),
        );
        run.ok(
            stranger,
            I::attestTallyCall {
                applicationId: id,
                forVotes: for_votes,
                againstVotes: against,
                abstainVotes: abstain,
                voters,
                signatures: signature.into(),
            },
        );
        run.logged(&[I::TallyAttested {
            roundId: 1,
            applicationId: id,
            oracleEpoch: 1,
            forVotes: for_votes,
            againstVotes: against,
            abstainVotes: abstain,
            voters,
        }
        .encode_log_data()]);
        let tally = run.ok(stranger, I::applicationTallyCall { applicationId: id });
        assert_eq!(
            (
                tally.forVotes,
                tally.againstVotes,
                tally.abstainVotes,
                tally.voters,
                tally.oracleEpoch
            ),
            (for_votes, against, abstain, voters, 1)
        );
    }
    run.fails(
        stranger,
        I::finaliseRoundCall { roundId: 1 },
        I::RegistryWrongRoundStatus {
            roundId: 1,
            status: 1,
            expected: 2,
        },
    );
    run.fails(
        stranger,
        I::closeRoundCall { roundId: 1 },
        I::RegistryDeadline {
            roundId: 1,
            deadline: 2_000,
            now: 1_000,
        },
    );
    run.ok(admin, I::closeRoundCall { roundId: 1 });
    run.logged(&[I::RoundClosed {
        roundId: 1,
        applications: 4,
    }
    .encode_log_data()]);
    run.ok(stranger, I::finaliseRoundCall { roundId: 1 });
    run.logged(&[
        I::ApplicationFailed {
            roundId: 1,
            applicationId: 3,
            reason: 6,
        }
        .encode_log_data(),
        I::ApplicationQualified {
            roundId: 1,
            applicationId: 1,
            rank: 1,
        }
        .encode_log_data(),
        I::ApplicationPassed {
            roundId: 1,
            applicationId: 2,
            rank: 2,
        }
        .encode_log_data(),
        I::RoundFinalised {
            roundId: 1,
            passed: 2,
            qualified: 1,
        }
        .encode_log_data(),
    ]);
    let round = run.ok(stranger, I::roundCall { roundId: 1 });
    assert_eq!(
        (
            round.slots,
            round.status,
            round.roundPhase,
            round.firstApplication,
            round.applications,
            round.live,
            round.tallied,
            round.passed,
            round.qualified,
            round.deadline,
            round.attestationDeadline,
        ),
        (1, 3, 1, 1, 4, 3, 3, 2, 1, 2_000, 2_000 + 2 * 86_400)
    );
    assert_eq!(
        (
            round.quorum,
            round.minVoters,
            round.approvalBps,
            round.attestationWindow
        ),
        (metis(100), 10, 6_000, 2 * 86_400)
    );
    assert_eq!(
        run.ok(
            stranger,
            I::roundApplicationsCall {
                roundId: 1,
                offset: 1,
                limit: 2
            }
        ),
        vec![2, 3]
    );
    assert_eq!(
        run.ok(
            stranger,
            I::roundApplicationsCall {
                roundId: 1,
                offset: 0,
                limit: u64::MAX
            }
        ),
        vec![1, 2, 3, 4]
    );
    let app = run.ok(stranger, I::applicationCall { applicationId: 1 });
    assert_eq!(
        (
            app.roundId,
            app.applicant,
            app.stakingContract,
            app.status,
            app.rank,
            app.contentHash,
            app.snapshotProposal
        ),
        (1, applicants[0], staking[0], 4, 1, content(1), proposal(1))
    );
    assert_eq!(
        (
            app.name.as_str(),
            app.metadataUri.as_str(),
            app.snapshotSpace.as_str()
        ),
        ("LST 1", "ipfs://application-1", "lst.eth")
    );
    assert_eq!(
        run.ok(stranger, I::eligibilityCall { applicationId: 1 }),
        I::eligibilityReturn {
            eligible: true,
            status: 4
        }
    );
    assert_eq!(
        run.ok(stranger, I::eligibilityCall { applicationId: 2 }),
        I::eligibilityReturn {
            eligible: false,
            status: 5
        }
    );
    assert_eq!(
        run.ok(stranger, I::eligibilityCall { applicationId: 99 }),
        I::eligibilityReturn {
            eligible: false,
            status: 0
        }
    );

    // ---- Stage 2: two nodes, two pairings, a report, a cap change, an unpairing
    run.vm.set_block_timestamp(3_000);
    let node_uri = |n: u8| format!("ipfs://node-{n}");
    for (n, (operator, signer)) in [(1u64, (operator1, signer1)), (2, (operator2, signer2))] {
        let call = I::registerNodeCall {
            operator,
            sequencerSigner: signer,
            metadataUri: node_uri(n as u8),
        };
        assert_eq!(run.ok(admin, call), n);
        run.logged(&[I::NodeRegistered {
            nodeId: n,
            operator,
            sequencerSigner: signer,
        }
        .encode_log_data()]);
    }
    run.fails(
        admin,
        I::registerNodeCall {
            operator: operator2,
            sequencerSigner: signer1,
            metadataUri: node_uri(3),
        },
        I::RegistrySignerInUse {
            signer: signer1,
            nodeId: 1,
        },
    );
    run.fails(
        operator1,
        I::updateNodeCall {
            nodeId: 1,
            operator: operator2,
            sequencerSigner: signer1,
            metadataUri: node_uri(1),
        },
        I::RegistryNotAdmin { caller: operator1 },
    );
    // A new sequencer signer needs the admin.
    run.fails(
        operator1,
        I::updateNodeCall {
            nodeId: 1,
            operator: operator1,
            sequencerSigner: signer3,
            metadataUri: node_uri(11),
        },
        I::RegistryNotAdmin { caller: operator1 },
    );
    run.ok(
        admin,
        I::updateNodeCall {
            nodeId: 1,
            operator: operator1,
            sequencerSigner: signer3,
            metadataUri: node_uri(11),
        },
    );
    run.logged(&[I::NodeUpdated {
        nodeId: 1,
        operator: operator1,
        sequencerSigner: signer3,
    }
    .encode_log_data()]);
    assert_eq!(
        run.ok(
            stranger,
            I::nodeOfSignerCall {
                sequencerSigner: signer1
            }
        ),
        1
    );
    assert_eq!(
        run.ok(
            stranger,
            I::nodeOfSignerCall {
                sequencerSigner: signer3
            }
        ),
        1
    );
    let node = run.ok(stranger, I::nodeCall { nodeId: 1 });
    assert_eq!(
        (
            node.operator,
            node.sequencerSigner,
            node.activePairing,
            node.registeredPhase,
            node.registeredAt,
            node.metadataUri
        ),
        (operator1, signer3, 0, 1, 3_000, node_uri(11))
    );
    assert_eq!(
        run.ok(
            stranger,
            I::nodesCall {
                offset: 0,
                limit: 10
            }
        ),
        vec![1, 2]
    );

    run.fails(
        operator2,
        I::pairCall {
            nodeId: 2,
            applicationId: 2,
            stakeCap: metis(50),
            announcementUri: "ipfs://pair".into(),
        },
        I::RegistryWrongApplicationStatus {
            applicationId: 2,
            status: 5,
            expected: 4,
        },
    );
    run.fails(
        operator1,
        I::pairCall {
            nodeId: 1,
            applicationId: 1,
            stakeCap: metis(5),
            announcementUri: "ipfs://pair".into(),
        },
        I::RegistryInvalidStakeCap {
            cap: metis(5),
            min: metis(10),
            max: metis(1_000),
        },
    );
    let pair = |node: u64, cap: u64| I::pairCall {
        nodeId: node,
        applicationId: 1,
        stakeCap: metis(cap),
        announcementUri: format!("ipfs://pair-{node}"),
    };
    assert_eq!(run.ok(operator1, pair(1, 100)), 1);
    run.logged(&[I::NodePaired {
        nodeId: 1,
        pairingId: 1,
        applicationId: 1,
        stakeCap: metis(100),
        nonce: 1,
    }
    .encode_log_data()]);
    assert_eq!(run.ok(operator2, pair(2, 50)), 2);
    run.logged(&[I::NodePaired {
        nodeId: 2,
        pairingId: 2,
        applicationId: 1,
        stakeCap: metis(50),
        nonce: 2,
    }
    .encode_log_data()]);
    run.fails(
        staking[0],
        I::reportStakeCall {
            pairingId: 3,
            stake: metis(40),
        },
        I::RegistryUnknownPairing { pairingId: 3 },
    );
    run.fails(
        stranger,
        I::reportStakeCall {
            pairingId: 1,
            stake: metis(40),
        },
        I::RegistryNotStakingContract {
            nodeId: 1,
            caller: stranger,
            stakingContract: staking[0],
        },
    );
    run.fails(
        staking[0],
        I::reportStakeCall {
            pairingId: 1,
            stake: metis(101),
        },
        I::RegistryStakeAboveCap {
            nodeId: 1,
            stake: metis(101),
            cap: metis(100),
        },
    );
    run.ok(
        staking[0],
        I::reportStakeCall {
            pairingId: 1,
            stake: metis(40),
        },
    );
    run.logged(&[I::StakeReported {
        nodeId: 1,
        pairingId: 1,
        stake: metis(40),
    }
    .encode_log_data()]);
    run.fails(
        operator1,
        I::setStakeCapCall {
            nodeId: 1,
            stakeCap: metis(30),
        },
        I::RegistryCapBelowStake {
            nodeId: 1,
            cap: metis(30),
            stake: metis(40),
        },
    );
    run.ok(
        operator1,
        I::setStakeCapCall {
            nodeId: 1,
            stakeCap: metis(60),
        },
    );
    run.logged(&[I::StakeCapChanged {
        nodeId: 1,
        pairingId: 1,
        previousCap: metis(100),
        newCap: metis(60),
        nonce: 3,
    }
    .encode_log_data()]);
    assert_eq!(
        run.ok(stranger, I::remainingCapacityCall { nodeId: 1 }),
        metis(20)
    );
    let active = run.ok(
        stranger,
        I::activePairingsCall {
            offset: 0,
            limit: 10,
        },
    );
    assert_eq!(
        (
            active.nodeIds,
            active.pairingIds,
            active.applicationIds,
            active.stakeCaps,
            active.remaining
        ),
        (
            vec![1, 2],
            vec![1, 2],
            vec![1, 1],
            vec![metis(60), metis(50)],
            vec![metis(20), metis(50)]
        )
    );
    run.vm.set_block_timestamp(4_000);
    run.ok(
        admin,
        I::unpairCall {
            nodeId: 2,
            reason: "rotation".into(),
        },
    );
    run.logged(&[I::NodeUnpaired {
        nodeId: 2,
        pairingId: 2,
        by: admin,
        reason: "rotation".into(),
        nonce: 4,
    }
    .encode_log_data()]);
    let pairing = run.ok(stranger, I::pairingCall { pairingId: 2 });
    assert_eq!(
        (
            pairing.nodeId,
            pairing.applicationId,
            pairing.stakeCap,
            pairing.stake,
            pairing.startedAt,
            pairing.endedAt
        ),
        (2, 1, metis(50), U256::ZERO, 3_000, 4_000)
    );
    assert_eq!(pairing.announcementUri, "ipfs://pair-2");
    run.fails(
        staking[0],
        I::reportStakeCall {
            pairingId: 2,
            stake: metis(1),
        },
        I::RegistryPairingEnded { pairingId: 2 },
    );
    let pairing = run.ok(stranger, I::pairingCall { pairingId: 1 });
    assert_eq!(
        (pairing.stakeCap, pairing.stake, pairing.endedAt),
        (metis(60), metis(40), 0)
    );
    assert_eq!(
        run.ok(stranger, I::remainingCapacityCall { nodeId: 2 }),
        U256::ZERO
    );
    assert_eq!(run.ok(stranger, I::pairingNonceCall {}), 4);
    let counts = run.ok(stranger, I::countsCall {});
    assert_eq!(
        (
            counts.roundCount,
            counts.applicationCount,
            counts.nodeCount,
            counts.pairingCount
        ),
        (1, 4, 2, 2)
    );

    // ---- revocation: application 1 loses its eligibility and node 1's pairing ends
    run.vm.set_block_timestamp(5_000);
    run.fails(
        stranger,
        I::revokeApplicationCall {
            applicationId: 1,
            reason: "exploit".into(),
        },
        I::RegistryNotAdmin { caller: stranger },
    );
    run.fails(
        admin,
        I::revokeApplicationCall {
            applicationId: 1,
            reason: String::new(),
        },
        I::RegistryInvalidLength {
            field: 12,
            length: U256::ZERO,
            min: U256::from(1),
            max: U256::from(256),
        },
    );
    run.ok(
        admin,
        I::revokeApplicationCall {
            applicationId: 1,
            reason: "staking contract exploited".into(),
        },
    );
    run.logged(&[
        I::ApplicationRevoked {
            roundId: 1,
            applicationId: 1,
            previousStatus: 4,
            reason: "staking contract exploited".into(),
        }
        .encode_log_data(),
        I::NodeUnpaired {
            nodeId: 1,
            pairingId: 1,
            by: admin,
            reason: "staking contract exploited".into(),
            nonce: 5,
        }
        .encode_log_data(),
    ]);
    run.fails(
        admin,
        I::revokeApplicationCall {
            applicationId: 1,
            reason: "again".into(),
        },
        I::RegistryWrongApplicationStatus {
            applicationId: 1,
            status: 10,
            expected: 4,
        },
    );
    assert_eq!(
        run.ok(stranger, I::eligibilityCall { applicationId: 1 }),
        I::eligibilityReturn {
            eligible: false,
            status: 10
        }
    );
    assert_eq!(
        run.ok(stranger, I::pairingCall { pairingId: 1 }).endedAt,
        5_000
    );
    assert_eq!(run.ok(stranger, I::nodeCall { nodeId: 1 }).activePairing, 0);
    assert_eq!(run.ok(stranger, I::pairingNonceCall {}), 5);
    run.fails(
        staking[0],
        I::reportStakeCall {
            pairingId: 1,
            stake: metis(1),
        },
        I::RegistryPairingEnded { pairingId: 1 },
    );

    // ---- coverage: every function answered, every event was logged
    run.logged(&[]);
    let functions: BTreeSet<String> = interface().functions().map(|f| f.signature()).collect();
    let called: BTreeSet<String> = run.succeeded.iter().map(|s| s.to_string()).collect();
    let never_called: Vec<&String> = functions.difference(&called).collect();
    assert!(
        never_called.is_empty(),
        "functions this run never called successfully: {never_called:#?}"
    );
    let events: BTreeSet<String> = interface().events().map(|e| e.name.clone()).collect();
    let never_logged: Vec<&String> = events.difference(&run.events).collect();
    assert!(
        never_logged.is_empty(),
        "events this run never logged: {never_logged:#?}"
    );
}
