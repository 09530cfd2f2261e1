//! Fixtures: the inputs of the scenarios and tests (LSTs that apply, nodes to register,
//! tallies, attestation calls), derived from names like the [`actors`](crate::actors), and
//! sized as in `shared/docs/gas-targets.md`: names 5–15 bytes, metadata URIs 80 bytes,
//! Snapshot space 15 bytes, node URIs 43 bytes, announcement URIs 55 bytes.

use alloy_primitives::{hex, keccak256, Address, Bytes, B256};
use lst_registry_types::program::metis;

use crate::abi::ILstRegistry;
use crate::actors::{Actor, AddressBook, Oracle};
use crate::eip712::{Tally, TallyAttestation};

/// The Snapshot space every application is voted in (15 bytes).
pub const SNAPSHOT_SPACE: &str = "metislayer2.eth";
/// Bytes of a metadata URI.
pub const METADATA_URI_LEN: usize = 80;
/// Bytes of a node's metadata URI.
pub const NODE_URI_LEN: usize = 43;
/// Bytes of a pairing announcement URI.
pub const ANNOUNCEMENT_URI_LEN: usize = 55;

/// `prefix` followed by hex of `keccak256(seed)`, cut or extended to exactly `len` bytes.
pub fn sized_uri(prefix: &str, seed: &str, len: usize) -> String {
    let mut out = prefix.to_string();
    let mut hash = keccak256(seed);
    while out.len() < len {
        out.push_str(&hex::encode(hash));
        hash = keccak256(hash);
    }
    out.truncate(len);
    out
}

/// A liquid-staking protocol that applies: its accounts and application inputs.
#[derive(Clone, Debug)]
pub struct Lst {
    /// LST name (5–15 bytes).
    pub name: String,
    /// Account that applies.
    pub applicant: Actor,
    /// Its staking contract (reports stake).
    pub staking: Actor,
    /// Where the application document is (80 bytes).
    pub metadata_uri: String,
    /// Hash of the application document.
    pub content_hash: B256,
    /// Snapshot proposal id of the vote on it.
    pub snapshot_proposal: B256,
}

impl Lst {
    /// The protocol called `name`.
    pub fn new(name: &str) -> Self {
        let slug: String = name
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let metadata_uri = sized_uri(&format!("ipfs://{slug}/bafkrei"), name, METADATA_URI_LEN);
        Self {
            name: name.to_string(),
            applicant: Actor::new(&format!("{name} team")),
            staking: Actor::new(&format!("{name} staking")),
            content_hash: keccak256(format!("application document of {name} at {metadata_uri}")),
            snapshot_proposal: keccak256(format!("snapshot proposal: {name}")),
            metadata_uri,
        }
    }

    /// Adds its accounts to `book`.
    pub fn name_in(&self, book: &mut AddressBook) {
        book.add(&self.applicant);
        book.add(&self.staking);
    }

    /// Its `submitApplication` call.
    pub fn submit(&self) -> ILstRegistry::submitApplicationCall {
        ILstRegistry::submitApplicationCall {
            name: self.name.clone(),
            metadataUri: self.metadata_uri.clone(),
            contentHash: self.content_hash,
            snapshotSpace: SNAPSHOT_SPACE.to_string(),
            snapshotProposal: self.snapshot_proposal,
            stakingContract: self.staking.address,
        }
    }

    /// What the oracles sign for its tally as application `id` of `round` under `epoch`.
    pub fn attestation(&self, round: u64, id: u64, tally: &Tally, epoch: u32) -> TallyAttestation {
        TallyAttestation {
            round,
            applicationId: id,
            applicant: self.applicant.address,
            stakingContract: self.staking.address,
            contentHash: self.content_hash,
            snapshotSpace: SNAPSHOT_SPACE.to_string(),
            snapshotProposal: self.snapshot_proposal,
            forVotes: tally.for_votes,
            againstVotes: tally.against_votes,
            abstainVotes: tally.abstain_votes,
            voters: tally.voters,
            oracleEpoch: epoch,
        }
    }
}

/// A sequencer node to register: operator, signer, metadata URI (43 bytes).
#[derive(Clone, Debug)]
pub struct NodeSpec {
    /// Node provider.
    pub operator: Actor,
    /// Sequencer signer.
    pub signer: Actor,
    /// Metadata URI.
    pub uri: String,
}

impl NodeSpec {
    /// The node labelled `label`.
    pub fn new(label: &str) -> Self {
        Self {
            operator: Actor::new(&format!("Operator {label}")),
            signer: Actor::new(&format!("Signer {label}")),
            uri: sized_uri(
                &format!("https://seq.metis.io/{label}/"),
                label,
                NODE_URI_LEN,
            ),
        }
    }

    /// Adds its accounts to `book`.
    pub fn name_in(&self, book: &mut AddressBook) {
        book.add(&self.operator);
        book.add(&self.signer);
    }

    /// Its `registerNode` call.
    pub fn register(&self) -> ILstRegistry::registerNodeCall {
        ILstRegistry::registerNodeCall {
            operator: self.operator.address,
            sequencerSigner: self.signer.address,
            metadataUri: self.uri.clone(),
        }
    }
}

/// The announcement URI (55 bytes) of node `node` pairing with `lst`.
pub fn announcement_uri(node: u64, lst: &str) -> String {
    sized_uri(
        &format!("https://forum.metis.io/t/node-{node}-"),
        lst,
        ANNOUNCEMENT_URI_LEN,
    )
}

/// A tally in whole METIS.
pub fn tally(for_votes: u64, against_votes: u64, abstain_votes: u64, voters: u32) -> Tally {
    Tally {
        for_votes: metis(for_votes),
        against_votes: metis(against_votes),
        abstain_votes: metis(abstain_votes),
        voters,
    }
}

/// The `attestTally` call of application `id`.
pub fn attest(id: u64, tally: &Tally, signatures: Vec<u8>) -> ILstRegistry::attestTallyCall {
    ILstRegistry::attestTallyCall {
        applicationId: id,
        forVotes: tally.for_votes,
        againstVotes: tally.against_votes,
        abstainVotes: tally.abstain_votes,
        voters: tally.voters,
        signatures: Bytes::from(signatures),
    }
}

/// The `tallyDigest` view call of application `id`.
pub fn digest_query(id: u64, tally: &Tally) -> ILstRegistry::tallyDigestCall {
    ILstRegistry::tallyDigestCall {
        applicationId: id,
        forVotes: tally.for_votes,
        againstVotes: tally.against_votes,
        abstainVotes: tally.abstain_votes,
        voters: tally.voters,
    }
}

/// The oracles, sorted by address.
pub fn sorted(oracles: &[&Oracle]) -> Vec<Address> {
    let mut out: Vec<_> = oracles.iter().map(|o| o.address()).collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_have_the_sizes_the_gas_targets_assume() {
        let lst = Lst::new("Artemis");
        assert_eq!(lst.metadata_uri.len(), METADATA_URI_LEN);
        assert_eq!(SNAPSHOT_SPACE.len(), 15);
        assert_eq!(NodeSpec::new("alpha-1").uri.len(), NODE_URI_LEN);
        assert_eq!(announcement_uri(1, "Artemis").len(), ANNOUNCEMENT_URI_LEN);
        // Derived from names: the same name, the same inputs.
        assert_eq!(Lst::new("Artemis").content_hash, lst.content_hash);
        assert_ne!(Lst::new("Enki").applicant.address, lst.applicant.address);
    }

    #[test]
    fn an_attestation_signs_what_the_application_submits() {
        let lst = Lst::new("Artemis");
        let submitted = lst.submit();
        let tally = tally(30_000, 1_000, 0, 612);
        let signed = lst.attestation(1, 1, &tally, 1);
        assert_eq!(signed.applicant, lst.applicant.address);
        assert_eq!(signed.stakingContract, submitted.stakingContract);
        assert_eq!(signed.contentHash, submitted.contentHash);
        assert_eq!(signed.snapshotSpace, submitted.snapshotSpace);
        assert_eq!(signed.snapshotProposal, submitted.snapshotProposal);
        assert_eq!(signed.forVotes, metis(30_000));
        let call = attest(1, &tally, vec![1, 2]);
        assert_eq!((call.voters, call.signatures.len()), (612, 2));
        assert_eq!(digest_query(1, &tally).forVotes, metis(30_000));
    }
}
