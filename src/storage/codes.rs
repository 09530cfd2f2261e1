//! Status and phase codes as stored, and amounts as stored.

use alloy_primitives::U256;

#[cfg(doc)]
use super::MAX_AMOUNT;

/// Where a round stands.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundStatus {
    /// No such round.
    None = 0,
    /// Taking applications.
    Open = 1,
    /// Applications closed; waiting for tallies and finalisation.
    Closed = 2,
    /// Every application has its outcome.
    Finalised = 3,
}

/// Where an application stands. The same code answers `eligibility`.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplicationStatus {
    /// No such application.
    None = 0,
    /// Submitted; waiting for its tally.
    Pending = 1,
    /// Withdrawn by its applicant.
    Withdrawn = 2,
    /// Tally attested; waiting for the round's finalisation.
    Tallied = 3,
    /// Passed and ranked within the round's slots: a node may pair with it.
    Qualified = 4,
    /// Passed but ranked below the round's slots.
    NotSelected = 5,
    /// Total weight below the quorum.
    FailedQuorum = 6,
    /// Fewer distinct voters than required.
    FailedVoters = 7,
    /// For share of For + Against below the approval threshold.
    FailedApproval = 8,
    /// No tally was attested before the round's attestation window ended.
    NotAttested = 9,
    /// Revoked by the admin (with a reason, in `ApplicationRevoked`): it never pairs again.
    Revoked = 10,
}

/// The program's phases, in order. Moves are one way, one step at a time.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Phase 1: Alpha, four Foundation sequencer nodes.
    Alpha = 0,
    /// Phase 2: throughput and sequencer mining.
    Throughput = 1,
    /// Phase 3: main launch, more nodes paired through governance.
    MainLaunch = 2,
    /// New nodes open external access; Stage 2 repeats.
    OpenAccess = 3,
}

/// The last phase.
pub const LAST_PHASE: u8 = Phase::OpenAccess as u8;

/// A `uint256` as a stored amount, or `None` above [`MAX_AMOUNT`].
#[inline]
pub fn amount(value: U256) -> Option<u128> {
    // Limb by limb, not `value > MAX_AMOUNT`: the comparison would keep the constant in the
    // data segment, which every call pays for.
    let [low, high, l2, l3] = *value.as_limbs();
    if high > u64::from(u32::MAX) || l2 != 0 || l3 != 0 {
        return None;
    }
    Some(low as u128 | (high as u128) << 64)
}

/// A stored amount as a `uint256`.
#[inline]
pub fn wei(value: u128) -> U256 {
    U256::from(value)
}

#[cfg(test)]
mod tests {
    use super::{amount, wei};
    use crate::storage::MAX_AMOUNT;
    use alloy_primitives::U256;

    #[test]
    fn an_amount_is_stored_up_to_two_to_the_96_minus_one_and_refused_above() {
        for stored in [0u128, 1, u64::MAX as u128, (1u128 << 96) - 1] {
            assert_eq!(amount(U256::from(stored)), Some(stored));
            assert_eq!(wei(stored), U256::from(stored));
        }
        assert_eq!(amount(MAX_AMOUNT), Some((1u128 << 96) - 1));
        // A bit set in each limb above the 96 bits, alone: the second limb's upper half, the
        // third limb, the fourth.
        for bit in [96, 127, 128, 191, 192, 255] {
            assert_eq!(amount(U256::from(1) << bit), None, "2^{bit}");
            assert_eq!(
                amount(MAX_AMOUNT + (U256::from(1) << bit)),
                None,
                "max + 2^{bit}"
            );
        }
        assert_eq!(amount(MAX_AMOUNT + U256::from(1)), None);
        assert_eq!(amount(U256::MAX), None);
    }
}
