//! The devnet as plain data: [`Devnet::image`] takes it, [`Devnet::from_image`] rebuilds it.
//!
//! An image holds what defines the chain's state (the Stylus parameters, the chain and block
//! context, every account with its code and storage, the program cache) and nothing
//! derived: activated programs are not stored but activated again from the code of the
//! accounts that hold them, under the image's parameters, so an image cannot smuggle in a
//! program that activation would refuse. With the `serde` feature it (de)serialises, which is
//! how lst-devnet keeps its chain on disk.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};

use crate::activation::ActivationError;
use crate::frame::{BlockEnv, Env, StylusParams};
use crate::state::{Account, World};

use super::Devnet;

/// An account as plain data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct AccountImage {
    /// Balance in wei.
    pub balance: U256,
    /// Nonce.
    pub nonce: u64,
    /// Code (for Stylus programs: `EF F0 00 00 <brotli>`).
    pub code: Bytes,
    /// Non-zero storage words.
    pub storage: BTreeMap<B256, B256>,
}

/// The devnet as plain data. Maps are ordered, so equal states give equal images (and equal
/// files).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct DevnetImage {
    /// Stylus parameters in force.
    pub params: StylusParams,
    /// Chain id.
    pub chain_id: u64,
    /// The block being built.
    pub block: BlockEnv,
    /// Gas price reported to programs.
    pub gas_price: U256,
    /// Per-transaction gas limit.
    pub gas_limit: u64,
    /// Every account that exists.
    pub accounts: BTreeMap<Address, AccountImage>,
    /// Codehashes in ArbOS's program cache.
    pub cached_programs: BTreeSet<B256>,
}

/// Why an image does not make a devnet.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// Stylus code held by an account does not activate under the image's parameters.
    #[error("the program at {address} does not activate: {source}")]
    Activation {
        /// The account holding the code.
        address: Address,
        /// Activation's verdict.
        #[source]
        source: ActivationError,
    },
}

/// Whether `code` is a deployed Stylus program (`EF F0 00`, then the dictionary byte).
fn is_program(code: &[u8]) -> bool {
    code.len() > 4 && code.starts_with(&[0xEF, 0xF0, 0x00])
}

impl Devnet {
    /// The devnet's state as plain data (see the module documentation for what it holds).
    pub fn image(&self) -> DevnetImage {
        let accounts = self
            .world
            .accounts
            .iter()
            .map(|(address, account)| {
                let storage = account
                    .storage
                    .iter()
                    .filter(|(_, value)| **value != B256::ZERO)
                    .map(|(k, v)| (*k, *v))
                    .collect();
                let image = AccountImage {
                    balance: account.balance,
                    nonce: account.nonce,
                    code: Bytes::copy_from_slice(&account.code),
                    storage,
                };
                (*address, image)
            })
            .collect();
        DevnetImage {
            params: self.env.params.clone(),
            chain_id: self.env.chain_id,
            block: self.env.block.clone(),
            gas_price: self.env.gas_price,
            gas_limit: self.gas_limit,
            accounts,
            cached_programs: self.env.cached_programs.iter().copied().collect(),
        }
    }

    /// Rebuilds a devnet from `image`, activating every account's Stylus code again under
    /// the image's parameters. All or nothing: an error leaves nothing behind.
    pub fn from_image(image: DevnetImage) -> Result<Self, ImageError> {
        let DevnetImage {
            params,
            chain_id,
            block,
            gas_price,
            gas_limit,
            accounts,
            cached_programs,
        } = image;
        let mut env = Env::new(params, chain_id, block);
        env.gas_price = gas_price;
        env.cached_programs = cached_programs.into_iter().collect();
        let mut net = Devnet {
            world: World::default(),
            env: Arc::new(env),
            gas_limit,
            tracing: false,
            last_trace: None,
        };
        for (address, image) in accounts {
            if is_program(&image.code) {
                let program = net
                    .activate(&image.code)
                    .map_err(|source| ImageError::Activation { address, source })?;
                net.install(program)
                    .map_err(|source| ImageError::Activation { address, source })?;
            }
            let account = Account {
                balance: image.balance,
                nonce: image.nonce,
                codehash: keccak256(&image.code),
                code: Arc::new(image.code.to_vec()),
                storage: image.storage.into_iter().collect(),
            };
            net.world.accounts.insert(address, account);
        }
        Ok(net)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_devnet_round_trips() {
        let mut net = Devnet::new();
        net.set_balance(Address::repeat_byte(1), U256::from(7));
        net.set_nonce(Address::repeat_byte(1), 3);
        net.set_storage(Address::repeat_byte(2), U256::from(5), B256::repeat_byte(9));
        net.set_gas_price(U256::from(11));
        net.set_chain_id(42);
        net.mine();
        let image = net.image();
        let back = Devnet::from_image(image.clone()).unwrap();
        assert_eq!(back.image(), image);
        assert_eq!(back.balance(Address::repeat_byte(1)), U256::from(7));
        assert_eq!(back.nonce(Address::repeat_byte(1)), 3);
        assert_eq!(back.chain_id(), 42);
        assert_eq!(back.block_number(), 2);
        // An account with no code keeps the empty codehash.
        assert_eq!(
            back.world
                .account(&Address::repeat_byte(1))
                .map(|a| a.codehash),
            Some(alloy_primitives::KECCAK256_EMPTY)
        );
    }

    #[test]
    fn zero_storage_words_are_left_out() {
        let mut net = Devnet::new();
        let a = Address::repeat_byte(3);
        net.set_storage(a, U256::from(1), B256::repeat_byte(1));
        net.set_storage(a, U256::from(1), B256::ZERO);
        assert!(net.image().accounts[&a].storage.is_empty());
    }

    #[test]
    fn code_that_does_not_activate_is_refused() {
        let mut image = Devnet::new().image();
        let holder = Address::repeat_byte(4);
        image.accounts.insert(
            holder,
            AccountImage {
                code: Bytes::from_static(&[0xEF, 0xF0, 0x00, 0x00, 1, 2, 3]),
                ..Default::default()
            },
        );
        match Devnet::from_image(image) {
            Err(ImageError::Activation { address, .. }) => assert_eq!(address, holder),
            Ok(_) => panic!("garbage code was activated"),
        }
    }
}
