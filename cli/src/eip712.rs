//! The registry's EIP-712 tally attestation: type, domain, digest, signing and recovery.
//!
//! ```text
//! EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
//!   name "LstRegistry", version "1", chainId, verifyingContract = the registry
//! TallyAttestation(uint64 round,uint64 applicationId,address applicant,address stakingContract,
//!   bytes32 contentHash,string snapshotSpace,bytes32 snapshotProposal,uint256 forVotes,
//!   uint256 againstVotes,uint256 abstainVotes,uint32 voters,uint32 oracleEpoch)
//! ```
//!
//! The applicant and staking contract are the application's: a signature backs the one
//! application the vote was about.
//!
//! Signatures are 65 bytes `r ‖ s ‖ v` with `v` 27 or 28 and `s` in the lower half of the
//! curve order (EIP-2): the registry rejects anything else, and so does [`recover`].

use alloy::primitives::{Address, Signature, B256, U256};
use alloy::signers::{local::PrivateKeySigner, SignerSync};
use alloy::sol_types::{Eip712Domain, SolStruct};
use thiserror::Error;

pub use lst_registry_types::eip712::{TallyAttestation, HALF_ORDER, SIGNATURE_LEN, TALLY_TYPE};

/// Why a signature is not one the registry would accept.
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

/// The registry's domain on chain `chain_id` at `registry`.
pub fn domain(chain_id: u64, registry: Address) -> Eip712Domain {
    lst_registry_types::eip712::domain(chain_id, registry)
}

/// `keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(attestation))`: what the oracles sign
/// and what the registry's `tallyDigest` view returns.
pub fn digest(attestation: &TallyAttestation, domain: &Eip712Domain) -> B256 {
    attestation.eip712_signing_hash(domain)
}

/// Signs `digest` with `signer`: 65 bytes `r ‖ s ‖ v`, low `s`, `v` 27 or 28.
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
    let signature = signature.normalized_s();
    Ok(signature.as_bytes())
}

/// The address that `signature` recovers over `digest`, checked exactly as the registry
/// checks it (length, `v` 27 or 28, non-zero `r` and `s`, low `s`).
///
/// # Errors
/// The first check that fails.
pub fn recover(signature: &[u8], digest: B256) -> Result<Address, SignatureError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::{address, b256, keccak256};

    #[test]
    fn type_hash_matches_the_registry() {
        assert_eq!(TallyAttestation::eip712_encode_type(), TALLY_TYPE);
        assert_eq!(
            TallyAttestation::eip712_type_hash(&TallyAttestation::default()),
            keccak256(TALLY_TYPE)
        );
    }

    #[test]
    fn sign_and_recover() {
        let key = b256!("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
        let signer = PrivateKeySigner::from_bytes(&key).expect("valid key");
        let attestation = TallyAttestation {
            round: 1,
            applicationId: 2,
            voters: 3,
            oracleEpoch: 1,
            ..Default::default()
        };
        let d = digest(
            &attestation,
            &domain(
                412346,
                address!("0x00000000000000000000000000000000000000aa"),
            ),
        );
        let signature = sign(&signer, d).expect("signs");
        assert!(signature[64] == 27 || signature[64] == 28);
        assert_eq!(recover(&signature, d), Ok(signer.address()));
        // Tampering with the digest recovers someone else.
        let mut other = d;
        other.0[0] ^= 1;
        assert_ne!(recover(&signature, other), Ok(signer.address()));
        // The high-s twin recovers the same key, but the registry refuses it.
        let s = U256::from_be_slice(&signature[32..64]);
        let order = alloy::primitives::uint!(
            0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141_U256
        );
        let mut twin = signature;
        twin[32..64].copy_from_slice(&(order - s).to_be_bytes::<32>());
        twin[64] = if signature[64] == 27 { 28 } else { 27 };
        assert_eq!(recover(&twin, d), Err(SignatureError::HighS));
    }
}
