//! Every event of the interface is emitted by the artifact and decoded, with exactly the
//! expected values: the lifecycle emits most; the rest come from the operations below.

use std::collections::BTreeSet;

use alloy_primitives::B256;
use alloy_sol_types::SolEventInterface;
use lst_registry_client::abi::{ILstRegistry as I, RegistryEvent};
use lst_registry_client::fixtures::NodeSpec;
use lst_registry_e2e::render::metis;
use lst_registry_e2e::scenario::lifecycle;

use crate::common::*;

/// One day, in seconds.
const DAY: u32 = 86_400;

/// Runs the operations the lifecycle does not, checking their events; returns them all.
fn administration() -> Vec<RegistryEvent> {
    let c = cast();
    let mut reg = populated();
    let (admin, stranger) = (c.admin.address, c.stranger.address);
    let operator = c.node(1).operator.address;
    let mut all = Vec::new();
    let mut expect = |tx: Vec<RegistryEvent>| all.extend(tx);

    expect(
        ok_with(
            &mut reg,
            admin,
            &I::setOracleSetDelayCall { delay: 3 * 86_400 },
            vec![I::OracleSetDelayChanged { delay: 3 * 86_400 }.into()],
        )
        .events,
    );
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::transferAdminCall { newAdmin: stranger },
            vec![I::AdminTransferStarted {
                admin,
                pendingAdmin: stranger,
            }
            .into()],
        )
        .events,
    );
    assert_eq!(
        reg.view(&I::pendingAdminCall {}).expect("pendingAdmin"),
        stranger
    );
    expect(
        ok_with(
            &mut reg,
            stranger,
            &I::acceptAdminCall {},
            vec![I::AdminTransferred {
                previousAdmin: admin,
                newAdmin: stranger,
            }
            .into()],
        )
        .events,
    );
    expect(
        ok_with(
            &mut reg,
            stranger,
            &I::transferAdminCall { newAdmin: admin },
            vec![I::AdminTransferStarted {
                admin: stranger,
                pendingAdmin: admin,
            }
            .into()],
        )
        .events,
    );
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::acceptAdminCall {},
            vec![I::AdminTransferred {
                previousAdmin: stranger,
                newAdmin: admin,
            }
            .into()],
        )
        .events,
    );
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::setGuardianCall {
                newGuardian: stranger,
            },
            vec![I::GuardianChanged {
                previousGuardian: admin,
                newGuardian: stranger,
            }
            .into()],
        )
        .events,
    );
    expect(
        ok_with(
            &mut reg,
            stranger,
            &I::pauseCall {},
            vec![I::Paused { account: stranger }.into()],
        )
        .events,
    );
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::unpauseCall {},
            vec![I::Unpaused { account: admin }.into()],
        )
        .events,
    );
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::setVoteRulesCall {
                quorum: metis(30_000),
                minVoters: 400,
                approvalBps: 7_500,
                attestationWindow: 21 * DAY,
            },
            vec![I::VoteRulesChanged {
                quorum: metis(30_000),
                minVoters: 400,
                approvalBps: 7_500,
                attestationWindow: 21 * DAY,
            }
            .into()],
        )
        .events,
    );
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::setSnapshotSpaceCall {
                space: "metislayer2.eth".into(),
            },
            vec![I::SnapshotSpaceChanged {
                space: "metislayer2.eth".into(),
            }
            .into()],
        )
        .events,
    );
    let rules = reg.view(&I::rulesCall {}).expect("rules");
    assert_eq!(
        (
            rules.quorum,
            rules.minVoters,
            rules.approvalBps,
            rules.attestationWindow
        ),
        (metis(30_000), 400, 7_500, 21 * DAY)
    );
    // round 2 opened under the old rules and keeps them, its attestation window too
    let round = reg.view(&I::roundCall { roundId: 2 }).expect("round");
    assert_eq!(
        (
            round.approvalBps,
            round.attestationWindow,
            round.attestationDeadline
        ),
        (8_000, 14 * DAY, ROUND_2_DEADLINE + 14 * u64::from(DAY))
    );
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::setStakeCapBoundsCall {
                minCap: metis(10_000),
                maxCap: metis(150_000),
            },
            vec![I::StakeCapBoundsChanged {
                minCap: metis(10_000),
                maxCap: metis(150_000),
            }
            .into()],
        )
        .events,
    );
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::setPhaseNodeLimitCall {
                targetPhase: 2,
                limit: 32,
            },
            vec![I::PhaseNodeLimitChanged {
                phase: 2,
                limit: 32,
            }
            .into()],
        )
        .events,
    );
    // the limit it already has: nothing written, nothing emitted
    let before = reg.net().storage_dump(reg.address());
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::setPhaseNodeLimitCall {
                targetPhase: 2,
                limit: 32,
            },
            vec![],
        )
        .events,
    );
    assert_eq!(reg.net().storage_dump(reg.address()), before);
    assert_eq!(
        reg.view(&I::phaseNodeLimitsCall {}).expect("limits"),
        [4, 4, 32, 64]
    );

    let rotated = NodeSpec::new("node-1-rotated");
    // A new sequencer signer needs the admin.
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::updateNodeCall {
                nodeId: 1,
                operator,
                sequencerSigner: rotated.signer.address,
                metadataUri: rotated.uri.clone(),
            },
            vec![I::NodeUpdated {
                nodeId: 1,
                operator,
                sequencerSigner: rotated.signer.address,
            }
            .into()],
        )
        .events,
    );
    let node = reg.view(&I::nodeCall { nodeId: 1 }).expect("node");
    assert_eq!(
        (node.sequencerSigner, node.metadataUri),
        (rotated.signer.address, rotated.uri)
    );
    assert_eq!(
        reg.view(&I::nodeOfSignerCall {
            sequencerSigner: rotated.signer.address
        })
        .expect("nodeOfSigner"),
        1
    );
    assert_eq!(
        reg.view(&I::nodeOfSignerCall {
            sequencerSigner: c.node(1).signer.address
        })
        .expect("nodeOfSigner"),
        1,
        "retired signers stay mapped"
    );

    expect(
        ok_with(
            &mut reg,
            operator,
            &I::setStakeCapCall {
                nodeId: 1,
                stakeCap: metis(60_000),
            },
            vec![I::StakeCapChanged {
                nodeId: 1,
                pairingId: 1,
                previousCap: metis(100_000),
                newCap: metis(60_000),
                nonce: 2,
            }
            .into()],
        )
        .events,
    );
    assert_eq!(
        reg.view(&I::remainingCapacityCall { nodeId: 1 })
            .expect("capacity"),
        metis(10_000)
    );
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::unpairCall {
                nodeId: 1,
                reason: "operator rotation".into(),
            },
            vec![I::NodeUnpaired {
                nodeId: 1,
                pairingId: 1,
                by: admin,
                reason: "operator rotation".into(),
                nonce: 3,
            }
            .into()],
        )
        .events,
    );
    let pairing = reg.view(&I::pairingCall { pairingId: 1 }).expect("pairing");
    assert!(pairing.endedAt > 0, "an ended pairing keeps its record");
    assert_eq!(reg.view(&I::pairingNonceCall {}).expect("nonce"), 3);
    assert!(reg
        .view(&I::activePairingsCall {
            offset: 0,
            limit: 10
        })
        .expect("active")
        .nodeIds
        .is_empty());

    // the admin revokes Nova (application 3, pending in round 2)
    let reason = "the application copies another LST's documents";
    expect(
        ok_with(
            &mut reg,
            admin,
            &I::revokeApplicationCall {
                applicationId: 3,
                reason: reason.into(),
            },
            vec![I::ApplicationRevoked {
                roundId: 2,
                applicationId: 3,
                previousStatus: 1,
                reason: reason.into(),
            }
            .into()],
        )
        .events,
    );
    assert_eq!(
        reg.view(&I::eligibilityCall { applicationId: 3 })
            .expect("eligibility"),
        I::eligibilityReturn {
            eligible: false,
            status: 10
        }
    );
    let round = reg.view(&I::roundCall { roundId: 2 }).expect("round");
    assert_eq!(
        (round.applications, round.live),
        (1, 0),
        "a revoked application is not live"
    );
    all
}

#[test]
fn administration_emits_exactly_the_expected_events() {
    assert_eq!(administration().len(), 16);
}

#[test]
fn every_event_of_the_interface_is_emitted_and_decoded() {
    let mut seen: BTreeSet<B256> = administration().iter().map(topic).collect();
    let transcript = lifecycle().unwrap_or_else(|e| panic!("{e}"));
    seen.extend(transcript.steps().flat_map(|s| s.events.iter()).map(topic));
    let missing: Vec<&str> = RegistryEvent::SELECTORS
        .iter()
        .filter(|s| !seen.contains(&B256::from(**s)))
        .filter_map(|s| RegistryEvent::name_by_selector(*s))
        .collect();
    assert!(missing.is_empty(), "events never emitted: {missing:?}");
    assert_eq!(seen.len(), <RegistryEvent as SolEventInterface>::COUNT);
}

/// Topic 0 of an event.
fn topic(event: &RegistryEvent) -> B256 {
    use alloy_primitives::IntoLogData;
    event.to_log_data().topics()[0]
}
