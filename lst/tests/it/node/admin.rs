//! The admin's commands: phases, nodes, the oracle set and its delay, the vote rules and their
//! attestation window.

use super::*;

/// Two oracle signers, given unsorted to `set-oracle-set`.
const ORACLE_B2: &str = "0x00000000000000000000000000000000000000B2";
const ORACLE_A1: &str = "0x00000000000000000000000000000000000000A1";

/// `lst set-oracle-set` of the two signers above, threshold 2, by the admin; its JSON report.
fn set_two_oracles(at: &[String], admin: &str) -> serde_json::Value {
    lst(&with(
        at,
        &[
            "--json",
            "set-oracle-set",
            "--signer",
            ORACLE_B2,
            "--signer",
            ORACLE_A1,
            "--threshold",
            "2",
            "--key-file",
            admin,
        ],
    ))
    .json()
}

#[test]
fn admin_phases_nodes_and_oracle_set() {
    let node = seeded_node();
    let at = endpoint(&node);
    let work = Workdir::new();
    let admin = work.key_file("admin.key", &node.accounts[0].private_key);
    let operator = node.accounts[9].address.to_string();
    let register = |signer: &str| {
        lst(&with(
            &at,
            &[
                "--json",
                "register-node",
                "--operator",
                &operator,
                "--signer",
                signer,
                "--metadata-uri",
                "ipfs://node-5",
                "--key-file",
                &admin,
            ],
        ))
    };
    let signer = "0x00000000000000000000000000000000000A11CE";

    // Alpha allows 4 nodes, all taken.
    let output = register(signer).fails();
    assert!(output.contains("RegistryNodeLimitReached"), "{output}");
    assert!(output.contains("Alpha"), "{output}");

    // Only the admin moves phases.
    let stranger = work.key_file("stranger.key", &node.accounts[9].private_key);
    assert!(lst(&with(&at, &["advance-phase", "--key-file", &stranger]))
        .fails()
        .contains("RegistryNotAdmin"));
    let advanced = lst(&with(
        &at,
        &["--json", "advance-phase", "--key-file", &admin],
    ))
    .json();
    assert_eq!(advanced["events"][0]["params"][1]["meaning"], "Throughput");
    let output = lst(&with(
        &at,
        &["advance-phase", "--to", "open-access", "--key-file", &admin],
    ))
    .fails();
    assert!(
        output.contains("RegistryInvalidPhaseTransition"),
        "{output}"
    );
    lst(&with(
        &at,
        &["advance-phase", "--to", "MainLaunch", "--key-file", &admin],
    ))
    .ok();
    let phase = lst(&with(&at, &["--json", "phase"])).json();
    assert_eq!(
        (phase["phaseName"].as_str(), phase["nodeLimit"].as_u64()),
        (Some("MainLaunch"), Some(16))
    );

    let registered = register(signer).json();
    assert_eq!(registered["returned"]["nodeId"], 5);
    assert_eq!(event_names(&registered), ["NodeRegistered"]);
    let node5 = lst(&with(&at, &["--json", "node", "5"])).json();
    assert_eq!(node5["registeredPhase"], "MainLaunch");

    // A new oracle set (given unsorted; sorted by the tool) is scheduled under the next epoch;
    // it takes effect after the two-day oracle-set delay.
    let (a, b) = (ORACLE_B2, ORACLE_A1);
    let set = set_two_oracles(&at, &admin);
    assert_eq!(event_names(&set), ["OracleSetChanged"]);
    let status = lst(&with(&at, &["--json", "status"])).json();
    assert_eq!(status["oracleSet"]["epoch"], 1);
    assert_eq!(status["oracleSet"]["delay"], 172_800);
    assert_eq!(status["oracleSet"]["next"]["epoch"], 2);
    assert_eq!(status["oracleSet"]["next"]["threshold"], 2);
    assert_eq!(
        status["oracleSet"]["next"]["signers"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let text = lst(&with(&at, &["status"])).stdout;
    assert!(text.contains("scheduled oracle set"), "{text}");
    advance_time(&node, 172_800);
    let status = lst(&with(&at, &["--json", "status"])).json();
    assert_eq!(status["oracleSet"]["epoch"], 2);
    assert!(status["oracleSet"]["next"].is_null());
    assert!(lst(&with(
        &at,
        &[
            "set-oracle-set",
            "--signer",
            a,
            "--signer",
            a,
            "--threshold",
            "1",
            "--key-file",
            &admin
        ]
    ))
    .fails()
    .contains("twice"));
    // The threshold must be a strict majority of the set.
    let output = lst(&with(
        &at,
        &[
            "set-oracle-set",
            "--signer",
            a,
            "--signer",
            b,
            "--threshold",
            "1",
            "--key-file",
            &admin,
        ],
    ))
    .fails();
    assert!(output.contains("RegistryInvalidOracleSet"), "{output}");
}

#[test]
fn admin_sets_the_oracle_set_delay() {
    let node = seeded_node();
    let at = endpoint(&node);
    let work = Workdir::new();
    let admin = work.key_file("admin.key", &node.accounts[0].private_key);
    let stranger = work.key_file("stranger.key", &node.accounts[9].private_key);
    let set = |delay: &str, key: &str| {
        lst(&with(
            &at,
            &[
                "--json",
                "set-oracle-set-delay",
                "--delay",
                delay,
                "--key-file",
                key,
            ],
        ))
    };
    let status = lst(&with(&at, &["--json", "status"])).json();
    assert_eq!(status["oracleSet"]["delay"], 172_800);
    // one to 30 days, admin only
    let output = set("23h", &admin).fails();
    assert!(
        output.contains("RegistryInvalidOracleSetDelay") && output.contains("82800"),
        "{output}"
    );
    let output = set("31d", &admin).fails();
    assert!(output.contains("RegistryInvalidOracleSetDelay"), "{output}");
    let output = set("3d", &stranger).fails();
    assert!(output.contains("RegistryNotAdmin"), "{output}");
    let done = set("3d", &admin).json();
    assert_eq!(event_names(&done), ["OracleSetDelayChanged"]);
    let status = lst(&with(&at, &["--json", "status"])).json();
    assert_eq!(status["oracleSet"]["delay"], 259_200);
    let text = lst(&with(&at, &["status"])).stdout;
    assert!(text.contains("oracle-set delay"), "{text}");
}

#[test]
fn admin_sets_vote_rules_with_an_attestation_window() {
    let node = seeded_node();
    let at = endpoint(&node);
    let work = Workdir::new();
    let admin = work.key_file("admin.key", &node.accounts[0].private_key);
    let stranger = work.key_file("stranger.key", &node.accounts[9].private_key);
    let set = |window: &str, key: &str, extra: &[&str]| {
        let mut args = vec![
            "--json",
            "set-vote-rules",
            "--quorum",
            "1000",
            "--min-voters",
            "10",
            "--approval-bps",
            "6000",
            "--attestation-window",
            window,
            "--key-file",
            key,
        ];
        args.extend(extra);
        lst(&with(&at, &args))
    };

    // Admin only; the window within 1 to 90 days (both bounds shown as durations).
    let output = set("2d", &stranger, &[]).fails();
    assert!(output.contains("RegistryNotAdmin"), "{output}");
    let output = set("12h", &admin, &[]).fails();
    assert!(
        output.contains("\"name\":\"RegistryInvalidAttestationWindow\""),
        "{output}"
    );
    let output = lst(&with(
        &at,
        &[
            "set-vote-rules",
            "--quorum",
            "1000",
            "--min-voters",
            "10",
            "--approval-bps",
            "6000",
            "--attestation-window",
            "91d",
            "--key-file",
            &admin,
        ],
    ))
    .fails();
    assert!(
        output.contains(
            "RegistryInvalidAttestationWindow(window: 7862400 (91 days), min: 86400 (1 day), max: 7776000 (90 days))"
        ),
        "{output}"
    );
    // Other rules are checked by the registry too (decoded).
    let output = lst(&with(
        &at,
        &[
            "set-vote-rules",
            "--quorum",
            "1000",
            "--min-voters",
            "10",
            "--approval-bps",
            "5000",
            "--attestation-window",
            "14d",
            "--key-file",
            &admin,
        ],
    ))
    .fails();
    assert!(
        output.contains("RegistryInvalidApproval(approvalBps: 5000)"),
        "{output}"
    );
    // A malformed duration is a usage error (exit status 2), caught before any call.
    let run = lst(&with(
        &at,
        &[
            "set-vote-rules",
            "--quorum",
            "1000",
            "--min-voters",
            "10",
            "--approval-bps",
            "6000",
            "--attestation-window",
            "14x",
            "--key-file",
            &admin,
        ],
    ));
    assert_eq!(run.status, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("expected seconds or N[s|m|h|d]"),
        "{run:?}"
    );
    let run = lst(&with(
        &at,
        &[
            "set-vote-rules",
            "--quorum",
            "1000",
            "--min-voters",
            "10",
            "--approval-bps",
            "6000",
            "--attestation-window",
            "50000d",
            "--key-file",
            &admin,
        ],
    ));
    assert_eq!(run.status, Some(2), "{run:?}");
    assert!(run.stderr.contains("do not fit in 32 bits"), "{run:?}");

    // A dry run changes nothing.
    let dry = set("2d", &admin, &["--dry-run"]).json();
    assert_eq!(dry["dryRun"], true);
    assert_eq!(
        lst(&with(&at, &["--json", "rules"])).json()["attestationWindow"],
        1_209_600
    );

    // Seconds or a duration; the event shows the window as a duration.
    let changed = set("172800", &admin, &[]).json();
    assert_eq!(changed["status"], "success");
    assert_eq!(event_names(&changed), ["VoteRulesChanged"]);
    let params = &changed["events"][0]["params"];
    assert_eq!(params[0]["meaning"], "1,000 METIS");
    assert_eq!(params[3]["name"], "attestationWindow");
    assert_eq!(params[3]["value"], 172_800);
    assert_eq!(params[3]["meaning"], "2 days");
    let rules = lst(&with(&at, &["--json", "rules"])).json();
    assert_eq!(
        (
            rules["quorum"]["metis"].as_str(),
            rules["minVoters"].as_u64(),
            rules["approvalBps"].as_u64(),
            rules["attestationWindow"].as_u64()
        ),
        (Some("1000"), Some(10), Some(6000), Some(172_800))
    );
    set("36h", &admin, &[]).json();
    assert_eq!(
        lst(&with(&at, &["--json", "rules"])).json()["attestationWindow"],
        129_600
    );

    // Round 1 keeps the rules it opened with; a round opened now takes the new window.
    let round1 = lst(&with(&at, &["--json", "round", "1"])).json();
    assert_eq!(round1["rules"]["attestationWindow"], 1_209_600);
    open_round(&at, &admin).ok();
    let round2 = lst(&with(&at, &["--json", "round", "2"])).json();
    let deadline = round2["deadline"].as_u64().expect("deadline");
    assert_eq!(round2["rules"]["attestationWindow"], 129_600);
    assert_eq!(round2["rules"]["minVoters"], 10);
    assert_eq!(round2["attestationDeadline"], deadline + 129_600);
    let text = lst(&with(&at, &["round", "2"])).ok().to_string();
    assert!(
        text.contains("the deadline + 36 h") && text.contains("36 h attestation window"),
        "{text}"
    );
}

#[test]
fn status_says_when_no_oracle_set_is_in_force() {
    // Unseeded: the registry is deployed and constructed, and no oracle set was ever made
    // (the same view as while a change made during a pause waits for its time).
    let node = lst_devnet::spawn(lst_devnet::NodeConfig {
        port: 0,
        ..Default::default()
    })
    .expect("the devnet node starts");
    let at = endpoint(&node);
    let text = lst(&with(&at, &["status"])).stdout;
    assert!(
        text.contains("none in force: no tally can be attested"),
        "{text}"
    );
    let status = lst(&with(&at, &["--json", "status"])).json();
    assert_eq!(status["oracleSet"]["epoch"], 0);
}

#[test]
fn a_change_while_paused_leaves_no_oracle_set_in_force_until_its_time() {
    let node = seeded_node();
    let at = endpoint(&node);
    let work = Workdir::new();
    let admin = work.key_file("admin.key", &node.accounts[0].private_key);
    // The admin pauses (`pause()`, sent from its unlocked development account) …
    crate::common::rpc(
        &node,
        "eth_sendTransaction",
        serde_json::json!([{
            "from": node.accounts[0].address,
            "to": node.registry,
            "data": "0x8456cb59",
        }]),
    );
    // … and replaces the oracle set: the set in force is void at once, the new one waits.
    let set = set_two_oracles(&at, &admin);
    assert_eq!(event_names(&set), ["OracleSetChanged"]);
    let status = lst(&with(&at, &["--json", "status"])).json();
    assert_eq!(status["paused"], true, "{status}");
    assert_eq!(status["oracleSet"]["epoch"], 0);
    assert_eq!(status["oracleSet"]["next"]["epoch"], 2);
    let text = lst(&with(&at, &["status"])).stdout;
    assert!(
        text.contains("none in force: no tally can be attested"),
        "{text}"
    );
    advance_time(&node, 172_800);
    let status = lst(&with(&at, &["--json", "status"])).json();
    assert_eq!(status["oracleSet"]["epoch"], 2);
}
