//! End-to-end tests of `lst` against the devnet's JSON-RPC server (`lst-devnet`),
//! spawned in-process on a free loopback port with the seeded Phase 1 state: round 1
//! finalised with applications 1 and 2 qualified, nodes 1-4 paired, 3 oracles (2 of 3).

mod common;

use alloy::primitives::Address;
use common::{
    advance_time, endpoint, event_names, fixture, lst, lst_env, seeded_node, with, Run, Workdir,
};
use serde_json::Value;

const PROPOSAL: &str = "0x5d8f3c2b9e41a7d06c1f28e4b3a95d7e0c6b2f81a4d39e57c08b6a1f2e3d4c5b";
const CONTENT_HASH: &str = "0x3c1b5e0a9f7d2c4e6b8a0d1f3e5c7a9b2d4f6e8a0c1e3b5d7f9a2c4e6b8d0f1a";

/// `open-round --slots 1 --deadline +7d`, by the admin whose key file is `admin`.
fn open_round(at: &[String], admin: &str) -> Run {
    lst(&with(
        at,
        &[
            "open-round",
            "--slots",
            "1",
            "--deadline",
            "+7d",
            "--key-file",
            admin,
        ],
    ))
}

/// The fixture LST's application to the open round, voted on in `PROPOSAL`.
fn apply_hermes(at: &[String], staking: &str, applicant: &str) -> Run {
    apply_hermes_with(at, &[], PROPOSAL, staking, applicant, &[])
}

/// `lst <global> apply …` for the fixture LST, voted on in `proposal`, with `extra` flags of
/// `apply` (e.g. `--space`).
fn apply_hermes_with<'a>(
    at: &'a [String],
    global: &[&'a str],
    proposal: &'a str,
    staking: &'a str,
    applicant: &'a str,
    extra: &[&'a str],
) -> Run {
    let mut args = global.to_vec();
    args.extend([
        "apply",
        "--name",
        "Hermes Staked METIS",
        "--metadata-uri",
        "ipfs://bafkreihermeslstapplication/lst.json",
        "--content-hash",
        CONTENT_HASH,
        "--proposal-id",
        proposal,
        "--staking-contract",
        staking,
        "--key-file",
        applicant,
    ]);
    args.extend(extra);
    lst(&with(at, &args))
}

#[test]
fn read_only_commands_on_the_seeded_node() {
    let node = seeded_node();
    let at = endpoint(&node);

    let rules = lst(&with(&at, &["--json", "rules"])).json();
    assert_eq!(rules["quorum"]["wei"], "20000000000000000000000");
    assert_eq!(rules["minVoters"], 500);
    assert_eq!(rules["approvalBps"], 8000);
    assert_eq!(rules["maxCap"]["metis"], "100000");
    assert_eq!(rules["snapshotSpace"], "metislayer2.eth");
    // The default attestation window: 14 days after a round's deadline.
    assert_eq!(rules["attestationWindow"], 1_209_600);
    let text = lst(&with(&at, &["rules"])).ok().to_string();
    assert!(
        text.contains("20,000 METIS")
            && text.contains("80.00 %")
            && text.contains("attestation window")
            && text.contains("14 days after a round's deadline (1209600 s)")
            && text.contains("snapshot space")
            && text.contains("metislayer2.eth"),
        "{text}"
    );

    let phase = lst(&with(&at, &["--json", "phase"])).json();
    assert_eq!(phase["phaseName"], "Alpha");
    assert_eq!(phase["nodeCount"], 4);
    assert_eq!(phase["nodeLimit"], 4);

    let round = lst(&with(&at, &["--json", "round", "1"])).json();
    assert_eq!(round["status"], "Finalised");
    assert_eq!(round["qualified"], 2);
    // The rules the round is decided by: those in force when it opened.
    assert_eq!(round["rules"]["quorum"]["metis"], "20000");
    assert_eq!(round["rules"]["minVoters"], 500);
    assert_eq!(round["rules"]["approvalBps"], 8000);
    assert_eq!(round["rules"]["attestationWindow"], 1_209_600);
    let deadline = round["deadline"].as_u64().expect("deadline");
    assert_eq!(round["attestationDeadline"], deadline + 1_209_600);
    let ranking = round["ranking"].as_array().expect("ranking");
    assert_eq!(ranking.len(), 2);
    assert_eq!(
        (
            ranking[0]["application"].as_u64(),
            ranking[0]["rank"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(ranking[0]["status"], "Qualified");
    assert_eq!(ranking[0]["forVotes"]["metis"], "62000");
    assert_eq!(ranking[1]["rank"], 2);
    let text = lst(&with(&at, &["round"])).ok().to_string(); // latest round
    assert!(
        text.contains("Liquid Staked METIS")
            && text.contains("62,000 METIS")
            && text.contains("decided by")
            && text.contains(
                "quorum 20,000 METIS, 500 voters, 80.00 % approval, 14 days attestation window"
            )
            && text.contains(&format!(
                "attestation deadline  {} (unix): the deadline + 14 days",
                deadline + 1_209_600
            )),
        "{text}"
    );

    let node1 = lst(&with(&at, &["--json", "node", "1"])).json();
    assert_eq!(node1["activePairing"]["application"], 1);
    assert_eq!(node1["activePairing"]["stakeCap"]["metis"], "50000");
    assert_eq!(node1["activePairing"]["stake"]["metis"], "12500");
    assert_eq!(node1["activePairing"]["remaining"]["metis"], "37500");

    let pairings = lst(&with(&at, &["--json", "pairings"])).json();
    assert_eq!(pairings["pairings"].as_array().map(Vec::len), Some(4));
    assert_eq!(pairings["totalStakeCap"]["metis"], "145000");
    let page = lst(&with(
        &at,
        &["--json", "pairings", "--offset", "2", "--limit", "1"],
    ))
    .json();
    assert_eq!(page["pairings"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["pairings"][0]["node"], 3);
    assert_eq!(page["nextOffset"], 3);
    let all = lst(&with(&at, &["--json", "pairings", "--all"])).json();
    assert_eq!(all["pairings"].as_array().map(Vec::len), Some(4));

    let eligible = lst(&with(&at, &["--json", "eligibility", "1"])).json();
    assert_eq!(
        (eligible["eligible"].as_bool(), eligible["reason"].as_u64()),
        (Some(true), Some(4))
    );
    let unknown = lst(&with(&at, &["eligibility", "99"])).ok().to_string();
    assert!(
        unknown.contains("NOT ELIGIBLE") && unknown.contains("no such application"),
        "{unknown}"
    );

    let app = lst(&with(&at, &["--json", "application", "2"])).json();
    assert_eq!(app["name"], "Artemis METIS");
    assert_eq!(app["snapshotSpace"], "metislayer2.eth");
    assert_eq!(app["tally"]["voters"], 604);

    let status = lst(&with(&at, &["--json", "status"])).json();
    assert_eq!(status["oracleSet"]["threshold"], 2);
    assert_eq!(status["counts"]["pairings"], 4);

    // Views revert with decoded custom errors too.
    let output = lst(&with(&at, &["node", "42"])).fails();
    assert!(
        output.contains("RegistryUnknownNode(nodeId: 42)")
            && output.contains("No node has this id"),
        "{output}"
    );
    // A wrong registry address is caught before decoding nonsense.
    let output = lst(&[
        "--rpc",
        &node.url,
        "--registry",
        "0x000000000000000000000000000000000000dEaD",
        "rules",
    ])
    .fails();
    assert!(output.contains("no contract"), "{output}");
}

#[test]
fn attest_combine_and_submit_make_a_tally_accepted() {
    let node = seeded_node();
    let at = endpoint(&node);
    let work = Workdir::new();
    let admin = work.key_file("admin.key", &node.accounts[0].private_key);
    let applicant = work.key_file("applicant.key", &node.accounts[9].private_key);
    let staking = node.accounts[8].address.to_string();

    // Round 2, and an application voted on in the fixture's Snapshot proposal.
    let opened = lst(&with(
        &at,
        &[
            "--json",
            "open-round",
            "--slots",
            "1",
            "--deadline",
            "+7d",
            "--key-file",
            &admin,
        ],
    ))
    .json();
    assert_eq!(opened["status"], "success");
    assert_eq!(opened["returned"]["roundId"], 2);
    assert_eq!(event_names(&opened), ["RoundOpened"]);
    let applied = apply_hermes_with(&at, &["--json"], PROPOSAL, &staking, &applicant, &[]).json();
    assert_eq!(applied["returned"]["applicationId"], 3);
    // No --space: the program's.
    let app = lst(&with(&at, &["--json", "application", "3"])).json();
    assert_eq!(app["snapshotSpace"], "metislayer2.eth");

    // Two oracles attest; round, content hash, chain id and epoch come from the registry, and
    // the digest is cross-checked with its tallyDigest view.
    let proposal = fixture("closed-basic.json");
    let proposal = proposal.to_str().expect("utf-8");
    let mut signed = Vec::new();
    for (n, key) in node.oracle_keys.iter().take(2).enumerate() {
        let key_file = work.key_file(&format!("oracle{n}.key"), key);
        let out = work.path(&format!("signed{n}.json"));
        lst(&with(
            &at,
            &[
                "attest",
                "--proposal",
                proposal,
                "--application",
                "3",
                "--key-file",
                &key_file,
                "--out",
                &out,
            ],
        ))
        .ok();
        signed.push(out);
    }
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(&signed[0]).expect("written")).expect("JSON");
    assert_eq!(doc["tally"]["round"], 2);
    assert_eq!(doc["tally"]["contentHash"], CONTENT_HASH);
    assert_eq!(doc["tally"]["oracleEpoch"], 1);
    let address = |value: &Value| value.as_str().and_then(|a| a.parse::<Address>().ok());
    assert_eq!(
        address(&doc["tally"]["applicant"]),
        Some(node.accounts[9].address)
    );
    assert_eq!(
        address(&doc["tally"]["stakingContract"]),
        Some(node.accounts[8].address)
    );

    // Inconsistent flags are caught against the registry.
    let oracle0 = work.path("oracle0.key");
    let output = lst(&with(
        &at,
        &[
            "attest",
            "--proposal",
            proposal,
            "--application",
            "3",
            "--epoch",
            "5",
            "--key-file",
            &oracle0,
        ],
    ))
    .fails();
    assert!(
        output.contains("oracle epoch: given 5, but the registry says 1"),
        "{output}"
    );
    let output = lst(&with(
        &at,
        &[
            "attest",
            "--proposal",
            proposal,
            "--application",
            "1",
            "--key-file",
            &oracle0,
        ],
    ))
    .fails();
    assert!(output.contains("names Snapshot proposal"), "{output}");
    let stranger = node.accounts[7].address.to_string();
    for (flag, value, message) in [
        ("--applicant", stranger.as_str(), "applicant: given"),
        (
            "--staking-contract",
            stranger.as_str(),
            "staking contract: given",
        ),
        (
            "--program-space",
            "metislst.eth",
            "program Snapshot space: given metislst.eth, but the registry says metislayer2.eth",
        ),
    ] {
        let output = lst(&with(
            &at,
            &[
                "attest",
                "--proposal",
                proposal,
                "--application",
                "3",
                flag,
                value,
                "--key-file",
                &oracle0,
            ],
        ))
        .fails();
        assert!(output.contains(message), "{flag}: {output}");
    }
    // The same values given explicitly agree.
    lst(&with(
        &at,
        &[
            "attest",
            "--proposal",
            proposal,
            "--application",
            "3",
            "--applicant",
            &node.accounts[9].address.to_string(),
            "--staking-contract",
            &staking,
            "--program-space",
            "metislayer2.eth",
            "--key-file",
            &oracle0,
        ],
    ))
    .ok();

    // One signature is below the threshold: the simulation reverts, nothing is sent.
    let relayer = node.accounts[9].private_key.to_string();
    let output = lst_env(
        &with(&at, &["submit", &signed[0]]),
        &[("LST_PRIVATE_KEY", &relayer)],
    )
    .fails();
    assert!(
        output.contains("RegistrySignatureCount(count: 1, threshold: 2, signers: 3)"),
        "{output}"
    );

    // Combine, verify against the chain, submit.
    let combined = work.path("combined.json");
    lst(&["combine", &signed[1], &signed[0], "--out", &combined]).ok();
    let verified = lst(&with(&at, &["--json", "verify", &combined])).json();
    assert_eq!(verified["valid"], true, "{verified}");
    let submitted = lst_env(
        &with(&at, &["--json", "submit", &combined]),
        &[("LST_PRIVATE_KEY", &relayer)],
    )
    .json();
    assert_eq!(submitted["status"], "success");
    assert!(submitted["txHash"].as_str().is_some_and(|h| h.len() == 66));
    assert!(submitted["gasUsed"].as_u64().is_some_and(|g| g > 21_000));
    assert_eq!(event_names(&submitted), ["TallyAttested"]);
    let event = &submitted["events"][0]["params"];
    assert_eq!(event[1]["value"], 3);
    assert_eq!(event[3]["value"], "20000000000000001000000");

    let app = lst(&with(&at, &["--json", "application", "3"])).json();
    assert_eq!(app["status"], "Tallied");
    assert_eq!(app["tally"]["forVotes"]["wei"], "20000000000000001000000");
    assert_eq!(app["tally"]["voters"], 612);

    // Again: the application is no longer pending (decoded custom error).
    let output = lst_env(
        &with(&at, &["submit", &combined]),
        &[("LST_PRIVATE_KEY", &relayer)],
    )
    .fails();
    assert!(output.contains("RegistryWrongApplicationStatus(applicationId: 3, status: 3 (Tallied), expected: 1 (Pending))"), "{output}");

    // Close and finalise: 612 voters, 21,820.25 METIS, 92.9 % approval, so it qualifies.
    lst(&with(&at, &["close-round", "2", "--key-file", &admin])).ok();
    let finalised = lst(&with(
        &at,
        &["--json", "finalise-round", "2", "--key-file", &applicant],
    ))
    .json();
    assert_eq!(
        event_names(&finalised),
        ["ApplicationQualified", "RoundFinalised"]
    );
    let round = lst(&with(&at, &["--json", "round", "2"])).json();
    assert_eq!(round["ranking"][0]["status"], "Qualified");
    assert_eq!(round["ranking"][0]["rank"], 1);
}

#[test]
fn operator_set_cap_unpair_and_pair() {
    let node = seeded_node();
    let at = endpoint(&node);
    let work = Workdir::new();
    let operator3 = work.key_file("operator3.key", &node.accounts[3].private_key);
    let operator4 = work.key_file("operator4.key", &node.accounts[4].private_key);

    // Node 3 is paired with application 2 under a 30,000 METIS cap.
    let changed = lst(&with(
        &at,
        &[
            "--json",
            "set-cap",
            "--node",
            "3",
            "--cap",
            "35000",
            "--key-file",
            &operator3,
        ],
    ))
    .json();
    assert_eq!(changed["status"], "success");
    assert_eq!(event_names(&changed), ["StakeCapChanged"]);
    assert_eq!(changed["events"][0]["params"][3]["meaning"], "35,000 METIS");

    // Failures are decoded, with the interface's explanation, and nothing is sent.
    let output = lst(&with(
        &at,
        &[
            "pair",
            "--node",
            "3",
            "--application",
            "1",
            "--cap",
            "25000",
            "--announcement",
            "https://x",
            "--key-file",
            &operator3,
        ],
    ))
    .fails();
    assert!(
        output.contains("RegistryNodeAlreadyPaired(nodeId: 3, pairingId: 3)"),
        "{output}"
    );
    let output = lst(&with(
        &at,
        &[
            "set-cap",
            "--node",
            "3",
            "--cap",
            "10",
            "--key-file",
            &operator3,
        ],
    ))
    .fails();
    assert!(
        output.contains("RegistryInvalidStakeCap") && output.contains("20,000 METIS"),
        "{output}"
    );
    let output = lst(&with(
        &at,
        &[
            "--json",
            "set-cap",
            "--node",
            "3",
            "--cap",
            "30000",
            "--key-file",
            &operator4,
        ],
    ))
    .fails();
    assert!(
        output.contains("\"name\":\"RegistryNotNodeOperator\""),
        "{output}"
    );

    // A dry run simulates only.
    let dry = lst(&with(
        &at,
        &[
            "--json",
            "unpair",
            "--node",
            "3",
            "--dry-run",
            "--key-file",
            &operator3,
        ],
    ))
    .json();
    assert_eq!(dry["dryRun"], true);
    assert!(dry["gasEstimate"].as_u64().is_some());

    let unpaired = lst(&with(
        &at,
        &[
            "--json",
            "unpair",
            "--node",
            "3",
            "--reason",
            "moving to hsMETIS",
            "--key-file",
            &operator3,
        ],
    ))
    .json();
    assert_eq!(event_names(&unpaired), ["NodeUnpaired"]);
    assert_eq!(
        unpaired["events"][0]["params"][3]["value"],
        "moving to hsMETIS"
    );
    let eligible = lst(&with(&at, &["--json", "node", "3"])).json();
    assert_eq!(eligible["activePairing"], Value::Null);

    let paired = lst(&with(
        &at,
        &[
            "--json",
            "pair",
            "--node",
            "3",
            "--application",
            "1",
            "--cap",
            "22000.5",
            "--announcement",
            "https://forum.example/pairing-3b",
            "--key-file",
            &operator3,
        ],
    ))
    .json();
    assert_eq!(paired["status"], "success");
    assert_eq!(paired["returned"]["pairingId"], 5);
    assert_eq!(event_names(&paired), ["NodePaired"]);
    let pairings = lst(&with(&at, &["--json", "pairings"])).json();
    let row = pairings["pairings"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["node"] == 3)
        .cloned()
        .expect("node 3");
    assert_eq!(row["application"], 1);
    assert_eq!(row["stakeCap"]["wei"], "22000500000000000000000");
    let text = lst(&with(
        &at,
        &[
            "set-cap",
            "--node",
            "3",
            "--cap",
            "23000000000000000000000wei",
            "--key-file",
            &operator3,
        ],
    ))
    .ok()
    .to_string();
    assert!(
        text.contains("tx hash") && text.contains("success") && text.contains("StakeCapChanged"),
        "{text}"
    );
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
    let a = "0x00000000000000000000000000000000000000B2";
    let b = "0x00000000000000000000000000000000000000A1";
    let set = lst(&with(
        &at,
        &[
            "--json",
            "set-oracle-set",
            "--signer",
            a,
            "--signer",
            b,
            "--threshold",
            "2",
            "--key-file",
            &admin,
        ],
    ))
    .json();
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
fn snapshot_space_is_the_programs() {
    let node = seeded_node();
    let at = endpoint(&node);
    let work = Workdir::new();
    let admin = work.key_file("admin.key", &node.accounts[0].private_key);
    let applicant = work.key_file("applicant.key", &node.accounts[9].private_key);
    let oracle = work.key_file("oracle.key", &node.oracle_keys[0]);
    let staking = node.accounts[8].address.to_string();

    // Only the admin sets the space, 1 to 64 bytes.
    let output = lst(&with(
        &at,
        &[
            "set-snapshot-space",
            "--space",
            "metislst.eth",
            "--key-file",
            &applicant,
        ],
    ))
    .fails();
    assert!(output.contains("RegistryNotAdmin"), "{output}");
    let output = lst(&with(
        &at,
        &["set-snapshot-space", "--space", "", "--key-file", &admin],
    ))
    .fails();
    assert!(output.contains("RegistryInvalidLength"), "{output}");
    let dry = lst(&with(
        &at,
        &[
            "--json",
            "set-snapshot-space",
            "--space",
            "metislst.eth",
            "--dry-run",
            "--key-file",
            &admin,
        ],
    ))
    .json();
    assert_eq!(dry["dryRun"], true);
    let rules = lst(&with(&at, &["--json", "rules"])).json();
    assert_eq!(rules["snapshotSpace"], "metislayer2.eth");

    let changed = lst(&with(
        &at,
        &[
            "--json",
            "set-snapshot-space",
            "--space",
            "metislst.eth",
            "--key-file",
            &admin,
        ],
    ))
    .json();
    assert_eq!(changed["status"], "success");
    assert_eq!(event_names(&changed), ["SnapshotSpaceChanged"]);
    assert_eq!(changed["events"][0]["params"][0]["value"], "metislst.eth");
    let rules = lst(&with(&at, &["--json", "rules"])).json();
    assert_eq!(rules["snapshotSpace"], "metislst.eth");
    // Applications already submitted keep theirs.
    let app = lst(&with(&at, &["--json", "application", "1"])).json();
    assert_eq!(app["snapshotSpace"], "metislayer2.eth");

    open_round(&at, &admin).ok();
    let apply = |space: Option<&str>, proposal: &str| {
        let extra = match space {
            Some(space) => vec!["--space", space],
            None => vec![],
        };
        apply_hermes_with(&at, &[], proposal, &staking, &applicant, &extra)
    };
    // Another space than the program's is refused, with both hashes (the default one named).
    let output = apply(Some("metislayer2.eth"), PROPOSAL).fails();
    assert!(
        output.contains("RegistryWrongSnapshotSpace(spaceHash: 0x")
            && output.contains("(keccak256(\"metislayer2.eth\"))")
            && output.contains("the program's"),
        "{output}"
    );
    // A proposal backs one application, ever: the seeded application 1's is taken.
    let used = alloy::primitives::keccak256("lst-devnet proposal 1").to_string();
    let output = apply(None, &used).fails();
    assert!(
        output.contains(&format!(
            "RegistryProposalUsed(snapshotProposal: {used}, applicationId: 1)"
        )),
        "{output}"
    );
    apply(None, PROPOSAL).ok();
    let app = lst(&with(&at, &["--json", "application", "3"])).json();
    assert_eq!(app["snapshotSpace"], "metislst.eth");

    let attest = |proposal: &str| {
        lst(&with(
            &at,
            &[
                "--json",
                "attest",
                "--proposal",
                proposal,
                "--application",
                "3",
                "--key-file",
                &oracle,
            ],
        ))
    };
    // The fixture's vote is in metislayer2.eth, not the application's space.
    let fixture = fixture("closed-basic.json");
    let output = attest(fixture.to_str().expect("utf-8")).fails();
    assert!(
        output.contains(
            "voted on in Snapshot space `metislst.eth`, but the proposal is in `metislayer2.eth`"
        ),
        "{output}"
    );
    // The same vote held in metislst.eth: the program's space now, so it is signed.
    let text = std::fs::read_to_string(&fixture)
        .expect("fixture")
        .replace("\"metislayer2.eth\"", "\"metislst.eth\"");
    let moved = work.path("moved.json");
    std::fs::write(&moved, text).expect("writes");
    let signed = attest(&moved).json();
    assert_eq!(signed["tally"]["snapshotSpace"], "metislst.eth");
    // Once the program's space is another, the tool refuses to sign for it.
    lst(&with(
        &at,
        &[
            "set-snapshot-space",
            "--space",
            "metislayer2.eth",
            "--key-file",
            &admin,
        ],
    ))
    .ok();
    let output = attest(&moved).fails();
    assert!(
        output.contains("Snapshot space `metislst.eth`, not the program's space `metislayer2.eth`"),
        "{output}"
    );
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
fn admin_revokes_applications() {
    let node = seeded_node();
    let at = endpoint(&node);
    let work = Workdir::new();
    let admin = work.key_file("admin.key", &node.accounts[0].private_key);
    let stranger = work.key_file("stranger.key", &node.accounts[9].private_key);
    let staking = node.accounts[8].address.to_string();
    let revoke = |application: &str, reason: &str, key: &str| {
        lst(&with(
            &at,
            &[
                "--json",
                "revoke-application",
                "--application",
                application,
                "--reason",
                reason,
                "--key-file",
                key,
            ],
        ))
    };

    // Admin only; a reason of 1 to 256 bytes; a known application.
    let output = revoke("1", "exploited", &stranger).fails();
    assert!(output.contains("\"name\":\"RegistryNotAdmin\""), "{output}");
    let output = lst(&with(
        &at,
        &[
            "revoke-application",
            "--application",
            "1",
            "--reason",
            "",
            "--key-file",
            &admin,
        ],
    ))
    .fails();
    assert!(
        output.contains("RegistryInvalidLength(field: 12 (")
            && output.contains("length: 0, min: 1, max: 256)"),
        "{output}"
    );
    let output = revoke("99", "exploited", &admin).fails();
    assert!(
        output.contains("\"name\":\"RegistryUnknownApplication\""),
        "{output}"
    );
    // The reason is required by the tool too.
    let run = lst(&with(
        &at,
        &[
            "revoke-application",
            "--application",
            "1",
            "--key-file",
            &admin,
        ],
    ));
    assert_eq!(run.status, Some(2), "{run:?}");

    // Application 1 is qualified, paired with nodes 1 and 2: both pairings end.
    let dry = lst(&with(
        &at,
        &[
            "--json",
            "revoke-application",
            "--application",
            "1",
            "--reason",
            "exploited",
            "--dry-run",
            "--key-file",
            &admin,
        ],
    ))
    .json();
    assert_eq!(dry["dryRun"], true);
    let revoked = revoke("1", "exploited staking contract", &admin).json();
    assert_eq!(revoked["status"], "success");
    assert_eq!(
        event_names(&revoked),
        ["ApplicationRevoked", "NodeUnpaired", "NodeUnpaired"]
    );
    let params = &revoked["events"][0]["params"];
    assert_eq!(
        (params[0]["value"].as_u64(), params[1]["value"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(params[2]["name"], "previousStatus");
    assert_eq!(params[2]["meaning"], "Qualified");
    assert_eq!(params[3]["value"], "exploited staking contract");
    assert_eq!(revoked["events"][1]["params"][0]["value"], 1);
    assert_eq!(revoked["events"][2]["params"][0]["value"], 2);
    assert_eq!(
        revoked["events"][2]["params"][3]["value"],
        "exploited staking contract"
    );

    let eligibility = lst(&with(&at, &["--json", "eligibility", "1"])).json();
    assert_eq!(
        (
            eligibility["eligible"].as_bool(),
            eligibility["reason"].as_u64(),
            eligibility["reasonName"].as_str()
        ),
        (Some(false), Some(10), Some("Revoked"))
    );
    let text = lst(&with(&at, &["eligibility", "1"])).ok().to_string();
    assert!(
        text.contains("NOT ELIGIBLE") && text.contains("reason 10 Revoked: revoked by the admin"),
        "{text}"
    );
    let app = lst(&with(&at, &["--json", "application", "1"])).json();
    assert_eq!(app["status"], "Revoked");
    assert_eq!(
        lst(&with(&at, &["--json", "node", "1"])).json()["activePairing"],
        Value::Null
    );
    let pairings = lst(&with(&at, &["--json", "pairings"])).json();
    assert_eq!(pairings["pairings"].as_array().map(Vec::len), Some(2));
    let round = lst(&with(&at, &["--json", "round", "1"])).json();
    assert_eq!(round["ranking"][0]["status"], "Revoked");

    // A revoked application never pairs again, and is not revoked twice.
    let operator1 = work.key_file("operator1.key", &node.accounts[1].private_key);
    let output = lst(&with(
        &at,
        &[
            "pair",
            "--node",
            "1",
            "--application",
            "1",
            "--cap",
            "25000",
            "--announcement",
            "https://x",
            "--key-file",
            &operator1,
        ],
    ))
    .fails();
    assert!(
        output.contains("RegistryWrongApplicationStatus(applicationId: 1, status: 10 (Revoked), expected: 4 (Qualified))"),
        "{output}"
    );
    let output = lst(&with(
        &at,
        &[
            "revoke-application",
            "--application",
            "1",
            "--reason",
            "again",
            "--key-file",
            &admin,
        ],
    ))
    .fails();
    assert!(
        output.contains("RegistryWrongApplicationStatus(applicationId: 1, status: 10 (Revoked), expected: 4 (Qualified))"),
        "{output}"
    );

    // A pending application: it leaves its round, with no pairing to end.
    let applicant = work.key_file("applicant.key", &node.accounts[9].private_key);
    open_round(&at, &admin).ok();
    apply_hermes(&at, &staking, &applicant).ok();
    let revoked = revoke("3", "copied another LST's proposal", &admin).json();
    assert_eq!(event_names(&revoked), ["ApplicationRevoked"]);
    assert_eq!(revoked["events"][0]["params"][2]["meaning"], "Pending");
    let round = lst(&with(&at, &["--json", "round", "2"])).json();
    assert_eq!(
        (round["applications"].as_u64(), round["live"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(round["ranking"][0]["status"], "Revoked");
}

#[test]
fn attest_refuses_after_the_attestation_deadline() {
    let node = seeded_node();
    let at = endpoint(&node);
    let work = Workdir::new();
    let admin = work.key_file("admin.key", &node.accounts[0].private_key);
    let applicant = work.key_file("applicant.key", &node.accounts[9].private_key);
    let oracle = work.key_file("oracle.key", &node.oracle_keys[0]);
    let staking = node.accounts[8].address.to_string();
    open_round(&at, &admin).ok();
    apply_hermes(&at, &staking, &applicant).ok();
    lst(&with(&at, &["close-round", "2", "--key-file", &admin])).ok();
    let round = lst(&with(&at, &["--json", "round", "2"])).json();
    let attestation_deadline = round["attestationDeadline"].as_u64().expect("deadline");
    let proposal = fixture("closed-basic.json");
    let proposal = proposal.to_str().expect("utf-8");
    let attest = || {
        lst(&with(
            &at,
            &[
                "--json",
                "attest",
                "--proposal",
                proposal,
                "--application",
                "3",
                "--key-file",
                &oracle,
            ],
        ))
    };
    // Within the window (7 days of applications, then 14 of attestation): signed.
    advance_time(&node, 20 * 86_400);
    attest().json();
    // Before its attestation deadline the round waits for the missing tally.
    let output = lst(&with(&at, &["finalise-round", "2", "--key-file", &admin])).fails();
    assert!(
        output.contains("RegistryTalliesMissing(roundId: 2, tallied: 0, live: 1)"),
        "{output}"
    );
    // Past it: refused, with the deadline named; nothing is signed or written.
    advance_time(&node, 2 * 86_400);
    let out = work.path("late.json");
    let output = lst(&with(
        &at,
        &[
            "attest",
            "--proposal",
            proposal,
            "--application",
            "3",
            "--key-file",
            &oracle,
            "--out",
            &out,
        ],
    ))
    .fails();
    assert!(
        output.contains(&format!(
            "refused: the attestation deadline of round 2 ({attestation_deadline}, unix) has passed"
        )) && output.contains("no longer accepts tallies for application 3"),
        "{output}"
    );
    assert!(!std::path::Path::new(&out).exists());
    // The round then finalises without it: NotAttested (9).
    let finalised = lst(&with(
        &at,
        &["--json", "finalise-round", "2", "--key-file", &applicant],
    ))
    .json();
    assert_eq!(
        event_names(&finalised),
        ["ApplicationFailed", "RoundFinalised"]
    );
    assert_eq!(
        finalised["events"][0]["params"][2]["meaning"],
        "NotAttested"
    );
    let eligibility = lst(&with(&at, &["--json", "eligibility", "3"])).json();
    assert_eq!(
        (
            eligibility["reason"].as_u64(),
            eligibility["reasonName"].as_str()
        ),
        (Some(9), Some("NotAttested"))
    );
    let round = lst(&with(&at, &["--json", "round", "2"])).json();
    assert_eq!(round["ranking"][0]["status"], "NotAttested");
    // live, but without a tally
    assert_eq!(
        (round["live"].as_u64(), round["tallied"].as_u64()),
        (Some(1), Some(0))
    );
    let text = lst(&with(&at, &["application", "3"])).ok().to_string();
    assert!(
        text.contains("NotAttested (9)")
            && text.contains("none: not attested by the round's attestation deadline"),
        "{text}"
    );
    // Still refused once finalised.
    let output = attest().fails();
    assert!(output.contains("has passed"), "{output}");
}
