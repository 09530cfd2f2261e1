//! Tallies: attested, combined and submitted until accepted, and refused after the round's
//! attestation deadline.

use super::*;

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

    // Qualified, but its staking contract (account 8) holds no code: no node pairs with it
    // until the LST deploys it (decoded, nothing sent).
    let operator4 = work.key_file("operator4.key", &node.accounts[4].private_key);
    lst(&with(
        &at,
        &["unpair", "--node", "4", "--key-file", &operator4],
    ))
    .ok();
    let output = lst(&with(
        &at,
        &[
            "pair",
            "--node",
            "4",
            "--application",
            "3",
            "--cap",
            "25000",
            "--announcement",
            "https://forum.example/pairing-4b",
            "--key-file",
            &operator4,
        ],
    ))
    .fails();
    assert!(
        output.contains(&format!("RegistryNoCode(account: {staking})")),
        "{output}"
    );
    let node4 = lst(&with(&at, &["--json", "node", "4"])).json();
    assert_eq!(node4["activePairing"], Value::Null);
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
