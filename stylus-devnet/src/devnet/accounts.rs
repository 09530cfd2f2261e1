//! Accounts: balances, nonces, code and storage, read and set directly.

use std::collections::BTreeMap;
use std::sync::Arc;

use alloy_primitives::{keccak256, Address, B256, U256};

use super::Devnet;

impl Devnet {
    /// Balance of `address`.
    pub fn balance(&self, address: Address) -> U256 {
        self.world
            .account(&address)
            .map(|a| a.balance)
            .unwrap_or_default()
    }
    /// Sets the balance of `address`.
    pub fn set_balance(&mut self, address: Address, value: U256) {
        self.world.account_mut(address).balance = value;
    }
    /// Nonce of `address`.
    pub fn nonce(&self, address: Address) -> u64 {
        self.world
            .account(&address)
            .map(|a| a.nonce)
            .unwrap_or_default()
    }
    /// Sets the nonce of `address` (a development node's cheat, outside any transaction).
    pub fn set_nonce(&mut self, address: Address, nonce: u64) {
        self.world.account_mut(address).nonce = nonce;
    }
    /// Deployed code of `address`.
    pub fn code(&self, address: Address) -> Vec<u8> {
        self.world
            .account(&address)
            .map(|a| a.code.to_vec())
            .unwrap_or_default()
    }
    /// Storage slot `slot` of `address`.
    pub fn storage_at(&self, address: Address, slot: U256) -> B256 {
        self.world.storage(&address, &B256::from(slot))
    }
    /// Every non-zero storage slot of `address`, ordered by slot: a snapshot to compare
    /// before and after a transaction.
    pub fn storage_dump(&self, address: Address) -> BTreeMap<B256, B256> {
        self.world
            .account(&address)
            .map(|a| {
                a.storage
                    .iter()
                    .filter(|(_, value)| !value.is_zero())
                    .map(|(slot, value)| (*slot, *value))
                    .collect()
            })
            .unwrap_or_default()
    }
    /// Writes a storage slot directly (outside any transaction).
    pub fn set_storage(&mut self, address: Address, slot: U256, value: B256) {
        let account = self.world.account_mut(address);
        if value.is_zero() {
            account.storage.remove(&B256::from(slot));
        } else {
            account.storage.insert(B256::from(slot), value);
        }
    }
    /// Empties the storage of `address` (a call's `state` override: the given slots become
    /// the whole storage).
    pub fn clear_storage(&mut self, address: Address) {
        self.world.account_mut(address).storage.clear();
    }
    /// Removes the code of `address` (a call's `code: "0x"` override): the account is no
    /// longer a program.
    pub fn clear_code(&mut self, address: Address) {
        let account = self.world.account_mut(address);
        account.code = Default::default();
        account.codehash = alloy_primitives::KECCAK256_EMPTY;
    }
    /// Places `code` at `address` as it is, as `anvil_setCode` and a call's `code` override
    /// do on a Nitro node: EVM bytecode runs at once; Stylus code (`EF F0 00 ..`) runs only
    /// if a program with its codehash has been activated, and is otherwise refused with
    /// `ProgramNotActivated` until `ArbWasm.activateProgram` activates it. Nothing is
    /// activated and the nonce is left as it is. Empty `code` removes the code.
    pub fn set_code(&mut self, address: Address, code: &[u8]) {
        if code.is_empty() {
            return self.clear_code(address);
        }
        let account = self.world.account_mut(address);
        account.codehash = keccak256(code);
        account.code = Arc::new(code.to_vec());
    }
}
