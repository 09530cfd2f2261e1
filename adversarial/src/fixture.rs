//! A populated registry, built once per test binary by plain transactions (each must
//! succeed), then forked per test:
//!
//! * admin = Admin, guardian = Guardian, pending admin = Stranger 2 (transfer started);
//! * oracle set: oracles 1–3, threshold 2 (epoch 1);
//! * nodes 1–3 (operators 1–3, sequencer signers 1–3);
//! * round 1 finalised: applications 1 (Applicant 1) and 2 (Applicant 2) qualified;
//! * node 1 paired with application 1 (pairing 1), cap 60,000 METIS, 20,000 reported by
//!   Staking contract 1 (for pairing 1);
//! * round 2 open for a week: application 3 (Applicant 3) pending.

use std::sync::OnceLock;

use alloy_primitives::{keccak256, Address, Bytes, U256};
use alloy_sol_types::SolCall;

use crate::cast::cast;
use crate::chain::{classify, show_error, Harness, Outcome};
use crate::sign::{self, Counts, Subject};
use crate::{metis, I};

/// The Snapshot space of every fixture application.
pub const SPACE: &str = "metislayer2.eth";
/// Deadline of round 2 (a week after the devnet's first block).
pub const ROUND_2_DEADLINE: u64 = stylus_devnet::DEFAULT_TIMESTAMP + 7 * 86_400;

/// The submission of applicant `i` (0-based).
pub fn submission(i: usize) -> I::submitApplicationCall {
    let name = ["Artemis", "Enki Protocol", "Nova LST"][i % 3];
    I::submitApplicationCall {
        name: name.to_string(),
        metadataUri: format!("ipfs://application-{i}/document.json"),
        contentHash: keccak256(format!("document of {name}")),
        snapshotSpace: SPACE.to_string(),
        snapshotProposal: keccak256(format!("proposal of {name}")),
        stakingContract: cast().staking[i % 3].address,
    }
}

/// Applicant `i`'s submission (0-based) backed by another Snapshot proposal, named by `tag`:
/// a proposal backs one application only, so applying again takes a new one.
pub fn resubmission(i: usize, tag: &str) -> I::submitApplicationCall {
    let call = submission(i);
    I::submitApplicationCall {
        snapshotProposal: keccak256(format!("proposal of {}, {tag}", call.name)),
        ..call
    }
}

/// What the oracles sign for application `id` of `round`, submitted by applicant `i`.
pub fn subject(round: u64, id: u64, i: usize) -> Subject {
    subject_of(round, id, cast().applicants[i % 3].address, &submission(i))
}

/// What the oracles sign for application `id` of `round`, made by `applicant` with `call`.
pub fn subject_of(
    round: u64,
    id: u64,
    applicant: Address,
    call: &I::submitApplicationCall,
) -> Subject {
    Subject {
        round,
        application: id,
        applicant,
        staking: call.stakingContract,
        content_hash: call.contentHash,
        space: call.snapshotSpace.clone(),
        proposal: call.snapshotProposal,
    }
}

/// A passing tally (300,000 For, 10,000 Against, 1,000 Abstain, 700 voters) minus `n` METIS of For.
pub fn passing(n: u128) -> Counts {
    Counts::new(metis(300_000 - n), metis(10_000), metis(1_000), 700)
}

/// The `attestTally` call for `counts` with `signatures`.
pub fn attest(id: u64, counts: &Counts, signatures: Vec<u8>) -> I::attestTallyCall {
    I::attestTallyCall {
        applicationId: id,
        forVotes: counts.for_votes,
        againstVotes: counts.against_votes,
        abstainVotes: counts.abstain_votes,
        voters: counts.voters,
        signatures: Bytes::from(signatures),
    }
}

/// Sends `call` from `from`; it must succeed.
pub fn ok<C: SolCall>(h: &mut Harness, from: Address, call: &C) -> Vec<u8> {
    let receipt = h.send(from, &call.abi_encode());
    match classify(&receipt) {
        Ok(Outcome::Returned(data)) => data,
        Ok(Outcome::Reverted(e)) => panic!("{} reverted with {}", C::SIGNATURE, show_error(&e)),
        Err(e) => panic!("{}: {e}", C::SIGNATURE),
    }
}

/// The signatures of oracles `members` (0-based) over the tally of `subject`, sorted, on
/// the harness's chain and registry, under `epoch`.
pub fn signatures(
    h: &Harness,
    subject: &Subject,
    counts: &Counts,
    epoch: u32,
    members: &[usize],
) -> Vec<u8> {
    let digest = sign::digest(h.net.chain_id(), h.registry, subject, counts, epoch);
    let oracles: Vec<_> = members.iter().map(|i| &cast().oracles[*i]).collect();
    sign::sorted_bundle(&oracles, digest)
}

/// Builds the fixture on `h` (a fresh deployment).
pub fn populate(h: &mut Harness) {
    let c = cast();
    let admin = c.admin.address;
    ok(
        h,
        admin,
        &I::setGuardianCall {
            newGuardian: c.guardian.address,
        },
    );
    let mut set: Vec<Address> = c.oracles[..3].iter().map(|o| o.address()).collect();
    set.sort();
    ok(
        h,
        admin,
        &I::setOracleSetCall {
            signers: set,
            threshold: 2,
        },
    );
    for i in 0..3 {
        ok(
            h,
            admin,
            &I::registerNodeCall {
                operator: c.operators[i].address,
                sequencerSigner: c.signers[i].address,
                metadataUri: format!("https://seq.metis.io/node-{}", i + 1),
            },
        );
    }
    let now = h.net.timestamp();
    ok(
        h,
        admin,
        &I::openRoundCall {
            slots: 2,
            deadline: now + 86_400,
        },
    );
    for i in 0..2 {
        ok(h, c.applicants[i].address, &submission(i));
    }
    ok(h, admin, &I::closeRoundCall { roundId: 1 });
    for (i, id) in [(0usize, 1u64), (1, 2)] {
        let counts = passing(i as u128 * 1_000);
        let sigs = signatures(h, &subject(1, id, i), &counts, 1, &[0, 1]);
        ok(h, c.strangers[0].address, &attest(id, &counts, sigs));
    }
    ok(
        h,
        c.strangers[0].address,
        &I::finaliseRoundCall { roundId: 1 },
    );
    ok(
        h,
        c.operators[0].address,
        &I::pairCall {
            nodeId: 1,
            applicationId: 1,
            stakeCap: metis(60_000),
            announcementUri: "https://forum.metis.io/t/node-1".into(),
        },
    );
    ok(
        h,
        c.staking[0].address,
        &I::reportStakeCall {
            pairingId: 1,
            stake: metis(20_000),
        },
    );
    ok(
        h,
        admin,
        &I::openRoundCall {
            slots: 2,
            deadline: ROUND_2_DEADLINE,
        },
    );
    ok(h, c.applicants[2].address, &submission(2));
    ok(
        h,
        admin,
        &I::transferAdminCall {
            newAdmin: c.strangers[1].address,
        },
    );
}

/// The populated registry (see the module docs), built once, forked per call.
pub fn populated() -> Harness {
    static POPULATED: OnceLock<Harness> = OnceLock::new();
    POPULATED
        .get_or_init(|| {
            let mut h = Harness::deployed();
            populate(&mut h);
            h
        })
        .clone()
}

/// `U256` of a u64, for error arguments.
pub fn u(n: u64) -> U256 {
    U256::from(n)
}
