//! The oracle set, its delay, and the signatures of an attestation.

use super::*;

/// Oracle set and attestations: every error of the group, reached through the artifact.
pub(super) fn oracle_set_and_attestations(reg: &mut Registry, cov: &mut Coverage) {
    let c = cast();
    let admin = c.admin.address;
    let t3 = tally_of(3);
    let relayer = c.relayer.address;
    cov.reverts(
        reg,
        admin,
        &I::setOracleSetCall {
            signers: vec![],
            threshold: 1,
        },
        I::RegistryInvalidOracleSet {
            signers: U256::ZERO,
            threshold: 1,
            maxSigners: U256::from(16),
        },
    );
    let mut descending = sorted(&c.oracle_refs(&[0, 1]));
    descending.reverse();
    cov.reverts(
        reg,
        admin,
        &I::setOracleSetCall {
            signers: descending.clone(),
            threshold: 2,
        },
        I::RegistryInvalidOracleSigner {
            index: U256::from(1),
            signer: descending[1],
        },
    );
    cov.reverts(
        reg,
        admin,
        &I::setOracleSetDelayCall { delay: 86_399 },
        I::RegistryInvalidOracleSetDelay {
            delay: 86_399,
            min: 86_400,
            max: 2_592_000,
        },
    );
    let good = sign(reg, 2, 3, &t3, 1, &[0, 1]);
    cov.reverts(
        reg,
        relayer,
        &attest(3, &t3, good[..64].to_vec()),
        I::RegistryMalformedSignatures {
            length: U256::from(64),
        },
    );
    cov.reverts(
        reg,
        relayer,
        &attest(3, &t3, good[..65].to_vec()),
        I::RegistrySignatureCount {
            count: U256::from(1),
            threshold: 2,
            signers: 3,
        },
    );
    let first: [u8; 65] = good[..65].try_into().expect("65 bytes");
    let mut high_s = eip712::high_s_twin(&first).to_vec();
    high_s.extend_from_slice(&good[65..]);
    cov.reverts(
        reg,
        relayer,
        &attest(3, &t3, high_s),
        I::RegistrySignatureHighS { index: U256::ZERO },
    );
    let mut bad_v = good.clone();
    bad_v[64] = 29;
    cov.reverts(
        reg,
        relayer,
        &attest(3, &t3, bad_v),
        I::RegistryInvalidSignature { index: U256::ZERO },
    );
    let mut swapped = good[65..].to_vec();
    swapped.extend_from_slice(&good[..65]);
    let lower = sorted(&c.oracle_refs(&[0, 1]))[0];
    cov.reverts(
        reg,
        relayer,
        &attest(3, &t3, swapped),
        I::RegistrySignersNotSorted {
            index: U256::from(1),
            signer: lower,
        },
    );
    let outsider = sign(reg, 2, 3, &t3, 1, &[0, 3]); // oracle 4 is not in the set
    let outsider_index = sorted(&c.oracle_refs(&[0, 3]))
        .iter()
        .position(|a| *a == c.oracles[3].address())
        .expect("member");
    cov.reverts(
        reg,
        relayer,
        &attest(3, &t3, outsider),
        I::RegistryUnknownSigner {
            index: U256::from(outsider_index),
            signer: c.oracles[3].address(),
        },
    );
}
