//! Access control, table-driven: every state-changing function called by every role, on a
//! fork of the populated fixture. The roles it must accept succeed; every role it must
//! refuse gets exactly the expected custom error, and the refused call leaves storage and
//! logs untouched. A second table does the same with the registry paused: the recovery
//! functions (`transferAdmin`, `acceptAdmin`, `setGuardian`, `setOracleSet`), `unpause` and
//! the admin's `revokeApplication` keep their roles (everyone else gets the same refusal as
//! when live), everything else reverts with `RegistryPaused` for every role.
//! Both tables are printed (`cargo test -p lst-registry-adversarial --test it access_control --
//! --nocapture`).

use alloy_primitives::{keccak256, Address, U256};
use alloy_sol_types::SolCall;
use lst_registry_adversarial::cast::cast;
use lst_registry_adversarial::chain::{classify, decode_events, show_error, Harness, Outcome};
use lst_registry_adversarial::fixture::{self, populated, ROUND_2_DEADLINE};
use lst_registry_adversarial::{metis, RegistryError, I};
use stylus_devnet::DEFAULT_TIMESTAMP;

/// The roles of the table, with their addresses in the fixture.
fn roles() -> Vec<(&'static str, Address)> {
    let c = cast();
    vec![
        ("admin", c.admin.address),
        ("guardian", c.guardian.address),
        ("pending admin", c.strangers[1].address),
        ("oracle", c.oracles[0].address()),
        ("operator of node 1", c.operators[0].address),
        ("operator of node 2", c.operators[1].address),
        ("applicant of app 3", c.applicants[2].address),
        ("staking of app 1", c.staking[0].address),
        ("stranger", c.strangers[0].address),
    ]
}

/// One function of the table: its call, who may make it, and the error of everyone else.
struct Row {
    function: &'static str,
    calldata: Vec<u8>,
    allowed: &'static [&'static str],
    refusal: Box<dyn Fn(Address) -> RegistryError>,
    /// Run on the fork first, each must succeed (e.g. closing round 2 before opening round 3).
    prepare: Vec<(Address, Vec<u8>)>,
}

fn row<C: SolCall>(
    function: &'static str,
    call: C,
    allowed: &'static [&'static str],
    refusal: impl Fn(Address) -> RegistryError + 'static,
) -> Row {
    Row {
        function,
        calldata: call.abi_encode(),
        allowed,
        refusal: Box::new(refusal),
        prepare: Vec::new(),
    }
}

const ADMIN: &[&str] = &["admin"];
const EVERYONE: &[&str] = &[
    "admin",
    "guardian",
    "pending admin",
    "oracle",
    "operator of node 1",
    "operator of node 2",
    "applicant of app 3",
    "staking of app 1",
    "stranger",
];

fn not_admin(caller: Address) -> RegistryError {
    I::RegistryNotAdmin { caller }.into()
}

/// The functions a paused registry still runs for their roles: recovery, `unpause`, and
/// the admin's revocation of an application.
const RECOVERY: &[&str] = &[
    "transferAdmin",
    "acceptAdmin",
    "setGuardian",
    "setOracleSet",
    "unpause",
    "revokeApplication",
];

fn rows() -> Vec<Row> {
    let c = cast();
    let pending = c.strangers[1].address;
    let staking = c.staking[0].address;
    let uri = |s: &str| s.to_string();
    let mut rows = vec![
        row(
            "transferAdmin",
            I::transferAdminCall {
                newAdmin: c.strangers[0].address,
            },
            ADMIN,
            not_admin,
        ),
        row(
            "acceptAdmin",
            I::acceptAdminCall {},
            &["pending admin"],
            move |caller| {
                I::RegistryNotPendingAdmin {
                    caller,
                    pendingAdmin: pending,
                }
                .into()
            },
        ),
        row(
            "setGuardian",
            I::setGuardianCall {
                newGuardian: c.strangers[0].address,
            },
            ADMIN,
            not_admin,
        ),
        row("pause", I::pauseCall {}, &["admin", "guardian"], |caller| {
            I::RegistryNotGuardian { caller }.into()
        }),
        row("unpause (not paused)", I::unpauseCall {}, &[], |_| {
            I::RegistryNotPaused {}.into()
        }),
        row(
            "setOracleSet",
            I::setOracleSetCall {
                signers: vec![c.oracles[3].address()],
                threshold: 1,
            },
            ADMIN,
            not_admin,
        ),
        row(
            "setOracleSetDelay",
            I::setOracleSetDelayCall { delay: 86_400 },
            ADMIN,
            not_admin,
        ),
        row(
            "setVoteRules",
            I::setVoteRulesCall {
                quorum: metis(1_000),
                minVoters: 10,
                approvalBps: 6_000,
                attestationWindow: 3 * 86_400,
            },
            ADMIN,
            not_admin,
        ),
        row(
            "setSnapshotSpace",
            I::setSnapshotSpaceCall {
                space: "lst.metis.eth".to_string(),
            },
            ADMIN,
            not_admin,
        ),
        row(
            "setStakeCapBounds",
            I::setStakeCapBoundsCall {
                minCap: metis(1),
                maxCap: metis(1_000_000),
            },
            ADMIN,
            not_admin,
        ),
        row(
            "setPhaseNodeLimit",
            I::setPhaseNodeLimitCall {
                targetPhase: 1,
                limit: 8,
            },
            ADMIN,
            not_admin,
        ),
        row(
            "advancePhase",
            I::advancePhaseCall { to: 1 },
            ADMIN,
            not_admin,
        ),
        Row {
            prepare: vec![(
                c.admin.address,
                I::closeRoundCall { roundId: 2 }.abi_encode(),
            )],
            ..row(
                "openRound",
                I::openRoundCall {
                    slots: 3,
                    deadline: DEFAULT_TIMESTAMP + 86_400,
                },
                ADMIN,
                not_admin,
            )
        },
        row(
            "closeRound (before deadline)",
            I::closeRoundCall { roundId: 2 },
            ADMIN,
            |_| {
                I::RegistryDeadline {
                    roundId: 2,
                    deadline: ROUND_2_DEADLINE,
                    now: DEFAULT_TIMESTAMP,
                }
                .into()
            },
        ),
        row(
            "withdrawApplication",
            I::withdrawApplicationCall { applicationId: 3 },
            &["applicant of app 3"],
            |caller| {
                I::RegistryNotApplicant {
                    applicationId: 3,
                    caller,
                }
                .into()
            },
        ),
        row(
            "registerNode",
            I::registerNodeCall {
                operator: c.operators[3].address,
                sequencerSigner: c.signers[3].address,
                metadataUri: uri("https://n4"),
            },
            ADMIN,
            not_admin,
        ),
        row(
            "updateNode (URI)",
            I::updateNodeCall {
                nodeId: 1,
                operator: c.operators[0].address,
                sequencerSigner: c.signers[0].address,
                metadataUri: uri("https://n1b"),
            },
            &["admin", "operator of node 1"],
            |caller| I::RegistryNotNodeOperator { nodeId: 1, caller }.into(),
        ),
        row(
            "updateNode (signer, URI)",
            I::updateNodeCall {
                nodeId: 1,
                operator: c.operators[0].address,
                sequencerSigner: c.signers[4].address,
                metadataUri: uri("https://n1c"),
            },
            ADMIN,
            move |caller| {
                if caller == cast().operators[0].address {
                    not_admin(caller)
                } else {
                    I::RegistryNotNodeOperator { nodeId: 1, caller }.into()
                }
            },
        ),
        row(
            "updateNode (operator)",
            I::updateNodeCall {
                nodeId: 1,
                operator: c.operators[3].address,
                sequencerSigner: c.signers[0].address,
                metadataUri: uri("https://n1"),
            },
            ADMIN,
            move |caller| {
                if caller == cast().operators[0].address {
                    not_admin(caller)
                } else {
                    I::RegistryNotNodeOperator { nodeId: 1, caller }.into()
                }
            },
        ),
        row(
            "pair",
            I::pairCall {
                nodeId: 2,
                applicationId: 2,
                stakeCap: metis(50_000),
                announcementUri: uri("https://forum/2"),
            },
            &["operator of node 2"],
            |caller| I::RegistryNotNodeOperator { nodeId: 2, caller }.into(),
        ),
        row(
            "unpair",
            I::unpairCall {
                nodeId: 1,
                reason: uri("rotation"),
            },
            &["admin", "operator of node 1"],
            |caller| I::RegistryNotNodeOperator { nodeId: 1, caller }.into(),
        ),
        row(
            "setStakeCap",
            I::setStakeCapCall {
                nodeId: 1,
                stakeCap: metis(90_000),
            },
            &["admin", "operator of node 1"],
            |caller| I::RegistryNotNodeOperator { nodeId: 1, caller }.into(),
        ),
        row(
            "reportStake",
            I::reportStakeCall {
                pairingId: 1,
                stake: metis(30_000),
            },
            &["staking of app 1"],
            move |caller| {
                I::RegistryNotStakingContract {
                    nodeId: 1,
                    caller,
                    stakingContract: staking,
                }
                .into()
            },
        ),
        // the admin's, also while paused: application 1 is qualified and paired with node 1
        row(
            "revokeApplication",
            I::revokeApplicationCall {
                applicationId: 1,
                reason: uri("exploited staking contract"),
            },
            ADMIN,
            not_admin,
        ),
        // permissionless: anyone may submit (a proposal no application uses yet) but once a
        // round (the applicant of app 3 already has one in round 2), relay a tally, finalise
        row(
            "submitApplication",
            I::submitApplicationCall {
                snapshotProposal: keccak256("a fresh proposal of Artemis"),
                ..fixture::submission(0)
            },
            &[
                "admin",
                "guardian",
                "pending admin",
                "oracle",
                "operator of node 1",
                "operator of node 2",
                "staking of app 1",
                "stranger",
            ],
            |caller| {
                I::RegistryAlreadyApplied {
                    account: caller,
                    applicationId: 3,
                }
                .into()
            },
        ),
        row(
            "finaliseRound (after closing)",
            I::finaliseRoundCall { roundId: 2 },
            EVERYONE,
            |_| unreachable!(),
        ),
    ];
    // attestTally of application 3: relayed by anyone; then anyone finalises round 2
    let h = populated();
    let counts = fixture::passing(0);
    let sigs = fixture::signatures(&h, &fixture::subject(2, 3, 2), &counts, 1, &[0, 2]);
    let attest = fixture::attest(3, &counts, sigs);
    rows.last_mut().expect("row").prepare = vec![
        (
            c.admin.address,
            I::closeRoundCall { roundId: 2 }.abi_encode(),
        ),
        (c.strangers[0].address, attest.abi_encode()),
    ];
    rows.push(row("attestTally", attest, EVERYONE, |_| unreachable!()));
    rows
}

/// Sends `calldata` from `from` on `h` and checks atomicity of a revert.
fn attempt(h: &mut Harness, from: Address, calldata: &[u8]) -> Result<Outcome, String> {
    let before = h.dump();
    let receipt = h.send(from, calldata);
    let outcome = classify(&receipt).map_err(|e| e.to_string())?;
    match &outcome {
        Outcome::Reverted(_) if h.dump() != before => {
            Err("the refused call changed storage".into())
        }
        Outcome::Returned(_) => decode_events(&receipt, h.registry)
            .map(|_| outcome)
            .map_err(|e| e.to_string()),
        _ => Ok(outcome),
    }
}

fn show(outcome: &Result<Outcome, String>) -> String {
    match outcome {
        Ok(Outcome::Returned(_)) => "ok".into(),
        Ok(Outcome::Reverted(e)) => show_error(e)
            .split([' ', '{'])
            .next()
            .unwrap_or("")
            .trim_start_matches("Registry")
            .to_string(),
        Err(e) => format!("ABORTED {e}"),
    }
}

fn print_table(title: &str, rows: &[(String, Vec<String>)]) {
    let roles = roles();
    println!("\n{title}");
    print!("{:<30}", "function \\ caller");
    for (name, _) in &roles {
        print!(" | {name:<18}");
    }
    println!();
    for (function, cells) in rows {
        print!("{function:<30}");
        for cell in cells {
            print!(" | {:<18}", cell.chars().take(18).collect::<String>());
        }
        println!();
    }
}

#[test]
fn every_state_changing_function_refuses_every_role_it_must() {
    let base = populated();
    let mut failures = Vec::new();
    let mut printed = Vec::new();
    let mut checked = 0;
    for r in rows() {
        let mut cells = Vec::new();
        for (role, address) in roles() {
            let mut h = base.clone();
            for (from, calldata) in &r.prepare {
                let receipt = h.send(*from, calldata);
                assert!(
                    receipt.is_success(),
                    "preparing {}: {:?}",
                    r.function,
                    classify(&receipt)
                );
            }
            let outcome = attempt(&mut h, address, &r.calldata);
            checked += 1;
            let expected = if r.allowed.contains(&role) {
                Ok(None)
            } else {
                Ok(Some((r.refusal)(address)))
            };
            let got = match &outcome {
                Ok(Outcome::Returned(_)) => Ok(None),
                Ok(Outcome::Reverted(e)) => Ok(Some(e.clone())),
                Err(e) => Err(e.clone()),
            };
            if got != expected {
                failures.push(format!(
                    "{} by {role}: expected {expected:?}, got {got:?}",
                    r.function
                ));
            }
            cells.push(show(&outcome));
        }
        printed.push((r.function.to_string(), cells));
    }
    print_table(
        "Access control (fixture: populated, not paused); `ok` = accepted",
        &printed,
    );
    println!("{checked} calls checked");
    assert!(
        failures.is_empty(),
        "access control:\n{}",
        failures.join("\n")
    );
}

#[test]
fn a_paused_registry_refuses_every_state_changing_call_but_recovery_and_unpause() {
    let mut base = populated();
    let receipt = base.send(cast().guardian.address, &I::pauseCall {}.abi_encode());
    assert!(receipt.is_success());
    let mut failures = Vec::new();
    let mut printed = Vec::new();
    let mut rows = rows();
    rows.retain(|r| !r.function.starts_with("unpause"));
    rows.push(row("unpause", I::unpauseCall {}, ADMIN, not_admin));
    for r in rows {
        let mut cells = Vec::new();
        for (role, address) in roles() {
            let mut h = base.clone();
            let outcome = attempt(&mut h, address, &r.calldata);
            let expected: Option<RegistryError> = if !RECOVERY.contains(&r.function) {
                Some(I::RegistryPaused {}.into())
            } else if r.allowed.contains(&role) {
                None
            } else {
                Some((r.refusal)(address))
            };
            let got = match &outcome {
                Ok(Outcome::Returned(_)) => Ok(None),
                Ok(Outcome::Reverted(e)) => Ok(Some(e.clone())),
                Err(e) => Err(e.clone()),
            };
            if got != Ok(expected.clone()) {
                failures.push(format!(
                    "{} by {role} while paused: expected {expected:?}, got {got:?}",
                    r.function
                ));
            }
            cells.push(show(&outcome));
        }
        printed.push((r.function.to_string(), cells));
    }
    print_table(
        "While paused (recovery and unpause keep their roles)",
        &printed,
    );
    assert!(
        failures.is_empty(),
        "paused registry:\n{}",
        failures.join("\n")
    );
    let _ = U256::ZERO;
}
