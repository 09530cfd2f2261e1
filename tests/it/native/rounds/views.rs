//! The round and application views.

use lst_registry::RegistryError;

use crate::native::support::*;

#[test]
fn round_applications_pages_through_a_round() {
    let env = applications_submitted();
    let page = |offset, limit| env.reg.round_applications(ROUND_1, offset, limit).unwrap();
    assert_eq!(page(0, 10), vec![1, 2, 3]);
    assert_eq!(page(0, 2), vec![1, 2]);
    assert_eq!(page(1, 1), vec![2]);
    assert_eq!(page(2, 10), vec![3]);
    assert_eq!(page(3, 10), Vec::<u64>::new());
    assert_eq!(page(1_000, 10), Vec::<u64>::new());
    assert_eq!(page(0, 0), Vec::<u64>::new());
    assert_eq!(page(1, u64::MAX), vec![2, 3]);
    assert_eq!(page(u64::MAX, u64::MAX), Vec::<u64>::new());
}

#[test]
fn round_views_reject_an_unknown_round() {
    let env = round_open();
    assert_eq!(env.reg.round(0), Err(RegistryError::unknown_round(0)));
    assert_eq!(env.reg.round(2), Err(RegistryError::unknown_round(2)));
    assert_eq!(
        env.reg.round_applications(2, 0, 1),
        Err(RegistryError::unknown_round(2))
    );
}

#[test]
fn application_views_reject_an_unknown_application() {
    let env = applications_submitted();
    assert_eq!(
        env.reg.application(0),
        Err(RegistryError::unknown_application(0))
    );
    assert_eq!(
        env.reg.application(4),
        Err(RegistryError::unknown_application(4))
    );
    assert_eq!(
        env.reg.application_tally(4),
        Err(RegistryError::unknown_application(4))
    );
    assert_eq!(env.reg.eligibility(4), (false, status::NONE));
    assert_eq!(env.reg.eligibility(0), (false, status::NONE));
}
