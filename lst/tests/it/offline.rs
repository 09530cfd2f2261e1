//! End-to-end tests of `lst` that need no chain: Snapshot refusals, offline attestation,
//! combining, verification and tampering, and keys never accepted as arguments.

use alloy::primitives::B256;
use serde_json::Value;

use crate::common::{fixture, lst, lst_env, Workdir};

const REGISTRY: &str = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const CONTENT_HASH: &str = "0x3c1b5e0a9f7d2c4e6b8a0d1f3e5c7a9b2d4f6e8a0c1e3b5d7f9a2c4e6b8d0f1a";
/// The applicant and staking contract of the attested application (the fixtures' bodies name
/// this staking contract; they are the devnet's accounts 9 and 8, as in `lst-devnet/`).
const APPLICANT: &str = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const STAKING: &str = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f";

fn oracle_key(n: u8) -> B256 {
    B256::repeat_byte(0x10 + n)
}

/// `lst attest` offline with the given proposal fixture and key file.
fn attest(proposal: &str, key_file: &str, extra: &[&str]) -> crate::common::Run {
    let fixture = fixture(proposal);
    attest_file(fixture.to_str().expect("utf-8 path"), key_file, extra)
}

/// `lst attest` offline with the proposal at `path`, every flag given.
fn attest_file(path: &str, key_file: &str, extra: &[&str]) -> crate::common::Run {
    let mut args = vec![
        "--registry",
        REGISTRY,
        "attest",
        "--proposal",
        path,
        "--application",
        "3",
        "--round",
        "2",
        "--chain-id",
        "412346",
        "--content-hash",
        CONTENT_HASH,
        "--epoch",
        "1",
        "--applicant",
        APPLICANT,
        "--staking-contract",
        STAKING,
        "--key-file",
        key_file,
    ];
    args.extend_from_slice(extra);
    lst(&args)
}

/// A copy of fixture `name` in `work` with its proposal object edited by `edit`; its path.
fn variant(work: &Workdir, name: &str, edit: impl FnOnce(&mut Value)) -> String {
    let text = std::fs::read_to_string(fixture(name)).expect("fixture");
    let mut document: Value = serde_json::from_str(&text).expect("JSON fixture");
    edit(&mut document["data"]["proposal"]);
    let path = work.path(&format!("variant-{name}"));
    std::fs::write(&path, document.to_string()).expect("writes");
    path
}

#[test]
fn attests_a_closed_basic_vote_exactly() {
    let work = Workdir::new();
    let key = work.key_file("oracle.key", &oracle_key(1));
    let doc = attest("closed-basic.json", &key, &[]).json();
    let tally = &doc["tally"];
    // 20000.000000000001 METIS, exactly: an f64 would have made it 20000.000000000004.
    assert_eq!(tally["forVotes"], "20000000000000001000000");
    assert_eq!(tally["againstVotes"], "1520250000000000000000");
    assert_eq!(tally["abstainVotes"], "300000000000000000000");
    assert_eq!(tally["voters"], 612);
    assert_eq!(tally["snapshotSpace"], "metislayer2.eth");
    assert_eq!(tally["applicant"], APPLICANT.to_lowercase());
    assert_eq!(tally["stakingContract"], STAKING.to_lowercase());
    assert_eq!(
        tally["snapshotProposal"],
        "0x5d8f3c2b9e41a7d06c1f28e4b3a95d7e0c6b2f81a4d39e57c08b6a1f2e3d4c5b"
    );
    assert_eq!(tally["round"], 2);
    assert_eq!(tally["oracleEpoch"], 1);
    assert_eq!(doc["domain"]["chainId"], 412346);
    assert_eq!(doc["signature"].as_str().map(str::len), Some(2 + 130));
    assert!(doc["digest"].as_str().is_some_and(|d| d.len() == 66));
    assert_eq!(doc["source"]["scores"][0], "20000.000000000001");

    // The same vote as a bare proposal object with exponent-notation scores (accepted: they
    // are read exactly); lower-case choices are fine.
    let doc = attest("closed-exponent-bare.json", &key, &[]).json();
    assert_eq!(doc["tally"]["forVotes"], "25000000000000000000000");
    assert_eq!(doc["tally"]["againstVotes"], "1500000000000000000000");
    assert_eq!(doc["tally"]["abstainVotes"], "420000000000");
}

#[test]
fn refuses_what_an_oracle_must_not_sign() {
    let work = Workdir::new();
    let key = work.key_file("oracle.key", &oracle_key(1));
    let cases = [
        ("active.json", "not `closed`"),
        ("closed-scores-pending.json", "not `final`"),
        ("wrong-choices.json", "not `basic`"),
        ("too-large.json", "exceeds the registry's largest amount"),
        ("not-found.json", "no such proposal"),
    ];
    for (file, message) in cases {
        let output = attest(file, &key, &[]).fails();
        assert!(
            output.contains(message),
            "{file}: expected `{message}` in:\n{output}"
        );
    }
    // Wrong choices under basic voting are refused by the choice check.
    let work_file = work.path("yes-no.json");
    let text = std::fs::read_to_string(fixture("wrong-choices.json")).expect("fixture");
    std::fs::write(&work_file, text.replace("single-choice", "basic")).expect("writes");
    let output = attest_file(&work_file, &key, &[]).fails();
    assert!(
        output.contains("expected exactly [\"For\", \"Against\", \"Abstain\"]"),
        "{output}"
    );
    // Offline attestation needs every value the chain would otherwise provide.
    let fixture = fixture("closed-basic.json");
    let output = lst(&[
        "--registry",
        REGISTRY,
        "attest",
        "--proposal",
        fixture.to_str().expect("utf-8"),
        "--application",
        "3",
        "--key-file",
        &key,
    ])
    .fails();
    assert!(output.contains("required without --rpc"), "{output}");
}

#[test]
fn refuses_votes_that_are_not_the_programs() {
    let work = Workdir::new();
    let key = work.key_file("oracle.key", &oracle_key(1));
    let expect = |run: crate::common::Run, what: &str, messages: &[&str]| {
        let output = run.fails();
        for message in messages {
            assert!(
                output.contains(message),
                "{what}: expected `{message}` in:\n{output}"
            );
        }
    };

    // (a) Another space than the program's: the proposal's, or the one given as the program's.
    let elsewhere = variant(&work, "closed-basic.json", |p| {
        p["space"]["id"] = "metislst.eth".into();
    });
    expect(
        attest_file(&elsewhere, &key, &[]),
        "proposal in another space",
        &["Snapshot space `metislst.eth`, not the program's space `metislayer2.eth`"],
    );
    expect(
        attest(
            "closed-basic.json",
            &key,
            &["--program-space", "metislst.eth"],
        ),
        "program in another space",
        &["Snapshot space `metislayer2.eth`, not the program's space `metislst.eth`"],
    );
    // The program's space as given is accepted.
    attest_file(&elsewhere, &key, &["--program-space", "metislst.eth"]).ok();

    // (b) A title that does not end with the program's suffix, or no title.
    for title in [
        "[LST-3] LST Protocol Proposal: Admit Hermes",
        "[LST-3] Admit Hermes — lst protocol proposal",
        "[LST-3] Admit Hermes",
    ] {
        let path = variant(&work, "closed-basic.json", |p| p["title"] = title.into());
        expect(
            attest_file(&path, &key, &[]),
            title,
            &[
                &format!("title `{title}` does not end with `LST Protocol Proposal`"),
                "case-sensitive",
            ],
        );
    }
    let untitled = variant(&work, "closed-basic.json", |p| {
        p.as_object_mut().expect("object").remove("title");
    });
    expect(
        attest_file(&untitled, &key, &[]),
        "no title",
        &["has no `title`", "`LST Protocol Proposal`"],
    );
    // The suffix is configurable, never empty.
    attest(
        "closed-basic.json",
        &key,
        &["--title-suffix", "(hsMETIS) — LST Protocol Proposal"],
    )
    .ok();
    expect(
        attest(
            "closed-basic.json",
            &key,
            &["--title-suffix", "Hermes Proposal"],
        ),
        "other suffix",
        &["does not end with `Hermes Proposal`"],
    );
    expect(
        attest("closed-basic.json", &key, &["--title-suffix", " "]),
        "empty suffix",
        &["--title-suffix must not be empty"],
    );

    // (c) A text that does not name the application's staking contract, or no text.
    let another = variant(&work, "closed-basic.json", |p| {
        p["body"] = "Staking contract: 0x00000000000000000000000000000000000000aa".into();
    });
    expect(
        attest_file(&another, &key, &[]),
        "another staking contract",
        &[&format!(
            "does not name the application's staking contract {STAKING}"
        )],
    );
    let truncated = variant(&work, "closed-basic.json", |p| {
        p["body"] = format!("Staking contract: {}", &STAKING[..41]).into();
    });
    expect(
        attest_file(&truncated, &key, &[]),
        "truncated address",
        &["does not name the application's staking contract"],
    );
    let silent = variant(&work, "closed-basic.json", |p| {
        p.as_object_mut().expect("object").remove("body");
    });
    expect(
        attest_file(&silent, &key, &[]),
        "no body",
        &["has no `body`", STAKING],
    );

    // Offline, the applicant and the staking contract must be given.
    let fixture = fixture("closed-basic.json");
    let base = [
        "--registry",
        REGISTRY,
        "attest",
        "--proposal",
        fixture.to_str().expect("utf-8"),
        "--application",
        "3",
        "--round",
        "2",
        "--chain-id",
        "412346",
        "--content-hash",
        CONTENT_HASH,
        "--epoch",
        "1",
        "--key-file",
        &key,
    ];
    expect(
        lst(&[&base[..], &["--staking-contract", STAKING]].concat()),
        "no applicant",
        &["--applicant is required without --rpc"],
    );
    expect(
        lst(&[&base[..], &["--applicant", APPLICANT]].concat()),
        "no staking contract",
        &["--staking-contract is required without --rpc"],
    );
}

#[test]
fn combine_and_verify_catch_tampering_and_duplicates() {
    let work = Workdir::new();
    let mut docs = Vec::new();
    for n in 1..=3u8 {
        let key = work.key_file(&format!("oracle{n}.key"), &oracle_key(n));
        let path = work.path(&format!("signed{n}.json"));
        attest("closed-basic.json", &key, &["--out", &path]).ok();
        docs.push(path);
    }
    let combined = work.path("combined.json");
    let output = lst(&[
        "combine",
        &docs[2],
        &docs[0],
        &docs[1],
        "--threshold",
        "3",
        "--out",
        &combined,
    ]);
    output.ok();
    let submission: Value =
        serde_json::from_str(&std::fs::read_to_string(&combined).expect("written")).expect("JSON");
    let signers: Vec<&str> = submission["signatures"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|s| s["signer"].as_str())
        .collect();
    let mut sorted = signers.clone();
    sorted.sort_by_key(|s| s.to_lowercase());
    assert_eq!(signers, sorted, "signatures sorted by signer");
    assert_eq!(
        submission["packedSignatures"].as_str().map(str::len),
        Some(2 + 3 * 130)
    );

    // Valid, with and without the expected signer list.
    let report = lst(&["--json", "verify", &combined]).json();
    assert_eq!(report["valid"], true);
    let mut args = vec!["verify", combined.as_str(), "--threshold", "3"];
    for signer in &signers {
        args.extend(["--signer", signer]);
    }
    lst(&args).ok();
    let outsider = lst(&[
        "verify", &combined, "--signer", signers[0], "--signer", signers[1],
    ])
    .fails();
    assert!(
        outsider.contains("is not an expected oracle signer"),
        "{outsider}"
    );
    assert!(lst(&["verify", &combined, "--threshold", "4"])
        .fails()
        .contains("fewer than the threshold"));

    // A tampered signature.
    let mut tampered = submission.clone();
    let signature = tampered["signatures"][1]["signature"]
        .as_str()
        .expect("hex")
        .to_string();
    let flipped = format!(
        "{}{}{}",
        &signature[..10],
        if &signature[10..11] == "0" { "1" } else { "0" },
        &signature[11..]
    );
    tampered["signatures"][1]["signature"] = Value::String(flipped);
    let path = work.path("tampered.json");
    std::fs::write(&path, tampered.to_string()).expect("writes");
    let output = lst(&["verify", &path]).fails();
    assert!(output.contains("signature 1"), "{output}");

    // A tampered tally (more For votes).
    let mut inflated = submission.clone();
    inflated["tally"]["forVotes"] = Value::String("90000000000000000000000".into());
    std::fs::write(&path, inflated.to_string()).expect("writes");
    assert!(lst(&["verify", &path]).fails().contains("digest"));

    // Duplicates and differing tallies are refused.
    assert!(lst(&["combine", &docs[0], &docs[0]])
        .fails()
        .contains("more than once"));
    let other = work.path("other.json");
    let key = work.key_file("oracle4.key", &oracle_key(4));
    let text = std::fs::read_to_string(fixture("closed-basic.json"))
        .expect("fixture")
        .replace("\"votes\": 612", "\"votes\": 613");
    let fixture_path = work.path("613.json");
    std::fs::write(&fixture_path, text).expect("writes");
    attest_file(&fixture_path, &key, &["--out", &other]).ok();
    let output = lst(&["combine", &docs[0], &other]).fails();
    assert!(
        output.contains("different tally") && output.contains("voters"),
        "{output}"
    );
}

#[test]
fn keys_are_never_accepted_as_arguments() {
    let secret = format!("{}", oracle_key(1));
    let fixture = fixture("closed-basic.json");
    let fixture = fixture.to_str().expect("utf-8");
    let attempts: Vec<Vec<String>> = vec![
        vec![
            "attest".into(),
            "--proposal".into(),
            fixture.into(),
            "--private-key".into(),
            secret.clone(),
        ],
        vec![
            "submit".into(),
            "x.json".into(),
            format!("--private-key={secret}"),
        ],
        vec!["pair".into(), "--node".into(), "1".into(), secret.clone()],
        vec![
            "set-cap".into(),
            "--node".into(),
            "1".into(),
            "--cap".into(),
            "30000".into(),
            secret[2..].to_string(),
        ],
        vec!["attest".into(), "--oracle-key".into(), secret.clone()],
    ];
    for attempt in attempts {
        let args: Vec<&str> = attempt.iter().map(String::as_str).collect();
        let run = lst(&args);
        let output = run.fails();
        assert_eq!(run.status, Some(2), "{output}");
        assert!(output.contains("never accepted as arguments"), "{output}");
        assert!(
            !output.contains(&secret[2..]),
            "the key was echoed: {output}"
        );
    }
    // From the environment instead, it works; without any key, the error says where keys go.
    let args = [
        "--registry",
        REGISTRY,
        "attest",
        "--proposal",
        fixture,
        "--application",
        "3",
        "--round",
        "2",
        "--chain-id",
        "412346",
        "--content-hash",
        CONTENT_HASH,
        "--epoch",
        "1",
        "--applicant",
        APPLICANT,
        "--staking-contract",
        STAKING,
    ];
    let from_env = lst_env(&args, &[("LST_ORACLE_KEY", &secret)]).json();
    assert!(from_env["signer"].is_string());
    let output = lst(&args).fails();
    assert!(
        output.contains("--key-file") && output.contains("LST_ORACLE_KEY"),
        "{output}"
    );
    // A malformed key file is reported without its content.
    let work = Workdir::new();
    let path = work.path("bad.key");
    std::fs::write(&path, "0xnot-a-key-but-secret-looking-text").expect("writes");
    let output = lst(&[&args[..], &["--key-file", &path]].concat()).fails();
    assert!(!output.contains("secret-looking"), "{output}");
}
