//! The oracle set and attested tallies.
//!
//! An oracle set is up to [`MAX_ORACLES`] signer addresses, kept strictly ascending, and a
//! threshold m. Every change of the set moves the oracle epoch; the epoch is part of what the
//! oracles sign, so signatures made under an earlier set are void.
//!
//! A change takes effect after the oracle-set delay (admin-set, one to 30 days, two by
//! default), so that nobody, the admin included, can swap in a set and attest with it before
//! the change has been public for that long: `OracleSetChanged` names the time it takes
//! effect and `oracleSet()` shows the scheduled set. Only the first set takes effect at once.
//! A change while the registry is paused is the emergency path: the set in force is void at
//! once (compromised keys sign nothing from that block on: epoch 0, no signers, until the new
//! set's time), and the new set still waits the delay, so pausing and unpausing around a
//! change does not make it immediate either. A later change replaces a scheduled one. Each
//! set's signers live under its own epoch (`K(epoch, 40) + i`), so a set takes effect without
//! anything being written: `OracleConfig::at` decides from the time.
//!
//! A tally is signed as EIP-712 typed data:
//!
//! ```text
//! EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
//!   name "LstRegistry", version "1", this chain, this contract
//! TallyAttestation(uint64 round,uint64 applicationId,address applicant,address stakingContract,
//!   bytes32 contentHash,string snapshotSpace,bytes32 snapshotProposal,uint256 forVotes,
//!   uint256 againstVotes,uint256 abstainVotes,uint32 voters,uint32 oracleEpoch)
//! ```
//!
//! so a signature binds the chain, the registry, the round, the application, who applied and
//! the staking contract that will report stake, the exact content voted on, the Snapshot
//! space and proposal, the counts, and the oracle set. A proposal backs one application only
//! (`submitApplication` refuses a second), so one vote cannot be counted twice.
//!
//! The threshold is a strict majority of the set: two disjoint groups of signers can never
//! both reach it, so no two conflicting tallies of one application can both be attested
//! under one epoch.
//! Signatures are 65-byte `r ‖ s ‖ v`, concatenated, sorted by recovered signer without
//! duplicates (so no bitmap is needed to reject a signer counted twice); `v` is 27 or 28 and
//! `s` is in the lower half of the curve order (EIP-2). Recovery uses the ecrecover precompile
//! at address 0x01 instead of a curve library inside the WASM.

use alloc::vec::Vec;
use alloy_primitives::{address, Address, B256, U256};
use stylus_sdk::keccak_const::Keccak256;
use stylus_sdk::prelude::*;
use stylus_sdk::stylus_core::host::UnsafeCallAccess;

use crate::abi::{address_key, const_word, Word};

use crate::access::{require_admin, require_live, require_live_admin};
use crate::errors::{RegistryError, Result};
use crate::events;
use crate::params::ORACLE_SET_DELAY;
use crate::rounds::{application_at, require_status};
use crate::rules::Tally;
use crate::storage::{
    amount, AppHead, AppStaking, AppTally, ApplicationKind, ApplicationStatus, ContentHash,
    OracleConfig, OracleSetKind, Rec, Round, RoundKind, SnapshotProposal, MAX_AMOUNT, MAX_ORACLES,
};
use crate::text::{self, TextKind};
use crate::LstRegistry;

/// `keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")`.
pub const DOMAIN_TYPEHASH: [u8; 32] = Keccak256::new()
    .update(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    .finalize();
/// `keccak256("LstRegistry")`.
pub const NAME_HASH: [u8; 32] = Keccak256::new().update(b"LstRegistry").finalize();
/// `keccak256("1")`.
pub const VERSION_HASH: [u8; 32] = Keccak256::new().update(b"1").finalize();
/// The EIP-712 type of an attested tally.
pub const TALLY_TYPE: &str = "TallyAttestation(uint64 round,uint64 applicationId,address applicant,address stakingContract,bytes32 contentHash,string snapshotSpace,bytes32 snapshotProposal,uint256 forVotes,uint256 againstVotes,uint256 abstainVotes,uint32 voters,uint32 oracleEpoch)";
/// `keccak256(TALLY_TYPE)`.
pub const TALLY_TYPEHASH: [u8; 32] = Keccak256::new().update(TALLY_TYPE.as_bytes()).finalize();
/// Half the secp256k1 group order: the largest `s` accepted.
pub const HALF_ORDER: U256 = U256::from_be_bytes([
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
]);
/// The ecrecover precompile.
pub const ECRECOVER: Address = address!("0000000000000000000000000000000000000001");
/// Bytes of one signature.
pub const SIGNATURE_LEN: usize = 65;

pub(crate) fn set_oracle_set(
    reg: &mut LstRegistry,
    signers: Vec<Address>,
    threshold: u8,
) -> Result<()> {
    // Not stopped by the pause: replacing compromised oracle keys is how the admin recovers.
    let control = require_admin(reg)?;
    let n = signers.len();
    // A strict majority: 2m > n (so m >= 1), and m <= n.
    if n == 0 || n > MAX_ORACLES || 2 * threshold as usize <= n || threshold as usize > n {
        return Err(RegistryError::invalid_oracle_set(
            U256::from(n),
            threshold,
            U256::from(MAX_ORACLES),
        ));
    }
    let mut previous = Address::ZERO;
    for (index, signer) in signers.iter().enumerate() {
        if address_key(signer) <= address_key(&previous) {
            return Err(RegistryError::invalid_oracle_signer(
                U256::from(index),
                *signer,
            ));
        }
        previous = *signer;
    }
    let now = reg.vm().block_timestamp();
    let mut config = reg.global::<OracleConfig>().at(now);
    // The first set: no epoch handed out yet (the epoch in force is also 0 while a set is
    // void, which must not count as "first").
    let first = config.last_epoch == 0;
    // A fresh epoch, also when this replaces a scheduled change.
    config.last_epoch = config.last_epoch.wrapping_add(1);
    let set = reg.rec::<OracleSetKind>(config.last_epoch);
    for (index, signer) in signers.iter().enumerate() {
        reg.set_oracle_signer(set, index, *signer);
    }
    config.next_threshold = threshold;
    config.next_size = n as u8;
    // At once for the first set; else after the delay. While paused (the emergency path), the
    // set in force is void at once as well.
    config.next_at = if first {
        now
    } else {
        if control.paused {
            config.epoch = 0;
            config.threshold = 0;
            config.size = 0;
        }
        now.saturating_add(config.delay as u64)
    };
    reg.set_global(&config);
    events::oracle_set_changed(
        reg.vm(),
        config.last_epoch,
        &signers,
        threshold,
        config.next_at,
    );
    Ok(())
}

pub(crate) fn set_oracle_set_delay(reg: &mut LstRegistry, delay: u32) -> Result<()> {
    require_live_admin(reg)?;
    let (min, max) = ORACLE_SET_DELAY;
    if delay < min || delay > max {
        return Err(RegistryError::invalid_oracle_set_delay(delay, min, max));
    }
    let mut config = reg.global::<OracleConfig>();
    config.delay = delay;
    reg.set_global(&config);
    events::oracle_set_delay_changed(reg.vm(), delay);
    Ok(())
}

/// The oracle set in force at the current block and the change scheduled after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OracleSetView {
    /// Signers in force, ascending.
    pub signers: Vec<Address>,
    /// Signatures needed per tally.
    pub threshold: u8,
    /// Epoch of the set in force (0 before the first set, and while a change made during a
    /// pause waits for its time).
    pub epoch: u32,
    /// Signers of the scheduled set (empty when no change is scheduled).
    pub next_signers: Vec<Address>,
    /// Threshold of the scheduled set (0 when none).
    pub next_threshold: u8,
    /// Epoch of the scheduled set (0 when none).
    pub next_epoch: u32,
    /// When the scheduled set takes effect (0 when none).
    pub next_at: u64,
    /// Seconds between a change and its effect.
    pub delay: u32,
}

/// The signers `0..size` of the set of `epoch`.
fn signers_of(reg: &LstRegistry, epoch: u32, size: u8) -> Vec<Address> {
    let set = reg.rec::<OracleSetKind>(epoch);
    // A loop, not `collect` (see `params::page_ids`).
    let mut signers = Vec::with_capacity(size as usize);
    for i in 0..size as usize {
        signers.push(reg.oracle_signer(set, i));
    }
    signers
}

pub(crate) fn oracle_set(reg: &LstRegistry) -> OracleSetView {
    let config = reg.global::<OracleConfig>().at(reg.vm().block_timestamp());
    let scheduled = config.next_size != 0;
    OracleSetView {
        signers: signers_of(reg, config.epoch, config.size),
        threshold: config.threshold,
        epoch: config.epoch,
        next_signers: signers_of(reg, config.last_epoch, config.next_size),
        next_threshold: if scheduled { config.next_threshold } else { 0 },
        next_epoch: if scheduled { config.last_epoch } else { 0 },
        next_at: if scheduled { config.next_at } else { 0 },
        delay: config.delay,
    }
}

/// keccak256 of the concatenation of `words`.
fn hash_words(reg: &LstRegistry, words: &[[u8; 32]]) -> B256 {
    let mut buf = Vec::with_capacity(words.len() * 32);
    for word in words {
        buf.extend_from_slice(word);
    }
    reg.vm().native_keccak256(&buf)
}

pub(crate) fn domain_separator(reg: &LstRegistry) -> B256 {
    let chain_id = reg.vm().chain_id();
    let contract = reg.vm().contract_address();
    hash_words(
        reg,
        &[
            const_word!(DOMAIN_TYPEHASH),
            const_word!(NAME_HASH),
            const_word!(VERSION_HASH),
            chain_id.word(),
            contract.word(),
        ],
    )
}

/// A tally as submitted (the words the oracles signed) and as it is stored, each amount
/// checked to fit storage.
struct Counts {
    for_votes: U256,
    against_votes: U256,
    abstain_votes: U256,
    tally: Tally,
}

impl Counts {
    /// The counts, or `RegistryAmountTooLarge` for the first amount above 2^96 − 1.
    fn checked(
        for_votes: U256,
        against_votes: U256,
        abstain_votes: U256,
        voters: u32,
    ) -> Result<Self> {
        let tally = Tally {
            for_votes: storable(&for_votes)?,
            against_votes: storable(&against_votes)?,
            abstain_votes: storable(&abstain_votes)?,
            voters,
        };
        Ok(Self {
            for_votes,
            against_votes,
            abstain_votes,
            tally,
        })
    }
}

/// `value` as a stored amount, or `RegistryAmountTooLarge` if it is above 2^96 − 1, the
/// largest stored amount. One copy for the three amounts (size).
#[inline(never)]
fn storable(value: &U256) -> Result<u128> {
    match amount(*value) {
        Some(stored) => Ok(stored),
        None => Err(RegistryError::amount_too_large(*value, MAX_AMOUNT)),
    }
}

/// The EIP-712 digest of `counts` for the application `id` (record `at`, head `head`) under
/// oracle epoch `epoch`.
fn digest(
    reg: &LstRegistry,
    id: u32,
    at: Rec<ApplicationKind>,
    head: &AppHead,
    counts: &Counts,
    epoch: u32,
) -> B256 {
    let space = text::load(reg, TextKind::Application, id, head.space_len as usize);
    let struct_hash = hash_words(
        reg,
        &[
            const_word!(TALLY_TYPEHASH),
            (head.round as u64).word(),
            (id as u64).word(),
            head.applicant.word(),
            reg.get::<_, AppStaking>(at).staking_contract.word(),
            reg.get::<_, ContentHash>(at).hash.0,
            reg.vm().native_keccak256(&space).0,
            reg.get::<_, SnapshotProposal>(at).id.0,
            counts.for_votes.word(),
            counts.against_votes.word(),
            counts.abstain_votes.word(),
            counts.tally.voters.word(),
            epoch.word(),
        ],
    );
    // 0x19 ‖ 0x01 ‖ domain separator ‖ struct hash, written by fixed-size chunks (no
    // iterator adapters: size).
    let mut buf = [0u8; 66];
    if let Some(head) = buf.first_chunk_mut::<34>() {
        head[0] = 0x19;
        head[1] = 0x01;
        if let Some(domain) = head.last_chunk_mut::<32>() {
            *domain = domain_separator(reg).0;
        }
    }
    if let Some(tail) = buf.last_chunk_mut::<32>() {
        *tail = struct_hash.0;
    }
    reg.vm().native_keccak256(&buf)
}

pub(crate) fn tally_digest(
    reg: &LstRegistry,
    application_id: u64,
    for_votes: U256,
    against_votes: U256,
    abstain_votes: U256,
    voters: u32,
) -> Result<B256> {
    let (at, head) = application_at(reg, application_id)?;
    let counts = Counts::checked(for_votes, against_votes, abstain_votes, voters)?;
    let epoch = reg
        .global::<OracleConfig>()
        .at(reg.vm().block_timestamp())
        .epoch;
    Ok(digest(
        reg,
        application_id as u32,
        at,
        &head,
        &counts,
        epoch,
    ))
}

/// Static call of the ecrecover precompile with `input`: its return data, `None` if the
/// call failed. Made with the hostio directly: the SDK's `static_call` builder brings its
/// generic call machinery into the program for this one call.
fn ecrecover(reg: &LstRegistry, input: &[u8]) -> Option<Vec<u8>> {
    let mut len = 0;
    // SAFETY: a static call cannot change state; the precompile is Ethereum's ecrecover.
    let status = unsafe {
        reg.vm().static_call_contract(
            ECRECOVER.as_ptr(),
            input.as_ptr(),
            input.len(),
            u64::MAX,
            &mut len,
        )
    };
    (status == 0).then(|| reg.vm().read_return_data(0, None))
}

/// Recovers the signer of signature `index` over `digest` with the ecrecover precompile.
fn recover(reg: &LstRegistry, digest: B256, signature: &[u8], index: usize) -> Result<Address> {
    let invalid = || RegistryError::invalid_signature(U256::from(index));
    let (r, rest) = signature.split_first_chunk::<32>().ok_or_else(invalid)?;
    let (s, rest) = rest.split_first_chunk::<32>().ok_or_else(invalid)?;
    let v = match rest {
        [v] => *v,
        _ => return Err(invalid()),
    };
    // Compared as big-endian bytes with the bound written from immediates (`const_word`).
    if *s > const_word!(HALF_ORDER.to_be_bytes::<32>()) {
        return Err(RegistryError::signature_high_s(U256::from(index)));
    }
    if (v != 27 && v != 28) || s.iter().all(|b| *b == 0) || r.iter().all(|b| *b == 0) {
        return Err(invalid());
    }
    let input: [[u8; 32]; 4] = [digest.0, v.word(), *r, *s];
    let output = ecrecover(reg, input.as_flattened()).ok_or_else(invalid)?;
    let word: &[u8; 32] = output.as_slice().try_into().map_err(|_| invalid())?;
    if word.iter().take(12).any(|b| *b != 0) {
        return Err(invalid());
    }
    let signer = crate::abi::address_in(word);
    if signer.is_zero() {
        return Err(invalid());
    }
    Ok(signer)
}

/// Checks that `signatures` holds at least `threshold` valid signatures over `digest` by
/// distinct signers of the current set, sorted by signer.
fn verify(reg: &LstRegistry, config: &OracleConfig, digest: B256, signatures: &[u8]) -> Result<()> {
    if !signatures.len().is_multiple_of(SIGNATURE_LEN) {
        return Err(RegistryError::malformed_signatures(U256::from(
            signatures.len(),
        )));
    }
    let count = signatures.len() / SIGNATURE_LEN;
    if config.size == 0 || count < config.threshold as usize || count > config.size as usize {
        return Err(RegistryError::signature_count(
            U256::from(count),
            config.threshold,
            config.size,
        ));
    }
    let mut previous = Address::ZERO;
    // Both lists ascend: walk the stored set once, loading only the signers needed.
    let set = reg.rec::<OracleSetKind>(config.epoch);
    let mut member = 0usize;
    for (index, signature) in signatures.chunks_exact(SIGNATURE_LEN).enumerate() {
        let signer = recover(reg, digest, signature, index)?;
        if address_key(&signer) <= address_key(&previous) {
            return Err(RegistryError::signers_not_sorted(U256::from(index), signer));
        }
        previous = signer;
        let mut found = false;
        while member < config.size as usize {
            let stored = reg.oracle_signer(set, member);
            member += 1;
            if address_key(&stored) >= address_key(&signer) {
                found = stored == signer;
                break;
            }
        }
        if !found {
            return Err(RegistryError::unknown_signer(U256::from(index), signer));
        }
    }
    Ok(())
}

pub(crate) fn attest_tally(
    reg: &mut LstRegistry,
    application_id: u64,
    for_votes: U256,
    against_votes: U256,
    abstain_votes: U256,
    voters: u32,
    signatures: &[u8],
) -> Result<()> {
    require_live(reg)?;
    let (at, mut head) = application_at(reg, application_id)?;
    require_status(application_id, &head, ApplicationStatus::Pending)?;
    // After the attestation deadline the round may finalise without this tally; one that
    // arrived later would race finalisation.
    let round: Round = reg.get(reg.rec::<RoundKind>(head.round));
    let now = reg.vm().block_timestamp();
    if now > round.attestation_deadline {
        return Err(RegistryError::deadline(
            head.round as u64,
            round.attestation_deadline,
            now,
        ));
    }
    let counts = Counts::checked(for_votes, against_votes, abstain_votes, voters)?;
    let config = reg.global::<OracleConfig>().at(now);
    let digest = digest(reg, application_id as u32, at, &head, &counts, config.epoch);
    verify(reg, &config, digest, signatures)?;

    let tally = counts.tally;
    // The round's rules are frozen when it opens, so the verdict is decided here, once:
    // finalisation applies it without reading the rules or the Abstain weight again.
    let rules = crate::rules::vote_rules(reg, round.rules_version);
    head.verdict = rules.judge(&tally).map_or(0, |failure| failure as u8);
    head.status = ApplicationStatus::Tallied as u8;
    reg.put(at, &head);
    let mut staking: AppStaking = reg.get(at);
    staking.abstain_votes = tally.abstain_votes;
    reg.put(at, &staking);
    reg.put(
        at,
        &AppTally {
            for_votes: tally.for_votes,
            against_votes: tally.against_votes,
            voters,
            oracle_epoch: config.epoch,
        },
    );
    events::tally_attested(
        reg.vm(),
        head.round as u64,
        application_id,
        config.epoch,
        for_votes,
        against_votes,
        abstain_votes,
        voters,
    );
    Ok(())
}
