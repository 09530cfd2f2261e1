//! Rounds that cannot be held open: an application no oracle attests, one account filling a
//! round.

use super::*;

#[test]
fn an_unattestable_application_holds_its_round_only_until_the_attestation_deadline() {
    let c = cast();
    let mut reg = populated();
    let (admin, relayer) = (c.admin.address, c.relayer.address);
    // round 2: Nova (3) gets no tally, ever; Orbit (4) is attested
    ok(&mut reg, c.lst(4).applicant.address, &c.lst(4).submit());
    let signatures = sign(&reg, 2, 4, &tally_of(4), 1, &[0, 1]);
    ok(&mut reg, relayer, &attest(4, &tally_of(4), signatures));
    ok(&mut reg, admin, &I::closeRoundCall { roundId: 2 });
    let round = reg.view(&I::roundCall { roundId: 2 }).expect("round");
    assert_eq!(
        (round.attestationDeadline, round.attestationWindow),
        (ROUND_2_ATTESTATION_DEADLINE, DEFAULT_ATTESTATION_WINDOW)
    );
    let missing = I::RegistryTalliesMissing {
        roundId: 2,
        tallied: 1,
        live: 2,
    };
    let finalise = I::finaliseRoundCall { roundId: 2 };
    assert_reverts(&mut reg, relayer, &finalise, missing.clone());
    // up to and including the attestation deadline, the missing tally holds the round
    reg.net_mut().set_timestamp(ROUND_2_ATTESTATION_DEADLINE);
    assert_reverts(&mut reg, relayer, &finalise, missing);
    // one second later: Nova's tally, however well signed, is refused...
    let after = ROUND_2_ATTESTATION_DEADLINE + 1;
    reg.net_mut().set_timestamp(after);
    let late = sign(&reg, 2, 3, &tally_of(3), 1, &[0, 1]);
    assert_reverts(
        &mut reg,
        relayer,
        &attest(3, &tally_of(3), late),
        I::RegistryDeadline {
            roundId: 2,
            deadline: ROUND_2_ATTESTATION_DEADLINE,
            now: after,
        },
    );
    // ...and anyone finalises: Nova fails as not attested
    ok_with(
        &mut reg,
        c.stranger.address,
        &finalise,
        vec![
            I::ApplicationFailed {
                roundId: 2,
                applicationId: 3,
                reason: 9,
            }
            .into(),
            I::ApplicationQualified {
                roundId: 2,
                applicationId: 4,
                rank: 1,
            }
            .into(),
            I::RoundFinalised {
                roundId: 2,
                passed: 1,
                qualified: 1,
            }
            .into(),
        ],
    );
    assert_eq!(
        reg.view(&I::eligibilityCall { applicationId: 3 })
            .expect("eligibility"),
        I::eligibilityReturn {
            eligible: false,
            status: 9
        }
    );
}

#[test]
fn one_account_cannot_fill_a_round() {
    let c = cast();
    let mut reg = populated();
    let nova = c.lst(3); // application 3, pending in round 2
    let already = |account| I::RegistryAlreadyApplied {
        account,
        applicationId: 3,
    };
    // the same applicant, with fresh proposals and other staking contracts
    for i in 1..=3u8 {
        let again = I::submitApplicationCall {
            name: format!("Nova LST {i}"),
            snapshotProposal: keccak256(format!("Nova's proposal #{i}")),
            stakingContract: alloy_primitives::Address::repeat_byte(i),
            ..nova.submit()
        };
        assert_reverts(
            &mut reg,
            nova.applicant.address,
            &again,
            already(nova.applicant.address),
        );
    }
    // another account naming the same staking contract
    let proxy = I::submitApplicationCall {
        snapshotProposal: keccak256("a proxy's proposal"),
        stakingContract: nova.staking.address,
        ..c.lst(4).submit()
    };
    assert_reverts(
        &mut reg,
        c.lst(4).applicant.address,
        &proxy,
        already(nova.staking.address),
    );
    // the rule is per round: Artemis (qualified in round 1) applies in round 2
    let artemis = I::submitApplicationCall {
        snapshotProposal: keccak256("Artemis, round 2"),
        ..c.lst(1).submit()
    };
    assert_eq!(
        ok(&mut reg, c.lst(1).applicant.address, &artemis).value(),
        Some(&4)
    );
    // and a withdrawn application does not count
    ok(
        &mut reg,
        nova.applicant.address,
        &I::withdrawApplicationCall { applicationId: 3 },
    );
    let again = I::submitApplicationCall {
        snapshotProposal: keccak256("Nova's corrected proposal"),
        ..nova.submit()
    };
    assert_eq!(
        ok(&mut reg, nova.applicant.address, &again).value(),
        Some(&5)
    );
}
