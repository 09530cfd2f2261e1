//! The rules a round is decided by, and the oracle set's threshold.

use super::*;

#[test]
fn a_round_is_decided_by_the_rules_in_force_when_it_opened() {
    let c = cast();
    let mut reg = populated();
    let admin = c.admin.address;
    // Nova's tally: 280,000 For / 20,000 Against = 93.3 % approval. Raised to 95 % after
    // round 2 opened, the bar does not apply to round 2.
    ok(
        &mut reg,
        admin,
        &I::setVoteRulesCall {
            quorum: metis(20_000),
            minVoters: 500,
            approvalBps: 9_500,
            attestationWindow: 7 * DAY as u32,
        },
    );
    let round = reg.view(&I::roundCall { roundId: 2 }).expect("round");
    assert_eq!(
        (
            round.quorum,
            round.minVoters,
            round.approvalBps,
            round.attestationWindow
        ),
        (metis(20_000), 500, 8_000, DEFAULT_ATTESTATION_WINDOW)
    );
    let signatures = sign(&reg, 2, 3, &tally_of(3), 1, &[0, 1]);
    ok(
        &mut reg,
        c.relayer.address,
        &attest(3, &tally_of(3), signatures),
    );
    ok(&mut reg, admin, &I::closeRoundCall { roundId: 2 });
    ok(
        &mut reg,
        c.relayer.address,
        &I::finaliseRoundCall { roundId: 2 },
    );
    assert_eq!(
        reg.view(&I::eligibilityCall { applicationId: 3 })
            .expect("eligibility"),
        I::eligibilityReturn {
            eligible: true,
            status: 4
        }
    );
    // the next round is decided by the new rules
    let deadline = ROUND_2_DEADLINE + 86_400;
    ok(&mut reg, admin, &I::openRoundCall { slots: 1, deadline });
    let round = reg.view(&I::roundCall { roundId: 3 }).expect("round");
    assert_eq!(
        (
            round.approvalBps,
            round.attestationWindow,
            round.attestationDeadline
        ),
        (9_500, 7 * DAY as u32, deadline + 7 * DAY)
    );
}

#[test]
fn an_oracle_set_needs_a_strict_majority_threshold() {
    let c = cast();
    let mut reg = populated();
    for (members, threshold) in [(&[0, 1][..], 1u8), (&[0, 1, 2, 3][..], 2)] {
        let signers = sorted(&c.oracle_refs(members));
        assert_reverts(
            &mut reg,
            c.admin.address,
            &I::setOracleSetCall {
                signers: signers.clone(),
                threshold,
            },
            I::RegistryInvalidOracleSet {
                signers: U256::from(signers.len()),
                threshold,
                maxSigners: U256::from(16),
            },
        );
    }
    let signers = sorted(&c.oracle_refs(&[0, 1, 2, 3]));
    ok(
        &mut reg,
        c.admin.address,
        &I::setOracleSetCall {
            signers,
            threshold: 3,
        },
    );
}
