//! Actors, fixtures, signing and assertion helpers shared by every test module.

pub(crate) mod host;

use std::collections::BTreeMap;
use std::fmt::Debug;

use alloy_primitives::{address, b256, hex, Address, LogData, B256, U256};
use alloy_sol_types::{SolError, SolEvent};
use k256::ecdsa::{RecoveryId, Signature, SigningKey, VerifyingKey};
use lst_registry::{LstRegistry, RegistryError};
use stylus_sdk::testing::TestVM;

pub(crate) use host::FixedHost;

// ---- actors ---------------------------------------------------------------------------------

pub(crate) const DEPLOYER: Address = address!("00000000000000000000000000000000de910e00");
/// Where the tests' views program "is": the constructor requires code there.
pub(crate) const VIEWS: Address = address!("0000000000000000000000000000000000077e05");
pub(crate) const ADMIN: Address = address!("000000000000000000000000000000000000ad01");
pub(crate) const NEW_ADMIN: Address = address!("000000000000000000000000000000000000ad02");
pub(crate) const GUARDIAN: Address = address!("000000000000000000000000000000000000ca01");
pub(crate) const STRANGER: Address = address!("0000000000000000000000000000000000005555");
pub(crate) const RELAYER: Address = address!("000000000000000000000000000000000000fe11");
pub(crate) const APPLICANT_A: Address = address!("00000000000000000000000000000000000a0001");
pub(crate) const APPLICANT_B: Address = address!("00000000000000000000000000000000000a0002");
pub(crate) const APPLICANT_C: Address = address!("00000000000000000000000000000000000a0003");
pub(crate) const APPLICANT_D: Address = address!("00000000000000000000000000000000000a0004");
pub(crate) const STAKING_A: Address = address!("00000000000000000000000000000000005a0001");
pub(crate) const STAKING_B: Address = address!("00000000000000000000000000000000005a0002");
pub(crate) const STAKING_C: Address = address!("00000000000000000000000000000000005a0003");
pub(crate) const STAKING_D: Address = address!("00000000000000000000000000000000005a0004");
pub(crate) const OPERATOR_1: Address = address!("0000000000000000000000000000000000090001");
pub(crate) const OPERATOR_2: Address = address!("0000000000000000000000000000000000090002");
pub(crate) const OPERATOR_3: Address = address!("0000000000000000000000000000000000090003");
pub(crate) const SEQUENCER_1: Address = address!("0000000000000000000000000000000000051001");
pub(crate) const SEQUENCER_2: Address = address!("0000000000000000000000000000000000051002");
pub(crate) const SEQUENCER_3: Address = address!("0000000000000000000000000000000000051003");
pub(crate) const SEQUENCER_4: Address = address!("0000000000000000000000000000000000051004");

/// The registry's own address and chain.
pub(crate) const REGISTRY: Address = address!("00000000000000000000000000000000001e9157");
pub(crate) const CHAIN_ID: u64 = 42_161;

/// An oracle signer, by the seed of its secp256k1 key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Oracle(pub u8);

pub(crate) const ORACLE_1: Oracle = Oracle(1);
pub(crate) const ORACLE_2: Oracle = Oracle(2);
pub(crate) const ORACLE_3: Oracle = Oracle(3);
pub(crate) const ORACLE_4: Oracle = Oracle(4);
/// Signs well, but is in no oracle set.
pub(crate) const ROGUE_ORACLE: Oracle = Oracle(0x66);

impl Oracle {
    fn key(self) -> SigningKey {
        SigningKey::from_slice(&[self.0; 32]).expect("valid secret")
    }

    pub(crate) fn address(self) -> Address {
        address_of(self.key().verifying_key())
    }

    /// A 65-byte `r ‖ s ‖ v` signature of `digest` with low `s` and `v` in {27, 28}.
    pub(crate) fn sign(self, digest: B256) -> [u8; 65] {
        let (signature, recovery) = self
            .key()
            .sign_prehash_recoverable(digest.as_slice())
            .expect("a 32-byte prehash signs");
        // k256 already signs low-s; make it explicit
        let signature = signature.normalize_s().unwrap_or(signature);
        let mut out = [0u8; 65];
        out[..64].copy_from_slice(&signature.to_bytes());
        out[64] = 27 + recovery.to_byte();
        // Independent check that the signature recovers this oracle.
        assert_eq!(
            ecrecover(digest, &out),
            Some(self.address()),
            "k256 signature does not recover its signer"
        );
        out
    }
}

fn address_of(key: &VerifyingKey) -> Address {
    let point = key.to_encoded_point(false);
    Address::from_raw_public_key(&point.as_bytes()[1..])
}

/// What the ecrecover precompile answers for `digest` and a 65-byte signature (`None` where
/// it answers no data). Like the precompile, it accepts a high `s`.
pub(crate) fn ecrecover(digest: B256, signature: &[u8; 65]) -> Option<Address> {
    let v = signature[64];
    if v != 27 && v != 28 {
        return None;
    }
    let mut parity = v - 27;
    let mut rs: [u8; 64] = signature[..64].try_into().ok()?;
    // k256 recovers low-s signatures only; (r, n − s) with the other parity is the same point.
    let s = U256::from_be_slice(&rs[32..]);
    if s > curve_order() >> 1 && s < curve_order() {
        rs[32..].copy_from_slice(&(curve_order() - s).to_be_bytes::<32>());
        parity ^= 1;
    }
    let recovery = RecoveryId::from_byte(parity)?;
    let signature = Signature::from_slice(&rs).ok()?;
    VerifyingKey::recover_from_prehash(digest.as_slice(), &signature, recovery)
        .ok()
        .map(|key| address_of(&key))
}

/// The secp256k1 group order n.
pub(crate) fn curve_order() -> U256 {
    U256::from_be_bytes(hex!(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
    ))
}

/// The ecrecover precompile's input: digest ‖ uint256(v) ‖ r ‖ s.
pub(crate) fn ecrecover_input(digest: B256, signature: &[u8; 65]) -> Vec<u8> {
    let mut input = Vec::with_capacity(128);
    input.extend_from_slice(digest.as_slice());
    input.extend_from_slice(&U256::from(signature[64]).to_be_bytes::<32>());
    input.extend_from_slice(&signature[..64]);
    input
}

/// Mocks the precompile at 0x01 for one (digest, signature): it answers what the real
/// precompile would, a left-padded address or no data.
pub(crate) fn mock_ecrecover(vm: &TestVM, digest: B256, signature: &[u8; 65]) {
    let output = match ecrecover(digest, signature) {
        Some(signer) => {
            let mut word = vec![0u8; 12];
            word.extend_from_slice(signer.as_slice());
            word
        }
        None => Vec::new(),
    };
    vm.mock_static_call(
        Address::with_last_byte(1),
        ecrecover_input(digest, signature),
        Ok(output),
    );
}

/// Sorted addresses of `oracles`, as `set_oracle_set` wants them.
pub(crate) fn oracle_addresses(oracles: &[Oracle]) -> Vec<Address> {
    let mut addresses: Vec<Address> = oracles.iter().map(|o| o.address()).collect();
    addresses.sort();
    addresses
}

// ---- amounts and time -----------------------------------------------------------------------

/// `n` METIS in wei.
pub(crate) fn metis(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18u8))
}

/// The program's Snapshot space as the constructor installs it.
pub(crate) const SPACE: &str = "metislayer2.eth";

/// The vote rules the constructor installs, as `round(id)` shows them: quorum, voters,
/// approval and the attestation window.
pub(crate) fn default_round_rules() -> (U256, u32, u16, u32) {
    (metis(20_000), 500, 8_000, WINDOW)
}

/// 1 wei.
pub(crate) fn wei(n: u64) -> U256 {
    U256::from(n)
}

/// Largest amount the registry stores: 2^96 − 1 wei.
pub(crate) fn max_amount() -> U256 {
    (U256::from(1u8) << 96) - U256::from(1u8)
}

pub(crate) const T0: u64 = 1_750_000_000;
pub(crate) const DAY: u64 = 86_400;
pub(crate) const DEADLINE: u64 = T0 + 7 * DAY;
/// The default attestation window, in seconds (14 days).
pub(crate) const WINDOW: u32 = 14 * 86_400;
/// The bounds of the attestation window, in seconds (one day, 90 days).
pub(crate) const MIN_WINDOW: u32 = 86_400;
pub(crate) const MAX_WINDOW: u32 = 90 * 86_400;
/// Round 1's attestation deadline under the default window.
pub(crate) const ATTESTATION_DEADLINE: u64 = DEADLINE + WINDOW as u64;

// ---- the program's data ---------------------------------------------------------------------

/// One LST protocol's application.
#[derive(Clone, Debug)]
pub(crate) struct Lst {
    pub applicant: Address,
    pub name: &'static str,
    pub metadata_uri: &'static str,
    pub content_hash: B256,
    pub snapshot_space: &'static str,
    pub snapshot_proposal: B256,
    pub staking_contract: Address,
}

pub(crate) const LST_A: Lst = Lst {
    applicant: APPLICANT_A,
    name: "Alpha Staked METIS",
    metadata_uri: "ipfs://bafybeialphaapplicationdocument",
    content_hash: b256!("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"),
    snapshot_space: SPACE,
    snapshot_proposal: b256!("a000000000000000000000000000000000000000000000000000000000000001"),
    staking_contract: STAKING_A,
};
pub(crate) const LST_B: Lst = Lst {
    applicant: APPLICANT_B,
    name: "Beta liquid METIS",
    metadata_uri: "https://beta.example/application.json",
    content_hash: b256!("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2"),
    snapshot_space: SPACE,
    snapshot_proposal: b256!("b000000000000000000000000000000000000000000000000000000000000002"),
    staking_contract: STAKING_B,
};
pub(crate) const LST_C: Lst = Lst {
    applicant: APPLICANT_C,
    name: "Gamma",
    metadata_uri: "ar://gamma",
    content_hash: b256!("ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc3"),
    snapshot_space: SPACE,
    snapshot_proposal: b256!("c000000000000000000000000000000000000000000000000000000000000003"),
    staking_contract: STAKING_C,
};
pub(crate) const LST_D: Lst = Lst {
    applicant: APPLICANT_D,
    name: "Delta",
    metadata_uri: "ipfs://delta",
    content_hash: b256!("ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd4"),
    snapshot_space: SPACE,
    snapshot_proposal: b256!("d000000000000000000000000000000000000000000000000000000000000004"),
    staking_contract: STAKING_D,
};

/// The `n`-th of a family of LSTs that share nothing: applicant, staking contract and Snapshot
/// proposal are their own (one live application per applicant and per staking contract in a
/// round, one application per proposal ever). `n` from 1 to 2^16 − 1.
pub(crate) fn nth_lst(n: u64) -> Lst {
    let n = u16::try_from(n).expect("n fits 16 bits").to_be_bytes();
    let mut proposal = B256::left_padding_from(&n);
    proposal[0] = 0xe0;
    Lst {
        applicant: Address::left_padding_from(&[0xa1, 0, n[0], n[1]]),
        staking_contract: Address::left_padding_from(&[0x5b, 0, n[0], n[1]]),
        snapshot_proposal: proposal,
        ..LST_A
    }
}

/// A Snapshot tally, amounts in wei.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Votes {
    pub for_votes: U256,
    pub against_votes: U256,
    pub abstain_votes: U256,
    pub voters: u32,
}

impl Votes {
    pub(crate) fn wei(
        for_votes: U256,
        against_votes: U256,
        abstain_votes: U256,
        voters: u32,
    ) -> Self {
        Self {
            for_votes,
            against_votes,
            abstain_votes,
            voters,
        }
    }

    /// Whole METIS.
    pub(crate) fn metis(
        for_votes: u64,
        against_votes: u64,
        abstain_votes: u64,
        voters: u32,
    ) -> Self {
        Self::wei(
            metis(for_votes),
            metis(against_votes),
            metis(abstain_votes),
            voters,
        )
    }
}

/// The fixture's tallies: A and B qualify (ranks 1, 2), C passes but ranks 3 of 2 slots.
pub(crate) fn votes_a() -> Votes {
    Votes::metis(30_000, 1_000, 500, 900)
}
pub(crate) fn votes_b() -> Votes {
    Votes::metis(25_000, 2_000, 0, 700)
}
pub(crate) fn votes_c() -> Votes {
    Votes::metis(20_000, 1_000, 0, 600)
}

// ---- ids the staged fixtures create ----------------------------------------------------------

pub(crate) const ROUND_1: u64 = 1;
pub(crate) const APP_A: u64 = 1;
pub(crate) const APP_B: u64 = 2;
pub(crate) const APP_C: u64 = 3;
pub(crate) const NODE_1: u64 = 1;
pub(crate) const NODE_2: u64 = 2;
pub(crate) const PAIRING_1: u64 = 1;
pub(crate) const PAIRING_2: u64 = 2;
pub(crate) const SLOTS: u8 = 2;
pub(crate) const NODE_1_URI: &str = "https://node-1.example/meta.json";
pub(crate) const NODE_2_URI: &str = "https://node-2.example/meta.json";
pub(crate) const ANNOUNCEMENT_1: &str = "https://forum.example/t/node-1-pairs-alpha";
pub(crate) const ANNOUNCEMENT_2: &str = "https://forum.example/t/node-2-pairs-beta";
pub(crate) fn cap_1() -> U256 {
    metis(50_000)
}
pub(crate) fn cap_2() -> U256 {
    metis(20_000)
}

/// Status codes of applications (`eligibility`, `application`).
pub(crate) mod status {
    pub(crate) const NONE: u8 = 0;
    pub(crate) const PENDING: u8 = 1;
    pub(crate) const WITHDRAWN: u8 = 2;
    pub(crate) const TALLIED: u8 = 3;
    pub(crate) const QUALIFIED: u8 = 4;
    pub(crate) const NOT_SELECTED: u8 = 5;
    pub(crate) const FAILED_QUORUM: u8 = 6;
    pub(crate) const FAILED_VOTERS: u8 = 7;
    pub(crate) const FAILED_APPROVAL: u8 = 8;
    pub(crate) const NOT_ATTESTED: u8 = 9;
    pub(crate) const REVOKED: u8 = 10;
}

/// Status codes of rounds.
pub(crate) mod round_status {
    pub(crate) const OPEN: u8 = 1;
    pub(crate) const CLOSED: u8 = 2;
    pub(crate) const FINALISED: u8 = 3;
}

/// `field` codes of `RegistryZeroAddress`, `RegistryZeroHash` and `RegistryInvalidLength`.
pub(crate) mod field {
    pub(crate) const ADMIN: u8 = 0;
    pub(crate) const GUARDIAN: u8 = 1;
    pub(crate) const STAKING_CONTRACT: u8 = 2;
    pub(crate) const OPERATOR: u8 = 3;
    pub(crate) const SEQUENCER_SIGNER: u8 = 4;
    pub(crate) const NAME: u8 = 5;
    pub(crate) const METADATA_URI: u8 = 6;
    pub(crate) const SNAPSHOT_SPACE: u8 = 7;
    pub(crate) const CONTENT_HASH: u8 = 8;
    pub(crate) const SNAPSHOT_PROPOSAL: u8 = 9;
    pub(crate) const NODE_URI: u8 = 10;
    pub(crate) const ANNOUNCEMENT_URI: u8 = 11;
    pub(crate) const REASON: u8 = 12;
}

/// Phases.
pub(crate) mod phase {
    pub(crate) const ALPHA: u8 = 0;
    pub(crate) const THROUGHPUT: u8 = 1;
    pub(crate) const MAIN_LAUNCH: u8 = 2;
    pub(crate) const OPEN_ACCESS: u8 = 3;
}

// ---- the environment and its stages ---------------------------------------------------------

/// `(signers, threshold, epoch)` of the oracle set in force at the current block.
pub(crate) fn in_force(reg: &LstRegistry) -> (Vec<Address>, u8, u32) {
    let set = reg.oracle_set();
    (set.signers, set.threshold, set.epoch)
}

/// The default oracle-set delay: a change made while the program runs takes effect after it.
pub(crate) const ORACLE_DELAY: u64 = 2 * DAY;

/// `attestTally` of `votes` on `application` with `signatures`, on `reg` as it is called.
fn relay(
    reg: &mut LstRegistry,
    application: u64,
    votes: &Votes,
    signatures: &[u8],
) -> Result<(), RegistryError> {
    reg.attest_tally(
        application,
        votes.for_votes,
        votes.against_votes,
        votes.abstain_votes,
        votes.voters,
        signatures,
    )
}

/// A deployed registry on its own `TestVM`.
pub(crate) struct Env {
    pub vm: TestVM,
    pub reg: LstRegistry,
}

impl Env {
    /// The registry, called by `who`.
    pub(crate) fn by(&mut self, who: Address) -> &mut LstRegistry {
        self.vm.set_sender(who);
        &mut self.reg
    }

    /// The block time.
    pub(crate) fn now(&self) -> u64 {
        stylus_sdk::stylus_core::host::BlockAccess::block_timestamp(&self.vm)
    }

    /// Moves the block time to `timestamp`.
    pub(crate) fn at(&self, timestamp: u64) {
        self.vm.set_block_timestamp(timestamp);
    }

    /// Replaces the oracle set so that it is in force at once, through the emergency path
    /// (the guardian pauses, the admin changes the set and unpauses), for tests about what a
    /// new set does rather than about when it takes effect.
    #[track_caller]
    pub(crate) fn replace_oracle_set(&mut self, signers: Vec<Address>, threshold: u8) {
        let (guardian, admin) = (self.reg.guardian(), self.reg.admin());
        self.by(guardian).pause().expect("pause");
        self.by(admin)
            .set_oracle_set(signers, threshold)
            .expect("set_oracle_set");
        self.by(admin).unpause().expect("unpause");
    }

    /// Calls as `who` and asserts the revert (see [`expect_revert`]).
    #[track_caller]
    pub(crate) fn reverts<T: Debug>(
        &mut self,
        who: Address,
        call: impl FnOnce(&mut LstRegistry) -> Result<T, RegistryError>,
        expected: RegistryError,
    ) {
        self.vm.set_sender(who);
        let reg = &mut self.reg;
        expect_revert(&self.vm, || call(reg), expected);
    }

    /// Calls as `who`, which must succeed emitting exactly `expected`; returns the value.
    #[track_caller]
    pub(crate) fn emits<T: Debug>(
        &mut self,
        who: Address,
        call: impl FnOnce(&mut LstRegistry) -> Result<T, RegistryError>,
        expected: &[(Vec<B256>, Vec<u8>)],
    ) -> T {
        self.vm.set_sender(who);
        let reg = &mut self.reg;
        emits(&self.vm, || call(reg), expected)
    }

    /// Submits `lst` as its applicant; returns the application id.
    pub(crate) fn submit(&mut self, lst: &Lst) -> u64 {
        self.by(lst.applicant)
            .submit_application(
                lst.name,
                lst.metadata_uri,
                lst.content_hash,
                lst.snapshot_space,
                lst.snapshot_proposal,
                lst.staking_contract,
            )
            .expect("submit_application")
    }

    /// Signatures of `signers` over the tally digest of `application`, sorted by signer, each
    /// with the ecrecover precompile mocked for it.
    pub(crate) fn sign(&mut self, application: u64, votes: &Votes, signers: &[Oracle]) -> Vec<u8> {
        let digest = self.digest(application, votes);
        let mut signed: Vec<(Address, [u8; 65])> = signers
            .iter()
            .map(|o| (o.address(), o.sign(digest)))
            .collect();
        signed.sort_by_key(|(signer, _)| *signer);
        for (_, signature) in &signed {
            mock_ecrecover(&self.vm, digest, signature);
        }
        signed.iter().flat_map(|(_, s)| s.to_vec()).collect()
    }

    /// The registry's tally digest for `votes` on `application`.
    pub(crate) fn digest(&self, application: u64, votes: &Votes) -> B256 {
        self.reg
            .tally_digest(
                application,
                votes.for_votes,
                votes.against_votes,
                votes.abstain_votes,
                votes.voters,
            )
            .expect("tally_digest")
    }

    /// Attests `votes` for `application` with the signatures of `signers`, relayed by RELAYER.
    pub(crate) fn attest(&mut self, application: u64, votes: &Votes, signers: &[Oracle]) {
        let signatures = self.sign(application, votes, signers);
        self.try_attest(application, votes, &signatures)
            .expect("attest_tally");
    }

    /// Relaying `signatures` for `votes` on `application` must revert with `expected`,
    /// changing no storage and emitting no log.
    #[track_caller]
    pub(crate) fn attest_reverts(
        &mut self,
        application: u64,
        votes: &Votes,
        signatures: &[u8],
        expected: RegistryError,
    ) {
        self.reverts(
            RELAYER,
            |r| relay(r, application, votes, signatures),
            expected,
        );
    }

    /// Relays `signatures` for `votes` on `application`.
    pub(crate) fn try_attest(
        &mut self,
        application: u64,
        votes: &Votes,
        signatures: &[u8],
    ) -> Result<(), RegistryError> {
        relay(self.by(RELAYER), application, votes, signatures)
    }

    /// Closes (as admin) and finalises a round.
    pub(crate) fn close_and_finalise(&mut self, round: u64) {
        self.by(ADMIN).close_round(round).expect("close_round");
        self.by(STRANGER)
            .finalise_round(round)
            .expect("finalise_round");
    }

    /// The status code of an application.
    pub(crate) fn status_of(&self, application: u64) -> u8 {
        self.reg.eligibility(application).1
    }

    /// Rank of an application.
    pub(crate) fn rank_of(&self, application: u64) -> u8 {
        self.reg.application(application).expect("application").4
    }
}

/// A VM in which the views program [`VIEWS`] holds code, as on chain before the registry's
/// deployment. (Off chain the registry serves its views in process: `router::dispatch`.)
pub(crate) fn test_vm() -> TestVM {
    let vm = TestVM::default();
    vm.set_code(VIEWS, vec![0xEF, 0xF0, 0x00, 0x00]);
    vm
}

/// A fresh registry: chain, address and time set, constructed with ADMIN by DEPLOYER.
pub(crate) fn deployed() -> Env {
    let vm = test_vm();
    vm.set_contract_address(REGISTRY);
    vm.set_chain_id(CHAIN_ID);
    vm.set_block_timestamp(T0);
    vm.set_sender(DEPLOYER);
    let mut reg = LstRegistry::from(&FixedHost::new(&vm));
    reg.constructor(ADMIN, VIEWS).expect("constructor");
    Env { vm, reg }
}

/// A registry whose ADMIN named GUARDIAN and set {ORACLE_1, ORACLE_2, ORACLE_3} with threshold 2.
pub(crate) fn configured() -> Env {
    let mut env = deployed();
    env.by(ADMIN).set_guardian(GUARDIAN).expect("set_guardian");
    env.by(ADMIN)
        .set_oracle_set(oracle_addresses(&[ORACLE_1, ORACLE_2, ORACLE_3]), 2)
        .expect("set_oracle_set");
    env
}

/// Round 1 is open with 2 slots until DEADLINE.
pub(crate) fn round_open() -> Env {
    let mut env = configured();
    assert_eq!(env.by(ADMIN).open_round(SLOTS, DEADLINE), Ok(ROUND_1));
    env
}

/// A, B and C applied to round 1 (applications 1, 2, 3).
pub(crate) fn applications_submitted() -> Env {
    let mut env = round_open();
    assert_eq!(env.submit(&LST_A), APP_A);
    assert_eq!(env.submit(&LST_B), APP_B);
    assert_eq!(env.submit(&LST_C), APP_C);
    env
}

/// Every application of round 1 has an attested tally.
pub(crate) fn tallies_attested() -> Env {
    let mut env = applications_submitted();
    env.attest(APP_A, &votes_a(), &[ORACLE_1, ORACLE_2]);
    env.attest(APP_B, &votes_b(), &[ORACLE_2, ORACLE_3]);
    env.attest(APP_C, &votes_c(), &[ORACLE_1, ORACLE_2, ORACLE_3]);
    env
}

/// Round 1 is closed and final: A ranks 1 and B ranks 2 (qualified), C ranks 3 (not selected).
pub(crate) fn finalised() -> Env {
    let mut env = tallies_attested();
    env.close_and_finalise(ROUND_1);
    env
}

/// Nodes 1 (OPERATOR_1, SEQUENCER_1) and 2 (OPERATOR_2, SEQUENCER_2) are registered.
pub(crate) fn nodes_registered() -> Env {
    let mut env = finalised();
    assert_eq!(
        env.by(ADMIN)
            .register_node(OPERATOR_1, SEQUENCER_1, NODE_1_URI),
        Ok(NODE_1)
    );
    assert_eq!(
        env.by(ADMIN)
            .register_node(OPERATOR_2, SEQUENCER_2, NODE_2_URI),
        Ok(NODE_2)
    );
    env
}

/// Node 1 is paired with A (cap 50,000 METIS), node 2 with B (cap 20,000 METIS).
pub(crate) fn paired() -> Env {
    let mut env = nodes_registered();
    assert_eq!(
        env.by(OPERATOR_1)
            .pair(NODE_1, APP_A, cap_1(), ANNOUNCEMENT_1),
        Ok(PAIRING_1)
    );
    assert_eq!(
        env.by(OPERATOR_2)
            .pair(NODE_2, APP_B, cap_2(), ANNOUNCEMENT_2),
        Ok(PAIRING_2)
    );
    env
}

// ---- assertions -----------------------------------------------------------------------------

/// The contract's storage, without slots that hold zero (a zero write is no change).
pub(crate) fn storage(vm: &TestVM) -> BTreeMap<U256, B256> {
    vm.snapshot()
        .storage
        .into_iter()
        .filter(|(_, value)| !value.is_zero())
        .collect()
}

/// Runs `call`, which must fail with exactly `expected`, leave storage as it was and emit no
/// log. Fails the test otherwise.
#[track_caller]
pub(crate) fn expect_revert<T: Debug>(
    vm: &TestVM,
    call: impl FnOnce() -> Result<T, RegistryError>,
    expected: RegistryError,
) {
    let before = storage(vm);
    let logs = vm.get_emitted_logs().len();
    match call() {
        Ok(value) => panic!("expected revert {expected:?}, but the call returned Ok({value:?})"),
        Err(error) => assert_eq!(error, expected, "wrong revert"),
    }
    let after = storage(vm);
    if after != before {
        let changed: Vec<_> = after
            .iter()
            .filter(|(k, v)| before.get(*k) != Some(*v))
            .map(|(k, v)| format!("{k:#x} = {v}"))
            .chain(
                before
                    .keys()
                    .filter(|k| !after.contains_key(*k))
                    .map(|k| format!("{k:#x} cleared")),
            )
            .collect();
        panic!("a reverted call changed storage: {changed:#?}");
    }
    let new_logs = &vm.get_emitted_logs()[logs..];
    assert!(
        new_logs.is_empty(),
        "a reverted call emitted {} log(s): {new_logs:?}",
        new_logs.len()
    );
}

/// `error` is ABI-encoded exactly as alloy encodes the Solidity error `sol`.
#[track_caller]
pub(crate) fn assert_encodes_as<E: SolError>(error: &RegistryError, sol: &E) {
    assert_eq!(
        hex::encode(error.encode()),
        hex::encode(sol.abi_encode()),
        "{}",
        E::SIGNATURE
    );
    assert_eq!(error.selector(), E::SELECTOR);
}

/// A raw log as alloy encodes `event`.
pub(crate) fn log_of<E: SolEvent>(event: &E) -> (Vec<B256>, Vec<u8>) {
    let data: LogData = event.encode_log_data();
    (data.topics().to_vec(), data.data.to_vec())
}

/// How many logs have been emitted so far.
pub(crate) fn log_mark(vm: &TestVM) -> usize {
    vm.get_emitted_logs().len()
}

/// Decodes `raw` as `E` (validating), and returns its re-encoding.
fn decode_log<E: SolEvent>(raw: &(Vec<B256>, Vec<u8>)) -> Result<(Vec<B256>, Vec<u8>), String> {
    E::decode_raw_log_validate(raw.0.iter().copied(), &raw.1)
        .map(|event| log_of(&event))
        .map_err(|e| e.to_string())
}

/// Some log emitted so far decodes as `E` and equals `expected`.
#[track_caller]
pub(crate) fn assert_emitted<E: SolEvent>(vm: &TestVM, expected: &E) {
    let want = log_of(expected);
    let logs = vm.get_emitted_logs();
    let candidates: Vec<_> = logs
        .iter()
        .filter(|(topics, _)| topics.first() == Some(&E::SIGNATURE_HASH))
        .collect();
    for raw in &candidates {
        match decode_log::<E>(raw) {
            Ok(decoded) if decoded == want && **raw == want => return,
            Ok(_) => {}
            Err(error) => panic!("a {} log does not decode: {error}: {raw:?}", E::SIGNATURE),
        }
    }
    panic!(
        "no {} log equal to {want:?}; emitted: {candidates:?}",
        E::SIGNATURE
    );
}

/// The logs emitted since `mark` are exactly `expected`, in order.
#[track_caller]
pub(crate) fn assert_logs_since(vm: &TestVM, mark: usize, expected: &[(Vec<B256>, Vec<u8>)]) {
    let logs = vm.get_emitted_logs();
    let new = &logs[mark..];
    assert_eq!(
        new.len(),
        expected.len(),
        "wrong number of logs: {new:#?}\nexpected: {expected:#?}"
    );
    for (index, (got, want)) in new.iter().zip(expected).enumerate() {
        assert_eq!(got, want, "log {index} differs");
    }
}

/// A call's result must be a success; runs it and returns the value and the logs it emitted.
#[track_caller]
pub(crate) fn emits<T: Debug>(
    vm: &TestVM,
    call: impl FnOnce() -> Result<T, RegistryError>,
    expected: &[(Vec<B256>, Vec<u8>)],
) -> T {
    let mark = log_mark(vm);
    let value = call().expect("call failed");
    assert_logs_since(vm, mark, expected);
    value
}
