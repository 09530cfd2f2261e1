//! The read-only commands on the seeded node.

use super::*;

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
