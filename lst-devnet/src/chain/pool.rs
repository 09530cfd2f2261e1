//! The transaction pool: transactions accepted but not mined yet, by sender and nonce.
//!
//! A transaction is *pending* when its nonce continues its sender's chain of nonces from the
//! account's nonce without a gap, and *queued* when a nonce is missing before it; a queued
//! transaction becomes pending when the gap fills. Mining takes pending transactions in the
//! order they arrived, each sender's in nonce order. A transaction replaces the one of the
//! same sender and nonce only with a fee at least 10 % higher (geth's and anvil's rule).

use std::collections::BTreeMap;

use alloy_consensus::transaction::Recovered;
use alloy_consensus::{Transaction as _, TxEnvelope};
use alloy_primitives::{Address, B256};

/// Most transactions the pool holds.
pub const MAX_POOL: usize = 10_000;
/// How far ahead of its account's nonce a transaction may be.
pub const MAX_NONCE_GAP: u64 = 1_024;
/// The fee increase a replacement needs, in percent.
pub const REPLACEMENT_BUMP: u128 = 10;

/// A transaction in the pool.
#[derive(Clone, Debug)]
pub struct Pooled {
    /// The transaction and its sender.
    pub tx: Recovered<TxEnvelope>,
    /// Arrival order.
    pub seq: u64,
}

/// Why the pool refused a transaction.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    /// The pool is full.
    #[error("txpool is full ({MAX_POOL} transactions)")]
    Full,
    /// A transaction of the same sender and nonce is there with a fee not 10 % lower.
    #[error("replacement transaction underpriced")]
    Underpriced,
    /// The nonce is too far ahead.
    #[error(
        "nonce too high: next nonce {expected}, tx nonce {nonce} (at most {MAX_NONCE_GAP} ahead)"
    )]
    TooFarAhead {
        /// The account's nonce.
        expected: u64,
        /// The transaction's.
        nonce: u64,
    },
}

/// The pool.
#[derive(Clone, Debug, Default)]
pub(super) struct Pool {
    by_sender: BTreeMap<Address, BTreeMap<u64, Pooled>>,
    next_seq: u64,
}

impl Pool {
    /// Number of transactions held.
    pub(super) fn len(&self) -> usize {
        self.by_sender.values().map(BTreeMap::len).sum()
    }

    /// The transaction with hash `hash`, if held.
    pub(super) fn get(&self, hash: &B256) -> Option<&Pooled> {
        self.by_sender
            .values()
            .flat_map(BTreeMap::values)
            .find(|p| p.tx.inner().tx_hash() == hash)
    }

    /// Adds `tx`, whose sender's account nonce is `account_nonce` (checked by the caller:
    /// `tx`'s nonce is not below it). Returns the hash of a transaction it replaced.
    pub(super) fn insert(
        &mut self,
        tx: Recovered<TxEnvelope>,
        account_nonce: u64,
    ) -> Result<Option<B256>, PoolError> {
        let nonce = tx.inner().nonce();
        if nonce > account_nonce.saturating_add(MAX_NONCE_GAP) {
            return Err(PoolError::TooFarAhead {
                expected: account_nonce,
                nonce,
            });
        }
        let sender = tx.signer();
        let replaced = match self.by_sender.get(&sender).and_then(|txs| txs.get(&nonce)) {
            Some(old) => {
                let (old_fee, new_fee) = (
                    old.tx.inner().max_fee_per_gas(),
                    tx.inner().max_fee_per_gas(),
                );
                let (old_tip, new_tip) = (
                    old.tx.inner().max_priority_fee_per_gas().unwrap_or(old_fee),
                    tx.inner().max_priority_fee_per_gas().unwrap_or(new_fee),
                );
                let bumped = |old: u128, new: u128| {
                    new.saturating_mul(100) >= old.saturating_mul(100 + REPLACEMENT_BUMP)
                };
                if !bumped(old_fee, new_fee) || !bumped(old_tip, new_tip) {
                    return Err(PoolError::Underpriced);
                }
                Some(*old.tx.inner().tx_hash())
            }
            None if self.len() >= MAX_POOL => return Err(PoolError::Full),
            None => None,
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        self.by_sender
            .entry(sender)
            .or_default()
            .insert(nonce, Pooled { tx, seq });
        Ok(replaced)
    }

    /// Every transaction held, by sender and nonce (a state file's order).
    pub(super) fn all(&self) -> impl Iterator<Item = &Pooled> {
        self.by_sender.values().flat_map(BTreeMap::values)
    }

    /// A pool holding `txs` as they were (arrival order kept), for a state file being
    /// loaded; refuses what [`Pool::insert`] could never have produced.
    pub(super) fn restore(txs: Vec<Pooled>) -> Result<Self, String> {
        if txs.len() > MAX_POOL {
            return Err(format!("the pool holds more than {MAX_POOL} transactions"));
        }
        let mut pool = Self::default();
        for pooled in txs {
            let (sender, nonce) = (pooled.tx.signer(), pooled.tx.inner().nonce());
            pool.next_seq = pool.next_seq.max(pooled.seq.saturating_add(1));
            let hash = *pooled.tx.inner().tx_hash();
            if pool
                .by_sender
                .entry(sender)
                .or_default()
                .insert(nonce, pooled)
                .is_some()
            {
                return Err(format!(
                    "pooled transaction {hash}: another one of {sender} has nonce {nonce}"
                ));
            }
        }
        Ok(pool)
    }

    /// The nonce `sender`'s next transaction takes: `account_nonce`, plus its pending ones.
    pub(super) fn next_nonce(&self, sender: Address, account_nonce: u64) -> u64 {
        let mut next = account_nonce;
        if let Some(txs) = self.by_sender.get(&sender) {
            while txs.contains_key(&next) {
                next += 1;
            }
        }
        next
    }

    /// Removes and returns the pending transaction that arrived first (`nonce_of` gives an
    /// account's nonce). Transactions whose nonce is already used are dropped on the way.
    pub(super) fn take_next(
        &mut self,
        nonce_of: impl Fn(Address) -> u64,
    ) -> Option<Recovered<TxEnvelope>> {
        self.drop_used(&nonce_of);
        let (sender, nonce) = self
            .by_sender
            .iter()
            .filter_map(|(sender, txs)| {
                let nonce = nonce_of(*sender);
                txs.get(&nonce).map(|p| (p.seq, *sender, nonce))
            })
            .min()
            .map(|(_, sender, nonce)| (sender, nonce))?;
        let txs = self.by_sender.get_mut(&sender)?;
        let taken = txs.remove(&nonce);
        if txs.is_empty() {
            self.by_sender.remove(&sender);
        }
        taken.map(|p| p.tx)
    }

    /// Drops the transactions whose nonce is below their account's (mined by another
    /// transaction, or skipped by `anvil_setNonce`).
    pub(super) fn drop_used(&mut self, nonce_of: impl Fn(Address) -> u64) {
        self.by_sender.retain(|sender, txs| {
            let nonce = nonce_of(*sender);
            txs.retain(|n, _| *n >= nonce);
            !txs.is_empty()
        });
    }

    /// Removes the transaction with hash `hash`; whether it was there.
    pub(super) fn remove(&mut self, hash: &B256) -> bool {
        let mut found = false;
        self.by_sender.retain(|_, txs| {
            txs.retain(|_, p| {
                let hit = p.tx.inner().tx_hash() == hash;
                found |= hit;
                !hit
            });
            !txs.is_empty()
        });
        found
    }

    /// Removes everything.
    pub(super) fn clear(&mut self) {
        self.by_sender.clear();
    }

    /// The pool split into pending and queued transactions, by sender and nonce.
    #[allow(clippy::type_complexity)]
    pub(super) fn split(
        &self,
        nonce_of: impl Fn(Address) -> u64,
    ) -> (
        BTreeMap<Address, BTreeMap<u64, &Pooled>>,
        BTreeMap<Address, BTreeMap<u64, &Pooled>>,
    ) {
        let (mut pending, mut queued) = (BTreeMap::new(), BTreeMap::new());
        for (sender, txs) in &self.by_sender {
            let next = self.next_nonce(*sender, nonce_of(*sender));
            for (nonce, pooled) in txs {
                let side = if *nonce < next {
                    &mut pending
                } else {
                    &mut queued
                };
                side.entry(*sender)
                    .or_insert_with(BTreeMap::new)
                    .insert(*nonce, pooled);
            }
        }
        (pending, queued)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_consensus::{SignableTransaction, TxEip1559};
    use alloy_primitives::{Signature, TxKind, U256};

    fn tx(sender: u8, nonce: u64, fee: u128) -> Recovered<TxEnvelope> {
        let unsigned = TxEip1559 {
            chain_id: 1,
            nonce,
            gas_limit: 21_000,
            max_fee_per_gas: fee,
            max_priority_fee_per_gas: fee,
            to: TxKind::Call(Address::ZERO),
            // Distinct senders' transactions must hash differently.
            value: U256::from(sender),
            ..Default::default()
        };
        let signature = Signature::new(U256::from(1), U256::from(1), false);
        let envelope = TxEnvelope::from(unsigned.into_signed(signature));
        Recovered::new_unchecked(envelope, Address::repeat_byte(sender))
    }

    #[test]
    fn pending_and_queued_follow_the_nonce_gap() {
        let mut pool = Pool::default();
        pool.insert(tx(1, 5, 10), 5).unwrap();
        pool.insert(tx(1, 7, 10), 5).unwrap();
        let (pending, queued) = pool.split(|_| 5);
        assert_eq!(
            pending[&Address::repeat_byte(1)].keys().collect::<Vec<_>>(),
            [&5]
        );
        assert_eq!(
            queued[&Address::repeat_byte(1)].keys().collect::<Vec<_>>(),
            [&7]
        );
        assert_eq!(pool.next_nonce(Address::repeat_byte(1), 5), 6);
        pool.insert(tx(1, 6, 10), 5).unwrap();
        assert_eq!(pool.next_nonce(Address::repeat_byte(1), 5), 8);
        assert!(pool.split(|_| 5).1.is_empty());
    }

    #[test]
    fn mining_order_is_arrival_order_within_nonce_order() {
        let mut pool = Pool::default();
        pool.insert(tx(2, 0, 10), 0).unwrap();
        pool.insert(tx(1, 1, 10), 0).unwrap();
        pool.insert(tx(1, 0, 10), 0).unwrap();
        let mut nonces = BTreeMap::new();
        let mut order = Vec::new();
        while let Some(t) = pool.take_next(|a| nonces.get(&a).copied().unwrap_or(0)) {
            order.push((t.signer(), t.inner().nonce()));
            *nonces.entry(t.signer()).or_insert(0) += 1;
        }
        let (a, b) = (Address::repeat_byte(1), Address::repeat_byte(2));
        assert_eq!(order, [(b, 0), (a, 0), (a, 1)]);
        assert!((pool.len() == 0));
    }

    #[test]
    fn a_replacement_needs_ten_percent_more() {
        let mut pool = Pool::default();
        let first = tx(1, 0, 100);
        let first_hash = *first.inner().tx_hash();
        pool.insert(first, 0).unwrap();
        assert_eq!(pool.insert(tx(1, 0, 109), 0), Err(PoolError::Underpriced));
        assert_eq!(pool.len(), 1);
        assert_eq!(pool.insert(tx(1, 0, 110), 0), Ok(Some(first_hash)));
        assert_eq!(pool.len(), 1);
        assert!(pool.get(&first_hash).is_none());
    }

    #[test]
    fn too_far_ahead_and_used_nonces() {
        let mut pool = Pool::default();
        assert_eq!(
            pool.insert(tx(1, MAX_NONCE_GAP + 1, 10), 0),
            Err(PoolError::TooFarAhead {
                expected: 0,
                nonce: MAX_NONCE_GAP + 1
            })
        );
        pool.insert(tx(1, 3, 10), 0).unwrap();
        pool.drop_used(|_| 4);
        assert!((pool.len() == 0));
    }

    #[test]
    fn remove_and_clear() {
        let mut pool = Pool::default();
        let t = tx(1, 0, 10);
        let hash = *t.inner().tx_hash();
        pool.insert(t, 0).unwrap();
        pool.insert(tx(2, 0, 10), 0).unwrap();
        assert!(pool.remove(&hash));
        assert!(!pool.remove(&hash));
        assert_eq!(pool.len(), 1);
        pool.clear();
        assert!((pool.len() == 0));
    }
}
