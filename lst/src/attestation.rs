//! Attestation documents, as JSON files passed between oracles and relayers:
//!
//! * a [`SignedTally`], what one oracle produces with `lst attest`: the domain, the tally,
//!   its digest, the signer and its 65-byte signature;
//! * a [`Submission`], what `lst combine` produces from several of them: the signatures
//!   sorted by signer, and their concatenation, exactly what `attestTally` takes.
//!
//! Every reader recomputes the digest from the domain and the tally, and recovers every
//! signature, so a document is never trusted for anything it could get wrong.

use std::collections::BTreeMap;

use alloy::primitives::{Address, Bytes, B256, U256};
use serde::{Deserialize, Serialize};

use crate::error::{CliError, Result};
use lst_registry_client::eip712::{self, TallyAttestation, SIGNATURE_LEN};
use lst_registry_types::eip712::{DOMAIN_NAME, DOMAIN_VERSION};

/// Decimal (or 0x-hex on input) `U256` in JSON strings: wei amounts stay readable and exact.
mod decimal {
    use alloy::primitives::U256;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(value: &U256, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_string())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<U256, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse::<U256>()
            .map_err(|e| D::Error::custom(format!("`{text}` is not a uint256: {e}")))
    }
}

/// The EIP-712 domain, as written in documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Domain {
    /// Always `LstRegistry`.
    pub name: String,
    /// Always `1`.
    pub version: String,
    /// The chain.
    pub chain_id: u64,
    /// The registry.
    pub verifying_contract: Address,
}

impl Domain {
    /// The registry's domain on `chain_id` at `registry`.
    pub fn new(chain_id: u64, registry: Address) -> Self {
        Self {
            name: DOMAIN_NAME.into(),
            version: DOMAIN_VERSION.into(),
            chain_id,
            verifying_contract: registry,
        }
    }

    /// Refuses a document whose domain is not the registry's.
    fn check(&self) -> Result<()> {
        if self.name != DOMAIN_NAME || self.version != DOMAIN_VERSION {
            return Err(CliError::Attestation(format!(
                "domain is {} v{}, not LstRegistry v1",
                self.name, self.version
            )));
        }
        Ok(())
    }
}

/// The attested fields, as written in documents (amounts in wei, as decimal strings).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tally {
    /// The application's round.
    pub round: u64,
    /// The application.
    pub application_id: u64,
    /// Who submitted the application.
    pub applicant: Address,
    /// The application's staking contract.
    pub staking_contract: Address,
    /// The application's content hash.
    pub content_hash: B256,
    /// The Snapshot space.
    pub snapshot_space: String,
    /// The Snapshot proposal id.
    pub snapshot_proposal: B256,
    /// For weight, wei.
    #[serde(with = "decimal")]
    pub for_votes: U256,
    /// Against weight, wei.
    #[serde(with = "decimal")]
    pub against_votes: U256,
    /// Abstain weight, wei.
    #[serde(with = "decimal")]
    pub abstain_votes: U256,
    /// Distinct voters.
    pub voters: u32,
    /// The oracle epoch signed under.
    pub oracle_epoch: u32,
}

impl Tally {
    /// As the EIP-712 struct.
    pub fn to_eip712(&self) -> TallyAttestation {
        TallyAttestation {
            round: self.round,
            applicationId: self.application_id,
            applicant: self.applicant,
            stakingContract: self.staking_contract,
            contentHash: self.content_hash,
            snapshotSpace: self.snapshot_space.clone(),
            snapshotProposal: self.snapshot_proposal,
            forVotes: self.for_votes,
            againstVotes: self.against_votes,
            abstainVotes: self.abstain_votes,
            voters: self.voters,
            oracleEpoch: self.oracle_epoch,
        }
    }

    /// Its digest under `domain`.
    pub fn digest(&self, domain: &Domain) -> B256 {
        eip712::digest(
            &self.to_eip712(),
            &eip712::domain(domain.chain_id, domain.verifying_contract),
        )
    }
}

/// Where the counts came from, for the humans who review a document (not signed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    /// The Snapshot proposal's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The scores as Snapshot wrote them (For, Against, Abstain).
    pub scores: Vec<String>,
}

/// One oracle's signature of a tally (`lst attest`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedTally {
    /// The domain.
    pub domain: Domain,
    /// The tally.
    pub tally: Tally,
    /// Its EIP-712 digest.
    pub digest: B256,
    /// The oracle.
    pub signer: Address,
    /// `r ‖ s ‖ v`.
    pub signature: Bytes,
    /// The Snapshot result it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// A signer and its signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerSignature {
    /// The oracle.
    pub signer: Address,
    /// `r ‖ s ‖ v`.
    pub signature: Bytes,
}

/// Several oracles' signatures of one tally, ready for `attestTally` (`lst combine`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Submission {
    /// The domain.
    pub domain: Domain,
    /// The tally.
    pub tally: Tally,
    /// Its EIP-712 digest.
    pub digest: B256,
    /// The signatures, ascending by signer, without duplicates.
    pub signatures: Vec<SignerSignature>,
    /// Their concatenation: the `signatures` argument of `attestTally`.
    pub packed_signatures: Bytes,
    /// The Snapshot result it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// A document of either kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Document {
    /// One oracle's signature.
    Signed(SignedTally),
    /// A combined submission.
    Submission(Submission),
}

impl Document {
    /// Reads a document, telling the kinds apart by their `signer` / `signatures` field.
    ///
    /// # Errors
    /// [`CliError::Attestation`] for anything else.
    pub fn parse(text: &str) -> Result<Self> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| CliError::Attestation(format!("not JSON: {e}")))?;
        let bad = |e: serde_json::Error| CliError::Attestation(e.to_string());
        if value.get("signatures").is_some() {
            Ok(Self::Submission(
                serde_json::from_value(value).map_err(bad)?,
            ))
        } else if value.get("signer").is_some() {
            Ok(Self::Signed(serde_json::from_value(value).map_err(bad)?))
        } else {
            Err(CliError::Attestation(
                "neither a signed tally (`signer`) nor a submission (`signatures`)".into(),
            ))
        }
    }

    /// The domain, tally, claimed digest, signatures and source.
    fn parts(&self) -> (&Domain, &Tally, B256, Vec<SignerSignature>, Option<&Source>) {
        match self {
            Self::Signed(s) => (
                &s.domain,
                &s.tally,
                s.digest,
                vec![SignerSignature {
                    signer: s.signer,
                    signature: s.signature.clone(),
                }],
                s.source.as_ref(),
            ),
            Self::Submission(s) => (
                &s.domain,
                &s.tally,
                s.digest,
                s.signatures.clone(),
                s.source.as_ref(),
            ),
        }
    }
}

/// A document whose digest and signatures were all checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The domain.
    pub domain: Domain,
    /// The tally.
    pub tally: Tally,
    /// The recomputed digest (equal to the document's).
    pub digest: B256,
    /// The signatures, in the document's order, each recovering its claimed signer.
    pub signatures: Vec<SignerSignature>,
    /// Whether the signatures ascend strictly by signer (required by the registry).
    pub sorted: bool,
    /// The Snapshot source, if recorded.
    pub source: Option<Source>,
}

/// Checks a document offline: the domain is the registry's, the digest is the tally's, every
/// signature is well formed (`v` 27/28, low `s`) and recovers the signer it claims, and a
/// submission's packed signatures are the concatenation of its list.
///
/// # Errors
/// The first check that fails.
pub fn verify_document(document: &Document) -> Result<Verified> {
    let (domain, tally, claimed, signatures, source) = document.parts();
    domain.check()?;
    let digest = tally.digest(domain);
    if digest != claimed {
        return Err(CliError::Attestation(format!(
            "digest {claimed} is not the digest of the tally under its domain ({digest}): the tally or domain was altered"
        )));
    }
    for (index, entry) in signatures.iter().enumerate() {
        let recovered = eip712::verify(&entry.signature, digest).map_err(|e| {
            CliError::Attestation(format!(
                "signature {index} (claimed signer {}): {e}",
                entry.signer
            ))
        })?;
        if recovered != entry.signer {
            return Err(CliError::Attestation(format!(
                "signature {index} recovers {recovered}, not its claimed signer {}: the signature or the tally was tampered with",
                entry.signer
            )));
        }
    }
    if let Document::Submission(submission) = document {
        let packed: Vec<u8> = signatures
            .iter()
            .flat_map(|s| s.signature.iter().copied())
            .collect();
        if packed.as_slice() != submission.packed_signatures.as_ref() {
            return Err(CliError::Attestation(
                "packedSignatures is not the concatenation of the signatures list".into(),
            ));
        }
    }
    let sorted = signatures.windows(2).all(|w| w[0].signer < w[1].signer);
    Ok(Verified {
        domain: domain.clone(),
        tally: tally.clone(),
        digest,
        signatures,
        sorted,
        source: source.cloned(),
    })
}

/// Merges the signatures of several documents over the same tally into a submission: every
/// document is verified, domains and tallies must be identical, a signer may appear once, and
/// the result is sorted by signer address.
///
/// # Errors
/// [`CliError::Attestation`] on the first document that fails, differs or repeats a signer.
pub fn combine(documents: &[Document]) -> Result<Submission> {
    let mut first: Option<Verified> = None;
    let mut by_signer: BTreeMap<Address, Bytes> = BTreeMap::new();
    for (index, document) in documents.iter().enumerate() {
        let verified = verify_document(document)
            .map_err(|e| CliError::Attestation(format!("document {index}: {e}")))?;
        if let Some(reference) = &first {
            if verified.domain != reference.domain {
                return Err(CliError::Attestation(format!(
                    "document {index} is for a different domain (chain {} registry {}) than document 0 (chain {} registry {})",
                    verified.domain.chain_id,
                    verified.domain.verifying_contract,
                    reference.domain.chain_id,
                    reference.domain.verifying_contract
                )));
            }
            if verified.tally != reference.tally {
                return Err(CliError::Attestation(format!(
                    "document {index} attests a different tally than document 0:\n{}",
                    tally_difference(&reference.tally, &verified.tally)
                )));
            }
        }
        for entry in &verified.signatures {
            if by_signer
                .insert(entry.signer, entry.signature.clone())
                .is_some()
            {
                return Err(CliError::Attestation(format!(
                    "signer {} appears more than once (document {index}); each oracle counts once",
                    entry.signer
                )));
            }
        }
        if first.is_none() {
            first = Some(verified);
        }
    }
    let reference = first.ok_or_else(|| CliError::Attestation("nothing to combine".into()))?;
    let signatures: Vec<SignerSignature> = by_signer
        .into_iter()
        .map(|(signer, signature)| SignerSignature { signer, signature })
        .collect();
    let packed: Vec<u8> = signatures
        .iter()
        .flat_map(|s| s.signature.iter().copied())
        .collect();
    debug_assert_eq!(packed.len(), signatures.len() * SIGNATURE_LEN);
    Ok(Submission {
        domain: reference.domain,
        tally: reference.tally,
        digest: reference.digest,
        signatures,
        packed_signatures: packed.into(),
        source: reference.source,
    })
}

/// The fields in which two tallies differ, one per line.
fn tally_difference(a: &Tally, b: &Tally) -> String {
    let (a, b) = (
        serde_json::to_value(a).unwrap_or_default(),
        serde_json::to_value(b).unwrap_or_default(),
    );
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return String::new();
    };
    a.iter()
        .filter(|(key, value)| b.get(*key) != Some(value))
        .map(|(key, value)| {
            format!(
                "  {key}: {value} vs {}",
                b.get(key).cloned().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::{address, b256};
    use alloy::signers::local::PrivateKeySigner;

    fn tally() -> Tally {
        Tally {
            round: 1,
            application_id: 1,
            applicant: address!("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"),
            staking_contract: address!("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"),
            content_hash: b256!(
                "0x1111111111111111111111111111111111111111111111111111111111111111"
            ),
            snapshot_space: "metislayer2.eth".into(),
            snapshot_proposal: b256!(
                "0x2222222222222222222222222222222222222222222222222222222222222222"
            ),
            for_votes: U256::from(30_000u64),
            against_votes: U256::from(1u64),
            abstain_votes: U256::ZERO,
            voters: 600,
            oracle_epoch: 1,
        }
    }

    fn signed(key_byte: u8, tally: Tally) -> Document {
        let signer = PrivateKeySigner::from_bytes(&B256::repeat_byte(key_byte)).expect("key");
        let domain = Domain::new(
            412346,
            address!("0x00000000000000000000000000000000000000aa"),
        );
        let digest = tally.digest(&domain);
        let signature = eip712::sign(&signer, digest).expect("signs");
        Document::Signed(SignedTally {
            domain,
            tally,
            digest,
            signer: signer.address(),
            signature: signature.to_vec().into(),
            source: None,
        })
    }

    #[test]
    fn combine_sorts_and_rejects_duplicates_and_differences() {
        let docs = [signed(3, tally()), signed(1, tally()), signed(2, tally())];
        let submission = combine(&docs).expect("combines");
        assert_eq!(submission.signatures.len(), 3);
        assert!(submission
            .signatures
            .windows(2)
            .all(|w| w[0].signer < w[1].signer));
        assert_eq!(submission.packed_signatures.len(), 3 * 65);
        // Round-trips as a document and verifies.
        let text = serde_json::to_string(&submission).expect("serialises");
        let verified = verify_document(&Document::parse(&text).expect("parses")).expect("verifies");
        assert!(verified.sorted);

        let duplicate = [signed(1, tally()), signed(1, tally())];
        assert!(combine(&duplicate)
            .expect_err("duplicate")
            .to_string()
            .contains("more than once"));
        let mut other = tally();
        other.voters += 1;
        let different = [signed(1, tally()), signed(2, other)];
        assert!(combine(&different)
            .expect_err("different")
            .to_string()
            .contains("voters"));
    }

    #[test]
    fn tampering_is_caught() {
        let Document::Signed(mut doc) = signed(1, tally()) else {
            unreachable!()
        };
        let mut bytes = doc.signature.to_vec();
        bytes[10] ^= 0x01;
        doc.signature = bytes.into();
        assert!(verify_document(&Document::Signed(doc.clone())).is_err());

        let Document::Signed(mut doc) = signed(1, tally()) else {
            unreachable!()
        };
        doc.tally.for_votes += U256::from(1);
        let error = verify_document(&Document::Signed(doc)).expect_err("altered tally");
        assert!(error.to_string().contains("digest"), "{error}");
    }

    #[test]
    fn applicant_and_staking_contract_are_signed_and_written_in_camel_case() {
        let json = serde_json::to_value(tally()).expect("serialises");
        assert_eq!(
            json["applicant"],
            "0xa0ee7a142d267c1f36714e4a8f75612f20a79720"
        );
        assert_eq!(
            json["stakingContract"],
            "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f"
        );
        let attestation = tally().to_eip712();
        assert_eq!(attestation.applicant, tally().applicant);
        assert_eq!(attestation.stakingContract, tally().staking_contract);
        // A copy of the application (other applicant or staking contract) is another digest.
        for field in ["applicant", "stakingContract"] {
            let Document::Signed(mut doc) = signed(1, tally()) else {
                unreachable!()
            };
            if field == "applicant" {
                doc.tally.applicant = address!("0x00000000000000000000000000000000000000bb");
            } else {
                doc.tally.staking_contract = address!("0x00000000000000000000000000000000000000bb");
            }
            let error = verify_document(&Document::Signed(doc)).expect_err(field);
            assert!(error.to_string().contains("digest"), "{field}: {error}");
        }
        // A document without them is not a tally.
        let mut old = json;
        old.as_object_mut()
            .expect("object")
            .remove("stakingContract");
        assert!(serde_json::from_value::<Tally>(old).is_err());
    }
}
