//! Applications: the program's Snapshot space, and the admin's revocations.

use super::*;

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
