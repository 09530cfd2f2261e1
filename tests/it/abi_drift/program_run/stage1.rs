//! Stage 1 of the run: a round with three live applications and a withdrawn one, attested and
//! finalised.

use alloy_primitives::B256;
use alloy_sol_types::SolEvent;

use super::{account, metis, Cast, Run};
use crate::abi_drift::ILstRegistry as I;

/// A round with three live applications and a withdrawn one.
pub(super) fn round(run: &mut Run, cast: &Cast) {
    let Cast {
        admin,
        oracle,
        stranger,
        applicants,
        staking,
        ..
    } = *cast;
    assert_eq!(
        run.ok(
            admin,
            I::openRoundCall {
                slots: 1,
                deadline: 2_000
            }
        ),
        1
    );
    run.logged(&[I::RoundOpened {
        roundId: 1,
        slots: 1,
        deadline: 2_000,
        phase: 1,
    }
    .encode_log_data()]);
    let content = |i: u64| B256::with_last_byte(0xc0 + i as u8);
    let proposal = |i: u64| B256::with_last_byte(0xd0 + i as u8);
    for (n, (applicant, staking)) in (1u64..).zip(applicants.iter().zip(staking)) {
        let id = run.ok(
            *applicant,
            I::submitApplicationCall {
                name: format!("LST {n}"),
                metadataUri: format!("ipfs://application-{n}"),
                contentHash: content(n),
                snapshotSpace: "lst.eth".into(),
                snapshotProposal: proposal(n),
                stakingContract: staking,
            },
        );
        assert_eq!(id, n);
        run.logged(&[I::ApplicationSubmitted {
            roundId: 1,
            applicationId: n,
            applicant: *applicant,
            stakingContract: staking,
            contentHash: content(n),
            snapshotProposal: proposal(n),
        }
        .encode_log_data()]);
    }
    // One live application per applicant (and per staking contract) in a round.
    run.fails(
        applicants[0],
        I::submitApplicationCall {
            name: "LST 1 again".into(),
            metadataUri: "ipfs://again".into(),
            contentHash: content(5),
            snapshotSpace: "lst.eth".into(),
            snapshotProposal: proposal(5),
            stakingContract: account(0x35),
        },
        I::RegistryAlreadyApplied {
            account: applicants[0],
            applicationId: 1,
        },
    );
    run.fails(
        stranger,
        I::withdrawApplicationCall { applicationId: 4 },
        I::RegistryNotApplicant {
            applicationId: 4,
            caller: stranger,
        },
    );
    run.ok(
        applicants[3],
        I::withdrawApplicationCall { applicationId: 4 },
    );
    run.logged(&[I::ApplicationWithdrawn {
        roundId: 1,
        applicationId: 4,
    }
    .encode_log_data()]);
    assert_eq!(
        run.ok(stranger, I::eligibilityCall { applicationId: 4 }),
        I::eligibilityReturn {
            eligible: false,
            status: 2
        }
    );

    // Tallies: 1 passes with the most For weight, 2 passes second, 3 misses the quorum. The
    // signature is a well-formed placeholder; the ecrecover precompile is mocked to answer the
    // oracle for exactly that signature over exactly the digest the registry reports.
    let tallies = [
        (1u64, 300u64, 10u64, 5u64, 50u32),
        (2, 200, 20, 0, 40),
        (3, 50, 0, 0, 50),
    ];
    for (id, for_votes, against, abstain, voters) in tallies {
        let (for_votes, against, abstain) = (metis(for_votes), metis(against), metis(abstain));
        let digest = run.ok(
            stranger,
            I::tallyDigestCall {
                applicationId: id,
                forVotes: for_votes,
                againstVotes: against,
                abstainVotes: abstain,
                voters,
            },
        );
        let (r, s, v) = (B256::with_last_byte(1), B256::with_last_byte(2), 27u8);
        let mut signature = [r.as_slice(), s.as_slice()].concat();
        signature.push(v);
        let ecrecover_input = [
            digest.as_slice(),
            B256::with_last_byte(v).as_slice(),
            r.as_slice(),
            s.as_slice(),
        ]
        .concat();
        run.vm.mock_static_call(
            account(0x01),
            ecrecover_input,
            Ok(alloy_sol_types::SolValue::abi_encode(&oracle)),
        );
        run.ok(
            stranger,
            I::attestTallyCall {
                applicationId: id,
                forVotes: for_votes,
                againstVotes: against,
                abstainVotes: abstain,
                voters,
                signatures: signature.into(),
            },
        );
        run.logged(&[I::TallyAttested {
            roundId: 1,
            applicationId: id,
            oracleEpoch: 1,
            forVotes: for_votes,
            againstVotes: against,
            abstainVotes: abstain,
            voters,
        }
        .encode_log_data()]);
        let tally = run.ok(stranger, I::applicationTallyCall { applicationId: id });
        assert_eq!(
            (
                tally.forVotes,
                tally.againstVotes,
                tally.abstainVotes,
                tally.voters,
                tally.oracleEpoch
            ),
            (for_votes, against, abstain, voters, 1)
        );
    }
    run.fails(
        stranger,
        I::finaliseRoundCall { roundId: 1 },
        I::RegistryWrongRoundStatus {
            roundId: 1,
            status: 1,
            expected: 2,
        },
    );
    run.fails(
        stranger,
        I::closeRoundCall { roundId: 1 },
        I::RegistryDeadline {
            roundId: 1,
            deadline: 2_000,
            now: 1_000,
        },
    );
    run.ok(admin, I::closeRoundCall { roundId: 1 });
    run.logged(&[I::RoundClosed {
        roundId: 1,
        applications: 4,
    }
    .encode_log_data()]);
    run.ok(stranger, I::finaliseRoundCall { roundId: 1 });
    run.logged(&[
        I::ApplicationFailed {
            roundId: 1,
            applicationId: 3,
            reason: 6,
        }
        .encode_log_data(),
        I::ApplicationQualified {
            roundId: 1,
            applicationId: 1,
            rank: 1,
        }
        .encode_log_data(),
        I::ApplicationPassed {
            roundId: 1,
            applicationId: 2,
            rank: 2,
        }
        .encode_log_data(),
        I::RoundFinalised {
            roundId: 1,
            passed: 2,
            qualified: 1,
        }
        .encode_log_data(),
    ]);
    let round = run.ok(stranger, I::roundCall { roundId: 1 });
    assert_eq!(
        (
            round.slots,
            round.status,
            round.roundPhase,
            round.firstApplication,
            round.applications,
            round.live,
            round.tallied,
            round.passed,
            round.qualified,
            round.deadline,
            round.attestationDeadline,
        ),
        (1, 3, 1, 1, 4, 3, 3, 2, 1, 2_000, 2_000 + 2 * 86_400)
    );
    assert_eq!(
        (
            round.quorum,
            round.minVoters,
            round.approvalBps,
            round.attestationWindow
        ),
        (metis(100), 10, 6_000, 2 * 86_400)
    );
    assert_eq!(
        run.ok(
            stranger,
            I::roundApplicationsCall {
                roundId: 1,
                offset: 1,
                limit: 2
            }
        ),
        vec![2, 3]
    );
    assert_eq!(
        run.ok(
            stranger,
            I::roundApplicationsCall {
                roundId: 1,
                offset: 0,
                limit: u64::MAX
            }
        ),
        vec![1, 2, 3, 4]
    );
    let app = run.ok(stranger, I::applicationCall { applicationId: 1 });
    assert_eq!(
        (
            app.roundId,
            app.applicant,
            app.stakingContract,
            app.status,
            app.rank,
            app.contentHash,
            app.snapshotProposal
        ),
        (1, applicants[0], staking[0], 4, 1, content(1), proposal(1))
    );
    assert_eq!(
        (
            app.name.as_str(),
            app.metadataUri.as_str(),
            app.snapshotSpace.as_str()
        ),
        ("LST 1", "ipfs://application-1", "lst.eth")
    );
    assert_eq!(
        run.ok(stranger, I::eligibilityCall { applicationId: 1 }),
        I::eligibilityReturn {
            eligible: true,
            status: 4
        }
    );
    assert_eq!(
        run.ok(stranger, I::eligibilityCall { applicationId: 2 }),
        I::eligibilityReturn {
            eligible: false,
            status: 5
        }
    );
    assert_eq!(
        run.ok(stranger, I::eligibilityCall { applicationId: 99 }),
        I::eligibilityReturn {
            eligible: false,
            status: 0
        }
    );
}
