//! The actors (roles, applicants, staking contracts, operators, sequencers), the oracles, their
//! keys and the ecrecover precompile mock.

use std::fmt::Debug;

use alloy_primitives::{address, hex, Address, B256, U256};
use k256::ecdsa::{RecoveryId, Signature, SigningKey, VerifyingKey};
use stylus_sdk::testing::TestVM;

pub(crate) const DEPLOYER: Address = address!("00000000000000000000000000000000de910e00");
/// Where the tests' views program "is": the constructor requires code there.
pub(crate) const VIEWS: Address = address!("0000000000000000000000000000000000077e05");
/// Where the tests' admin program "is": the constructor requires code there.
pub(crate) const ADMIN_PROGRAM: Address = address!("00000000000000000000000000000000000ad9a0");
pub(crate) const ADMIN: Address = address!("000000000000000000000000000000000000ad01");
pub(crate) const NEW_ADMIN: Address = address!("000000000000000000000000000000000000ad02");
pub(crate) const GUARDIAN: Address = address!("000000000000000000000000000000000000ca01");
pub(crate) const STRANGER: Address = address!("0000000000000000000000000000000000005555");
pub(crate) const RELAYER: Address = address!("000000000000000000000000000000000000fe11");
pub(crate) const APPLICANT_A: Address = address!("00000000000000000000000000000000000a0001");
pub(crate) const APPLICANT_B: Address = address!("00000000000000000000000000000000000a0002");
pub(crate) const APPLICANT_C: Address = address!("00000000000000000000000000000000000a0003");
pub(crate) const APPLICANT_D: Address = address!("00000000000000000000000000000000000a0004");
pub(crate) const STAKING_A: Address = address!("00000000000000000000000000000000005a0001");
pub(crate) const STAKING_B: Address = address!("00000000000000000000000000000000005a0002");
pub(crate) const STAKING_C: Address = address!("00000000000000000000000000000000005a0003");
pub(crate) const STAKING_D: Address = address!("00000000000000000000000000000000005a0004");
pub(crate) const OPERATOR_1: Address = address!("0000000000000000000000000000000000090001");
pub(crate) const OPERATOR_2: Address = address!("0000000000000000000000000000000000090002");
pub(crate) const OPERATOR_3: Address = address!("0000000000000000000000000000000000090003");
pub(crate) const SEQUENCER_1: Address = address!("0000000000000000000000000000000000051001");
pub(crate) const SEQUENCER_2: Address = address!("0000000000000000000000000000000000051002");
pub(crate) const SEQUENCER_3: Address = address!("0000000000000000000000000000000000051003");
pub(crate) const SEQUENCER_4: Address = address!("0000000000000000000000000000000000051004");

/// The registry's own address and chain.
pub(crate) const REGISTRY: Address = address!("00000000000000000000000000000000001e9157");
pub(crate) const CHAIN_ID: u64 = 42_161;

/// An oracle signer, by the seed of its secp256k1 key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Oracle(pub u8);

pub(crate) const ORACLE_1: Oracle = Oracle(1);
pub(crate) const ORACLE_2: Oracle = Oracle(2);
pub(crate) const ORACLE_3: Oracle = Oracle(3);
pub(crate) const ORACLE_4: Oracle = Oracle(4);
/// Signs well, but is in no oracle set.
pub(crate) const ROGUE_ORACLE: Oracle = Oracle(0x66);

impl Oracle {
    fn key(self) -> SigningKey {
        SigningKey::from_slice(&[self.0; 32]).expect("valid secret")
    }

    pub(crate) fn address(self) -> Address {
        address_of(self.key().verifying_key())
    }

    /// A 65-byte `r ‖ s ‖ v` signature of `digest` with low `s` and `v` in {27, 28}.
    pub(crate) fn sign(self, digest: B256) -> [u8; 65] {
        let (signature, recovery) = self
            .key()
            .sign_prehash_recoverable(digest.as_slice())
            .expect("a 32-byte prehash signs");
        // k256 already signs low-s; make it explicit
        let signature = signature.normalize_s().unwrap_or(signature);
        let mut out = [0u8; 65];
        out[..64].copy_from_slice(&signature.to_bytes());
        out[64] = 27 + recovery.to_byte();
        // Independent check that the signature recovers this oracle.
        assert_eq!(
            ecrecover(digest, &out),
            Some(self.address()),
            "k256 signature does not recover its signer"
        );
        out
    }
}

fn address_of(key: &VerifyingKey) -> Address {
    let point = key.to_encoded_point(false);
    Address::from_raw_public_key(&point.as_bytes()[1..])
}

/// What the ecrecover precompile answers for `digest` and a 65-byte signature (`None` where
/// it answers no data). Like the precompile, it accepts a high `s`.
pub(crate) fn ecrecover(digest: B256, signature: &[u8; 65]) -> Option<Address> {
    let v = signature[64];
    if v != 27 && v != 28 {
        return None;
    }
    let mut parity = v - 27;
    let mut rs: [u8; 64] = signature[..64].try_into().ok()?;
    // k256 recovers low-s signatures only; (r, n − s) with the other parity is the same point.
    let s = U256::from_be_slice(&rs[32..]);
    if s > curve_order() >> 1 && s < curve_order() {
        rs[32..].copy_from_slice(&(curve_order() - s).to_be_bytes::<32>());
        parity ^= 1;
    }
    let recovery = RecoveryId::from_byte(parity)?;
    let signature = Signature::from_slice(&rs).ok()?;
    VerifyingKey::recover_from_prehash(digest.as_slice(), &signature, recovery)
        .ok()
        .map(|key| address_of(&key))
}

/// The secp256k1 group order n.
pub(crate) fn curve_order() -> U256 {
    U256::from_be_bytes(hex!(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
    ))
}

/// The ecrecover precompile's input: digest ‖ uint256(v) ‖ r ‖ s.
pub(crate) fn ecrecover_input(digest: B256, signature: &[u8; 65]) -> Vec<u8> {
    let mut input = Vec::with_capacity(128);
    input.extend_from_slice(digest.as_slice());
    input.extend_from_slice(&U256::from(signature[64]).to_be_bytes::<32>());
    input.extend_from_slice(&signature[..64]);
    input
}

/// Mocks the precompile at 0x01 for one (digest, signature): it answers what the real
/// precompile would, a left-padded address or no data.
pub(crate) fn mock_ecrecover(vm: &TestVM, digest: B256, signature: &[u8; 65]) {
    let output = match ecrecover(digest, signature) {
        Some(signer) => {
            let mut word = vec![0u8; 12];
            word.extend_from_slice(signer.as_slice());
            word
        }
        None => Vec::new(),
    };
    vm.mock_static_call(
        Address::with_last_byte(1),
        ecrecover_input(digest, signature),
        Ok(output),
    );
}

/// Sorted addresses of `oracles`, as `set_oracle_set` wants them.
pub(crate) fn oracle_addresses(oracles: &[Oracle]) -> Vec<Address> {
    let mut addresses: Vec<Address> = oracles.iter().map(|o| o.address()).collect();
    addresses.sort();
    addresses
}
