//! The lifecycle scenario: every transaction ends with exactly the expected events or
//! custom error, and the final state is the expected one.

use lst_registry_client::abi::RegistryEvent;
use lst_registry_client::Status;
use lst_registry_e2e::scenario::lifecycle;
use lst_registry_e2e::transcript::Transcript;

fn run() -> Transcript {
    lifecycle().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_lifecycle_ends_as_expected() {
    let transcript = run();
    assert!(transcript.is_ok(), "{}", transcript.failures().join("\n"));
    let steps: Vec<_> = transcript.steps().collect();
    assert_eq!(steps.len(), 96);
    let reverts = steps
        .iter()
        .filter(|s| s.status == Some(Status::Revert))
        .count();
    assert_eq!(reverts, 18, "expected reverts");
    assert!(steps
        .iter()
        .all(|s| s.status == Some(Status::Success) || s.expected_revert));
}

#[test]
fn the_lifecycle_shows_the_stake_above_cap_revert_and_the_final_table() {
    let transcript = run();
    let text = transcript.render();
    assert!(text.contains("RegistryStakeAboveCap { nodeId: 5, stake: 100,000.000000000000000001 METIS, cap: 100,000 METIS }"));
    assert!(
        text.contains("RegistryProposalUsed"),
        "the clone is refused"
    );
    assert!(
        text.contains("RegistryWrongSnapshotSpace"),
        "the vote in the applicant's own space is refused"
    );
    for (refusal, why) in [
        (
            "RegistryAlreadyApplied { account: Nova LST team, applicationId: 3 }",
            "a second application by the same applicant",
        ),
        (
            "RegistryAlreadyApplied { account: Orbit Staking vault, applicationId: 4 }",
            "a second application naming the same staking contract",
        ),
        (
            "RegistryTalliesMissing { roundId: 2, tallied: 6, live: 7 }",
            "a missing tally holds the round until the attestation deadline",
        ),
        (
            "RegistryWrongApplicationStatus { applicationId: 3, status: 10, expected: 4 }",
            "a revoked LST is not paired again",
        ),
        (
            "RegistryNoCode { account: Quasar LST vault }",
            "no pairing before the LST's staking contract is deployed",
        ),
        (
            "RegistryNotStakingContract { nodeId: 1, caller: Stranger, stakingContract: Artemis vault }",
            "only the paired LST's vault reports its stake",
        ),
    ] {
        assert!(text.contains(refusal), "{why}: {refusal}");
    }
    assert!(text.contains("ApplicationRevoked { roundId: 2, applicationId: 3, previousStatus: 4"));
    let state = transcript.final_state.as_ref().expect("final state");
    assert_eq!(
        (
            state.phase,
            state.node_limit,
            state.nodes.len(),
            state.pairings.len()
        ),
        (3, 64, 9, 8)
    );
    // Nova's revocation ended node 6's pairing; node 7 moved to Quasar LST, and the METIS
    // withdrawn from Nova's vault for node 7 was not reported to that new pairing.
    assert!(state.pairings.iter().all(|p| p.lst != "Nova LST"));
    assert_eq!(state.nodes[5].active_pairing, 0, "node 6 is unpaired");
    let moved = state
        .pairings
        .iter()
        .find(|p| p.node_id == 7)
        .expect("node 7 paired again");
    assert_eq!(
        (moved.pairing_id, moved.lst.as_str(), moved.stake),
        (10, "Quasar LST", lst_registry_e2e::render::metis(18_000))
    );
    let caps: Vec<String> = state
        .pairings
        .iter()
        .map(|p| lst_registry_e2e::render::format_metis(p.cap))
        .collect();
    assert!(
        caps.iter()
            .all(|c| c == "20,000 METIS" || c == "100,000 METIS"),
        "{caps:?}"
    );
    let open_access_node = state
        .pairings
        .iter()
        .find(|p| p.node_id == 9)
        .expect("node 9 paired");
    assert_eq!(open_access_node.lst, "Artemis");
}

#[test]
fn the_lifecycle_selects_fails_and_ranks_as_the_rules_say() {
    let transcript = run();
    let events: Vec<&RegistryEvent> = transcript.steps().flat_map(|s| s.events.iter()).collect();
    let failed: Vec<(u64, u8)> = events
        .iter()
        .filter_map(|e| match e {
            RegistryEvent::ApplicationFailed(f) => Some((f.applicationId, f.reason)),
            _ => None,
        })
        .collect();
    assert_eq!(
        failed,
        [(4, 6), (6, 7), (7, 8), (10, 9)],
        "quorum, voters, approval, not attested"
    );
    let passed: Vec<(u64, u16)> = events
        .iter()
        .filter_map(|e| match e {
            RegistryEvent::ApplicationPassed(p) => Some((p.applicationId, p.rank)),
            _ => None,
        })
        .collect();
    assert_eq!(passed, [(8, 3)], "passed, not selected");
}

#[test]
fn a_step_that_differs_from_its_expectation_is_reported() {
    use lst_registry_client::abi::ILstRegistry as I;
    use lst_registry_client::actors::{Actor, AddressBook};
    use lst_registry_client::artifact;
    use lst_registry_e2e::scenario::runner::Runner;
    use lst_registry_e2e::Registry;

    let (admin, stranger) = (Actor::new("Admin"), Actor::new("Stranger"));
    let wasm = artifact::load().unwrap_or_else(|e| panic!("{e}"));
    let (registry, _) = Registry::deploy(
        lst_registry_client::devnet::devnet(),
        &wasm,
        admin.address,
        admin.address,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut run = Runner::new(registry, AddressBook::default());
    // expected to succeed, but a stranger may not pause
    run.ok(
        &stranger,
        I::pauseCall {},
        "",
        vec![I::Paused {
            account: stranger.address,
        }
        .into()],
    );
    // expected the wrong error
    run.fails(&admin, I::unpauseCall {}, "", I::RegistryPaused {});
    // expected other events
    run.ok(&admin, I::pauseCall {}, "", vec![]);
    let failures = run.transcript.failures();
    assert_eq!(failures.len(), 3, "{failures:#?}");
    assert!(
        failures[0].contains("RegistryNotGuardian"),
        "{}",
        failures[0]
    );
    assert!(failures[1].contains("RegistryNotPaused"), "{}", failures[1]);
    assert!(
        failures[2].contains("expected 0 events, got 1"),
        "{}",
        failures[2]
    );
    assert!(!run.transcript.is_ok());
}
