//! The contract's own constants against `lst-registry-types`, which every off-chain crate
//! uses: the contract keeps its copies (taking them from the types crate did not make the
//! program smaller), so this test is what keeps the two the same.

use alloy_primitives::U256;
use lst_registry::{attestation, nodes, rounds, rules, storage};
use lst_registry_types::{codes, eip712, program};

#[test]
fn the_contract_and_the_types_crate_agree_on_every_constant() {
    assert_eq!(rules::METIS, program::METIS);
    assert_eq!(rules::DEFAULT_QUORUM, program::DEFAULT_QUORUM);
    assert_eq!(rules::DEFAULT_MIN_VOTERS, program::DEFAULT_MIN_VOTERS);
    assert_eq!(rules::DEFAULT_APPROVAL_BPS, program::DEFAULT_APPROVAL_BPS);
    assert_eq!(
        rules::DEFAULT_ATTESTATION_WINDOW,
        program::DEFAULT_ATTESTATION_WINDOW
    );
    assert_eq!(rules::ATTESTATION_WINDOW, program::ATTESTATION_WINDOW);
    assert_eq!(
        lst_registry::params::DEFAULT_ORACLE_SET_DELAY,
        program::DEFAULT_ORACLE_SET_DELAY
    );
    assert_eq!(
        lst_registry::params::ORACLE_SET_DELAY,
        program::ORACLE_SET_DELAY
    );
    assert_eq!(rules::DEFAULT_MIN_CAP, program::DEFAULT_MIN_CAP);
    assert_eq!(rules::DEFAULT_MAX_CAP, program::DEFAULT_MAX_CAP);
    assert_eq!(rules::DEFAULT_NODE_LIMITS, program::DEFAULT_NODE_LIMITS);
    assert_eq!(rules::MAX_NODE_LIMIT, program::MAX_NODE_LIMIT);
    assert_eq!(storage::MAX_ORACLES, program::MAX_ORACLES);
    assert_eq!(storage::MAX_AMOUNT, program::MAX_AMOUNT);
    assert_eq!(rounds::MAX_SLOTS, program::MAX_SLOTS);
    assert_eq!(
        rounds::MAX_APPLICATIONS_PER_ROUND,
        program::MAX_APPLICATIONS_PER_ROUND
    );
    assert_eq!(rounds::NAME_LEN, program::NAME_LEN);
    assert_eq!(rounds::URI_LEN, program::URI_LEN);
    assert_eq!(rounds::SPACE_LEN, program::SPACE_LEN);
    assert_eq!(
        rules::DEFAULT_SNAPSHOT_SPACE,
        program::DEFAULT_SNAPSHOT_SPACE
    );
    assert_eq!(nodes::REASON_LEN, program::REASON_LEN);
    assert_eq!(nodes::REVOKE_REASON_LEN, program::REVOKE_REASON_LEN);
    assert_eq!(nodes::MAX_PAGE, program::MAX_PAGE);
    assert_eq!(
        lst_registry::router::selector("stylus_constructor()").to_be_bytes(),
        program::CONSTRUCTOR_SELECTOR
    );
    assert_eq!(attestation::TALLY_TYPE, eip712::TALLY_TYPE);
    assert_eq!(attestation::HALF_ORDER, eip712::HALF_ORDER);
    assert_eq!(attestation::SIGNATURE_LEN, eip712::SIGNATURE_LEN);
    assert_eq!(U256::from(program::METIS), program::metis(1));
    assert_eq!(codes::PHASE.len(), storage::LAST_PHASE as usize + 1);
    // Every application status, through 9 NotAttested and 10 Revoked, has its name.
    use storage::ApplicationStatus as S;
    let statuses = [
        S::None,
        S::Pending,
        S::Withdrawn,
        S::Tallied,
        S::Qualified,
        S::NotSelected,
        S::FailedQuorum,
        S::FailedVoters,
        S::FailedApproval,
        S::NotAttested,
        S::Revoked,
    ];
    assert_eq!(codes::APPLICATION_STATUS.len(), statuses.len());
    assert_eq!(codes::APPLICATION_STATUS_MEANING.len(), statuses.len());
    for status in statuses {
        assert_eq!(
            codes::APPLICATION_STATUS[status as usize],
            format!("{status:?}"),
            "name of status {}",
            status as u8
        );
    }
}
