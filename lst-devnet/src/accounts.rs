//! Development accounts and the seeded oracle keys.
//!
//! **Every key here is PUBLIC.** The accounts are derived, as anvil and hardhat derive theirs,
//! from the well-known test mnemonic [`DEV_MNEMONIC`] along the BIP-32 path
//! `m/44'/60'/0'/0/{i}` (BIP-39 English, no passphrase), so account 0 is anvil's
//! `0xf39F…2266`. The oracle signers of the seeded state use fixed keys,
//! `keccak256("lst-devnet:oracle:{i}")`. Anyone can spend from these addresses on any chain:
//! never send real funds to them.

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_signer_local::{coins_bip39::English, MnemonicBuilder, PrivateKeySigner};

/// The public test mnemonic of anvil, hardhat and foundry.
pub const DEV_MNEMONIC: &str = "test test test test test test test test test test test junk";

/// Balance of each development account: 10,000 ETH.
pub const DEV_BALANCE: U256 = alloy_primitives::uint!(10_000_000000000000000000_U256);

/// A prefunded development account. Its key is public: see the module documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DevAccount {
    /// The address.
    pub address: Address,
    /// The private key (PUBLIC test key).
    pub private_key: B256,
}

impl DevAccount {
    /// A signer for this account.
    pub fn signer(&self) -> Result<PrivateKeySigner, AccountError> {
        PrivateKeySigner::from_bytes(&self.private_key).map_err(AccountError::Key)
    }
}

/// Why a development account could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The account index does not fit a BIP-32 index.
    #[error("account index {0} too large")]
    Index(usize),
    /// Derivation from the mnemonic failed.
    #[error("deriving account {index}: {source}")]
    Derive {
        /// The account's index.
        index: usize,
        /// The signer's error.
        #[source]
        source: alloy_signer_local::LocalSignerError,
    },
    /// The private key is not a valid secp256k1 scalar.
    #[error("invalid private key: {0}")]
    Key(#[source] alloy_signer::k256::ecdsa::Error),
}

/// The first `count` accounts of [`DEV_MNEMONIC`], at `m/44'/60'/0'/0/{i}`.
pub fn dev_accounts(count: usize) -> Result<Vec<DevAccount>, AccountError> {
    (0..count)
        .map(|i| {
            let index = u32::try_from(i).map_err(|_| AccountError::Index(i))?;
            let signer = MnemonicBuilder::<English>::default()
                .phrase(DEV_MNEMONIC)
                .index(index)
                .and_then(|b| b.build())
                .map_err(|source| AccountError::Derive { index: i, source })?;
            Ok(DevAccount {
                address: signer.address(),
                private_key: signer.to_bytes(),
            })
        })
        .collect()
}

/// The `count` oracle signer keys of the seeded state: `keccak256("lst-devnet:oracle:{i}")`
/// (PUBLIC test keys; rehashed in the negligible case of an invalid scalar).
pub fn oracle_keys(count: usize) -> Vec<B256> {
    (0..count)
        .map(|i| {
            let mut key = keccak256(format!("lst-devnet:oracle:{i}"));
            while PrivateKeySigner::from_bytes(&key).is_err() {
                key = keccak256(key);
            }
            key
        })
        .collect()
}

/// The address of a private key.
pub fn address_of(key: &B256) -> Option<Address> {
    PrivateKeySigner::from_bytes(key).ok().map(|s| s.address())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;

    #[test]
    fn the_accounts_are_anvils() {
        let accounts = dev_accounts(2).unwrap();
        assert_eq!(
            accounts[0].address,
            address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        );
        assert_eq!(
            accounts[1].address,
            address!("70997970C51812dc3A010C7d01b50e0d17dc79C8")
        );
    }

    #[test]
    fn the_dev_balance_is_ten_thousand_ether() {
        assert_eq!(
            DEV_BALANCE,
            U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18u64))
        );
    }

    #[test]
    fn oracle_keys_are_fixed_and_distinct() {
        let keys = oracle_keys(3);
        assert_eq!(keys, oracle_keys(3));
        assert_ne!(keys[0], keys[1]);
        assert!(keys.iter().all(|k| address_of(k).is_some()));
    }
}
