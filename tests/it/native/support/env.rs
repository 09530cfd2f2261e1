//! The test environment (`Env`) and its staged fixtures.

use std::fmt::Debug;

use alloy_primitives::{Address, B256};
use lst_registry::{LstRegistry, RegistryError};
use stylus_sdk::testing::TestVM;

use super::*;

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

    /// Replaces the oracle set and moves the block time to when the new set takes effect, for
    /// tests about what a new set does rather than about when it takes effect.
    #[track_caller]
    pub(crate) fn replace_oracle_set(&mut self, signers: Vec<Address>, threshold: u8) {
        let admin = self.reg.admin();
        self.by(admin)
            .set_oracle_set(signers, threshold)
            .expect("set_oracle_set");
        let effective = self.reg.oracle_set().next_at.max(self.now());
        self.at(effective);
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

/// Code standing for a deployed EVM contract: the registry only asks whether an account has
/// code, never runs it.
pub(crate) const EVM_CODE: [u8; 3] = [0x60, 0x00, 0x00];

/// A VM in which the views program [`VIEWS`] and the admin program [`ADMIN_PROGRAM`] hold
/// code, as on chain before the registry's deployment (off chain the registry serves its
/// views and the admin's functions in process: `router::dispatch`), and so do the staking
/// contracts of LSTs A to D, which pairing requires. Family LSTs
/// ([`nth_lst`](super::data::nth_lst)) have no staking contract deployed.
pub(crate) fn test_vm() -> TestVM {
    let vm = TestVM::default();
    vm.set_code(VIEWS, vec![0xEF, 0xF0, 0x00, 0x00]);
    vm.set_code(ADMIN_PROGRAM, vec![0xEF, 0xF0, 0x00, 0x00]);
    for staking in [STAKING_A, STAKING_B, STAKING_C, STAKING_D] {
        vm.set_code(staking, EVM_CODE.to_vec());
    }
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
    reg.constructor(ADMIN, VIEWS, ADMIN_PROGRAM)
        .expect("constructor");
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
