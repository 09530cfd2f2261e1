//! The oracle set, the EIP-712 tally digest, and every way an attestation can fail.

use alloy_primitives::{B256, U256};
use lst_registry::RegistryError;

use crate::native::support::*;

fn half_order() -> U256 {
    curve_order() >> 1
}

/// The error a relayed `signatures` gets once the registry's digest is `digest` (no longer the
/// one signed): the real precompile recovers some unrelated address from the first signature.
fn unknown_first_signer(env: &Env, digest: B256, signatures: &[u8]) -> RegistryError {
    let mut recovered = Vec::new();
    for chunk in signatures.chunks(65) {
        let signature: [u8; 65] = chunk.try_into().unwrap();
        mock_ecrecover(&env.vm, digest, &signature);
        recovered.push(ecrecover(digest, &signature).expect("recovers some address"));
    }
    let (set, _, _) = in_force(&env.reg);
    assert!(!set.contains(&recovered[0]));
    RegistryError::unknown_signer(U256::ZERO, recovered[0])
}

/// Relays `signatures` for `votes` on `application` as RELAYER, expecting `expected`.
#[track_caller]
fn relay_rejected(
    env: &mut Env,
    application: u64,
    votes: &Votes,
    signatures: &[u8],
    expected: RegistryError,
) {
    let v = *votes;
    env.attest_reverts(application, &v, signatures, expected);
}

mod attesting;
mod digest;
mod oracle_set;
mod signatures;
