//! Amounts and time, the program's data (LSTs, votes), the ids the staged fixtures create and
//! the program's codes.

use std::fmt::Debug;

use alloy_primitives::{b256, Address, B256, U256};

use super::*;

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
    pub(crate) const VIEWS_PROGRAM: u8 = 13;
    pub(crate) const ADMIN_PROGRAM: u8 = 14;
}

/// Phases.
pub(crate) mod phase {
    pub(crate) const ALPHA: u8 = 0;
    pub(crate) const THROUGHPUT: u8 = 1;
    pub(crate) const MAIN_LAUNCH: u8 = 2;
    pub(crate) const OPEN_ACCESS: u8 = 3;
}
