//! The arguments actions choose from: time warps, attestation windows, oracle-set delays,
//! accounts, amounts, signature counts, submissions, Snapshot spaces and URIs.

use super::*;

pub(super) const WARPS: [u64; 7] = [1, 59, 3_600, 86_400, 3 * 86_400, 8 * 86_400, 15 * 86_400];

/// The attestation windows `setVoteRules` is given: valid ones (the default, the bounds,
/// a few days) and the bounds ± 1, zero, u32::MAX.
pub(super) const WINDOWS: [u32; 10] = [
    DEFAULT_WINDOW,
    86_400,
    7_776_000,
    2 * 86_400,
    3 * 86_400,
    86_400,
    86_399,
    7_776_001,
    0,
    u32::MAX,
];

/// The delays `setOracleSetDelay` is given: valid ones (the default, the bounds, a few
/// days) and the bounds ± 1, zero, u32::MAX.
pub(super) const DELAYS: [u32; 9] = [
    DEFAULT_ORACLE_DELAY,
    86_400,
    2_592_000,
    3 * 86_400,
    86_401,
    86_399,
    2_592_001,
    0,
    u32::MAX,
];

/// A numbered account (`kind` "applicant" or "staking"): more LSTs than the cast holds.
pub(super) fn numbered(kind: &str, n: u64) -> Address {
    Address::from_slice(&keccak256(format!("adv numbered {kind} {n}"))[12..])
}

/// The staking contract of a caller's own LST (submission variant 15).
pub(super) fn own_staking(caller: Address) -> Address {
    Address::from_slice(&keccak256(format!("adv staking contract of {caller}"))[12..])
}
pub(super) const LSTS: [&str; 3] = ["Artemis", "Enki Protocol", "Nova LST"];

pub(super) fn amount_max() -> U256 {
    U256::from(MAX_AMOUNT)
}

/// The tallies the oracles attest (For, Against, Abstain, voters).
pub(super) fn counts_choice(i: u8) -> Counts {
    let m = |n: u128| metis(n);
    match i % 10 {
        0 => Counts::new(m(300_000), m(10_000), m(1_000), 700),
        1 => Counts::new(m(25_000), m(1_000), U256::ZERO, 600),
        2 => Counts::new(m(120_000), U256::ZERO, U256::ZERO, 501),
        3 => Counts::new(m(1_000), U256::ZERO, U256::ZERO, 1_000),
        4 => Counts::new(m(100_000), U256::ZERO, U256::ZERO, 10),
        5 => Counts::new(m(50_000), m(50_000), U256::ZERO, 900),
        6 => Counts::new(U256::ZERO, U256::ZERO, U256::ZERO, 0),
        7 => Counts::new(amount_max(), U256::ZERO, U256::ZERO, u32::MAX),
        8 => Counts::new(amount_max() + U256::from(1), U256::ZERO, U256::ZERO, 1),
        _ => Counts::new(m(1_000), m(2_000), U256::MAX, 5),
    }
}

pub(super) fn long(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

/// The submission of LST `lst` from its applicant for its Snapshot proposal number `nonce`
/// in `space` (the program's), in variant `v` (0–5 valid but 3, a 64-byte space that is the
/// program's only if it was set to it; then each input rule broken once).
pub(super) fn submission(lst: u8, v: u8, space: &str, nonce: u64) -> I::submitApplicationCall {
    let c = cast();
    let i = (lst % 3) as usize;
    let name = LSTS[i];
    let mut call = I::submitApplicationCall {
        name: name.to_string(),
        metadataUri: format!(
            "ipfs://{}/bafkreiapplicationdocument{:0>48}",
            name.to_lowercase().replace(' ', ""),
            i
        ),
        contentHash: keccak256(format!("document of {name}")),
        snapshotSpace: space.to_string(),
        snapshotProposal: keccak256(format!("proposal {nonce} of {name}")),
        stakingContract: c.staking[i].address,
    };
    // variant 15: the caller's own staking contract (set in `plan`, the caller known)
    match v % 16 {
        1 => call.name = long('n', 64),
        2 => call.metadataUri = long('u', 256),
        3 => call.snapshotSpace = long('s', 64),
        4 => call.name = "Ståking ⚡ LST".to_string(),
        5 => call.stakingContract = c.staking[(i + 1) % 3].address,
        6 => call.name = String::new(),
        7 => call.name = long('n', 65),
        8 => call.metadataUri = long('u', 257),
        9 => call.metadataUri = String::new(),
        10 => call.snapshotSpace = long('s', 65),
        11 => call.snapshotSpace = String::new(),
        12 => call.contentHash = B256::ZERO,
        13 => call.snapshotProposal = B256::ZERO,
        14 => call.stakingContract = Address::ZERO,
        _ => {}
    }
    call
}

/// The Snapshot spaces the admin sets (`setSnapshotSpace`): valid ones (1 to 64 bytes,
/// UTF-8 included) and invalid lengths; `current` is the program's space now.
pub(super) fn space_choice(k: u8, current: &str) -> String {
    match k % 10 {
        0 => DEFAULT_SPACE.to_string(),
        1 => "lst.metis.eth".to_string(),
        2 => "x".to_string(),
        3 => long('s', 64),
        4 => long('s', 32),
        5 => long('s', 33),
        6 => String::new(),
        7 => long('s', 65),
        8 => "métis⚡.eth".to_string(),
        _ => current.to_string(),
    }
}

/// The spaces an application names in `SubmitSpace`: near misses of the program's space,
/// other spaces, and the ones the admin may set (so the program's own comes up too).
pub(super) fn other_space(k: u8, current: &str) -> String {
    match k % 12 {
        0 => "Metislayer2.eth".to_string(),
        1 => "metislayer2.eth ".to_string(),
        2 => " metislayer2.eth".to_string(),
        3 => "metislayer2.eth\0".to_string(),
        4 => "attacker.eth".to_string(),
        5 => current.to_uppercase(),
        6 => format!("{current}."),
        k => space_choice(k, current),
    }
}

pub(super) fn uri_choice(v: u8, normal: &str) -> String {
    match v % 8 {
        0 | 1 | 6 | 7 => normal.to_string(),
        2 => "x".to_string(),
        3 => long('u', 256),
        4 => long('u', 257),
        _ => String::new(),
    }
}
