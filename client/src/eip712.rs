//! Tally attestations: the EIP-712 digest (type and domain from `lst-registry-types`),
//! signatures with alloy's local signer, signer order, and recovery.
//!
//! Domain: name "LstRegistry", version "1", chain id, verifying contract. Signatures are
//! 65-byte `r ‖ s ‖ v` with low `s` (EIP-2) and `v` 27 or 28, concatenated in ascending order
//! of signer address: what the registry's `attestTally` accepts (`src/attestation.rs`).

use alloy_primitives::{Address, Signature, B256, U256};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::{Eip712Domain, SolStruct};
use thiserror::Error;

pub use lst_registry_types::eip712::{
    TallyAttestation, HALF_ORDER, SECP256K1_ORDER, SIGNATURE_LEN, TALLY_TYPE,
};

/// A Snapshot result, amounts in wei.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    /// For weight.
    pub for_votes: U256,
    /// Against weight.
    pub against_votes: U256,
    /// Abstain weight.
    pub abstain_votes: U256,
    /// Distinct voting addresses.
    pub voters: u32,
}

impl Tally {
    /// A tally of these weights (wei) and voters.
    pub fn new(for_votes: U256, against_votes: U256, abstain_votes: U256, voters: u32) -> Self {
        Self {
            for_votes,
            against_votes,
            abstain_votes,
            voters,
        }
    }
}

/// Why a signature is not one the registry would accept, or could not be made.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SignatureError {
    /// Not 65 bytes.
    #[error("a signature is 65 bytes (r ‖ s ‖ v), got {0}")]
    Length(usize),
    /// `v` other than 27 or 28.
    #[error("v is {0}; the registry accepts 27 or 28")]
    V(u8),
    /// `s` in the upper half of the curve order.
    #[error("s is in the upper half of the curve order (EIP-2); the registry rejects it")]
    HighS,
    /// Zero `r` or `s`, or no key recovers.
    #[error("the signature recovers no address")]
    Unrecoverable,
    /// Signing failed.
    #[error("signing failed: {0}")]
    Signing(String),
}

/// The registry's EIP-712 domain on `chain_id` at `registry`.
pub fn domain(chain_id: u64, registry: Address) -> Eip712Domain {
    lst_registry_types::eip712::domain(chain_id, registry)
}

/// The digest an oracle signs: `keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(tally))`,
/// what the registry's `tallyDigest` view returns.
pub fn digest(attestation: &TallyAttestation, domain: &Eip712Domain) -> B256 {
    attestation.eip712_signing_hash(domain)
}

/// `signer`'s signature of `digest`: `r ‖ s ‖ v`, low `s`, `v` 27 or 28.
///
/// # Errors
/// [`SignatureError::Signing`] if the key cannot sign.
pub fn sign(
    signer: &PrivateKeySigner,
    digest: B256,
) -> Result<[u8; SIGNATURE_LEN], SignatureError> {
    let signature = signer
        .sign_hash_sync(&digest)
        .map_err(|e| SignatureError::Signing(e.to_string()))?;
    Ok(signature.normalized_s().as_bytes())
}

/// The signatures of `signers` over `digest`, concatenated in ascending signer order (the
/// order given does not matter).
///
/// # Errors
/// The first signer that cannot sign.
pub fn sign_sorted(signers: &[&PrivateKeySigner], digest: B256) -> Result<Vec<u8>, SignatureError> {
    let mut sorted = signers.to_vec();
    sorted.sort_by_key(|s| s.address());
    let mut out = Vec::with_capacity(SIGNATURE_LEN * sorted.len());
    for signer in sorted {
        out.extend_from_slice(&sign(signer, digest)?);
    }
    Ok(out)
}

/// The malleable twin of a signature: `s' = n − s`, `v` flipped. Recovers the same signer.
pub fn high_s_twin(signature: &[u8; SIGNATURE_LEN]) -> [u8; SIGNATURE_LEN] {
    let s = U256::from_be_slice(&signature[32..64]);
    let mut out = *signature;
    out[32..64].copy_from_slice(&(SECP256K1_ORDER - s).to_be_bytes::<32>());
    out[64] = if signature[64] == 27 { 28 } else { 27 };
    out
}

/// The address `signature` recovers to over `digest`, as ecrecover would answer for `v`
/// 27 or 28 (no check of `s`).
pub fn recover(signature: &[u8; SIGNATURE_LEN], digest: B256) -> Option<Address> {
    let parity = match signature[64] {
        27 => false,
        28 => true,
        _ => return None,
    };
    Signature::from_bytes_and_parity(&signature[..64], parity)
        .recover_address_from_prehash(&digest)
        .ok()
}

/// The address that `signature` recovers over `digest`, checked exactly as the registry
/// checks one signature (length, `v` 27 or 28, low `s`, non-zero `r` and `s`).
///
/// # Errors
/// The first check that fails.
pub fn verify(signature: &[u8], digest: B256) -> Result<Address, SignatureError> {
    if signature.len() != SIGNATURE_LEN {
        return Err(SignatureError::Length(signature.len()));
    }
    let v = signature[64];
    let parity = match v {
        27 => false,
        28 => true,
        _ => return Err(SignatureError::V(v)),
    };
    let r = U256::from_be_slice(&signature[..32]);
    let s = U256::from_be_slice(&signature[32..64]);
    if s > HALF_ORDER {
        return Err(SignatureError::HighS);
    }
    if r.is_zero() || s.is_zero() {
        return Err(SignatureError::Unrecoverable);
    }
    Signature::new(r, s, parity)
        .recover_address_from_prehash(&digest)
        .map_err(|_| SignatureError::Unrecoverable)
}

/// The signers of a concatenation of signatures over `digest`, each checked with [`verify`],
/// required in strictly ascending order as the registry requires them.
///
/// # Errors
/// A length that is not a whole number of signatures, the first signature that fails, or
/// a signer not strictly above the previous one ([`SortedError::Unsorted`] names it).
pub fn verify_sorted(signatures: &[u8], digest: B256) -> Result<Vec<Address>, SortedError> {
    if !signatures.len().is_multiple_of(SIGNATURE_LEN) {
        return Err(SortedError::Length(signatures.len()));
    }
    let mut signers: Vec<Address> = Vec::with_capacity(signatures.len() / SIGNATURE_LEN);
    for (index, signature) in signatures.chunks_exact(SIGNATURE_LEN).enumerate() {
        let signer =
            verify(signature, digest).map_err(|error| SortedError::Signature { index, error })?;
        if signers.last().is_some_and(|previous| signer <= *previous) {
            return Err(SortedError::Unsorted { index, signer });
        }
        signers.push(signer);
    }
    Ok(signers)
}

/// Why a concatenation of signatures is not one the registry would accept.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SortedError {
    /// Not a whole number of 65-byte signatures.
    #[error("{0} bytes is not a whole number of 65-byte signatures")]
    Length(usize),
    /// A signature fails on its own.
    #[error("signature {index}: {error}")]
    Signature {
        /// Its position.
        index: usize,
        /// Why.
        error: SignatureError,
    },
    /// A signer is not strictly above the previous one.
    #[error("signature {index}: signer {signer} is not above the previous signer")]
    Unsorted {
        /// Its position.
        index: usize,
        /// Its signer.
        signer: Address,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(byte: u8) -> PrivateKeySigner {
        PrivateKeySigner::from_bytes(&B256::repeat_byte(byte)).expect("valid key")
    }

    fn attestation() -> TallyAttestation {
        TallyAttestation {
            round: 1,
            applicationId: 2,
            applicant: Address::repeat_byte(0xa),
            stakingContract: Address::repeat_byte(0xb),
            snapshotSpace: "metislayer2.eth".into(),
            forVotes: U256::from(30_000u64),
            voters: 600,
            oracleEpoch: 1,
            ..Default::default()
        }
    }

    #[test]
    fn signatures_are_low_s_and_recover_their_signer() {
        let d = digest(&attestation(), &domain(412_346, Address::repeat_byte(0xaa)));
        for byte in 1..=8u8 {
            let key = signer(byte);
            let signature = sign(&key, d).expect("signs");
            assert!(U256::from_be_slice(&signature[32..64]) <= HALF_ORDER);
            assert!(signature[64] == 27 || signature[64] == 28);
            assert_eq!(verify(&signature, d), Ok(key.address()));
            assert_eq!(recover(&signature, d), Some(key.address()));
            // The twin recovers the same key, but the registry refuses it.
            let twin = high_s_twin(&signature);
            assert_eq!(recover(&twin, d), Some(key.address()));
            assert_eq!(verify(&twin, d), Err(SignatureError::HighS));
        }
    }

    #[test]
    fn a_bundle_is_sorted_by_signer_whatever_the_order_given() {
        let d = digest(&attestation(), &domain(412_346, Address::repeat_byte(0xaa)));
        let keys = [signer(3), signer(1), signer(2)];
        let bundle = sign_sorted(&[&keys[0], &keys[1], &keys[2]], d).expect("signs");
        let signers = verify_sorted(&bundle, d).expect("verifies");
        let mut expected: Vec<Address> = keys.iter().map(|k| k.address()).collect();
        expected.sort();
        assert_eq!(signers, expected);
        // The same signatures in another order are refused.
        let mut swapped = bundle[65..130].to_vec();
        swapped.extend_from_slice(&bundle[..65]);
        assert!(matches!(
            verify_sorted(&swapped, d),
            Err(SortedError::Unsorted { index: 1, .. })
        ));
        assert_eq!(
            verify_sorted(&bundle[..64], d),
            Err(SortedError::Length(64))
        );
    }

    #[test]
    fn a_tampered_tally_does_not_verify() {
        let domain = domain(412_346, Address::repeat_byte(0xaa));
        let key = signer(1);
        let signature = sign(&key, digest(&attestation(), &domain)).expect("signs");
        let mut tampered = attestation();
        tampered.forVotes += U256::from(1);
        assert_ne!(
            verify(&signature, digest(&tampered, &domain)),
            Ok(key.address())
        );
        let mut other_epoch = attestation();
        other_epoch.oracleEpoch = 2;
        assert_ne!(
            verify(&signature, digest(&other_epoch, &domain)),
            Ok(key.address())
        );
        let mut bad_v = signature;
        bad_v[64] = 29;
        assert_eq!(
            verify(&bad_v, digest(&attestation(), &domain)),
            Err(SignatureError::V(29))
        );
    }
}
