//! The program's constants: units, the defaults the constructor installs, and the limits the
//! registry enforces. The contract keeps its own copies (`src/rules.rs`, `src/rounds.rs`,
//! `src/nodes.rs`, `src/storage/`: taking them from here did not shrink the program);
//! `tests/it/types.rs` in the contract's crate checks that the two agree.

use alloy_primitives::U256;

/// One METIS in wei (18 decimals).
pub const METIS: u128 = 1_000_000_000_000_000_000;

/// `amount` whole METIS in wei.
pub fn metis(amount: u64) -> U256 {
    U256::from(amount) * U256::from(METIS)
}

/// Default quorum: total weight (For + Against + Abstain), in wei.
pub const DEFAULT_QUORUM: u128 = 20_000 * METIS;
/// Default minimum number of distinct voters.
pub const DEFAULT_MIN_VOTERS: u32 = 500;
/// Default approval, For / (For + Against), in basis points.
pub const DEFAULT_APPROVAL_BPS: u16 = 8_000;
/// Default attestation window: seconds after a round's application deadline during which
/// its tallies are attested (14 days).
pub const DEFAULT_ATTESTATION_WINDOW: u32 = 14 * 86_400;
/// Bounds of the attestation window, in seconds (one day to 90 days).
pub const ATTESTATION_WINDOW: (u32, u32) = (86_400, 90 * 86_400);
/// Default delay between an oracle-set change and its effect: two days.
pub const DEFAULT_ORACLE_SET_DELAY: u32 = 2 * 86_400;
/// Bounds of the oracle-set delay, in seconds: one day to 30 days.
pub const ORACLE_SET_DELAY: (u32, u32) = (86_400, 30 * 86_400);
/// Byte bounds of a revocation reason.
pub const REVOKE_REASON_LEN: (usize, usize) = (1, 256);
/// Default smallest stake cap, in wei.
pub const DEFAULT_MIN_CAP: u128 = 20_000 * METIS;
/// Default largest stake cap, in wei.
pub const DEFAULT_MAX_CAP: u128 = 100_000 * METIS;
/// Default node limit of each phase, in phase order (Alpha, Throughput, Main launch, Open
/// access).
pub const DEFAULT_NODE_LIMITS: [u16; 4] = [4, 4, 16, 64];
/// Largest node limit of a phase.
pub const MAX_NODE_LIMIT: u16 = 4_096;

/// Most oracle signers in a set.
pub const MAX_ORACLES: usize = 16;
/// Most eligible slots of a round.
pub const MAX_SLOTS: u8 = 32;
/// Most applications of a round, withdrawn ones included.
pub const MAX_APPLICATIONS_PER_ROUND: u16 = 128;
/// Most positions a paginated view covers per call.
pub const MAX_PAGE: u64 = 100;
/// Largest amount the registry stores: `2^96 − 1` wei (`uint96`).
pub const MAX_AMOUNT: U256 = U256::from_limbs([u64::MAX, u32::MAX as u64, 0, 0]);

/// Byte lengths `(min, max)` of an application's name.
pub const NAME_LEN: (usize, usize) = (1, 64);
/// Byte lengths `(min, max)` of a metadata or announcement URI.
pub const URI_LEN: (usize, usize) = (1, 256);
/// Byte lengths `(min, max)` of a Snapshot space.
pub const SPACE_LEN: (usize, usize) = (1, 64);
/// The program's Snapshot space until the admin sets another (`rules().snapshotSpace`).
pub const DEFAULT_SNAPSHOT_SPACE: &str = "metislayer2.eth";
/// How the seed process names the program's proposals: every title ends with this. The
/// oracle tool refuses a proposal whose title does not (configurable there).
pub const PROPOSAL_TITLE_SUFFIX: &str = "LST Protocol Proposal";
/// Byte lengths `(min, max)` of an unpairing reason.
pub const REASON_LEN: (usize, usize) = (0, 256);

/// The constructor route's selector, `bytes4(keccak256("stylus_constructor()"))`, which the
/// interface does not list (cargo-stylus calls it with the constructor's arguments).
pub const CONSTRUCTOR_SELECTOR: [u8; 4] = [0x55, 0x85, 0x25, 0x8d];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constants_hold_their_documented_values() {
        assert_eq!(
            CONSTRUCTOR_SELECTOR,
            alloy_primitives::keccak256("stylus_constructor()")[..4]
        );
        assert_eq!(metis(20_000), U256::from(DEFAULT_QUORUM));
        assert_eq!(MAX_AMOUNT, (U256::from(1) << 96) - U256::from(1));
    }
}
