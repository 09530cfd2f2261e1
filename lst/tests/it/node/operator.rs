//! A node operator's commands: the stake cap, unpairing and pairing.

use super::*;

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
