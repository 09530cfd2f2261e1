//! Tally attestations: EIP-712 digests computed in Rust (alloy's encoder, not the contract's
//! code), real secp256k1 signatures, their malleable twins (all three from
//! `lst_registry_client`), and a reference model of the registry's signature checks
//! (`verify` in `src/attestation.rs`):
//!
//! 1. the blob is a whole number of 65-byte `r ‖ s ‖ v` → else `RegistryMalformedSignatures`;
//! 2. threshold ≤ count ≤ set size (and a set exists) → else `RegistrySignatureCount`;
//! 3. per signature, in order: `s` ≤ n/2 → else `RegistrySignatureHighS`; `v` ∈ {27, 28}, `r`,
//!    `s` non-zero, ecrecover answers → else `RegistryInvalidSignature`; recovered signer
//!    strictly above the previous → else `RegistrySignersNotSorted`; a member of the current
//!    set → else `RegistryUnknownSigner`.

//!
//! The reference model ([`verify`], [`recover`]) is deliberately independent of the client:
//! it restates the contract's rules so that the tests check the contract against them, not
//! against the code that produced the signatures.

use alloy_primitives::{Address, B256, U256};
use lst_registry_client::abi::{ILstRegistry as I, RegistryError};
use lst_registry_client::actors::{self, Oracle};
use lst_registry_client::eip712::{self, TallyAttestation};

/// The secp256k1 group order n, and n / 2: the largest `s` the registry accepts.
pub use lst_registry_types::eip712::{HALF_ORDER, SECP256K1_ORDER as ORDER};

/// What an application's tally attestation binds, besides the chain and the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// The round.
    pub round: u64,
    /// The application id.
    pub application: u64,
    /// The account that submitted the application.
    pub applicant: Address,
    /// The application's staking contract.
    pub staking: Address,
    /// The application's content hash.
    pub content_hash: B256,
    /// The application's Snapshot space.
    pub space: String,
    /// The Snapshot proposal.
    pub proposal: B256,
}

/// Counts of a tally, in wei: the client's [`Tally`](eip712::Tally).
pub use lst_registry_client::eip712::Tally as Counts;

/// The EIP-712 digest of `counts` for `subject` under `epoch`, on `chain_id` at `registry`.
pub fn digest(
    chain_id: u64,
    registry: Address,
    subject: &Subject,
    counts: &Counts,
    epoch: u32,
) -> B256 {
    let attestation = TallyAttestation {
        round: subject.round,
        applicationId: subject.application,
        applicant: subject.applicant,
        stakingContract: subject.staking,
        contentHash: subject.content_hash,
        snapshotSpace: subject.space.clone(),
        snapshotProposal: subject.proposal,
        forVotes: counts.for_votes,
        againstVotes: counts.against_votes,
        abstainVotes: counts.abstain_votes,
        voters: counts.voters,
        oracleEpoch: epoch,
    };
    eip712::digest(&attestation, &eip712::domain(chain_id, registry))
}

/// `oracle`'s low-`s` signature of `digest`, `r ‖ s ‖ v` with `v` 27 or 28.
pub fn sign(oracle: &Oracle, digest: B256) -> [u8; 65] {
    oracle.sign(digest).unwrap_or_else(|e| panic!("{e}"))
}

/// The signatures of `oracles` (in the order given) concatenated.
pub fn bundle(oracles: &[&Oracle], digest: B256) -> Vec<u8> {
    oracles.iter().flat_map(|o| sign(o, digest)).collect()
}

/// The signatures of `oracles` sorted by signer address, concatenated.
pub fn sorted_bundle(oracles: &[&Oracle], digest: B256) -> Vec<u8> {
    actors::bundle(oracles, digest).unwrap_or_else(|e| panic!("{e}"))
}

/// The malleable twin `(r, n − s, v ^ 1)`: recovers the same signer.
pub fn high_s(signature: &[u8; 65]) -> [u8; 65] {
    eip712::high_s_twin(signature)
}

/// The signer ecrecover answers for `signature` over `digest` (any `s` below n, as the
/// precompile accepts), or `None` when it answers nothing.
pub fn recover(signature: &[u8], digest: B256) -> Option<Address> {
    let sig: [u8; 65] = signature.try_into().ok()?;
    let s = U256::from_be_slice(&sig[32..64]);
    let r = U256::from_be_slice(&sig[..32]);
    if r.is_zero() || s.is_zero() || r >= ORDER || s >= ORDER {
        return None;
    }
    if s > HALF_ORDER {
        return eip712::recover(&high_s(&sig), digest);
    }
    eip712::recover(&sig, digest)
}

/// The registry's verdict on `signatures` over `digest` for the oracle set `set` (ascending)
/// with `threshold`, as specified in the module docs.
pub fn verify(
    signatures: &[u8],
    digest: B256,
    set: &[Address],
    threshold: u8,
) -> Result<(), RegistryError> {
    if !signatures.len().is_multiple_of(65) {
        return Err(I::RegistryMalformedSignatures {
            length: U256::from(signatures.len()),
        }
        .into());
    }
    let count = signatures.len() / 65;
    if set.is_empty() || count < threshold as usize || count > set.len() {
        return Err(I::RegistrySignatureCount {
            count: U256::from(count),
            threshold,
            signers: set.len() as u8,
        }
        .into());
    }
    let mut previous = Address::ZERO;
    for (i, sig) in signatures.chunks_exact(65).enumerate() {
        let index = U256::from(i);
        let s = U256::from_be_slice(&sig[32..64]);
        if s > HALF_ORDER {
            return Err(I::RegistrySignatureHighS { index }.into());
        }
        let v = sig[64];
        let signer = if v != 27 && v != 28 {
            None
        } else {
            recover(sig, digest)
        };
        let Some(signer) = signer.filter(|a| !a.is_zero()) else {
            return Err(I::RegistryInvalidSignature { index }.into());
        };
        if signer <= previous {
            return Err(I::RegistrySignersNotSorted { index, signer }.into());
        }
        previous = signer;
        if !set.contains(&signer) {
            return Err(I::RegistryUnknownSigner { index, signer }.into());
        }
    }
    Ok(())
}
