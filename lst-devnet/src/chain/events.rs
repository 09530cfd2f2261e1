//! What the chain announces as it happens, for whoever listens (the server's websocket
//! subscriptions): each accepted transaction, then each sealed block with its transactions.
//! Plain data on a [`tokio::sync::broadcast`] channel; the chain knows nothing of who
//! listens or how it is delivered.
//!
//! Publishing never blocks and never grows memory without bound: the channel keeps at most
//! [`EVENT_BUFFER`] events, and a listener that falls further behind is told how many it
//! missed (its `recv` answers `Lagged`). Nothing is built when nobody listens. Events carry a
//! sequence number that only grows, also across `evm_revert`, `anvil_reset` and
//! `anvil_loadState` (which announce nothing and retract nothing), so that a listener can
//! tell the events published before a point (read under the chain's lock) from those after.

use std::sync::Arc;

use alloy_primitives::B256;
use tokio::sync::broadcast;

use super::{BlockRecord, Chain, TxRecord};

/// Events kept for listeners that have not received them yet. Larger than the most blocks
/// one `anvil_mine` seals (10,000), so that one request cannot outrun a listener that keeps
/// up.
pub const EVENT_BUFFER: usize = 16_384;

/// Something that happened on the chain.
#[derive(Clone, Debug)]
pub enum ChainEvent {
    /// A transaction was accepted (announced once, before the block that holds it).
    Transaction(B256),
    /// A block was sealed.
    Block {
        /// The block.
        block: Box<BlockRecord>,
        /// Its transactions, in block order (their logs in log order).
        transactions: Vec<TxRecord>,
    },
}

/// A published event and its place in the order of publication.
#[derive(Clone, Debug)]
pub struct Published {
    /// Sequence number: one more than the event published before it.
    pub seq: u64,
    /// The event.
    pub event: ChainEvent,
}

/// The chain's side of the channel.
#[derive(Debug)]
pub struct Events {
    sender: broadcast::Sender<Arc<Published>>,
    next_seq: u64,
}

impl Default for Events {
    fn default() -> Self {
        Self {
            sender: broadcast::Sender::new(EVENT_BUFFER),
            next_seq: 0,
        }
    }
}

impl Events {
    /// A receiver of every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.sender.subscribe()
    }

    /// The sequence number the next event will have.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Whether anybody listens.
    pub fn is_watched(&self) -> bool {
        self.sender.receiver_count() > 0
    }

    fn publish(&mut self, event: ChainEvent) {
        let seq = self.next_seq;
        self.next_seq += 1;
        // An error only means that the last listener has just gone.
        let _ = self.sender.send(Arc::new(Published { seq, event }));
    }
}

impl Chain {
    /// The chain's events (see the module's documentation).
    pub fn events(&self) -> &Events {
        &self.events
    }

    /// Announces an accepted transaction.
    pub(super) fn announce_transaction(&mut self, hash: B256) {
        self.filters.note_transaction(hash);
        if self.events.is_watched() {
            self.events.publish(ChainEvent::Transaction(hash));
        }
    }

    /// Announces sealed block `number` with its transactions.
    pub(super) fn announce_block(&mut self, number: u64) {
        if !self.events.is_watched() {
            return;
        }
        let Some(block) = self.block(number).cloned().map(Box::new) else {
            return;
        };
        let transactions = block
            .transactions
            .iter()
            .filter_map(|hash| self.transaction(hash).cloned())
            .collect();
        self.events.publish(ChainEvent::Block {
            block,
            transactions,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_published_without_listeners_and_sequence_numbers_grow() {
        let mut events = Events::default();
        assert!(!events.is_watched());
        let mut rx = events.subscribe();
        assert!(events.is_watched());
        events.publish(ChainEvent::Transaction(B256::ZERO));
        events.publish(ChainEvent::Transaction(B256::repeat_byte(1)));
        assert_eq!(rx.try_recv().unwrap().seq, 0);
        let second = rx.try_recv().unwrap();
        assert_eq!(second.seq, 1);
        assert!(matches!(second.event, ChainEvent::Transaction(h) if h == B256::repeat_byte(1)));
        assert_eq!(events.next_seq(), 2);
    }

    #[test]
    fn a_listener_that_falls_behind_is_told_how_much_it_missed() {
        let mut events = Events::default();
        let mut rx = events.subscribe();
        for _ in 0..EVENT_BUFFER + 5 {
            events.publish(ChainEvent::Transaction(B256::ZERO));
        }
        assert_eq!(
            rx.try_recv().unwrap_err(),
            broadcast::error::TryRecvError::Lagged(5)
        );
    }
}
