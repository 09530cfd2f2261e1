//! The program's constants: units, the defaults the constructor installs, the limits of the
//! paginated views. Shared by the modules that guard, configure and list, so that none of
//! them needs another's internals (`lst-registry-types` carries the same values for clients;
//! `tests/it/types.rs` checks they agree).

use alloc::vec::Vec;

/// One METIS in wei.
pub const METIS: u128 = 1_000_000_000_000_000_000;
/// Default quorum: 20,000 METIS of total weight.
pub const DEFAULT_QUORUM: u128 = 20_000 * METIS;
/// Default participation: 500 distinct voting addresses.
pub const DEFAULT_MIN_VOTERS: u32 = 500;
/// Default approval: 80 % of For + Against.
pub const DEFAULT_APPROVAL_BPS: u16 = 8_000;
/// Default attestation window: 14 days after a round's application deadline.
pub const DEFAULT_ATTESTATION_WINDOW: u32 = 14 * DAY;
/// Bounds of the attestation window, in seconds: one day to 90 days.
pub const ATTESTATION_WINDOW: (u32, u32) = (DAY, 90 * DAY);
/// Default delay between an oracle-set change and its effect: two days.
pub const DEFAULT_ORACLE_SET_DELAY: u32 = 2 * DAY;
/// Bounds of the oracle-set delay, in seconds: one day to 30 days. It has a floor, so that
/// no admin can make a change take effect at once (a change while paused waits it too).
pub const ORACLE_SET_DELAY: (u32, u32) = (DAY, 30 * DAY);
/// Seconds in a day.
pub const DAY: u32 = 86_400;
/// Default smallest stake cap: 20,000 METIS.
pub const DEFAULT_MIN_CAP: u128 = 20_000 * METIS;
/// Default largest stake cap: 100,000 METIS.
pub const DEFAULT_MAX_CAP: u128 = 100_000 * METIS;
/// Default node limits: Alpha, Throughput, Main launch, Open access.
pub const DEFAULT_NODE_LIMITS: [u16; 4] = [4, 4, 16, 64];
/// The program's Snapshot space until the admin sets another: Metis's own space.
pub const DEFAULT_SNAPSHOT_SPACE: &str = "metislayer2.eth";
/// Byte bounds of a Snapshot space id (an ENS name).
pub const SPACE_LEN: (usize, usize) = (1, 64);
/// Largest node limit of any phase.
pub const MAX_NODE_LIMIT: u16 = 4_096;
/// Most entries a paginated view returns.
pub const MAX_PAGE: u64 = 100;

/// Positions `offset + 1 ..` (1-based) of up to `min(limit, MAX_PAGE)` of `count` records.
pub(crate) fn page(offset: u64, limit: u64, count: u64) -> core::ops::Range<u64> {
    let start = offset.min(count);
    start + 1..start.saturating_add(limit.min(MAX_PAGE)).min(count) + 1
}

/// The ids `first + i` for the positions `i` of a [`page`]. A loop, not `collect`: collecting
/// a `Range<u64>` (not `TrustedLen` where `usize` is 32 bits) links a panic location into the
/// views program's data segment, which every view call pays for.
pub(crate) fn page_ids(positions: core::ops::Range<u64>, first: u64) -> Vec<u64> {
    let mut ids = Vec::with_capacity(MAX_PAGE as usize);
    for position in positions {
        ids.push(first + position);
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::{page, page_ids, MAX_PAGE};

    #[test]
    fn a_page_lists_its_ids_from_first_up_to_max_page() {
        assert_eq!(page_ids(page(0, 3, 5), 0), [1, 2, 3]);
        assert_eq!(page_ids(page(3, 3, 5), 0), [4, 5]);
        assert_eq!(page_ids(page(5, 3, 5), 0), [0u64; 0]);
        assert_eq!(page_ids(page(u64::MAX, u64::MAX, 5), 0), [0u64; 0]);
        assert_eq!(page_ids(page(1, 2, 4), 10), [12, 13]);
        let all = page_ids(page(0, u64::MAX, 1_000), 0);
        assert_eq!(all.len() as u64, MAX_PAGE);
        assert_eq!((all[0], all[99]), (1, 100));
    }
}
