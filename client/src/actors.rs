//! Named actors: the accounts that act in the scenarios, and the oracle signers with real
//! secp256k1 keys (alloy's local signer). Addresses are derived from names, so every run is
//! reproducible.

use std::collections::HashMap;

use alloy_primitives::{keccak256, Address, B256};
use alloy_signer_local::PrivateKeySigner;

use crate::eip712;
use crate::error::ClientError;

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
    signer: PrivateKeySigner,
}

impl Oracle {
    /// The oracle called `name`, with secret key `keccak256("oracle:" ‖ name)`.
    pub fn new(name: &str) -> Self {
        let mut seed = keccak256(format!("oracle:{name}"));
        // A hash is a valid secret key unless it is zero or at least the group order, which
        // has probability ~2^-128; rehash in that case.
        let signer = loop {
            match PrivateKeySigner::from_bytes(&seed) {
                Ok(signer) => break signer,
                Err(_) => seed = keccak256(seed),
            }
        };
        Self {
            actor: Actor {
                name: name.to_string(),
                address: signer.address(),
            },
            signer,
        }
    }

    /// The oracle's address.
    pub fn address(&self) -> Address {
        self.actor.address
    }

    /// The signing key.
    pub fn signer(&self) -> &PrivateKeySigner {
        &self.signer
    }

    /// `r ‖ s ‖ v` (low `s`, `v` 27 or 28) of `digest`.
    ///
    /// # Errors
    /// [`ClientError::Signing`] if the key cannot sign.
    pub fn sign(&self, digest: B256) -> Result<[u8; 65], ClientError> {
        eip712::sign(&self.signer, digest)
            .map_err(|e| ClientError::Signing(format!("{}: {e}", self.actor.name)))
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

/// The signatures of `oracles` over `digest`, concatenated in ascending signer order.
///
/// # Errors
/// The first oracle that cannot sign.
pub fn bundle(oracles: &[&Oracle], digest: B256) -> Result<Vec<u8>, ClientError> {
    let mut sorted: Vec<&Oracle> = oracles.to_vec();
    sorted.sort_by_key(|o| o.address());
    let mut out = Vec::with_capacity(65 * sorted.len());
    for oracle in sorted {
        out.extend_from_slice(&oracle.sign(digest)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_the_same_accounts_every_time() {
        assert_eq!(Actor::new("Admin"), Actor::new("Admin"));
        assert_ne!(Actor::new("Admin").address, Actor::new("Guardian").address);
        let oracle = Oracle::new("Oracle 1");
        assert_eq!(oracle.address(), Oracle::new("Oracle 1").address());
        assert_eq!(oracle.address(), oracle.signer().address());
    }

    #[test]
    fn a_bundle_is_in_signer_order() {
        let oracles: Vec<Oracle> = (1..=4).map(|i| Oracle::new(&format!("o{i}"))).collect();
        let refs: Vec<&Oracle> = oracles.iter().rev().collect();
        let digest = keccak256("tally");
        let signers = eip712::verify_sorted(&bundle(&refs, digest).expect("signs"), digest)
            .expect("sorted and valid");
        let mut expected: Vec<Address> = oracles.iter().map(Oracle::address).collect();
        expected.sort();
        assert_eq!(signers, expected);
    }
}
