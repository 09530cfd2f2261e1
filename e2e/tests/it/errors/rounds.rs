//! Rounds and applications: unknown and wrong-status records, round configuration and
//! deadlines, proposals, spaces and second applications.

use super::*;

/// Rounds and applications: every error of the group, reached through the artifact.
pub(super) fn rounds_and_applications(reg: &mut Registry, cov: &mut Coverage, now: u64) {
    let c = cast();
    let (admin, stranger) = (c.admin.address, c.stranger.address);
    let t3 = tally_of(3);
    let relayer = c.relayer.address;
    cov.reverts(
        reg,
        admin,
        &I::closeRoundCall { roundId: 99 },
        I::RegistryUnknownRound { roundId: 99 },
    );
    cov.reverts(
        reg,
        relayer,
        &I::finaliseRoundCall { roundId: 2 },
        I::RegistryWrongRoundStatus {
            roundId: 2,
            status: 1,
            expected: 2,
        },
    );
    cov.reverts(
        reg,
        admin,
        &I::openRoundCall {
            slots: 0,
            deadline: now + 1,
        },
        I::RegistryInvalidRoundConfig {
            slots: 0,
            deadline: now + 1,
            now,
            maxSlots: 32,
        },
    );
    cov.reverts(
        reg,
        stranger,
        &I::closeRoundCall { roundId: 2 },
        I::RegistryDeadline {
            roundId: 2,
            deadline: ROUND_2_DEADLINE,
            now,
        },
    );
    {
        let mut closed = reg.clone();
        ok(&mut closed, admin, &I::closeRoundCall { roundId: 2 });
        cov.reverts(
            &mut closed,
            c.lst(4).applicant.address,
            &c.lst(4).submit(),
            I::RegistryNoOpenRound {},
        );
        cov.reverts(
            &mut closed,
            relayer,
            &I::finaliseRoundCall { roundId: 2 },
            I::RegistryTalliesMissing {
                roundId: 2,
                tallied: 0,
                live: 1,
            },
        );
    }
    cov.0.insert(I::RegistryRoundFull::SELECTOR); // reached in `a_full_round_takes_no_more_applications`
    cov.reverts(
        reg,
        stranger,
        &I::submitApplicationCall {
            stakingContract: stranger,
            ..c.lst(3).submit()
        },
        I::RegistryProposalUsed {
            snapshotProposal: c.lst(3).snapshot_proposal,
            applicationId: 3,
        },
    );
    cov.reverts(
        reg,
        stranger,
        &I::submitApplicationCall {
            snapshotSpace: "other.eth".into(),
            ..c.lst(4).submit()
        },
        I::RegistryWrongSnapshotSpace {
            spaceHash: alloy_primitives::keccak256("other.eth"),
            expectedHash: alloy_primitives::keccak256(SNAPSHOT_SPACE),
        },
    );
    // Nova (application 3) is in the open round 2: a second application of its team, or of
    // anyone naming its staking contract, is refused
    let again = submit_with(3, |call| {
        call.snapshotProposal = alloy_primitives::keccak256("Nova's second proposal")
    });
    cov.reverts(
        reg,
        c.lst(3).applicant.address,
        &again,
        I::RegistryAlreadyApplied {
            account: c.lst(3).applicant.address,
            applicationId: 3,
        },
    );
    let same_staking = submit_with(4, |call| call.stakingContract = c.lst(3).staking.address);
    cov.reverts(
        reg,
        c.lst(4).applicant.address,
        &same_staking,
        I::RegistryAlreadyApplied {
            account: c.lst(3).staking.address,
            applicationId: 3,
        },
    );
    cov.reverts(
        reg,
        relayer,
        &attest(99, &t3, Vec::new()),
        I::RegistryUnknownApplication { applicationId: 99 },
    );
    cov.reverts(
        reg,
        c.lst(1).applicant.address,
        &I::withdrawApplicationCall { applicationId: 1 },
        I::RegistryWrongApplicationStatus {
            applicationId: 1,
            status: 4,
            expected: 1,
        },
    );
}
