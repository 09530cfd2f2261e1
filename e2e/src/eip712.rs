//! EIP-712 tally attestations, computed and signed in Rust with alloy's EIP-712 encoder and
//! real secp256k1 keys — independently of the registry's own digest code, which the tests
//! cross-check against the `tallyDigest` view.
//!
//! Domain: name "LstRegistry", version "1", chain id, verifying contract. Signatures are
//! 65-byte `r ‖ s ‖ v` with low `s` (EIP-2) and `v` 27 or 28, concatenated in ascending order
//! of signer address.

use alloy_primitives::{Address, Signature, B256, U256};
use alloy_sol_types::{Eip712Domain, SolStruct};

use crate::actors::Oracle;
use crate::error::E2eError;

pub use lst_registry_types::eip712::{TallyAttestation, SECP256K1_ORDER};

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

/// The registry's EIP-712 domain on `chain_id` at `registry`.
pub fn domain(chain_id: u64, registry: Address) -> Eip712Domain {
    lst_registry_types::eip712::domain(chain_id, registry)
}

/// The digest an oracle signs: `keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(tally))`.
pub fn digest(attestation: &TallyAttestation, domain: &Eip712Domain) -> B256 {
    attestation.eip712_signing_hash(domain)
}

/// `oracle`'s signature of `digest`: `r ‖ s ‖ v`, low `s`, `v` 27 or 28.
pub fn sign(oracle: &Oracle, digest: B256) -> Result<[u8; 65], E2eError> {
    let (signature, recovery) = oracle
        .key()
        .sign_prehash_recoverable(digest.as_slice())
        .map_err(|e| E2eError::Signing(format!("{}: {e}", oracle.actor.name)))?;
    let signature = Signature::from((signature, recovery)).normalized_s();
    Ok(signature.as_bytes())
}

/// The signatures of `oracles` over `digest`, concatenated in ascending signer order.
pub fn bundle(oracles: &[&Oracle], digest: B256) -> Result<Vec<u8>, E2eError> {
    let mut sorted: Vec<&Oracle> = oracles.to_vec();
    sorted.sort_by_key(|o| o.address());
    let mut out = Vec::with_capacity(65 * sorted.len());
    for oracle in sorted {
        out.extend_from_slice(&sign(oracle, digest)?);
    }
    Ok(out)
}

/// The malleable twin of a signature: `s' = n − s`, `v` flipped. Recovers the same signer.
pub fn high_s_twin(signature: &[u8; 65]) -> [u8; 65] {
    let s = U256::from_be_slice(&signature[32..64]);
    let mut out = *signature;
    out[32..64].copy_from_slice(&(SECP256K1_ORDER - s).to_be_bytes::<32>());
    out[64] = if signature[64] == 27 { 28 } else { 27 };
    out
}

/// The address `signature` recovers to over `digest`, as ecrecover would answer.
pub fn recover(signature: &[u8; 65], digest: B256) -> Option<Address> {
    let parity = match signature[64] {
        27 => false,
        28 => true,
        _ => return None,
    };
    Signature::from_bytes_and_parity(&signature[..64], parity)
        .recover_address_from_prehash(&digest)
        .ok()
}
