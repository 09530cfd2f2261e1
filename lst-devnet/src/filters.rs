//! Installed filters (`eth_newFilter`, `eth_newBlockFilter`, `eth_newPendingTransactionFilter`)
//! and where each one's polling has got to.
//!
//! A filter remembers the first block it has not reported yet; `eth_getFilterChanges` reports
//! the blocks from there to the latest and moves it on. A pending-transaction filter instead
//! keeps the hashes of the transactions the node accepted since its last poll (at most
//! [`MAX_PENDING_HASHES`], the oldest dropped first), so it reports a transaction when it
//! arrives, before it is mined (as geth and anvil do). As in geth, a filter that nobody polls
//! for [`FILTER_TIMEOUT`] is dropped; at most [`MAX_FILTERS`] live at once. Filters are not part
//! of the chain's state: `evm_revert` keeps them (a filter whose next block was reverted away
//! reports again from the new head on).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use alloy_eips::BlockNumberOrTag;
use alloy_primitives::{B256, U256};
use alloy_rpc_types_eth::{Filter, FilterBlockOption};

/// How long a filter lives without being polled (geth's deadline).
pub const FILTER_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// Most filters installed at once; a further `eth_new*Filter` is refused.
pub const MAX_FILTERS: usize = 1_000;
/// Most transaction hashes a pending-transaction filter keeps between two polls.
pub const MAX_PENDING_HASHES: usize = 10_000;

/// What a filter reports.
#[derive(Clone, Debug)]
pub enum FilterKind {
    /// Logs matching the filter.
    Logs(Box<Filter>),
    /// Hashes of new blocks.
    Blocks,
    /// Hashes of transactions as the node accepts them (into a block or the pool).
    PendingTransactions,
}

#[derive(Debug)]
struct Installed {
    kind: FilterKind,
    /// The first block not yet reported.
    next_block: u64,
    last_poll: Instant,
    /// A pending-transaction filter's hashes not yet reported, oldest first.
    arrived: std::collections::VecDeque<B256>,
}

/// What one poll of a filter reports.
#[derive(Clone, Debug)]
pub struct Polled {
    /// The filter's kind.
    pub kind: FilterKind,
    /// The first block not reported before.
    pub from: u64,
    /// The latest block.
    pub to: u64,
    /// A pending-transaction filter's hashes accepted since its last poll, oldest first
    /// (empty for other filters).
    pub arrived: Vec<B256>,
}

/// The installed filters.
#[derive(Debug, Default)]
pub struct Filters {
    next_id: u64,
    live: HashMap<u64, Installed>,
}

/// Why a filter request was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// No such filter (never installed, uninstalled, or expired).
    #[error("filter not found")]
    NotFound,
    /// [`MAX_FILTERS`] are installed.
    #[error("too many filters: at most {MAX_FILTERS} at once (uninstall some)")]
    TooMany,
}

impl Filters {
    /// Installs a filter that reports from block `next_block` on; returns its id.
    pub fn install(&mut self, kind: FilterKind, next_block: u64) -> Result<U256, FilterError> {
        self.install_at(kind, next_block, Instant::now())
    }

    fn install_at(
        &mut self,
        kind: FilterKind,
        next_block: u64,
        now: Instant,
    ) -> Result<U256, FilterError> {
        self.expire(now);
        if self.live.len() >= MAX_FILTERS {
            return Err(FilterError::TooMany);
        }
        self.next_id += 1;
        self.live.insert(
            self.next_id,
            Installed {
                kind,
                next_block,
                last_poll: now,
                arrived: Default::default(),
            },
        );
        Ok(U256::from(self.next_id))
    }

    /// Filter `id`'s kind, the blocks it has not reported (`from..=to`, empty when
    /// `from > to`) and, for a pending-transaction filter, the hashes that arrived since its
    /// last poll; the filter then waits for block `latest + 1` and new arrivals.
    pub fn poll(&mut self, id: U256, latest: u64) -> Result<Polled, FilterError> {
        self.poll_at(id, latest, Instant::now())
    }

    fn poll_at(&mut self, id: U256, latest: u64, now: Instant) -> Result<Polled, FilterError> {
        self.expire(now);
        let filter = self.find(id)?;
        let from = filter.next_block.min(latest + 1);
        filter.next_block = latest + 1;
        filter.last_poll = now;
        Ok(Polled {
            kind: filter.kind.clone(),
            from,
            to: latest,
            arrived: filter.arrived.drain(..).collect(),
        })
    }

    /// Notes that the node accepted transaction `hash`, for every pending-transaction filter.
    pub fn note_transaction(&mut self, hash: B256) {
        for filter in self.live.values_mut() {
            if matches!(filter.kind, FilterKind::PendingTransactions) {
                if filter.arrived.len() >= MAX_PENDING_HASHES {
                    filter.arrived.pop_front();
                }
                filter.arrived.push_back(hash);
            }
        }
    }

    /// Filter `id`'s kind, for `eth_getFilterLogs` (which polls it too).
    pub fn kind(&mut self, id: U256) -> Result<FilterKind, FilterError> {
        let now = Instant::now();
        self.expire(now);
        let filter = self.find(id)?;
        filter.last_poll = now;
        Ok(filter.kind.clone())
    }

    /// Removes filter `id`; false if there was none.
    pub fn uninstall(&mut self, id: U256) -> bool {
        u64::try_from(id).is_ok_and(|id| self.live.remove(&id).is_some())
    }

    /// Number of live filters.
    pub fn len(&self) -> usize {
        self.live.len()
    }

    /// True when no filter is installed.
    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    fn find(&mut self, id: U256) -> Result<&mut Installed, FilterError> {
        u64::try_from(id)
            .ok()
            .and_then(|id| self.live.get_mut(&id))
            .ok_or(FilterError::NotFound)
    }

    fn expire(&mut self, now: Instant) {
        self.live
            .retain(|_, f| now.saturating_duration_since(f.last_poll) < FILTER_TIMEOUT);
    }
}

/// Whether block `number` (with `hash`) is among the blocks `filter` names for new blocks:
/// its `blockHash`, or its numbered `fromBlock`/`toBlock` bounds (tags bound nothing: new
/// blocks are always the latest). What a log subscription and `eth_getFilterChanges` report.
pub fn covers_block(filter: &Filter, number: u64, hash: B256) -> bool {
    match &filter.block_option {
        FilterBlockOption::AtBlockHash(at) => *at == hash,
        FilterBlockOption::Range {
            from_block,
            to_block,
        } => {
            let after_from = match from_block {
                Some(BlockNumberOrTag::Number(from)) => number >= *from,
                _ => true,
            };
            let before_to = match to_block {
                Some(BlockNumberOrTag::Number(to)) => number <= *to,
                _ => true,
            };
            after_from && before_to
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_reports_each_block_once_and_waits_for_the_next() {
        let mut filters = Filters::default();
        let id = filters.install(FilterKind::Blocks, 4).unwrap();
        assert_eq!(filters.poll(id, 6).unwrap().from..=6, 4..=6);
        let polled = filters.poll(id, 6).unwrap();
        assert!(polled.from > polled.to, "nothing new: {polled:?}");
        assert_eq!(filters.poll(id, 7).unwrap().from, 7);
    }

    #[test]
    fn a_reverted_head_does_not_report_blocks_twice_or_skip_new_ones() {
        let mut filters = Filters::default();
        let id = filters.install(FilterKind::Blocks, 10).unwrap();
        // The chain was reverted to block 5: nothing to report until block 6 exists.
        let polled = filters.poll(id, 5).unwrap();
        assert!(polled.from > polled.to);
        assert_eq!(filters.poll(id, 6).unwrap().from, 6);
    }

    #[test]
    fn unknown_uninstalled_and_expired_filters_are_not_found() {
        let mut filters = Filters::default();
        assert_eq!(
            filters.poll(U256::from(1), 0).unwrap_err(),
            FilterError::NotFound
        );
        assert_eq!(
            filters.poll(U256::MAX, 0).unwrap_err(),
            FilterError::NotFound
        );
        let start = Instant::now();
        let id = filters
            .install_at(FilterKind::PendingTransactions, 1, start)
            .unwrap();
        let kept = filters.install_at(FilterKind::Blocks, 1, start).unwrap();
        assert!(filters.uninstall(id));
        assert!(!filters.uninstall(id));
        assert_eq!(filters.poll(id, 1).unwrap_err(), FilterError::NotFound);
        // Polled just before the deadline it lives on; unpolled past it, it is gone.
        let almost = start + FILTER_TIMEOUT - Duration::from_secs(1);
        assert!(filters.poll_at(kept, 1, almost).is_ok());
        let later = almost + FILTER_TIMEOUT;
        assert_eq!(
            filters.poll_at(kept, 1, later).unwrap_err(),
            FilterError::NotFound
        );
        assert!(filters.is_empty());
    }

    #[test]
    fn a_filter_covers_the_blocks_its_numbers_or_hash_name() {
        let open = Filter::new();
        assert!(covers_block(&open, 7, B256::ZERO));
        let bounded = Filter::new().from_block(5u64).to_block(6u64);
        assert!(!covers_block(&bounded, 4, B256::ZERO));
        assert!(covers_block(&bounded, 5, B256::ZERO));
        assert!(covers_block(&bounded, 6, B256::ZERO));
        assert!(!covers_block(&bounded, 7, B256::ZERO));
        let tagged = Filter::new()
            .from_block(BlockNumberOrTag::Latest)
            .to_block(BlockNumberOrTag::Pending);
        assert!(covers_block(&tagged, 1_000, B256::ZERO));
        let at = Filter::new().at_block_hash(B256::repeat_byte(9));
        assert!(covers_block(&at, 3, B256::repeat_byte(9)));
        assert!(!covers_block(&at, 3, B256::repeat_byte(8)));
    }

    #[test]
    fn a_pending_transaction_filter_reports_arrivals_once_and_keeps_the_newest() {
        let mut filters = Filters::default();
        let pending = filters.install(FilterKind::PendingTransactions, 1).unwrap();
        let blocks = filters.install(FilterKind::Blocks, 1).unwrap();
        filters.note_transaction(B256::repeat_byte(1));
        filters.note_transaction(B256::repeat_byte(2));
        assert_eq!(
            filters.poll(pending, 1).unwrap().arrived,
            vec![B256::repeat_byte(1), B256::repeat_byte(2)]
        );
        assert!(filters.poll(pending, 1).unwrap().arrived.is_empty());
        // A block filter keeps no hashes.
        assert!(filters.poll(blocks, 1).unwrap().arrived.is_empty());
        for i in 0..=MAX_PENDING_HASHES {
            filters.note_transaction(B256::from(U256::from(i)));
        }
        let kept = filters.poll(pending, 1).unwrap().arrived;
        assert_eq!(kept.len(), MAX_PENDING_HASHES);
        assert_eq!(kept[0], B256::from(U256::from(1)));
        assert!(filters.uninstall(pending));
        assert_eq!(filters.poll(pending, 1).unwrap_err(), FilterError::NotFound);
    }

    #[test]
    fn at_most_max_filters_live_at_once() {
        let mut filters = Filters::default();
        for _ in 0..MAX_FILTERS {
            filters.install(FilterKind::Blocks, 1).unwrap();
        }
        assert_eq!(
            filters.install(FilterKind::Blocks, 1).unwrap_err(),
            FilterError::TooMany
        );
        assert_eq!(filters.len(), MAX_FILTERS);
        assert!(filters.uninstall(U256::from(1)));
        assert!(filters.install(FilterKind::Blocks, 1).is_ok());
    }
}
