//! Named actors: the accounts that act in the scenarios, and the oracle signers with real
//! secp256k1 keys. Addresses are derived from names, so every run is reproducible.

use std::collections::HashMap;

use alloy_primitives::{keccak256, Address};
use k256::ecdsa::SigningKey;

/// An account with a name for transcripts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Name shown in transcripts.
    pub name: String,
    /// Its address: the last 20 bytes of `keccak256("actor:" ‖ name)`.
    pub address: Address,
}

impl Actor {
    /// The actor called `name`.
    pub fn new(name: &str) -> Self {
        let hash = keccak256(format!("actor:{name}"));
        Self {
            name: name.to_string(),
            address: Address::from_slice(&hash[12..]),
        }
    }
}

/// An oracle signer: a secp256k1 key and the address it recovers to.
#[derive(Clone, Debug)]
pub struct Oracle {
    /// Name and address (derived from the key).
    pub actor: Actor,
    key: SigningKey,
}

impl Oracle {
    /// The oracle called `name`, with secret key `keccak256("oracle:" ‖ name)`.
    pub fn new(name: &str) -> Self {
        let mut seed = keccak256(format!("oracle:{name}"));
        // A hash is a valid secret key unless it is zero or at least the group order, which
        // has probability ~2^-128; rehash in that case.
        let key = loop {
            match SigningKey::from_slice(seed.as_slice()) {
                Ok(key) => break key,
                Err(_) => seed = keccak256(seed),
            }
        };
        let address = Address::from_private_key(&key);
        Self {
            actor: Actor {
                name: name.to_string(),
                address,
            },
            key,
        }
    }

    /// The oracle's address.
    pub fn address(&self) -> Address {
        self.actor.address
    }

    /// The signing key.
    pub fn key(&self) -> &SigningKey {
        &self.key
    }
}

/// Names of known addresses, for readable transcripts.
#[derive(Clone, Debug, Default)]
pub struct AddressBook {
    names: HashMap<Address, String>,
}

impl AddressBook {
    /// Records `name` for `address`.
    pub fn insert(&mut self, address: Address, name: &str) {
        self.names.insert(address, name.to_string());
    }

    /// Records an actor.
    pub fn add(&mut self, actor: &Actor) {
        self.insert(actor.address, &actor.name);
    }

    /// The name of `address`, if known.
    pub fn name(&self, address: &Address) -> Option<&str> {
        self.names.get(address).map(String::as_str)
    }

    /// The name of `address`, or its short hex form.
    pub fn label(&self, address: &Address) -> String {
        match self.name(address) {
            Some(name) => name.to_string(),
            None if address.is_zero() => "0x0".to_string(),
            None => {
                let hex = format!("{address:#x}");
                format!("{}…{}", &hex[..6], &hex[hex.len() - 4..])
            }
        }
    }

    /// Every known address with its name.
    pub fn entries(&self) -> impl Iterator<Item = (&Address, &str)> {
        self.names.iter().map(|(a, n)| (a, n.as_str()))
    }
}
