//! The EIP-712 tally attestation the oracles sign, and its domain.
//!
//! ```text
//! EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
//!   name "LstRegistry", version "1", chainId, verifyingContract = the registry
//! TallyAttestation(uint64 round,uint64 applicationId,address applicant,address stakingContract,
//!   bytes32 contentHash,string snapshotSpace,bytes32 snapshotProposal,uint256 forVotes,
//!   uint256 againstVotes,uint256 abstainVotes,uint32 voters,uint32 oracleEpoch)
//! ```
//!
//! The applicant and the staking contract are signed too: a signature backs the one
//! application that the vote was about, not a copy of it made by someone else.
//!
//! A submission is the concatenation of 65-byte `r ‖ s ‖ v` signatures sorted by signer,
//! `v` 27 or 28 and `s` at most [`HALF_ORDER`] (EIP-2).

use alloy_primitives::{Address, U256};
use alloy_sol_types::{eip712_domain, sol, Eip712Domain};

sol! {
    /// What the oracles sign for an application's Snapshot result.
    #[derive(Debug, Default, PartialEq, Eq)]
    struct TallyAttestation {
        uint64 round;
        uint64 applicationId;
        address applicant;
        address stakingContract;
        bytes32 contentHash;
        string snapshotSpace;
        bytes32 snapshotProposal;
        uint256 forVotes;
        uint256 againstVotes;
        uint256 abstainVotes;
        uint32 voters;
        uint32 oracleEpoch;
    }
}

/// The domain's name.
pub const DOMAIN_NAME: &str = "LstRegistry";
/// The domain's version.
pub const DOMAIN_VERSION: &str = "1";

/// The EIP-712 type string of [`TallyAttestation`].
pub const TALLY_TYPE: &str = "TallyAttestation(uint64 round,uint64 applicationId,address applicant,address stakingContract,bytes32 contentHash,string snapshotSpace,bytes32 snapshotProposal,uint256 forVotes,uint256 againstVotes,uint256 abstainVotes,uint32 voters,uint32 oracleEpoch)";

/// The order of the secp256k1 group.
pub const SECP256K1_ORDER: U256 = alloy_primitives::uint!(
    0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141_U256
);

/// Half the secp256k1 group order: the largest `s` the registry accepts (EIP-2).
pub const HALF_ORDER: U256 = alloy_primitives::uint!(
    0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0_U256
);

/// Bytes of one signature: `r ‖ s ‖ v`.
pub const SIGNATURE_LEN: usize = 65;

/// The registry's EIP-712 domain on chain `chain_id` at `registry`.
pub fn domain(chain_id: u64, registry: Address) -> Eip712Domain {
    eip712_domain! {
        name: DOMAIN_NAME,
        version: DOMAIN_VERSION,
        chain_id: chain_id,
        verifying_contract: registry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_sol_types::SolStruct;

    #[test]
    fn the_type_string_and_the_order_are_the_documented_ones() {
        assert_eq!(TallyAttestation::eip712_encode_type(), TALLY_TYPE);
        assert_eq!(HALF_ORDER, SECP256K1_ORDER >> 1);
        let separator = domain(42, Address::repeat_byte(7)).separator();
        assert_ne!(separator, domain(43, Address::repeat_byte(7)).separator());
    }
}
